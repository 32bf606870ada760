// @vitest-environment node
/**
 * Animated WebPs (utils/media/animated-webp.ts): told from their header, sent untouched (but for
 * their metadata) where the destination takes WebP within its limits, as GIFs are; elsewhere they go
 * as a still image, and the composer says so before publishing. Real files, made by sharp.
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkPublish } from '../../utils/compose-rules';
import { headerSize } from '../../utils/media/image-header';
import { readImage } from '../../utils/media/readable-image';
import { isAnimatedWebp, whyAnimationIsLost, withoutWebpMetadata } from '../../utils/media/animated-webp';
import { prepareImage } from '../../utils/media/prepare-image';
import { constraintsFor } from '../../utils/media/constraints';
import type { Account, MediaItem } from '../../utils/model';
import { NETWORKS } from '../../utils/networks/index';
import { makeGif, makePng } from '../fixtures/images';
import { blueskyAccount, instagramAccount, mastodonAccount, threadsAccount } from './fixtures';

/** A two-frame GIF: the one-pixel GIF's frame twice, the second in the other colour, 100 ms each. */
function twoFrameGif(): Buffer {
  const hex = makeGif().toString('hex');
  const frame = hex.slice(38, -2).replace('21f904010000', '21f904000a00');
  return Buffer.from(hex.slice(0, 38) + frame + frame.replace('02024401', '02024c01') + '3b', 'hex');
}

const animatedWebp = (width = 1, height = 1) =>
  sharp(twoFrameGif(), { animated: true }).resize(width, height, { kernel: 'nearest', fit: 'fill' }).webp().toBuffer();
const stillWebp = (alpha = false) =>
  sharp({ create: { width: 4, height: 3, channels: alpha ? 4 : 3, background: { r: 200, g: 10, b: 10, alpha: 0.5 } } }).webp().toBuffer();

const bytesOf = (buffer: Buffer) => new Uint8Array(buffer);
const blobOf = (buffer: Buffer, type = 'image/webp') => new Blob([bytesOf(buffer)], { type });

afterEach(() => vi.unstubAllGlobals());

describe('isAnimatedWebp', () => {
  it('tells an animated WebP from a still one, with or without transparency (VP8X without its animation flag)', async () => {
    expect(isAnimatedWebp(bytesOf(await animatedWebp()))).toBe(true);
    expect(isAnimatedWebp(bytesOf(await stillWebp()))).toBe(false);
    const transparent = await stillWebp(true);
    expect(transparent.toString('latin1', 12, 16)).toBe('VP8X');
    expect(isAnimatedWebp(bytesOf(transparent))).toBe(false);
  });

  it('finds an ANIM chunk even when the VP8X flag does not say so', async () => {
    const file = bytesOf(await animatedWebp());
    file[20] = file[20]! & ~0x02;
    expect(isAnimatedWebp(file)).toBe(true);
  });

  it('is false for other images and for files cut short', async () => {
    expect(isAnimatedWebp(bytesOf(twoFrameGif()))).toBe(false);
    expect(isAnimatedWebp(bytesOf(makePng(2, 2)))).toBe(false);
    expect(isAnimatedWebp(bytesOf(await animatedWebp()).subarray(0, 16))).toBe(false);
  });
});

describe('whyAnimationIsLost', () => {
  const mastodon = constraintsFor(NETWORKS.mastodon.capabilities);
  const bluesky = constraintsFor(NETWORKS.bluesky.capabilities);

  it('keeps the animation where WebP is taken and the file is within the limits as it is', () => {
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 2_000_000 }, mastodon)).toBeUndefined();
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 900_000 }, bluesky)).toBeUndefined();
  });

  it('loses it where WebP is not taken', () => {
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 1000 }, constraintsFor(NETWORKS.threads.capabilities))).toBe('type');
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 1000 }, constraintsFor(NETWORKS.instagram.capabilities))).toBe('type');
  });

  it('loses it beyond the byte, pixel or side limit, or where the image must take a shape', () => {
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 1_000_001 }, bluesky)).toBe('limits');
    expect(whyAnimationIsLost({ width: 2001, height: 480, bytes: 1000 }, bluesky)).toBe('limits');
    expect(whyAnimationIsLost({ width: 8000, height: 5000, bytes: 1000 }, mastodon)).toBe('limits');
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 1000 }, { ...mastodon, shape: { ratio: 1, fit: 'crop' } })).toBe('limits');
    expect(whyAnimationIsLost({ width: 640, height: 480, bytes: 1000 }, { ...mastodon, aspect: { min: 0.8, max: 1 } })).toBe('limits');
  });
});

describe('prepareImage', () => {
  it('sends an animated WebP as it is where it is taken, every frame kept', async () => {
    const file = await animatedWebp(30, 20);
    const prepared = await prepareImage(blobOf(file), 'dance.webp', constraintsFor(NETWORKS.mastodon.capabilities));
    expect(prepared).toMatchObject({ type: 'image/webp', width: 30, height: 20 });
    expect(Buffer.from(await prepared.blob.arrayBuffer()).equals(file)).toBe(true);
    expect((await sharp(Buffer.from(await prepared.blob.arrayBuffer()), { animated: true }).metadata()).pages).toBe(2);
  });

  it('drops its EXIF (where a camera leaves the place) and keeps the frames', async () => {
    const file = await sharp(twoFrameGif(), { animated: true }).withMetadata({ exif: { IFD0: { Copyright: 'Rue de la Paix 1' } } }).webp().toBuffer();
    expect(file.includes('Rue de la Paix')).toBe(true);
    const prepared = Buffer.from(await (await prepareImage(blobOf(file), 'a.webp', constraintsFor(NETWORKS.mastodon.capabilities))).blob.arrayBuffer());
    expect(prepared.includes('Rue de la Paix')).toBe(false);
    expect(prepared.toString('latin1', 0, 4)).toBe('RIFF');
    expect(prepared.readUInt32LE(4)).toBe(prepared.length - 8);
    const metadata = await sharp(prepared, { animated: true }).metadata();
    expect([metadata.pages, metadata.exif]).toEqual([2, undefined]);
    expect(withoutWebpMetadata(bytesOf(prepared))).toEqual(bytesOf(prepared));
  });

  it('otherwise decodes it to send a still image (Node cannot decode: the error says so)', async () => {
    vi.stubGlobal('createImageBitmap', async () => {
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    });
    const file = blobOf(await animatedWebp(30, 20));
    await expect(prepareImage(file, 'dance.webp', constraintsFor(NETWORKS.threads.capabilities))).rejects.toThrow(/dance\.webp could not be read as an image/);
    await expect(prepareImage(file, 'dance.webp', { ...constraintsFor(NETWORKS.mastodon.capabilities), maxBytes: 10 })).rejects.toThrow(/could not be read/);
  });
});

describe('the composer, before publishing', () => {
  const toot = mastodonAccount();
  const sky = blueskyAccount();
  const threads = threadsAccount();
  const insta = instagramAccount();

  function image(id: string, width: number, height: number, size: number): MediaItem {
    return { id, draftId: 'd', postId: null, position: 0, blob: new Blob([]), name: `${id}.webp`, type: 'image/webp', size, alt: 'described', createdAt: 1, width, height };
  }
  /** `media` with the images named in `animated` marked as animated WebPs, as attaching them marks them. */
  const marked = (media: MediaItem[], animated: string[]) => media.map((item) => (animated.includes(item.id) ? { ...item, animated: true } : item));
  function notesOf(accounts: Account[], media: MediaItem[], animated: string[]) {
    const check = checkPublish({
      draft: { text: 'Look', spoilerText: '' }, media: marked(media, animated), accounts, selected: new Set(accounts.map((account) => account.id)),
      requireAltText: false, bucketReady: true,
    });
    return Object.fromEntries(check.destinations.map((destination) => [destination.account.network, destination.notes]));
  }

  it('says where an animated WebP goes out still, and why', () => {
    const notes = notesOf([toot, sky, threads], [image('dance', 1200, 900, 1_500_000)], ['dance']);
    expect(notes).toEqual({
      mastodon: [],
      bluesky: ['dance.webp is an animated WebP larger than Bluesky takes as it is: it goes out there as a still image (its first frame).'],
      threads: ['dance.webp is an animated WebP, and Threads does not take WebP: it goes out there as a still image (its first frame).'],
    });
  });

  it('says nothing of a still WebP', () => {
    expect(notesOf([sky, threads], [image('photo', 1200, 900, 1_500_000)], [])).toEqual({ bluesky: [], threads: [] });
  });

  it('knows the Mastodon copy of an animated WebP stays a WebP, which Instagram cannot take', () => {
    const square = [image('dance', 1080, 1080, 500_000)];
    const reasonsOfInsta = (animated: string[]) =>
      checkPublish({ draft: { text: 'x', spoilerText: '' }, media: marked(square, animated), accounts: [insta, toot], selected: new Set([insta.id, toot.id]), requireAltText: false })
        .destinations.find((destination) => destination.account.id === insta.id)!.reasons;
    expect(reasonsOfInsta([])).toEqual([]);
    expect(reasonsOfInsta(['dance'])).toEqual([expect.stringContaining('Instagram needs its own copy of dance.webp')]);
  });

  it('marks, when an image is attached, whether it is an animated WebP', async () => {
    // Node has no decoder: one that answers with the size the header declares.
    vi.stubGlobal('createImageBitmap', async (file: Blob) => ({ ...headerSize(new Uint8Array(await file.arrayBuffer())), close() {} }));
    const read = async (blob: Blob) => {
      const reading = await readImage(blob, 1_000_000);
      return 'image' in reading ? reading.image.animated ?? false : reading;
    };
    expect(await read(blobOf(await animatedWebp()))).toBe(true);
    expect(await read(blobOf(await stillWebp()))).toBe(false);
    expect(await read(blobOf(twoFrameGif(), 'image/gif'))).toBe(false);
  });
});
