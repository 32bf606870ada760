/**
 * Images through the real outbox: prepared in the extension's service worker, uploaded to local
 * Mastodon servers, and read back byte for byte from what the servers stored.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer, type StoredMedia } from '../servers/mastodon';
import { IMAGE_MATRIX_LIMIT } from '../servers/mastodon/files';
import { makePng } from '../fixtures/images';
import {
  CAMERA_MAKE,
  corruptImage,
  exifSegments,
  gpsLatitudeBytes,
  HOME,
  jpegSegments,
  jpegSize,
  makeAnimatedGif,
  photoWithExif,
  pngSize,
  twelveMegapixelPhoto,
} from '../fixtures/photos';
import { eventually, launchExtension, readTable, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

const SMALL_LIMIT = 1_000_000;

let session: ExtensionSession;
/** Accepts images up to 1,000,000 bytes. */
let small: MastodonServer;
/** Mastodon's default 16 MiB. */
let roomy: MastodonServer;
const handles = new Map<MastodonServer, string>();
/** An ordinary page of the browser: encodes the test photos and decodes what the servers got. */
let studio: Page;
let phonePhoto: Buffer;
let bigPhoto: Buffer;

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

beforeAll(async () => {
  // No processing polls: the uploads answer 200 at once, which keeps the spec fast.
  small = await startMastodonServer({ title: 'Small', imageSizeLimit: SMALL_LIMIT, mediaProcessingPolls: 0 });
  roomy = await startMastodonServer({ title: 'Roomy', mediaProcessingPolls: 0 });
  session = await launchExtension();
  const options = await OptionsPage.open(session);
  for (const [server, username] of [[small, 'sam'], [roomy, 'rui']] as const) {
    await options.linkWithToken(server.url, server.createAccount({ username }).token);
    handles.set(server, `@${username}@${server.host}`);
  }
  await options.page.close();

  studio = await session.context.newPage();
  phonePhoto = await photoWithExif(studio, { width: 400, height: 300, orientation: 6, gps: HOME });
  bigPhoto = await twelveMegapixelPhoto(studio);
});
afterAll(async () => {
  await session?.close();
  await small?.close();
  await roomy?.close();
});

/**
 * Publish `text` with `files` to `servers` only; resolves once every delivery has ended.
 * `beforePublish` runs once the images are attached.
 */
async function publish(
  text: string,
  files: Upload[],
  servers: MastodonServer[],
  beforePublish?: (popup: ComposerPage) => Promise<void>,
): Promise<{ popup: ComposerPage; states: string[] }> {
  const popup = await ComposerPage.open(session);
  await popup.type(text);
  await popup.addImages(files);
  for (const [server, handle] of handles) await popup.choose(handle, servers.includes(server));
  await beforePublish?.(popup);
  await popup.publish();
  const states = await eventually(
    async () => {
      const now = await popup.deliveryStates();
      return now.length === servers.length && now.every((state) => ['done', 'failed', 'needs-relink'].includes(state)) ? now : undefined;
    },
    45_000,
    `the deliveries of "${text}" to end`,
  );
  return { popup, states };
}

/** The one image of the last status `server` stored, after checking there is exactly one. */
function lastImage(server: MastodonServer, text: string): StoredMedia {
  const status = server.statuses.at(-1);
  expect(status?.text).toBe(text);
  expect(status?.media).toHaveLength(1);
  return status!.media[0]!;
}

/** Decode `bytes` with Chromium as a page would show them: size, and whether two corners are red. */
async function decode(bytes: Buffer, type: string) {
  return studio.evaluate(
    async ({ base64, type }) => {
      const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([data], { type }), { imageOrientation: 'from-image' });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      // No named helper functions in here: the page gets this function's source only.
      const [topLeftRed, topRightRed] = [4, bitmap.width - 5].map((x) => {
        const [r, g, b] = context.getImageData(x, 4, 1, 1).data;
        return r! > 200 && g! < 60 && b! < 60;
      });
      return { width: bitmap.width, height: bitmap.height, topLeftRed, topRightRed };
    },
    { base64: bytes.toString('base64'), type },
  );
}

/**
 * Replace the bytes of the draft image called `name` in the extension's IndexedDB (no extension
 * code involved), as if the stored file had been damaged after it was attached.
 */
async function damageStoredImage(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.evaluate(
    ({ name, base64 }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('everywhere-post');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const transaction = database.transaction('media', 'readwrite');
          const store = transaction.objectStore('media');
          const request = store.getAll();
          request.onsuccess = () => {
            const item = (request.result as { name: string; draftId: string | null; type: string; blob: Blob; size: number }[]).find(
              (row) => row.name === name && row.draftId !== null,
            );
            if (!item) {
              transaction.abort();
              return;
            }
            const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
            item.blob = new Blob([data], { type: item.type });
            item.size = data.length;
            store.put(item);
          };
          transaction.oncomplete = () => {
            database.close();
            resolve();
          };
          transaction.onabort = () => {
            database.close();
            reject(new Error(`no draft image called ${name}`));
          };
        };
      }),
    { name, base64: bytes.toString('base64') },
  );
}

function hasBytes(haystack: Buffer, needle: Buffer | string): boolean {
  return haystack.includes(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle);
}

/** Structurally complete: SOI, a parseable header up to the scan, EOI at the end. */
function expectValidJpeg(bytes: Buffer): void {
  expect(bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
  expect(bytes.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
  expect(() => jpegSegments(bytes)).not.toThrow();
}

describe('images on their way out', () => {
  it('applies the EXIF orientation and strips the metadata, GPS included', async () => {
    // The photo as a phone wrote it: stored 400×300, Orientation 6, Make/Model, GPS with "GPS" in it.
    expect(jpegSize(phonePhoto)).toEqual({ width: 400, height: 300 });
    expect(exifSegments(phonePhoto)).toHaveLength(1);
    expect(hasBytes(phonePhoto, 'GPS')).toBe(true);
    expect(hasBytes(phonePhoto, gpsLatitudeBytes(HOME))).toBe(true);

    const { popup, states } = await publish('Held upright', [{ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: phonePhoto }], [roomy]);
    expect(states).toEqual(['done']);
    const media = lastImage(roomy, 'Held upright');
    expect(media.mimeType).toBe('image/jpeg');
    expectValidJpeg(media.bytes);
    expect(jpegSize(media.bytes)).toEqual({ width: 300, height: 400 });
    expect(jpegSegments(media.bytes).filter((segment) => segment.marker === 0xe1)).toEqual([]);
    for (const trace of ['Exif', 'GPS', CAMERA_MAKE, gpsLatitudeBytes(HOME)]) expect(hasBytes(media.bytes, trace)).toBe(false);
    // Turned clockwise, not counter-clockwise: the stored top-left corner (red) is now top-right.
    await expect(decode(media.bytes, 'image/jpeg')).resolves.toEqual({ width: 300, height: 400, topLeftRed: false, topRightRed: true });
    await popup.page.close();
  });

  it('brings a 12 MP photo within each server’s byte and pixel limits', async () => {
    expect(jpegSize(bigPhoto)).toEqual({ width: 4000, height: 3000 });
    expect(bigPhoto.length).toBeGreaterThan(3 * SMALL_LIMIT);

    const started = Date.now();
    const { popup, states } = await publish('Twelve megapixels', [{ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: bigPhoto }], [small, roomy]);
    const elapsed = Date.now() - started;
    expect(states).toEqual(['done', 'done']);

    const shrunk = lastImage(small, 'Twelve megapixels');
    expect(shrunk.mimeType).toBe('image/jpeg');
    expect(shrunk.bytes.length).toBeLessThanOrEqual(SMALL_LIMIT);
    expectValidJpeg(shrunk.bytes);
    const shrunkSize = jpegSize(shrunk.bytes);
    expect(shrunkSize.width * shrunkSize.height).toBeLessThanOrEqual(IMAGE_MATRIX_LIMIT);
    // Upright (Orientation 6) and in proportion.
    expect(shrunkSize.height / shrunkSize.width).toBeCloseTo(4 / 3, 2);
    await expect(decode(shrunk.bytes, 'image/jpeg')).resolves.toMatchObject(shrunkSize);

    // Room to spare: full size, only re-encoded (upright, metadata gone).
    const full = lastImage(roomy, 'Twelve megapixels');
    expect(full.mimeType).toBe('image/jpeg');
    expectValidJpeg(full.bytes);
    expect(jpegSize(full.bytes)).toEqual({ width: 3000, height: 4000 });
    expect(3000 * 4000).toBeLessThanOrEqual(IMAGE_MATRIX_LIMIT);
    expect(exifSegments(full.bytes)).toEqual([]);
    expect(full.bytes.length).toBeLessThanOrEqual(16 * 1024 * 1024);
    console.info(
      `12 MP photo (${bigPhoto.length} bytes) composed, prepared and delivered in ${elapsed} ms: ` +
        `small server got ${shrunkSize.width}×${shrunkSize.height}, ${shrunk.bytes.length} bytes; ` +
        `roomy server got 3000×4000, ${full.bytes.length} bytes`,
    );
    await popup.page.close();
  });

  it('keeps a PNG that fits a PNG', async () => {
    const { popup, states } = await publish('A drawing', [{ name: 'drawing.png', mimeType: 'image/png', buffer: makePng(320, 200, 3) }], [roomy]);
    expect(states).toEqual(['done']);
    const media = lastImage(roomy, 'A drawing');
    expect(media.mimeType).toBe('image/png');
    expect(pngSize(media.bytes)).toEqual({ width: 320, height: 200 });
    await popup.page.close();
  });

  it('fails an unreadable image with a message naming it, keeps the post and posts nothing', async () => {
    const before = [small, roomy].map((server) => ({
      statuses: server.statuses.length,
      media: server.media.size,
      uploads: server.requests.filter((request) => request.path === '/api/v2/media').length,
    }));

    // The composer refuses files it cannot open when they are added, so the damage happens after:
    // a readable PNG is attached, then its stored bytes are replaced (a draft kept from before that
    // check, or storage gone bad). The worker is the last line of defence.
    const { popup, states } = await publish(
      'Broken file',
      [{ name: 'broken.png', mimeType: 'image/png', buffer: makePng(64, 48, 5) }],
      [small, roomy],
      (composer) => damageStoredImage(composer.page, 'broken.png', corruptImage()),
    );
    expect(states).toEqual(['failed', 'failed']);
    const shown = await popup.deliveries().locator('.error-text').allTextContents();
    expect(shown).toHaveLength(2);
    for (const message of shown) expect(message).toMatch(/broken\.png could not be read/);

    const posts = await readTable<{ id: string; text: string }>(popup.page, 'posts');
    const post = posts.find((candidate) => candidate.text === 'Broken file');
    expect(post).toBeDefined();
    const deliveries = (await readTable<{ postId: string; state: string; error?: { message: string } }>(popup.page, 'deliveries')).filter(
      (delivery) => delivery.postId === post!.id,
    );
    expect(deliveries.map((delivery) => delivery.state)).toEqual(['failed', 'failed']);
    for (const delivery of deliveries) expect(delivery.error?.message).toMatch(/broken\.png could not be read/);

    const after = [small, roomy].map((server) => ({
      statuses: server.statuses.length,
      media: server.media.size,
      uploads: server.requests.filter((request) => request.path === '/api/v2/media').length,
    }));
    expect(after).toEqual(before);
    await popup.page.close();
  });

  it('passes a GIF through byte for byte where GIFs are accepted', async () => {
    const gif = makeAnimatedGif(32, 24, 2);
    await expect(decode(gif, 'image/gif')).resolves.toMatchObject({ width: 32, height: 24 });
    const { popup, states } = await publish('Moving stripes', [{ name: 'stripes.gif', mimeType: 'image/gif', buffer: gif }], [roomy]);
    expect(states).toEqual(['done']);
    const media = lastImage(roomy, 'Moving stripes');
    expect(media.mimeType).toBe('image/gif');
    expect(media.bytes.equals(gif)).toBe(true);
    await popup.page.close();
  });
});
