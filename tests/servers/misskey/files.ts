/**
 * File facts the drive needs: what a file is (from its bytes), its size, names.
 *
 * FileInfoService#detectType runs file-type on the bytes and keeps only "safe"
 * types; anything unrecognised becomes application/octet-stream with no
 * extension, whatever the client declared. DriveService then corrects the name's
 * extension with misc/correct-filename.ts.
 */

export interface DetectedType {
  mime: string;
  /** file-type's extension; null for application/octet-stream. */
  ext: string | null;
}

export const TYPE_OCTET_STREAM: DetectedType = { mime: 'application/octet-stream', ext: null };

/** The image formats recognised here by their magic bytes. */
export function detectType(bytes: Buffer): DetectedType {
  if (bytes.length === 0) return TYPE_OCTET_STREAM;
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return { mime: 'image/gif', ext: 'gif' };
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp' && ['avif', 'avis'].includes(bytes.subarray(8, 12).toString('latin1'))) {
    return { mime: 'image/avif', ext: 'avif' };
  }
  return TYPE_OCTET_STREAM;
}

/** Width and height from PNG, GIF, JPEG and WebP headers; null when unknown. */
export function imageSize(bytes: Buffer, mime: string): { width: number; height: number } | null {
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

function jpegSize(bytes: Buffer): { width: number; height: number } | null {
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

function webpSize(bytes: Buffer): { width: number; height: number } | null {
  const chunk = bytes.subarray(12, 16).toString('latin1');
  if (chunk === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** DriveFileEntityService#validateFileName */
export function validateFileName(name: string): boolean {
  return name.trim().length > 0 && name.length <= 200 && !name.includes('\\') && !name.includes('/') && !name.includes('..');
}

/** misc/correct-filename.ts: make the name end with the detected extension. */
export function correctFilename(filename: string, ext: string | null): string {
  const dotExt = ext ? (ext.startsWith('.') ? ext : `.${ext}`) : '.unknown';
  if (filename.endsWith(dotExt)) return filename;
  if (ext === 'jpg' && filename.endsWith('.jpeg')) return filename;
  if (ext === 'tif' && filename.endsWith('.tiff')) return filename;
  return `${filename}${dotExt}`;
}

/** A fixed, valid blurhash for images (the real one is computed from the pixels). */
export const IMAGE_BLURHASH = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';

/** A 1×1 PNG, served for identicons (default avatars) and the instance icon. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
