/** Shared by the tests that publish through the real outbox: make a draft, wait for deliveries. */
import { db, newId } from '../../utils/db';
import type { Delivery, PostContent } from '../../utils/model';
import { makePng } from '../fixtures/images';
import { makeJpeg } from '../servers/instagram/index';

export interface TestImage {
  alt: string;
  width?: number;
  height?: number;
  seed?: number;
  /** A JPEG (Instagram takes nothing else) rather than a PNG. */
  jpeg?: boolean;
}

/** A draft with `content` and real images (PNG unless asked for JPEG), written as the composer would, sizes included. */
export async function makeDraft(content: Partial<PostContent>, images: TestImage[] = []): Promise<string> {
  const draftId = newId();
  await db.drafts.add({ id: draftId, text: '', spoilerText: '', visibility: 'public', language: 'en', createdAt: 1, updatedAt: 1, ...content });
  await db.media.bulkAdd(
    images.map((image, position) => {
      const width = image.width ?? 32;
      const height = image.height ?? 24;
      const type = image.jpeg ? 'image/jpeg' : 'image/png';
      const bytes = image.jpeg ? makeJpeg(width, height) : makePng(width, height, image.seed ?? position);
      const blob = new Blob([new Uint8Array(bytes)], { type });
      const name = `image-${position}.${image.jpeg ? 'jpg' : 'png'}`;
      return { id: newId(), draftId, postId: null, position, blob, name, type, size: blob.size, alt: image.alt, createdAt: 1, width, height };
    }),
  );
  return draftId;
}

const SETTLED = new Set(['done', 'failed', 'needs-relink']);

/** The post's deliveries once none is still queued, running or waiting to retry. */
export async function settledDeliveries(postId: string, timeoutMs = 20_000): Promise<Delivery[]> {
  const started = Date.now();
  for (;;) {
    const deliveries = await db.deliveries.where('postId').equals(postId).toArray();
    if (deliveries.length > 0 && deliveries.every((delivery) => SETTLED.has(delivery.state))) return deliveries;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`still ${deliveries.map((delivery) => `${delivery.state} ${delivery.error?.message ?? ''}`).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
