import type { Account } from '../../utils/model';

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
    limits: { maxCharacters, urlLength: 23 },
    status: 'ok',
    linkedAt: 1,
    refreshedAt: 1,
    ...rest,
  };
}

/** A linked Bluesky account as its adapter stores it. */
export function blueskyAccount(handle = 'carol.test'): Account {
  const base = mastodonAccount();
  return {
    ...base,
    id: `bluesky:did:plc:${handle}`,
    network: 'bluesky',
    server: 'https://pds.example',
    remoteId: `did:plc:${handle}`,
    handle: `@${handle}`,
    capabilities: {
      ...base.capabilities,
      imageSizeLimit: 1_000_000,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp'],
      imageMaxDimension: 2000,
      contentWarning: 'labels',
      contentLabels: ['sexual', 'nudity', 'porn', 'graphic-media'],
      visibilities: ['public'],
      linkCards: true,
    },
    limits: { maxCharacters: 300, maxBytes: 3000 },
  };
}
