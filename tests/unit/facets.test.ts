// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { buildFacets, detectFacets, utf16IndexToUtf8Index, utf8Length, type DetectedFacet } from '../../utils/networks/bluesky/facets';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What each facet's byte range holds, decoded. */
function covered(text: string, facets: readonly { byteStart: number; byteEnd: number }[]): string[] {
  const bytes = encoder.encode(text);
  return facets.map((facet) => decoder.decode(bytes.slice(facet.byteStart, facet.byteEnd)));
}

/** kind, value and the decoded text of every facet. */
function detect(text: string): [DetectedFacet['kind'], string, string][] {
  const facets = detectFacets(text);
  const slices = covered(text, facets);
  return facets.map((facet, i) => [facet.kind, facet.value, slices[i]!]);
}

describe('utf8Length / utf16IndexToUtf8Index', () => {
  const samples = [
    '',
    'abc',
    'é',
    '日本語',
    '👩‍👩‍👧‍👦',
    '🇯🇵',
    'e\u0301',
    'a\nb',
    '𠮷野家',
    'mixed ✓ 😀 текст \u{1F3FD}',
    '\ud800 lone',
    'x\udc00',
  ];

  it('agrees with TextEncoder', () => {
    for (const text of samples) expect(utf8Length(text), text).toBe(encoder.encode(text).length);
  });

  it('gives the UTF-8 length of the prefix for every index', () => {
    for (const text of samples) {
      for (let i = 0; i <= text.length; i++) {
        expect(utf16IndexToUtf8Index(text, i), `${text} @${i}`).toBe(encoder.encode(text.slice(0, i)).length);
      }
    }
  });
});

describe('detectFacets', () => {
  it('finds nothing in plain text', () => {
    expect(detectFacets('')).toEqual([]);
    expect(detectFacets('Just words, no links. 100% #')).toEqual([]);
  });

  it('finds a link, a mention and a tag at the very start and end of the text', () => {
    expect(detect('https://example.com')).toEqual([['link', 'https://example.com', 'https://example.com']]);
    expect(detect('@alice.bsky.social')).toEqual([['mention', 'alice.bsky.social', '@alice.bsky.social']]);
    expect(detect('#tag')).toEqual([['tag', 'tag', '#tag']]);
    expect(detect('#start middle @bob.example.com end https://example.org/x')).toEqual([
      ['tag', 'start', '#start'],
      ['mention', 'bob.example.com', '@bob.example.com'],
      ['link', 'https://example.org/x', 'https://example.org/x'],
    ]);
  });

  it('keeps byte ranges exact after emoji, ZWJ sequences, flags, CJK, combining marks and newlines', () => {
    const prefixes = ['👩‍👩‍👧‍👦 ', '🇯🇵 ', '🧑🏽‍💻 ', '日本語のテキスト ', 'cafe\u0301 ', 'line one\nline two\n', '\r\n', '𠮷 ', 'e\u0301\u0302 '];
    for (const prefix of prefixes) {
      const text = `${prefix}@alice.bsky.social ${prefix}https://example.com/ünï ${prefix}#日本語 ${prefix}example.org`;
      expect(detect(text), JSON.stringify(prefix)).toEqual([
        ['mention', 'alice.bsky.social', '@alice.bsky.social'],
        ['link', 'https://example.com/ünï', 'https://example.com/ünï'],
        ['tag', '日本語', '#日本語'],
        ['link', 'https://example.org', 'example.org'],
      ]);
    }
  });

  it('reports byte offsets, not UTF-16 indices', () => {
    const text = '🇯🇵 #tag';
    const [facet] = detectFacets(text);
    expect(facet).toEqual({ kind: 'tag', byteStart: 9, byteEnd: 13, value: 'tag' });
  });

  it('trims trailing punctuation from links', () => {
    for (const end of ['.', ',', ';', ':', '!', '?', '...', '?!', ').', ')']) {
      expect(detect(`Go to https://example.com/page${end}`), end).toEqual([
        ['link', 'https://example.com/page', 'https://example.com/page'],
      ]);
    }
    expect(detect('see https://example.com/?q=1&r=2.')).toEqual([['link', 'https://example.com/?q=1&r=2', 'https://example.com/?q=1&r=2']]);
  });

  it('keeps balanced parentheses and drops an unbalanced closing one', () => {
    expect(detect('(see https://example.com/a_(b))')).toEqual([['link', 'https://example.com/a_(b)', 'https://example.com/a_(b)']]);
    expect(detect('(https://example.com)')).toEqual([['link', 'https://example.com', 'https://example.com']]);
    expect(detect('https://en.wikipedia.org/wiki/Fish_(disambiguation)')).toEqual([
      ['link', 'https://en.wikipedia.org/wiki/Fish_(disambiguation)', 'https://en.wikipedia.org/wiki/Fish_(disambiguation)'],
    ]);
    expect(detect('(example.com/x).')).toEqual([['link', 'https://example.com/x', 'example.com/x']]);
  });

  it('links bare domains with https:// in the uri', () => {
    expect(detect('example.com/path')).toEqual([['link', 'https://example.com/path', 'example.com/path']]);
    expect(detect('visit bsky.app, or my-site.co.uk.')).toEqual([
      ['link', 'https://bsky.app', 'bsky.app'],
      ['link', 'https://my-site.co.uk', 'my-site.co.uk'],
    ]);
    expect(detect('http://example.com and HTTPS://EXAMPLE.COM')).toEqual([
      ['link', 'http://example.com', 'http://example.com'],
      ['link', 'HTTPS://EXAMPLE.COM', 'HTTPS://EXAMPLE.COM'],
    ]);
  });

  it('does not link words that only look like domains', () => {
    expect(detectFacets('I use node.js and config.yaml, e.g. here; version 1.2.3 costs 3.50')).toEqual([]);
    expect(detectFacets("example.com's docs")).toEqual([]);
    expect(detectFacets('foo.example.com')).toHaveLength(1);
    expect(detectFacets('xexample.comx')).toEqual([]);
  });

  it('does not treat an e-mail address as a mention or a link', () => {
    expect(detectFacets('mail bob@example.com today')).toEqual([]);
  });

  it('needs a dot and a top-level domain in a handle', () => {
    expect(detectFacets('@alice hi')).toEqual([]);
    expect(detectFacets('@alice.notatld hi')).toEqual([]);
    expect(detectFacets('@bob@mastodon.social')).toEqual([]);
    expect(detect('@alice.test and (@Bob.Example.COM)')).toEqual([
      ['mention', 'alice.test', '@alice.test'],
      ['mention', 'Bob.Example.COM', '@Bob.Example.COM'],
    ]);
    expect(detect('thanks @alice.bsky.social!')).toEqual([['mention', 'alice.bsky.social', '@alice.bsky.social']]);
    expect(detect('@alice.bsky.social.')).toEqual([['mention', 'alice.bsky.social', '@alice.bsky.social']]);
  });

  it('finds hashtags, but not digits only, not after a letter, and trims trailing punctuation', () => {
    expect(detectFacets('#123 and #1,000')).toEqual([]);
    expect(detectFacets('issue#tag and C#')).toEqual([]);
    expect(detect('#tag.')).toEqual([['tag', 'tag', '#tag']]);
    expect(detect('#tag!? and #a1 and #123abc')).toEqual([
      ['tag', 'tag', '#tag'],
      ['tag', 'a1', '#a1'],
      ['tag', '123abc', '#123abc'],
    ]);
    expect(detect('full-width ＃タグ here')).toEqual([['tag', 'タグ', '＃タグ']]);
    expect(detect('#️⃣ keycap is not a tag, #👍 is')).toEqual([['tag', '👍', '#👍']]);
  });

  it('allows 64 UTF-16 code units in a tag, as the Bluesky app does: not 65', () => {
    expect(detect(`#${'a'.repeat(64)}`)).toEqual([['tag', 'a'.repeat(64), `#${'a'.repeat(64)}`]]);
    expect(detectFacets(`#${'a'.repeat(65)}`)).toEqual([]);
    // 32 emoji are 64 code units; 33 are 33 graphemes, which the lexicon would allow, but the app makes no tag of them.
    expect(detectFacets(`#${'😀'.repeat(32)}`)).toHaveLength(1);
    expect(detectFacets(`#${'😀'.repeat(33)}`)).toEqual([]);
  });

  it('makes tags of cashtags, in capitals, as the Bluesky app does', () => {
    expect(detect('buy $aapl, not ($TSLA) or $5 or $TOOLONG')).toEqual([
      ['tag', '$AAPL', '$aapl'],
      ['tag', '$TSLA', '$TSLA'],
    ]);
  });

  it('links a bare domain only when it starts with a letter and ends in a current top-level domain', () => {
    expect(detectFacets('9gag.com 4chan.org')).toEqual([]);
    // Top-level domains retired from the root zone, and xn-- forms, which the app's list does not hold.
    expect(detectFacets('example.shaw example.xn--p1ai @alice.cbs')).toEqual([]);
    expect(detect('www.9gag.com')).toEqual([['link', 'https://www.9gag.com', 'www.9gag.com']]);
  });

  it('returns several facets sorted by position, without overlaps', () => {
    const text = 'Hi @carol.bsky.social, read https://example.com/#notatag #news 🇯🇵 and example.net #tag2';
    const facets = detectFacets(text);
    expect(facets.map((facet) => facet.kind)).toEqual(['mention', 'link', 'tag', 'link', 'tag']);
    for (let i = 1; i < facets.length; i++) expect(facets[i]!.byteStart).toBeGreaterThanOrEqual(facets[i - 1]!.byteEnd);
    expect(covered(text, facets)).toEqual(['@carol.bsky.social', 'https://example.com/#notatag', '#news', 'example.net', '#tag2']);
  });
});

describe('buildFacets', () => {
  it('builds lexicon facets and resolves mentions to DIDs', async () => {
    const text = '🇯🇵 @alice.bsky.social see https://example.com #tag';
    const resolve = vi.fn(async (handle: string) => (handle === 'alice.bsky.social' ? 'did:plc:alice' : undefined));
    const facets = await buildFacets(text, resolve);
    expect(facets).toEqual([
      {
        index: { byteStart: 9, byteEnd: 27 },
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }],
      },
      {
        index: { byteStart: 32, byteEnd: 51 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com' }],
      },
      {
        index: { byteStart: 52, byteEnd: 56 },
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'tag' }],
      },
    ]);
    expect(
      covered(
        text,
        facets.map((facet) => facet.index),
      ),
    ).toEqual(['@alice.bsky.social', 'https://example.com', '#tag']);
    expect(resolve).toHaveBeenCalledWith('alice.bsky.social');
  });

  it('drops mentions that do not resolve, or whose resolution fails', async () => {
    const text = '@ghost.bsky.social @broken.bsky.social @alice.bsky.social';
    const facets = await buildFacets(text, async (handle) => {
      if (handle === 'broken.bsky.social') throw new Error('Unable to resolve handle');
      return handle === 'alice.bsky.social' ? 'did:plc:alice' : undefined;
    });
    expect(facets).toHaveLength(1);
    expect(facets[0]!.features).toEqual([{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }]);
    expect(covered(text, [facets[0]!.index])).toEqual(['@alice.bsky.social']);
  });

  it('resolves each handle once', async () => {
    const resolve = vi.fn(async () => 'did:plc:same');
    const facets = await buildFacets('@a.bsky.social and @a.bsky.social again', resolve);
    expect(facets).toHaveLength(2);
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('gives no facets for plain text without calling resolve', async () => {
    const resolve = vi.fn(async () => 'did:plc:x');
    expect(await buildFacets('nothing here', resolve)).toEqual([]);
    expect(resolve).not.toHaveBeenCalled();
  });
});
