/**
 * Reading image files from their bytes: magic numbers and pixel sizes.
 *
 * Both servers identify uploads by content, never by the declared Content-Type
 * (Mastodon through Paperclip/ImageMagick, Misskey through file-type), and record
 * width and height. The byte layouts of the formats are fixed by their specs, so
 * they live here once; which formats a server accepts, and how strictly, stays in
 * that server's files.ts (they do differ: GIF8 vs GIF87a/GIF89a, HEIC or not).
 */

export interface ImageSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `text` (ASCII) found at `offset`. */
export function hasAscii(bytes: Buffer, offset: number, text: string): boolean {
  return bytes.subarray(offset, offset + text.length).toString('latin1') === text;
}

export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** SOI marker followed by the start of another marker. */
export function isJpeg(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** A RIFF container whose form type is WEBP. */
export function isWebp(bytes: Buffer): boolean {
  return hasAscii(bytes, 0, 'RIFF') && hasAscii(bytes, 8, 'WEBP');
}

/** The major brand of an ISO base media file (AVIF, HEIC, MP4…), or null if not one. */
export function isoBrand(bytes: Buffer): string | null {
  return hasAscii(bytes, 4, 'ftyp') ? bytes.subarray(8, 12).toString('latin1') : null;
}

/** The WebP chunk after the RIFF header: 'VP8 ' (lossy), 'VP8L' (lossless) or 'VP8X' (extended). */
export function webpChunk(bytes: Buffer): string {
  return bytes.subarray(12, 16).toString('latin1');
}

/** Width and height from PNG, GIF, JPEG and WebP headers; null when unknown or truncated. */
export function imageSize(bytes: Buffer, mime: string): ImageSize | null {
  try {
    if (mime === 'image/png' && bytes.length >= 24) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    if (mime === 'image/gif' && bytes.length >= 10) return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
    if (mime === 'image/jpeg') return jpegSize(bytes);
    if (mime === 'image/webp') return webpSize(bytes);
  } catch {
    // truncated header: size unknown
  }
  return null;
}

function jpegSize(bytes: Buffer): ImageSize | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

function webpSize(bytes: Buffer): ImageSize | null {
  const chunk = webpChunk(bytes);
  if (chunk === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** A 1×1 PNG: what both servers serve for avatars, identicons and instance icons. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
