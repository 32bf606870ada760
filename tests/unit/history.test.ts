// @vitest-environment node
/**
 * What is kept of posts once published, and what is said of them: deleting one from the history, the
 * toolbar badge, and the drafts that sharing from a page starts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { badgeFor, BADGE_COLOURS } from '../../utils/badge';
import { db, newId } from '../../utils/db';
import { draftMedia, MAX_IMAGE_BYTES, startDraftWith } from '../../utils/drafts';
import type { DeliveryState } from '../../utils/model';
import { forgetPost } from '../../utils/outbox/forget';
import { readSetting } from '../../utils/settings';

// No image decoder in Node: one that answers with the size the PNG's header declares, and counts
// what it was asked to decode.
const decoded: string[] = [];
vi.stubGlobal('createImageBitmap', async (file: File) => {
  decoded.push(file.name);
  const view = new DataView(await file.arrayBuffer());
  return { width: view.getUint32(16), height: view.getUint32(20), close() {} };
});

/** A PNG file that declares `width` × `height` pixels (its header only: enough for the size check). */
function pngFile(name: string, width: number, height: number): File {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return new File([bytes], name, { type: 'image/png' });
}

beforeEach(async () => {
  decoded.length = 0;
  await Promise.all(db.tables.map((table) => table.clear()));
});

async function postWith(states: DeliveryState[]): Promise<string> {
  const postId = newId();
  await db.posts.add({ id: postId, createdAt: 1, text: 'Hello', spoilerText: '', visibility: 'public', language: 'en', mediaIds: ['m1'] });
  await db.media.add({ id: 'm1', draftId: null, postId, position: 0, blob: new Blob(['x']), name: 'a.png', type: 'image/png', size: 1, alt: '', createdAt: 1 });
  await db.deliveries.bulkAdd(
    states.map((state, index) => ({
      id: `${postId}-${index}`,
      postId,
      accountId: `account-${index}`,
      state,
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: 1,
      updatedAt: 1,
      checkpoint: { parts: [], media: {} },
      progress: { step: 'done', current: 0, total: 0 },
    })) as never,
  );
  return postId;
}

describe('delete from history', () => {
  it('removes the post, its deliveries and its images once every delivery has ended', async () => {
    const postId = await postWith(['done', 'failed']);
    await forgetPost(postId);
    expect(await db.posts.count()).toBe(0);
    expect(await db.deliveries.count()).toBe(0);
    expect(await db.media.count()).toBe(0);
  });

  it.each<DeliveryState>(['queued', 'running', 'retrying', 'needs-relink'])('refuses while a delivery is %s, and keeps everything', async (state) => {
    const postId = await postWith(['done', state]);
    await expect(forgetPost(postId)).rejects.toThrow(/still on its way/);
    expect(await db.posts.count()).toBe(1);
    expect(await db.deliveries.count()).toBe(2);
    expect(await db.media.count()).toBe(1);
  });
});

describe('the toolbar badge', () => {
  it('counts what needs the person in red, else what is on its way in blue, else nothing', () => {
    expect(badgeFor({ failed: 2, inFlight: 3 })).toEqual({ text: '2', colour: BADGE_COLOURS.failed });
    expect(badgeFor({ failed: 0, inFlight: 3 })).toEqual({ text: '3', colour: BADGE_COLOURS.inFlight });
    expect(badgeFor({ failed: 0, inFlight: 0 })).toEqual({ text: '' });
    expect(BADGE_COLOURS.failed).not.toBe(BADGE_COLOURS.inFlight);
  });
});

describe('a draft started from a shared page', () => {
  it('becomes the current draft, with its text, its preview and each image with its alt text', async () => {
    const image = pngFile('good.png', 40, 30);
    const { draft, problems } = await startDraftWith(
      { text: 'A story\nhttps://news.example/story', linkPreview: { url: 'https://news.example/story', title: 'A story', description: 'What happened' } },
      [{ file: image, alt: 'A river at dusk' }],
    );
    expect(problems).toEqual([]);
    expect(await readSetting('currentDraftId')).toBe(draft.id);
    expect(await db.drafts.get(draft.id)).toMatchObject({ text: 'A story\nhttps://news.example/story', linkPreview: { title: 'A story' } });
    expect(await draftMedia(draft.id)).toMatchObject([{ name: 'good.png', alt: 'A river at dusk', width: 40, height: 30 }]);
  });

  it('says on the draft which image it could not take, and why', async () => {
    const broken = new File([new Uint8Array(10)], 'broken.png', { type: 'image/png' });
    const huge = new File([new Uint8Array(MAX_IMAGE_BYTES + 1)], 'good-but-huge.png', { type: 'image/png' });
    // 40,000 × 40,000 in a few bytes: 6.4 GB once decoded.
    const bomb = pngFile('bomb.png', 40_000, 40_000);
    const { draft } = await startDraftWith({ text: 'x', notice: 'First.' }, [
      { file: broken, alt: '' },
      { file: huge, alt: '' },
      { file: bomb, alt: '' },
    ]);
    expect(await draftMedia(draft.id)).toEqual([]);
    const { notice } = (await db.drafts.get(draft.id))!;
    expect(notice).toMatch(/^First\. broken\.png could not be read as an image.*good-but-huge\.png is larger than 50 MB.*bomb\.png has 40000 × 40000 pixels/);
    // None of them was decoded: the header said enough.
    expect(decoded).toEqual([]);
  });
});
