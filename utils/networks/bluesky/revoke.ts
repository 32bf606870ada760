/**
 * Unlinking ends the session on the PDS (com.atproto.server.deleteSession, called with the refresh
 * token): it can no longer be renewed. Its access token is a signed JWT the PDS does not look up, so it
 * runs out by itself within two hours. The app password stays: the person deletes it in their
 * settings if they want to (the README says so).
 */
import type { Account, Credential } from '../../model';
import { requestJson } from '../http';
import { bearer, xrpcUrl } from './xrpc';

export async function deleteBlueskySession(account: Account, credential: Credential): Promise<void> {
  if (!credential.refreshToken) return;
  await requestJson(xrpcUrl(account.server, 'com.atproto.server.deleteSession'), {
    method: 'POST',
    headers: bearer(credential.refreshToken),
    timeoutMs: 10_000,
  });
}
