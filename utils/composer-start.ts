/**
 * What the composer shows first, read before it renders: the page starts this read as its script
 * loads and renders the composer once, complete, when it arrives. So the text box appears with the
 * draft in it, and nothing can be typed into a draft that is not yet known.
 */
import { byLinkedAt } from './accounts';
import { db } from './db';
import { draftMedia, startNewDraft } from './drafts';
import type { Account, Draft, MediaItem } from './model';
import { t } from './i18n';
import { readSetting } from './settings';

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

/** One read-only transaction over everything the first screen needs: one round trip, not five. */
function readOnce(): Promise<ComposerStart | undefined> {
  return db.transaction('r', [db.settings, db.drafts, db.media, db.accounts], async () => {
    const [currentId, selected, requireAltText, accounts] = await Promise.all([
      readSetting('currentDraftId'),
      readSetting('lastDestinations'),
      readSetting('requireAltText'),
      db.accounts.toArray(),
    ]);
    if (!currentId) return undefined;
    // The draft and its images side by side: one round trip, not two.
    const [draft, media] = await Promise.all([db.drafts.get(currentId), draftMedia(currentId)]);
    if (!draft) return undefined;
    return { draft, media, accounts: accounts.sort(byLinkedAt), selected, requireAltText };
  });
}

/** Read the composer's first screen; with no current draft yet, start one (and read again). */
export async function readComposerStart(): Promise<ComposerStart> {
  const start = await readOnce();
  if (start) return start;
  await startNewDraft();
  const fresh = await readOnce();
  if (!fresh) throw new Error(t('errorDraftMissing'));
  return fresh;
}
