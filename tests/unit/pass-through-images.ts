/**
 * Node has no createImageBitmap or OffscreenCanvas: in unit tests images go out as they are, their
 * pixel size read from the file's header. The real preparation runs in Chromium (tests/e2e/media.test.ts).
 *   vi.mock('../../utils/media/prepare-image', async (original) => (await import('./pass-through-images')).passThroughImages(await original()));
 */
import { imageSize } from '../servers/common/image-bytes';

export function passThroughImages<M extends object>(original: M): M {
  return {
    ...original,
    prepareImage: async (blob: Blob) => {
      const size = imageSize(Buffer.from(await blob.arrayBuffer()), blob.type);
      return { blob, type: blob.type, width: size?.width ?? 0, height: size?.height ?? 0 };
    },
  };
}
