/**
 * Counting characters the way each destination's server counts them, so the composer's
 * per-destination counter agrees with that server's validator: a post the counter accepts must not
 * come back as "Validation failed: Text character limit of 500 exceeded", and the counter must not
 * refuse a post the server would have taken.
 *
 * `CountRule` is a union discriminated by `kind`: a new scheme (Threads counts emoji as their UTF-8
 * bytes) is a new member with its own `measure*` function and a `case` in `measure` (the `never`
 * check there makes the compiler point at it).
 */

/** Mastodon and its API-compatible forks. Both numbers come from `/api/v2/instance`. */
export interface MastodonCountRule {
  kind: 'mastodon';
  /** `configuration.statuses.max_characters` (500 on a stock server; many raise it). */
  maxCharacters: number;
  /** `configuration.statuses.characters_reserved_per_url` (23 on a stock server). */
  charactersReservedPerUrl: number;
}

/** Bluesky's app.bsky.feed.post lexicon: `text` maxGraphemes 300 and maxLength 3000 (UTF-8 bytes).
 *  A content warning is a label there, not text, so it does not count. */
export interface BlueskyCountRule {
  kind: 'bluesky';
  maxGraphemes: number;
  maxBytes: number;
}

/** Misskey validates notes/create parameters with Ajv, whose `maxLength` counts code points
 *  (ucs2length) of the text as sent, against `maxNoteTextLength` from /api/meta
 *  (packages/backend/src/server/api/endpoints/notes/create.ts). The content warning has its own
 *  limit and does not count. */
export interface MisskeyCountRule {
  kind: 'misskey';
  maxCharacters: number;
}

/** How one destination counts. Add a member per counting scheme. */
export type CountRule = MastodonCountRule | BlueskyCountRule | MisskeyCountRule;

export interface Measure {
  /** Characters used, as the server counts them. */
  used: number;
  limit: number;
  /** `limit - used`; negative when over. */
  remaining: number;
  /** The server would refuse the post (exactly at the limit is still accepted). */
  over: boolean;
}

export function measure(text: string, spoilerText: string, rule: CountRule): Measure {
  switch (rule.kind) {
    case 'mastodon':
      return measureMastodon(text, spoilerText, rule);
    case 'bluesky':
      return measureBluesky(text, rule);
    case 'misskey':
      return toMeasure(countCodePoints(text), rule.maxCharacters);
    default: {
      // A new CountRule member without a case here is a compile error.
      const unhandled: never = rule;
      throw new Error(`No counting rule for ${JSON.stringify(unhandled)}`);
    }
  }
}

/** UTF-8 bytes of text[from, to), as TextEncoder writes them (a lone surrogate as U+FFFD, 3 bytes),
 *  without allocating an array per keystroke. */
export function utf8ByteLength(text: string, from = 0, to = text.length): number {
  let bytes = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && index + 1 < to && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    count++;
    if (isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1))) index++;
  }
  return count;
}

/** Two limits at once; the counter shows whichever is closer to being exceeded. */
export function measureBluesky(text: string, rule: { maxGraphemes: number; maxBytes: number }): Measure {
  const graphemes = toMeasure(countGraphemes(text), rule.maxGraphemes);
  const bytes = toMeasure(utf8ByteLength(text), rule.maxBytes);
  return bytes.used / bytes.limit > graphemes.used / graphemes.limit ? bytes : graphemes;
}

function toMeasure(used: number, limit: number): Measure {
  return { used, limit, remaining: limit - used, over: used > limit };
}

// ---------------------------------------------------------------------------------------------
// Grapheme clusters
// ---------------------------------------------------------------------------------------------

/*
 * Servers count user-perceived characters (extended grapheme clusters, UAX #29), so 👩‍👩‍👧‍👦 is 1,
 * not 11 UTF-16 units or 7 code points. Intl.Segmenter is the exact source in the browser, but
 * iterating it costs one to three microseconds per cluster (a 5,000-character post took 7–14 ms in
 * Node 20), too slow for every keystroke. So it only sees the places where a cluster can span more
 * than one code point.
 *
 * A code point is "complex" if it can join a neighbour into one cluster: marks and the other
 * Extend / SpacingMark characters, Prepend, ZWJ, Hangul jamo, regional indicators, emoji modifiers,
 * tags, lone surrogates, and unassigned code points (whatever a later Unicode version makes of
 * them). Every other code point (ASCII, Latin, Cyrillic, CJK, Hangul syllables, most emoji...) is a
 * cluster by itself, except CR LF which is one (GB3). Each run of complex code points goes to the
 * segmenter with one code point of context on each side, which is all the UAX #29 rules look at
 * across such a boundary (GB9b looks one left of the run; GB9/9a/9c/11/12/13 are decided inside it).
 * Checked against ICU for every code point (Node 20.20, ICU 78, Unicode 17): no code point outside
 * the list joins "a", itself, CR or LF, and counts agree next to marks, viramas and ZWJ.
 */
export const COMPLEX =
  '\\p{M}\\p{Cn}' +
  // Extend / SpacingMark / ZWJ that are not marks
  '\\u200C\\u200D\\u0E33\\u0EB3\\uFF9E\\uFF9F\\u{1F3FB}-\\u{1F3FF}\\u{E0020}-\\u{E007F}' +
  // Prepend
  '\\u0600-\\u0605\\u06DD\\u070F\\u0890\\u0891\\u08E2\\u0D4E\\u{110BD}\\u{110CD}\\u{111C2}\\u{111C3}' +
  '\\u{1193F}\\u{11941}\\u{11A3A}\\u{11A84}-\\u{11A89}\\u{11D46}\\u{11F02}\\u{113D1}' +
  // Hangul jamo (L, V, T) and Kirat Rai vowel signs (V); precomposed syllables stay simple
  '\\u1100-\\u11FF\\uA960-\\uA97F\\uD7B0-\\uD7FF\\u{16D63}\\u{16D67}-\\u{16D6A}' +
  // regional indicators pair into flags; lone surrogates are left to the segmenter
  '\\u{1F1E6}-\\u{1F1FF}\\uD800-\\uDFFF';
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Astral code points are rare enough to test one by one. */
const COMPLEX_AT = new RegExp(`[${COMPLEX}]`, 'uy');

/*
 * Testing a Unicode property class costs tens of nanoseconds per character, a lot for a long CJK
 * or Cyrillic post, so the class is expanded into a table, one block of 256 code units at a time,
 * the first time text from that block is seen (a few microseconds each; a post touches a handful).
 */
const complexBlocks: (Uint8Array | undefined)[] = [];
const COMPLEX_EVERY = new RegExp(`[${COMPLEX}]`, 'gu');

function complexBlock(block: number): Uint8Array {
  const table = new Uint8Array(256);
  if (block >= 0xd8 && block <= 0xdf) {
    table.fill(1); // lone surrogates; pairs are looked up whole
  } else {
    const units: number[] = [];
    for (let offset = 0; offset < 256; offset++) units.push((block << 8) | offset);
    for (const match of String.fromCharCode(...units).matchAll(COMPLEX_EVERY)) table[match.index] = 1;
  }
  complexBlocks[block] = table;
  return table;
}

/** Whether the code point at `index` is complex. */
function isComplexAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 0x300) return false;
  if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(index + 1))) {
    COMPLEX_AT.lastIndex = index;
    return COMPLEX_AT.test(text);
  }
  return (complexBlocks[c >> 8] ?? complexBlock(c >> 8))[c & 0xff] === 1;
}

let segmenter: Intl.Segmenter | null | undefined;

/** One shared instance: constructing a segmenter loads ICU break rules, too slow per keystroke. */
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/**
 * Where Intl.Segmenter is missing (Firefox before 125), an approximation that still gets the
 * common cases right: combining marks, variation selectors, skin tones, ZWJ sequences, flags, tags.
 */
const APPROXIMATE_CLUSTER =
  /(?:\r\n|\p{Regional_Indicator}{2}|[^])(?:[\p{M}\u200C\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D[^])*/gu;

function segmentCount(text: string): number {
  const segments = graphemeSegmenter();
  let count = 0;
  if (segments) {
    for (const _ of segments.segment(text)) count++;
  } else {
    APPROXIMATE_CLUSTER.lastIndex = 0;
    while (APPROXIMATE_CLUSTER.exec(text) !== null) count++;
  }
  return count;
}

/*
 * Cluster counts of recently seen regions. Regions are short (a word with its marks, one emoji
 * sequence) and from one keystroke to the next all but the edited one are unchanged, so most
 * lookups hit and the segmenter only runs on what was just typed.
 */
const clusterCache = new Map<string, number>();
const CLUSTER_CACHE_LIMIT = 2048;
const CACHED_REGION_LENGTH = 64;

/** Clusters in text[start, end). */
function countClusters(text: string, start: number, end: number): number {
  const region = text.slice(start, end);
  if (end - start > CACHED_REGION_LENGTH) return segmentCount(region);
  const cached = clusterCache.get(region);
  if (cached !== undefined) return cached;
  const count = segmentCount(region);
  if (clusterCache.size >= CLUSTER_CACHE_LIMIT) clusterCache.clear();
  // Keyed by a copy: a slice can keep the whole post it came from alive (V8's sliced strings).
  const units: number[] = [];
  for (let i = start; i < end; i++) units.push(text.charCodeAt(i));
  clusterCache.set(String.fromCharCode(...units), count);
  return count;
}

/** Clusters in text[from, to), which holds no complex code point: one per code point, CR LF as one. */
function countSimple(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // High surrogates here always start a pair (lone ones are complex).
    if (isHighSurrogate(c) || (c === 0x0d && i + 1 < to && text.charCodeAt(i + 1) === 0x0a)) i++;
    count++;
  }
  return count;
}

/** UTF-16 length of the code point at `index`. */
function widthAt(text: string, index: number): number {
  return isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
}

/** UTF-16 length of the code point that ends right before `index`. */
function widthBefore(text: string, index: number): number {
  return index > 1 && isLowSurrogate(text.charCodeAt(index - 1)) && isHighSurrogate(text.charCodeAt(index - 2)) ? 2 : 1;
}

/** Grapheme clusters via Intl.Segmenter (never [...s].length). */
export function countGraphemes(text: string): number {
  const length = text.length;
  let count = 0;
  let counted = 0; // text before this index is counted
  let regionStart = 0; // text[regionStart, regionEnd) waits for the segmenter
  let regionEnd = 0;
  const flush = () => {
    if (regionEnd === regionStart) return;
    count += countSimple(text, counted, regionStart) + countClusters(text, regionStart, regionEnd);
    counted = regionEnd;
  };
  for (let index = 0; index < length; ) {
    if (text.charCodeAt(index) < 0x300 || !isComplexAt(text, index)) {
      index += widthAt(text, index);
      continue;
    }
    let start = index;
    do index += widthAt(text, index);
    while (index < length && isComplexAt(text, index));
    let end = index;
    // One code point of context either side, never splitting a surrogate pair or a CR LF.
    if (start > 0) start -= widthBefore(text, start);
    if (start > 0 && text.charCodeAt(start - 1) === 0x0d && text.charCodeAt(start) === 0x0a) start--;
    if (end < length) end += widthAt(text, end);
    if (end < length && text.charCodeAt(end - 1) === 0x0d && text.charCodeAt(end) === 0x0a) end++;
    if (start < regionEnd) {
      regionEnd = end; // the contexts overlap: one region
      continue;
    }
    flush();
    regionStart = start;
    regionEnd = end;
  }
  flush();
  return count + countSimple(text, counted, length);
}

// ---------------------------------------------------------------------------------------------
// Mastodon
// ---------------------------------------------------------------------------------------------

/*
 * Mastodon's StatusLengthValidator
 * (https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb):
 *
 *   countable_length([status.spoiler_text, countable_text(status.text)].join) > MAX_CHARS
 *
 * where countable_length counts grapheme clusters, countable_text is '' for a blank text, and
 * otherwise replaces every URL found by Extractor.extract_urls_with_indices(str,
 * extract_url_without_protocol: false) with 'x' * 23 and every mention found by
 * Extractor.extract_mentions_or_lists_with_indices with "@username" (the domain dropped), after
 * Extractor.remove_overlapping_entities. The model strips both fields before validating
 * (Status#prepare_contents, https://github.com/mastodon/mastodon/blob/main/app/models/status.rb).
 *
 * Only the server's rules matter: the web UI's own counter differs (it counts whitespace-only text
 * and uses a different URL pattern), and the server is what refuses the post.
 */

/**
 * Mastodon's app/validators/status_length_validator.rb: graphemes of spoiler_text + text, every URL
 * counts as charactersReservedPerUrl, a remote mention @user@domain counts as @user.
 */
export function measureMastodon(
  text: string,
  spoilerText: string,
  rule: { maxCharacters: number; charactersReservedPerUrl: number },
): Measure {
  // A server reporting nonsense must not crash the composer: fall back to Mastodon's constant.
  const reserved = rule.charactersReservedPerUrl;
  const perUrl = Number.isFinite(reserved) && reserved >= 0 ? Math.floor(reserved) : 23;
  const combined = rubyStrip(spoilerText) + mastodonCountableText(rubyStrip(text), 'x'.repeat(perUrl));
  // Counted as one string, like Ruby's join: a cluster can straddle the join (or a placeholder).
  return toMeasure(countGraphemes(combined), rule.maxCharacters);
}

/** Ruby's String#strip: only NUL and ASCII whitespace, not U+00A0 or U+3000. */
function rubyStrip(text: string): string {
  const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0;
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** ActiveSupport's String#blank?: /\A[[:space:]]*\z/, i.e. Unicode White_Space only. */
const BLANK = /^\p{White_Space}*$/u;

interface Entity {
  start: number;
  end: number;
  replacement: string;
}

function mastodonCountableText(text: string, urlPlaceholder: string): string {
  if (BLANK.test(text)) return '';
  const entities: Entity[] = [];
  extractMastodonUrls(text, urlPlaceholder, entities);
  extractMastodonMentions(text, entities);
  if (entities.length === 0) return text;
  // remove_overlapping_entities: by start; an entity starting inside the previous kept one goes.
  entities.sort((a, b) => a.start - b.start);
  let result = '';
  let last = 0;
  for (const entity of entities) {
    if (entity.start < last) continue;
    result += text.slice(last, entity.start) + entity.replacement;
    last = entity.end;
  }
  return result + text.slice(last);
}

// --- Mentions ---------------------------------------------------------------------------------

/*
 * Account::MENTION_RE (https://github.com/mastodon/mastodon/blob/main/app/models/account.rb):
 *   (?<![=/[:word:]])@(([a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?)(?:@[[:word:].-]+[[:word:]]+)?)  /i
 * Ruby's [[:word:]] is Letter | Mark | Decimal_Number | Connector_Punctuation. The lookbehind is
 * why an e-mail address (a@b.com) is not a mention. Extractor#extract_mentions_or_lists_with_indices
 * (https://github.com/mastodon/mastodon/blob/main/app/lib/extractor.rb) then drops a match that is
 * followed by an at sign, a Latin accented letter or "://" (twitter-text's end_mention_match), or
 * whose domain is longer than 253 characters.
 */
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const MENTION = new RegExp(
  `(?<![=/${WORD}])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([${WORD}.-]+[${WORD}]+))?`,
  'giu',
);
/** twitter-text's LATIN_ACCENTS (rb/lib/twitter-text/regex.rb). */
const LATIN_ACCENTS =
  '\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u00FF\\u0100-\\u024F\\u0253\\u0254\\u0256\\u0257\\u0259\\u025B' +
  '\\u0263\\u0268\\u026F\\u0272\\u0289\\u028B\\u02BB\\u0300-\\u036F\\u1E00-\\u1EFF';
const END_MENTION = new RegExp(`[@\\uFF20${LATIN_ACCENTS}]|:\\/\\/`, 'iuy');
const MAX_MENTION_DOMAIN_LENGTH = 253;

function extractMastodonMentions(text: string, entities: Entity[]): void {
  if (!text.includes('@')) return;
  MENTION.lastIndex = 0;
  for (let match = MENTION.exec(text); match !== null; match = MENTION.exec(text)) {
    const end = match.index + match[0].length;
    END_MENTION.lastIndex = end;
    if (END_MENTION.test(text)) continue;
    const domain = match[2];
    if (domain !== undefined && codePointLength(domain) > MAX_MENTION_DOMAIN_LENGTH) continue;
    entities.push({ start: match.index, end, replacement: `@${match[1] ?? ''}` });
  }
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

/*
 * twitter-text's top-level domains (https://github.com/twitter/twitter-text/blob/master/conformance/tld_lib.yml,
 * the list in the twitter-text 3.x gem Mastodon pins). Generic ones are tried before country codes;
 * within a list the longer of two candidates wins, as the list's order makes the regex do.
 */
const GENERIC_TLDS = new Set(
  (
    '삼성|닷컴|닷넷|香格里拉|餐厅|食品|飞利浦|電訊盈科|集团|通販|购物|谷歌|诺基亚|联通|网络|网站|网店|网址|组织机构|移动|珠宝|点看|游戏|淡马锡|机构|書籍|时尚|新闻|' +
    '政府|政务|招聘|手表|手机|我爱你|慈善|微博|广东|工行|家電|娱乐|天主教|大拿|大众汽车|在线|嘉里大酒店|嘉里|商标|商店|商城|公益|公司|八卦|健康|信息|佛山|企业|' +
    '中文网|中信|世界|ポイント|ファッション|セール|ストア|コム|グーグル|クラウド|みんな|คอม|संगठन|नेट|कॉम|همراه|موقع|موبايلي|كوم|' +
    'كاثوليك|عرب|شبكة|بيتك|بازار|العليان|ارامكو|اتصالات|ابوظبي|קום|сайт|рус|орг|онлайн|москва|ком|' +
    'католик|дети|zuerich|zone|zippo|zip|zero|zara|zappos|yun|youtube|you|yokohama|yoga|yodobashi|' +
    'yandex|yamaxun|yahoo|yachts|xyz|xxx|xperia|xin|xihuan|xfinity|xerox|xbox|wtf|wtc|wow|world|' +
    'works|work|woodside|wolterskluwer|wme|winners|wine|windows|win|williamhill|wiki|wien|whoswho|' +
    'weir|weibo|wedding|wed|website|weber|webcam|weatherchannel|weather|watches|watch|warman|' +
    'wanggou|wang|walter|walmart|wales|vuelos|voyage|voto|voting|vote|volvo|volkswagen|vodka|' +
    'vlaanderen|vivo|viva|vistaprint|vista|vision|visa|virgin|vip|vin|villas|viking|vig|video|' +
    'viajes|vet|versicherung|vermögensberatung|vermögensberater|verisign|ventures|vegas|vanguard|' +
    'vana|vacations|ups|uol|uno|university|unicom|uconnect|ubs|ubank|tvs|tushu|tunes|tui|tube|trv|' +
    'trust|travelersinsurance|travelers|travelchannel|travel|training|trading|trade|toys|toyota|' +
    'town|tours|total|toshiba|toray|top|tools|tokyo|today|tmall|tkmaxx|tjx|tjmaxx|tirol|tires|tips|' +
    'tiffany|tienda|tickets|tiaa|theatre|theater|thd|teva|tennis|temasek|telefonica|telecity|tel|' +
    'technology|tech|team|tdk|tci|taxi|tax|tattoo|tatar|tatamotors|target|taobao|talk|taipei|tab|' +
    'systems|symantec|sydney|swiss|swiftcover|swatch|suzuki|surgery|surf|support|supply|supplies|' +
    'sucks|style|study|studio|stream|store|storage|stockholm|stcgroup|stc|statoil|statefarm|' +
    'statebank|starhub|star|staples|stada|srt|srl|spreadbetting|spot|sport|spiegel|space|soy|sony|' +
    'song|solutions|solar|sohu|software|softbank|social|soccer|sncf|smile|smart|sling|skype|sky|' +
    'skin|ski|site|singles|sina|silk|shriram|showtime|show|shouji|shopping|shop|shoes|shiksha|shia|' +
    'shell|shaw|sharp|shangrila|sfr|sexy|sex|sew|seven|ses|services|sener|select|seek|security|' +
    'secure|seat|search|scot|scor|scjohnson|science|schwarz|schule|school|scholarships|schmidt|' +
    'schaeffler|scb|sca|sbs|sbi|saxo|save|sas|sarl|sapo|sap|sanofi|sandvikcoromant|sandvik|samsung|' +
    'samsclub|salon|sale|sakura|safety|safe|saarland|ryukyu|rwe|run|ruhr|rugby|rsvp|room|rogers|' +
    'rodeo|rocks|rocher|rmit|rip|rio|ril|rightathome|ricoh|richardli|rich|rexroth|reviews|review|' +
    'restaurant|rest|republican|report|repair|rentals|rent|ren|reliance|reit|reisen|reise|rehab|' +
    'redumbrella|redstone|red|recipes|realty|realtor|realestate|read|raid|radio|racing|qvc|quest|' +
    'quebec|qpon|pwc|pub|prudential|pru|protection|property|properties|promo|progressive|prof|' +
    'productions|prod|pro|prime|press|praxi|pramerica|post|porn|politie|poker|pohl|pnc|plus|' +
    'plumbing|playstation|play|place|pizza|pioneer|pink|ping|pin|pid|pictures|pictet|pics|piaget|' +
    'physio|photos|photography|photo|phone|philips|phd|pharmacy|pfizer|pet|pccw|pay|passagens|' +
    'party|parts|partners|pars|paris|panerai|panasonic|pamperedchef|page|ovh|ott|otsuka|osaka|' +
    'origins|orientexpress|organic|org|orange|oracle|open|ooo|onyourside|online|onl|ong|one|omega|' +
    'ollo|oldnavy|olayangroup|olayan|okinawa|office|off|observer|obi|nyc|ntt|nrw|nra|nowtv|nowruz|' +
    'now|norton|northwesternmutual|nokia|nissay|nissan|ninja|nikon|nike|nico|nhk|ngo|nfl|nexus|' +
    'nextdirect|next|news|newholland|new|neustar|network|netflix|netbank|net|nec|nba|navy|natura|' +
    'nationwide|name|nagoya|nadex|nab|mutuelle|mutual|museum|mtr|mtpc|mtn|msd|movistar|movie|mov|' +
    'motorcycles|moto|moscow|mortgage|mormon|mopar|montblanc|monster|money|monash|mom|moi|moe|moda|' +
    'mobily|mobile|mobi|mma|mls|mlb|mitsubishi|mit|mint|mini|mil|microsoft|miami|metlife|merckmsd|' +
    'meo|menu|men|memorial|meme|melbourne|meet|media|med|mckinsey|mcdonalds|mcd|mba|mattel|' +
    'maserati|marshalls|marriott|markets|marketing|market|map|mango|management|man|makeup|maison|' +
    'maif|madrid|macys|luxury|luxe|lupin|lundbeck|ltda|ltd|lplfinancial|lpl|love|lotto|lotte|' +
    'london|lol|loft|locus|locker|loans|loan|llp|llc|lixil|living|live|lipsy|link|linde|lincoln|' +
    'limo|limited|lilly|like|lighting|lifestyle|lifeinsurance|life|lidl|liaison|lgbt|lexus|lego|' +
    'legal|lefrak|leclerc|lease|lds|lawyer|law|latrobe|latino|lat|lasalle|lanxess|landrover|land|' +
    'lancome|lancia|lancaster|lamer|lamborghini|ladbrokes|lacaixa|kyoto|kuokgroup|kred|krd|kpn|' +
    'kpmg|kosher|komatsu|koeln|kiwi|kitchen|kindle|kinder|kim|kia|kfh|kerryproperties|' +
    'kerrylogistics|kerryhotels|kddi|kaufen|juniper|juegos|jprs|jpmorgan|joy|jot|joburg|jobs|jnj|' +
    'jmp|jll|jlc|jio|jewelry|jetzt|jeep|jcp|jcb|java|jaguar|iwc|iveco|itv|itau|istanbul|ist|' +
    'ismaili|iselect|irish|ipiranga|investments|intuit|international|intel|int|insure|insurance|' +
    'institute|ink|ing|info|infiniti|industries|inc|immobilien|immo|imdb|imamat|ikano|iinet|ifm|' +
    'ieee|icu|ice|icbc|ibm|hyundai|hyatt|hughes|htc|hsbc|how|house|hotmail|hotels|hoteles|hot|' +
    'hosting|host|hospital|horse|honeywell|honda|homesense|homes|homegoods|homedepot|holiday|' +
    'holdings|hockey|hkt|hiv|hitachi|hisamitsu|hiphop|hgtv|hermes|here|helsinki|help|healthcare|' +
    'health|hdfcbank|hdfc|hbo|haus|hangout|hamburg|hair|guru|guitars|guide|guge|gucci|guardian|' +
    'group|grocery|gripe|green|gratis|graphics|grainger|gov|got|gop|google|goog|goodyear|goodhands|' +
    'goo|golf|goldpoint|gold|godaddy|gmx|gmo|gmbh|gmail|globo|global|gle|glass|glade|giving|gives|' +
    'gifts|gift|ggee|george|genting|gent|gea|gdn|gbiz|gay|garden|gap|games|game|gallup|gallo|' +
    'gallery|gal|fyi|futbol|furniture|fund|fun|fujixerox|fujitsu|ftr|frontier|frontdoor|frogans|' +
    'frl|fresenius|free|fox|foundation|forum|forsale|forex|ford|football|foodnetwork|food|foo|fly|' +
    'flsmidth|flowers|florist|flir|flights|flickr|fitness|fit|fishing|fish|firmdale|firestone|fire|' +
    'financial|finance|final|film|fido|fidelity|fiat|ferrero|ferrari|feedback|fedex|fast|fashion|' +
    'farmers|farm|fans|fan|family|faith|fairwinds|fail|fage|extraspace|express|exposed|expert|' +
    'exchange|everbank|events|eus|eurovision|etisalat|esurance|estate|esq|erni|ericsson|equipment|' +
    'epson|epost|enterprises|engineering|engineer|energy|emerck|email|education|edu|edeka|eco|eat|' +
    'earth|dvr|dvag|durban|dupont|duns|dunlop|duck|dubai|dtv|drive|download|dot|doosan|domains|' +
    'doha|dog|dodge|doctor|docs|dnp|diy|dish|discover|discount|directory|direct|digital|diet|' +
    'diamonds|dhl|dev|design|desi|dentist|dental|democrat|delta|deloitte|dell|delivery|degree|' +
    'deals|dealer|deal|dds|dclk|day|datsun|dating|date|data|dance|dad|dabur|cyou|cymru|cuisinella|' +
    'csc|cruises|cruise|crs|crown|cricket|creditunion|creditcard|credit|cpa|courses|coupons|coupon|' +
    'country|corsica|coop|cool|cookingchannel|cooking|contractors|contact|consulting|construction|' +
    'condos|comsec|computer|compare|company|community|commbank|comcast|com|cologne|college|coffee|' +
    'codes|coach|clubmed|club|cloud|clothing|clinique|clinic|click|cleaning|claims|cityeats|city|' +
    'citic|citi|citadel|cisco|circle|cipriani|church|chrysler|chrome|christmas|chloe|chintai|cheap|' +
    'chat|chase|charity|channel|chanel|cfd|cfa|cern|ceo|center|ceb|cbs|cbre|cbn|cba|catholic|' +
    'catering|cat|casino|cash|caseih|case|casa|cartier|cars|careers|career|care|cards|caravan|car|' +
    'capitalone|capital|capetown|canon|cancerresearch|camp|camera|cam|calvinklein|call|cal|cafe|' +
    'cab|bzh|buzz|buy|business|builders|build|bugatti|budapest|brussels|brother|broker|broadway|' +
    'bridgestone|bradesco|box|boutique|bot|boston|bostik|bosch|boots|booking|book|boo|bond|bom|' +
    'bofa|boehringer|boats|bnpparibas|bnl|bmw|bms|blue|bloomberg|blog|blockbuster|blanco|' +
    'blackfriday|black|biz|bio|bingo|bing|bike|bid|bible|bharti|bet|bestbuy|best|berlin|bentley|' +
    'beer|beauty|beats|bcn|bcg|bbva|bbt|bbc|bayern|bauhaus|basketball|baseball|bargains|barefoot|' +
    'barclays|barclaycard|barcelona|bar|bank|band|bananarepublic|banamex|baidu|baby|azure|axa|aws|' +
    'avianca|autos|auto|author|auspost|audio|audible|audi|auction|attorney|athleta|associates|asia|' +
    'asda|arte|art|arpa|army|archi|aramco|arab|aquarelle|apple|app|apartments|aol|anz|anquan|' +
    'android|analytics|amsterdam|amica|amfam|amex|americanfamily|americanexpress|alstom|alsace|' +
    'ally|allstate|allfinanz|alipay|alibaba|alfaromeo|akdn|airtel|airforce|airbus|aigo|aig|agency|' +
    'agakhan|africa|afl|afamilycompany|aetna|aero|aeg|adult|ads|adac|actor|active|aco|accountants|' +
    'accountant|accenture|academy|abudhabi|abogado|able|abc|abbvie|abbott|abb|abarth|aarp|aaa|' +
    'onion'
  ).split('|'),
);
const COUNTRY_TLDS = new Set(
  (
    '한국|香港|澳門|新加坡|台灣|台湾|中國|中国|გე|ລາວ|ไทย|ලංකා|ഭാരതം|ಭಾರತ|భారత్|சிங்கப்பூர்|இலங்கை|இந்தியா|ଭାରତ|' +
    'ભારત|ਭਾਰਤ|ভাৰত|ভারত|বাংলা|भारोत|भारतम्|भारत|ڀارت|پاکستان|موريتانيا|مليسيا|مصر|قطر|فلسطين|عمان|' +
    'عراق|سورية|سودان|تونس|بھارت|بارت|ایران|امارات|المغرب|السعودية|الجزائر|البحرين|الاردن|հայ|қаз|' +
    'укр|срб|рф|мон|мкд|ею|бел|бг|ευ|ελ|zw|zm|za|yt|ye|ws|wf|vu|vn|vi|vg|ve|vc|va|uz|uy|us|um|uk|' +
    'ug|ua|tz|tw|tv|tt|tr|tp|to|tn|tm|tl|tk|tj|th|tg|tf|td|tc|sz|sy|sx|sv|su|st|ss|sr|so|sn|sm|sl|' +
    'sk|sj|si|sh|sg|se|sd|sc|sb|sa|rw|ru|rs|ro|re|qa|py|pw|pt|ps|pr|pn|pm|pl|pk|ph|pg|pf|pe|pa|om|' +
    'nz|nu|nr|np|no|nl|ni|ng|nf|ne|nc|na|mz|my|mx|mw|mv|mu|mt|ms|mr|mq|mp|mo|mn|mm|ml|mk|mh|mg|mf|' +
    'me|md|mc|ma|ly|lv|lu|lt|ls|lr|lk|li|lc|lb|la|kz|ky|kw|kr|kp|kn|km|ki|kh|kg|ke|jp|jo|jm|je|it|' +
    'is|ir|iq|io|in|im|il|ie|id|hu|ht|hr|hn|hm|hk|gy|gw|gu|gt|gs|gr|gq|gp|gn|gm|gl|gi|gh|gg|gf|ge|' +
    'gd|gb|ga|fr|fo|fm|fk|fj|fi|eu|et|es|er|eh|eg|ee|ec|dz|do|dm|dk|dj|de|cz|cy|cx|cw|cv|cu|cr|co|' +
    'cn|cm|cl|ck|ci|ch|cg|cf|cd|cc|ca|bz|by|bw|bv|bt|bs|br|bq|bo|bn|bm|bl|bj|bi|bh|bg|bf|be|bd|bb|' +
    'ba|az|ax|aw|au|at|as|ar|aq|ao|an|am|al|ai|ag|af|ae|ad|ac'
  ).split('|'),
);
const lengthsOf = (tlds: Set<string>) => [...new Set([...tlds].map((tld) => tld.length))].sort((a, b) => b - a);
const GENERIC_TLD_LENGTHS = lengthsOf(GENERIC_TLDS);
const COUNTRY_TLD_LENGTHS = lengthsOf(COUNTRY_TLDS);
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

/** Ruby's String#length: code points. */
function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      length--;
      i++;
    }
  }
  return length;
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
  [GENERIC_TLDS, GENERIC_TLD_LENGTHS],
  [COUNTRY_TLDS, COUNTRY_TLD_LENGTHS],
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
 * Finds Mastodon's URLs in `text` and adds each as an entity replaced by `placeholder`. Mirrors
 * Ruby's `text.scan(valid_url)`: at each position, one preceding character then a URL, or (at the
 * very start) a URL with no preceding character; after a match, the scan resumes where it ended.
 */
function extractMastodonUrls(text: string, placeholder: string, entities: Entity[]): void {
  // extract_urls_with_indices returns early without a ':'; without "://" no match has a scheme.
  if (!text.includes('://')) return;
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
    if (!isValidDomain(codePointLength(url), text.slice(hostStart, hostEnd))) return;
    entities.push({ start, end: start + url.length, replacement: placeholder });
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
  return urlLength + Math.max(0, ascii.length - codePointLength(domain)) <= MAX_URL_LENGTH;
}
