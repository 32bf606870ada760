/**
 * Each network's ways to link an account, for the options page and the worker. They live in each
 * network's description file but outside its description, so the toolbar popup, which links
 * nothing, does not carry them (about 0.8 KB of its gzipped budget).
 */
import type { NetworkId } from '../model';
import { blueskyLinkMethods } from './bluesky/description';
import { instagramLinkMethods } from './instagram/description';
import { mastodonLinkMethods } from './mastodon/description';
import { misskeyLinkMethods } from './misskey/description';
import { threadsLinkMethods } from './threads/description';
import type { LinkMethod } from './types';

/** Typed over the list of networks: a network without its ways to link does not compile. */
export const LINK_METHODS = {
  mastodon: mastodonLinkMethods,
  misskey: misskeyLinkMethods,
  bluesky: blueskyLinkMethods,
  threads: threadsLinkMethods,
  instagram: instagramLinkMethods,
} satisfies Record<NetworkId, readonly LinkMethod[]>;

export function linkMethodsOf(network: NetworkId): readonly LinkMethod[] {
  return LINK_METHODS[network];
}
