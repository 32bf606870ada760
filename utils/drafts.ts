/** Drafts and their images, as the composer and the drafts list use them. */
import { db, getSetting, newId, putSetting, type Draft, type MediaItem, type Visibility } from './db';
import { uiLanguage } from './i18n';

export const CURRENT_DRAFT_KEY = 'currentDraftId';

export function emptyDraft(visibility: Visibility = 'public'): Draft {
  const now = Date.now();
  return { id: newId(), text: '', spoilerText: '', visibility, language: uiLanguage(), createdAt: now, updatedAt: now };
}

/** The draft the composer shows: the current one if it still exists, else a new empty one. */
export async function openCurrentDraft(): Promise<Draft> {
  const currentId = await getSetting<string | null>(CURRENT_DRAFT_KEY, null);
  if (currentId) {
    const draft = await db.drafts.get(currentId);
    if (draft) return draft;
  }
  return startNewDraft();
}

export async function startNewDraft(): Promise<Draft> {
  const draft = emptyDraft(await getSetting<Visibility>('defaultVisibility', 'public'));
  await db.transaction('rw', db.drafts, db.settings, async () => {
    await db.drafts.add(draft);
    await putSetting(CURRENT_DRAFT_KEY, draft.id);
  });
  return draft;
}

export async function makeCurrent(draftId: string): Promise<void> {
  await putSetting(CURRENT_DRAFT_KEY, draftId);
}

/** Edits not yet on disk: the composer batches keystrokes and writes them after a pause. */
export interface PendingDraftChanges {
  draftId: string;
  fields: Partial<Pick<Draft, 'text' | 'spoilerText' | 'visibility' | 'language' | 'contentLabel' | 'thread' | 'numbering'>>;
  /** Alt texts by media id. */
  alts: Record<string, string>;
}

export async function applyDraftChanges(changes: PendingDraftChanges): Promise<void> {
  await db.transaction('rw', db.drafts, db.media, async () => {
    await db.drafts.update(changes.draftId, { ...changes.fields, updatedAt: Date.now() });
    for (const [mediaId, alt] of Object.entries(changes.alts)) await db.media.update(mediaId, { alt });
  });
}

export async function saveDraft(id: string, changes: Partial<Omit<Draft, 'id' | 'createdAt'>>): Promise<void> {
  await db.drafts.update(id, { ...changes, updatedAt: Date.now() });
}

export function draftMedia(draftId: string): Promise<MediaItem[]> {
  return db.media.where('draftId').equals(draftId).sortBy('position');
}

export async function addImages(draftId: string, files: readonly File[]): Promise<void> {
  const existing = await draftMedia(draftId);
  let position = existing.reduce((max, item) => Math.max(max, item.position + 1), 0);
  const now = Date.now();
  await db.media.bulkAdd(
    files.map((file) => ({
      id: newId(),
      draftId,
      postId: null,
      position: position++,
      blob: file,
      name: file.name || 'image',
      type: file.type,
      size: file.size,
      alt: '',
      createdAt: now,
    })),
  );
  await db.drafts.update(draftId, { updatedAt: now });
}

export async function removeImage(mediaId: string): Promise<void> {
  await db.media.delete(mediaId);
}

export async function duplicateDraft(draftId: string): Promise<string> {
  const copyId = newId();
  await db.transaction('rw', db.drafts, db.media, async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) return;
    const now = Date.now();
    await db.drafts.add({ ...draft, id: copyId, createdAt: now, updatedAt: now });
    const media = await draftMedia(draftId);
    await db.media.bulkAdd(media.map((item) => ({ ...item, id: newId(), draftId: copyId })));
  });
  return copyId;
}

export interface DeletedDraft {
  draft: Draft;
  media: MediaItem[];
}

/** Delete a draft and keep what is needed to undo it. */
export async function deleteDraft(draftId: string): Promise<DeletedDraft | undefined> {
  return db.transaction('rw', db.drafts, db.media, async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) return undefined;
    const media = await draftMedia(draftId);
    await db.media.bulkDelete(media.map((item) => item.id));
    await db.drafts.delete(draftId);
    return { draft, media };
  });
}

export async function restoreDraft(deleted: DeletedDraft): Promise<void> {
  await db.transaction('rw', db.drafts, db.media, async () => {
    await db.drafts.put(deleted.draft);
    await db.media.bulkPut(deleted.media);
  });
}

/** Newest first; with a query, drafts whose text or content warning contains it (any case). */
export async function searchDrafts(query: string, limit = 50): Promise<Draft[]> {
  const needle = query.trim().toLocaleLowerCase();
  const collection = db.drafts.orderBy('updatedAt').reverse();
  const nonEmpty = (draft: Draft) => draft.text.trim() !== '' || draft.spoilerText.trim() !== '';
  const matching = needle
    ? collection.filter(
        (draft) =>
          draft.text.toLocaleLowerCase().includes(needle) || draft.spoilerText.toLocaleLowerCase().includes(needle),
      )
    : collection.filter(nonEmpty);
  return matching.limit(limit).toArray();
}
