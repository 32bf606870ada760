/**
 * One post from the popup to a Mastodon-compatible server, a Misskey server and a Bluesky PDS at
 * once, each with its own counter; then what each network refuses, told before publishing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueskyNetwork, type BlueskyAccount, type BlueskyNetwork } from '../servers/bluesky';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { startMisskeyServer, type MisskeyServer } from '../servers/misskey';
import { makeGif, makeNoisyPng } from '../fixtures/images';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

let session: ExtensionSession;
let mastodon: MastodonServer;
let misskey: MisskeyServer;
let bluesky: BlueskyNetwork;
let dana: BlueskyAccount;
const handles = { mastodon: '', misskey: '', bluesky: '' };

function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpegSize(bytes: Buffer): { width: number; height: number } {
  for (let offset = 2; offset < bytes.length; ) {
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  throw new Error('no SOF marker');
}

const imageSize = (bytes: Buffer) => (bytes[0] === 0x89 ? pngSize(bytes) : jpegSize(bytes));

beforeAll(async () => {
  mastodon = await startMastodonServer({ title: 'Mastodon' });
  misskey = await startMisskeyServer({ name: 'Misskey' });
  bluesky = await startBlueskyNetwork();
  dana = await bluesky.createAccount('dana.test');
  await bluesky.createAccount('erin.test');
  session = await launchExtension();

  const options = await OptionsPage.open(session);
  handles.mastodon = `@ana@${mastodon.host}`;
  await options.linkWithToken(mastodon.url, mastodon.createAccount({ username: 'ana' }).token);

  // Misskey through MiAuth: the server's permission page opens as a page of the browser.
  const { userId } = misskey.createAccount({ username: 'mika' });
  misskey.setMiAuthUser(userId);
  handles.misskey = `@mika@${misskey.host}`;
  const miauth = await options.linkWith('Sign in with your Misskey server', { 'Server address': misskey.url }, async (page) => {
    await page.getByRole('button', { name: 'Allow' }).click();
  });
  expect(miauth).toBe(`Linked ${handles.misskey}.`);

  handles.bluesky = '@dana.test';
  const linked = await options.linkWith('Link with an app password', {
    'Handle or DID': 'dana.test',
    'App password': dana.appPassword,
    'Hosting provider (optional)': bluesky.pdsUrl,
    'PLC directory (optional, advanced)': bluesky.plcUrl,
  });
  expect(linked).toBe('Linked @dana.test.');
  await options.page.close();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await mastodon?.close();
  await misskey?.close();
  await bluesky?.close();
});

describe('one post to three networks', () => {
  it('counts per destination and delivers to all three, images prepared for each', async () => {
    const popup = await ComposerPage.open(session);
    for (const handle of Object.values(handles)) await popup.choose(handle);
    const text = 'Hello @erin.test 👋 https://example.com/news #launch';
    await popup.type(text);
    // Mastodon counts the URL as 23 (50 in all), Misskey code points (51: 👋 is one), Bluesky
    // graphemes with the URL in full (51).
    const remaining = async (handle: string) => Number(await popup.destination(handle).locator('.counter').textContent());
    expect(await remaining(handles.mastodon)).toBe(500 - 50);
    expect(await remaining(handles.misskey)).toBe(3000 - [...text].length);
    expect(await remaining(handles.bluesky)).toBe(300 - 51);

    // A large noisy photo (about 9 MB as PNG): Bluesky needs it at ≤ 2,000 px and ≤ 1,000,000 bytes.
    await popup.addImages([
      { name: 'big.png', mimeType: 'image/png', buffer: makeNoisyPng(2400, 1300, 5) },
      { name: 'small.png', mimeType: 'image/png', buffer: makeNoisyPng(300, 200, 6) },
    ]);
    await popup.altText(0).fill('Static on a wide screen');
    await popup.altText(1).fill('A small square of static');
    await popup.publish();
    await eventually(async () => (await popup.deliveryStates()).every((state) => state === 'done') && (await popup.deliveryStates()).length === 3, 90_000, 'three deliveries');

    const status = mastodon.statuses.at(-1)!;
    expect(status.media.map((media) => media.description)).toEqual(['Static on a wide screen', 'A small square of static']);
    const note = misskey.notes.at(-1)!;
    expect(note.text).toBe(text);
    expect(note.files.map((file) => file.comment)).toEqual(['Static on a wide screen', 'A small square of static']);

    const [record] = await bluesky.posts(dana.did);
    expect(record?.value.text).toBe(text);
    expect(record?.value.facets?.map((facet) => facet.features[0]!.$type)).toEqual([
      'app.bsky.richtext.facet#mention',
      'app.bsky.richtext.facet#link',
      'app.bsky.richtext.facet#tag',
    ]);
    const embed = record?.value.embed as unknown as { images: { alt: string; aspectRatio: { width: number; height: number }; image: { ref: { $link: string } } }[] };
    expect(embed.images.map((image) => image.alt)).toEqual(['Static on a wide screen', 'A small square of static']);
    const big = await bluesky.blob(dana.did, embed.images[0]!.image.ref.$link);
    expect(big.length).toBeLessThanOrEqual(1_000_000);
    const size = imageSize(big);
    expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(2000);
    expect(embed.images[0]!.aspectRatio).toEqual(size);
    expect(size.width / size.height).toBeCloseTo(2400 / 1300, 2);
    await popup.page.close();
  });

  it('gives a Bluesky post with a link a card read from a public page, and none from a page on this machine', async () => {
    const page = createServer((req, res) => {
      if (req.url === '/story') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><head><meta property="og:title" content="A local story"><meta property="og:description" content="Told on loopback"></head></html>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/story`;
    try {
      // A page on this machine is not the public web: the plain link, and nothing read from it.
      const refused = await ComposerPage.open(session);
      for (const handle of Object.values(handles)) await refused.choose(handle, handle === handles.bluesky);
      await refused.type(`Not for a card: ${url}`);
      await refused.publish();
      await eventually(async () => (await refused.deliveryStates()).join() === 'done', 30_000, 'plain link post');
      expect((await bluesky.posts(dana.did)).at(-1)?.value.embed).toBeUndefined();
      await refused.page.close();

      // The test's own page, named as a public site for this test.
      const allow = (origin: string) => (globalThis as unknown as { everywherePost: { allowTestFixtureOrigin(origin: string): void } }).everywherePost.allowTestFixtureOrigin(origin);
      await (await session.worker()).evaluate(allow, new URL(url).origin);
      const popup = await ComposerPage.open(session);
      for (const handle of Object.values(handles)) await popup.choose(handle, handle === handles.bluesky);
      await popup.type(`Worth reading: ${url}`);
      await popup.publish();
      await eventually(async () => (await popup.deliveryStates()).join() === 'done', 30_000, 'card post');
      const records = await bluesky.posts(dana.did);
      expect(records.at(-1)?.value.embed).toMatchObject({
        $type: 'app.bsky.embed.external',
        external: { uri: url, title: 'A local story', description: 'Told on loopback' },
      });
      await popup.page.close();
    } finally {
      page.close();
    }
  });

  it('says before publishing that Bluesky takes no GIFs, and keeps the draft', async () => {
    const popup = await ComposerPage.open(session);
    await popup.type('An animation');
    await popup.addImages([{ name: 'dance.gif', mimeType: 'image/gif', buffer: makeGif() }]);
    await popup.altText(0).fill('Two pixels');
    await expect(popup.destination(handles.bluesky).locator('.reason').textContent()).resolves.toMatch(/does not take GIFs: dance\.gif/);
    expect(await popup.destination(handles.mastodon).locator('.reason').count()).toBe(0);
    expect(await popup.publishButton().isDisabled()).toBe(true);
    await popup.page.close();
    const again = await ComposerPage.open(session);
    await expect(again.text().inputValue()).resolves.toBe('An animation');
    expect(await again.page.locator('.media-item').count()).toBe(1);
    await again.page.locator('.media-item button').click();
    // Closed once the removal is written: the next test opens the same draft.
    await again.page.locator('.media-item').waitFor({ state: 'detached' });
    await again.page.close();
  });

  it('refuses a damaged image when it is added, with a message naming it', async () => {
    const popup = await ComposerPage.open(session);
    const corrupt = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image')]);
    await popup.page.locator('.add-images input[type=file]').setInputFiles([{ name: 'broken.png', mimeType: 'image/png', buffer: corrupt }]);
    await expect(popup.page.getByRole('alert').textContent()).resolves.toMatch(/broken\.png could not be read as an image/);
    expect(await popup.page.locator('.media-item').count()).toBe(0);
    await expect(popup.text().inputValue()).resolves.toBe('An animation');
    await popup.page.close();
  });

  it('explains an unknown handle and a wrong app password', async () => {
    const options = await OptionsPage.open(session);
    const attempt = (values: Record<string, string>) =>
      options.linkWith('Link with an app password', {
        'Handle or DID': 'dana.test',
        'App password': dana.appPassword,
        'Hosting provider (optional)': bluesky.pdsUrl,
        'PLC directory (optional, advanced)': bluesky.plcUrl,
        ...values,
      });
    expect(await attempt({ 'Handle or DID': 'nobody.test' })).toMatch(/No account with the handle nobody\.test/);
    expect(await attempt({ 'App password': 'aaaa-bbbb-cccc-dddd' })).toMatch(/app password for dana\.test was not accepted/);
    await options.page.close();
  });
});
