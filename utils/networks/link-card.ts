/**
 * A preview card for a link, read from the page's own metadata (Open Graph, then <title> and the
 * description meta). The page's words go into the card as text, never as HTML.
 */
import { requestText } from './http';

export interface LinkCard {
  uri: string;
  title: string;
  description: string;
  imageUrl?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function metaContent(html: string, key: string): string | undefined {
  // Attributes come in either order: <meta property="og:title" content="…"> or content first.
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const names = [...tag.matchAll(/\b(?:property|name)\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => (m[2] ?? m[3] ?? '').toLowerCase());
    if (!names.includes(key)) continue;
    const content = /\bcontent\s*=\s*("([^"]*)"|'([^']*)')/i.exec(tag);
    if (content) return decodeEntities(content[2] ?? content[3] ?? '').trim();
  }
  return undefined;
}

/** Read the card for `url`, or undefined when the page cannot be read (the post keeps the plain link). */
export async function readLinkCard(url: string): Promise<LinkCard | undefined> {
  try {
    const { text, contentType } = await requestText(url, { timeoutMs: 8_000, maxBytes: 1_000_000 });
    if (!/html/i.test(contentType)) return undefined;
    const head = text.slice(0, 200_000);
    const title = metaContent(head, 'og:title') ?? decodeEntities(/<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1] ?? '').trim();
    const description = metaContent(head, 'og:description') ?? metaContent(head, 'description') ?? '';
    const image = metaContent(head, 'og:image');
    if (!title && !description) return undefined;
    return {
      uri: url,
      title: title.slice(0, 300),
      description: description.slice(0, 1000),
      imageUrl: image ? new URL(image, url).href : undefined,
    };
  } catch {
    // Unreachable, no permission for that site, not HTML: a plain link is still a good post.
    return undefined;
  }
}
