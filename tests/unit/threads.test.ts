// @vitest-environment node
/**
 * The Threads adapter through the real outbox, against the local Threads server (which really
 * fetches each image_url), with a local Mastodon server whose copies of the images it can use and a
 * local S3 bucket for when there is none.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { removeBucket, saveBucket } from '../../utils/bucket';
import { db } from '../../utils/db';
import { linkAccount, unlinkAccount } from '../../utils/linking';
import type { Account, Delivery, PostContent } from '../../utils/model';
import { enqueue } from '../../utils/outbox/enqueue';
import { renewTokens } from '../../utils/token-renewal';
import { startBucketServer, type BucketServer } from '../servers/bucket/index';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon/index';
import { startThreadsServer, type ThreadsServer } from '../servers/threads/index';
import { approveOnAuthorizePage } from './meta-sign-in';
import { makeDraft, settledDeliveries, type TestImage } from './outbox-helpers';

vi.mock('../../utils/media/prepare-image', async (importOriginal) => (await import('./pass-through-images')).passThroughImages(await importOriginal<object>()));

let threads: ThreadsServer;
let mastodon: MastodonServer;
let bucket: BucketServer;
let ana: { userId: string; token: string };
let mastodonToken: string;

beforeAll(async () => {
  threads = await startThreadsServer({ containerDelayMs: 50 });
  mastodon = await startMastodonServer({ mediaProcessingPolls: 0 });
  bucket = await startBucketServer();
  ana = threads.createAccount({ username: 'ana', name: 'Ana' });
  mastodonToken = mastodon.createAccount({ username: 'ana' }).token;
});
afterAll(async () => {
  await Promise.all([threads.close(), mastodon.close(), bucket.close()]);
});

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  threads.posts.length = 0;
  mastodon.statuses.length = 0;
  Object.assign(threads.faults, { dropConnectionAfterPublish: 0, failWith503: 0, rateLimitNext: 0, latencyMs: 0 });
  Object.assign(threads.quota, { used: 0, repliesUsed: 0 });
  fakeBrowser.permissions.contains = async () => true;
  fakeBrowser.permissions.remove = async () => true;
});

const linkThreads = (token = ana.token) => linkAccount('threads', 'token', { token, api: threads.url });
const linkMastodon = () => linkAccount('mastodon', 'token', { server: mastodon.url, token: mastodonToken });

async function publish(accounts: Account[], content: Partial<PostContent>, images: TestImage[] = []): Promise<Delivery[]> {
  const { postId } = await enqueue(await makeDraft(content, images), accounts.map((account) => account.id));
  return settledDeliveries(postId, 30_000);
}

const useBucket = () =>
  saveBucket(
    { endpoint: bucket.endpoint, bucket: bucket.bucket, region: bucket.region, accessKeyId: bucket.accessKeyId, publicBaseUrl: bucket.publicBaseUrl, deleteAfterPublish: true },
    bucket.secretAccessKey,
  );

describe('linking Threads', () => {
  it('with a pasted token: reads the profile and when the token expires', async () => {
    const account = await linkThreads();
    expect(account).toMatchObject({ handle: '@ana', displayName: 'Ana', network: 'threads', server: threads.url });
    const days = (account.tokenExpiresAt! - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThanOrEqual(60);
    // Read from Meta (debug_token), not counted from linking.
    expect(account.tokenExpiryEstimated).toBeUndefined();
  });

  it('through the person own Meta app: the code (with #_) exchanged for a 60-day token, the secret kept', async () => {
    threads.setOAuthUser(ana.userId);
    fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
    fakeBrowser.identity.launchWebAuthFlow = (async ({ url }: { url: string }) => approveOnAuthorizePage(url)) as never;
    const account = await linkAccount('threads', 'app', { appId: threads.app.clientId, appSecret: threads.app.clientSecret, api: threads.url });
    expect(account.handle).toBe('@ana');
    const credential = await db.credentials.get(account.id);
    expect(credential).toMatchObject({ clientId: threads.app.clientId, clientSecret: threads.app.clientSecret });
    expect(credential?.accessToken).not.toBe(ana.token);
    // The stored token works: it publishes.
    const [delivery] = await publish([account], { text: 'Signed in through my own app' });
    expect(delivery?.state).toBe('done');
  });

  it('linked again through the same app: the app id and secret typed once are used again', async () => {
    threads.setOAuthUser(ana.userId);
    fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
    fakeBrowser.identity.launchWebAuthFlow = (async ({ url }: { url: string }) => approveOnAuthorizePage(url)) as never;
    const first = await linkAccount('threads', 'app', { appId: threads.app.clientId, appSecret: threads.app.clientSecret, api: threads.url });
    expect(first.linkedWith).toBe('app');
    await db.accounts.update(first.id, { status: 'needs-relink' });
    const again = await linkAccount('threads', 'app', { appId: '', appSecret: '', api: threads.url }, first.id);
    expect(again).toMatchObject({ id: first.id, status: 'ok' });
    expect(await db.credentials.get(first.id)).toMatchObject({ clientId: threads.app.clientId, clientSecret: threads.app.clientSecret });
    // Not for another network's account, nor when the link talks to another server.
    await expect(linkAccount('instagram', 'app', { appId: '', appSecret: '', api: threads.url }, first.id)).rejects.toThrow('Give both the app ID and the app secret.');
    await expect(linkAccount('threads', 'app', { appId: '', appSecret: '', api: 'https://elsewhere.example' }, first.id)).rejects.toThrow('Give both the app ID and the app secret.');
    // Without an account to take them from, empty fields are refused.
    await expect(linkAccount('threads', 'app', { appId: '', appSecret: '', api: threads.url })).rejects.toThrow('Give both the app ID and the app secret.');
  });

  it('refuses a wrong token with a message, and links nothing', async () => {
    await expect(linkThreads('not-a-token')).rejects.toThrow(/Threads no longer accepts the token/);
    expect(await db.accounts.count()).toBe(0);
  });
});

describe('publishing to Threads', () => {
  it('a text: one post, linked to its permalink', async () => {
    const account = await linkThreads();
    const [delivery] = await publish([account], { text: 'Hello Threads' });
    expect(delivery?.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['Hello Threads']);
    expect(delivery?.url).toBe(threads.posts[0]?.permalink);
  });

  it('a long text as a thread, each part a reply to the one before, counted in UTF-8 bytes', async () => {
    const account = await linkThreads();
    // 700 characters, most of them non-ASCII: far more than 500 bytes.
    const text = Array.from({ length: 20 }, (_, i) => `Über Fähren nachgedacht, Teil ${i + 1}.`).join(' ');
    const [delivery] = await publish([account], { text, thread: true });
    expect(delivery?.state).toBe('done');
    expect(threads.posts.length).toBeGreaterThan(1);
    for (const post of threads.posts) expect(Buffer.byteLength(post.text, 'utf8')).toBeLessThanOrEqual(500);
    for (const [index, post] of threads.posts.entries()) expect(post.replyToId).toBe(index === 0 ? null : threads.posts[index - 1]!.id);
  });

  it('a content warning: written above the text, the text behind a spoiler', async () => {
    const account = await linkThreads();
    await publish([account], { text: 'The ending', spoilerText: 'Spoilers' });
    const [post] = threads.posts;
    expect(post?.text).toBe('Spoilers\n\nThe ending');
    expect(post?.textEntities).toEqual([{ entity_type: 'SPOILER', offset: 'Spoilers\n\n'.length, length: 'The ending'.length }]);
  });

  it('images: the copies the Mastodon delivery of the same post serves, as a carousel with alt texts', async () => {
    const [sky, toot] = [await linkThreads(), await linkMastodon()];
    const deliveries = await publish([sky, toot], { text: 'Two photos' }, [
      { alt: 'Red', width: 400, height: 300 },
      { alt: 'Blue', width: 300, height: 400 },
    ]);
    expect(deliveries.map((delivery) => `${delivery.state} ${delivery.error?.message ?? ''}`.trim())).toEqual(['done', 'done']);
    const [post] = threads.posts;
    expect(post?.mediaType).toBe('CAROUSEL');
    const served = mastodon.statuses[0]!.media.map((media) => media.url);
    expect(post?.images.map((image) => image.url)).toEqual(served);
    expect(post?.images.map((image) => image.altText)).toEqual(['Red', 'Blue']);
    expect(post?.images.map((image) => [image.width, image.height])).toEqual([
      [400, 300],
      [300, 400],
    ]);
  });

  it('images with no other destination: through the bucket, deleted once published', async () => {
    await useBucket();
    try {
      const account = await linkThreads();
      const [delivery] = await publish([account], { text: 'From the bucket' }, [{ alt: 'A square', width: 320, height: 320 }]);
      expect(delivery?.state).toBe('done');
      const [post] = threads.posts;
      expect(post?.mediaType).toBe('IMAGE');
      expect(post?.images[0]?.url.startsWith(bucket.publicBaseUrl)).toBe(true);
      expect(post?.images[0]?.altText).toBe('A square');
      // Deleting runs after the delivery is marked done, so the test waits for it.
      await expect.poll(() => bucket.keys()).toEqual([]);
    } finally {
      await removeBucket();
    }
  });

  it('images with nowhere to be fetched from: refused, saying what to do, and nothing posted', async () => {
    const account = await linkThreads();
    const [delivery] = await publish([account], { text: 'Nowhere to go' }, [{ alt: 'Lost', width: 400, height: 300 }]);
    expect(delivery?.state).toBe('failed');
    expect(delivery?.error?.message).toMatch(/fetches images from a public address.*storage bucket/);
    expect(threads.posts).toEqual([]);
  });

  it('an image Meta cannot fetch: the message names the URL it tried', async () => {
    await saveBucket(
      { endpoint: bucket.endpoint, bucket: bucket.bucket, region: bucket.region, accessKeyId: bucket.accessKeyId, publicBaseUrl: 'http://127.0.0.1:9/nowhere', deleteAfterPublish: true },
      bucket.secretAccessKey,
    );
    try {
      const account = await linkThreads();
      const [delivery] = await publish([account], { text: 'Unreachable' }, [{ alt: 'x', width: 320, height: 320 }]);
      expect(delivery?.state).toBe('failed');
      expect(delivery?.error?.message).toMatch(/Threads could not fetch the image at http:\/\/127\.0\.0\.1:9\/nowhere\/.*storage bucket/);
    } finally {
      await removeBucket();
    }
  });

  it('does not post twice when the answer to publishing is lost', async () => {
    const account = await linkThreads();
    threads.faults.dropConnectionAfterPublish = 1;
    const [delivery] = await publish([account], { text: 'Said once' });
    expect(delivery?.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['Said once']);
    expect(delivery?.url).toBe(threads.posts[0]?.permalink);
  });

  /** The next publish after the first post is stored loses its answer (the reply's, in a thread). */
  function dropTheReplysAnswer(): void {
    const store = threads.posts;
    const push = store.push.bind(store);
    onTestFinished(() => {
      delete (store as { push?: unknown }).push;
    });
    store.push = (...posts) => {
      const length = push(...posts);
      // After the first publish has answered: the fault applies to the next one.
      if (length === 1) setTimeout(() => (threads.faults.dropConnectionAfterPublish = 1), 0);
      return length;
    };
  }
  const twoParts = `${'First part of the thread. '.repeat(15)}\n\n${'Second part, a reply. '.repeat(10)}`;

  it('a thread whose reply lost its answer: the reply is found among the replies, nothing posted twice', async () => {
    const account = await linkThreads();
    dropTheReplysAnswer();
    const [delivery] = await publish([account], { text: twoParts, thread: true });
    expect(delivery?.state).toBe('done');
    expect(threads.posts).toHaveLength(2);
    expect(threads.posts[1]?.replyToId).toBe(threads.posts[0]?.id);
    expect(delivery?.checkpoint.parts.map((part) => part.remoteId)).toEqual(threads.posts.map((post) => post.id));
  });

  it('without threads_read_replies, a reply that lost its answer is not made again: the delivery says what to do', async () => {
    const account = await linkThreads(threads.issueToken(ana.userId, { scopes: ['threads_basic', 'threads_content_publish'] }));
    dropTheReplysAnswer();
    const [delivery] = await publish([account], { text: twoParts, thread: true });
    expect(delivery?.state).toBe('failed');
    expect(delivery?.error?.message).toMatch(/published this part.*threads_read_replies.*link the account again/);
    expect(threads.posts).toHaveLength(2);
  });

  /** A delivery waiting for re-linking whose part names a container Meta no longer knows, as after weeks. */
  async function waitingWithUnknownContainer(text: string, sentAt: number | undefined): Promise<Delivery> {
    const account = await linkThreads();
    threads.expireToken(ana.token);
    const [waiting] = await publish([account], { text });
    expect(waiting?.state).toBe('needs-relink');
    const parts = waiting!.checkpoint.parts.map((part) => ({ ...part, containerId: '17890000000999999', sentAt }));
    await db.deliveries.update(waiting!.id, { checkpoint: { ...waiting!.checkpoint, parts } });
    ana = { ...ana, token: threads.issueToken(ana.userId) };
    await linkThreads();
    return (await settledDeliveries(waiting!.postId))[0]!;
  }

  it('a container Meta no longer knows, never sent to be published: made again, once', async () => {
    const sent = await waitingWithUnknownContainer('Made again', undefined);
    expect(sent.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['Made again']);
  });

  it('a container Meta no longer knows, sent and not among the posts since: made again, once', async () => {
    const sent = await waitingWithUnknownContainer('Sent, never made', Date.now() - 5_000);
    expect(sent.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['Sent, never made']);
  });

  it('a container Meta no longer knows, whose post is listed: that post, nothing posted again', async () => {
    const before = await publish([await linkThreads()], { text: 'Already out' });
    expect(before[0]?.state).toBe('done');
    const sent = await waitingWithUnknownContainer('Already out', Date.now() - 5_000);
    expect(sent.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['Already out']);
    expect(sent.url).toBe(threads.posts[0]?.permalink);
  });

  it('waits, saying until when, when the whole thread does not fit in the day’s quota', async () => {
    const account = await linkThreads();
    threads.quota.used = 250;
    const { postId } = await enqueue(await makeDraft({ text: 'Tomorrow, then' }), [account.id]);
    let waiting: Delivery | undefined;
    for (let tries = 0; tries < 100 && waiting?.state !== 'retrying'; tries++) {
      waiting = (await db.deliveries.where('postId').equals(postId).toArray())[0];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting?.state).toBe('retrying');
    expect(waiting?.error?.message).toMatch(/publishing limit for the last 24 hours is reached.*tried again at/);
    expect(waiting!.nextAttemptAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(threads.posts).toEqual([]);
  });

  it('an expired token: "needs re-link", the post kept and sent after linking again', async () => {
    const account = await linkThreads();
    threads.expireToken(ana.token);
    const [waiting] = await publish([account], { text: 'After re-linking' });
    expect(waiting?.state).toBe('needs-relink');
    expect((await db.accounts.get(account.id))?.status).toBe('needs-relink');
    ana = { ...ana, token: threads.issueToken(ana.userId) };
    await linkThreads();
    const [sent] = await settledDeliveries(waiting!.postId);
    expect(sent?.state).toBe('done');
    expect(threads.posts.map((post) => post.text)).toEqual(['After re-linking']);
  });
});

describe('renewing Threads tokens', () => {
  it('renews a token once it is a day old, and not before', async () => {
    const account = await linkThreads();
    await renewTokens();
    expect((await db.credentials.get(account.id))?.accessToken).toBe(ana.token);
    // A day and an hour later (the server's token and our record of it alike).
    threads.ageToken(ana.token, 25 * 60 * 60_000);
    await db.accounts.update(account.id, { tokenIssuedAt: Date.now() - 25 * 60 * 60_000 });
    await renewTokens();
    const renewed = await db.credentials.get(account.id);
    expect(renewed?.accessToken).not.toBe(ana.token);
    const stored = await db.accounts.get(account.id);
    expect(stored?.tokenRenewalError).toBeUndefined();
    expect(stored!.tokenExpiresAt! - Date.now()).toBeGreaterThan(59 * 86_400_000);
    // The new token publishes.
    const [delivery] = await publish([stored!], { text: 'With the renewed token' });
    expect(delivery?.state).toBe('done');
  });

  it('does not bring back the token of an account unlinked while Meta was renewing it', async () => {
    const account = await linkThreads(threads.issueToken(ana.userId, { ageMs: 25 * 60 * 60_000 }));
    await db.accounts.update(account.id, { tokenIssuedAt: Date.now() - 25 * 60 * 60_000 });
    threads.faults.latencyMs = 300;
    const renewing = renewTokens();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await unlinkAccount(account.id);
    await renewing;
    expect(await db.credentials.get(account.id)).toBeUndefined();
    expect(await db.accounts.get(account.id)).toBeUndefined();
  });

  it('keeps saying why when renewing fails', async () => {
    const account = await linkThreads(threads.issueToken(ana.userId));
    await db.accounts.update(account.id, { tokenIssuedAt: Date.now() - 25 * 60 * 60_000 });
    // The server still sees a new token: it refuses to renew it.
    await renewTokens();
    expect((await db.accounts.get(account.id))?.tokenRenewalError).toBeTruthy();
    expect((await db.accounts.get(account.id))?.status).toBe('ok');
  });
});
