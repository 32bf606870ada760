/**
 * Mastodon's status length rule, as the local server applies it (statuses.ts) and as the
 * differential tests check the counter against it (tests/unit/differential/counting.test.ts). It
 * runs with the library the real server runs it with: twitter-text 3.1.0 (the version Mastodon's
 * Gemfile.lock pins; the JavaScript edition, whose extractor is a port of the Ruby one) with the
 * patterns Mastodon puts in its place at boot, then app/validators/status_length_validator.rb:
 *
 *   countable_length([spoiler_text, countable_text(text)].join)
 *
 * countable_text replaces each URL (Extractor.extract_urls_with_indices, extract_url_without_protocol:
 * false) by 23 characters and each mention (Account::MENTION_RE) by `@username`, after
 * Extractor.remove_overlapping_entities; countable_length counts grapheme clusters. The model
 * strips both fields first (Status#prepare_contents).
 *
 * Why patched: config/initializers/twitter_regex.rb replaces twitter-text's URL path and query
 * patterns, so on a Mastodon server a URL's path runs to the next space, `<`, `>`, `(`, `)` or `?`
 * (emoji and CJK included) and its query takes any non-ASCII character. The library alone stops
 * `https://example.com/🦄` before the emoji and counts the emoji on its own; the server counts the
 * whole URL as 23 (the test "Mastodon's own patterns" shows both).
 *
 * Where the JavaScript edition parts from the Ruby gem, this file is the JavaScript edition; the
 * differential tests list those places (MASTODON_REFERENCE_GAPS).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Entity {
  indices: [number, number];
  replacement: string;
}
type ExtractUrls = (text: string, options?: { extractUrlsWithoutProtocol: boolean }) => { url: string; indices: [number, number] }[];

const regexen = (name: string): RegExp => require(`twitter-text/dist/regexp/${name}`);

/** The unpatched library, as npm ships it. */
export const unpatchedExtractUrls: ExtractUrls = require('twitter-text/dist/extractUrlsWithIndices');
const removeOverlappingEntities: (entities: Entity[]) => void = require('twitter-text/dist/removeOverlappingEntities');
const endMentionMatch = regexen('endMentionMatch');

// --- config/initializers/twitter_regex.rb, in JavaScript ----------------------------------------

/*
 * twitter-text's patterns are written for JavaScript regexes without the `u` flag (astral
 * characters as surrogate pairs), so Mastodon's are too: \p{White_Space} spelled out, and the
 * astral ranges of UCHARS as surrogate pairs.
 */
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Mastodon's UCHARS, verbatim. */
const UCHARS =
  '\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}\\u{30000}-\\u{3FFFD}' +
  '\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}\\u{60000}-\\u{6FFFD}\\u{70000}-\\u{7FFFD}\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}' +
  '\\u{A0000}-\\u{AFFFD}\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}\\u{E000}-\\u{F8FF}' +
  '\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';

const unit = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** A code point range as a pattern over UTF-16 code units. */
function rangePattern(low: number, high: number): string {
  if (high < 0x10000) return `[${unit(low)}-${unit(high)}]`;
  const pair = (code: number) => [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] as const;
  const [lowHigh, lowLow] = pair(low);
  const [highHigh, highLow] = pair(high);
  if (lowHigh === highHigh) return `${unit(lowHigh)}[${unit(lowLow)}-${unit(highLow)}]`;
  const parts = [`${unit(lowHigh)}[${unit(lowLow)}-\\udfff]`];
  if (highHigh - lowHigh > 1) parts.push(`[${unit(lowHigh + 1)}-${unit(highHigh - 1)}][\\udc00-\\udfff]`);
  parts.push(`${unit(highHigh)}[\\udc00-${unit(highLow)}]`);
  return parts.join('|');
}

const anyOf = (ranges: (readonly [number, number])[]) => ranges.map(([low, high]) => rangePattern(low, high)).join('|');

/** `[${ascii}${UCHARS}]` over UTF-16 code units. */
function withUchars(ascii: string): string {
  const ranges = [...UCHARS.matchAll(/\\u\{([0-9A-F]+)\}-\\u\{([0-9A-F]+)\}/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2]!, 16)] as const);
  return `(?:[${ascii}]|${anyOf(ranges)})`;
}

/** The code point ranges where a Unicode property holds (as this Node's ICU knows it). */
function rangesOf(property: RegExp): [number, number][] {
  const ranges: [number, number][] = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (!property.test(String.fromCodePoint(code))) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

/*
 * The gem's own REGEXEN[:valid_url_balanced_parens], which Mastodon's path-ending pattern embeds:
 * its path characters take \p{Cyrillic} and \p{Pd}, where the JavaScript edition's take
 * U+0400–U+04FF and only "-" and "–" (regexp/validGeneralUrlPathChars.js).
 */
const gemPathChars = `(?:[a-z0-9!*';:=+,.$/%#\\[\\]_~&|@${require('twitter-text/dist/regexp/latinAccentChars')}]|${anyOf(rangesOf(/\p{Script=Cyrillic}|\p{Pd}/u))})`;
const gemBalancedParens = `\\((?:${gemPathChars}+|(?:${gemPathChars}*\\(${gemPathChars}+\\)${gemPathChars}*))\\)`;

const generalPathChars = `[^${WHITE_SPACE}<>()?]`;
// Assigned before valid_url_balanced_parens is replaced, so it holds the gem's own.
const pathEndingChars = `(?:[^${WHITE_SPACE}()?!*"'「」<>;:=,.$%\\[\\]~&|@]|(?:${gemBalancedParens}))`;
const balancedParens = `\\((?:${generalPathChars}+|(?:${generalPathChars}*\\(${generalPathChars}+\\)${generalPathChars}*))\\)`;
const urlPath = `(?:(?:${generalPathChars}*(?:${balancedParens}${generalPathChars}*)*${pathEndingChars})|(?:${generalPathChars}+\\/))`;
const queryChars = withUchars("a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@\\^");
const queryEndingChars = withUchars('a-z0-9_&=#/\\-');

/** REGEXEN[:valid_url] with the capture groups twitter-text's extractor reads ($2 to $7). */
const MASTODON_VALID_URL = new RegExp(
  `((${regexen('validUrlPrecedingChars').source})(((?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\\/\\/)?` +
    `(${regexen('validDomain').source})(?::(${regexen('validPortNumber').source}))?` +
    `(\\/${urlPath}*)?(\\?${queryChars}*${queryEndingChars})?))`,
  'gi',
);

/**
 * twitter-text's extractor with Mastodon's pattern in place of its own, the way the initializer
 * replaces REGEXEN[:valid_url] for the gem: the extractor module is loaded afresh with the pattern
 * module it imports answered from Node's module cache.
 */
function patchedExtractUrls(): ExtractUrls {
  const patternModule = require.resolve('twitter-text/dist/regexp/extractUrl');
  const extractorModule = require.resolve('twitter-text/dist/extractUrlsWithIndices');
  const original = require.cache[patternModule];
  const originalExtractor = require.cache[extractorModule];
  try {
    require.cache[patternModule] = { id: patternModule, filename: patternModule, loaded: true, exports: MASTODON_VALID_URL } as NodeJS.Module;
    delete require.cache[extractorModule];
    return require(extractorModule);
  } finally {
    require.cache[patternModule] = original;
    require.cache[extractorModule] = originalExtractor;
  }
}

export const mastodonExtractUrls = patchedExtractUrls();

// --- Extractor.extract_mentions_or_lists_with_indices (app/lib/extractor.rb) --------------------

/**
 * Account::MENTION_RE (Mastodon 4.3 and later), with USERNAME_RE in it; Ruby's [[:word:]] is
 * Letter | Mark | Decimal_Number | Connector_Punctuation.
 */
const MENTION_RE = /(?<![=/\p{L}\p{M}\p{Nd}\p{Pc}])@(([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@([\p{L}\p{M}\p{Nd}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{Nd}\p{Pc}]+)*))?)/giu;

/** Mentions as the server finds them, each to be counted as `@username`. */
export function mastodonMentions(text: string): Entity[] {
  const found: Entity[] = [];
  for (const match of text.matchAll(MENTION_RE)) {
    const after = text.slice(match.index + match[0].length);
    if (endMentionMatch.test(after)) continue;
    // Mastodon drops a mention whose domain is not a valid domain name (over 253 characters).
    if (match[3] !== undefined && [...match[3]].length > 253) continue;
    found.push({ indices: [match.index, match.index + match[0].length], replacement: `@${match[2]}` });
  }
  return found;
}

// --- StatusLengthValidator ----------------------------------------------------------------------

/** Ruby's String#strip: NUL and ASCII whitespace. */
const rubyStrip = (text: string) => text.replace(/^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g, '');

function countableText(text: string, charactersReservedPerUrl: number, extractUrls: ExtractUrls): string {
  if (/^\p{White_Space}*$/u.test(text)) return '';
  const entities: Entity[] = [
    ...extractUrls(text, { extractUrlsWithoutProtocol: false }).map(({ indices }) => ({ indices, replacement: 'x'.repeat(charactersReservedPerUrl) })),
    ...mastodonMentions(text),
  ];
  removeOverlappingEntities(entities);
  let result = '';
  let last = 0;
  for (const { indices, replacement } of entities) {
    result += text.slice(last, indices[0]) + replacement;
    last = indices[1];
  }
  return result + text.slice(last);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The number a Mastodon server compares with its character limit: `charactersReservedPerUrl` per
 * URL, with twitter-text's URL extraction given (Mastodon's by default).
 */
export function statusLength(text: string, spoilerText: string, charactersReservedPerUrl = 23, extractUrls: ExtractUrls = mastodonExtractUrls): number {
  return [...graphemes.segment(rubyStrip(spoilerText) + countableText(rubyStrip(text), charactersReservedPerUrl, extractUrls))].length;
}
