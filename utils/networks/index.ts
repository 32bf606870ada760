import type { NetworkId } from '../db';
import type { NetworkAdapter } from './types';

/**
 * The registry: one adapter per network, looked up by the account's network. Background only.
 * Adapters load on first use so the service worker answers its first message without parsing
 * network code it may not need.
 */
export const NETWORK_ADAPTERS: Record<NetworkId, () => Promise<NetworkAdapter>> = {
  mastodon: () => import('./mastodon').then((module) => module.mastodonAdapter),
};

export function adapterFor(network: NetworkId): Promise<NetworkAdapter> {
  const load = NETWORK_ADAPTERS[network];
  if (!load) return Promise.reject(new Error(`No adapter for network "${network}"`));
  return load();
}
