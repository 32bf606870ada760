/**
 * The registry of networks, for pages and the worker alike: each network's description (how to link,
 * how its server counts, what it takes). Typed over NETWORK_IDS (utils/model.ts), so a network
 * missing here does not compile; tests/unit/architecture.test.ts checks that every folder in
 * utils/networks/ is registered and the other way round. Adapters are in ./adapters.ts (worker only).
 */
import { NETWORK_IDS, type NetworkId } from '../model';
import { blueskyNetwork } from './bluesky/description';
import { instagramNetwork } from './instagram/description';
import { mastodonNetwork } from './mastodon/description';
import { misskeyNetwork } from './misskey/description';
import { threadsNetwork } from './threads/description';
import type { NetworkDescription } from './types';

export const NETWORKS = {
  mastodon: mastodonNetwork,
  misskey: misskeyNetwork,
  bluesky: blueskyNetwork,
  threads: threadsNetwork,
  instagram: instagramNetwork,
} satisfies Record<NetworkId, NetworkDescription>;

/** Every network, in the order the options page offers them. */
export const ALL_NETWORKS: readonly NetworkDescription[] = NETWORK_IDS.map((id) => NETWORKS[id]);

export function networkOf(id: NetworkId): NetworkDescription {
  const network: NetworkDescription | undefined = NETWORKS[id];
  // Only an account stored by a newer build, then opened by an older one, could get here.
  if (!network) throw new Error(`Unknown network "${id}"`);
  return network;
}
