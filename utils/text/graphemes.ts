/**
 * Counting primitives every network's rule is built from: UTF-8 bytes, code points and grapheme
 * clusters (what people see as one character, and what Mastodon and Bluesky count).
 */

export const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;


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

