import type { PixelSize } from './shape';

/**
 * The pixel size of an image file as the browser decodes it (orientation applied), or undefined
 * when it cannot be read as an image: a damaged file is refused when added, not at publish.
 */
export async function readImageSize(file: Blob): Promise<PixelSize | undefined> {
  if (!file.type.startsWith('image/')) return undefined;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return undefined;
  }
}
