/**
 * Deliveries that share an image and the same limits (two Mastodon servers, say) prepare it once.
 * Entries live while a delivery that uses them runs, so the worker's memory does not grow with the
 * number of posts published.
 */
import type { Capabilities, MediaItem } from '../model';
import { prepareImage, type ImageConstraints, type PreparedImage } from './prepare-image';

interface Entry {
  users: number;
  prepared: Promise<PreparedImage>;
}

const entries = new Map<string, Entry>();

export function constraintsFor(capabilities: Capabilities): ImageConstraints {
  return {
    maxBytes: capabilities.imageSizeLimit,
    acceptedTypes: capabilities.imageTypes,
    maxDimension: capabilities.imageMaxDimension,
    maxPixels: capabilities.imageMaxPixels,
  };
}

function keyOf(mediaId: string, constraints: ImageConstraints): string {
  return [mediaId, constraints.maxBytes, constraints.maxDimension ?? '', constraints.maxPixels ?? '', constraints.acceptedTypes.join(',')].join('|');
}

/** Prepare `items` for one delivery; call the returned `release` when the delivery ends. */
export function prepareForDelivery(
  items: readonly MediaItem[],
  capabilities: Capabilities,
): { prepared: Promise<PreparedImage[]>; release(): void } {
  const constraints = constraintsFor(capabilities);
  const keys = items.map((item) => keyOf(item.id, constraints));
  const promises = items.map((item, index) => {
    const key = keys[index]!;
    let entry = entries.get(key);
    if (!entry) {
      entry = { users: 0, prepared: prepareImage(item.blob, item.name, constraints) };
      entries.set(key, entry);
      // A failure is not cached: the next attempt tries again.
      entry.prepared.catch(() => entries.delete(key));
    }
    entry.users++;
    return entry.prepared;
  });
  let released = false;
  return {
    prepared: Promise.all(promises),
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
