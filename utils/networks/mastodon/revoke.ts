/**
 * Unlinking tells the server the token is no longer wanted (RFC 7009, Mastodon's POST /oauth/revoke:
 * https://docs.joinmastodon.org/methods/oauth/#revoke). Only a token this extension obtained through
 * its own app can be revoked this way: the app's client id and secret are needed. A pasted token is
 * the person's own, made in their settings, and stays theirs to delete there.
 */
import type { Account, Credential } from '../../model';
import { requestJson } from '../http';

export async function revokeMastodonToken(account: Account, credential: Credential): Promise<void> {
  if (!credential.clientId || !credential.clientSecret) return;
  await requestJson(`${account.server}/oauth/revoke`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: credential.clientId, client_secret: credential.clientSecret, token: credential.accessToken }),
    timeoutMs: 10_000,
  });
}
