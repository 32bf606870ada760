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
  /** Write what is queued now; resolves when it is on disk, rejects (keeping it queued) if it could not be. */
  flush(): Promise<void>;
}

/** `later` over `earlier`: the newer value of each field wins. */
function merged(earlier: DraftEdits, later: DraftEdits): DraftEdits {
  return { draftId: later.draftId, fields: { ...earlier.fields, ...later.fields }, alts: { ...earlier.alts, ...later.alts } };
}

/**
 * Edits are batched per draft and written after a pause in typing, and at once when the page is
 * hidden or closed. A closing popup can be torn down before its own write commits, so its last edits
 * also go to the service worker, which outlives the page (the 'draft.save' message). A write that
 * fails keeps its edits queued: they go with the next write, or to the worker on closing.
 */
export function useAutosave(onFailure: (error: unknown) => void): Autosave {
  const pending = useRef(new Map<string, DraftEdits>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const failed = useRef(onFailure);
  failed.current = onFailure;

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const batch = [...pending.current.values()];
    pending.current = new Map();
    const results = await Promise.allSettled(batch.map((edits) => applyDraftEdits(edits)));
    let failure: unknown;
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      failure ??= result.reason;
      const edits = batch[index]!;
      const since = pending.current.get(edits.draftId);
      pending.current.set(edits.draftId, since ? merged(edits, since) : edits);
    });
    if (failure !== undefined) throw failure;
  }, []);

  const queue = useCallback(
    (draftId: string, change: (edits: DraftEdits) => void) => {
      const edits = pending.current.get(draftId) ?? { draftId, fields: {}, alts: {} };
      change(edits);
      pending.current.set(draftId, edits);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush().catch((error: unknown) => failed.current(error)), AUTOSAVE_DELAY_MS);
    },
    [flush],
  );

  useEffect(() => {
    const onHide = () => {
      for (const edits of pending.current.values()) void sendMessage('draft.save', edits).catch(() => undefined);
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
