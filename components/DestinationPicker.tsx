import { browser } from 'wxt/browser';
import type { DestinationCheck } from '../utils/compose-rules';
import { t } from '../utils/i18n';
import { byCount } from '../utils/plural';
import { AccountBadge } from './AccountBadge';
import { Counter } from './Counter';
import { ReasonList } from './ReasonList';

interface Props {
  /** One per linked account, as utils/compose-rules.ts checked the draft against it. */
  checks: DestinationCheck[];
  selected: ReadonlySet<string>;
  onToggle(accountId: string, on: boolean): void;
}

/** The linked accounts as destinations, each with its own counter and what stops publishing there. */
export function DestinationPicker({ checks, selected, onToggle }: Props) {
  if (checks.length === 0) {
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
        {checks.map(({ account, measure, parts, reasons, notes, needsImageHost }) => {
          const id = `destination-${account.id}`;
          const chosen = selected.has(account.id);
          return (
            <li key={account.id} class="destination" data-account={account.handle}>
              <input
                type="checkbox"
                id={id}
                checked={chosen}
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
              <Counter measure={measure} label={account.handle} />
              {chosen && parts.length > 1 ? (
                <details class="parts">
                  <summary>{t(byCount(parts.length, 'partsCountOne', 'partsCount'), parts.length)}</summary>
                  <ol aria-label={t('partsPreview', account.handle)}>
                    {parts.map((part, index) => (
                      <li key={index} class="part">
                        {part}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
              {chosen ? <ReasonList reasons={reasons} label={t('reasonsFor', account.handle)} /> : null}
              {chosen && needsImageHost ? (
                <a href={browser.runtime.getURL('/options.html#image-hosting')} target="_blank" rel="noopener">
                  {t('openImageHosting')}
                </a>
              ) : null}
              {chosen && notes.length > 0 ? (
                <ul class="notes">
                  {notes.map((note) => (
                    <li key={note}>{note}</li>
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
