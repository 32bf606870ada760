/**
 * Tokens that expire (Threads and Instagram: 60 days) are renewed in the background once they are a
 * day old, the earliest Meta allows, on an alarm twice a day and when the browser starts: a browser
 * opened once a week never lets one lapse. Background only.
 */
import { browser } from 'wxt/browser';
import { markNeedsRelink } from './accounts';
import { readCredential, saveCredential } from './credentials';
import { db } from './db';
import { messageOf } from './i18n';
import type { Account } from './model';
import { adapterFor } from './networks/adapters';
import { isNetworkError } from './networks/errors';

export const TOKEN_RENEWAL_ALARM = 'token-renewal';
const RENEWAL_PERIOD_MINUTES = 12 * 60;
/** Meta refuses to renew a token younger than this. */
export const RENEWABLE_AFTER_MS = 24 * 60 * 60_000;

/** The alarm stands across worker and browser restarts; made once. */
export async function scheduleTokenRenewal(): Promise<void> {
  if (await browser.alarms.get(TOKEN_RENEWAL_ALARM)) return;
  await browser.alarms.create(TOKEN_RENEWAL_ALARM, { delayInMinutes: 1, periodInMinutes: RENEWAL_PERIOD_MINUTES });
}

async function renew(account: Account): Promise<void> {
  const adapter = adapterFor(account.network);
  const credential = await readCredential(account.id);
  if (!adapter.renewToken || !credential) return;
  // While Meta answers, the person may unlink the account or link it again: then the answer is
  // stale, and writing it would bring back a removed token or replace the new one.
  const unchanged = async () => (await readCredential(account.id))?.accessToken === credential.accessToken;
  try {
    const renewed = await adapter.renewToken(account, credential);
    await db.transaction('rw', [db.accounts, db.credentials], async () => {
      if (!(await unchanged())) return;
      await saveCredential(renewed.credential);
      await db.accounts.update(account.id, {
        tokenIssuedAt: renewed.issuedAt,
        tokenExpiresAt: renewed.expiresAt,
        tokenExpiryEstimated: undefined,
        tokenRenewalError: undefined,
      });
    });
  } catch (error) {
    if (!(await unchanged())) return;
    // Kept, and said in the options page and (close to expiry) in the composer; tried again next time.
    await db.accounts.update(account.id, { tokenRenewalError: messageOf(error) });
    if (isNetworkError(error) && error.kind === 'auth') await markNeedsRelink(account.id, error.message);
  }
}

/** Renew every token that is at least a day old; the others wait for a later run. */
export async function renewTokens(now = Date.now()): Promise<void> {
  const due = await db.accounts
    .filter((account) => !!account.capabilities.expiringTokens && account.status === 'ok' && now - (account.tokenIssuedAt ?? 0) >= RENEWABLE_AFTER_MS)
    .toArray();
  for (const account of due) await renew(account);
}

/** From the alarm and at startup: a failure is kept on the account (renew), anything else only logged. */
export function renewTokensInBackground(): void {
  renewTokens().catch((error: unknown) => console.error('Renewing tokens failed', error));
}
