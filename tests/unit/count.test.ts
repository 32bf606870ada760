// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { TextLimits } from '../../utils/model';
import { NETWORKS } from '../../utils/networks/index';
import { measureMastodon } from '../../utils/networks/mastodon/count';
import { countGraphemes, utf8ByteLength } from '../../utils/text/graphemes';

/**
 * Each network's counting rule, next to that network (utils/networks/<id>/), and the grapheme
 * counting they share (utils/text/graphemes.ts). How fast they count is a figure of `npm run bench`.
 */
const mastodon = { maxCharacters: 500, urlLength: 23 };
const used = (text: string, spoilerText = '') => measureMastodon(text, spoilerText, mastodon).used;

/** The reference: Intl.Segmenter over the whole string. */
function segmenterCount(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

describe('countGraphemes', () => {
  it('counts plain ASCII one per character', () => {
    expect(countGraphemes('')).toBe(0);
    expect(countGraphemes('Hello, world!')).toBe(13);
    expect(countGraphemes('tab\there')).toBe(8);
  });

  it('counts an emoji ZWJ sequence as one, not by code points', () => {
    const family = '👩‍👩‍👧‍👦';
    expect([...family].length).toBe(7);
    expect(countGraphemes(family)).toBe(1);
    expect(countGraphemes('🧑‍💻')).toBe(1);
    expect(countGraphemes('❤️‍🔥')).toBe(1);
  });

  it('keeps skin tones and variation selectors with their emoji', () => {
    expect(countGraphemes('👍🏽')).toBe(1);
    expect(countGraphemes('🧑🏿‍💻')).toBe(1);
    expect(countGraphemes('☀️')).toBe(1);
    expect(countGraphemes('👍🏽👍🏿')).toBe(2);
  });

  it('counts flags as one: regional indicator pairs and tag sequences', () => {
    expect(countGraphemes('🇯🇵')).toBe(1);
    expect(countGraphemes('🇯🇵🇫🇷')).toBe(2);
    expect(countGraphemes('🏴󠁧󠁢󠁳󠁣󠁴󠁿')).toBe(1);
  });

  it('counts a letter with combining marks as one', () => {
    expect(countGraphemes('e\u0301')).toBe(1);
    expect(countGraphemes('\u00e9')).toBe(1);
    expect(countGraphemes('cafe\u0301s')).toBe(5);
    expect(countGraphemes('a\u0301\u0302\u0303')).toBe(1);
  });

  it('counts each CJK ideograph, kana and Hangul syllable as one', () => {
    expect(countGraphemes('日本語')).toBe(3);
    expect(countGraphemes('こんにちは')).toBe(5);
    expect(countGraphemes('한국어')).toBe(3);
    expect(countGraphemes('\u1100\u1161\u11a8')).toBe(1); // conjoining jamo: one syllable
    expect(countGraphemes('𠮷野家')).toBe(3); // astral ideograph
  });

  it('counts CR LF as one and other line breaks one each', () => {
    expect(countGraphemes('a\r\nb')).toBe(3);
    expect(countGraphemes('a\n\nb')).toBe(4);
    expect(countGraphemes('\r\n\u0301')).toBe(2);
  });

  it('agrees with Intl.Segmenter on the whole string, across the edges of complex runs', () => {
    const samples = [
      'Read https://example.org 👩‍👩‍👧‍👦 and 🇯🇵🇫🇷🇩🇪 now',
      'नमस्ते दुनिया, यह एक परीक्षा है।',
      'สวัสดีครับ ภาษาไทย',
      'مرحبا بالعالم \u0600\u0661\u0662',
      'x\u200dy \u00a9\u200d\u{1f5e8} e\u0301\r\n\u0301 ᄀᄀ가\u11a8',
      '👩🏽‍🤝‍👩🏻 ✌🏿 🏳️‍🌈 1️⃣ #️⃣',
      'a\ud800b\udc00c \u{1f1e6}\u{1f1e8}\u{1f1e6}',
      'Ǆ̧ ỗ̂ 𝔘̈ ﾊﾞ ｶﾟ',
    ];
    for (const sample of samples) expect(countGraphemes(sample), sample).toBe(segmenterCount(sample));
  });

  it('still keeps emoji sequences and marks together where Intl.Segmenter is missing', async () => {
    vi.resetModules();
    vi.stubGlobal('Intl', Object.create(Intl, { Segmenter: { value: undefined } }));
    try {
      const fresh = await import('../../utils/text/graphemes');
      const freshMastodon = await import('../../utils/networks/mastodon/count');
      expect(fresh.countGraphemes('👩‍👩‍👧‍👦 🇯🇵🇫🇷 e\u0301 👍🏽')).toBe(8);
      expect(freshMastodon.measureMastodon('@alice@example.social https://example.com 🏴󠁧󠁢󠁳󠁣󠁴󠁿', '', mastodon).used).toBe(32);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('measureMastodon', () => {
  it('counts plain text by graphemes', () => {
    expect(used('Hello, world!')).toBe(13);
    expect(used('Family: 👩‍👩‍👧‍👦 🇯🇵')).toBe(11);
  });

  it('counts every http and https URL as 23, however long or short', () => {
    expect(used('https://example.com')).toBe(23);
    expect(used('http://example.com')).toBe(23);
    expect(used('http://a.co')).toBe(23);
    expect(used(`https://example.com/${'very-long-path/'.repeat(40)}end`)).toBe(23);
    expect(used('HTTPS://EXAMPLE.COM/PATH')).toBe(23);
    expect(used('https://sub.domain.example.co.uk:8443/a/b')).toBe(23);
  });

  it('includes query and fragment in the URL', () => {
    expect(used('https://example.com/search?q=count&lang=en#results')).toBe(23);
    expect(used('https://example.com/?a=1&b=2')).toBe(23);
    expect(used('see https://example.com/page#section-2 ok')).toBe(4 + 23 + 3);
  });

  it('leaves sentence punctuation after a URL out of it', () => {
    expect(used('Read https://example.com/page.')).toBe(5 + 23 + 1);
    expect(used('Read https://example.com/page, then')).toBe(5 + 23 + 6);
    expect(used('(see https://example.com/x)')).toBe(5 + 23 + 1);
    expect(used('Really? https://example.com/x!')).toBe(8 + 23 + 1);
    expect(used('Ends with https://example.com/x?')).toBe(10 + 23 + 1);
    expect(used('"https://example.com/x";')).toBe(1 + 23 + 2);
    expect(used('https://example.com.')).toBe(23 + 1);
  });

  it('keeps balanced parentheses that belong to the URL', () => {
    expect(used('https://en.wikipedia.org/wiki/Bracket_(disambiguation)')).toBe(23);
    expect(used('(https://en.wikipedia.org/wiki/Bracket_(disambiguation))')).toBe(1 + 23 + 1);
  });

  it('counts several URLs separately', () => {
    expect(used('a https://example.com b https://example.org/x')).toBe(2 + 23 + 3 + 23);
    expect(used('https://example.com,https://example.org')).toBe(23 + 1 + 23);
    expect(used('https://example.com\nhttps://example.org')).toBe(23 + 1 + 23);
  });

  it('counts text that is not a URL to Mastodon as typed', () => {
    expect(used('example.com')).toBe(11);
    expect(used('visit www.example.com/page today')).toBe(32);
    expect(used('ftp://example.com/file')).toBe(22);
    expect(used('http://localhost/')).toBe(17); // no top-level domain
    expect(used('http://127.0.0.1/')).toBe(17);
    expect(used('https://example.invalidtld/x')).toBe(28);
    expect(used('xhttps://example.com')).toBe(20); // glued to a word
    expect(used(`https://${'a'.repeat(64)}.com`)).toBe(8 + 64 + 4); // label too long for IDNA
  });

  it('follows Mastodon in counting its other schemes and t.co links', () => {
    expect(used('gemini://example.com/notes')).toBe(23);
    expect(used('https://t.co/abc123/extra')).toBe(23 + 6); // t.co stops after the slug
  });

  it('counts a URL with an international domain as 23', () => {
    expect(used('https://例え.jp/パス')).toBe(23);
    expect(used('https://пример.рф')).toBe(23);
  });

  it('counts a remote mention as @username', () => {
    expect(used('@alice@example.social')).toBe(6);
    expect(used('Hi @alice@example.social!')).toBe(3 + 6 + 1);
    expect(used('@alice@example.social @bob@example.org')).toBe(6 + 1 + 4);
    expect(used('@Alice.Smith@mastodon.example.co.uk')).toBe(12);
  });

  it('counts a local mention as typed', () => {
    expect(used('@bob')).toBe(4);
    expect(used('cc @bob, @carol_1')).toBe(17);
  });

  it('does not take an e-mail address or a URL path for a mention', () => {
    expect(used('a@b.com')).toBe(7);
    expect(used('write to alice@example.social')).toBe(29);
    expect(used('https://mastodon.social/@alice@example.social')).toBe(23);
    expect(used('@alice@example.social@')).toBe(22); // followed by @: not a mention
  });

  it('reads a remote mention as Mastodon 4.3 and later do: its domain starts with a letter or digit', () => {
    expect(used('@alice@example.social')).toBe(6);
    // "@alice" is followed by "@", so nothing here is a mention (before 4.3 this counted as "@alice").
    expect(used('@alice@.example.com')).toBe(19);
    expect(used('@alice@-x.org')).toBe(13);
  });

  it('adds the content warning to the count, as typed', () => {
    expect(used('Hello', 'CW: spoilers')).toBe(5 + 12);
    expect(used('', 'Spoiler 👩‍👩‍👧‍👦')).toBe(9);
    expect(used('https://example.com', 'see https://example.com/long/path')).toBe(33 + 23);
  });

  it('strips surrounding whitespace and counts whitespace-only text as nothing, like the server', () => {
    expect(used('  hello \n\n')).toBe(5);
    expect(used(' \n\t ')).toBe(0);
    expect(used('\u3000')).toBe(0);
    expect(used('a  b')).toBe(4);
  });

  it('uses the server reserved URL length', () => {
    expect(measureMastodon('https://example.com', '', { maxCharacters: 500, urlLength: 30 }).used).toBe(30);
  });
});

describe('limits', () => {
  const rule: TextLimits = { maxCharacters: 10, urlLength: 23 };
  const measure = NETWORKS.mastodon.measure;

  it('is not over exactly at the limit', () => {
    expect(measure('x'.repeat(10), '', rule)).toEqual({ used: 10, limit: 10, remaining: 0, over: false });
    expect(measure('👩‍👩‍👧‍👦'.repeat(10), '', rule).over).toBe(false);
    expect(measure('12345', '12345', rule).over).toBe(false);
  });

  it('is over one past the limit', () => {
    expect(measure('x'.repeat(11), '', rule)).toEqual({ used: 11, limit: 10, remaining: -1, over: true });
    expect(measure('123456', '12345', rule).over).toBe(true);
  });

  it('reports negative remaining when well over', () => {
    const counted = measure('https://example.com and more', '', rule);
    expect(counted.used).toBe(32);
    expect(counted.remaining).toBe(-22);
    expect(counted.over).toBe(true);
  });

  it('the registry counts each network by its own rule', () => {
    const text = 'Hi @alice@example.social https://example.com/a 👩‍👩‍👧‍👦';
    const limits = { maxCharacters: 500, urlLength: 23, maxBytes: 3000 };
    expect(NETWORKS.mastodon.measure(text, 'cw', limits).used).toBe(3 + 6 + 1 + 23 + 1 + 1 + 2);
    expect(NETWORKS.bluesky.measure(text, 'cw', limits).used).toBe(countGraphemes(text));
    expect(NETWORKS.misskey.measure(text, 'cw', limits).used).toBe([...text].length);
  });
});

describe('Bluesky counting (graphemes and UTF-8 bytes)', () => {
  const rule = NETWORKS.bluesky.limits;
  const measure = NETWORKS.bluesky.measure;

  it('counts graphemes while they are the tighter limit', () => {
    expect(measure('👩‍👩‍👧‍👦 hi', '', rule)).toMatchObject({ used: 4, limit: 300, over: false });
    expect(measure('a'.repeat(301), '', rule)).toMatchObject({ used: 301, over: true });
  });

  it('switches to bytes when they are closer to their limit', () => {
    // 250 family emoji: 250 graphemes (of 300) but 6,250 bytes (of 3,000).
    const families = '👩‍👩‍👧‍👦'.repeat(250);
    expect(measure(families, '', rule)).toMatchObject({ used: 6250, limit: 3000, over: true });
  });

  it('ignores the content warning, which is a label there', () => {
    expect(measure('hi', 'a very long warning', rule).used).toBe(2);
  });

  it('agrees with TextEncoder on byte length', () => {
    for (const text of ['', 'ascii', 'é', '日本語', '🇯🇵', '👩‍👩‍👧‍👦', 'a\u0301', '\ud83d', '\ud83dx']) {
      expect(utf8ByteLength(text), text).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('Misskey counting', () => {
  const measure = NETWORKS.misskey.measure;
  it("counts code points of the text as sent, as Ajv's maxLength does in notes/create", () => {
    expect(measure('hello', 'cw not counted', { maxCharacters: 5 })).toMatchObject({ used: 5, over: false });
    expect(measure(' hello', '', { maxCharacters: 5 })).toMatchObject({ used: 6, over: true });
    expect(measure('😀', '', { maxCharacters: 1 })).toMatchObject({ used: 1, over: false });
    expect(measure('👩‍👩‍👧‍👦', '', { maxCharacters: 10 })).toMatchObject({ used: 7 });
  });
});
