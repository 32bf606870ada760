import type { PublicCopy } from '../model';
import type { PublishMedia } from './types';

/** What was uploaded, as the upload step records it: a later attempt may no longer have the prepared file. */
export type UploadedImage = Omit<PublicCopy, 'url'>;

export function uploadedImage(item: PublishMedia): UploadedImage {
  return { type: item.type, width: item.width, height: item.height, size: item.blob.size };
}

/**
 * An uploaded image as a network serves it to anyone, recorded in the delivery's checkpoint so that
 * Threads and Instagram, which fetch images from a URL, can use it (utils/outbox/public-images.ts).
 */
export function publicCopy(uploaded: UploadedImage, url: string): PublicCopy {
  return { url, ...uploaded };
}
