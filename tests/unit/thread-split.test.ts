// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { measureMastodon } from '../../utils/networks/mastodon/count';
import { countGraphemes, utf8ByteLength } from '../../utils/text/graphemes';
import { splitIntoThread } from '../../utils/text/thread-split';
import { sampleText } from '../fixtures/texts';

/** How fast the splitter is, is a figure of `npm run bench` (tests/bench/text.ts), not a test. */
const mastodon = (maxCharacters: number) => (part: string) => !measureMastodon(part, '', { maxCharacters, urlLength: 23 }).over;
const bluesky = (part: string) => countGraphemes(part) <= 300 && utf8ByteLength(part) <= 3000;
const upTo = (length: number) => (part: string) => part.length <= length;

const NUMBERING = / (\d+)\/(\d+)$/;
const withoutNumbering = (part: string) => part.replace(NUMBERING, '');
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Every part fits, is trimmed and not empty; together they hold exactly the text's words, in order. */
function expectSound(text: string, parts: string[], fits: (part: string) => boolean, numbered = false): void {
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    expect(fits(part), part).toBe(true);
    expect(part).toBe(part.trim());
    expect(withoutNumbering(part).trim()).not.toBe('');
  }
  const bodies = numbered ? parts.map(withoutNumbering) : parts;
  expect(bodies.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
}

/** Graphemes of a string, by Intl.Segmenter. */
const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('splitIntoThread', () => {
  it('returns the whole text, trimmed, when it fits', () => {
    expect(splitIntoThread('  Hello, world!  \n', { fits: mastodon(500) })).toEqual(['Hello, world!']);
    expect(splitIntoThread('  Hello, world!  \n', { fits: mastodon(500), numbering: true })).toEqual(['Hello, world!']);
  });

  it('gives no parts for a blank text', () => {
    expect(splitIntoThread('', { fits: upTo(10) })).toEqual([]);
    expect(splitIntoThread(' \n\n ', { fits: upTo(10) })).toEqual([]);
  });

  it('prefers paragraph breaks over sentence ends over words', () => {
    const text = 'First paragraph. It is short.\n\nSecond one has a sentence. And another one here.';
    const fits = upTo(60);
    expect(splitIntoThread(text, { fits })).toEqual(['First paragraph. It is short.', 'Second one has a sentence. And another one here.']);
    // No blank line in reach: the last sentence end.
    const sentences = 'One two three. Four five six seven. Eight nine ten eleven twelve thirteen.';
    expect(splitIntoThread(sentences, { fits: upTo(40) })).toEqual([
      'One two three. Four five six seven.',
      'Eight nine ten eleven twelve thirteen.',
    ]);
    // No sentence end in reach: the last word that fits.
    const plain = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda';
    const parts = splitIntoThread(plain, { fits: upTo(20) });
    expect(parts).toEqual(['alpha beta gamma', 'delta epsilon zeta', 'eta theta iota kappa', 'lambda']);
  });

  it('packs several paragraphs into one part when they fit together', () => {
    const text = 'Para one.\n\nPara two.\n\nPara three is longer than the others by far.';
    expect(splitIntoThread(text, { fits: upTo(45) })).toEqual(['Para one.\n\nPara two.', 'Para three is longer than the others by far.']);
  });

  it('treats a line break as a sentence end, and abbreviations as no sentence end', () => {
    const list = 'Shopping list\napples and pears\nbread and butter and jam';
    expect(splitIntoThread(list, { fits: upTo(35) })).toEqual(['Shopping list\napples and pears', 'bread and butter and jam']);
    const abbreviations = 'We met Dr. Smith and Mr. Jones, e.g. at the park today';
    expect(splitIntoThread(abbreviations, { fits: upTo(40) })).toEqual(['We met Dr. Smith and Mr. Jones, e.g. at', 'the park today']);
  });

  it('never cuts URLs, mentions or hashtags', () => {
    const url = 'https://example.com/a/rather/long/path?with=query&and=more';
    const text = `Start ${url} then @user@example.social and @alice.bsky.social with #LongHashtagName end ${url}`;
    for (let limit = 60; limit <= 120; limit++) {
      const fits = upTo(limit);
      const parts = splitIntoThread(text, { fits });
      expectSound(text, parts, fits);
      for (const token of [url, '@user@example.social', '@alice.bsky.social', '#LongHashtagName']) {
        const inParts = parts.reduce((count, part) => count + part.split(token).length - 1, 0);
        expect(inParts, `${token} at ${limit}`).toBe(token === url ? 2 : 1);
      }
    }
  });

  it('does not break after a full-width sentence end inside a URL', () => {
    const text = '日本語の文章。https://example.com/パス。続き 次の文章です。もう一つ。';
    const parts = splitIntoThread(text, { fits: upTo(30) });
    expectSound(text, parts, upTo(30));
    expect(parts.some((part) => part.includes('https://example.com/パス。続き'))).toBe(true);
  });

  it('splits Chinese and Japanese text at sentence ends without spaces', () => {
    const text = '今日は良い天気です。散歩に行きました。「楽しかった！」と彼は言った。明日も晴れるでしょう。';
    const fits = upTo(20);
    const parts = splitIntoThread(text, { fits });
    expect(parts).toEqual(['今日は良い天気です。散歩に行きました。', '「楽しかった！」と彼は言った。', '明日も晴れるでしょう。']);
    const chinese = '今天天气很好！我们去公园散步了。你想一起来吗？好的。';
    expect(splitIntoThread(chinese, { fits: upTo(16) })).toEqual(['今天天气很好！我们去公园散步了。', '你想一起来吗？好的。']);
  });

  it('gives every part that fits, with Mastodon counting', () => {
    const text = sampleText(5000, 1);
    const fits = mastodon(500);
    const parts = splitIntoThread(text, { fits });
    expectSound(text, parts, fits);
    expect(parts.length).toBeGreaterThan(8);
  });

  it('gives every part that fits, with Bluesky counting (graphemes and bytes)', () => {
    const text = sampleText(5000, 2) + ' ' + '🇯🇵👩‍👩‍👧‍👦'.repeat(40) + ' ' + '日本語'.repeat(400);
    const parts = splitIntoThread(text, { fits: bluesky, numbering: true });
    expectSound(text, parts, bluesky, true);
    const bytesOnly = (part: string) => utf8ByteLength(part) <= 300;
    expectSound(text, splitIntoThread(text, { fits: bytesOnly }), bytesOnly);
  });

  it('numbers parts " 1/3", counts the numbering toward the limit, and keeps the total right', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu';
    const fits = upTo(24);
    const parts = splitIntoThread(text, { fits, numbering: true });
    expect(parts).toEqual(['alpha beta gamma 1/4', 'delta epsilon zeta 2/4', 'eta theta iota kappa 3/4', 'lambda mu 4/4']);
    expectSound(text, parts, fits, true);
    // Without numbering the same text needs fewer parts.
    expect(splitIntoThread(text, { fits })).toEqual(['alpha beta gamma delta', 'epsilon zeta eta theta', 'iota kappa lambda mu']);
  });

  it('numbers correctly when the numbering itself adds parts and digits', () => {
    // 9 parts without numbering; " 1/9" pushes it to 10 or more, and then " 1/10" is longer still.
    const text = Array.from({ length: 9 }, (_, i) => `word${i}x `.repeat(5).trim()).join(' ');
    const fits = upTo(34);
    const plain = splitIntoThread(text, { fits });
    const numbered = splitIntoThread(text, { fits, numbering: true });
    expect(plain.length).toBe(9);
    expect(numbered.length).toBe(12);
    expect(numbered[0]).toBe('word0x word0x word0x word0x 1/12');
    expect(numbered.at(-1)).toBe('word8x 12/12');
    expectSound(text, numbered, fits, true);
    numbered.forEach((part, i) => {
      const [, index, total] = NUMBERING.exec(part)!;
      expect(Number(index)).toBe(i + 1);
      expect(Number(total)).toBe(numbered.length);
    });
  });

  it('numbers a long thread (over 99 parts) consistently', () => {
    const text = sampleText(20000, 3);
    const fits = mastodon(120);
    const parts = splitIntoThread(text, { fits, numbering: true });
    expect(parts.length).toBeGreaterThan(99);
    expectSound(text, parts, fits, true);
    parts.forEach((part, i) => expect(part.endsWith(` ${i + 1}/${parts.length}`), part).toBe(true));
  });

  it('cuts a single over-long URL, and only it, at grapheme boundaries', () => {
    const url = `https://example.com/${'segment/'.repeat(20)}end`;
    const text = `Look: ${url} nice.`;
    const fits = upTo(50);
    const parts = splitIntoThread(text, { fits });
    expectSound(text, parts, fits);
    // "Look:" does not start the first part with a piece of the URL: only a word alone is cut.
    expect(parts[0]).toBe('Look:');
    expect(parts.slice(1).join('')).toBe(`${url} nice.`);
    for (const part of parts.slice(1, -1)) expect(part.length).toBe(50);
  });

  it('never splits an emoji, flag or combining sequence when cutting', () => {
    const family = '👩‍👩‍👧‍👦';
    const flags = '🇯🇵🇫🇷🇩🇪';
    const accented = 'e\u0301a\u0302';
    const word = (family + flags + accented + '🧑🏽‍💻').repeat(30);
    for (const limit of [11, 12, 13, 17, 23, 40]) {
      const fits = upTo(limit);
      const parts = splitIntoThread(word, { fits });
      expectSound(word, parts, fits);
      // Each part is made of whole clusters: cutting the word into the parts cut no cluster.
      expect(parts.flatMap(graphemes), `limit ${limit}`).toEqual(graphemes(word));
      const around = `x ${word} y`;
      expectSound(around, splitIntoThread(around, { fits }), fits);
    }
  });

  it('cuts long words of mixed scripts only between the clusters Intl.Segmenter finds', () => {
    const clusters = [
      'a',
      'Z',
      '7',
      'é',
      'e\u0301',
      '日',
      'ß',
      '👍🏽',
      '🇯🇵',
      '🇫🇷',
      '👩‍👩‍👧‍👦',
      'ก\u0E33',
      '\u1100\u1161\u11A8',
      '각',
      'क्ष',
      '☀️',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      '𠮷',
      '-',
      '/',
    ];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 8; round++) {
      let word = '';
      while (word.length < 1500) word += clusters[Math.floor(random() * clusters.length)];
      const limit = 12 + Math.floor(random() * 200);
      for (const fits of [upTo(limit), (part: string) => countGraphemes(part) <= limit, (part: string) => utf8ByteLength(part) <= limit * 2]) {
        const parts = splitIntoThread(word, { fits });
        expectSound(word, parts, fits);
        expect(parts.flatMap(graphemes), `round ${round}, limit ${limit}`).toEqual(graphemes(word));
      }
    }
  });

  it('keeps a mark with its letter wherever it falls in a long word', () => {
    // Around the ends of the chunks clusters are read in (256 UTF-16 units).
    for (const at of [...Array(16).keys()].flatMap((i) => [248 + i, 504 + i])) {
      const word = 'x'.repeat(at) + 'e\u0301' + 'y'.repeat(600 - at);
      for (const limit of [at + 1, at + 2, 256, 257, 512, 513]) {
        const parts = splitIntoThread(word, { fits: upTo(limit) });
        expect(parts.flatMap(graphemes), `at ${at}, limit ${limit}`).toEqual(graphemes(word));
      }
    }
  });

  it('keeps clusters whole without Intl.Segmenter too (older Firefox)', async () => {
    const original = Intl.Segmenter;
    Object.defineProperty(Intl, 'Segmenter', { value: undefined, configurable: true, writable: true });
    try {
      vi.resetModules();
      const { splitIntoThread: split } = await import('../../utils/text/thread-split');
      const word = ('👩‍👩‍👧‍👦🇯🇵e\u0301' + 'abc').repeat(100);
      const parts = split(word, { fits: upTo(20) });
      Object.defineProperty(Intl, 'Segmenter', { value: original, configurable: true, writable: true });
      expectSound(word, parts, upTo(20));
      expect(parts.flatMap(graphemes)).toEqual(graphemes(word));
    } finally {
      Object.defineProperty(Intl, 'Segmenter', { value: original, configurable: true, writable: true });
      vi.resetModules();
    }
  });

  it('keeps emoji whole at word boundaries too', () => {
    const text = Array.from({ length: 60 }, (_, i) => (i % 2 ? '👩‍👩‍👧‍👦' : '🇯🇵')).join(' ');
    const fits = (part: string) => countGraphemes(part) <= 15;
    const parts = splitIntoThread(text, { fits, numbering: true });
    expectSound(text, parts, fits, true);
    for (const part of parts) for (const cluster of graphemes(withoutNumbering(part))) expect(['👩‍👩‍👧‍👦', '🇯🇵', ' ']).toContain(cluster);
  });

  it('prefers a word boundary when cutting text without spaces', () => {
    const text = 'これは日本語の長い文章で句読点がありませんがそれでも分割する必要があります'.repeat(3);
    const fits = upTo(30);
    const parts = splitIntoThread(text, { fits });
    expectSound(text, parts, fits);
    expect(parts.length).toBeGreaterThan(3);
  });

  it('makes progress even when nothing fits', () => {
    const parts = splitIntoThread('abc def', { fits: () => false });
    expect(parts.join('')).toBe('abcdef');
  });

  it('calls fits a few times per part, not once per word', () => {
    const text = sampleText(20000, 4);
    const fits = vi.fn(mastodon(500));
    const parts = splitIntoThread(text, { fits });
    expect(fits.mock.calls.length).toBeLessThan(parts.length * 8);
  });

  it('splits 20,000 characters for a 500-character limit soundly, numbered or not', () => {
    const fits = mastodon(500);
    const text = sampleText(20000, 6);
    expect(text.length).toBeGreaterThanOrEqual(20000);
    for (const numbering of [false, true]) expectSound(text, splitIntoThread(text, { fits, numbering }), fits, numbering);
  });

  it('cuts 20,000 characters without spaces soundly', () => {
    const fits = mastodon(500);
    for (const text of ['日本語の長い文章で句読点がありません'.repeat(1200), 'x'.repeat(20000)]) {
      expectSound(text, splitIntoThread(text, { fits, numbering: true }), fits, true);
    }
  });
});
