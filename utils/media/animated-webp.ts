/**
 * Animated WebP: told from its header, and sent untouched where the destination takes WebP as it is,
 * since drawing it on a canvas to re-encode it keeps only its first frame (as GIFs are sent untouched).
 * Container format: https://developers.google.com/speed/webp/docs/riff_container
 */
import type { ImageConstraints } from './constraints';
import { fitsAspect, type PixelSize } from './shape';

/** Enough of a file to reach its ANIM chunk: after the header, VP8X and an ICC profile of a few kB. */
export const WEBP_HEAD_BYTES = 64 * 1024;

/** The animation bit of the VP8X chunk's flags (its other bits: ICC, alpha, EXIF, XMP). */
const ANIMATION_FLAG = 0x02;

const fourCc = (bytes: Uint8Array, offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * Whether `bytes`, the start of a file, are an animated WebP: RIFF/WEBP whose VP8X chunk has the
 * animation flag set, or which holds an ANIM or ANMF chunk before any still image data.
 */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WEBP') return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const chunk = fourCc(bytes, offset);
    if (chunk === 'VP8X' && offset + 8 < bytes.length && (bytes[offset + 8]! & ANIMATION_FLAG) !== 0) return true;
    if (chunk === 'ANIM' || chunk === 'ANMF') return true;
    // A still image's data: no animation can follow.
    if (chunk === 'VP8 ' || chunk === 'VP8L') return false;
    const size = view.getUint32(offset + 4, true);
    offset += 8 + size + (size % 2);
  }
  return false;
}

/**
 * Why an animated WebP of this size would lose its animation at a destination with these limits: it
 * does not take WebP ('type'), or the file is not within its limits as it is ('limits'); undefined
 * when it goes there untouched.
 */
export function whyAnimationIsLost(image: PixelSize & { bytes: number }, limits: ImageConstraints): 'type' | 'limits' | undefined {
  if (!limits.acceptedTypes.includes('image/webp')) return 'type';
  const { width, height } = image;
  const within =
    image.bytes <= limits.maxBytes &&
    (!limits.maxPixels || width * height <= limits.maxPixels) &&
    (!limits.maxDimension || Math.max(width, height) <= limits.maxDimension) &&
    (!limits.width || (width >= limits.width.min && width <= limits.width.max)) &&
    !limits.shape &&
    (!limits.aspect || fitsAspect(image, limits.aspect));
  return within ? undefined : 'limits';
}

/**
 * The WebP without its EXIF and XMP chunks (where a camera or an editor leaves the place and the
 * device), their flags cleared: what re-encoding drops from other images. Frames are copied byte for
 * byte; a file this cannot walk is returned as it is.
 */
export function withoutWebpMetadata(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WEBP') return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 12; offset < bytes.length; ) {
    if (offset + 8 > bytes.length) return bytes;
    const size = view.getUint32(offset + 4, true);
    const end = offset + 8 + size + (size % 2);
    if (end > bytes.length + (size % 2)) return bytes;
    const chunk = fourCc(bytes, offset);
    if (chunk !== 'EXIF' && chunk !== 'XMP ') kept.push(bytes.subarray(offset, Math.min(end, bytes.length)));
    offset = end;
  }
  const length = 12 + kept.reduce((sum, chunk) => sum + chunk.length, 0);
  if (length === bytes.length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, length - 8, true);
  let at = 12;
  for (const chunk of kept) {
    out.set(chunk, at);
    // The VP8X flags must not announce what is gone: EXIF 0x08, XMP 0x04.
    if (fourCc(chunk, 0) === 'VP8X') out[at + 8] = out[at + 8]! & ~0x0c;
    at += chunk.length;
  }
  return out;
}
