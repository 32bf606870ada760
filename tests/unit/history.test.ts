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

// No image decoder in Node: a file named "good…" reads as a 40 × 30 image, any other as unreadable.
vi.mock('../../utils/media/readable-image', () => ({
  readImageSize: async (file: File) => (file.name.startsWith('good') ? { width: 40, height: 30 } : undefined),
}));

beforeEach(async () => {
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
    const image = new File([new Uint8Array(10)], 'good.png', { type: 'image/png' });
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
    const { draft } = await startDraftWith({ text: 'x', notice: 'First.' }, [
      { file: broken, alt: '' },
      { file: huge, alt: '' },
    ]);
    expect(await draftMedia(draft.id)).toEqual([]);
    const { notice } = (await db.drafts.get(draft.id))!;
    expect(notice).toMatch(/^First\. broken\.png could not be read as an image.*good-but-huge\.png is larger than 50 MB/);
  });
});
