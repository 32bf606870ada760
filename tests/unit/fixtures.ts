import type { Account } from '../../utils/model';
import { NETWORKS } from '../../utils/networks/index';

/** A linked Mastodon-compatible account as the adapter would store it (a server on Mastodon's defaults, 16 MB images). */
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
    capabilities: { ...NETWORKS.mastodon.capabilities, maxImages, imageSizeLimit: 16 * 1024 * 1024 },
    limits: { maxCharacters, urlLength: 23 },
    status: 'ok',
    linkedAt: 1,
    refreshedAt: 1,
    ...rest,
  };
}

/** A linked Bluesky account as its adapter stores it. */
export function blueskyAccount(handle = 'carol.test'): Account {
  return {
    ...mastodonAccount(),
    id: `bluesky:did:plc:${handle}`,
    network: 'bluesky',
    server: 'https://pds.example',
    remoteId: `did:plc:${handle}`,
    handle: `@${handle}`,
    capabilities: NETWORKS.bluesky.capabilities,
    limits: NETWORKS.bluesky.limits,
  };
}

/** A linked Instagram professional account as its adapter stores it (a 60-day token). */
export function instagramAccount(overrides: Partial<Account> = {}): Account {
  return {
    ...mastodonAccount(),
    id: 'instagram:17841400000000001',
    network: 'instagram',
    server: 'https://graph.instagram.com',
    remoteId: '17841400000000001',
    handle: '@bo.photos',
    capabilities: NETWORKS.instagram.capabilities,
    limits: NETWORKS.instagram.limits,
    ...overrides,
  };
}

/** A linked Threads account as its adapter stores it. */
export function threadsAccount(overrides: Partial<Account> = {}): Account {
  return {
    ...mastodonAccount(),
    id: 'threads:1000001',
    network: 'threads',
    server: 'https://graph.threads.net',
    remoteId: '1000001',
    handle: '@ana',
    capabilities: NETWORKS.threads.capabilities,
    limits: NETWORKS.threads.limits,
    ...overrides,
  };
}
