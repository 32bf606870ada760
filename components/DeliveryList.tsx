import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { requestAccess } from '../utils/access-prompt';
import { linkedAccounts } from '../utils/accounts';
import { draftFromPost } from '../utils/drafts';
import { canRetryByHand, deliveriesOf, postById } from '../utils/history';
import { messageOf, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import type { Account, Delivery, Post } from '../utils/model';
import { cardAccessSite } from '../utils/networks/card-site';
import { byCount } from '../utils/plural';
import { webHref } from '../utils/web-href';
import { AccountBadge } from './AccountBadge';
import { useLiveQuery } from './use-live-query';

function describe(delivery: Delivery): string {
  const { progress } = delivery;
  switch (delivery.state) {
    case 'done':
      return t('deliveryDone');
    case 'failed':
      return t('deliveryFailed');
    case 'needs-relink':
      return t('needsRelink');
    case 'retrying':
      // Sent, without an answer in time: it may be out already, so it is not called a failure.
      if (delivery.error?.unconfirmed) return t('deliveryUnconfirmed', new Date(delivery.nextAttemptAt).toLocaleTimeString());
      return t('deliveryRetrying', new Date(delivery.nextAttemptAt).toLocaleTimeString());
    case 'queued':
      return t('deliveryQueued');
    case 'running':
      if (progress.step === 'preparing') return t(byCount(progress.total, 'deliveryPreparingOne', 'deliveryPreparing'), progress.total);
      if (progress.step === 'uploading') return t('deliveryUploading', progress.current, progress.total);
      if (progress.step === 'posting') return t('deliveryPosting');
      return t('deliveryStarting');
  }
}

interface Props {
  postId: string;
  /** The post, where the caller holds it already (the history), so it is not read again. */
  post?: Post;
  /** After "Edit" made the post the current draft again. */
  onEdit?(draftId: string): void;
}

/** Live progress of one post's deliveries, with "Retry", "Edit" and the published links. */
export function DeliveryList({ postId, post: given, onEdit }: Props) {
  // The worker's every step reaches this list as it commits (Dexie tells each page).
  const deliveries = useLiveQuery(() => deliveriesOf(postId), [postId]);
  const accounts = useLiveQuery(linkedAccounts, []);
  // null once read and not there; undefined while reading (the list waits: Retry needs the post's link).
  const read = useLiveQuery(async () => (given ? null : ((await postById(postId)) ?? null)), [postId, given]);
  const post = given ?? read;
  const [actionError, setActionError] = useState('');
  if (!deliveries || post === undefined) return null;
  const accountOf = (id: string): Account | undefined => accounts?.find((account) => account.id === id);

  const act = async (action: () => Promise<unknown>) => {
    setActionError('');
    try {
      await action();
    } catch (error) {
      setActionError(messageOf(error));
    }
  };

  return (
    <section class="deliveries" aria-label={t('deliveries')}>
      <ul>
        {deliveries.map((delivery) => {
          const account = accountOf(delivery.accountId);
          const postUrl = webHref(delivery.url);
          return (
            <li key={delivery.id} class={`delivery delivery-${delivery.state}`} data-state={delivery.state}>
              {account ? <AccountBadge account={account} /> : <span class="handle">{t('unlinkedAccount')}</span>}
              <span class="delivery-state" role="status" aria-live="polite">
                {describe(delivery)}
              </span>
              {delivery.error && delivery.state !== 'done' ? <p class="error-text">{delivery.error.message}</p> : null}
              <span class="delivery-actions">
                {postUrl ? (
                  <a
                    href={postUrl}
                    target="_blank"
                    rel="noreferrer"
                    onClick={(event) => {
                      event.preventDefault();
                      void browser.tabs.create({ url: postUrl });
                    }}
                  >
                    {t('openPost')}
                  </a>
                ) : null}
                {canRetryByHand(delivery.state) ? (
                  <button
                    type="button"
                    onClick={() => {
                      // Access to the card's site was given back when the delivery ended: asked again
                      // inside this click (the browser asks only here), before the delivery runs.
                      const site = post && account ? cardAccessSite(post, post.mediaIds.length, [account]) : undefined;
                      const access = site ? requestAccess([site]).catch(() => false) : undefined;
                      void act(async () => {
                        await access;
                        await sendMessage('outbox.retry', { deliveryId: delivery.id });
                      });
                    }}
                  >
                    {t('retry')}
                  </button>
                ) : null}
                {delivery.state === 'failed' && onEdit ? (
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        const draftId = await draftFromPost(delivery.postId);
                        if (!draftId) throw new Error(t('errorDraftMissing'));
                        onEdit(draftId);
                      })
                    }
                  >
                    {t('edit')}
                  </button>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      {actionError ? (
        <p class="error-text" role="alert">
          {actionError}
        </p>
      ) : null}
    </section>
  );
}
