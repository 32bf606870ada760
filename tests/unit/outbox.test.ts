// @vitest-environment node
/**
 * The outbox and the Mastodon adapter together, against the local Mastodon server: the real fetches,
 * the real IndexedDB code (fake-indexeddb), the real retry rules. Only the browser is faked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db, newId } from '../../utils/db';
import { draftFromPost } from '../../utils/drafts';
import { linkAccount } from '../../utils/linking';
import { enqueue } from '../../utils/outbox/enqueue';
import { MAX_AUTOMATIC_ATTEMPTS } from '../../utils/outbox/delivery-state';
import { resumeAfterStart } from '../../utils/outbox/schedule';
import { makePng } from '../fixtures/images';
import { makeDraft, settledDeliveries } from './outbox-helpers';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';

// Node has no createImageBitmap/OffscreenCanvas: here images pass through as they are (PNG size read
// from its header). The real preparation runs in Chromium in tests/e2e/media.test.ts.
vi.mock('../../utils/media/prepare-image', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../utils/media/prepare-image')>()),
  prepareImage: async (blob: Blob) => {
    const header = new DataView(await blob.slice(16, 24).arrayBuffer());
    return { blob, type: blob.type, width: header.getUint32(0), height: header.getUint32(4) };
  },
}));

let server: MastodonServer;
let token: string;

beforeAll(async () => {
  server = await startMastodonServer({ maxCharacters: 500, mediaProcessingPolls: 1 });
  token = server.createAccount({ username: 'alice' }).token;
});
afterAll(() => server.close());

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  server.statuses.length = 0;
  Object.assign(server.faults, {
    dropConnectionAfterStatusStored: 0,
    failWith503: 0,
    rateLimitNext: 0,
    latencyMs: 0,
    htmlInsteadOfJson: false,
  });
  fakeBrowser.permissions.contains = async () => true;
});

async function link(accessToken = token) {
  return linkAccount('mastodon', 'token', { server: server.url, token: accessToken });
}

const draft = (text: string, images: { alt: string; seed: number }[] = []) => makeDraft({ text }, images);
const settled = (postId: string, timeoutMs?: number) => settledDeliveries(postId, timeoutMs);

describe('outbox with a Mastodon-compatible server', () => {
  it('publishes text and two images with their alt texts, once', async () => {
    const account = await link();
    expect(account.handle).toBe(`@alice@${server.host}`);
    expect(account.limits).toEqual({ maxCharacters: 500, urlLength: 23 });

    const draftId = await draft('Two pictures', [{ alt: 'A red square', seed: 1 }, { alt: 'A blue square', seed: 2 }]);
    const { postId } = await enqueue(draftId, [account.id]);
    // The draft is gone only because the outbox has it.
    expect(await db.drafts.get(draftId)).toBeUndefined();
    expect((await db.posts.get(postId))?.text).toBe('Two pictures');

    const [delivery] = await settled(postId);
    expect(delivery?.state).toBe('done');
    expect(server.statuses).toHaveLength(1);
    expect(server.statuses[0]?.media.map((m) => m.description)).toEqual(['A red square', 'A blue square']);
    expect(delivery?.url).toBe(server.statuses[0]?.url);
  });

  it('posts a long text as a thread chained with in_reply_to_id, images on the first part', async () => {
    const account = await link();
    const paragraphs = [1, 2, 3].map((n) => `Part ${n}. ${'Words that take room. '.repeat(10).trim()}`);
    const draftId = await draft(paragraphs.join('\n\n'), [{ alt: 'first only', seed: 7 }]);
    await db.drafts.update(draftId, { thread: true, spoilerText: 'long' });
    const { postId } = await enqueue(draftId, [account.id]);
    const [delivery] = await settled(postId);
    expect(delivery?.state).toBe('done');
    expect(server.statuses).toHaveLength(2);
    const [first, second] = server.statuses;
    expect(second?.inReplyToId).toBe(first?.id);
    expect(first?.media.map((m) => m.description)).toEqual(['first only']);
    expect(second?.media).toEqual([]);
    expect(server.statuses.map((status) => status.spoilerText)).toEqual(['long', 'long']);
    expect(delivery?.url).toBe(first?.url);
  });

  it('does not post twice when the answer is lost after the server stored the status', async () => {
    const account = await link();
    server.faults.dropConnectionAfterStatusStored = 1;
    const { postId } = await enqueue(await draft('Lost answer'), [account.id]);
    const [delivery] = await settled(postId);
    expect(delivery?.state).toBe('done');
    expect(delivery?.attempts).toBe(1);
    expect(server.statuses).toHaveLength(1);
  });

  it('retries 503s and a 429 (after the reset time) and then publishes', async () => {
    const account = await link();
    server.faults.failWith503 = 1;
    server.faults.rateLimitNext = 1;
    const { postId } = await enqueue(await draft('Busy server'), [account.id]);
    const [delivery] = await settled(postId, 20_000);
    expect(delivery?.state).toBe('done');
    expect(delivery?.attempts).toBe(2);
    expect(server.statuses).toHaveLength(1);
  });

  it('marks the account "needs re-link" on a revoked token, keeps the post, and sends it after re-linking', async () => {
    const account = await link();
    server.revokeToken(token);
    const { postId } = await enqueue(await draft('Waiting for re-link', [{ alt: 'kept', seed: 3 }]), [account.id]);
    const [waiting] = await settled(postId);
    expect(waiting?.state).toBe('needs-relink');
    expect(waiting?.error?.message).toMatch(/Link the account again/);
    expect((await db.accounts.get(account.id))?.status).toBe('needs-relink');
    expect((await db.posts.get(postId))?.mediaIds).toHaveLength(1);
    expect(server.statuses).toHaveLength(0);

    // Re-link the same account with a fresh token.
    const fresh = server.issueToken(account.remoteId);
    await link(fresh);
    const [delivered] = await settled(postId);
    expect(delivered?.state).toBe('done');
    expect(server.statuses).toHaveLength(1);
    expect(server.statuses[0]?.media[0]?.description).toBe('kept');
    token = fresh;
  });

  it('shows the server\'s words when it refuses, and "Edit" brings the post back as a draft', async () => {
    const account = await link();
    const { postId } = await enqueue(await draft('x'.repeat(501), [{ alt: 'still here', seed: 4 }]), [account.id]);
    const [refused] = await settled(postId);
    expect(refused?.state).toBe('failed');
    expect(refused?.error?.message).toContain('Text character limit of 500 exceeded');
    const draftId = (await draftFromPost(postId))!;
    expect((await db.drafts.get(draftId))?.text).toBe('x'.repeat(501));
    expect((await db.media.where('draftId').equals(draftId).toArray()).map((m) => m.alt)).toEqual(['still here']);
  });

  it('resumes an interrupted delivery from its checkpoint without uploading again', async () => {
    const account = await link();
    // What a worker stopped right after uploading leaves behind: the image is on the server (still
    // processing), its id is in the checkpoint, and the delivery is marked "running".
    const image = new Blob([new Uint8Array(makePng(40, 30, 6))], { type: 'image/png' });
    const form = new FormData();
    form.append('file', image, 'resumed.png');
    form.append('description', 'uploaded once');
    const uploaded = (await (
      await fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })
    ).json()) as { id: string };
    const postId = newId();
    const mediaId = newId();
    await db.media.add({ id: mediaId, draftId: null, postId, position: 0, blob: image, name: 'resumed.png', type: 'image/png', size: image.size, alt: 'uploaded once', createdAt: 1 });
    await db.posts.add({ id: postId, createdAt: 1, text: 'Resumed', spoilerText: '', visibility: 'public', language: 'en', mediaIds: [mediaId] });
    await db.deliveries.add({
      id: newId(), postId, accountId: account.id, state: 'running', attempts: 0, nextAttemptAt: 0,
      checkpoint: { media: { [mediaId]: { remoteId: uploaded.id, ready: false } }, parts: [{ text: 'Resumed', key: newId() }] },
      progress: { step: 'uploading', current: 1, total: 1 }, createdAt: 1, updatedAt: 1,
    });
    const uploads = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/media').length;
    const uploadsBefore = uploads();

    await resumeAfterStart();
    const [resumed] = await settled(postId);
    expect(resumed?.state).toBe('done');
    expect(uploads()).toBe(uploadsBefore);
    expect(server.statuses).toHaveLength(1);
    expect(server.statuses[0]?.media.map((m) => m.id)).toEqual([uploaded.id]);
  });
});

describe('a delivery that keeps stopping the worker', () => {
  /** What a worker that died mid-delivery leaves behind, `attempts` starts in. */
  async function leftRunning(accountId: string, attempts: number): Promise<{ postId: string; deliveryId: string }> {
    const postId = newId();
    const deliveryId = newId();
    await db.posts.add({ id: postId, createdAt: 1, text: `Stopped ${attempts}`, spoilerText: '', visibility: 'public', language: 'en', mediaIds: [] });
    await db.deliveries.add({
      id: deliveryId, postId, accountId, state: 'running', attempts, nextAttemptAt: 0,
      checkpoint: { media: {}, parts: [{ text: `Stopped ${attempts}`, key: newId() }] },
      progress: { step: 'posting', current: 0, total: 1 }, createdAt: 1, updatedAt: 1,
    });
    return { postId, deliveryId };
  }

  it('counts each stop as an attempt, and fails with a message after the usual retries', async () => {
    const account = await link();
    const once = await leftRunning(account.id, 0);
    const often = await leftRunning(account.id, MAX_AUTOMATIC_ATTEMPTS - 1);
    await resumeAfterStart();
    // The first stop: tried again shortly, counted.
    const first = await db.deliveries.get(once.deliveryId);
    expect(first).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(first?.error?.message).toMatch(/\(1 time so far\)\.$/);
    // The eighth: no more automatic tries, and the person is told why.
    const failed = await db.deliveries.get(often.deliveryId);
    expect(failed).toMatchObject({ state: 'failed', attempts: MAX_AUTOMATIC_ATTEMPTS });
    expect(failed?.error?.message).toMatch(/Sending was interrupted.*8 times so far.*a very large image/);
    // The one stopped once still goes out, once.
    const [done] = await settled(once.postId);
    expect(done?.state).toBe('done');
    expect(server.statuses.map((status) => status.text)).toEqual(['Stopped 0']);
  });
});

describe('linking mistakes get a clear message and no half-linked account', () => {
  it.each([
    ['a dotless typo', 'mastodon', /is not a server address/],
    ['plain http to a public host', 'http://social.example', /must be reached over https/],
    ['an unreachable server', 'http://127.0.0.1:1', /Could not reach 127\.0\.0\.1:1/],
  ])('%s', async (_, address, message) => {
    await expect(linkAccount('mastodon', 'token', { server: address, token })).rejects.toThrow(message);
    expect(await db.accounts.count()).toBe(0);
    expect(await db.credentials.count()).toBe(0);
  });

  it('an HTML page instead of the API', async () => {
    server.faults.htmlInsteadOfJson = true;
    await expect(link()).rejects.toThrow(/does not look like a Mastodon-compatible server/);
    expect(await db.accounts.count()).toBe(0);
  });

  it('a server that never answers', async () => {
    const silent = createServer(() => undefined); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(linkAccount('mastodon', 'token', { server: `http://127.0.0.1:${port}`, token })).rejects.toThrow(
        /did not answer within 10 seconds/,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    expect(await db.accounts.count()).toBe(0);
  }, 20_000);

  it('a wrong token', async () => {
    await expect(link('not-a-token')).rejects.toThrow(/did not accept this access token/);
    expect(await db.accounts.count()).toBe(0);
  });

  it('a server the browser has no permission for', async () => {
    fakeBrowser.permissions.contains = async () => false;
    await expect(link()).rejects.toThrow(/no permission to reach 127\.0\.0\.1/);
  });
});
