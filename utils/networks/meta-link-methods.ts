/**
 * The two honest ways to link a Threads or Instagram account with no server of ours: Meta documents
 * no OAuth flow without the app's secret, and its redirect URIs cannot be localhost. So the person
 * either pastes a long-lived token, or brings their own Meta app (id and secret, kept with the
 * token, read only by the background).
 */
import type { MessageKey } from '../i18n';
import { normalizeServerAddress, originPattern } from './server-address';
import type { LinkField, LinkMethod } from './types';

/** Meta's hosts for one network, and how the form names them. */
export interface MetaHosts {
  /** The Graph API: profile, media, publishing, token exchange and refresh. */
  graph: string;
  /** Where the code is exchanged for a short-lived token, when not the Graph host (Instagram). */
  tokenExchange?: string;
  /** The sign-in page. */
  authorize: string;
}

/**
 * Where to send each call. Tests and the sandbox type the address of a local server in the
 * advanced field; everything then goes there.
 */
export function metaHosts(defaults: MetaHosts, input: Record<string, string>): MetaHosts {
  const custom = input.api?.trim();
  if (!custom) return defaults;
  const origin = normalizeServerAddress(custom);
  return { graph: origin, tokenExchange: origin, authorize: origin };
}

const API_FIELD: LinkField = { name: 'api', label: 'fieldMetaApi', placeholder: 'fieldMetaApiPlaceholder', optional: true };

/** Linking again goes to the same API: Meta's own, or the local server a test typed. */
function apiOf(defaults: MetaHosts) {
  return (account: { server: string }): Record<string, string> => (account.server === defaults.graph ? {} : { api: account.server });
}

function originsFor(defaults: MetaHosts) {
  return (input: Record<string, string>) => {
    const hosts = metaHosts(defaults, input);
    return Array.from(new Set([hosts.graph, hosts.tokenExchange ?? hosts.graph].map(originPattern)));
  };
}

export function metaTokenMethod(defaults: MetaHosts, label: MessageKey, help: MessageKey): LinkMethod {
  return { id: 'token', label, help, fields: [{ name: 'token', label: 'fieldLongLivedToken', secret: true }, API_FIELD], origins: originsFor(defaults), prefill: apiOf(defaults) };
}

export function metaAppMethod(defaults: MetaHosts, label: MessageKey, help: MessageKey): LinkMethod {
  return {
    id: 'app',
    label,
    help,
    showsRedirectUrl: true,
    fields: [
      { name: 'appId', label: 'fieldAppId' },
      { name: 'appSecret', label: 'fieldAppSecret', secret: true },
      API_FIELD,
    ],
    origins: originsFor(defaults),
    prefill: apiOf(defaults),
    savedFields: { appId: 'clientId', appSecret: 'clientSecret' },
  };
}
