/** Bluesky and any AT Protocol server: what pages know about it. */
import { countGraphemes, utf8ByteLength } from '../../text/graphemes';
import { measured, tighter } from '../../text/measure';
import { sameServer } from '../link-methods';
import { normalizeServerAddress, originPattern } from '../server-address';
import type { LinkMethod, NetworkDescription } from '../types';

/** The self-labels a post may carry: https://docs.bsky.app/docs/advanced-guides/moderation#self-labels */
export const SELF_LABELS = ['sexual', 'nudity', 'porn', 'graphic-media'];

/**
 * Where an AT Protocol account is looked up, from the link form: the hosting provider that resolves
 * the handle (bsky.social unless another is typed) and the PLC directory with DID documents.
 * Shared by the page (to ask for access) and the adapter (to link).
 */
export function atprotoServices(input: Record<string, string>): { provider: string; plcDirectory: string } {
  return {
    provider: normalizeServerAddress(input.server?.trim() || 'bsky.social'),
    plcDirectory: normalizeServerAddress(input.plc?.trim() || 'plc.directory'),
  };
}

/** Access to those two, and — for bsky.social — to the PDS hosts behind it. */
function atprotoOrigins(input: Record<string, string>): string[] {
  const { provider, plcDirectory } = atprotoServices(input);
  const origins = [originPattern(provider), originPattern(plcDirectory)];
  if (new URL(provider).hostname === 'bsky.social') origins.push('https://*.host.bsky.network/*');
  return Array.from(new Set(origins));
}

/** The ways to link a Bluesky account (utils/networks/link-registry.ts); the popup does not carry them. */
export const blueskyLinkMethods: readonly LinkMethod[] = [
  {
    id: 'app-password',
    label: 'linkBlueskyPassword',
    help: 'linkBlueskyPasswordHelp',
    fields: [
      { name: 'identifier', label: 'fieldHandle', placeholder: 'fieldHandlePlaceholder' },
      { name: 'password', label: 'fieldAppPassword', secret: true },
      { name: 'server', label: 'fieldHostingProvider', placeholder: 'fieldHostingProviderPlaceholder', optional: true },
      { name: 'plc', label: 'fieldPlcDirectory', placeholder: 'fieldPlcDirectoryPlaceholder', optional: true },
    ],
    origins: atprotoOrigins,
    prefill: sameServer,
  },
];

export const blueskyNetwork = {
  id: 'bluesky',
  name: 'Bluesky',
  label: 'networkBluesky',
  /**
   * The app.bsky.feed.post lexicon: `text` maxGraphemes 300 and maxLength 3,000 (UTF-8 bytes), both
   * at once; the counter shows whichever is closer to being exceeded. A content warning is a label
   * here, not text, so it does not count.
   */
  measure: (text, _spoilerText, limits) => {
    const graphemes = measured(countGraphemes(text), limits.maxCharacters);
    return limits.maxBytes === undefined ? graphemes : tighter(graphemes, measured(utf8ByteLength(text), limits.maxBytes));
  },
  capabilities: {
    maxImages: 4,
    altText: true,
    altTextLimit: 2000,
    // The lexicon allows 2,000,000 bytes, but many servers and clients still hold 1,000,000.
    imageSizeLimit: 1_000_000,
    imageTypes: ['image/jpeg', 'image/png', 'image/webp'],
    // What Bluesky's own app resizes to.
    imageMaxDimension: 2000,
    contentWarning: 'labels',
    contentLabels: SELF_LABELS,
    visibilities: ['public'],
    language: true,
    textOnlyAllowed: true,
    threads: true,
    linkCards: true,
  },
  limits: { maxCharacters: 300, maxBytes: 3000 },
} satisfies NetworkDescription;
