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
    await browser.notifications.create(`failed:${delivery.postId}:${delivery.id}`, {
      type: 'basic',
      iconUrl: ICON,
      title: t('notifyFailedTitle', await handleOf(delivery)),
      message: delivery.error?.message ?? t('deliveryFailed'),
    });
    return;
  }
  if (delivery.state !== 'done') return;
  const all = await deliveriesOf(delivery.postId);
  if (!all.every((each) => each.state === 'done')) return;
  const handles = await Promise.all(all.map(handleOf));
  await browser.notifications.create(`post:${delivery.postId}`, {
    type: 'basic',
    iconUrl: ICON,
    title: t('notifyPostedTitle'),
    message: t('notifyPostedMessage', handles.join(', ')),
  });
}

/** A notification was clicked: its post in the history, in a tab. */
export async function openNotified(notificationId: string): Promise<void> {
  const postId = postOf(notificationId);
  await browser.notifications.clear(notificationId);
  if (postId) await browser.tabs.create({ url: historyEntryUrl(postId) });
}
