/**
 * What a shared page says about itself, read in the page on demand (scripting.executeScript with the
 * access the person's click grants) and checked here before anything is used: the page is not trusted.
 */
import { withoutLoneSurrogates } from '../text/well-formed';

export interface PageFacts {
  /** The page's address: its canonical one when it names the same site, else where the tab is. */
  url: string;
  /** og:title, twitter:title, else <title>. */
  title: string;
  description: string;
  /** og:image or twitter:image, absolute. */
  imageUrl?: string;
  /** The selected text, line breaks kept. */
  selection: string;
  /** The alt text of the image the person right-clicked, when it was asked for and found. */
  imageAlt: string;
}

/**
 * Runs in the page, so it must be self-contained (no imports, no closures): executeScript sends its
 * source. Reads only; returns plain strings.
 */
export function readPageInPage(imageUrl: string | null) {
  const meta = (names: string[]) => {
    for (const name of names) {
      const element = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
      const content = element?.getAttribute('content');
      if (content) return content;
    }
    return '';
  };
  const absolute = (value: string) => {
    try {
      return value ? new URL(value, location.href).href : '';
    } catch {
      return '';
    }
  };
  let imageAlt = '';
  if (imageUrl) {
    const image = Array.from(document.images).find((candidate) => candidate.currentSrc === imageUrl || candidate.src === imageUrl);
    imageAlt = image?.getAttribute('alt') ?? '';
  }
  // Cut here already: only this much crosses to the worker, whatever the page holds.
  const cut = (value: string, max: number) => value.slice(0, max);
  return {
    location: location.href,
    canonical: cut(absolute(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? ''), 5_000),
    title: cut(meta(['og:title', 'twitter:title']) || document.title, 1_000),
    description: cut(meta(['og:description', 'twitter:description', 'description']), 2_000),
    image: cut(absolute(meta(['og:image', 'og:image:url', 'twitter:image'])), 5_000),
    selection: cut(String(window.getSelection() ?? ''), 20_000),
    imageAlt: cut(imageAlt, 3_000),
  };
}

const LIMITS = { title: 300, description: 1_000, selection: 10_000, alt: 1_500, url: 4_000 };

/**
 * Text from a page as text: no control characters but line breaks and tabs, trimmed to `max`, and
 * no half of an emoji (a title cut mid-character by the page, or by the cut here): the draft holds
 * what will be sent.
 */
export function plainText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return withoutLoneSurrogates(value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max));
}

/** An http(s) address, or undefined. */
export function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > LIMITS.url) return undefined;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The file name an image's address ends with, for the media tray; "image" when it has none. */
export function imageFileName(url: string): string {
  if (!webUrl(url)) return 'image';
  const last = new URL(url).pathname.split('/').pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape (%E0 alone) is shown as it is written.
  }
  return name.slice(0, 100) || 'image';
}

/** A host without the prefixes sites use for the same pages: www., m. (mobile), amp. */
const siteHost = (url: URL) => url.hostname.replace(/^(?:www|m|amp)\./, '');

/**
 * Whether the page's canonical address may replace the tab's: the same host (give or take www., m.
 * or amp.), port and scheme (or http made https). A page cannot point the share at a parent domain
 * it does not own (user.github.io → github.io) or from https to plain http.
 */
export function sameSite(canonical: string, where: string): boolean {
  const [to, from] = [new URL(canonical), new URL(where)];
  const scheme = to.protocol === from.protocol || (from.protocol === 'http:' && to.protocol === 'https:');
  return scheme && to.port === from.port && siteHost(to) === siteHost(from);
}

/**
 * The facts as this extension uses them, from what the page returned (`raw`, untrusted) and what the
 * browser says of the tab (`tab`, the fallback when the page could not be read).
 */
export function checkedFacts(raw: unknown, tab: { url?: string; title?: string }): PageFacts {
  const page = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const where = webUrl(page.location) ?? webUrl(tab.url) ?? '';
  const canonical = webUrl(page.canonical);
  return {
    url: canonical && where && sameSite(canonical, where) ? canonical : where,
    title: plainText(page.title, LIMITS.title).trim() || plainText(tab.title, LIMITS.title).trim(),
    description: plainText(page.description, LIMITS.description).trim(),
    imageUrl: webUrl(page.image),
    selection: plainText(page.selection, LIMITS.selection),
    imageAlt: plainText(page.imageAlt, LIMITS.alt).trim(),
  };
}
