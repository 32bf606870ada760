/**
 * Finding URLs and mentions in a post the way Mastodon's server finds them: twitter-text's
 * Extractor with Mastodon's patterns (config/initializers/twitter_regex.rb) and its
 * Account::MENTION_RE. Mastodon's counting rule (utils/networks/mastodon/count.ts) replaces what is
 * found here; the top-level domain tables are shared with Bluesky's facets (utils/text/tlds.ts).
 */
import { countCodePoints, isHighSurrogate, isLowSurrogate } from './graphemes';
import { TWITTER_TEXT_COUNTRY_TLDS, TWITTER_TEXT_GENERIC_TLDS } from './tlds';

/** Where something was found: text[start, end). */
export interface TextRange {
  start: number;
  end: number;
}

/** A mention, with the username it counts as (the domain of a remote mention dropped). */
export interface FoundMention extends TextRange {
  username: string;
}

// --- Mentions ---------------------------------------------------------------------------------

/*
 * Account::MENTION_RE (https://github.com/mastodon/mastodon/blob/main/app/models/account.rb), as
 * Mastodon writes it since 4.3 (before, the domain could start with "." or "-"):
 *   (?<![=/[:word:]])@((USERNAME_RE)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)
 * where USERNAME_RE is [a-z0-9_]+([.-]+[a-z0-9_]+)* without regard to case.
 * Ruby's [[:word:]] is Letter | Mark | Decimal_Number | Connector_Punctuation. The lookbehind is
 * why an e-mail address (a@b.com) is not a mention. Extractor#extract_mentions_or_lists_with_indices
 * (https://github.com/mastodon/mastodon/blob/main/app/lib/extractor.rb) then drops a match that is
 * followed by an at sign, a Latin accented letter or "://" (twitter-text's end_mention_match), or
 * whose domain is longer than 253 characters.
 */
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
// Under /iu, \w is [a-z0-9_] with ſ and the Kelvin sign, which Ruby's /[a-z0-9_]/i matches too.
const MENTION = new RegExp(`(?<![=/${WORD}])@(\\w+(?:[.-]+\\w+)*)(?:@([${WORD}]+(?:[.-]+[${WORD}]+)*))?`, 'giu');
/** twitter-text's LATIN_ACCENTS (rb/lib/twitter-text/regex.rb). */
const LATIN_ACCENTS =
  '\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u00FF\\u0100-\\u024F\\u0253\\u0254\\u0256\\u0257\\u0259\\u025B' +
  '\\u0263\\u0268\\u026F\\u0272\\u0289\\u028B\\u02BB\\u0300-\\u036F\\u1E00-\\u1EFF';
const END_MENTION = new RegExp(`[@\\uFF20${LATIN_ACCENTS}]|:\\/\\/`, 'iuy');
const MAX_MENTION_DOMAIN_LENGTH = 253;

/** Mentions as Extractor#extract_mentions_or_lists_with_indices finds them, in order. */
export function findMentions(text: string): FoundMention[] {
  const mentions: FoundMention[] = [];
  if (!text.includes('@')) return mentions;
  MENTION.lastIndex = 0;
  for (let match = MENTION.exec(text); match !== null; match = MENTION.exec(text)) {
    const end = match.index + match[0].length;
    END_MENTION.lastIndex = end;
    if (END_MENTION.test(text)) continue;
    const domain = match[2];
    if (domain !== undefined && countCodePoints(domain) > MAX_MENTION_DOMAIN_LENGTH) continue;
    mentions.push({ start: match.index, end, username: match[1] ?? '' });
  }
  return mentions;
}

// --- URLs -------------------------------------------------------------------------------------

/*
 * URLs are what twitter-text's Extractor#extract_urls_with_indices finds
 * (https://github.com/twitter/twitter-text/blob/master/rb/lib/twitter-text/extractor.rb) with
 * Mastodon's patterns (https://github.com/mastodon/mastodon/blob/main/config/initializers/twitter_regex.rb):
 *
 *   valid_url = (preceding char | ^)
 *               (https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://   optional
 *               domain  (:port)?  (/path)?  (?query)?
 *
 * scanned left to right. Only matches with a scheme count (extract_url_without_protocol: false),
 * but a match without one (example.com/...) still consumes its text, so a URL inside it is not
 * seen. The domain must end in a top-level domain from twitter-text's list (or xn--punycode), so
 * http://localhost or http://192.168.1.1 count as typed. The path may not end in . , ) ! ? : ; and
 * friends unless balanced, which keeps sentence punctuation out of the URL. A match is dropped when
 * its domain fails IDNA (a label over 63 characters) or the URL exceeds 4,096 characters, and
 * https://t.co/ links stop after their slug.
 *
 * Ruby's regex engine backtracks through the domain pattern at every position, which is quadratic
 * on long runs of letters (a long CJK paragraph). The same match is computed here in linear time:
 * the domain part by walking dot-separated labels, the rest with a sticky regex.
 */

const SCHEME = /(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\/\//iy;
const SCHEMES = new RegExp(SCHEME.source, 'gi');

/* Path and query, after the domain. valid_url_path_ending_chars was assigned before Mastodon
 * overrode valid_url_balanced_parens, so it embeds twitter-text's own balanced-parens pattern. */
const PATH_CHAR = '[^\\p{White_Space}<>()?]';
const TWITTER_PATH_CHAR = `[a-z\\p{Script=Cyrillic}0-9!*';:=+,.$/%#\\[\\]\\p{Pd}_~&|@${LATIN_ACCENTS}]`;
const balancedParens = (c: string) => `\\((?:${c}+|${c}*\\(${c}+\\)${c}*)\\)`;
const PATH_END = `(?:[^\\p{White_Space}()?!*"'「」<>;:=,.$%\\[\\]~&|@]|${balancedParens(TWITTER_PATH_CHAR)})`;
const PATH_SEGMENT = `(?:${PATH_CHAR}*(?:${balancedParens(PATH_CHAR)}${PATH_CHAR}*)*${PATH_END}|${PATH_CHAR}+\\/)`;
const UCHARS =
  '\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}' +
  '\\u{30000}-\\u{3FFFD}\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}\\u{60000}-\\u{6FFFD}\\u{70000}-\\u{7FFFD}' +
  '\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}\\u{A0000}-\\u{AFFFD}\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}' +
  '\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}\\u{E000}-\\u{F8FF}\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const QUERY_CHAR = `[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@^${UCHARS}]`;
const QUERY_END = `[a-z0-9_&=#/\\-${UCHARS}]`;
/** Always matches (possibly empty): every part is optional, so it never backtracks into failure. */
const URL_TAIL = new RegExp(`(?::[0-9]+)?(?:\\/${PATH_SEGMENT}*)?(?:\\?${QUERY_CHAR}*${QUERY_END})?`, 'iuy');

const TCO = /^https?:\/\/t\.co\/([a-z0-9]+)/i;
const MAX_TCO_SLUG_LENGTH = 40;
const MAX_URL_LENGTH = 4096;


const lengthsOf = (tlds: Set<string>) => [...new Set([...tlds].map((tld) => tld.length))].sort((a, b) => b - a);
const GENERIC_TLD_LENGTHS = lengthsOf(TWITTER_TEXT_GENERIC_TLDS);
const COUNTRY_TLD_LENGTHS = lengthsOf(TWITTER_TEXT_COUNTRY_TLDS);
const PUNYCODE_TLD = /xn--[0-9a-z]+/iy;

const isAsciiAlphanumeric = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
/** Ruby matches /[a-z]/i like JavaScript's /[a-z]/iu: also ſ (U+017F) and the Kelvin sign. */
const isAsciiAlphanumericIgnoringCase = (c: number) => isAsciiAlphanumeric(c) || c === 0x017f || c === 0x212a;

/**
 * twitter-text's DOMAIN_VALID_CHARS: anything but ASCII punctuation, spaces, controls, directional
 * marks and U+FEFF / U+FFFE / U+FFFF. So in ASCII, letters and digits only.
 */
function isDomainChar(c: number): boolean {
  if (c < 0x80) return isAsciiAlphanumeric(c);
  return !(
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x061c ||
    c === 0x1680 ||
    c === 0x180e ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202f) ||
    c === 0x205f ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0xfffe ||
    c === 0xffff
  );
}

/** Characters a domain is made of: labels of domain characters, joined by dots, with - and _ inside. */
const isHostChar = (c: number) => isDomainChar(c) || c === 0x2e || c === 0x2d || c === 0x5f;

/** valid_url_preceding_chars: [^A-Z0-9@＠$#＃\uFFFE\uFEFF\uFFFF] /i. */
function isUrlPrecedingChar(c: number): boolean {
  return !(
    isAsciiAlphanumericIgnoringCase(c) ||
    c === 0x40 ||
    c === 0x24 ||
    c === 0x23 ||
    c === 0xff20 ||
    c === 0xff03 ||
    c === 0xfeff ||
    c === 0xfffe ||
    c === 0xffff
  );
}

/**
 * Dot-separated labels of one maximal run of host characters, with what the domain pattern
 * (subdomain* domain_name tld) needs to know about each, so any start inside the run is answered in
 * O(log labels).
 */
interface HostRun {
  starts: number[];
  /** Index of the dot after the label, or the end of the run for the last label. */
  ends: number[];
  /** Index of the label's last '_', or -1. */
  underscores: number[];
  /** Matches valid_subdomain: starts and ends with a domain character, followed by a dot. */
  subdomain: boolean[];
  /** First label index >= i that is not a valid subdomain (labels.length if none). */
  subdomainsUntil: number[];
  /** Length of the top-level domain the label starts with (0: none); -1 not computed yet. */
  tld: number[];
  /** Largest j <= i where label j is a valid domain_name followed by a top-level domain, or -1. */
  lastDomainName: number[];
}

const TLD_LISTS = [
  [TWITTER_TEXT_GENERIC_TLDS, GENERIC_TLD_LENGTHS],
  [TWITTER_TEXT_COUNTRY_TLDS, COUNTRY_TLD_LENGTHS],
] as const;

/** Length of the top-level domain at `start` (0 if none), honouring (?=[^0-9a-z@+-]|$). */
function topLevelDomainAt(text: string, start: number, labelEnd: number): number {
  // Every top-level domain has two or more letters; most labels are rejected here.
  if (labelEnd - start < 2 || text.charCodeAt(start) < 0x41) return 0;
  for (const [tlds, lengths] of TLD_LISTS) {
    for (const length of lengths) {
      if (length > labelEnd - start) continue;
      const end = start + length;
      if (end < text.length) {
        const c = text.charCodeAt(end);
        if (isAsciiAlphanumericIgnoringCase(c) || c === 0x40 || c === 0x2b || c === 0x2d) continue;
      }
      if (tlds.has(text.slice(start, end).toLowerCase())) return length;
    }
  }
  PUNYCODE_TLD.lastIndex = start;
  return PUNYCODE_TLD.test(text) ? PUNYCODE_TLD.lastIndex - start : 0;
}

function buildHostRun(text: string, runStart: number, runEnd: number): HostRun {
  const starts: number[] = [];
  const ends: number[] = [];
  const underscores: number[] = [];
  let labelStart = runStart;
  let underscore = -1;
  for (let i = runStart; i <= runEnd; i++) {
    const c = i < runEnd ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      starts.push(labelStart);
      ends.push(i);
      underscores.push(underscore);
      labelStart = i + 1;
      underscore = -1;
    } else if (c === 0x5f) {
      underscore = i;
    }
  }
  const count = starts.length;
  const subdomain = starts.map((start, i) => {
    const end = ends[i]!;
    return end < runEnd && end > start && isDomainChar(text.charCodeAt(start)) && isDomainChar(text.charCodeAt(end - 1));
  });
  const subdomainsUntil = new Array<number>(count + 1).fill(count);
  for (let i = count - 1; i >= 0; i--) subdomainsUntil[i] = subdomain[i] ? subdomainsUntil[i + 1]! : i;
  const run: HostRun = {
    starts,
    ends,
    underscores,
    subdomain,
    subdomainsUntil,
    tld: new Array<number>(count).fill(-1),
    lastDomainName: [],
  };
  let last = -1;
  for (let i = 0; i < count; i++) {
    if (subdomain[i] && underscores[i]! < 0 && tldOfLabel(text, run, i + 1) > 0) last = i;
    run.lastDomainName.push(last);
  }
  return run;
}

function tldOfLabel(text: string, run: HostRun, label: number): number {
  let length = run.tld[label] ?? 0;
  if (length < 0) {
    length = topLevelDomainAt(text, run.starts[label]!, run.ends[label]!);
    run.tld[label] = length;
  }
  return length;
}

/**
 * URLs with a scheme as Mastodon's server finds them, in order. Mirrors Ruby's
 * `text.scan(valid_url)`: at each position, one preceding character then a URL, or (at the very
 * start) a URL with no preceding character; after a match, the scan resumes where it ended.
 */
export function findUrls(text: string): TextRange[] {
  const urls: TextRange[] = [];
  // extract_urls_with_indices returns early without a ':'; without "://" no match has a scheme.
  if (!text.includes('://')) return urls;
  const length = text.length;

  // A domain needs a dot, so it lies in a maximal run of host characters that has one. Those runs
  // are found from the dots, in order, without walking the rest of the text.
  const runStarts: number[] = [];
  const runEnds: number[] = [];
  const runByStart = new Map<number, number>();
  for (let dot = text.indexOf('.'); dot >= 0; ) {
    let start = dot;
    while (start > 0 && isHostChar(text.charCodeAt(start - 1))) start--;
    let end = dot + 1;
    while (end < length && isHostChar(text.charCodeAt(end))) end++;
    runByStart.set(start, runStarts.length);
    runStarts.push(start);
    runEnds.push(end);
    dot = text.indexOf('.', end);
  }
  const runs: (HostRun | undefined)[] = [];

  /**
   * End of valid_domain matched at `start` in dotted run `id`, or -1. Like the backtracking regex,
   * it takes the most subdomains that still leave a domain_name followed by a top-level domain.
   */
  const domainEnd = (id: number, start: number): number => {
    if (id < 0 || start >= length || !isDomainChar(text.charCodeAt(start))) return -1;
    const run = (runs[id] ??= buildHostRun(text, runStarts[id]!, runEnds[id]!));
    // The label `start` falls in.
    let low = 0;
    let high = run.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (run.starts[middle]! <= start) low = middle;
      else high = middle - 1;
    }
    const first = low;
    // The first label (from `start`) must end in a domain character right before a dot.
    if (first === run.starts.length - 1 || !isDomainChar(text.charCodeAt(run.ends[first]! - 1))) return -1;
    const until = run.subdomainsUntil[first + 1]!;
    let domainName = until - 1 > first ? run.lastDomainName[until - 1]! : -1;
    if (domainName <= first) {
      if (run.underscores[first]! >= start || tldOfLabel(text, run, first + 1) === 0) return -1;
      domainName = first;
    }
    return run.ends[domainName]! + 1 + tldOfLabel(text, run, domainName + 1);
  };

  const tailEnd = (from: number): number => {
    URL_TAIL.lastIndex = from;
    URL_TAIL.test(text);
    return URL_TAIL.lastIndex;
  };

  const keep = (start: number, end: number, hostStart: number, hostEnd: number) => {
    let url = text.slice(start, end);
    const tco = TCO.exec(url);
    if (tco) {
      if ((tco[1] ?? '').length > MAX_TCO_SLUG_LENGTH) return;
      url = tco[0];
    }
    if (!isValidDomain(countCodePoints(url), text.slice(hostStart, hostEnd))) return;
    urls.push({ start, end: start + url.length });
  };

  /** Matches a URL starting exactly at `start` (in dotted run `id`, or -1); returns where the match ends, or -1. */
  const urlAt = (start: number, id: number): number => {
    if (start >= length || !isDomainChar(text.charCodeAt(start))) return -1;
    const lower = text.charCodeAt(start) | 0x20;
    if (lower === 0x68 || lower === 0x64 || lower === 0x69 || lower === 0x73 || lower === 0x67) {
      SCHEME.lastIndex = start;
      if (SCHEME.test(text)) {
        const hostStart = SCHEME.lastIndex;
        // After "//" the host starts its own run of host characters.
        const hostEnd = domainEnd(runByStart.get(hostStart) ?? -1, hostStart);
        if (hostEnd >= 0) {
          const end = tailEnd(hostEnd);
          keep(start, end, hostStart, hostEnd);
          return end;
        }
      }
    }
    // The scheme is optional in the pattern: a bare domain matches, and is then skipped.
    const hostEnd = domainEnd(id, start);
    return hostEnd < 0 ? -1 : tailEnd(hostEnd);
  };

  /*
   * Ruby tries every position: one preceding character, then a URL (or, at index 0, a URL with no
   * preceding character). A URL can only start inside a dotted run or at a scheme, so only those
   * positions are tried, in order. At index 0 Ruby tries the URL after the first character before
   * the one at 0; when both match they are the same label of the same run and end at the same
   * place, so the order does not change the result.
   */
  let next = 0; // smallest URL start not tried yet; after a match, past its end
  const tryFrom = (from: number, to: number, id: number) => {
    for (let start = Math.max(from, next); start < to; start++) {
      next = start + 1;
      if (start > 0) {
        const before = text.charCodeAt(start - 1);
        // Not in the middle of a surrogate pair, and after a valid preceding character.
        if ((isHighSurrogate(before) && isLowSurrogate(text.charCodeAt(start))) || !isUrlPrecedingChar(before)) continue;
      }
      const end = urlAt(start, id);
      if (end >= 0) {
        // The scan resumes at the match's end, which is then a preceding character at most.
        next = end + 1;
        start = end;
      }
    }
  };
  SCHEMES.lastIndex = 0;
  let scheme = SCHEMES.exec(text);
  for (let id = 0; id < runStarts.length; id++) {
    const runStart = runStarts[id]!;
    for (; scheme && scheme.index < runStart; scheme = SCHEMES.exec(text)) tryFrom(scheme.index, scheme.index + 1, -1);
    tryFrom(runStart, runEnds[id]!, id);
  }
  for (; scheme; scheme = SCHEMES.exec(text)) tryFrom(scheme.index, scheme.index + 1, -1);
  return urls;
}

/**
 * is_valid_domain: IDN::Idna.toASCII must accept the domain (every label 1–63 characters once
 * encoded) and the URL, grown by the encoding, must fit in 4,096 characters. The browser's URL
 * parser stands in for libidn to encode non-ASCII domains.
 */
function isValidDomain(urlLength: number, domain: string): boolean {
  let ascii = domain;
  if (/[^\0-\x7f]/.test(domain)) {
    try {
      ascii = new URL(`http://${domain}/`).hostname;
    } catch {
      return false;
    }
  }
  if (ascii.split('.').some((label) => label.length === 0 || label.length > 63)) return false;
  return urlLength + Math.max(0, ascii.length - countCodePoints(domain)) <= MAX_URL_LENGTH;
}
