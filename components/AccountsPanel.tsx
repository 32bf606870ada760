import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { requestAccess } from '../utils/access-prompt';
import { linkedAccounts } from '../utils/accounts';
import { messageOf, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import type { Account } from '../utils/model';
import { ALL_NETWORKS, networkOf } from '../utils/networks/index';
import { linkMethodsOf } from '../utils/networks/link-registry';
import type { LinkMethod, NetworkDescription } from '../utils/networks/types';
import { AccountBadge } from './AccountBadge';
import { useLiveQuery } from './use-live-query';
import { FormOutcome, type Outcome } from './FormOutcome';

/**
 * Ask for host access inside the click (browsers only show the prompt during a user gesture),
 * then let the background link. Access is asked for this one server only, and a question left
 * unanswered ends the wait with a message rather than "Linking…" for ever.
 */
async function requestAccessThenLink(network: NetworkDescription, method: LinkMethod, input: Record<string, string>, relink: Account | undefined) {
  const origins = method.origins(input);
  const granted = await requestAccess(origins);
  if (!granted) throw new Error(t('errorPermissionDenied'));
  return sendMessage('account.link', { network: network.id, method: method.id, input, relink: relink?.id });
}

/** A way to link an account; `relinking` the account when it is linked again. */
function LinkForm({ network, method, relinking }: { network: NetworkDescription; method: LinkMethod; relinking?: Account }) {
  const prefill = relinking ? method.prefill(relinking) : undefined;
  // Linked this way before: what was typed once (the app's id and secret) need not be typed again.
  const kept = relinking?.linkedWith === method.id ? (method.savedFields ?? {}) : {};
  const [values, setValues] = useState<Record<string, string>>(prefill ?? {});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Outcome | null>(null);
  const formId = `${network.id}-${method.id}`;
  return (
    <form
      class="link-form"
      aria-label={t(method.label)}
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setMessage(null);
        try {
          const account = await requestAccessThenLink(network, method, values, relinking);
          setMessage({ kind: 'ok', text: t('linkedAs', account.handle) });
          setValues(prefill ?? {});
        } catch (error) {
          setMessage({ kind: 'error', text: messageOf(error) });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3>{t(method.label)}</h3>
      <p class="hint">{t(method.help)}</p>
      {method.showsRedirectUrl ? <p class="hint">{t('redirectUrlHint', browser.identity.getRedirectURL())}</p> : null}
      {method.fields.map((field) => (
        <div class="field" key={field.name}>
          <label for={`${formId}-${field.name}`}>{t(field.label)}</label>
          <input
            id={`${formId}-${field.name}`}
            type={field.secret ? 'password' : 'text'}
            autocomplete="off"
            spellcheck={false}
            required={!field.optional && !kept[field.name]}
            placeholder={kept[field.name] ? t('fieldSavedKeep') : field.placeholder ? t(field.placeholder) : undefined}
            value={values[field.name] ?? ''}
            onInput={(event) => setValues({ ...values, [field.name]: (event.currentTarget as HTMLInputElement).value })}
          />
        </div>
      ))}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('linking') : t(method.label)}
      </button>
      <FormOutcome outcome={message} />
    </form>
  );
}

function AccountRow({ account, onUnlinked }: { account: Account; onUnlinked(notice: string | undefined): void }) {
  const [error, setError] = useState('');
  const [relinking, setRelinking] = useState(false);
  // Telling the server to revoke the token can take seconds: one unlink at a time.
  const [unlinking, setUnlinking] = useState(false);
  const network = networkOf(account.network);
  return (
    <li class="account-row" data-account={account.handle}>
      <AccountBadge account={account} />
      <span class="software">{account.software}</span>
      {account.tokenExpiresAt ? (
        <span class="token-expiry">
          {t(account.tokenExpiryEstimated ? 'tokenExpiresByEstimate' : 'tokenExpiresOn', new Date(account.tokenExpiresAt).toLocaleDateString())}
        </span>
      ) : null}
      {account.tokenRenewalError ? <span class="error-text">{t('tokenRenewalFailed', account.tokenRenewalError)}</span> : null}
      {account.status === 'needs-relink' ? (
        <span class="status-relink" role="status">
          {t('needsRelink')}
        </span>
      ) : null}
      <button type="button" onClick={() => setRelinking(!relinking)} aria-expanded={relinking}>
        {t('relink')}
      </button>
      <button
        type="button"
        aria-label={t('unlinkNamed', account.handle)}
        disabled={unlinking}
        onClick={async () => {
          setError('');
          setUnlinking(true);
          try {
            // The row goes with the account: what the panel should still say comes back to it.
            onUnlinked((await sendMessage('account.unlink', { accountId: account.id })).notice);
          } catch (unlinkError) {
            setError(messageOf(unlinkError));
            setUnlinking(false);
          }
        }}
      >
        {unlinking ? t('unlinking') : t('unlink')}
      </button>
      {error ? <p class="error-text">{error}</p> : null}
      {relinking
        ? linkMethodsOf(network.id).map((method) => (
            <LinkForm key={method.id} network={network} method={method} relinking={account} />
          ))
        : null}
    </li>
  );
}

/** Linked accounts (with their health) and the ways to link more. */
export function AccountsPanel() {
  // Live: an account linked here (by the worker) or marked "needs re-link" shows as it is written.
  const accounts = useLiveQuery(linkedAccounts, []);
  // Said after an unlink when the server could not be told to revoke the token.
  const [unlinkNotice, setUnlinkNotice] = useState<string | undefined>();
  return (
    <section class="accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts')}</h2>
      {unlinkNotice ? (
        <p class="error-text" role="alert">
          {unlinkNotice}
        </p>
      ) : null}
      {accounts && accounts.length === 0 ? <p class="hint">{t('noAccounts')}</p> : null}
      <ul class="account-list">
        {(accounts ?? []).map((account) => (
          <AccountRow key={account.id} account={account} onUnlinked={setUnlinkNotice} />
        ))}
      </ul>
      {ALL_NETWORKS.map((network) => (
        <section key={network.id} class="network" aria-label={t(network.label)}>
          <h2>{t(network.label)}</h2>
          {linkMethodsOf(network.id).map((method) => (
            <LinkForm key={method.id} network={network} method={method} />
          ))}
        </section>
      ))}
    </section>
  );
}
