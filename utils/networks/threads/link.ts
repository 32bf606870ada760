/**
 * Linking a Threads account: with a pasted long-lived token (its times read from /debug_token), or
 * through the person's own Meta app (utils/networks/meta-link.ts).
 */
import { t } from '../../i18n';
import type { Credential } from '../../model';
import { ValidationError } from '../errors';
import { graphGet, type GraphCaller } from '../meta-graph';
import { assumedTokenTimes, renewMetaToken, signInWithOwnApp, tokenFields, type TokenTimes } from '../meta-link';
import { metaHosts } from '../meta-link-methods';
import type { LinkResult, RenewedToken } from '../types';
import { THREADS_HOSTS, threadsNetwork } from './description';

/** Reading replies is asked for only to find a reply again after its publish answer was lost. */
const SCOPES = 'threads_basic,threads_content_publish,threads_read_replies';
export const THREADS_API = '/v1.0';

interface Me {
  id: string;
  username: string;
  name?: string;
  threads_profile_picture_url?: string;
}

interface DebugToken {
  data?: { expires_at?: number; issued_at?: number };
}

const caller = (handle = ''): GraphCaller => ({ network: 'Threads', handle, aboutToken: true });

/** When the token was issued and expires (https://developers.facebook.com/docs/threads/troubleshooting/debug-access-token). */
async function debugTimes(graph: string, token: string): Promise<TokenTimes | undefined> {
  try {
    const { data } = await graphGet<DebugToken>(graph, `${THREADS_API}/debug_token`, { input_token: token, access_token: token }, caller());
    if (!data?.expires_at) return undefined;
    return { issuedAt: (data.issued_at ?? Date.now() / 1000) * 1000, expiresAt: data.expires_at * 1000 };
  } catch (error) {
    // Only a Threads tester of the token's own app may ask; anyone else gets the times assumed.
    console.warn('Threads did not say when the token expires', error);
    return undefined;
  }
}

async function linked(graph: string, credential: Omit<Credential, 'accountId'>, times?: TokenTimes): Promise<LinkResult> {
  const me = await graphGet<Me>(graph, `${THREADS_API}/me`, { fields: 'id,username,name,threads_profile_picture_url', access_token: credential.accessToken }, caller());
  if (!me || typeof me.id !== 'string' || typeof me.username !== 'string') throw new ValidationError(t('errorMetaNotReachable', new URL(graph).host));
  const accountId = `threads:${me.id}`;
  return {
    profile: {
      id: accountId,
      network: 'threads',
      server: graph,
      remoteId: me.id,
      handle: `@${me.username}`,
      displayName: me.name || me.username,
      avatarUrl: me.threads_profile_picture_url ?? '',
      software: 'threads',
      softwareVersion: '',
      capabilities: threadsNetwork.capabilities,
      limits: threadsNetwork.limits,
      ...tokenFields(times),
    },
    credential: { ...credential, accountId },
  };
}

export async function linkThreads(methodId: string, input: Record<string, string>): Promise<LinkResult> {
  const hosts = metaHosts(THREADS_HOSTS, input);
  if (methodId === 'token') {
    const token = (input.token ?? '').trim();
    if (!token) throw new ValidationError(t('errorTokenEmpty'));
    return linked(hosts.graph, { accessToken: token, scope: SCOPES }, (await debugTimes(hosts.graph, token)) ?? assumedTokenTimes());
  }
  if (methodId === 'app') {
    const { credential, times } = await signInWithOwnApp({ hosts, scopes: SCOPES, longLivedGrant: 'th_exchange_token', caller: caller() }, input);
    return linked(hosts.graph, credential, times);
  }
  throw new ValidationError(`Unknown link method ${methodId}`);
}

/** Read the profile again with the stored token (its times stay as they are). */
export function refreshThreads(server: string, credential: Credential): Promise<LinkResult> {
  return linked(server, credential);
}

export function renewThreadsToken(server: string, handle: string, credential: Credential): Promise<RenewedToken> {
  return renewMetaToken(server, 'th_refresh_token', credential, caller(handle));
}
