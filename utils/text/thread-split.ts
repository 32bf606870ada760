/**
 * Splitting a text that is over a destination's limit into the parts of a thread.
 *
 * Where a part ends, best first: at a paragraph break (a blank line), at a sentence end (or a line
 * break), between words. Every break is at whitespace (or right after a full-width sentence end
 * such as '。', outside a URL), so URLs, mentions (`@user`, `@user@host`, `@handle.tld`) and
 * hashtags are never cut. The one exception is a single word (or URL) that does not fit in a part
 * by itself: it is cut, at a grapheme cluster boundary (Intl.Segmenter), preferring a word
 * boundary for text without spaces such as Chinese or Japanese.
 *
 * Each part is as long as `fits` allows: parts grow greedily over the words and back off to the
 * best break seen. Finding how far a part can grow takes a logarithmic number of `fits` calls
 * (galloping from the previous part's size, then bisecting), so a long text costs a few `fits`
 * calls per part, not one per word.
 */
import { COMPLEX } from './graphemes';

export interface SplitOptions {
  /** Whether a part (numbering included) is within the destination's limit. */
  fits: (part: string) => boolean;
  /** Append " 1/3", " 2/3"… to each part; the numbering counts toward each part's limit. */
  numbering?: boolean;
}

/** Break levels between two words, best last. */
const GLUED = 0; // no break: the rest of a word that was cut
const WORD = 1;
const SENTENCE = 2; // a sentence end or a line break
const PARAGRAPH = 3;

/** A run of text no part may end inside (except by cutting an over-long word). */
interface Atom {
  start: number;
  end: number;
  /** Level of the break between the previous atom and this one. */
  before: number;
  /** In a word with a URL, mention or hashtag: if it must be cut, cut at the last cluster that fits, not at a word boundary. */
  link?: boolean;
}

/**
 * Whitespace a line may break at: JavaScript's \s without the no-break spaces (U+00A0, U+2007,
 * U+202F) and U+FEFF.
 */
const BREAKING_SPACE = /[\t\n\v\f\r \u0085\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]+/g;
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028]/g;
/** A word that ends a sentence: terminal punctuation, then maybe closing quotes or brackets. */
const SENTENCE_END = /[.!?…‽。！？｡][”’"'»›)\]}」』）】〕〉》]*$/u;
/** Titles before a name: never the end of a sentence. */
const TITLE = /^[(“‘"']*(?:mr|mrs|ms|mx|dr|prof|st|sr|jr|mt|rev|gen|sgt|capt|lt|col|gov|sen|rep|hon)\.$/iu;
/** Abbreviations (e.g., i.e., U.S., etc., vs.) and initials: a sentence end only before a capital letter. */
const ABBREVIATION = /^[(“‘"']*(?:(?:\p{L}\.){2,}|\p{L}\.|etc\.|vs\.|cf\.|approx\.|incl\.|ca\.|no\.|vol\.|fig\.|p\.|pp\.)$/iu;
const STARTS_UPPERCASE = /^[(“‘"'¿¡]*[\p{Lu}\p{Lt}]/u;
/** Full-width sentence ends, which are not followed by a space: a part may end right after them. */
const FULL_WIDTH_END = /[。！？｡]([”’"'»›)\]}」』）】〕〉》]*)/gu;
/** What may not start a part after a full-width sentence end: marks, joiners, selectors, closing punctuation. */
const NO_BREAK_BEFORE = /^[\p{M}\p{Cf}\uFE00-\uFE0F\p{Pe}\p{Pf}、。，．！？：；・…‥,.!?:;ー〜]/u;
/** After a quotation that ends a sentence, only another quotation starts a new one: 「…！」と言った is one. */
const OPENING = /^[\p{Ps}\p{Pi}]/u;
const URL_START = /:\/\/|www\./i;
/** A URL, a mention or a hashtag (or a word with one in it). */
const PROTECTED_WORD = /:\/\/|www\.|[@＠#＃]/i;
/** How far back from a cut a word boundary is looked for. */
const WORD_WINDOW = 64;

function breakLevel(text: string, previousStart: number, previousEnd: number, nextStart: number): number {
  const gap = text.slice(previousEnd, nextStart);
  if (gap.includes('\u2029')) return PARAGRAPH;
  const lines = gap.match(LINE_BREAK)?.length ?? 0;
  if (lines >= 2) return PARAGRAPH;
  if (lines === 1) return SENTENCE;
  const previousWord = text.slice(previousStart, previousEnd);
  if (!SENTENCE_END.test(previousWord) || TITLE.test(previousWord)) return WORD;
  if (ABBREVIATION.test(previousWord) && !STARTS_UPPERCASE.test(text.slice(nextStart, nextStart + 4))) return WORD;
  return SENTENCE;
}

/** The words of `text`, each cut further after full-width sentence ends that are not in a URL. */
function atomsOf(text: string): Atom[] {
  const atoms: Atom[] = [];
  const addWord = (start: number, end: number, before: number) => {
    const word = text.slice(start, end);
    const link = PROTECTED_WORD.test(word);
    FULL_WIDTH_END.lastIndex = 0;
    if (FULL_WIDTH_END.test(word)) {
      const url = word.search(URL_START);
      FULL_WIDTH_END.lastIndex = 0;
      let from = 0;
      for (const match of word.matchAll(FULL_WIDTH_END)) {
        const cut = match.index + match[0].length;
        if (url >= 0 && cut > url) break;
        const next = word.slice(cut, cut + 1);
        if (cut >= word.length || NO_BREAK_BEFORE.test(next) || (match[1] && !OPENING.test(next))) continue;
        atoms.push({ start: start + from, end: start + cut, before: from === 0 ? before : SENTENCE, link });
        from = cut;
      }
      atoms.push({ start: start + from, end, before: from === 0 ? before : SENTENCE, link });
      return;
    }
    atoms.push({ start, end, before, link });
  };

  let wordStart = 0;
  let previousStart = -1;
  let previousEnd = -1;
  BREAKING_SPACE.lastIndex = 0;
  for (let space = BREAKING_SPACE.exec(text); ; space = BREAKING_SPACE.exec(text)) {
    const wordEnd = space ? space.index : text.length;
    if (wordEnd > wordStart) {
      addWord(wordStart, wordEnd, previousEnd < 0 ? WORD : breakLevel(text, previousStart, previousEnd, wordStart));
      previousStart = wordStart;
      previousEnd = wordEnd;
    }
    if (!space) break;
    wordStart = space.index + space[0].length;
  }
  return atoms;
}

// ---------------------------------------------------------------------------------------------
// Grapheme and word boundaries
// ---------------------------------------------------------------------------------------------

let graphemes: Intl.Segmenter | null | undefined;
let words: Intl.Segmenter | null | undefined;

function segmenter(granularity: 'grapheme' | 'word'): Intl.Segmenter | null {
  if (typeof Intl.Segmenter !== 'function') return null;
  if (granularity === 'grapheme') return (graphemes ??= new Intl.Segmenter(undefined, { granularity }));
  return (words ??= new Intl.Segmenter(undefined, { granularity }));
}

/** Without Intl.Segmenter (Firefox before 125): marks, selectors, skin tones, ZWJ sequences, flags, tags. */
const APPROXIMATE_CLUSTER =
  /(?:\r\n|\p{Regional_Indicator}{2}|[^])(?:[\p{M}\u200C\uFE00-\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D[^])*/gu;

/*
 * Code points that can join a neighbour into one grapheme cluster (the list count.ts uses, checked
 * there against ICU): marks and other Extend / SpacingMark characters, ZWJ, Prepend, Hangul jamo,
 * regional indicators, emoji modifiers, tags, CR, lone surrogates and unassigned code points. Any
 * other code point is a cluster by itself unless one of these follows it, which saves
 * Intl.Segmenter's microsecond or so per cluster on long runs of plain text.
 */
const COMPLEX_CLASS = `[${COMPLEX}\\r]`;
/** The next complex code point. */
const NEXT_COMPLEX = new RegExp(COMPLEX_CLASS, 'u');
/** A run of complex code points, at lastIndex. */
const COMPLEX_RUN = new RegExp(`${COMPLEX_CLASS}+`, 'uy');
/** Most UTF-16 units segmented at once: segmenting a long string at once is slow. */
const MAX_CHUNK = 256;
/** UTF-16 units searched at once for the next complex code point. */
const SIMPLE_WINDOW = 1024;

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Lazily yields the ends of the grapheme clusters of text[start, end), as indices into `text`.
 * `start` must be a cluster boundary. Plain code points are clusters by themselves; around complex
 * ones a short chunk, from a known boundary, goes to Intl.Segmenter, and its last cluster, which
 * may go on past the chunk, is left to the next round.
 */
function* clusterEnds(text: string, start: number, end: number): Generator<number> {
  const segments = segmenter('grapheme');
  let grow = 0; // a cluster longer than the chunk was: read more
  for (let at = start; at < end;) {
    // Look ahead a window at a time: a regex search to the end of a long text costs as much as the text.
    let windowEnd = Math.min(end, at + SIMPLE_WINDOW);
    if (windowEnd < end && isHighSurrogate(text.charCodeAt(windowEnd - 1))) windowEnd++;
    const found = NEXT_COMPLEX.exec(text.slice(at, windowEnd));
    const complexAt = found ? at + found.index : windowEnd;
    // Every code point before the last one (which a complex code point after it may join) is a cluster.
    let simpleEnd = complexAt;
    if (complexAt < end) {
      const width =
        complexAt - 2 >= at && isLowSurrogate(text.charCodeAt(complexAt - 1)) && isHighSurrogate(text.charCodeAt(complexAt - 2)) ? 2 : 1;
      simpleEnd = Math.max(at, complexAt - width);
    }
    while (at < simpleEnd) {
      at += isHighSurrogate(text.charCodeAt(at)) && at + 1 < simpleEnd ? 2 : 1;
      yield at;
    }
    if (!found && at < end) continue;
    if (at >= end) return;

    COMPLEX_RUN.lastIndex = complexAt;
    const runEnd = COMPLEX_RUN.test(text) ? COMPLEX_RUN.lastIndex : complexAt + 1;
    let chunkEnd = Math.min(end, Math.max(runEnd + 4, at + grow), at + MAX_CHUNK + grow);
    if (chunkEnd < end && isHighSurrogate(text.charCodeAt(chunkEnd - 1))) chunkEnd++;
    const chunk = text.slice(at, chunkEnd);
    let last = at;
    const ends: Iterable<number> = segments
      ? [...segments.segment(chunk)].map(({ index, segment }) => at + index + segment.length)
      : [...chunk.matchAll(new RegExp(APPROXIMATE_CLUSTER.source, 'gu'))].map((match) => at + match.index + match[0].length);
    for (const clusterEnd of ends) {
      if (clusterEnd >= chunkEnd && chunkEnd < end) break;
      yield clusterEnd;
      last = clusterEnd;
    }
    grow = last === at ? Math.max(64, 2 * (chunkEnd - at)) : 0;
    at = last;
  }
}

/** Word boundaries of text[start, end) strictly inside it, as indices into `text`. */
function wordBoundaries(text: string, start: number, end: number): Set<number> {
  const boundaries = new Set<number>();
  const segments = segmenter('word');
  if (!segments) return boundaries;
  for (const { index } of segments.segment(text.slice(start, end))) if (index > 0) boundaries.add(start + index);
  return boundaries;
}


/**
 * The last index from `min` on at which `fitsAt` holds, or `min - 1` when none does. `fitsAt` is
 * costly (it measures a whole part), so the search gallops from `guess` — usually where the previous
 * part ended, so close — and then bisects. `clamp(k)` gives the largest index that exists up to k,
 * which lets the caller discover the end lazily.
 */
function lastFitting(min: number, guess: number, fitsAt: (k: number) => boolean, clamp: (k: number) => number): number {
  let low = min - 1; // fits
  let high = Number.POSITIVE_INFINITY; // does not fit
  if (fitsAt(guess)) {
    low = guess;
    for (let step = 1; ; step *= 2) {
      const probe = clamp(low + step);
      if (probe <= low) return low; // everything up to the end fits
      if (!fitsAt(probe)) {
        high = probe;
        break;
      }
      low = probe;
    }
  } else {
    high = guess;
    for (let step = 1; high > min; step *= 2) {
      const probe = Math.max(min, high - step);
      if (fitsAt(probe)) {
        low = probe;
        break;
      }
      high = probe;
    }
  }
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (fitsAt(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * Where to cut the word text[start, end) so that the first piece, with `suffix`, fits: the furthest
 * cluster boundary that fits (`end` if the whole word does), or the furthest word boundary not much
 * before it (not for URLs, mentions and hashtags). At least one cluster, even if it does not fit
 * alone. The search starts from a piece `guessLength` UTF-16 units long.
 */
function cutWord(
  text: string,
  start: number,
  end: number,
  link: boolean,
  suffix: string,
  fits: (part: string) => boolean,
  guessLength: number,
): number {
  const ends: number[] = [];
  const iterator = clusterEnds(text, start, end);
  let exhausted = false;
  /** Whether cluster k exists (reading clusters up to it). */
  const exists = (k: number): boolean => {
    while (ends.length <= k && !exhausted) {
      const next = iterator.next();
      if (next.done) exhausted = true;
      else ends.push(next.value);
    }
    return k < ends.length;
  };
  const fitsTo = (k: number) => fits(text.slice(start, ends[k]!).trim() + suffix);

  if (!exists(0)) return end;
  let guess = 0;
  while (exists(guess + 1) && ends[guess + 1]! - start <= guessLength) guess++;
  // Clusters are read only as far as the search looks (-1: not even one cluster fits).
  const low = lastFitting(0, guess, fitsTo, (k) => (exists(k) ? k : ends.length - 1));
  if (low < 0) return ends[0]!;
  const cut = ends[low]!;
  if (cut >= end || link) return cut;
  // Prefer a word boundary (CJK text has no spaces) if it keeps at least half of the piece. Only
  // the end of the piece is segmented into words; the first boundaries found there, before the
  // segmenter has its context, are not trusted.
  const from = Math.max(start, cut - WORD_WINDOW);
  const boundaries = wordBoundaries(text, from, Math.min(end, cut + 16));
  const trusted = from === start ? start : from + 8;
  for (let k = low; k >= 0 && ends[k]! > trusted && ends[k]! - start >= (cut - start) / 2; k--) {
    if (boundaries.has(ends[k]!)) return k === low || fitsTo(k) ? ends[k]! : cut;
  }
  return cut;
}

// ---------------------------------------------------------------------------------------------
// Splitting
// ---------------------------------------------------------------------------------------------

/**
 * Parts of `text` (without numbering), part i (from 1) measured together with `suffix(i)`; null
 * as soon as there would be more than `maxParts`.
 */
function splitAtoms(
  text: string,
  input: readonly Atom[],
  fits: (part: string) => boolean,
  suffix: (i: number) => string,
  maxParts = Infinity,
): string[] | null {
  const atoms = input.map((atom) => ({ ...atom }));
  const lastAtom = atoms.length - 1;
  const bodies: string[] = [];
  /** UTF-16 length of the previous part's window: where the search for the next one starts. */
  let windowLength = 0;
  for (let first = 0; first <= lastAtom;) {
    if (bodies.length >= maxParts) return null;
    const tail = suffix(bodies.length + 1);
    const start = atoms[first]!.start;
    const body = (last: number) => text.slice(start, atoms[last]!.end).trim();
    const fitsTo = (last: number) => fits(body(last) + tail);

    // A word much longer than the previous part will not fit whole: cut it without measuring it all.
    const atom = atoms[first]!;
    if (windowLength > 0 && atom.end - atom.start > 2 * windowLength) {
      const cut = cutWord(text, atom.start, atom.end, atom.link === true, tail, fits, windowLength);
      if (cut < atom.end) {
        const piece = text.slice(atom.start, cut).trim();
        if (piece) bodies.push(piece);
        atoms[first] = { ...atom, start: cut, before: GLUED };
        windowLength = cut - atom.start;
        continue;
      }
    }

    // The furthest atom the part can end with: gallop from the atom that makes the part as long as
    // the previous window, then bisect.
    let guess = first;
    for (let step = lastAtom - first; step > 0; step >>= 1) {
      while (guess + step <= lastAtom && atoms[guess + step]!.end - start <= windowLength) guess += step;
    }
    const low = lastFitting(first, guess, fitsTo, (k) => Math.min(lastAtom, k));

    if (low < first) {
      // Not even the first word fits: cut it.
      const cut = cutWord(text, atom.start, atom.end, atom.link === true, tail, fits, windowLength);
      const piece = text.slice(atom.start, cut).trim();
      if (piece) bodies.push(piece);
      if (cut >= atom.end) first++;
      else atoms[first] = { ...atom, start: cut, before: GLUED };
      windowLength = cut - atom.start;
      continue;
    }
    windowLength = atoms[low]!.end - start;

    // Back off from the furthest fitting atom to the best break: the last of the highest level.
    let last = low;
    if (low < lastAtom) {
      let level = atoms[low + 1]!.before;
      for (let k = low - 1; k >= first && level < PARAGRAPH; k--) {
        const candidate = atoms[k + 1]!.before;
        if (candidate > level) {
          level = candidate;
          last = k;
        }
      }
    }
    const piece = body(last);
    if (piece) bodies.push(piece);
    first = last + 1;
  }
  return bodies;
}

/**
 * Splits `text` into thread parts that each satisfy `options.fits` (numbering included). If the
 * whole text fits, it is the only part (trimmed, never numbered). Parts are trimmed and never
 * empty; a blank text gives no parts. Joined, the parts hold every word of the text in order.
 * Only a word that fits in no part by itself is cut (between grapheme clusters); if not even one
 * grapheme cluster fits, a part holds one cluster anyway.
 */
export function splitIntoThread(text: string, options: SplitOptions): string[] {
  const { fits } = options;
  const whole = text.trim();
  if (!whole) return [];
  if (fits(whole)) return [whole];
  const atoms = atomsOf(text);
  if (!options.numbering) return splitAtoms(text, atoms, fits, () => '')!;

  // The numbering's length depends on the number of parts, which depends on the numbering: assume
  // a number of digits, split, and widen if there are more parts than that many digits can number.
  const digits = (n: number) => String(n).length;
  let total = 9;
  let numbered: string[] = [];
  for (let attempt = 0; attempt < 16; attempt++) {
    const bodies = splitAtoms(text, atoms, fits, (i) => ` ${i}/${total}`, 10 ** digits(total) - 1);
    if (!bodies) {
      total = 10 ** digits(total);
      continue;
    }
    const count = bodies.length;
    // One part: it fits with a numbering, so it fits without (only a `fits` that refuses the
    // whole text but takes it with more characters gets here); a lone part is not numbered.
    if (count < 2) return bodies;
    numbered = bodies.map((body, i) => `${body} ${i + 1}/${count}`);
    // Numbered as measured, or with as many digits (digits all count alike).
    if (digits(count) === digits(total)) return numbered;
    // Fewer digits than measured: shorter numbering, which should fit; check.
    if (numbered.every((part) => fits(part))) return numbered;
    total = count;
  }
  return numbered;
}
