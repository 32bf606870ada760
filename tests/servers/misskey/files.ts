/**
 * File facts the drive needs: what a file is (from its bytes), its size, names.
 *
 * FileInfoService#detectType runs file-type on the bytes and keeps only "safe"
 * types; anything unrecognised becomes application/octet-stream with no
 * extension, whatever the client declared. DriveService then corrects the name's
 * extension with misc/correct-filename.ts.
 */
import { hasAscii, isJpeg, isoBrand, isPng, isWebp } from '../common/image-bytes.js';

export interface DetectedType {
  mime: string;
  /** file-type's extension; null for application/octet-stream. */
  ext: string | null;
}

export const TYPE_OCTET_STREAM: DetectedType = { mime: 'application/octet-stream', ext: null };

/** The image formats recognised here by their magic bytes (common/image-bytes.ts). */
export function detectType(bytes: Buffer): DetectedType {
  if (bytes.length === 0) return TYPE_OCTET_STREAM;
  if (isPng(bytes)) return { mime: 'image/png', ext: 'png' };
  if (isJpeg(bytes)) return { mime: 'image/jpeg', ext: 'jpg' };
  if (hasAscii(bytes, 0, 'GIF87a') || hasAscii(bytes, 0, 'GIF89a')) return { mime: 'image/gif', ext: 'gif' };
  if (isWebp(bytes)) return { mime: 'image/webp', ext: 'webp' };
  const brand = isoBrand(bytes);
  if (brand === 'avif' || brand === 'avis') return { mime: 'image/avif', ext: 'avif' };
  return TYPE_OCTET_STREAM;
}

/** Width and height from PNG, GIF, JPEG and WebP (VP8, VP8L, VP8X) headers; null when unknown. */
export { imageSize } from '../common/image-bytes.js';

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
export { TINY_PNG } from '../common/image-bytes.js';
