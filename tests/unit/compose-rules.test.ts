// @vitest-environment node
/**
 * What the composer says before publishing to Threads and Instagram (utils/compose-rules.ts): the
 * limits those networks set, where their images will come from, and the shape each image takes.
 */
import { describe, expect, it } from 'vitest';
import { checkPublish } from '../../utils/compose-rules';
import { fitsAspect, heightFor, shapesFor } from '../../utils/media/shape';
import type { Account, MediaItem } from '../../utils/model';
import { blueskyAccount, instagramAccount, mastodonAccount, threadsAccount } from './fixtures';

function image(name: string, width: number, height: number, type = 'image/jpeg'): MediaItem {
  return { id: name, draftId: 'd', postId: null, position: 0, blob: new Blob([]), name, type, size: 1000, alt: 'described', createdAt: 1, width, height };
}

function check(accounts: Account[], options: { text?: string; spoilerText?: string; media?: MediaItem[]; bucketReady?: boolean; imageFit?: 'crop' | 'pad' } = {}) {
  const result = checkPublish({
    draft: { text: options.text ?? 'Hello', spoilerText: options.spoilerText ?? '', imageFit: options.imageFit },
    media: options.media ?? [],
    accounts,
    selected: new Set(accounts.map((account) => account.id)),
    requireAltText: false,
    bucketReady: options.bucketReady,
  });
  return { ...result, of: (account: Account) => result.destinations.find((destination) => destination.account.id === account.id)! };
}

describe('Instagram', () => {
  const insta = instagramAccount();
  const toot = mastodonAccount();

  it('needs an image, and says so naming the account', () => {
    const result = check([insta]);
    expect(result.canPublish).toBe(false);
    expect(result.of(insta).reasons).toEqual(['Posts to @bo.photos need at least one image.']);
  });

  it('goes without the content warning, with a note rather than a refusal', () => {
    const result = check([insta, toot], { spoilerText: 'Food', media: [image('a.jpg', 1080, 1080)] });
    expect(result.of(insta).reasons).toEqual([]);
    expect(result.of(insta).notes).toEqual(['Instagram has no content warning: the post goes out there without it.']);
    expect(result.of(toot).notes).toEqual([]);
  });

  it('takes a JPEG in its shape from the Mastodon copy; alone, with no bucket, it has nothing to fetch', () => {
    const photo = image('a.jpg', 1080, 1350);
    expect(check([insta, toot], { media: [photo] }).canPublish).toBe(true);
    const alone = check([insta], { media: [photo] });
    expect(alone.of(insta).reasons).toEqual([expect.stringContaining('Instagram fetches images from a public address')]);
    // The composer links to the setting for it.
    expect(alone.of(insta).needsImageHost).toBe(true);
    expect(check([insta, toot], { media: [photo] }).of(insta).needsImageHost).toBe(false);
    expect(check([insta], { media: [photo], bucketReady: true }).canPublish).toBe(true);
  });

  it('cannot use the Mastodon copy of a PNG (Mastodon keeps PNG; Instagram takes JPEG) without a bucket', () => {
    const result = check([insta, toot], { media: [image('chart.png', 1080, 1080, 'image/png')] });
    expect(result.of(insta).reasons).toEqual([expect.stringContaining('Instagram needs its own copy of chart.png')]);
    expect(check([insta, toot], { media: [image('chart.png', 1080, 1080, 'image/png')], bucketReady: true }).canPublish).toBe(true);
  });

  it('crops or pads a panorama to 1.91:1, as chosen, and then needs its own copy', () => {
    const panorama = image('wide.jpg', 4000, 1000);
    const cropped = check([insta, toot], { media: [panorama] });
    expect(cropped.of(insta).shapes).toEqual([{ ratio: 1.91, fit: 'crop' }]);
    expect(cropped.of(toot).shapes).toEqual([undefined]);
    expect(cropped.of(insta).reasons).toEqual([expect.stringContaining('Instagram needs its own copy of wide.jpg')]);
    expect(check([insta, toot], { media: [panorama], imageFit: 'pad', bucketReady: true }).of(insta)).toMatchObject({
      shapes: [{ ratio: 1.91, fit: 'pad' }],
      reasons: [],
    });
  });

  it('shapes an image a few pixels outside 4:5 (Meta checks to the pixel), so only the bucket can serve it', () => {
    const almost = image('almost.jpg', 1080, 1358); // 0.795
    expect(check([insta, toot], { media: [almost] }).of(insta)).toMatchObject({
      shapes: [{ ratio: 0.8, fit: 'crop' }],
      reasons: [expect.stringContaining('Instagram needs its own copy of almost.jpg')],
    });
  });

  it('cannot count on the Mastodon copy of a file over 8 MB (Mastodon keeps up to 16 MB; Bluesky shrinks under 1 MB)', () => {
    const large = { ...image('large.jpg', 4000, 5000), size: 12 * 1024 * 1024 };
    expect(check([insta, toot], { media: [large] }).of(insta).reasons).toEqual([expect.stringContaining('Instagram needs its own copy of large.jpg')]);
    const sky = blueskyAccount();
    expect(check([insta, sky], { media: [large] }).of(insta).reasons).toEqual([]);
  });

  it('brings every carousel image to the first one shape; those already in it stay as they are', () => {
    const result = check([insta], { media: [image('square.jpg', 1000, 1000), image('portrait.jpg', 1080, 1350), image('also-square.jpg', 500, 500)], bucketReady: true });
    expect(result.of(insta).shapes).toEqual([undefined, { ratio: 1, fit: 'crop' }, undefined]);
  });

  it('refuses more than 30 hashtags', () => {
    const text = Array.from({ length: 31 }, (_, index) => `#tag${index}`).join(' ');
    expect(check([insta], { text, media: [image('a.jpg', 1080, 1080)], bucketReady: true }).of(insta).reasons).toEqual([
      'Instagram takes at most 30 hashtags; this caption has 31.',
    ]);
  });
});

describe('Threads', () => {
  const ana = threadsAccount();

  it('publishes text alone, and counts the content warning, written above the text, as part of it', () => {
    const result = check([ana], { text: 'x'.repeat(480), spoilerText: 'Spoilers' });
    // 480 + "Spoilers" (8) + two line breaks = 490 of 500.
    expect(result.of(ana).measure).toMatchObject({ used: 490, over: false });
    expect(result.canPublish).toBe(true);
    expect(result.of(ana).notes).toEqual([]);
  });

  it('counts characters beyond ASCII as their UTF-8 bytes', () => {
    expect(check([ana], { text: 'It’s' }).of(ana).measure.used).toBe(6);
  });

  it('refuses a sixth distinct link', () => {
    const text = [1, 2, 3, 4, 5, 6].map((n) => `https://example.com/${n}`).join(' ');
    expect(check([ana], { text }).of(ana).reasons).toEqual(['Threads takes at most 5 different links in a post; this one has 6.']);
  });

  it('warns a week ahead when the token could not be renewed, and not before it has failed', () => {
    const soon = Date.now() + 3 * 86_400_000;
    expect(check([threadsAccount({ tokenExpiresAt: soon })]).destinations[0]!.notes).toEqual([]);
    const failing = threadsAccount({ tokenExpiresAt: soon, tokenRenewalError: 'Threads is not answering' });
    expect(check([failing]).destinations[0]!.notes).toEqual([expect.stringContaining('could not be renewed (Threads is not answering)')]);
    const later = threadsAccount({ tokenExpiresAt: Date.now() + 30 * 86_400_000, tokenRenewalError: 'Threads is not answering' });
    expect(check([later]).destinations[0]!.notes).toEqual([]);
  });
});

describe('image shapes to the pixel', () => {
  const instagram = { min: 4 / 5, max: 1.91 };

  it('keeps the rounded size within the limits', () => {
    // 1079 / 0.8 = 1348.75: rounding up would make 0.79985, under 4:5.
    expect(heightFor(1079, 0.8, instagram)).toBe(1348);
    expect(fitsAspect({ width: 1079, height: heightFor(1079, 0.8, instagram) }, instagram)).toBe(true);
    // 1001 / 1.91 = 524.08: rounding down would make 1.9103, over 1.91:1.
    expect(heightFor(1001, 1.91, instagram)).toBe(525);
    expect(fitsAspect({ width: 1001, height: heightFor(1001, 1.91, instagram) }, instagram)).toBe(true);
    // Inside the limits it is plain rounding.
    expect(heightFor(1000, 1, instagram)).toBe(1000);
  });

  it('shapes whatever is outside, however little; inside, leaves a carousel image within a pixel of the first', () => {
    expect(shapesFor([{ width: 1080, height: 1358 }], { ...instagram }, 'pad')).toEqual([{ ratio: 0.8, fit: 'pad' }]);
    expect(shapesFor([{ width: 1080, height: 1350 }], { ...instagram }, 'pad')).toEqual([undefined]);
    expect(shapesFor([{ width: 1000, height: 1000 }, { width: 1000, height: 1005 }], { ...instagram, carouselLikeFirst: true }, 'crop')).toEqual([undefined, undefined]);
  });
});
