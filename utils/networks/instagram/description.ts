/**
 * Instagram, for professional accounts (content publishing through Instagram Login): what pages know
 * about it. https://developers.facebook.com/docs/instagram-platform/content-publishing
 */
import { t } from '../../i18n';
import { countCodePoints } from '../../text/graphemes';
import { measured } from '../../text/measure';
import { metaAppMethod, metaTokenMethod, type MetaHosts } from '../meta-link-methods';
import type { LinkMethod, NetworkDescription } from '../types';

export const INSTAGRAM_HOSTS: MetaHosts = {
  graph: 'https://graph.instagram.com',
  tokenExchange: 'https://api.instagram.com',
  authorize: 'https://www.instagram.com',
};

/** Caption limits: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media */
const MAX_HASHTAGS = 30;
const MAX_MENTIONS = 20;
const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.])@[A-Za-z0-9_.]{1,30}/gu;

export function captionCounts(caption: string): { hashtags: number; mentions: number } {
  return { hashtags: caption.match(HASHTAG)?.length ?? 0, mentions: caption.match(MENTION)?.length ?? 0 };
}

/** The ways to link a Instagram account (utils/networks/link-registry.ts); the popup does not carry them. */
export const instagramLinkMethods: readonly LinkMethod[] = [
  /* @__PURE__ */ metaTokenMethod(INSTAGRAM_HOSTS, 'linkInstagramToken', 'linkInstagramTokenHelp'),
  /* @__PURE__ */ metaAppMethod(INSTAGRAM_HOSTS, 'linkInstagramApp', 'linkInstagramAppHelp'),
];

export const instagramNetwork = {
  id: 'instagram',
  name: 'Instagram',
  label: 'networkInstagram',
  /** A caption of at most 2,200 characters (counted as code points); there is no content warning. */
  measure: (text, _spoilerText, limits) => measured(countCodePoints(text), limits.maxCharacters),
  partProblems: (parts) => {
    const { hashtags, mentions } = captionCounts(parts.join('\n'));
    return [
      ...(hashtags > MAX_HASHTAGS ? [t('reasonTooManyHashtags', hashtags, MAX_HASHTAGS)] : []),
      ...(mentions > MAX_MENTIONS ? [t('reasonTooManyMentions', mentions, MAX_MENTIONS)] : []),
    ];
  },
  capabilities: {
    maxImages: 10,
    altText: true,
    altTextLimit: 1000,
    // 8 MiB, as error 2207004 names it.
    imageSizeLimit: 8 * 1024 * 1024,
    imageTypes: ['image/jpeg'],
    imageWidth: { min: 320, max: 1440 },
    imageAspect: { min: 4 / 5, max: 1.91, carouselLikeFirst: true },
    mediaFromPublicUrl: true,
    contentWarning: 'none',
    visibilities: ['public'],
    language: false,
    textOnlyAllowed: false,
    threads: false,
    expiringTokens: true,
  },
  limits: { maxCharacters: 2200 },
} satisfies NetworkDescription;
