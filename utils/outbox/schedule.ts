/**
 * When deliveries run: now, after a backoff, after the worker was stopped (an alarm wakes the next
 * one), after the person asked to retry or linked an account again. Background only.
 */
import { browser } from 'wxt/browser';
import { db } from '../db';
import { t } from '../i18n';
import { byCount } from '../plural';
import type { Delivery } from '../model';
import { afterFailure, RUNNABLE_STATES } from './delivery-state';
import { OutboxError } from './outbox-error';
import { releaseLinkSiteAccess } from './link-site-access';
import { announceQuietly, isRunning, runDelivery, writeFailed } from './run';

export const OUTBOX_ALARM = 'outbox-wake';
/** Chromium does not fire alarms sooner than 30 s; closer retries also get an in-worker timer. */
const ALARM_MIN_DELAY_MS = 30_000;

let wakeTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * On every worker start: deliveries left "running" belonged to a stopped worker; they run again from
 * their checkpoints. Each such stop counts as an attempt: a delivery that brings the worker down
 * (an image too big to decode, say) fails with a message after the usual retries, instead of being
 * resumed, uncounted, at every start forever.
 */
export async function resumeAfterStart(): Promise<void> {
  const interrupted = await db.deliveries.where('state').equals('running').toArray();
  const stale = interrupted.filter((delivery) => !isRunning(delivery.id));
  const now = Date.now();
  await Promise.all(
    stale.map(async (delivery) => {
      const times = delivery.attempts + 1;
      const next = afterFailure(delivery, { kind: 'transient', message: t(byCount(times, 'errorInterruptedOne', 'errorInterrupted'), times) }, now);
      if (next.state !== 'failed') return db.deliveries.update(delivery.id, { ...next, updatedAt: now });
      // Failed for good, and the person hears of it.
      await writeFailed(delivery, next);
      await releaseLinkSiteAccess(delivery.id);
      await announceQuietly(delivery.id);
    }),
  );
  await runDue();
}

/** Start every delivery whose time has come; schedule a wake-up for the next one. */
export async function runDue(): Promise<void> {
  const now = Date.now();
  const due = await db.deliveries
    .where('state')
    .anyOf([...RUNNABLE_STATES])
    .filter((delivery) => delivery.nextAttemptAt <= now)
    .toArray();
  for (const delivery of due) {
    if (isRunning(delivery.id)) continue;
    void runDelivery(delivery.id)
      // Only a delivery that could not even be read gets here; the others record their own failures.
      .catch((error: unknown) => console.error('delivery could not be run', error))
      .then(scheduleWake);
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
  const waiting = pending.filter((delivery) => delivery.state === 'retrying' && !isRunning(delivery.id));
  const next = Math.min(...waiting.map((delivery) => delivery.nextAttemptAt), Number.POSITIVE_INFINITY);
  if (Number.isFinite(next)) {
    wakeTimer = setTimeout(() => void runDue(), Math.max(0, next - now));
  }
  // The alarm survives the worker: if this worker is stopped, the next one is started by it and
  // resumes. While deliveries are in flight it stands as a safety net.
  const when = Math.max(Number.isFinite(next) ? next : now, now + ALARM_MIN_DELAY_MS);
  await browser.alarms.create(OUTBOX_ALARM, { when });
}

async function requeue(deliveries: Delivery[]): Promise<void> {
  const now = Date.now();
  await Promise.all(
    deliveries.map((delivery) => db.deliveries.update(delivery.id, { state: 'queued', attempts: 0, nextAttemptAt: 0, error: undefined, updatedAt: now })),
  );
  await runDue();
}

/** The person asked to try again (after a refusal, or sooner than the next automatic attempt). */
export async function retryDelivery(deliveryId: string): Promise<void> {
  const delivery = await db.deliveries.get(deliveryId);
  if (!delivery) throw new OutboxError(t('errorDeliveryMissing'));
  if (delivery.state === 'done' || delivery.state === 'running') return;
  const account = await db.accounts.get(delivery.accountId);
  if (!account) throw new OutboxError(t('errorAccountMissing'));
  if (account.status === 'needs-relink') throw new OutboxError(t('errorNeedsRelink', account.handle));
  await requeue([delivery]);
}

/** After an account was linked again, its deliveries waiting for that continue by themselves. */
export async function requeueAccount(accountId: string): Promise<void> {
  await requeue(await db.deliveries.where('accountId').equals(accountId).filter((d) => d.state === 'needs-relink').toArray());
}

/** Deliveries of an unlinked account can never run; they say so instead of waiting forever. */
export async function abandonAccount(accountId: string): Promise<void> {
  const open = await db.deliveries.where('accountId').equals(accountId).filter((d) => d.state !== 'done').toArray();
  // A delivery still running ends its attempt; its next one finds no account and releases what it added (run.ts).
  await Promise.all(open.map((d) => writeFailed(d, { error: { kind: 'validation', message: t('errorAccountMissing') } })));
}
