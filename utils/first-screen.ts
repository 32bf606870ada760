/**
 * A copy of the composer's first screen in the pages' localStorage, which a page can read
 * synchronously. Opening IndexedDB costs a new page about 15–20 ms on this machine, a third of the
 * time a blank page takes to open, so the popup paints from this copy and checks it against
 * IndexedDB (the source of truth) a moment later (components/Composer.tsx, `adopt`).
 *
 * The copy holds no token and nothing a web page can reach: extension pages alone share this
 * origin's storage. Only the popup writes its draft, and only a draft without images (blobs stay
 * in IndexedDB); whatever else changes the current draft, or edits it in another page, forgets the
 * copy's draft first, so the next popup reads IndexedDB instead. So the copy's draft is never behind
 * IndexedDB; it can be ahead (a popup's last edits still on their way to disk), and the composer
 * keeps it then (`adopt` in components/Composer.tsx).
 */
import type { Account, Draft } from './db';

const KEY = 'everywhere-post/first-screen/v1';

export interface FirstScreen {
  /** The current draft, or null when the copy cannot show it (it has images, or it changed). */
  draft: Draft | null;
  accounts: Account[];
  selected: string[];
  requireAltText: boolean;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Storage can be switched off; the composer then waits for IndexedDB, as before.
    return undefined;
  }
}

function isFirstScreen(value: unknown): value is FirstScreen {
  const copy = value as FirstScreen | null;
  return (
    typeof copy === 'object' &&
    copy !== null &&
    Array.isArray(copy.accounts) &&
    Array.isArray(copy.selected) &&
    typeof copy.requireAltText === 'boolean' &&
    (copy.draft === null || (typeof copy.draft === 'object' && typeof copy.draft.id === 'string' && typeof copy.draft.text === 'string'))
  );
}

export function readFirstScreen(): FirstScreen | undefined {
  try {
    const copy: unknown = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    return isFirstScreen(copy) ? copy : undefined;
  } catch {
    return undefined;
  }
}

export function rememberFirstScreen(copy: FirstScreen): void {
  try {
    const store = storage();
    const text = JSON.stringify(copy);
    // The pages re-read accounts every few seconds: most writes would change nothing.
    if (store && store.getItem(KEY) !== text) store.setItem(KEY, text);
  } catch {
    // Full or switched off. An older copy must not stay behind (it would be trusted as the latest
    // words of its draft): drop it, and the next popup reads IndexedDB instead.
    try {
      storage()?.removeItem(KEY);
    } catch {
      // Storage is switched off altogether: there is no copy to mislead anyone.
    }
  }
}

/** Update parts of the copy that another page knows better (the accounts, from the options page). */
export function updateFirstScreen(patch: Partial<FirstScreen>): void {
  const copy = readFirstScreen();
  if (copy) rememberFirstScreen({ ...copy, ...patch });
}

/** Called before anything changes which draft is current, so no page paints a draft that is not. */
export function forgetFirstScreenDraft(): void {
  if (readFirstScreen()?.draft) updateFirstScreen({ draft: null });
}
