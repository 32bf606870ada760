// @vitest-environment node
/**
 * GIFs go out without re-encoding; what they carry besides pictures is removed: comments and
 * application data (XMP), but not the looping extension an animation needs.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { withoutGifMetadata } from '../../utils/media/gif-metadata';

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'latin1'));

/** Extension blocks as editors write them: introducer, label, then sub-blocks ending at 0. */
const comment = (text: string) => [0x21, 0xfe, text.length, ...ascii(text), 0];
const application = (identifier: string, data: string) => [0x21, 0xff, 11, ...ascii(identifier), data.length, ...ascii(data), 0];
const looping = [0x21, 0xff, 11, ...ascii('NETSCAPE2.0'), 3, 1, 0, 0, 0];

/** A real GIF from libvips, with `blocks` inserted before its first block (after the colour table). */
async function gifWith(blocks: number[][]): Promise<{ original: Uint8Array; tagged: Uint8Array }> {
  const original = new Uint8Array(
    await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: 10, g: 120, b: 200 } } }).gif().toBuffer(),
  );
  const flags = original[10]!;
  const headerEnd = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  const tagged = new Uint8Array([...original.subarray(0, headerEnd), ...blocks.flat(), ...original.subarray(headerEnd)]);
  return { original, tagged };
}

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

describe('withoutGifMetadata', () => {
  it('removes comments and XMP, keeps the looping extension and every pixel', async () => {
    const xmp = '<x:xmpmeta><exif:GPSLatitude>48,51.4N</exif:GPSLatitude></x:xmpmeta>';
    const { tagged } = await gifWith([comment('Made at 12 Rue X'), application('XMP DataXMP', xmp), looping]);
    const stripped = withoutGifMetadata(tagged);
    expect(contains(tagged, 'GPSLatitude')).toBe(true);
    expect(contains(stripped, 'GPSLatitude')).toBe(false);
    expect(contains(stripped, 'Rue X')).toBe(false);
    expect(contains(stripped, 'NETSCAPE2.0')).toBe(true);
    expect(stripped.length).toBe(tagged.length - comment('Made at 12 Rue X').length - application('XMP DataXMP', xmp).length);
    expect(await pixels(stripped)).toEqual(await pixels(tagged));
  });

  it('gives back a GIF with nothing to remove as it was, and bytes it cannot walk unchanged', async () => {
    const { original } = await gifWith([]);
    expect(withoutGifMetadata(original)).toEqual(original);
    const cut = original.subarray(0, original.length - 5);
    expect(withoutGifMetadata(cut)).toBe(cut);
  });
});
