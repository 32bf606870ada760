/** The two ways to link an account on a server the person names, shared by Mastodon and Misskey. */
import type { MessageKey } from '../i18n';
import { normalizeServerAddress, originPattern } from './server-address';
import type { LinkField, LinkMethod } from './types';

const serverOrigins = (input: Record<string, string>) => [originPattern(normalizeServerAddress(input.server ?? ''))];

const SERVER_FIELD: LinkField = { name: 'server', label: 'fieldServer', placeholder: 'fieldServerPlaceholder' };

/** Linking again starts from the account's server. */
export const sameServer = (account: { server: string }) => ({ server: account.server });

/** Linking through the server's own sign-in window, with only the server's address to type. */
export function signInMethod(id: string, label: MessageKey, help: MessageKey): LinkMethod {
  return { id, label, help, fields: [SERVER_FIELD], origins: serverOrigins, prefill: sameServer };
}

/** Linking with an access token made in the server's settings: the fallback to signing in. */
export function tokenMethod(label: MessageKey, help: MessageKey): LinkMethod {
  return { id: 'token', label, help, fields: [SERVER_FIELD, { name: 'token', label: 'fieldToken', secret: true }], origins: serverOrigins, prefill: sameServer };
}
