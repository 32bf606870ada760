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
  multiline?: boolean;
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

export const NETWORK_CATALOG: readonly NetworkDescription[] = [
  {
    id: 'mastodon',
    label: 'networkMastodon',
    linkMethods: [
      {
        id: 'oauth',
        label: 'linkMastodonOAuth',
        help: 'linkMastodonOAuthHelp',
        fields: [{ name: 'server', label: 'fieldServer', placeholder: 'fieldServerPlaceholder' }],
        origins: serverOrigins,
      },
      {
        id: 'token',
        label: 'linkMastodonToken',
        help: 'linkMastodonTokenHelp',
        fields: [
          { name: 'server', label: 'fieldServer', placeholder: 'fieldServerPlaceholder' },
          { name: 'token', label: 'fieldToken', secret: true },
        ],
        origins: serverOrigins,
      },
    ],
  },
];
