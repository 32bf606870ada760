/**
 * Drafts and their images, as the composer and the drafts list use them. Raw IndexedDB (utils/idb)
 * so the popup loads no Dexie.
 */
import type { Draft, MediaItem, Visibility } from './db';
import { getRow, getRowsBy, newestMatching, openDatabase, write } from './idb';
import { wordsOf } from './text/words';
import { uiLanguage } from './i18n';
import { readSetting } from './settings';
import { forgetFirstScreenDraft, readFirstScreen } from './first-screen';

export const CURRENT_DRAFT_KEY = 'currentDraftId';

const newId = () => crypto.randomUUID();

export function emptyDraft(visibility: Visibility = 'public'): Draft {
  const now = Date.now();
  return { id: newId(), text: '', spoilerText: '', visibility, language: uiLanguage(), createdAt: now, updatedAt: now, words: [] };
}

/** The draft with `changes` applied and its search words brought up to date. */
export function withChanges(draft: Draft, changes: Partial<Draft>, now = Date.now()): Draft {
  const next = { ...draft, ...changes, updatedAt: now };
  return { ...next, words: wordsOf(next.text, next.spoilerText) };
}

/** The draft the composer shows: the current one if it still exists, else a new empty one. */
export async function openCurrentDraft(): Promise<Draft> {
  const currentId = await readSetting<string | null>(CURRENT_DRAFT_KEY, null);
  if (currentId) {
    const draft = await getRow<Draft>('drafts', currentId);
    if (draft) return draft;
  }
  return startNewDraft();
}

export async function startNewDraft(): Promise<Draft> {
  forgetFirstScreenDraft();
  const draft = emptyDraft(await readSetting<Visibility>('defaultVisibility', 'public'));
  await write(['drafts', 'settings'], (tx) => {
    tx.objectStore('drafts').add(draft);
    tx.objectStore('settings').put({ key: CURRENT_DRAFT_KEY, value: draft.id });
  });
  return draft;
}

export async function makeCurrent(draftId: string): Promise<void> {
  forgetFirstScreenDraft();
  await write(['settings'], (tx) => tx.objectStore('settings').put({ key: CURRENT_DRAFT_KEY, value: draftId }));
}

/**
 * Keep what is on screen as a new draft and make it the current one. For a popup that painted a
 * draft from its page copy (utils/first-screen), was typed in, and then heard from IndexedDB that
 * another draft is current: the person's words are kept, and the current draft stays in the list as
 * it was. A new id, so a draft that was published or deleted meanwhile never comes back as itself.
 */
export async function keepAsNewDraft(onScreen: Draft): Promise<Draft> {
  const now = Date.now();
  const draft = withChanges(onScreen, { id: newId(), createdAt: now }, now);
  await write(['drafts', 'settings'], (tx) => {
    tx.objectStore('drafts').add(draft);
    tx.objectStore('settings').put({ key: CURRENT_DRAFT_KEY, value: draft.id });
  });
  return draft;
}

/** The fields a person edits in the composer. */
export const EDITABLE_FIELDS = ['text', 'spoilerText', 'visibility', 'language', 'contentLabel', 'thread', 'numbering'] as const;
export type EditableFields = Pick<Draft, (typeof EDITABLE_FIELDS)[number]>;

/** The edited fields in which `draft` differs from `other` (another version of it), with `draft`'s values. */
export function editsBetween(draft: Draft, other: Draft): Partial<EditableFields> {
  const edits: Partial<EditableFields> = {};
  for (const field of EDITABLE_FIELDS) {
    if ((draft[field] ?? null) !== (other[field] ?? null)) Object.assign(edits, { [field]: draft[field] });
  }
  return edits;
}

/** Edits not yet on disk: the composer batches keystrokes and writes them after a pause. */
export interface PendingDraftChanges {
  draftId: string;
  fields: Partial<EditableFields>;
  /** Alt texts by media id. */
  alts: Record<string, string>;
}

/** Change rows in place inside `tx` (get, then put the changed row). */
function patch<T>(tx: IDBTransaction, store: 'drafts' | 'media', key: string, change: (row: T) => T): void {
  const objects = tx.objectStore(store);
  const get = objects.get(key);
  get.onsuccess = () => {
    if (get.result !== undefined) objects.put(change(get.result as T));
  };
}

export async function applyDraftChanges(changes: PendingDraftChanges): Promise<void> {
  const now = Date.now();
  await write(['drafts', 'media'], (tx) => {
    patch<Draft>(tx, 'drafts', changes.draftId, (draft) => withChanges(draft, changes.fields, now));
    for (const [mediaId, alt] of Object.entries(changes.alts)) patch<MediaItem>(tx, 'media', mediaId, (item) => ({ ...item, alt }));
  });
}

/** A draft's images in the order the person arranged them. */
export const byPosition = (a: MediaItem, b: MediaItem) => a.position - b.position;

export async function draftMedia(draftId: string): Promise<MediaItem[]> {
  return (await getRowsBy<MediaItem>('media', 'draftId', draftId)).sort(byPosition);
}

export async function addImages(draftId: string, files: readonly File[]): Promise<void> {
  const existing = await draftMedia(draftId);
  let position = existing.reduce((max, item) => Math.max(max, item.position + 1), 0);
  const now = Date.now();
  await write(['media', 'drafts'], (tx) => {
    for (const file of files) {
      tx.objectStore('media').add({
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
      } satisfies MediaItem);
    }
    patch<Draft>(tx, 'drafts', draftId, (draft) => ({ ...draft, updatedAt: now }));
  });
}

export async function removeImage(mediaId: string): Promise<void> {
  await write(['media'], (tx) => tx.objectStore('media').delete(mediaId));
}

export async function duplicateDraft(draftId: string): Promise<string> {
  const copyId = newId();
  const draft = await getRow<Draft>('drafts', draftId);
  if (!draft) return copyId;
  const media = await draftMedia(draftId);
  const now = Date.now();
  await write(['drafts', 'media'], (tx) => {
    tx.objectStore('drafts').add(withChanges(draft, { id: copyId, createdAt: now }, now));
    for (const item of media) tx.objectStore('media').add({ ...item, id: newId(), draftId: copyId });
  });
  return copyId;
}

export interface DeletedDraft {
  draft: Draft;
  media: MediaItem[];
}

/** Delete a draft and keep what is needed to undo it. */
export async function deleteDraft(draftId: string): Promise<DeletedDraft | undefined> {
  if (readFirstScreen()?.draft?.id === draftId) forgetFirstScreenDraft();
  const draft = await getRow<Draft>('drafts', draftId);
  if (!draft) return undefined;
  const media = await draftMedia(draftId);
  await write(['drafts', 'media'], (tx) => {
    for (const item of media) tx.objectStore('media').delete(item.id);
    tx.objectStore('drafts').delete(draftId);
  });
  return { draft, media };
}

export async function restoreDraft(deleted: DeletedDraft): Promise<void> {
  await write(['drafts', 'media'], (tx) => {
    tx.objectStore('drafts').put(deleted.draft);
    for (const item of deleted.media) tx.objectStore('media').put(item);
  });
}

/**
 * Newest first. With a query: drafts having, for every word of the query, a word that starts with
 * it (any case) — found through the words index, so only matching drafts are read.
 */
export async function searchDrafts(query: string, limit = 50): Promise<Draft[]> {
  const wanted = wordsOf(query);
  if (wanted.length === 0) {
    return newestMatching<Draft>('drafts', 'updatedAt', (draft) => draft.text.trim() !== '' || draft.spoilerText.trim() !== '', limit);
  }
  // The longest word is usually the rarest: it selects the candidates, the others filter them.
  const [first, ...others] = [...wanted].sort((a, b) => b.length - a.length) as [string, ...string[]];
  const database = await openDatabase();
  const candidates = await new Promise<Draft[]>((resolve, reject) => {
    const request = database.transaction('drafts').objectStore('drafts').index('words').getAll(IDBKeyRange.bound(first, `${first}\uffff`));
    request.onsuccess = () => resolve(request.result as Draft[]);
    request.onerror = () => reject(request.error);
  });
  const unique = new Map(candidates.map((draft) => [draft.id, draft]));
  return [...unique.values()]
    .filter((draft) => others.every((word) => (draft.words ?? []).some((own) => own.startsWith(word))))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit);
}
