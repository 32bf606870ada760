/**
 * The outbox: a publish is written to IndexedDB before any network call, then each delivery runs
 * (in parallel across accounts), checkpointing every step so a stopped service worker resumes where
 * it was. Background only.
 */
import { browser } from 'wxt/browser';
import { db, newId, putSetting, type Delivery, type DeliveryState, type MediaItem, type Post } from './db';
import { readCredential, saveCredential } from './credentials';
import { afterFailure, RUNNABLE_STATES, type FailureInput } from './delivery-state';
import { t } from './i18n';
import { ImageError } from './media/prepare-image';
import { prepareForDelivery } from './media/prepared-cache';
import { isNetworkError, RateLimitError, ValidationError } from './networks/errors';
import { adapterFor } from './networks';
import { partsFor } from './text/parts';
import { withChanges } from './drafts';

export const OUTBOX_ALARM = 'outbox-wake';
/** Chromium does not fire alarms sooner than 30 s; closer retries also get an in-worker timer. */
const ALARM_MIN_DELAY_MS = 30_000;
/** An extension API call every 20 s keeps the worker alive during long uploads and polling. */
const KEEPALIVE_INTERVAL_MS = 20_000;

/** Deliveries this worker instance is running. A new worker starts with none, which is why
 *  `resumeAfterStart` may safely requeue every delivery left as "running". */
const running = new Set<string>();
let wakeTimer: ReturnType<typeof setTimeout> | undefined;
let keepAlive: ReturnType<typeof setInterval> | undefined;

export class OutboxError extends Error {
  override readonly name = 'OutboxError';
}

/** Turn a draft into a post with one delivery per destination, atomically, then start them. */
export async function enqueue(draftId: string, accountIds: string[]): Promise<{ postId: string }> {
  if (accountIds.length === 0) throw new OutboxError(t('reasonNoDestination'));
  const postId = newId();
  await db.transaction('rw', [db.drafts, db.media, db.posts, db.deliveries, db.accounts, db.settings], async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) throw new OutboxError(t('errorDraftMissing'));
    const media = await db.media.where('draftId').equals(draftId).sortBy('position');
    if (!draft.text.trim() && media.length === 0) throw new OutboxError(t('errorNothingToPublish'));
    const accounts = await db.accounts.bulkGet(accountIds);
    if (accounts.some((account) => !account)) throw new OutboxError(t('errorAccountMissing'));

    const now = Date.now();
    const post: Post = {
      id: postId,
      createdAt: now,
      text: draft.text,
      spoilerText: draft.spoilerText,
      visibility: draft.visibility,
      language: draft.language,
      contentLabel: draft.contentLabel ?? '',
      thread: draft.thread ?? false,
      numbering: draft.numbering ?? false,
      mediaIds: media.map((item) => item.id),
    };
    await db.posts.add(post);
    // The images move from the draft to the post: no copy of the Blobs.
    await Promise.all(media.map((item) => db.media.update(item.id, { draftId: null, postId })));
    const adapters = accounts.map((account) => adapterFor(account!.network));
    await db.deliveries.bulkAdd(
      accounts.map((account, index) => ({
        id: newId(),
        postId,
        accountId: account!.id,
        state: (account!.status === 'needs-relink' ? 'needs-relink' : 'queued') as DeliveryState,
        attempts: 0,
        nextAttemptAt: 0,
        // What each destination will post is decided now, with keys chosen before the first attempt,
        // so every retry sends the same parts with the same keys.
        checkpoint: {
          media: {},
          parts: partsFor(post, account!.countRule, account!.capabilities.threads).map((text) => ({
            text,
            key: adapters[index]!.newPartKey(),
          })),
        },
        progress: { step: 'waiting', current: 0, total: 0 },
        error: account!.status === 'needs-relink' ? { kind: 'auth', message: t('errorNeedsRelink', account!.handle) } : undefined,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // The draft goes only now, inside the same transaction that gave the outbox its copy.
    await db.drafts.delete(draftId);
    await putSetting('lastDestinations', accountIds);
  });
  void runDue();
  return { postId };
}

/** On every worker start: deliveries left "running" belonged to a stopped worker; run them again
 *  from their checkpoints. */
export async function resumeAfterStart(): Promise<void> {
  const interrupted = await db.deliveries.where('state').equals('running').toArray();
  const stale = interrupted.filter((delivery) => !running.has(delivery.id));
  await Promise.all(stale.map((delivery) => db.deliveries.update(delivery.id, { state: 'queued' })));
  await runDue();
}

/** Start every delivery whose time has come; schedule a wake-up for the next one. */
export async function runDue(): Promise<void> {
  const now = Date.now();
  const due = await db.deliveries
    .where('state')
    .anyOf(RUNNABLE_STATES as DeliveryState[])
    .filter((delivery) => delivery.nextAttemptAt <= now)
    .toArray();
  for (const delivery of due) {
    if (!running.has(delivery.id)) void runDelivery(delivery.id);
  }
  await scheduleWake();
}

async function scheduleWake(): Promise<void> {
  const pending = await db.deliveries.where('state').anyOf(['queued', 'retrying', 'running']).toArray();
  if (wakeTimer) clearTimeout(wakeTimer);
  wakeTimer = undefined;
  if (pending.length === 0) {
    await browser.alarms.clear(OUTBOX_ALARM);
    return;
  }
  const now = Date.now();
  const waiting = pending.filter((delivery) => delivery.state === 'retrying' && !running.has(delivery.id));
  const next = Math.min(...waiting.map((delivery) => delivery.nextAttemptAt), Number.POSITIVE_INFINITY);
  if (Number.isFinite(next)) {
    wakeTimer = setTimeout(() => void runDue(), Math.max(0, next - now));
  }
  // The alarm survives the worker: if this worker is stopped, the next one is started by it and
  // resumes. While deliveries are in flight it stands as a safety net.
  const when = Math.max(Number.isFinite(next) ? next : now, now + ALARM_MIN_DELAY_MS);
  await browser.alarms.create(OUTBOX_ALARM, { when });
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

function failureOf(error: unknown): FailureInput {
  if (isNetworkError(error)) {
    return {
      kind: error.kind,
      message: error.message,
      retryAt: error instanceof RateLimitError ? error.retryAt : undefined,
    };
  }
  // Not a network answer (a bug, storage trouble): worth another try, and say what happened.
  return { kind: 'transient', message: t('errorUnexpected', error instanceof Error ? error.message : String(error)) };
}

async function update(id: string, changes: Partial<Delivery>): Promise<void> {
  await db.deliveries.update(id, { ...changes, updatedAt: Date.now() });
}

async function runDelivery(id: string): Promise<void> {
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
      await update(id, { state: 'failed', error: { kind: 'validation', message: t('errorAccountMissing') } });
      return;
    }
    const credential = await readCredential(account.id);
    if (account.status === 'needs-relink' || !credential) {
      await update(id, { state: 'needs-relink', error: { kind: 'auth', message: t('errorNeedsRelink', account.handle) } });
      return;
    }
    const media = (await db.media.bulkGet(post.mediaIds)).filter((item): item is MediaItem => !!item);
    await update(id, { state: 'running' });
    const adapter = adapterFor(account.network);
    const checkpoint = delivery.checkpoint;
    // Images already uploaded (checkpointed) need no preparing again after a restart.
    const pendingMedia = media.filter((item) => !checkpoint.media[item.id]);
    preparation = prepareForDelivery(pendingMedia, account.capabilities);
    if (pendingMedia.length > 0) await update(id, { progress: { step: 'preparing', current: 0, total: pendingMedia.length } });
    const prepared = await preparation.prepared.catch((error: unknown) => {
      throw error instanceof ImageError ? new ValidationError(error.message, { cause: error }) : error;
    });
    const result = await adapter.publish({
      account,
      credential,
      checkpoint,
      content: {
        spoilerText: post.spoilerText,
        visibility: post.visibility,
        language: post.language,
        contentLabel: post.contentLabel ?? '',
        createdAt: post.createdAt,
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
      save: (next) => update(id, { checkpoint: next }),
      saveCredential: (next) => saveCredential(next),
      progress: (progress) => update(id, { progress }),
    });
    await update(id, {
      state: 'done',
      url: result.url,
      error: undefined,
      progress: { step: 'done', current: 1, total: 1 },
    });
  } catch (error) {
    if (!delivery) throw error;
    const failure = failureOf(error);
    const next = afterFailure(delivery, failure, Date.now());
    await update(id, { ...next, progress: { step: 'waiting', current: 0, total: 0 } });
    if (failure.kind === 'auth') await markNeedsRelink(delivery.accountId, failure.message);
  } finally {
    preparation?.release();
    running.delete(id);
    await updateBadge();
    await scheduleWake();
  }
}

async function markNeedsRelink(accountId: string, message: string): Promise<void> {
  await db.accounts.update(accountId, { status: 'needs-relink', statusMessage: message });
}

/** The person asked to try again (after a refusal, or sooner than the next automatic attempt). */
export async function retryDelivery(deliveryId: string): Promise<void> {
  const delivery = await db.deliveries.get(deliveryId);
  if (!delivery) throw new OutboxError(t('errorDeliveryMissing'));
  if (delivery.state === 'done' || delivery.state === 'running') return;
  const account = await db.accounts.get(delivery.accountId);
  if (!account) throw new OutboxError(t('errorAccountMissing'));
  if (account.status === 'needs-relink') throw new OutboxError(t('errorNeedsRelink', account.handle));
  await update(deliveryId, { state: 'queued', attempts: 0, nextAttemptAt: 0, error: undefined });
  await runDue();
}

/** After an account was linked again, its deliveries waiting for that continue by themselves. */
export async function requeueAccount(accountId: string): Promise<void> {
  const waiting = await db.deliveries.where('accountId').equals(accountId).filter((d) => d.state === 'needs-relink').toArray();
  await Promise.all(waiting.map((d) => update(d.id, { state: 'queued', attempts: 0, nextAttemptAt: 0, error: undefined })));
  await runDue();
}

/** Deliveries of an unlinked account can never run; they say so instead of waiting forever. */
export async function abandonAccount(accountId: string): Promise<void> {
  const open = await db.deliveries.where('accountId').equals(accountId).filter((d) => d.state !== 'done').toArray();
  await Promise.all(
    open.map((d) => update(d.id, { state: 'failed', error: { kind: 'validation', message: t('errorAccountMissing') } })),
  );
  await updateBadge();
}

/** "Edit": a new draft with the post's text and copies of its images, to fix and publish again. */
export async function draftFromPost(postId: string): Promise<string> {
  const draftId = newId();
  await db.transaction('rw', [db.posts, db.media, db.drafts, db.settings], async () => {
    const post = await db.posts.get(postId);
    if (!post) throw new OutboxError(t('errorDraftMissing'));
    const now = Date.now();
    const { id: _postId, createdAt: _createdAt, mediaIds: _mediaIds, ...content } = post;
    await db.drafts.add(withChanges({ ...content, id: draftId, createdAt: now, updatedAt: now }, {}, now));
    const media = (await db.media.bulkGet(post.mediaIds)).filter((item): item is MediaItem => !!item);
    await db.media.bulkAdd(media.map((item) => ({ ...item, id: newId(), draftId, postId: null, createdAt: now })));
    await putSetting('currentDraftId', draftId);
  });
  return draftId;
}

/** The toolbar badge counts deliveries that need the person: refused, or waiting for a re-link. */
export async function updateBadge(): Promise<void> {
  const count = await db.deliveries.where('state').anyOf(['failed', 'needs-relink']).count();
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
}
