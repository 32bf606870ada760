import { useCallback, useEffect, useRef } from 'preact/hooks';
import { applyDraftEdits } from '../utils/drafts';
import { sendMessage } from '../utils/messages';
import type { DraftEdits } from '../utils/model';

/** Typing pauses this long before the draft is written (and always when the page is hidden). */
export const AUTOSAVE_DELAY_MS = 300;

export interface Autosave {
  /** Queue changes to a draft's fields. */
  edit(draftId: string, fields: DraftEdits['fields']): void;
  /** Queue an image's new description. */
  editAlt(draftId: string, mediaId: string, alt: string): void;
  /** Write what is queued, after any write already under way; resolves when all of it is on disk,
   *  rejects (keeping what failed queued) if some of it could not be written. */
  flush(): Promise<void>;
}

/** `later` over `earlier`: the newer value of each field wins. */
function merged(earlier: DraftEdits, later: DraftEdits): DraftEdits {
  return { draftId: later.draftId, fields: { ...earlier.fields, ...later.fields }, alts: { ...earlier.alts, ...later.alts } };
}

/**
 * Edits are batched per draft and written after a pause in typing, and at once when the page is
 * hidden or closed. Writes go one after another, so a later one never lands before an earlier one,
 * and a flush resolves only once everything queued before it is on disk.
 *
 * A closing popup can be torn down before its write commits, and such a write neither succeeds nor
 * fails: so on closing, every edit not yet known to be on disk (queued, or being written) also goes
 * to the service worker, which outlives the page (the 'draft.save' message). A write that fails
 * keeps its edits queued for the next write.
 */
export function useAutosave(onFailure: (error: unknown) => void): Autosave {
  const queued = useRef(new Map<string, DraftEdits>());
  /** Batches taken for writing whose write has not committed yet, oldest first. */
  const unsaved = useRef<DraftEdits[]>([]);
  const writing = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const failed = useRef(onFailure);
  failed.current = onFailure;

  const write = async (edits: DraftEdits) => {
    try {
      await applyDraftEdits(edits);
    } catch (error) {
      const since = queued.current.get(edits.draftId);
      queued.current.set(edits.draftId, since ? merged(edits, since) : edits);
      throw error;
    } finally {
      unsaved.current = unsaved.current.filter((entry) => entry !== edits);
    }
  };

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    // Each flush takes what is queued when its turn comes, after the writes before it have settled:
    // edits a failed write put back are then taken with (and under) everything typed since.
    const done = writing.current.then(async () => {
      const batch = [...queued.current.values()];
      queued.current = new Map();
      unsaved.current.push(...batch);
      const results = await Promise.allSettled(batch.map(write));
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    });
    // The next flush waits for this one, whether it succeeds or not.
    writing.current = done.catch(() => undefined);
    return done;
  }, []);

  const queue = useCallback(
    (draftId: string, change: (edits: DraftEdits) => void) => {
      const edits = queued.current.get(draftId) ?? { draftId, fields: {}, alts: {} };
      change(edits);
      queued.current.set(draftId, edits);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush().catch((error: unknown) => failed.current(error)), AUTOSAVE_DELAY_MS);
    },
    [flush],
  );

  useEffect(() => {
    const onHide = () => {
      const notOnDisk = new Map<string, DraftEdits>();
      for (const edits of [...unsaved.current, ...queued.current.values()]) {
        const earlier = notOnDisk.get(edits.draftId);
        notOnDisk.set(edits.draftId, earlier ? merged(earlier, edits) : edits);
      }
      for (const edits of notOnDisk.values()) void sendMessage('draft.save', edits).catch(() => undefined);
      // The worker has them too: a failure here loses nothing.
      void flush().catch(() => undefined);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') onHide();
    };
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      onHide();
    };
  }, [flush]);

  return {
    edit: (draftId, fields) => queue(draftId, (edits) => Object.assign(edits.fields, fields)),
    editAlt: (draftId, mediaId, alt) => queue(draftId, (edits) => void (edits.alts[mediaId] = alt)),
    flush,
  };
}
