/**
 * What the composer shows first, read before it renders: a page script starts this read as it loads
 * and renders the composer once, complete, when it arrives — not an empty shell that fills in later.
 * The popup, which must be ready to type in about as fast as a blank page opens (issue 4), paints
 * from the page copy (utils/first-screen) when there is one and checks it against this read.
 */
import type { Account, Draft, MediaItem } from './db';
import { byPosition, CURRENT_DRAFT_KEY, startNewDraft } from './drafts';
import { readFirstScreen } from './first-screen';
import { completion, getAllRows, openDatabase, type StoreName } from './idb';
import { sendMessage } from './messages';

export interface ComposerStart {
  draft: Draft;
  /** The draft's images, in order. */
  media: MediaItem[];
  /** Linked accounts, oldest link first. */
  accounts: Account[];
  /** The destinations chosen last time. */
  selected: string[];
  requireAltText: boolean;
}

const byLinkedAt = (a: Account, b: Account) => a.linkedAt - b.linkedAt;

/** Linked accounts, oldest link first, as the composer and the accounts panel list them. */
export async function readAccounts(): Promise<Account[]> {
  return (await getAllRows<Account>('accounts')).sort(byLinkedAt);
}

/**
 * One read-only transaction over everything the first screen needs: one database round trip rather
 * than one per setting, draft, image list and account list.
 */
async function readOnce(): Promise<ComposerStart | { draft: undefined }> {
  const database = await openDatabase();
  const stores: StoreName[] = ['settings', 'drafts', 'media', 'accounts'];
  const tx = database.transaction(stores);
  const settings = tx.objectStore('settings');
  const done = completion(tx);
  const found: Partial<Record<'selected' | 'requireAltText' | 'draft' | 'media' | 'accounts', unknown>> = {};
  const keep = (request: IDBRequest, name: keyof typeof found) => {
    request.onsuccess = () => (found[name] = request.result);
  };
  // The current draft's id first; its draft and images are read in the same transaction.
  const current = settings.get(CURRENT_DRAFT_KEY);
  current.onsuccess = () => {
    const draftId = (current.result as { value?: unknown } | undefined)?.value;
    if (typeof draftId !== 'string') return;
    keep(tx.objectStore('drafts').get(draftId), 'draft');
    keep(tx.objectStore('media').index('draftId').getAll(draftId), 'media');
  };
  keep(settings.get('lastDestinations'), 'selected');
  keep(settings.get('requireAltText'), 'requireAltText');
  keep(tx.objectStore('accounts').getAll(), 'accounts');
  await done;
  const setting = <T>(name: keyof typeof found, fallback: T): T => (found[name] as { value: T } | undefined)?.value ?? fallback;
  const draft = found.draft as Draft | undefined;
  if (!draft) return { draft: undefined };
  return {
    draft,
    media: ((found.media as MediaItem[] | undefined) ?? []).sort(byPosition),
    accounts: ((found.accounts as Account[] | undefined) ?? []).sort(byLinkedAt),
    selected: setting<string[]>('selected', []),
    requireAltText: setting('requireAltText', false),
  };
}

/** Read the composer's first screen; with no current draft yet, start one (and read again). */
export async function readComposerStart(): Promise<ComposerStart> {
  let start: Awaited<ReturnType<typeof readOnce>>;
  try {
    start = await readOnce();
  } catch {
    // On a fresh install the background may not have created the database yet: wake it, then retry.
    await sendMessage('outbox.wake', {});
    start = await readOnce();
  }
  if (start.draft) return start;
  await startNewDraft();
  const fresh = await readOnce();
  if (!fresh.draft) throw new Error('The new draft could not be read back.');
  return fresh;
}

export interface ComposerOpening {
  /** What the page copy (utils/first-screen) says, to paint at once; absent when it cannot say. */
  early?: ComposerStart;
  /** The same, read from IndexedDB: the composer checks `early` against it. */
  confirmed: Promise<ComposerStart>;
}

/** Start reading the composer's first screen: at once from the page copy if it can, and from IndexedDB. */
export function openComposer(): ComposerOpening {
  const copy = readFirstScreen();
  const confirmed = readComposerStart();
  if (!copy?.draft) return { confirmed };
  return { early: { draft: copy.draft, media: [], accounts: copy.accounts, selected: copy.selected, requireAltText: copy.requireAltText }, confirmed };
}
