/** Drafts and their images, as the composer, the drafts list and "Edit" use them (pages and worker). */
import { db, newId } from './db';
import { messageOf, t, uiLanguage } from './i18n';
import { readImage, type ImageFacts } from './media/readable-image';
import type { Draft, DraftEdits, MediaItem, Visibility } from './model';
import { readSetting, writeSetting } from './settings';
import { wordsOf } from './text/words';

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
  const currentId = await readSetting('currentDraftId');
  const draft = currentId ? await db.drafts.get(currentId) : undefined;
  return draft ?? startNewDraft();
}

/** A new empty draft, made the current one. */
export async function startNewDraft(): Promise<Draft> {
  const draft = emptyDraft(await readSetting('defaultVisibility'));
  await db.transaction('rw', [db.drafts, db.settings], async () => {
    await db.drafts.add(draft);
    await writeSetting('currentDraftId', draft.id);
  });
  return draft;
}

export async function makeCurrent(draftId: string): Promise<void> {
  await writeSetting('currentDraftId', draftId);
}

/**
 * Write edits the composer batched. A draft handed to the outbox meanwhile is gone, and its images
 * belong to the post: late edits (a closing popup's) change neither.
 */
export async function applyDraftEdits(edits: DraftEdits): Promise<void> {
  const now = Date.now();
  await db.transaction('rw', [db.drafts, db.media], async () => {
    const draft = await db.drafts.get(edits.draftId);
    if (draft) await db.drafts.put(withChanges(draft, edits.fields, now));
    const ids = Object.keys(edits.alts);
    if (ids.length === 0) return;
    await db.media
      .where('id')
      .anyOf(ids)
      .and((item) => item.draftId === edits.draftId)
      .modify((item) => {
        item.alt = edits.alts[item.id] ?? item.alt;
      });
  });
}

/** A draft's images in the order the person arranged them. */
export function draftMedia(draftId: string): Promise<MediaItem[]> {
  return db.media.where('draftId').equals(draftId).sortBy('position');
}

/** The media rows of `files` attached to `draftId` from `position` on. */
function mediaRows(draftId: string, files: readonly File[], sizes: readonly (ImageFacts | undefined)[], alts: readonly string[], position: number, now: number): MediaItem[] {
  return files.map((file, index) => ({
    ...sizes[index],
    id: newId(),
    draftId,
    postId: null,
    position: position + index,
    blob: file,
    name: file.name || 'image',
    type: file.type,
    size: file.size,
    alt: alts[index] ?? '',
    createdAt: now,
  }));
}

/** Attach images to a draft; `sizes` are what was read of them (readImage), in the same order. */
export async function addImages(draftId: string, files: readonly File[], sizes: readonly (ImageFacts | undefined)[] = []): Promise<void> {
  const now = Date.now();
  await db.transaction('rw', [db.media, db.drafts], async () => {
    // Images of a draft that is gone (published meanwhile) would be kept by nothing, shown nowhere.
    if (!(await db.drafts.get(draftId))) throw new Error(t('errorDraftMissing'));
    const existing = await draftMedia(draftId);
    const position = existing.reduce((max, item) => Math.max(max, item.position + 1), 0);
    await db.media.bulkAdd(mediaRows(draftId, files, sizes, [], position, now));
    await db.drafts.update(draftId, { updatedAt: now });
  });
}

/** Larger files no network takes, and reading them would hold the memory of several photos. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
/** 100 megapixels: far above any camera's photo; beyond it decoding alone takes gigabytes. */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Which of `files` the browser can open as images of a size it can handle, with their pixel sizes;
 * the others, in words for people. Attached files and images shared from a page alike.
 */
async function readableImages(files: readonly File[]): Promise<{ readable: File[]; sizes: ImageFacts[]; indexes: number[]; problems: string[] }> {
  const found = { readable: [] as File[], sizes: [] as ImageFacts[], indexes: [] as number[], problems: [] as string[] };
  for (const [index, file] of files.entries()) {
    const name = file.name || 'image';
    if (file.size > MAX_IMAGE_BYTES) {
      found.problems.push(t('errorImageFileTooLarge', name, MAX_IMAGE_BYTES / 1024 / 1024));
      continue;
    }
    const reading = await readImage(file, MAX_IMAGE_PIXELS);
    if ('tooManyPixels' in reading) {
      const { width, height } = reading.tooManyPixels;
      found.problems.push(t('errorImageTooManyPixels', name, `${width} × ${height}`));
    } else if ('image' in reading) {
      found.readable.push(file);
      found.sizes.push(reading.image);
      found.indexes.push(index);
    } else {
      found.problems.push(t('errorImageUnreadable', name));
    }
  }
  return found;
}

/**
 * A new draft, made the current one, with `content` and images (read first, as attached files are,
 * each with its alt text): what sharing from a page starts. The problems with the images, in words.
 */
export async function startDraftWith(
  content: Partial<Pick<Draft, 'text' | 'linkPreview' | 'notice'>>,
  images: readonly { file: File; alt: string }[] = [],
): Promise<{ draft: Draft; problems: string[] }> {
  const { readable, sizes, indexes, problems } = await readableImages(images.map((image) => image.file));
  const now = Date.now();
  // An image refused here is said on the draft, where the person will see it.
  const notice = [content.notice, ...problems].filter(Boolean).join(' ') || undefined;
  const draft = withChanges(emptyDraft(await readSetting('defaultVisibility')), { ...content, notice }, now);
  await db.transaction('rw', [db.drafts, db.media, db.settings], async () => {
    await db.drafts.add(draft);
    await db.media.bulkAdd(mediaRows(draft.id, readable, sizes, indexes.map((index) => images[index]!.alt), 0, now));
    await writeSetting('currentDraftId', draft.id);
  });
  return { draft, problems };
}

/**
 * Attach the files the browser can open as images, with their sizes, to the draft `draftId()` names
 * once they are read; the problems, in words for people (a damaged file is refused here, not at publish).
 */
export async function attachImages(draftId: () => string, files: readonly File[]): Promise<string[]> {
  const { readable, sizes, problems } = await readableImages(files);
  if (readable.length > 0) await addImages(draftId(), readable, sizes).catch((error: unknown) => problems.push(messageOf(error)));
  return problems;
}

/** Remove an image from its draft; an image the outbox already moved to a post stays with the post. */
export async function removeImage(mediaId: string): Promise<void> {
  await db.media
    .where('id')
    .equals(mediaId)
    .and((item) => item.draftId !== null)
    .delete();
}

export async function duplicateDraft(draftId: string): Promise<string> {
  const copyId = newId();
  await db.transaction('rw', [db.drafts, db.media], async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) return;
    const now = Date.now();
    await db.drafts.add(withChanges(draft, { id: copyId, createdAt: now }, now));
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
  return db.transaction('rw', [db.drafts, db.media], async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) return undefined;
    const media = await draftMedia(draftId);
    await db.media.bulkDelete(media.map((item) => item.id));
    await db.drafts.delete(draftId);
    return { draft, media };
  });
}

export async function restoreDraft(deleted: DeletedDraft): Promise<void> {
  await db.transaction('rw', [db.drafts, db.media], async () => {
    await db.drafts.put(deleted.draft);
    await db.media.bulkPut(deleted.media);
  });
}

/** "Edit": a new current draft with a post's text and copies of its images, to fix and publish again. */
export async function draftFromPost(postId: string): Promise<string | undefined> {
  const draftId = newId();
  return db.transaction('rw', [db.posts, db.media, db.drafts, db.settings], async () => {
    const post = await db.posts.get(postId);
    if (!post) return undefined;
    const now = Date.now();
    const { id: _postId, createdAt: _createdAt, mediaIds, ...content } = post;
    await db.drafts.add(withChanges({ ...content, id: draftId, createdAt: now, updatedAt: now }, {}, now));
    const media = (await db.media.bulkGet(mediaIds)).filter((item): item is MediaItem => !!item);
    await db.media.bulkAdd(media.map((item) => ({ ...item, id: newId(), draftId, postId: null, createdAt: now })));
    await writeSetting('currentDraftId', draftId);
    return draftId;
  });
}

const hasWords = (draft: Draft) => draft.text.trim() !== '' || draft.spoilerText.trim() !== '';

/**
 * Newest first, empty drafts left out. With a query: drafts having, for every word of the query, a
 * word that starts with it (any case) — found through the words index, so only matching drafts are
 * read.
 */
export async function searchDrafts(query: string, limit = 50): Promise<Draft[]> {
  const wanted = wordsOf(query);
  if (wanted.length === 0) return db.drafts.orderBy('updatedAt').reverse().filter(hasWords).limit(limit).toArray();
  // The longest word is usually the rarest: it selects the candidates, the others filter them.
  const [first, ...others] = [...wanted].sort((a, b) => b.length - a.length) as [string, ...string[]];
  const candidates = await db.drafts.where('words').startsWith(first).distinct().toArray();
  return candidates
    .filter((draft) => others.every((word) => (draft.words ?? []).some((own) => own.startsWith(word))))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, limit);
}
