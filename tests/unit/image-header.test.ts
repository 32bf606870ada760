// @vitest-environment node
/**
 * An image's size from its header, before anything decodes it: real files of each format, made by
 * sharp (libvips), and the shapes that would fool a careless reader.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { headerSize, readHeaderSize } from '../../utils/media/image-header';

const WIDTH = 37;
const HEIGHT = 23;

function canvas(width = WIDTH, height = HEIGHT) {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } });
}

const bytes = async (image: sharp.Sharp) => new Uint8Array(await image.toBuffer());

describe('headerSize', () => {
  it.each([
    ['PNG', () => canvas().png()],
    ['JPEG', () => canvas().jpeg()],
    ['JPEG with EXIF and an ICC profile before the frame', () => canvas().withMetadata({ exif: { IFD0: { Copyright: 'x'.repeat(20_000) } } }).withIccProfile('p3').jpeg()],
    ['progressive JPEG', () => canvas().jpeg({ progressive: true })],
    ['GIF', () => canvas().gif()],
    ['lossy WebP (VP8)', () => canvas().removeAlpha().webp()],
    ['lossless WebP (VP8L)', () => canvas().webp({ lossless: true })],
    ['WebP with alpha (VP8X)', () => canvas().webp({ alphaQuality: 50 })],
    ['AVIF', () => canvas().avif()],
  ])('reads %s', async (_format, make) => {
    expect(headerSize(await bytes(make()))).toEqual({ width: WIDTH, height: HEIGHT });
  });

  it('reads the size a huge image declares without its pixels being there', () => {
    // A PNG's first 24 bytes: a 40,000 × 40,000 image, 6.4 GB once decoded.
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 40_000);
    new DataView(png.buffer).setUint32(20, 40_000);
    expect(headerSize(png)).toEqual({ width: 40_000, height: 40_000 });
  });

  it('sizes a GIF by its first frame when that frame is larger than its screen', async () => {
    const gif = await bytes(canvas(10, 10).gif());
    const view = new DataView(gif.buffer, gif.byteOffset);
    view.setUint16(6, 1, true);
    view.setUint16(8, 1, true);
    expect(headerSize(gif)).toEqual({ width: 10, height: 10 });
  });

  it('gives nothing for what it cannot size: other formats, cut-short headers, empty files', async () => {
    const png = await bytes(canvas().png());
    const jpeg = await bytes(canvas().jpeg());
    expect(headerSize(png.slice(0, 20))).toBeUndefined();
    expect(headerSize(jpeg.slice(0, 30))).toBeUndefined();
    expect(headerSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'))).toBeUndefined();
    expect(headerSize(new Uint8Array(0))).toBeUndefined();
  });
});

describe('readHeaderSize', () => {
  it('reads past metadata longer than its first read', async () => {
    // 1.5 MB of comment segments (each at most 64 KB) before the frame header.
    const jpeg = await bytes(canvas().jpeg());
    const comment = new Uint8Array(4 + 65_000);
    comment.set([0xff, 0xfe, (65_002 >> 8) & 0xff, 65_002 & 0xff]);
    const padded = new Blob([jpeg.slice(0, 2), ...Array.from({ length: 24 }, () => comment), jpeg.slice(2)], { type: 'image/jpeg' });
    expect(padded.size).toBeGreaterThan(1024 * 1024);
    expect(await readHeaderSize(padded)).toEqual({ width: WIDTH, height: HEIGHT });
  });
});
