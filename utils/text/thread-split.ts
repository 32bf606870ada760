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
const FULL_WIDTH_END = /[。！？｡][”’"'»›)\]}」』）】〕〉》]*/gu;
/** What may not start a part after a full-width sentence end: marks, joiners, selectors, more punctuation. */
const NO_BREAK_BEFORE = /^[\p{M}\p{Cf}\p{P}\uFE00-\uFE0F]/u;
const URL_START = /:\/\/|www\./i;

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
    FULL_WIDTH_END.lastIndex = 0;
    if (FULL_WIDTH_END.test(word)) {
      const url = word.search(URL_START);
      FULL_WIDTH_END.lastIndex = 0;
      let from = 0;
      for (const match of word.matchAll(FULL_WIDTH_END)) {
        const cut = match.index + match[0].length;
        if (url >= 0 && cut > url) break;
        if (cut >= word.length || NO_BREAK_BEFORE.test(word.slice(cut, cut + 1))) continue;
        atoms.push({ start: start + from, end: start + cut, before: from === 0 ? before : SENTENCE });
        from = cut;
      }
      atoms.push({ start: start + from, end, before: from === 0 ? before : SENTENCE });
      return;
    }
    atoms.push({ start, end, before });
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

/** Lazily yields the ends of the grapheme clusters of text[start, end), as indices into `text`. */
function* clusterEnds(text: string, start: number, end: number): Generator<number> {
  const slice = text.slice(start, end);
  const segments = segmenter('grapheme');
  if (segments) {
    for (const { index, segment } of segments.segment(slice)) yield start + index + segment.length;
    return;
  }
  const pattern = new RegExp(APPROXIMATE_CLUSTER.source, 'gu');
  for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) yield start + match.index + match[0].length;
}

/** Word boundaries of text[start, end) strictly inside it, as indices into `text`. */
function wordBoundaries(text: string, start: number, end: number): Set<number> {
  const boundaries = new Set<number>();
  const segments = segmenter('word');
  if (!segments) return boundaries;
  for (const { index } of segments.segment(text.slice(start, end))) if (index > 0) boundaries.add(start + index);
  return boundaries;
}

const PROTECTED_WORD = /:\/\/|^www\.|^[@＠#＃]|[^\s@]@[^\s@]/i;

/**
 * Where to cut the over-long word text[start, end) so that the first piece, with `suffix`, fits:
 * the furthest cluster boundary that fits, or the furthest word boundary not much before it (not
 * for URLs, mentions and hashtags). At least one cluster, even if it does not fit alone.
 */
function cutWord(text: string, start: number, end: number, suffix: string, fits: (part: string) => boolean): number {
  const ends: number[] = [];
  const iterator = clusterEnds(text, start, end);
  let exhausted = false;
  const endAt = (k: number): number | undefined => {
    while (ends.length <= k && !exhausted) {
      const next = iterator.next();
      if (next.done) exhausted = true;
      else ends.push(next.value);
    }
    return ends[k];
  };
  const fitsTo = (k: number) => fits(text.slice(start, endAt(k)!).trim() + suffix);

  // The last cluster is never tried: the whole word does not fit, or it would not be cut.
  const lastUsable = (k: number) => endAt(k + 1) !== undefined;
  if (!lastUsable(0) || !fitsTo(0)) return endAt(0) ?? end;
  let low = 0; // fits
  let high = -1; // does not fit, or past the last usable cluster; -1: not found yet
  for (let step = 1; high < 0; step *= 2) {
    const probe = low + step;
    if (!lastUsable(probe)) {
      high = probe;
      while (high > low + 1 && !lastUsable(high - 1)) high--;
    } else if (fitsTo(probe)) low = probe;
    else high = probe;
  }
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (fitsTo(middle)) low = middle;
    else high = middle;
  }
  const cut = ends[low]!;
  if (PROTECTED_WORD.test(text.slice(start, end))) return cut;
  // Prefer a word boundary (CJK text has no spaces) if it keeps at least half of the piece.
  const boundaries = wordBoundaries(text, start, Math.min(end, cut + 16));
  for (let k = low; k >= 0 && ends[k]! - start >= (cut - start) / 2; k--) {
    if (boundaries.has(ends[k]!)) return k === low || fitsTo(k) ? ends[k]! : cut;
  }
  return cut;
}

// ---------------------------------------------------------------------------------------------
// Splitting
// ---------------------------------------------------------------------------------------------

/** Parts of `text` (without numbering), part i (from 1) measured together with `suffix(i)`. */
function splitAtoms(text: string, input: readonly Atom[], fits: (part: string) => boolean, suffix: (i: number) => string): string[] {
  const atoms = input.map((atom) => ({ ...atom }));
  const bodies: string[] = [];
  let previousSize = 8; // atoms in the previous part: where the search for the next starts
  for (let first = 0; first < atoms.length; ) {
    const tail = suffix(bodies.length + 1);
    const start = atoms[first]!.start;
    const body = (last: number) => text.slice(start, atoms[last]!.end).trim();
    const fitsTo = (last: number) => fits(body(last) + tail);

    // The furthest atom the part can end with: gallop from the previous part's size, then bisect.
    const lastAtom = atoms.length - 1;
    let low = first - 1; // fits (first - 1: nothing does)
    let high = lastAtom + 1; // does not fit
    const guess = Math.min(lastAtom, first + previousSize - 1);
    if (fitsTo(guess)) {
      low = guess;
      for (let step = 1; low < lastAtom; step *= 2) {
        const probe = Math.min(lastAtom, low + step);
        if (!fitsTo(probe)) {
          high = probe;
          break;
        }
        low = probe;
      }
    } else {
      high = guess;
      for (let step = 1; high > first; step *= 2) {
        const probe = Math.max(first, high - step);
        if (fitsTo(probe)) {
          low = probe;
          break;
        }
        high = probe;
      }
    }
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (fitsTo(middle)) low = middle;
      else high = middle;
    }

    if (low < first) {
      // Not even the first word fits: cut it.
      const atom = atoms[first]!;
      const cut = cutWord(text, atom.start, atom.end, tail, fits);
      const piece = text.slice(atom.start, cut).trim();
      if (piece) bodies.push(piece);
      if (cut >= atom.end) first++;
      else atoms[first] = { start: cut, end: atom.end, before: GLUED };
      previousSize = 1;
      continue;
    }

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
    previousSize = Math.max(1, low - first + 1);
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
  const plain = splitAtoms(text, atoms, fits, () => '');
  if (!options.numbering || plain.length < 2) return plain;

  const digits = (n: number) => String(n).length;
  let total = plain.length;
  let numbered: string[] = plain;
  for (let attempt = 0; attempt < 12; attempt++) {
    const bodies = splitAtoms(text, atoms, fits, (i) => ` ${i}/${total}`);
    const count = bodies.length;
    numbered = bodies.map((body, i) => `${body} ${i + 1}/${count}`);
    // As measured; or fewer parts, or as many digits: no numbering is longer than the one measured.
    if (count === total) return numbered;
    if ((count < total || digits(count) === digits(total)) && numbered.every((part) => fits(part))) return numbered;
    total = count > total ? count : total + 1;
  }
  return numbered;
}
