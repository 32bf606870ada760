/**
 * A preview card for a link, read from the page's own metadata (Open Graph, then <title> and the
 * description meta), and its image. The page's words go into the card as text, never as HTML.
 *
 * What is fetched is what a stranger's page names, with whatever access the worker holds, so each
 * fetch is held to the linked page's own origin (the site the person granted in the Publish click)
 * on the public web (./public-address.ts). Every refusal or failure means less card, never a failed
 * post: no card at all, or a card without its image.
 */
import { readHeaderSize } from '../media/image-header';
import { requestBlob, requestText, type GuardedGetOptions } from './http';
import { isPublicWebAddress } from './public-address';

export interface LinkCard {
  uri: string;
  title: string;
  description: string;
  imageUrl?: string;
}

const PAGE_TIMEOUT_MS = 8_000;
const PAGE_MAX_BYTES = 1_000_000;
/** The head of any real page is far shorter; the parser stops at `</head>` or `<body` before this anyway. */
const HEAD_MAX_CHARS = 200_000;
const IMAGE_MAX_BYTES = 20_000_000;
/**
 * A card's thumbnail is brought to at most 2,000 px a side; a larger image is not worth decoding
 * (4 bytes a pixel: 50 megapixels is 200 MB in the worker, 40,000 × 40,000 would be 6.4 GB).
 */
const MAX_CARD_IMAGE_PIXELS = 50_000_000;

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Fetch and read only on `origin`, and only on the public web (redirects are not followed at all:
 * ./http.ts guardedGet). An `og:image` elsewhere is not read: in an extension a response from another
 * origin is readable when the worker holds that origin for something else (a linked account's
 * server, the image bucket, loopback in test builds), and a page must not have the worker read, and
 * publish, what it can reach only because of that access.
 */
function onOriginOnly(origin: string): (url: URL) => boolean {
  return (url) => url.origin === origin && isPublicWebAddress(url);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const character = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return character ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** What a page's head says: each meta key's first content (by `property` or `name`, lower case), and its title. */
export interface HeadFacts {
  title?: string;
  meta: Map<string, string>;
}

const isSpace = (char: string | undefined) => char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f';

/** Upper-case ASCII made lower case, and nothing else: every index stays where it was. */
const asciiLowerCase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Elements whose content is text up to their end tag, not markup: a `<meta` in a script is not a meta. */
const TEXT_ELEMENTS = new Set(['title', 'script', 'style', 'noscript', 'template', 'textarea']);

interface Tag {
  attributes: Map<string, string>;
  /** Just past its `>`. */
  end: number;
}

/**
 * The attributes of a start tag from `from` (just past its name) to its `>`, the way the HTML
 * tokenizer reads them: quoted or not, in any order, the first of a repeated name winning. Undefined
 * when the tag never ends, and then the rest of the document is inside it. Each character is looked
 * at once.
 */
function readAttributes(html: string, lower: string, from: number): Tag | undefined {
  const attributes = new Map<string, string>();
  let at = from;
  while (at < html.length) {
    const char = html[at];
    if (isSpace(char) || char === '/') {
      at += 1;
      continue;
    }
    if (char === '>') return { attributes, end: at + 1 };
    const nameStart = at;
    at += 1;
    while (at < html.length && !isSpace(html[at]) && html[at] !== '/' && html[at] !== '>' && html[at] !== '=') at += 1;
    const name = lower.slice(nameStart, at);
    while (isSpace(html[at])) at += 1;
    let value = '';
    if (html[at] === '=') {
      at += 1;
      while (isSpace(html[at])) at += 1;
      const quote = html[at];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, at + 1);
        if (close < 0) return undefined;
        value = html.slice(at + 1, close);
        at = close + 1;
      } else {
        const valueStart = at;
        while (at < html.length && !isSpace(html[at]) && html[at] !== '>') at += 1;
        value = html.slice(valueStart, at);
      }
    }
    if (!attributes.has(name)) attributes.set(name, value);
  }
  return undefined;
}

/** Where a tag's name ends: at a space, `/` or `>`, as in the HTML tokenizer (so `<meta<` names no meta). */
function endOfName(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isSpace(text[at]) && text[at] !== '/' && text[at] !== '>') at += 1;
  return at;
}

function recordMeta(attributes: Map<string, string>, meta: Map<string, string>): void {
  const content = attributes.get('content');
  if (content === undefined) return;
  for (const key of [attributes.get('property'), attributes.get('name')]) {
    const name = key?.trim().toLowerCase();
    if (name && !meta.has(name)) meta.set(name, decodeEntities(content).trim());
  }
}

/**
 * The `<meta>` tags and the `<title>` of a page's head, in one pass that stops at `</head>` or
 * `<body`: a loop over `<`, never a regular expression over the document, so a head of any shape is
 * read in time proportional to its length.
 */
export function readHead(html: string): HeadFacts {
  const lower = asciiLowerCase(html);
  const meta = new Map<string, string>();
  let title: string | undefined;
  let at = 0;
  for (;;) {
    const open = lower.indexOf('<', at);
    if (open < 0) break;
    if (lower.startsWith('<!--', open)) {
      const close = lower.indexOf('-->', open + 4);
      if (close < 0) break;
      at = close + 3;
      continue;
    }
    const closing = lower[open + 1] === '/';
    const nameStart = open + (closing ? 2 : 1);
    if (!/[a-z]/.test(lower[nameStart] ?? '')) {
      // `<!doctype …>`, `<?xml …?>` and `</ …>` are skipped to their `>`; any other `<` is text.
      const bogus = lower[open + 1] === '!' || lower[open + 1] === '?' || closing;
      const close = bogus ? lower.indexOf('>', open) : open;
      if (close < 0) break;
      at = close + 1;
      continue;
    }
    const nameEnd = endOfName(lower, nameStart);
    const name = lower.slice(nameStart, nameEnd);
    if (closing) {
      if (name === 'head') break;
      const close = lower.indexOf('>', nameEnd);
      if (close < 0) break;
      at = close + 1;
      continue;
    }
    if (name === 'body') break;
    const tag = readAttributes(html, lower, nameEnd);
    if (!tag) break;
    at = tag.end;
    if (name === 'meta') recordMeta(tag.attributes, meta);
    else if (TEXT_ELEMENTS.has(name)) {
      const close = lower.indexOf(`</${name}`, at);
      if (close < 0) break;
      if (name === 'title' && title === undefined) title = decodeEntities(html.slice(at, close)).replace(/\s+/g, ' ').trim();
      at = close;
    }
  }
  return { title, meta };
}

function absoluteUrl(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    // Not an address the page could mean: the card goes without an image.
    return undefined;
  }
}

/** Read the card for `url`, or undefined when the page cannot or may not be read (the post keeps the plain link). */
export async function readLinkCard(url: string): Promise<LinkCard | undefined> {
  try {
    const page = await requestText(url, {
      timeoutMs: PAGE_TIMEOUT_MS,
      maxBytes: PAGE_MAX_BYTES,
      accept: (mediaType) => PAGE_TYPES.has(mediaType),
      allowUrl: onOriginOnly(new URL(url).origin),
    });
    const { title: pageTitle, meta } = readHead(page.slice(0, HEAD_MAX_CHARS));
    const title = meta.get('og:title') || pageTitle || '';
    const description = meta.get('og:description') || meta.get('description') || '';
    if (!title && !description) return undefined;
    const image = meta.get('og:image');
    return {
      uri: url,
      title: title.slice(0, 300),
      description: description.slice(0, 1000),
      // Relative to the page; only ever fetched from the page's origin (readCardImage).
      imageUrl: image ? absoluteUrl(image, url) : undefined,
    };
  } catch {
    // Unreachable, refused (address, redirect, type, size), no access to that site: a plain link is still a good post.
    return undefined;
  }
}

/**
 * The image of the card for `pageUrl`, ready to decode: from the page's own origin, an image by its
 * type, at most 20 MB, and at most 50 megapixels by its header (read before anything decodes it).
 * Undefined otherwise: the card goes without it.
 */
export async function readCardImage(imageUrl: string, pageUrl: string): Promise<Blob | undefined> {
  try {
    const options: GuardedGetOptions = {
      timeoutMs: PAGE_TIMEOUT_MS,
      maxBytes: IMAGE_MAX_BYTES,
      accept: (mediaType) => mediaType.startsWith('image/'),
      allowUrl: onOriginOnly(new URL(pageUrl).origin),
    };
    const image = await requestBlob(imageUrl, options);
    const size = await readHeaderSize(image);
    if (!size || size.width * size.height > MAX_CARD_IMAGE_PIXELS) return undefined;
    return image;
  } catch {
    // Unreachable, refused or not an image: a card without a thumbnail is still a card.
    return undefined;
  }
}
