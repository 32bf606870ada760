/**
 * An image's pixel size read from its header, without decoding it. Decoding is what costs memory (4
 * bytes a pixel: a 6 MB PNG of 40,000 × 40,000 is 6.4 GB decoded), so the size is known and checked
 * before anything decodes the file. PNG, JPEG, GIF, WebP, BMP and AVIF/HEIC; anything else is
 * undefined, and an image whose size cannot be read this way is not decoded at all.
 */
import type { PixelSize } from './shape';

/** Most headers are in the first bytes; a JPEG's size comes after its metadata, which can be long. */
const FIRST_READ = 1024 * 1024;

export async function readHeaderSize(file: Blob): Promise<PixelSize | undefined> {
  return (await readHeader(file)).size;
}

/** The size, with the file's first bytes for whoever needs more from them (one read, not two). */
export async function readHeader(file: Blob): Promise<{ size?: PixelSize; head: Uint8Array }> {
  const head = new Uint8Array(await file.slice(0, FIRST_READ).arrayBuffer());
  const size = headerSize(head);
  if (size || file.size <= FIRST_READ) return { size, head };
  // Metadata longer than the first read (rare): the whole file, which is within the byte cap.
  return { size: headerSize(new Uint8Array(await file.arrayBuffer())), head };
}

export function headerSize(bytes: Uint8Array): PixelSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number, text: string) => [...text].every((char, index) => bytes[offset + index] === char.charCodeAt(0));
  const sized = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined);
  try {
    if (ascii(0, '\x89PNG') && ascii(12, 'IHDR')) return sized(view.getUint32(16), view.getUint32(20));
    if (ascii(0, 'GIF8')) return gifSize(bytes, view);
    if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return webpSize(bytes, view, ascii);
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes, view);
    if (ascii(0, 'BM')) return sized(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
    if (ascii(4, 'ftyp')) return isoBoxSize(bytes, view, ascii);
  } catch {
    // A header cut short (RangeError): not an image this can size.
  }
  return undefined;
}

function webpSize(bytes: Uint8Array, view: DataView, ascii: (offset: number, text: string) => boolean): PixelSize | undefined {
  if (ascii(12, 'VP8 ')) return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (ascii(12, 'VP8L')) {
    const [b0, b1, b2, b3] = [bytes[21]!, bytes[22]!, bytes[23]!, bytes[24]!];
    return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
  }
  if (ascii(12, 'VP8X')) {
    const u24 = (offset: number) => bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
    return { width: 1 + u24(24), height: 1 + u24(27) };
  }
  return undefined;
}

/**
 * A GIF's screen, grown to its first frame when that frame reaches beyond it (decoders then make the
 * canvas as large as the frame).
 */
function gifSize(bytes: Uint8Array, view: DataView): PixelSize | undefined {
  const screen = { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  const flags = bytes[10]!;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  // Extensions (0x21, then sub-blocks each led by its length, ending at 0) come before the first frame.
  while (bytes[offset] === 0x21) {
    offset += 2;
    while (offset < bytes.length && bytes[offset] !== 0) offset += bytes[offset]! + 1;
    offset += 1;
  }
  if (bytes[offset] === 0x2c && offset + 9 <= bytes.length) {
    const [left, top, width, height] = [1, 3, 5, 7].map((at) => view.getUint16(offset + at, true)) as [number, number, number, number];
    screen.width = Math.max(screen.width, left + width);
    screen.height = Math.max(screen.height, top + height);
  }
  return screen.width > 0 && screen.height > 0 ? screen : undefined;
}

/** Start-of-frame markers: C0–CF but for C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(bytes: Uint8Array, view: DataView): PixelSize | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes, and markers that stand alone (no length).
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (isStartOfFrame(marker)) {
      const size = { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
      return size.width > 0 && size.height > 0 ? size : undefined;
    }
    if (marker === 0xd9 || marker === 0xda || length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

/**
 * AVIF and HEIC: the size is in an `ispe` (image spatial extents) property. A file can hold several
 * (a grid's tiles, a thumbnail): the largest is what decoding makes.
 */
function isoBoxSize(bytes: Uint8Array, view: DataView, ascii: (offset: number, text: string) => boolean): PixelSize | undefined {
  let largest: PixelSize | undefined;
  for (let offset = 4; offset + 16 <= bytes.length; offset++) {
    if (!ascii(offset, 'ispe')) continue;
    const size = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12) };
    if (!largest || size.width * size.height > largest.width * largest.height) largest = size;
  }
  return largest && largest.width > 0 && largest.height > 0 ? largest : undefined;
}
