import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Account, Delivery } from '../utils/db';
import { announceChange, getAllRows, getRowsBy } from '../utils/idb';
import { canRetryByHand } from '../utils/delivery-state';
import { forgetFirstScreenDraft } from '../utils/first-screen';
import { t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { AccountBadge } from './AccountBadge';
import { useQuery } from './use-query';

const IN_FLIGHT = new Set<Delivery['state']>(['queued', 'running', 'retrying']);

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
      return t('deliveryRetrying', new Date(delivery.nextAttemptAt).toLocaleTimeString());
    case 'queued':
      return t('deliveryQueued');
    case 'running':
      if (progress.step === 'preparing') return t('deliveryPreparing', progress.total);
      if (progress.step === 'uploading') return t('deliveryUploading', progress.current, progress.total);
      if (progress.step === 'posting') return t('deliveryPosting');
      return t('deliveryStarting');
  }
}

interface Props {
  postId: string;
  onEdit?(draftId: string): void;
}

/** Live progress of one post's deliveries, with "Retry", "Edit" and the published links. */
export function DeliveryList({ postId, onEdit }: Props) {
  // The background writes progress through Dexie, which pages are not told about: poll often while
  // something is on its way, rarely once all is settled (history shows many of these lists).
  const [active, setActive] = useState(true);
  const deliveries = useQuery(() => getRowsBy<Delivery>('deliveries', 'postId', postId), [postId], ['deliveries'], active ? 250 : 10_000);
  const accounts = useQuery(() => getAllRows<Account>('accounts'), [], ['accounts'], 10_000);
  const stillActive = deliveries?.some((delivery) => IN_FLIGHT.has(delivery.state)) ?? true;
  useEffect(() => setActive(stillActive), [stillActive]);
  const [actionError, setActionError] = useState('');
  if (!deliveries) return null;
  const accountOf = (id: string): Account | undefined => accounts?.find((account) => account.id === id);

  const act = async (action: () => Promise<unknown>) => {
    setActionError('');
    try {
      await action();
      // The background changed the delivery: read it now rather than at the next slow poll.
      announceChange(['deliveries']);
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section class="deliveries" aria-label={t('deliveries')}>
      <ul>
        {deliveries.map((delivery) => {
          const account = accountOf(delivery.accountId);
          return (
            <li key={delivery.id} class={`delivery delivery-${delivery.state}`} data-state={delivery.state}>
              {account ? <AccountBadge account={account} /> : <span class="handle">{t('unlinkedAccount')}</span>}
              <span class="delivery-state" role="status" aria-live="polite">
                {describe(delivery)}
              </span>
              {delivery.error && delivery.state !== 'done' ? <p class="error-text">{delivery.error.message}</p> : null}
              <span class="delivery-actions">
                {delivery.url ? (
                  <a
                    href={delivery.url}
                    target="_blank"
                    rel="noreferrer"
                    onClick={(event) => {
                      event.preventDefault();
                      void browser.tabs.create({ url: delivery.url });
                    }}
                  >
                    {t('openPost')}
                  </a>
                ) : null}
                {canRetryByHand(delivery.state) && delivery.state !== 'needs-relink' ? (
                  <button type="button" onClick={() => act(() => sendMessage('outbox.retry', { deliveryId: delivery.id }))}>
                    {t('retry')}
                  </button>
                ) : null}
                {delivery.state === 'failed' && onEdit ? (
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        // The background makes the copied post the current draft: the popup's copy must not paint the old one.
                        forgetFirstScreenDraft();
                        const { draftId } = await sendMessage('outbox.edit', { postId: delivery.postId });
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
