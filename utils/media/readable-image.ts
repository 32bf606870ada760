import { isAnimatedWebp, WEBP_HEAD_BYTES } from './animated-webp';
import { readHeader } from './image-header';
import type { PixelSize } from './shape';

/** What is kept of an attached image besides its bytes: its size, and whether it is an animated WebP. */
export type ImageFacts = PixelSize & { animated?: boolean };

export type ImageReading = { image: ImageFacts } | { tooManyPixels: PixelSize } | { unreadable: true };

/**
 * Whether an image file can be used, and its pixel size as the browser decodes it (orientation
 * applied). Its size is read from the header first: over `maxPixels`, or of no format whose header
 * this can read, it is never decoded. A damaged file is refused when added, not at publish.
 */
export async function readImage(file: Blob, maxPixels: number): Promise<ImageReading> {
  if (!file.type.startsWith('image/')) return { unreadable: true };
  const header = await readHeader(file).catch(() => undefined);
  const declared = header?.size;
  if (!declared) return { unreadable: true };
  if (declared.width * declared.height > maxPixels) return { tooManyPixels: declared };
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    const animated = file.type === 'image/webp' && isAnimatedWebp(header.head.subarray(0, WEBP_HEAD_BYTES));
    return { image: animated ? { ...size, animated } : size };
  } catch {
    return { unreadable: true };
  }
}
