/** Shared by the tests that publish through the real outbox: make a draft, wait for deliveries. */
import { db, newId } from '../../utils/db';
import type { Delivery, PostContent } from '../../utils/model';
import { makePng } from '../fixtures/images';

export interface TestImage {
  alt: string;
  width?: number;
  height?: number;
  seed?: number;
}

/** A draft with `content` and real PNG images, written as the composer would. */
export async function makeDraft(content: Partial<PostContent>, images: TestImage[] = []): Promise<string> {
  const draftId = newId();
  await db.drafts.add({ id: draftId, text: '', spoilerText: '', visibility: 'public', language: 'en', createdAt: 1, updatedAt: 1, ...content });
  await db.media.bulkAdd(
    images.map((image, position) => {
      const blob = new Blob([new Uint8Array(makePng(image.width ?? 32, image.height ?? 24, image.seed ?? position))], { type: 'image/png' });
      return { id: newId(), draftId, postId: null, position, blob, name: `image-${position}.png`, type: 'image/png', size: blob.size, alt: image.alt, createdAt: 1 };
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
