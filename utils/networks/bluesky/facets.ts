/**
 * Bluesky rich text: finding links, mentions and hashtags in a post and describing them as
 * `app.bsky.richtext.facet` entries, whose ranges are UTF-8 byte offsets (byteStart inclusive,
 * byteEnd exclusive) into the post text.
 *
 * Detection follows `RichText.detectFacets` in @atproto/api
 * (packages/api/src/rich-text/detection.ts and util.ts), so a post made here gets the same facets
 * the Bluesky app would have given it:
 *
 * - mentions: `@handle` after the start of the text, whitespace or '(' (so an e-mail address is
 *   not a mention); the handle must end in a known top-level domain (or `.test`);
 * - links: `http(s)://…` up to the next whitespace, or a bare domain that starts with a letter and
 *   ends in a known top-level domain (`example.com/path`), which gets `https://` in front; both
 *   only after the start of the text, whitespace or '(';
 * - hashtags: `#` or full-width `＃` after the start of the text or whitespace, not only digits,
 *   at most 64 UTF-16 code units; cashtags (`$AAPL`) become the tag `$AAPL`;
 * - trailing punctuation is not part of a link or a tag.
 *
 * Where we differ on purpose (trailing punctuation trimmed until none is left, `HTTPS://`, hyphens
 * in bare domains, handles that must be valid, top-level domains in any case, no overlapping
 * facets...), each difference is listed with its reason in
 * tests/unit/differential/deliberate-differences.ts, where generated texts check that nothing else
 * differs.
 */

import { utf8ByteLength } from '../../text/graphemes';
import { IANA_TLDS } from '../../text/tlds';

export interface DetectedFacet {
  kind: 'link' | 'mention' | 'tag';
  byteStart: number;
  byteEnd: number;
  /** link: uri; mention: the handle without '@'; tag: the tag without '#' */
  value: string;
}

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[];
}

// ---------------------------------------------------------------------------------------------
// UTF-8 offsets
// ---------------------------------------------------------------------------------------------

/** Length of `text` in UTF-8 bytes (what `new TextEncoder().encode(text).length` gives), without encoding it. */
export function utf8Length(text: string): number {
  return utf8ByteLength(text, 0, text.length);
}

/**
 * UTF-8 byte offset of the UTF-16 index `index`: the UTF-8 length of `text.slice(0, index)`.
 * `index` is clamped to [0, text.length].
 */
export function utf16IndexToUtf8Index(text: string, index: number): number {
  const end = Math.max(0, Math.min(text.length, Math.floor(index)));
  return utf8ByteLength(text, 0, end);
}

/** Converts increasing UTF-16 indices to UTF-8 offsets in one pass over the text. */
function utf8Indexer(text: string): (index: number) => number {
  let at = 0;
  let bytes = 0;
  return (index) => {
    if (index < at) {
      at = 0;
      bytes = 0;
    }
    bytes += utf8ByteLength(text, at, index);
    // A pair cut in half is counted as a lone surrogate, like utf16IndexToUtf8Index.
    at = index;
    return bytes;
  };
}

// ---------------------------------------------------------------------------------------------
// Top-level domains
// ---------------------------------------------------------------------------------------------

/** Whether the last label of `domain` is a top-level domain (the reference's isValidDomain). */
function hasKnownTld(domain: string): boolean {
  const dot = domain.lastIndexOf('.');
  return dot > 0 && IANA_TLDS.has(domain.slice(dot + 1).toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

/** @atproto/api's MENTION_REGEX. */
const MENTION = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/g;
/** atproto handle syntax (https://atproto.com/specs/handle). */
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** @atproto/api's URL_REGEX, with hyphens allowed inside the labels of a bare domain. */
const LINK = /(^|\s|\()(?:(https?:\/\/\S+)|((?:[a-z](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(\S*))/gi;
/** What may follow a bare domain: a port, path, query or fragment, or punctuation that is trimmed. */
const AFTER_BARE_DOMAIN = /^(?:$|[/:?#]|[.,;:!?)]+(?:$|[/:?#]))/;
const TRAILING_LINK_PUNCTUATION = /[.,;:!?]$/;

/** @atproto/api's TAG_REGEX. */
const TAG =
  // eslint-disable-next-line no-misleading-character-class
  /(^|\s)[#＃]((?!\ufe0f)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]*)?/gu;
const TRAILING_PUNCTUATION = /\p{P}+$/u;
/** The reference's limit, in UTF-16 code units: inside the lexicon's (64 graphemes, 640 bytes). */
const MAX_TAG_LENGTH = 64;
/** @atproto/api's CASHTAG_REGEX: `$AAPL` becomes the tag `$AAPL`. */
const CASHTAG = /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/g;

interface Found {
  kind: DetectedFacet['kind'];
  /** UTF-16 range in the text. */
  start: number;
  end: number;
  value: string;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Trims trailing `.,;:!?` and unbalanced `)` from a link, as often as they occur. */
function trimLink(link: string): string {
  for (;;) {
    if (TRAILING_LINK_PUNCTUATION.test(link)) link = link.slice(0, -1);
    else if (link.endsWith(')') && count(link, ')') > count(link, '(')) link = link.slice(0, -1);
    else return link;
  }
}

function findMentions(text: string, found: Found[]): void {
  for (const match of text.matchAll(MENTION)) {
    const handle = match[2]!;
    if (handle.length > 253 || !HANDLE.test(handle)) continue;
    if (!hasKnownTld(handle) && !handle.toLowerCase().endsWith('.test')) continue; // probably not a handle
    const start = match.index + match[1]!.length; // the '@'
    found.push({ kind: 'mention', start, end: start + 1 + handle.length, value: handle });
  }
}

function findLinks(text: string, found: Found[]): void {
  for (const match of text.matchAll(LINK)) {
    const start = match.index + match[1]!.length;
    let link: string;
    let uri: (trimmed: string) => string;
    if (match[2] !== undefined) {
      link = trimLink(match[2]);
      if (/^https?:\/\/$/i.test(link)) continue;
      uri = (trimmed) => trimmed;
    } else {
      const domain = match[3]!;
      const rest = match[4] ?? '';
      if (!hasKnownTld(domain) || !AFTER_BARE_DOMAIN.test(rest)) continue;
      link = trimLink(domain + rest);
      if (link.length < domain.length) continue;
      uri = (trimmed) => `https://${trimmed}`;
    }
    found.push({ kind: 'link', start, end: start + link.length, value: uri(link) });
  }
}

/** Hashtags, and cashtags (`$AAPL`), which are tags too. */
function findTags(text: string, found: Found[]): void {
  for (const match of text.matchAll(TAG)) {
    const body = match[2];
    if (body === undefined) continue;
    const tag = body.replace(TRAILING_PUNCTUATION, '');
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) continue;
    const start = match.index + match[1]!.length; // the '#'
    found.push({ kind: 'tag', start, end: start + 1 + tag.length, value: tag });
  }
  for (const match of text.matchAll(CASHTAG)) {
    const start = match.index + match[1]!.length; // the '$'
    const ticker = match[2]!;
    found.push({ kind: 'tag', start, end: start + 1 + ticker.length, value: `$${ticker.toUpperCase()}` });
  }
}

/**
 * Links, mentions and hashtags in `text`, sorted by byteStart and never overlapping (where two
 * would, the one starting first is kept). Mentions are not resolved: see buildFacets.
 */
export function detectFacets(text: string): DetectedFacet[] {
  const found: Found[] = [];
  findMentions(text, found);
  findLinks(text, found);
  findTags(text, found);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const toUtf8 = utf8Indexer(text);
  const facets: DetectedFacet[] = [];
  let end = 0;
  for (const facet of found) {
    if (facet.start < end || facet.end <= facet.start) continue;
    end = facet.end;
    facets.push({ kind: facet.kind, byteStart: toUtf8(facet.start), byteEnd: toUtf8(facet.end), value: facet.value });
  }
  return facets;
}

/**
 * Turn detected facets into lexicon facets; mentions resolve through `resolve(handle) → did | undefined`;
 * unresolved mentions are dropped (the text stays plain). A handle whose resolution throws counts as
 * unresolved (resolveHandle answers an unknown handle with an error). Each distinct handle is
 * resolved once, all of them concurrently.
 */
export async function buildFacets(text: string, resolve: (handle: string) => Promise<string | undefined>): Promise<Facet[]> {
  const detected = detectFacets(text);
  const dids = new Map<string, Promise<string | undefined>>();
  for (const facet of detected) {
    if (facet.kind !== 'mention' || dids.has(facet.value)) continue;
    dids.set(
      facet.value,
      Promise.resolve()
        .then(() => resolve(facet.value))
        .catch(() => undefined),
    );
  }
  const resolved = new Map<string, string | undefined>();
  await Promise.all([...dids].map(async ([handle, did]) => resolved.set(handle, await did)));

  const facets: Facet[] = [];
  for (const facet of detected) {
    const index = { byteStart: facet.byteStart, byteEnd: facet.byteEnd };
    switch (facet.kind) {
      case 'link':
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: facet.value }] });
        break;
      case 'tag':
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: facet.value }] });
        break;
      case 'mention': {
        const did = resolved.get(facet.value);
        if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
        break;
      }
    }
  }
  return facets;
}
