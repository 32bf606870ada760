/**
 * How Threads measures a post's text, counts its links and reads its spoilers.
 *
 * Length: "Text posts are limited to 500 characters. Emojis are counted as the
 * number of UTF-8 bytes." (https://developers.facebook.com/documentation/threads/posts).
 * /work/shared/NETWORKS.md adds from observation that this holds for every
 * non-ASCII character, not only emoji (a curly apostrophe counts 3): counted so
 * here, which is also the strictest reading of the docs.
 *
 * Links: "Threads posts containing more than 5 links will fail to post during the
 * media creation step"; "All unique URLs found in the text field are counted";
 * a link attachment "different from all URLs in the text field ... is counted as
 * an additional link", the same one is counted once
 * (https://developers.facebook.com/documentation/threads/create-posts/text-attachments).
 *
 * Spoilers: text_entities is "a list of entity_type, offset, and length values";
 * entity_type SPOILER or spoiler, offset 0, 1, 2…, length 1, 2…; "The maximum
 * number of text spoiler entities per post is limited to 10"
 * (https://developers.facebook.com/documentation/threads/create-posts/spoilers).
 * The unit of offset and length is not documented: an entity is refused only when
 * it ends beyond the text in every unit (UTF-8 bytes, the largest count).
 */
import { invalidParam } from './http.js';
import type { ThreadsTextEntity } from './types.js';

export const TEXT_LIMIT = 500;
export const LINK_LIMIT = 5;
export const SPOILER_LIMIT = 10;

/** The length Threads holds against TEXT_LIMIT: 1 per ASCII character, UTF-8 bytes for any other. */
export function threadsTextLength(text: string): number {
  let length = 0;
  for (const ch of text) length += ch.codePointAt(0)! < 0x80 ? 1 : Buffer.byteLength(ch, 'utf8');
  return length;
}

// With a scheme, starting www., or a bare domain under a common TLD (the way
// "www.facebook.com" is counted in the docs' examples). Not after "@" (e-mail, mentions).
const URL_RE =
  /(?<![@\w.-])(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|io|co|dev|app|me|info|edu|gov|uk|de|fr|jp|ly|gl|be|tv|xyz|social)\b(?:\/[^\s<>"]*)?)/gi;

/** Same URL, same link: no scheme, host in lower case, no trailing punctuation or slash. */
function normalizeUrl(url: string): string {
  const trimmed = url.replace(/[.,!?;:'")\]]+$/, '').replace(/^https?:\/\//i, '');
  const slash = trimmed.indexOf('/');
  const host = (slash < 0 ? trimmed : trimmed.slice(0, slash)).toLowerCase();
  const rest = slash < 0 ? '' : trimmed.slice(slash);
  return (host + rest).replace(/\/+$/, '');
}

export function linksIn(text: string): string[] {
  return [...new Set([...text.matchAll(URL_RE)].map((m) => normalizeUrl(m[0])))];
}

/** Unique links of the text plus the attachments' URLs not already among them. */
export function countLinks(text: string, attachments: (string | null | undefined)[]): number {
  const links = new Set(linksIn(text));
  for (const url of attachments) if (url) links.add(normalizeUrl(url));
  return links.size;
}

/** text_entities as sent (a JSON string in a form, or an array in a JSON body), checked. */
export function parseTextEntities(value: unknown, text: string): ThreadsTextEntity[] {
  if (value === undefined || value === null || value === '') return [];
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      invalidParam('(#100) Param text_entities must be a JSON array');
    }
  }
  if (!Array.isArray(parsed)) invalidParam('(#100) Param text_entities must be a JSON array');
  if (parsed.length > SPOILER_LIMIT) invalidParam(`(#100) Param text_entities can have at most ${SPOILER_LIMIT} entities`);
  if (parsed.length && !text) invalidParam('(#100) Param text_entities requires text');
  const room = Buffer.byteLength(text, 'utf8');
  return parsed.map((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || Array.isArray(e)) invalidParam(`(#100) Param text_entities[${i}] must be an object`);
    if (e.entity_type !== 'SPOILER' && e.entity_type !== 'spoiler') invalidParam(`(#100) Param text_entities[${i}].entity_type must be one of {SPOILER, spoiler}`);
    const { offset, length } = e;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) invalidParam(`(#100) Param text_entities[${i}].offset must be a non-negative integer`);
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 1) invalidParam(`(#100) Param text_entities[${i}].length must be a positive integer`);
    if (offset + length > room) invalidParam(`(#100) Param text_entities[${i}] is outside the text`);
    return e as unknown as ThreadsTextEntity;
  });
}
