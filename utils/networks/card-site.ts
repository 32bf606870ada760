/**
 * The one site a post's link card needs access to, asked for inside the click that publishes (or
 * retries) it, and given back once no delivery needs it (utils/outbox/link-site-access.ts). Safe for
 * pages: the composer and the delivery list ask, the worker gives back, all by this one rule.
 */
import type { Capabilities, LinkPreview } from '../model';
import { firstLinkSite } from './server-address';

/**
 * The linked page's site, which is read for its card; or, when the post came from sharing that page
 * and already holds what it said, its image's site if that is the page's own (the only image a card
 * reads: utils/networks/link-card.ts). Undefined when nothing is read.
 */
export function cardSiteFor(content: { text: string; linkPreview?: LinkPreview }): string | undefined {
  const preview = content.linkPreview;
  const site = firstLinkSite(content.text);
  if (preview && site === firstLinkSite(preview.url) && content.text.includes(preview.url)) {
    return preview.imageUrl && firstLinkSite(preview.imageUrl) === site ? site : undefined;
  }
  return site;
}

/**
 * The site to ask access for when `content`, with `images` images, goes to `destinations`: only a
 * post without images, going to a destination that makes link cards, has a card read.
 */
export function cardAccessSite(
  content: { text: string; linkPreview?: LinkPreview },
  images: number,
  destinations: readonly { capabilities: Capabilities }[],
): string | undefined {
  return images === 0 && destinations.some((destination) => destination.capabilities.linkCards) ? cardSiteFor(content) : undefined;
}
