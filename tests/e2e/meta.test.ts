/**
 * Threads and Instagram from the popup, in Chromium, against the local Graph API servers (which
 * really fetch every image_url), a Mastodon-compatible server whose copies they can use, and a local
 * S3 bucket for when there is none.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBucketServer, type BucketServer } from '../servers/bucket/index';
import { makeJpeg, startInstagramServer, type InstagramServer } from '../servers/instagram/index';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon/index';
import { startThreadsServer, type ThreadsServer } from '../servers/threads/index';
import { eventually, launchExtension, readTable, updateRow, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

let session: ExtensionSession;
let threads: ThreadsServer;
let instagram: InstagramServer;
let mastodon: MastodonServer;
let bucket: BucketServer;
const tokens = { threads: '', instagram: '' };
const ids = { threads: '', instagram: '' };
let mastodonHandle = '';

// Both 4:5: a carousel's photos share the first one's shape on Instagram, so the Mastodon copies do.
const photos = [
  { name: 'window.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(1080, 1350) },
  { name: 'door.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(864, 1080) },
];

beforeAll(async () => {
  threads = await startThreadsServer({ containerDelayMs: 200 });
  instagram = await startInstagramServer({ containerDelayMs: 200 });
  mastodon = await startMastodonServer({ title: 'Mastodon', mediaProcessingPolls: 1 });
  bucket = await startBucketServer();
  session = await launchExtension();
  const options = await OptionsPage.open(session);
  const ana = threads.createAccount({ username: 'ana' });
  const bo = instagram.createAccount({ username: 'bo.photos' });
  Object.assign(tokens, { threads: ana.token, instagram: bo.token });
  Object.assign(ids, { threads: ana.userId, instagram: bo.userId });
  expect(await options.linkMeta('Threads', ana.token, threads.url)).toBe('Linked @ana.');
  expect(await options.linkMeta('Instagram', bo.token, instagram.url)).toBe('Linked @bo.photos.');
  mastodonHandle = `@cam@${mastodon.host}`;
  await options.linkWithToken(mastodon.url, mastodon.createAccount({ username: 'cam' }).token);
  // The options page shows when each token expires.
  await options.accountRows().filter({ hasText: '@ana' }).getByText(/Token valid until/).waitFor();
  await options.page.close();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([threads?.close(), instagram?.close(), mastodon?.close(), bucket?.close()]);
});

beforeEach(() => {
  threads.posts.length = 0;
  instagram.posts.length = 0;
  mastodon.statuses.length = 0;
});

async function compose(text: string, handles: string[], files = photos): Promise<ComposerPage> {
  const popup = await ComposerPage.open(session);
  await popup.type(text);
  if (files.length > 0) {
    await popup.addImages(files);
    for (const [index] of files.entries()) await popup.altText(index).fill(`Photo ${index + 1}`);
  }
  for (const handle of ['@ana', '@bo.photos', mastodonHandle]) await popup.choose(handle, handles.includes(handle));
  return popup;
}

/** The deliveries' states once all are settled; with each one's error, when it has one. */
const settled = (popup: ComposerPage, count: number) =>
  eventually(async () => {
    const states = await popup.deliveryStates();
    if (states.length !== count || !states.every((state) => ['done', 'failed', 'needs-relink'].includes(state))) return undefined;
    const errors = await popup.deliveries().evaluateAll((items) => items.map((item) => item.querySelector('.error-text')?.textContent ?? ''));
    return states.map((state, index) => (errors[index] ? `${state}: ${errors[index]}` : state));
  }, 60_000, 'deliveries to settle');

describe('Threads and Instagram', () => {
  it('one post with two photos to Threads, Instagram and Mastodon: the Meta copies use the Mastodon copy', async () => {
    const popup = await compose('Two photos from the harbour', ['@ana', '@bo.photos', mastodonHandle]);
    await popup.publish();
    expect(await settled(popup, 3)).toEqual(['done', 'done', 'done']);
    const served = mastodon.statuses[0]!.media.map((media) => media.url);
    expect(threads.posts[0]?.mediaType).toBe('CAROUSEL');
    expect(threads.posts[0]?.images.map((image) => image.url)).toEqual(served);
    expect(instagram.posts[0]?.mediaType).toBe('CAROUSEL_ALBUM');
    expect(instagram.posts[0]?.images.map((image) => image.url)).toEqual(served);
    expect(instagram.posts[0]?.images.map((image) => image.altText)).toEqual(['Photo 1', 'Photo 2']);
    const links = await popup.page.locator('.deliveries a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining([threads.posts[0]!.permalink, instagram.posts[0]!.permalink]));
    await popup.page.close();
  });

  it('the same post without a fediverse destination: through the bucket, the objects gone afterwards', async () => {
    const options = await OptionsPage.open(session);
    expect(await options.setBucket(bucket)).toMatch(/Saved/);
    await options.page.close();
    const popup = await compose('Straight to Meta', ['@ana', '@bo.photos']);
    await popup.publish();
    expect(await settled(popup, 2)).toEqual(['done', 'done']);
    for (const post of [threads.posts[0], instagram.posts[0]]) {
      expect(post?.images.map((image) => image.url.startsWith(bucket.publicBaseUrl))).toEqual([true, true]);
    }
    expect(instagram.posts[0]?.images.map((image) => image.contentType)).toEqual(['image/jpeg', 'image/jpeg']);
    await eventually(async () => (await bucket.keys()).length === 0, 10_000, 'the bucket to be emptied');
    await popup.page.close();
  });

  it('shapes an image outside 4:5 … 1.91:1 for Instagram as chosen: a preview, then borders', async () => {
    const panorama = { name: 'panorama.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(1500, 500) };
    const popup = await compose('Wide view', ['@bo.photos'], [panorama]);
    const choice = popup.page.getByRole('group', { name: 'Instagram takes images between 4:5 and 1.91:1' });
    await choice.getByLabel('How Instagram shows image 1').waitFor();
    await choice.getByRole('radio', { name: 'Add borders' }).check();
    await popup.publish();
    expect(await settled(popup, 1)).toEqual(['done']);
    const [image] = instagram.posts[0]!.images;
    expect(image!.width / image!.height).toBeCloseTo(1.91, 1);
    // Borders keep all 1,500 pixels of width (then 1,440 at most); a crop would have kept 955 × 500.
    expect(image!.width).toBe(1440);
    expect(image!.contentType).toBe('image/jpeg');
    await popup.page.close();
  });

  it('a 700-character text as a Threads thread', async () => {
    const text = Array.from({ length: 20 }, (_, i) => `Sentence number ${i + 1} of a long story, told slowly.`).join(' ').slice(0, 700);
    const popup = await compose(text, ['@ana'], []);
    await popup.page.getByRole('checkbox', { name: "Split long text into a thread where it doesn't fit" }).check();
    await popup.publish();
    expect(await settled(popup, 1)).toEqual(['done']);
    expect(threads.posts.length).toBe(2);
    expect(threads.posts[1]?.replyToId).toBe(threads.posts[0]?.id);
    expect(threads.posts.map((post) => post.text).join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
    await popup.page.close();
  });

  it('does not post twice when the answer to publishing is lost', async () => {
    threads.faults.dropConnectionAfterPublish = 1;
    const popup = await compose('Exactly once', ['@ana'], []);
    await popup.publish();
    const outcome = await settled(popup, 1);
    if (outcome[0] !== 'done') console.log(JSON.stringify(threads.requests.slice(-12)));
    expect(outcome).toEqual(['done']);
    expect(threads.posts.map((post) => post.text)).toEqual(['Exactly once']);
    await popup.page.close();
  });

  it('says which URL Meta could not fetch an image from, and what to do', async () => {
    const options = await OptionsPage.open(session);
    await options.setBucket({ ...bucket, publicBaseUrl: 'http://127.0.0.1:9/nowhere' });
    await options.page.close();
    const popup = await compose('Unreachable photo', ['@ana'], [photos[0]!]);
    await popup.publish();
    const [outcome] = await settled(popup, 1);
    expect(outcome).toMatch(/^failed: Threads could not fetch the image at http:\/\/127\.0\.0\.1:9\/nowhere\/.*storage bucket/);
    expect(threads.posts).toEqual([]);
    await popup.page.close();
    const restore = await OptionsPage.open(session);
    await restore.setBucket(bucket);
    await restore.page.close();
  });

  it('renews a token when the alarm finds it a day old (the clock moved forward)', async () => {
    const watcher = await session.open('options.html');
    const accountId = `threads:${ids.threads}`;
    // A day and an hour pass: for the server's token and for what the extension knows of it.
    threads.ageToken(tokens.threads, 25 * 60 * 60_000);
    await updateRow(watcher, 'accounts', accountId, { tokenIssuedAt: Date.now() - 25 * 60 * 60_000 });
    const worker = await session.worker();
    await worker.evaluate(() => (globalThis as unknown as { chrome: { alarms: { create(name: string, info: object): void } } }).chrome.alarms.create('token-renewal', { when: Date.now() }));
    const renewed = await eventually(async () => {
      const [credential] = (await readTable<{ accountId: string; accessToken: string }>(watcher, 'credentials')).filter((row) => row.accountId === accountId);
      return credential && credential.accessToken !== tokens.threads ? credential : undefined;
    }, 30_000, 'the token to be renewed');
    const [account] = (await readTable<{ id: string; tokenIssuedAt: number; tokenExpiresAt: number }>(watcher, 'accounts')).filter((row) => row.id === accountId);
    expect(Date.now() - account!.tokenIssuedAt).toBeLessThan(60_000);
    expect(threads.requests.some((request) => request.path.endsWith('/refresh_access_token'))).toBe(true);
    tokens.threads = renewed.accessToken;
    await watcher.close();
    // The new token publishes.
    const popup = await compose('With the renewed token', ['@ana'], []);
    await popup.publish();
    expect(await settled(popup, 1)).toEqual(['done']);
    await popup.page.close();
  });

  it('an expired token: "needs re-link", the post kept and sent after linking again', async () => {
    instagram.expireToken(tokens.instagram);
    const popup = await compose('Waiting for a new token', ['@bo.photos', mastodonHandle], [photos[0]!]);
    await popup.publish();
    await eventually(async () => (await popup.deliveryStates()).includes('needs-relink'), 30_000, 'needs re-link');
    expect(instagram.posts).toEqual([]);
    await popup.page.close();

    const options = await OptionsPage.open(session);
    const row = options.accountRows().filter({ hasText: '@bo.photos' });
    await row.getByText('Needs re-link').waitFor();
    await row.getByRole('button', { name: 'Re-link' }).click();
    const form = row.getByRole('form', { name: 'Link Instagram with a long-lived token' });
    await form.getByLabel('Long-lived access token').fill(instagram.issueToken(ids.instagram));
    await form.getByRole('button', { name: 'Link Instagram with a long-lived token' }).click();
    await eventually(() => instagram.posts.length === 1, 30_000, 'the kept post to go out');
    expect(instagram.posts[0]?.caption).toBe('Waiting for a new token');
    await options.page.close();
  });
});
