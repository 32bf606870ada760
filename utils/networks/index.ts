import type { NetworkId } from '../db';
import { blueskyAdapter } from './bluesky';
import { mastodonAdapter } from './mastodon';
import { misskeyAdapter } from './misskey';
import type { NetworkAdapter } from './types';

/**
 * The registry: one adapter per network, looked up by the account's network. Background only.
 * Imports are static on purpose: `import()` is disallowed in service workers
 * (https://github.com/w3c/ServiceWorker/issues/1356), so adapters cannot be split off and loaded
 * later; they do no work until called.
 */
export const NETWORK_ADAPTERS: Record<NetworkId, NetworkAdapter> = {
  mastodon: mastodonAdapter,
  misskey: misskeyAdapter,
  bluesky: blueskyAdapter,
};

export function adapterFor(network: NetworkId): NetworkAdapter {
  const adapter = NETWORK_ADAPTERS[network];
  if (!adapter) throw new Error(`No adapter for network "${network}"`);
  return adapter;
}
