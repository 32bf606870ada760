import { readHeaderSize } from './image-header';
import type { PixelSize } from './shape';

export type ImageReading = { size: PixelSize } | { tooManyPixels: PixelSize } | { unreadable: true };

/**
 * Whether an image file can be used, and its pixel size as the browser decodes it (orientation
 * applied). Its size is read from the header first: over `maxPixels`, or of no format whose header
 * this can read, it is never decoded. A damaged file is refused when added, not at publish.
 */
export async function readImage(file: Blob, maxPixels: number): Promise<ImageReading> {
  if (!file.type.startsWith('image/')) return { unreadable: true };
  const declared = await readHeaderSize(file).catch(() => undefined);
  if (!declared) return { unreadable: true };
  if (declared.width * declared.height > maxPixels) return { tooManyPixels: declared };
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return { size };
  } catch {
    return { unreadable: true };
  }
}
