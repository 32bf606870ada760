/**
 * What a shared page says about itself, read in the page on demand (scripting.executeScript with the
 * access the person's click grants) and checked here before anything is used: the page is not trusted.
 */

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
  return {
    location: location.href,
    canonical: absolute(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? ''),
    title: meta(['og:title', 'twitter:title']) || document.title,
    description: meta(['og:description', 'twitter:description', 'description']),
    image: absolute(meta(['og:image', 'og:image:url', 'twitter:image'])),
    selection: String(window.getSelection() ?? ''),
    imageAlt,
  };
}

const LIMITS = { title: 300, description: 1_000, selection: 10_000, alt: 1_500, url: 4_000 };

/** Text from a page as text: no control characters but line breaks and tabs, trimmed to `max`. */
export function plainText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max);
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

/** The same site: one host is the other or a subdomain of it (www.example.org and example.org). */
function sameSite(a: string, b: string): boolean {
  const [x, y] = [new URL(a).hostname, new URL(b).hostname];
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
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
