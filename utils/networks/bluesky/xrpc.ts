/**
 * Calling an AT Protocol server (XRPC) with the account's session, refreshing it before it expires
 * and once more if the server says it expired early. createSession is rate limited (30 per 5 minutes,
 * 300 a day): sessions are kept and refreshed, never made once per post.
 * Lexicons: https://github.com/bluesky-social/atproto/tree/main/lexicons
 */
import { t } from '../../i18n';
import type { Account, Credential } from '../../model';
import { AuthError, NetworkError, ValidationError } from '../errors';
import { requestJson, type RequestOptions } from '../http';

/** Refresh the access token when it has less than this left (it lives about two hours). */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface Session {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
}

export function xrpcUrl(service: string, nsid: string, params?: Record<string, string>): string {
  const url = new URL(`/xrpc/${nsid}`, service);
  if (params) url.search = new URLSearchParams(params).toString();
  return url.href;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** When a JWT expires, from its `exp` claim (ms since epoch); 0 when it cannot be read. */
export function jwtExpiry(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof json.exp === 'number' ? json.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** A usable session: the stored one, or a refreshed one when it expires soon. */
export async function freshCredential(
  account: Account,
  credential: Credential,
  saveCredential: (credential: Credential) => Promise<void>,
  force = false,
): Promise<Credential> {
  if (!force && credential.expiresAt && credential.expiresAt - Date.now() > REFRESH_MARGIN_MS) return credential;
  if (!credential.refreshToken) throw new AuthError(t('errorBlueskySessionExpired', account.handle));
  let session: Session;
  try {
    ({ data: session } = await requestJson<Session>(xrpcUrl(account.server, 'com.atproto.server.refreshSession'), {
      method: 'POST',
      headers: bearer(credential.refreshToken),
    }));
  } catch (error) {
    // ExpiredToken / InvalidToken / revoked: only a new sign-in helps. Anything else may pass.
    if (error instanceof AuthError || (error instanceof ValidationError && /token/i.test(error.code ?? ''))) {
      throw new AuthError(t('errorBlueskySessionExpired', account.handle), { cause: error });
    }
    throw error;
  }
  const next: Credential = {
    ...credential,
    accessToken: session.accessJwt,
    refreshToken: session.refreshJwt,
    expiresAt: jwtExpiry(session.accessJwt),
  };
  await saveCredential(next);
  return next;
}

/** Calls with the session, refreshing once if the server says the access token expired early. */
export class SessionClient {
  constructor(
    private readonly account: Account,
    private credential: Credential,
    private readonly saveCredential: (credential: Credential) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.credential = await freshCredential(this.account, this.credential, this.saveCredential);
  }

  async call<T>(nsid: string, options: RequestOptions & { params?: Record<string, string> } = {}): Promise<T> {
    const send = () =>
      requestJson<T>(xrpcUrl(this.account.server, nsid, options.params), {
        ...options,
        headers: { ...options.headers, ...bearer(this.credential.accessToken) },
      });
    try {
      return (await send()).data;
    } catch (error) {
      if (error instanceof NetworkError && (error.code === 'ExpiredToken' || error.kind === 'auth')) {
        this.credential = await freshCredential(this.account, this.credential, this.saveCredential, true);
        return (await send()).data;
      }
      throw error;
    }
  }
}
