/**
 * Linking shared by Threads and Instagram, worker side: signing in through the person's own Meta
 * app (the code, which arrives with "#_" appended, is exchanged with the app secret for a short-lived
 * token, then for a 60-day one) and renewing a token, which needs no secret once it is a day old.
 * Threads: https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
 * Instagram: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
import { randomToken } from '../auth/pkce';
import { redirectUrl, runWebAuthFlow } from '../auth/web-auth-flow';
import { t } from '../i18n';
import type { Account, Credential } from '../model';
import { ValidationError } from './errors';
import { graphGet, graphPost, type GraphCaller } from './meta-graph';
import type { MetaHosts } from './meta-link-methods';
import type { RenewedToken } from './types';

/** A long-lived token's life: 60 days. */
export const TOKEN_LIFETIME_S = 60 * 24 * 60 * 60;

export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
  /** Counted from linking, Meta having said nothing: the real expiry may be earlier. */
  estimated?: boolean;
}

/** The account fields that say how long its token lasts. */
export function tokenFields(times: TokenTimes | undefined): Partial<Account> {
  if (!times) return {};
  return { tokenIssuedAt: times.issuedAt, tokenExpiresAt: times.expiresAt, tokenExpiryEstimated: times.estimated || undefined };
}

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  /** Instagram's code exchange may wrap its answer in `data`. */
  data?: { access_token?: string }[];
}

export interface MetaAppFlow {
  hosts: MetaHosts;
  scopes: string;
  /** The grant that makes a short-lived token long-lived: th_exchange_token, ig_exchange_token. */
  longLivedGrant: string;
  caller: GraphCaller;
}

/** Sign in through the person's own app; the token that comes back lasts 60 days. */
export async function signInWithOwnApp(flow: MetaAppFlow, input: Record<string, string>): Promise<{ credential: Omit<Credential, 'accountId'>; times: TokenTimes }> {
  const { hosts, scopes, caller } = flow;
  const clientId = (input.appId ?? '').trim();
  const clientSecret = (input.appSecret ?? '').trim();
  if (!clientId || !clientSecret) throw new ValidationError(t('errorAppFieldsEmpty'));
  const redirectUri = redirectUrl();
  const state = randomToken(16);
  const authorize = new URL('/oauth/authorize', hosts.authorize);
  authorize.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope: scopes, response_type: 'code', state }).toString();
  const host = new URL(hosts.authorize).host;
  const returned = await runWebAuthFlow(authorize.href, host);
  if (returned.searchParams.get('error')) {
    throw new ValidationError(t('errorSignInDeclined', host), { detail: returned.searchParams.get('error_description') ?? '' });
  }
  // The URL parser puts the appended "#_" in the fragment; strip it anyway, should it reach the code.
  const code = returned.searchParams.get('code')?.replace(/#_$/, '');
  // Its state was checked by runWebAuthFlow; without a code, the person declined.
  if (!code) throw new ValidationError(t('errorSignInCancelled', host));
  const exchangeHost = hosts.tokenExchange ?? hosts.graph;
  const short = await graphPost<TokenAnswer>(
    exchangeHost,
    '/oauth/access_token',
    { client_id: clientId, client_secret: clientSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code },
    caller,
  );
  const shortToken = short.access_token ?? short.data?.[0]?.access_token;
  if (!shortToken) throw new ValidationError(t('errorMetaNotReachable', new URL(exchangeHost).host));
  const long = await graphGet<TokenAnswer>(hosts.graph, '/access_token', { grant_type: flow.longLivedGrant, client_secret: clientSecret, access_token: shortToken }, caller);
  if (!long.access_token) throw new ValidationError(t('errorMetaNotReachable', new URL(hosts.graph).host));
  const now = Date.now();
  return {
    credential: { accessToken: long.access_token, scope: scopes, clientId, clientSecret },
    times: { issuedAt: now, expiresAt: now + (long.expires_in ?? TOKEN_LIFETIME_S) * 1000 },
  };
}

/** A token at least 24 hours old and not expired becomes a new 60-day token (th_refresh_token, ig_refresh_token). */
export async function renewMetaToken(server: string, grant: string, credential: Credential, caller: GraphCaller): Promise<RenewedToken> {
  const renewed = await graphGet<TokenAnswer>(server, '/refresh_access_token', { grant_type: grant, access_token: credential.accessToken }, caller);
  if (!renewed.access_token) throw new ValidationError(t('errorMetaNotReachable', new URL(server).host));
  const now = Date.now();
  return { credential: { ...credential, accessToken: renewed.access_token }, issuedAt: now, expiresAt: now + (renewed.expires_in ?? TOKEN_LIFETIME_S) * 1000 };
}

/** Times for a pasted token Meta says nothing about: counted from now, so it is renewed once it is a
 *  day old, and its expiry shown as 60 days from linking until the first renewal says better. */
export function assumedTokenTimes(): TokenTimes {
  const now = Date.now();
  return { issuedAt: now, expiresAt: now + TOKEN_LIFETIME_S * 1000, estimated: true };
}
