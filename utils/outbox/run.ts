/**
 * One delivery through its network's adapter: images prepared for that destination, then the
 * adapter's steps, each checkpointed so a stopped worker continues where it was. Background only.
 */
import { browser } from 'wxt/browser';
import { markNeedsRelink } from '../accounts';
import { readCredential, saveCredential } from '../credentials';
import { db } from '../db';
import { messageOf, t } from '../i18n';
import { ImageError } from '../media/prepare-image';
import { prepareForDelivery } from '../media/prepared-cache';
import { shapesFor } from '../media/shape';
import type { Delivery, DeliveryCheckpoint, MediaItem } from '../model';
import { adapterFor } from '../networks/adapters';
import { isNetworkError, RateLimitError, UnconfirmedWriteError, ValidationError } from '../networks/errors';
import { networkOf } from '../networks/index';
import { warningFor } from '../networks/parts';
import { announce } from '../notify';
import { browserOffline, deliveryErrorMessage, failedOffline } from '../offline';
import { releaseLinkSiteAccess } from './link-site-access';
import { afterFailure, RUNNABLE_STATES, writeTimeoutFor, type FailureInput } from './delivery-state';
import { publicImageUrl, releaseHostedImages, withoutHostedImages } from './public-images';

/** An extension API call every 20 s keeps the worker alive during long uploads and polling. */
const KEEPALIVE_INTERVAL_MS = 20_000;

/** Deliveries this worker instance is running. A new worker starts with none, which is why a
 *  delivery found "running" when it starts belonged to a stopped worker (utils/outbox/schedule.ts). */
const running = new Set<string>();
let keepAlive: ReturnType<typeof setInterval> | undefined;

export function isRunning(deliveryId: string): boolean {
  return running.has(deliveryId);
}

function startKeepAlive(): void {
  keepAlive ??= setInterval(() => {
    if (running.size === 0) {
      clearInterval(keepAlive);
      keepAlive = undefined;
      return;
    }
    void browser.runtime.getPlatformInfo();
  }, KEEPALIVE_INTERVAL_MS);
}

/** An image that cannot go out as it is: a refusal, with the image's name, not a failure to retry. */
function asValidation(error: unknown): never {
  throw error instanceof ImageError ? new ValidationError(error.message, { cause: error }) : error;
}

/** The size the composer recorded for an image (older images have none: they are read when prepared). */
const sizeOf = (item: MediaItem) => (item.width && item.height ? { width: item.width, height: item.height } : undefined);

function failureOf(error: unknown, waitedMs: number): FailureInput {
  if (isNetworkError(error)) {
    // Read once: the message and the uncounted offline wait must agree.
    const offline = browserOffline();
    return {
      kind: error.kind,
      message: deliveryErrorMessage(error, offline),
      retryAt: error instanceof RateLimitError ? error.retryAt : undefined,
      unconfirmed: error instanceof UnconfirmedWriteError,
      waitedMs: error instanceof UnconfirmedWriteError ? waitedMs : undefined,
      offline: failedOffline(error, offline),
    };
  }
  // Not a network answer (a bug, storage trouble): worth another try, and say what happened.
  return { kind: 'transient', message: t('errorUnexpected', messageOf(error)) };
}

/** A notification that cannot be shown changes nothing about the delivery. */
export async function announceQuietly(id: string): Promise<void> {
  await announce(id).catch((error: unknown) => console.warn('A notification could not be shown', error));
}

async function update(id: string, changes: Partial<Delivery>): Promise<void> {
  await db.deliveries.update(id, { ...changes, updatedAt: Date.now() });
}

/**
 * Write a delivery failed for good (until the person retries): nothing it put in the person's bucket
 * stays public. The checkpoint forgets the objects first, so a stop in between never leaves it naming
 * deleted ones; a retry uploads them again.
 */
export async function writeFailed(delivery: Delivery, changes: Partial<Delivery>): Promise<void> {
  await update(delivery.id, { ...changes, state: 'failed', checkpoint: withoutHostedImages(delivery.checkpoint) });
  await releaseHostedImages(delivery.checkpoint);
}

/** Run one delivery to its end or its next wait; every outcome is written to the delivery. */
export async function runDelivery(id: string): Promise<void> {
  running.add(id);
  startKeepAlive();
  let delivery: Delivery | undefined;
  let preparation: ReturnType<typeof prepareForDelivery> | undefined;
  try {
    delivery = await db.deliveries.get(id);
    if (!delivery || !RUNNABLE_STATES.includes(delivery.state)) return;
    const account = await db.accounts.get(delivery.accountId);
    const post = await db.posts.get(delivery.postId);
    if (!account || !post) {
      // Unlinked while it ran (or before): what it had put in the bucket goes too.
      await writeFailed(delivery, { error: { kind: 'validation', message: t('errorAccountMissing') } });
      return;
    }
    const credential = await readCredential(account.id);
    if (account.status === 'needs-relink' || !credential) {
      await update(id, { state: 'needs-relink', error: { kind: 'auth', message: t('errorNeedsRelink', account.handle) } });
      return;
    }
    const media = (await db.media.bulkGet(post.mediaIds)).filter((item): item is MediaItem => !!item);
    await update(id, { state: 'running' });
    const { checkpoint } = delivery;
    const { capabilities } = account;
    const shaping = { all: media, fit: post.imageFit };
    // Images already uploaded (checkpointed) need no preparing again after a restart. Networks that
    // fetch images themselves get an own copy only when no other destination's will do (below).
    const pendingMedia = capabilities.mediaFromPublicUrl ? [] : media.filter((item) => !checkpoint.media[item.id]);
    preparation = prepareForDelivery(pendingMedia, capabilities, shaping);
    if (pendingMedia.length > 0) await update(id, { progress: { step: 'preparing', current: 0, total: pendingMedia.length } });
    const prepared = await preparation.prepared.catch(asValidation);
    const shapes = capabilities.imageAspect ? shapesFor(media.map(sizeOf), capabilities.imageAspect, post.imageFit ?? 'crop') : [];
    const save = (next: DeliveryCheckpoint) => update(id, { checkpoint: next });
    const result = await adapterFor(account.network).publish({
      account,
      credential,
      checkpoint,
      content: {
        ...warningFor(post, account.capabilities),
        visibility: post.visibility,
        language: post.language,
        createdAt: post.createdAt,
        linkPreview: post.linkPreview,
        media: media.map((item) => {
          const ready = prepared[pendingMedia.indexOf(item)];
          // An already uploaded image is not uploaded again; its blob is not read.
          return {
            id: item.id,
            blob: ready?.blob ?? item.blob,
            name: item.name,
            type: ready?.type ?? item.type,
            alt: item.alt,
            width: ready?.width ?? 0,
            height: ready?.height ?? 0,
          };
        }),
      },
      save,
      writeTimeoutMs: writeTimeoutFor(delivery.attempts),
      saveCredential: (next) => saveCredential(next),
      progress: (progress) => update(id, { progress }),
      publicImageUrl: (item) => {
        const original = media.find((candidate) => candidate.id === item.id)!;
        return publicImageUrl({
          network: networkOf(account.network).name,
          postId: post.id,
          deliveryId: id,
          capabilities,
          checkpoint,
          save,
          item,
          ownCopyOnly: shapes[media.indexOf(original)] !== undefined,
          prepare: async () => {
            const own = prepareForDelivery([original], capabilities, shaping);
            try {
              return (await own.prepared.catch(asValidation))[0]!;
            } finally {
              own.release();
            }
          },
        });
      },
    });
    await update(id, {
      state: 'done',
      url: result.url,
      error: undefined,
      progress: { step: 'done', current: 1, total: 1 },
    });
    await releaseHostedImages(checkpoint);
    await announceQuietly(id);
  } catch (error) {
    if (!delivery) throw error;
    const failure = failureOf(error, writeTimeoutFor(delivery.attempts));
    const next = { ...afterFailure(delivery, failure, Date.now()), progress: { step: 'waiting' as const, current: 0, total: 0 } };
    await (next.state === 'failed' ? writeFailed(delivery, next) : update(id, next));
    if (next.state !== 'retrying') await announceQuietly(id);
    if (failure.kind === 'auth') await markNeedsRelink(delivery.accountId, failure.message);
  } finally {
    preparation?.release();
    running.delete(id);
    // Whatever the way out, after the state is written: access asked for a link card goes back once
    // nothing needs it.
    await releaseLinkSiteAccess(id);
  }
}
