import type { NetworkId } from '../db';
import type { MessageKey } from '../i18n';
import { normalizeServerAddress, originPattern } from './server-address';

/**
 * What the UI needs to know about each network to offer linking, without loading network code
 * (the popup and options bundles stay small; adapters live in the background only).
 */
export interface LinkField {
  name: string;
  label: MessageKey;
  placeholder?: MessageKey;
  secret?: boolean;
  optional?: boolean;
}

export interface LinkMethod {
  id: string;
  label: MessageKey;
  help: MessageKey;
  fields: LinkField[];
  /** Host permissions to request inside the person's click, before the background links. */
  origins(input: Record<string, string>): string[];
}

export interface NetworkDescription {
  id: NetworkId;
  label: MessageKey;
  linkMethods: LinkMethod[];
}

const serverOrigins = (input: Record<string, string>) => [originPattern(normalizeServerAddress(input.server ?? ''))];

/**
 * Where an AT Protocol account is looked up, from the link form: the hosting provider that resolves
 * the handle (bsky.social unless another is typed) and the PLC directory with DID documents.
 * Shared by the page (to ask for access) and the Bluesky adapter (to link).
 */
export function atprotoServices(input: Record<string, string>): { provider: string; plcDirectory: string } {
  return {
    provider: normalizeServerAddress(input.server?.trim() || 'bsky.social'),
    plcDirectory: normalizeServerAddress(input.plc?.trim() || 'plc.directory'),
  };
}

/** Access to those two, and — for bsky.social — to the PDS hosts behind it. */
const atprotoOrigins = (input: Record<string, string>) => {
  const { provider, plcDirectory } = atprotoServices(input);
  const origins = [originPattern(provider), originPattern(plcDirectory)];
  if (new URL(provider).hostname === 'bsky.social') origins.push('https://*.host.bsky.network/*');
  return Array.from(new Set(origins));
};

const SERVER_FIELD: LinkField = { name: 'server', label: 'fieldServer', placeholder: 'fieldServerPlaceholder' };

/** Linking through the server's own sign-in window, with only the server's address to type. */
function signInMethod(id: string, label: MessageKey, help: MessageKey): LinkMethod {
  return { id, label, help, fields: [SERVER_FIELD], origins: serverOrigins };
}

/** Linking with an access token made in the server's settings: the fallback to signing in. */
function tokenMethod(label: MessageKey, help: MessageKey): LinkMethod {
  return { id: 'token', label, help, fields: [SERVER_FIELD, { name: 'token', label: 'fieldToken', secret: true }], origins: serverOrigins };
}

export const NETWORK_CATALOG: readonly NetworkDescription[] = [
  {
    id: 'mastodon',
    label: 'networkMastodon',
    linkMethods: [
      signInMethod('oauth', 'linkMastodonOAuth', 'linkMastodonOAuthHelp'),
      tokenMethod('linkMastodonToken', 'linkMastodonTokenHelp'),
    ],
  },
  {
    id: 'misskey',
    label: 'networkMisskey',
    linkMethods: [
      signInMethod('miauth', 'linkMisskeyMiAuth', 'linkMisskeyMiAuthHelp'),
      tokenMethod('linkMisskeyToken', 'linkMisskeyTokenHelp'),
    ],
  },
  {
    id: 'bluesky',
    label: 'networkBluesky',
    linkMethods: [
      {
        id: 'app-password',
        label: 'linkBlueskyPassword',
        help: 'linkBlueskyPasswordHelp',
        fields: [
          { name: 'identifier', label: 'fieldHandle', placeholder: 'fieldHandlePlaceholder' },
          { name: 'password', label: 'fieldAppPassword', secret: true },
          { name: 'server', label: 'fieldHostingProvider', placeholder: 'fieldHostingProviderPlaceholder', optional: true },
          { name: 'plc', label: 'fieldPlcDirectory', placeholder: 'fieldPlcDirectoryPlaceholder', optional: true },
        ],
        origins: atprotoOrigins,
      },
    ],
  },
];
