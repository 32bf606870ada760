/** What the background does with each message. The entrypoint only wires listeners to this. */
import { browser, type Browser } from 'wxt/browser';
import { watchBadge } from './badge';
import { removeBucket, saveBucket } from './bucket';
import { applyDraftEdits } from './drafts';
import { linkAccount, refreshAccount, unlinkAccount } from './linking';
import { messageOf } from './i18n';
import { isTrustedSender, parseEnvelope, type Envelope, type MessageType, type Reply, type ResponseOf } from './messages';
import { isNetworkError } from './networks/errors';
import { allowTestFixtureOrigin } from './networks/public-address';
import { clearNotificationsOf, openNotified } from './notify';
import { enqueue } from './outbox/enqueue';
import { forgetPost } from './outbox/forget';
import { OUTBOX_ALARM, resumeAfterStart, retryDelivery, runDue } from './outbox/schedule';
import { createMenus, onCommand, onMenuClicked } from './share/share';
import { renewTokensInBackground, scheduleTokenRenewal, TOKEN_RENEWAL_ALARM } from './token-renewal';

type Handlers = { [K in MessageType]: (payload: Envelope<K>['payload']) => Promise<ResponseOf<K>> };

const handlers: Handlers = {
  'account.link': ({ network, method, input, relink }) => linkAccount(network, method, input, relink),
  'account.unlink': ({ accountId }) => unlinkAccount(accountId),
  'account.refresh': ({ accountId }) => refreshAccount(accountId),
  'outbox.publish': ({ draftId, accountIds }) => enqueue(draftId, accountIds),
  'outbox.retry': async ({ deliveryId }) => {
    await retryDelivery(deliveryId);
    return null;
  },
  'history.delete': async ({ postId }) => {
    await forgetPost(postId);
    await clearNotificationsOf(postId);
    return null;
  },
  'draft.save': async (edits) => {
    await applyDraftEdits(edits);
    return null;
  },
  'bucket.save': async ({ settings, secret }) => {
    await saveBucket(settings, secret);
    return null;
  },
  'bucket.remove': async () => {
    await removeBucket();
    return null;
  },
  'outbox.wake': async () => {
    await runDue();
    return null;
  },
};

export async function handleMessage(message: unknown, sender: Browser.runtime.MessageSender): Promise<Reply<unknown>> {
  if (!isTrustedSender(sender, browser.runtime.getURL('/'))) {
    return { ok: false, error: { message: 'Refused: not sent by this extension.' } };
  }
  const envelope = parseEnvelope(message);
  if (!envelope) return { ok: false, error: { message: 'Refused: malformed message.' } };
  try {
    const handler = handlers[envelope.type] as (payload: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(envelope.payload) };
  } catch (error) {
    const kind = isNetworkError(error) ? error.kind : undefined;
    return { ok: false, error: { message: messageOf(error), kind } };
  }
}

/** Registered synchronously at the top of the worker: an MV3 worker may be woken by any of them. */
export function registerBackground(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) =>
    handleMessage(message, sender),
  );
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void runDue();
    if (alarm.name === TOKEN_RENEWAL_ALARM) renewTokensInBackground();
  });
  browser.runtime.onStartup.addListener(() => {
    void resumeAfterStart();
    renewTokensInBackground();
  });
  // Sharing while browsing. The handlers ask for access first, inside the person's click.
  void createMenus().catch(logError('context menus'));
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab).catch(logError('sharing')));
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab).catch(logError('sharing')));
  browser.notifications.onClicked.addListener((id) => void openNotified(id).catch(logError('a notification')));
  void scheduleTokenRenewal();
  watchBadge();
  // Every worker start, not only browser start: the previous worker may have been stopped mid-delivery.
  void resumeAfterStart();
  // Test builds only: the e2e tests dispatch what the browser's own UI would (a menu click, a
  // shortcut, a notification click), which a test cannot reach; and a loopback page taken as a public
  // site for a link card, which every build refuses otherwise.
  if (import.meta.env.CROSSPOST_TEST_HOOKS) Object.assign(globalThis, { everywherePost: { onMenuClicked, onCommand, openNotified, allowTestFixtureOrigin } });
}

const logError = (what: string) => (error: unknown) => console.error(`${what} failed`, error);
