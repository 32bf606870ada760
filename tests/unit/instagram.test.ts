// @vitest-environment node
/**
 * The Instagram adapter through the real outbox, against the local Instagram server (which really
 * fetches each image_url and takes JPEG only), with a local Mastodon server whose copies it can use
 * and a local S3 bucket for when there is none.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { removeBucket, saveBucket } from '../../utils/bucket';
import { db } from '../../utils/db';
import { linkAccount } from '../../utils/linking';
import type { Account, Delivery, PostContent } from '../../utils/model';
import { enqueue } from '../../utils/outbox/enqueue';
import { startBucketServer, type BucketServer } from '../servers/bucket/index';
import { startInstagramServer, type InstagramServer } from '../servers/instagram/index';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon/index';
import { approveOnAuthorizePage } from './meta-sign-in';
import { makeDraft, settledDeliveries, type TestImage } from './outbox-helpers';

vi.mock('../../utils/media/prepare-image', async (importOriginal) => (await import('./pass-through-images')).passThroughImages(await importOriginal<object>()));

let instagram: InstagramServer;
let mastodon: MastodonServer;
let bucket: BucketServer;
let bo: { userId: string; token: string };
let mastodonToken: string;

beforeAll(async () => {
  instagram = await startInstagramServer({ containerDelayMs: 50 });
  mastodon = await startMastodonServer({ mediaProcessingPolls: 0 });
  bucket = await startBucketServer();
  bo = instagram.createAccount({ username: 'bo.photos', name: 'Bo' });
  mastodonToken = mastodon.createAccount({ username: 'bo' }).token;
});
afterAll(async () => {
  await Promise.all([instagram.close(), mastodon.close(), bucket.close()]);
});

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  instagram.posts.length = 0;
  Object.assign(instagram.faults, { dropConnectionAfterPublish: 0, failWith503: 0, rateLimitNext: 0, latencyMs: 0 });
  Object.assign(instagram.quota, { used: 0 });
  fakeBrowser.permissions.contains = async () => true;
});

const linkInstagram = () => linkAccount('instagram', 'token', { token: bo.token, api: instagram.url });
const linkMastodon = () => linkAccount('mastodon', 'token', { server: mastodon.url, token: mastodonToken });
const photo = (alt: string, width = 1080, height = 1350): TestImage => ({ alt, width, height, jpeg: true });

async function publish(accounts: Account[], content: Partial<PostContent>, images: TestImage[]): Promise<Delivery[]> {
  const { postId } = await enqueue(await makeDraft(content, images), accounts.map((account) => account.id));
  return settledDeliveries(postId, 30_000);
}

describe('Instagram', () => {
  it('links with a pasted token, by the professional account id', async () => {
    const account = await linkInstagram();
    expect(account).toMatchObject({ handle: '@bo.photos', network: 'instagram', remoteId: bo.userId });
    // Instagram says nothing of a pasted token's age: its expiry is counted from now, and said to be so.
    expect(account.tokenExpiryEstimated).toBe(true);
  });

  it('links through the person own Meta app (the code exchange answers in `data`)', async () => {
    instagram.setOAuthUser(bo.userId);
    fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
    fakeBrowser.identity.launchWebAuthFlow = (async ({ url }: { url: string }) => approveOnAuthorizePage(url)) as never;
    const account = await linkAccount('instagram', 'app', { appId: instagram.app.clientId, appSecret: instagram.app.clientSecret, api: instagram.url });
    expect(account.remoteId).toBe(bo.userId);
    expect((await db.credentials.get(account.id))?.clientSecret).toBe(instagram.app.clientSecret);
  });

  it('publishes a photo from the copy the Mastodon delivery serves, with its caption and alt text', async () => {
    const [insta, toot] = [await linkInstagram(), await linkMastodon()];
    const deliveries = await publish([insta, toot], { text: 'Morning light #photo' }, [photo('A window at dawn')]);
    expect(deliveries.map((delivery) => `${delivery.state} ${delivery.error?.message ?? ''}`.trim())).toEqual(['done', 'done']);
    const [post] = instagram.posts;
    expect(post).toMatchObject({ mediaType: 'IMAGE', caption: 'Morning light #photo' });
    expect(post?.images[0]?.url).toBe(mastodon.statuses.at(-1)?.media[0]?.url);
    expect(post?.images[0]?.altText).toBe('A window at dawn');
    expect(deliveries.find((delivery) => delivery.accountId === insta.id)?.url).toBe(post?.permalink);
  });

  it('publishes a carousel through the bucket when nothing else serves the photos, then deletes them', async () => {
    await saveBucket(
      { endpoint: bucket.endpoint, bucket: bucket.bucket, region: bucket.region, accessKeyId: bucket.accessKeyId, publicBaseUrl: bucket.publicBaseUrl, deleteAfterPublish: true },
      bucket.secretAccessKey,
    );
    try {
      const account = await linkInstagram();
      const [delivery] = await publish([account], { text: 'Three of them' }, [photo('One'), photo('Two'), photo('Three')]);
      expect(delivery?.state).toBe('done');
      const [post] = instagram.posts;
      expect(post?.mediaType).toBe('CAROUSEL_ALBUM');
      expect(post?.images.map((image) => image.altText)).toEqual(['One', 'Two', 'Three']);
      expect(post?.images.every((image) => image.url.startsWith(bucket.publicBaseUrl))).toBe(true);
      // Deleting runs after the delivery is marked done, so the test waits for it.
      await expect.poll(() => bucket.keys()).toEqual([]);
    } finally {
      await removeBucket();
    }
  });

  it('names the URL it tried when Instagram cannot fetch a photo', async () => {
    await saveBucket(
      { endpoint: bucket.endpoint, bucket: bucket.bucket, region: bucket.region, accessKeyId: bucket.accessKeyId, publicBaseUrl: 'http://127.0.0.1:9/gone', deleteAfterPublish: true },
      bucket.secretAccessKey,
    );
    try {
      const account = await linkInstagram();
      const [delivery] = await publish([account], { text: 'Unreachable' }, [photo('x')]);
      expect(delivery?.state).toBe('failed');
      expect(delivery?.error?.message).toMatch(/Instagram could not fetch the image at http:\/\/127\.0\.0\.1:9\/gone\/.*storage bucket/);
      expect(instagram.posts).toEqual([]);
      // Failed for good: what was uploaded is deleted (after the state is written, so the test waits
      // for it), and a retry would upload it again.
      await expect.poll(() => bucket.keys()).toEqual([]);
      expect(delivery?.checkpoint.hosted).toBeUndefined();
    } finally {
      await removeBucket();
    }
  });

  it('does not post twice when the answer to publishing is lost', async () => {
    const [insta, toot] = [await linkInstagram(), await linkMastodon()];
    instagram.faults.dropConnectionAfterPublish = 1;
    const deliveries = await publish([insta, toot], { text: 'Only once' }, [photo('Once')]);
    expect(deliveries.every((delivery) => delivery.state === 'done')).toBe(true);
    expect(instagram.posts.map((post) => post.caption)).toEqual(['Only once']);
  });

  it('waits when the day’s 100 posts are used up, saying until when', async () => {
    const [insta, toot] = [await linkInstagram(), await linkMastodon()];
    instagram.quota.used = 100;
    const { postId } = await enqueue(await makeDraft({ text: 'Later' }, [photo('Later')]), [insta.id, toot.id]);
    let waiting: Delivery | undefined;
    for (let tries = 0; tries < 100 && waiting?.state !== 'retrying'; tries++) {
      waiting = (await db.deliveries.where('postId').equals(postId).toArray()).find((delivery) => delivery.accountId === insta.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting?.state).toBe('retrying');
    expect(waiting?.error?.message).toMatch(/Instagram's publishing limit for the last 24 hours is reached/);
    expect(instagram.posts).toEqual([]);
  });
});
