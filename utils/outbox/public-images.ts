/**
 * Where Threads and Instagram fetch an image of a post, since they take no upload: the copy another
 * destination of the same post serves publicly (Mastodon's attachment, Misskey's drive file,
 * Bluesky's blob once its record exists), when it is a copy they can take; else the person's own
 * bucket. A Meta delivery waits only for the copy it needs, not for the other post as a whole.
 * Worker only.
 */
import { liveQuery } from 'dexie';
import { bucketReady, releaseFromBucket, uploadToBucket } from '../bucket';
import { fitsAspect } from '../media/shape';
import { db } from '../db';
import { t } from '../i18n';
import type { Capabilities, DeliveryCheckpoint, DeliveryState, PublicCopy } from '../model';
import { TransientError, ValidationError } from '../networks/errors';
import type { PublishMedia } from '../networks/types';

/** How long a Meta delivery waits for another destination's copy before trying again later. */
const COPY_WAIT_MS = 3 * 60_000;
/** A delivery in one of these states will not upload anything more. */
const SETTLED: ReadonlySet<DeliveryState> = new Set(['done', 'failed', 'needs-relink']);

export interface ImageRequest {
  network: string;
  postId: string;
  deliveryId: string;
  capabilities: Capabilities;
  checkpoint: DeliveryCheckpoint;
  save(checkpoint: DeliveryCheckpoint): Promise<void>;
  item: PublishMedia;
  /** The image must take another shape here (cropped or with borders): only its own copy will do. */
  ownCopyOnly: boolean;
  /** This destination's own copy, prepared when it is needed. */
  prepare(): Promise<{ blob: Blob; type: string }>;
}

/** A copy the destination takes as it is: its type and size, and a shape within its limits. */
export function copyAccepted(copy: PublicCopy, capabilities: Capabilities): boolean {
  const aspect = capabilities.imageAspect;
  const shaped = !aspect || fitsAspect(copy, aspect);
  return capabilities.imageTypes.includes(copy.type) && copy.size <= capabilities.imageSizeLimit && shaped;
}

/** Another destination's public copy of the image that this one takes; waits while one may still come. */
function siblingCopy(request: ImageRequest): Promise<PublicCopy | undefined> {
  const { postId, deliveryId, item, capabilities } = request;
  const found = liveQuery(async () => {
    const siblings = (await db.deliveries.where('postId').equals(postId).toArray()).filter((delivery) => delivery.id !== deliveryId);
    const accounts = await db.accounts.bulkGet(siblings.map((delivery) => delivery.accountId));
    let mayStillCome = false;
    for (const [index, sibling] of siblings.entries()) {
      const account = accounts[index];
      if (!account || account.capabilities.mediaFromPublicUrl) continue;
      const copy = sibling.checkpoint.media[item.id]?.publicCopy;
      if (copy && copyAccepted(copy, capabilities)) return { copy };
      if (!copy && !SETTLED.has(sibling.state)) mayStillCome = true;
    }
    return mayStillCome ? undefined : { copy: undefined };
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      result();
    };
    const timer = setTimeout(() => finish(() => reject(new TransientError(t('errorMetaWaitingForCopy', request.network, item.name)))), COPY_WAIT_MS);
    const subscription = found.subscribe({
      next: (answer) => {
        if (answer) finish(() => resolve(answer.copy));
      },
      error: (error: unknown) => finish(() => reject(error)),
    });
  });
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/** A public URL serving the image as this destination takes it (see the top of this file). */
export async function publicImageUrl(request: ImageRequest): Promise<string> {
  const { checkpoint, item } = request;
  const hosted = checkpoint.hosted?.[item.id];
  if (hosted) return hosted.url;
  if (!request.ownCopyOnly) {
    const copy = await siblingCopy(request);
    if (copy) return copy.url;
  }
  if (!(await bucketReady())) throw new ValidationError(t('errorMetaNoImageHost', request.network, item.name));
  const own = await request.prepare();
  // One object per delivery and image: deleting it after one post is published never takes another's.
  const key = `everywhere-post/${request.postId}/${request.deliveryId}/${item.id}.${EXTENSIONS[own.type] ?? 'bin'}`;
  const url = await uploadToBucket(key, own.blob, own.type);
  checkpoint.hosted = { ...checkpoint.hosted, [item.id]: { url, key } };
  await request.save(checkpoint);
  return url;
}

/**
 * Once a delivery no longer needs its images in the bucket (published, failed for good, or its account
 * unlinked), they are deleted, if the person asked for that. Never throws: a delivery's state does not
 * hang on tidying up, and an object left behind is only logged.
 */
export async function releaseHostedImages(checkpoint: DeliveryCheckpoint): Promise<void> {
  const keys = Object.values(checkpoint.hosted ?? {}).map((hosted) => hosted.key);
  if (keys.length === 0) return;
  await releaseFromBucket(keys).catch((error: unknown) => console.warn('The bucket could not be tidied', error));
}

/** The checkpoint without its bucket objects: after a failure they are deleted, and a retry uploads them again. */
export function withoutHostedImages(checkpoint: DeliveryCheckpoint): DeliveryCheckpoint {
  const { hosted: _hosted, ...rest } = checkpoint;
  return rest;
}
