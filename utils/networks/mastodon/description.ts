/**
 * Mastodon and the servers that speak its client API (Pleroma/Akkoma, GoToSocial, Pixelfed,
 * Friendica): what pages know about them. Each server publishes its own limits, read at link time
 * (utils/networks/mastodon/instance.ts); these are Mastodon's defaults for a server that does not.
 */
import { signInMethod, tokenMethod } from '../link-methods';
import type { LinkMethod, NetworkDescription } from '../types';
import { measureMastodon } from './count';

/** The ways to link a Mastodon account (utils/networks/link-registry.ts); the popup does not carry them. */
export const mastodonLinkMethods: readonly LinkMethod[] = [/* @__PURE__ */ signInMethod('oauth', 'linkMastodonOAuth', 'linkMastodonOAuthHelp'), /* @__PURE__ */ tokenMethod('linkMastodonToken', 'linkMastodonTokenHelp')];

export const mastodonNetwork = {
  id: 'mastodon',
  name: 'Mastodon',
  label: 'networkMastodon',
  measure: measureMastodon,
  capabilities: {
    maxImages: 4,
    altText: true,
    altTextLimit: 1500,
    imageSizeLimit: 10 * 1024 * 1024,
    // 3840×2160 pixels.
    imageMaxPixels: 33_177_600,
    imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    contentWarning: 'text',
    visibilities: ['public', 'unlisted', 'followers', 'mentioned'],
    language: true,
    textOnlyAllowed: true,
    threads: true,
  },
  limits: { maxCharacters: 500, urlLength: 23 },
} satisfies NetworkDescription;
