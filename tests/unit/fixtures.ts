import type { Account } from '../../utils/db';

/** A linked Mastodon-compatible account as the adapter would store it. */
export function mastodonAccount(overrides: Partial<Account> & { maxCharacters?: number; maxImages?: number } = {}): Account {
  const { maxCharacters = 500, maxImages = 4, ...rest } = overrides;
  const host = rest.server ? new URL(rest.server).host : 'social.example';
  return {
    id: `mastodon:${host}:1`,
    network: 'mastodon',
    server: `https://${host}`,
    remoteId: '1',
    handle: `@alice@${host}`,
    displayName: 'Alice',
    avatarUrl: '',
    software: 'mastodon',
    softwareVersion: '4.3.0',
    capabilities: {
      maxImages,
      altText: true,
      altTextLimit: 1500,
      imageSizeLimit: 16 * 1024 * 1024,
      imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      contentWarning: 'text',
      visibilities: ['public', 'unlisted', 'followers', 'mentioned'],
      language: true,
      textOnlyAllowed: true,
      threads: true,
    },
    countRule: { kind: 'mastodon', maxCharacters, charactersReservedPerUrl: 23 },
    status: 'ok',
    linkedAt: 1,
    refreshedAt: 1,
    ...rest,
  };
}
