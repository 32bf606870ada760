/**
 * Linking an Instagram professional account (Instagram API with Instagram Login): with a pasted
 * long-lived token, or through the person's own Meta app (utils/networks/meta-link.ts).
 */
import { t } from '../../i18n';
import type { Credential } from '../../model';
import { ValidationError } from '../errors';
import { graphGet, type GraphCaller } from '../meta-graph';
import { assumedTokenTimes, renewMetaToken, signInWithOwnApp, tokenFields, type TokenTimes } from '../meta-link';
import { metaHosts } from '../meta-link-methods';
import type { LinkResult, RenewedToken } from '../types';
import { INSTAGRAM_HOSTS, instagramNetwork } from './description';

const SCOPES = 'instagram_business_basic,instagram_business_content_publish';
export const INSTAGRAM_API = '/v23.0';

interface Me {
  user_id?: string;
  id?: string;
  username?: string;
  name?: string;
  profile_picture_url?: string;
}

const caller = (handle = ''): GraphCaller => ({ network: 'Instagram', handle, aboutToken: true });

async function linked(graph: string, credential: Omit<Credential, 'accountId'>, times?: TokenTimes): Promise<LinkResult> {
  const me = await graphGet<Me>(graph, `${INSTAGRAM_API}/me`, { fields: 'user_id,username,name,profile_picture_url', access_token: credential.accessToken }, caller());
  // Publishing takes the Instagram professional account id (user_id); `id` is the app-scoped one.
  const userId = me?.user_id ?? me?.id;
  if (!userId || typeof me.username !== 'string') throw new ValidationError(t('errorMetaNotReachable', new URL(graph).host));
  const accountId = `instagram:${userId}`;
  return {
    profile: {
      id: accountId,
      network: 'instagram',
      server: graph,
      remoteId: userId,
      handle: `@${me.username}`,
      displayName: me.name || me.username,
      avatarUrl: me.profile_picture_url ?? '',
      software: 'instagram',
      softwareVersion: '',
      capabilities: instagramNetwork.capabilities,
      limits: instagramNetwork.limits,
      ...tokenFields(times),
    },
    credential: { ...credential, accountId },
  };
}

export async function linkInstagram(methodId: string, input: Record<string, string>): Promise<LinkResult> {
  const hosts = metaHosts(INSTAGRAM_HOSTS, input);
  if (methodId === 'token') {
    const token = (input.token ?? '').trim();
    if (!token) throw new ValidationError(t('errorTokenEmpty'));
    // Instagram Login offers no token debugger: the times are assumed.
    return linked(hosts.graph, { accessToken: token, scope: SCOPES }, assumedTokenTimes());
  }
  if (methodId === 'app') {
    const { credential, times } = await signInWithOwnApp({ hosts, scopes: SCOPES, longLivedGrant: 'ig_exchange_token', caller: caller() }, input);
    return linked(hosts.graph, credential, times);
  }
  throw new ValidationError(`Unknown link method ${methodId}`);
}

/** Read the profile again with the stored token (its times stay as they are). */
export function refreshInstagram(server: string, credential: Credential): Promise<LinkResult> {
  return linked(server, credential);
}

export function renewInstagramToken(server: string, handle: string, credential: Credential): Promise<RenewedToken> {
  return renewMetaToken(server, 'ig_refresh_token', credential, caller(handle));
}
