/**
 * Deliveries that share an image and the same limits (two Mastodon servers, say) prepare it once.
 * Entries live while a delivery that uses them runs, so the worker's memory does not grow with the
 * number of posts published.
 */
import type { Capabilities, ImageFit, MediaItem } from '../model';
import { constraintsFor, type ImageConstraints } from './constraints';
import { prepareImage, type PreparedImage } from './prepare-image';
import { shapesFor, type ImageShape, type PixelSize } from './shape';

interface Entry {
  users: number;
  prepared: Promise<PreparedImage>;
}

const entries = new Map<string, Entry>();

function keyOf(mediaId: string, constraints: ImageConstraints): string {
  const { maxBytes, maxDimension, maxPixels, width, shape, aspect, acceptedTypes } = constraints;
  return [
    mediaId,
    maxBytes,
    maxDimension ?? '',
    maxPixels ?? '',
    width ? `${width.min}-${width.max}` : '',
    shape ? `${shape.ratio}${shape.fit}` : '',
    aspect ? `${aspect.min}-${aspect.max}` : '',
    acceptedTypes.join(','),
  ].join('|');
}

/** An image's pixel size: as the composer recorded it, else read from the file (older images). */
async function sizeOf(item: MediaItem): Promise<PixelSize | undefined> {
  if (item.width && item.height) return { width: item.width, height: item.height };
  try {
    const bitmap = await createImageBitmap(item.blob, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    // Unreadable: preparing it will say so, naming the file.
    return undefined;
  }
}

/**
 * Prepare `items` for one delivery; call the returned `release` when the delivery ends. `all` is every
 * image of the post in order (a carousel's shape follows its first image), `items` those still to upload.
 */
export function prepareForDelivery(
  items: readonly MediaItem[],
  capabilities: Capabilities,
  options: { all?: readonly MediaItem[]; fit?: ImageFit } = {},
): { prepared: Promise<PreparedImage[]>; release(): void } {
  const keys: string[] = [];
  let released = false;
  const prepared = (async () => {
    const all = options.all ?? items;
    const shapes = capabilities.imageAspect ? shapesFor(await Promise.all(all.map(sizeOf)), capabilities.imageAspect, options.fit ?? 'crop') : [];
    return Promise.all(
      items.map((item) => {
        const constraints = constraintsFor(capabilities, shapes[all.indexOf(item)]);
        // The delivery already ended (it failed while sizes were read): nothing to share.
        if (released) return prepareImage(item.blob, item.name, constraints);
        const key = keyOf(item.id, constraints);
        let entry = entries.get(key);
        if (!entry) {
          entry = { users: 0, prepared: prepareImage(item.blob, item.name, constraints) };
          entries.set(key, entry);
          // A failure is not cached: the next attempt tries again.
          entry.prepared.catch(() => entries.delete(key));
        }
        entry.users++;
        keys.push(key);
        return entry.prepared;
      }),
    );
  })();
  return {
    prepared,
    release() {
      if (released) return;
      released = true;
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry && --entry.users <= 0) entries.delete(key);
      }
    },
  };
}
