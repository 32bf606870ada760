import type { DestinationCheck } from '../utils/compose-rules';
import type { Account } from '../utils/db';
import { t } from '../utils/i18n';
import { measure } from '../utils/text/count';
import { AccountBadge } from './AccountBadge';
import { Counter } from './Counter';

interface Props {
  accounts: Account[];
  selected: ReadonlySet<string>;
  checks: DestinationCheck[];
  text: string;
  spoilerText: string;
  onToggle(accountId: string, on: boolean): void;
}

/** The linked accounts as destinations, each with its own counter and what stops publishing there. */
export function DestinationPicker({ accounts, selected, checks, text, spoilerText, onToggle }: Props) {
  if (accounts.length === 0) {
    return (
      <p class="hint" role="note">
        {t('noAccounts')}
      </p>
    );
  }
  return (
    <fieldset class="destinations">
      <legend>{t('destinations')}</legend>
      <ul>
        {accounts.map((account) => {
          const check = checks.find((entry) => entry.account.id === account.id);
          const counted = check?.measure ?? measure(text, spoilerText, account.countRule);
          const id = `destination-${account.id}`;
          return (
            <li key={account.id} class="destination" data-account={account.handle}>
              <input
                type="checkbox"
                id={id}
                checked={selected.has(account.id)}
                onChange={(event) => onToggle(account.id, (event.currentTarget as HTMLInputElement).checked)}
              />
              <label for={id}>
                <AccountBadge account={account} />
              </label>
              {account.status === 'needs-relink' ? (
                <span class="status-relink" role="status">
                  {t('needsRelink')}
                </span>
              ) : null}
              <Counter measure={counted} label={account.handle} />
              {check && check.parts.length > 1 ? (
                <details class="parts">
                  <summary>{t('partsCount', check.parts.length)}</summary>
                  <ol aria-label={t('partsPreview', account.handle)}>
                    {check.parts.map((part, index) => (
                      <li key={index} class="part">
                        {part}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
              {check && check.reasons.length > 0 ? (
                <ul class="reasons" aria-label={t('reasonsFor', account.handle)}>
                  {check.reasons.map((reason) => (
                    <li key={reason} class="reason">
                      {reason}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
