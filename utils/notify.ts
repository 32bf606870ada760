/**
 * Notifications for what happened while the person was elsewhere: a post gone out everywhere, a
 * delivery that failed. A click opens that post in the history. Worker only.
 */
import { browser } from 'wxt/browser';
import { db } from './db';
import { deliveriesOf } from './history';
import { t } from './i18n';
import type { Delivery } from './model';

const ICON = '/icon/128.png';

/** Where a post is shown in the history (options page), for a notification's click. */
export function historyEntryUrl(postId: string): string {
  return browser.runtime.getURL(`/options.html#post-${postId}`);
}

/** Notification ids carry the post they are about: "post:<id>" and "failed:<post id>:<delivery id>". */
function postOf(notificationId: string): string | undefined {
  const [kind, postId] = notificationId.split(':');
  return (kind === 'post' || kind === 'failed') && postId ? postId : undefined;
}

/** The id of the notification that says this delivery failed. */
const failedId = (delivery: Delivery) => `failed:${delivery.postId}:${delivery.id}`;

/**
 * Posts already announced as gone out everywhere, by this worker: two deliveries finishing at once
 * both find the post complete, and the person should hear of it once.
 */
const announcedPosts = new Set<string>();

async function handleOf(delivery: Delivery): Promise<string> {
  return (await db.accounts.get(delivery.accountId))?.handle ?? t('unlinkedAccount');
}

/**
 * Called when a delivery has reached an end (done, failed, needs re-link): says so when the person
 * should know. A post is announced once, by the delivery that completes it.
 */
export async function announce(deliveryId: string): Promise<void> {
  const delivery = await db.deliveries.get(deliveryId);
  if (!delivery) return;
  if (delivery.state === 'failed' || delivery.state === 'needs-relink') {
    await browser.notifications.create(failedId(delivery), {
      type: 'basic',
      iconUrl: ICON,
      title: t('notifyFailedTitle', await handleOf(delivery)),
      message: delivery.error?.message ?? t('deliveryFailed'),
    });
    return;
  }
  if (delivery.state !== 'done') return;
  // It failed before and went out on a retry: the failure it announced is no longer true.
  await browser.notifications.clear(failedId(delivery));
  const all = await deliveriesOf(delivery.postId);
  if (!all.every((each) => each.state === 'done') || announcedPosts.has(delivery.postId)) return;
  announcedPosts.add(delivery.postId);
  const handles = await Promise.all(all.map(handleOf));
  await browser.notifications.create(`post:${delivery.postId}`, {
    type: 'basic',
    iconUrl: ICON,
    title: t('notifyPostedTitle'),
    message: t('notifyPostedMessage', handles.join(', ')),
  });
}

/** A notification was clicked: its post in the history, in a tab (a window when none is open). */
export async function openNotified(notificationId: string): Promise<void> {
  const postId = postOf(notificationId);
  await browser.notifications.clear(notificationId);
  if (!postId) return;
  const url = historyEntryUrl(postId);
  await browser.tabs.create({ url }).catch(() => browser.windows.create({ url }));
}

/** The post left the history: what was said about it no longer leads anywhere. */
export async function clearNotificationsOf(postId: string): Promise<void> {
  const shown = await browser.notifications.getAll();
  await Promise.all(Object.keys(shown).filter((id) => postOf(id) === postId).map((id) => browser.notifications.clear(id)));
}
