/**
 * Bring an image within a destination's limits before upload: EXIF orientation applied, metadata
 * (GPS included) dropped by re-encoding, longest side and pixel count capped, and the file at or
 * under the byte limit at the best quality that fits. Runs in the service worker
 * (createImageBitmap + OffscreenCanvas); GIFs pass through untouched, since re-encoding would
 * flatten their animation and they carry no EXIF.
 */
import { t } from '../i18n';

export interface ImageConstraints {
  maxBytes: number;
  acceptedTypes: readonly string[];
  /** Longest side in pixels (Bluesky's app uses 2,000). */
  maxDimension?: number;
  /** Most pixels (Mastodon's image_matrix_limit). */
  maxPixels?: number;
}

export interface PreparedImage {
  blob: Blob;
  type: string;
  width: number;
  height: number;
}

/** An image that cannot go out as it is; the message says which and why. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/** JPEG quality tried first; above it files grow fast for no visible gain. */
const PREFERRED_QUALITY = 0.92;
const LOWEST_QUALITY = 0.5;
const QUALITY_STEPS = 4;
/** Each further attempt when even the lowest quality is too big shrinks the sides by this factor. */
const SHRINK_STEP = 0.8;

async function sniffType(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 12).arrayBuffer());
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50) {
    return 'image/webp';
  }
  return blob.type;
}

async function gifSize(blob: Blob): Promise<{ width: number; height: number }> {
  const header = new DataView(await blob.slice(0, 10).arrayBuffer());
  return { width: header.getUint16(6, true), height: header.getUint16(8, true) };
}

function targetSize(width: number, height: number, constraints: ImageConstraints): { width: number; height: number } {
  let scale = 1;
  if (constraints.maxDimension) scale = Math.min(scale, constraints.maxDimension / Math.max(width, height));
  if (constraints.maxPixels) scale = Math.min(scale, Math.sqrt(constraints.maxPixels / (width * height)));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

function outputType(sourceType: string, accepted: readonly string[]): string {
  // PNG stays PNG when it fits (screenshots and drawings stay sharp); photos become JPEG.
  if (sourceType === 'image/png' && accepted.includes('image/png')) return 'image/png';
  if (accepted.includes('image/jpeg')) return 'image/jpeg';
  if (accepted.includes('image/webp')) return 'image/webp';
  if (accepted.includes('image/png')) return 'image/png';
  return 'image/jpeg';
}

function draw(bitmap: ImageBitmap, width: number, height: number, opaque: boolean): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { alpha: !opaque });
  if (!context) throw new ImageError('No 2D canvas is available to prepare images.');
  if (opaque) {
    // JPEG has no transparency: transparent pixels would turn black without a background.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

/** The best quality in [LOWEST_QUALITY, PREFERRED_QUALITY] whose file fits, or undefined. */
async function encodeLossy(canvas: OffscreenCanvas, type: string, maxBytes: number): Promise<Blob | undefined> {
  const preferred = await canvas.convertToBlob({ type, quality: PREFERRED_QUALITY });
  if (preferred.size <= maxBytes) return preferred;
  let low = LOWEST_QUALITY;
  let high = PREFERRED_QUALITY;
  let best: Blob | undefined;
  const lowest = await canvas.convertToBlob({ type, quality: low });
  if (lowest.size > maxBytes) return undefined;
  best = lowest;
  for (let step = 0; step < QUALITY_STEPS; step++) {
    const quality = (low + high) / 2;
    const blob = await canvas.convertToBlob({ type, quality });
    if (blob.size <= maxBytes) {
      best = blob;
      low = quality;
    } else {
      high = quality;
    }
  }
  return best;
}

export async function prepareImage(source: Blob, name: string, constraints: ImageConstraints): Promise<PreparedImage> {
  const sourceType = await sniffType(source);
  if (sourceType === 'image/gif') {
    if (!constraints.acceptedTypes.includes('image/gif')) throw new ImageError(t('errorGifNotAccepted', name));
    if (source.size > constraints.maxBytes) throw new ImageError(t('errorGifTooLarge', name));
    return { blob: source, type: 'image/gif', ...(await gifSize(source)) };
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw new ImageError(t('errorImageUnreadable', name), { cause });
  }
  try {
    let type = outputType(sourceType, constraints.acceptedTypes);
    let { width, height } = targetSize(bitmap.width, bitmap.height, constraints);
    for (let attempt = 0; attempt < 10; attempt++) {
      const canvas = draw(bitmap, width, height, type === 'image/jpeg');
      if (type === 'image/png') {
        const png = await canvas.convertToBlob({ type });
        if (png.size <= constraints.maxBytes) return { blob: png, type, width, height };
        if (constraints.acceptedTypes.includes('image/jpeg')) {
          // Too large as PNG: most likely a photo saved as PNG; JPEG at the same size usually fits.
          type = 'image/jpeg';
          continue;
        }
      } else {
        const blob = await encodeLossy(canvas, type, constraints.maxBytes);
        if (blob) return { blob, type, width, height };
      }
      width = Math.max(1, Math.floor(width * SHRINK_STEP));
      height = Math.max(1, Math.floor(height * SHRINK_STEP));
    }
    throw new ImageError(t('errorImageCannotShrink', name));
  } finally {
    bitmap.close();
  }
}
