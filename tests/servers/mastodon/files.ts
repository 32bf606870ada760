/**
 * Media file facts: which types Mastodon accepts, how it identifies them, sizes.
 * https://docs.joinmastodon.org/methods/media/ and Instance#media_attachments
 * Magic numbers and header layouts are in common/image-bytes.ts.
 */
import { hasAscii, imageSize as readImageSize, isJpeg, isoBrand, isPng, isWebp, webpChunk, type ImageSize } from '../common/image-bytes.js';

// configuration.media_attachments.supported_mime_types of Mastodon 4.3.
export const SUPPORTED_MIME_TYPES = [
  'image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif',
  'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg',
  'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/x-pn-wave', 'audio/vnd.wave', 'audio/ogg', 'audio/vorbis',
  'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/m4a', 'audio/x-m4a', 'audio/mp4',
  'audio/3gpp', 'video/x-ms-asf',
];

/** MediaAttachment::VIDEO_LIMIT in 4.x (99 MB). */
export const VIDEO_SIZE_LIMIT = 99 * 1024 * 1024;
export const IMAGE_MATRIX_LIMIT = 16_777_216;
export const DESCRIPTION_LIMIT = 1500;

/**
 * Identify a file by its first bytes, as Paperclip does instead of trusting the
 * declared type. Returns null for anything that is not a recognised image.
 * Looser than Misskey's detectType on GIF (any "GIF8" header) and knows HEIC.
 */
export function sniffImage(bytes: Buffer): string | null {
  if (isJpeg(bytes)) return 'image/jpeg';
  if (isPng(bytes)) return 'image/png';
  if (hasAscii(bytes, 0, 'GIF8')) return 'image/gif';
  if (isWebp(bytes)) return 'image/webp';
  const brand = isoBrand(bytes);
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (brand !== null && ['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(brand)) return 'image/heic';
  return null;
}

/** MediaAttachment#type from a MIME type (GIFs become looping video, "gifv"). */
export function attachmentType(mime: string): string {
  if (mime === 'image/gif') return 'gifv';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'unknown';
}

export function extensionFor(mime: string): string {
  const known: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/heic': 'heic', 'image/avif': 'avif', 'video/mp4': 'mp4', 'video/webm': 'webm' };
  return known[mime] ?? (mime.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '');
}

/**
 * Width and height from PNG, GIF, JPEG and WebP headers; null when unknown.
 * This server has only ever read the size of extended (VP8X) WebPs: simple
 * lossy (VP8) and lossless (VP8L) ones get no size, as before the shared reader.
 */
export function imageSize(bytes: Buffer, mime: string): ImageSize | null {
  if (mime === 'image/webp' && webpChunk(bytes) !== 'VP8X') return null;
  return readImageSize(bytes, mime);
}

/** Rails' number_to_human_size, as in "File file size must be less than 16 MB". */
export function humanSize(bytes: number): string {
  const units = ['Bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'Byte' : 'Bytes'}`;
  const rounded = Number(value.toPrecision(3));
  return `${rounded} ${units[unit]}`;
}

/** A 1×1 PNG, served for avatars, headers and the instance thumbnail. */
export { TINY_PNG } from '../common/image-bytes.js';
