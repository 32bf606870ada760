/**
 * The registry of adapters: one per network, looked up by the account's network. Worker only (a
 * test in tests/unit/architecture.test.ts holds that no page reaches this file). Typed over
 * NETWORK_IDS like the descriptions (./index.ts), so a network missing here does not compile.
 * Imports are static on purpose: `import()` is disallowed in service workers
 * (https://github.com/w3c/ServiceWorker/issues/1356), so adapters cannot be split off and loaded
 * later; they do no work until called.
 */
import type { NetworkId } from '../model';
import { blueskyAdapter } from './bluesky/adapter';
import { instagramAdapter } from './instagram/adapter';
import { mastodonAdapter } from './mastodon/adapter';
import { misskeyAdapter } from './misskey/adapter';
import { threadsAdapter } from './threads/adapter';
import type { NetworkAdapter } from './types';

export const ADAPTERS = {
  mastodon: mastodonAdapter,
  misskey: misskeyAdapter,
  bluesky: blueskyAdapter,
  threads: threadsAdapter,
  instagram: instagramAdapter,
} satisfies Record<NetworkId, NetworkAdapter>;

export function adapterFor(network: NetworkId): NetworkAdapter {
  const adapter: NetworkAdapter | undefined = ADAPTERS[network];
  if (!adapter) throw new Error(`No adapter for network "${network}"`);
  return adapter;
}
