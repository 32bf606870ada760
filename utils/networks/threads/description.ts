/**
 * Threads, the text network attached to an Instagram account: what pages know about it.
 * https://developers.facebook.com/docs/threads
 */
import { t } from '../../i18n';
import { findUrls } from '../../text/links';
import { utf8ByteLength } from '../../text/graphemes';
import { measured } from '../../text/measure';
import { metaAppMethod, metaTokenMethod, type MetaHosts } from '../meta-link-methods';
import type { LinkMethod, NetworkDescription } from '../types';

export const THREADS_HOSTS: MetaHosts = { graph: 'https://graph.threads.net', authorize: 'https://threads.com' };

/** At most this many distinct links in one post, `link_attachment` included (THREADS_API__LINK_LIMIT_EXCEEDED). */
export const THREADS_LINK_LIMIT = 5;

/**
 * The text of one post as Threads receives it. Threads has no content-warning field: the warning
 * is written above the text, and the text after it is marked as a spoiler (`text_entities`), so the
 * person sees the warning and taps to read on, as on Mastodon.
 */
export function threadsText(spoilerText: string, text: string): { text: string; spoiler?: { offset: number; length: number } } {
  const warning = spoilerText.trim();
  if (!warning) return { text };
  const head = `${warning}\n\n`;
  // Offsets in UTF-16 code units, as JavaScript strings count (the documentation names no unit).
  return { text: head + text, spoiler: { offset: head.length, length: text.length } };
}

/** Distinct links Threads would count in `text`. */
export function threadsLinks(text: string): string[] {
  return Array.from(new Set(findUrls(text).map((url) => text.slice(url.start, url.end))));
}

/** The ways to link a Threads account (utils/networks/link-registry.ts); the popup does not carry them. */
export const threadsLinkMethods: readonly LinkMethod[] = [
  /* @__PURE__ */ metaTokenMethod(THREADS_HOSTS, 'linkThreadsToken', 'linkThreadsTokenHelp'),
  /* @__PURE__ */ metaAppMethod(THREADS_HOSTS, 'linkThreadsApp', 'linkThreadsAppHelp'),
];

export const threadsNetwork = {
  id: 'threads',
  name: 'Threads',
  label: 'networkThreads',
  /**
   * 500, where every character outside ASCII counts as its UTF-8 bytes (a curly apostrophe is 3, most
   * emoji 4): that is the text's UTF-8 length. The warning is part of the text here (threadsText).
   */
  measure: (text, spoilerText, limits) => measured(utf8ByteLength(threadsText(spoilerText, text).text), limits.maxCharacters),
  partProblems: (parts) =>
    parts.flatMap((part, index) => {
      const links = threadsLinks(part).length;
      if (links <= THREADS_LINK_LIMIT) return [];
      return [parts.length > 1 ? t('reasonTooManyLinksInPart', index + 1, links, THREADS_LINK_LIMIT) : t('reasonTooManyLinks', links, THREADS_LINK_LIMIT)];
    }),
  capabilities: {
    maxImages: 20,
    altText: true,
    altTextLimit: 1000,
    imageSizeLimit: 8 * 1024 * 1024,
    imageTypes: ['image/jpeg', 'image/png'],
    imageWidth: { min: 320, max: 1440 },
    imageAspect: { min: 0.1, max: 10 },
    mediaFromPublicUrl: true,
    contentWarning: 'spoiler',
    visibilities: ['public'],
    language: false,
    textOnlyAllowed: true,
    threads: true,
    expiringTokens: true,
  },
  limits: { maxCharacters: 500 },
} satisfies NetworkDescription;
