// @vitest-environment node
/**
 * Sharing while browsing, the parts that need no browser: links without tracking parameters, the
 * draft's text for each kind of share, what is kept of what a page says about itself.
 */
import { describe, expect, it } from 'vitest';
import { withoutTracking } from '../../utils/share/clean-url';
import { checkedFacts, type PageFacts } from '../../utils/share/page-facts';
import { shareText } from '../../utils/share/share-text';

describe('withoutTracking', () => {
  it('drops campaign tags and click ids, keeps everything else as written', () => {
    expect(withoutTracking('https://news.example/a?id=7&utm_source=x&utm_medium=social&fbclid=AbC&q=a%20b#top')).toBe('https://news.example/a?id=7&q=a%20b#top');
    expect(withoutTracking('https://shop.example/p?gclid=1&mc_eid=2&pk_campaign=3&mtm_source=4')).toBe('https://shop.example/p');
    // Names are compared decoded and in any case.
    expect(withoutTracking('https://a.example/?%75tm_source=x&UTM_Campaign=y&keep=1')).toBe('https://a.example/?keep=1');
  });

  it('leaves alone what it cannot judge: no query, not http(s), not a URL', () => {
    expect(withoutTracking('https://a.example/path')).toBe('https://a.example/path');
    expect(withoutTracking('mailto:me@example.org?utm_source=x')).toBe('mailto:me@example.org?utm_source=x');
    expect(withoutTracking('not a url')).toBe('not a url');
    // "ref" and "si" may be needed by the site: kept.
    expect(withoutTracking('https://a.example/?ref=home&si=abc')).toBe('https://a.example/?ref=home&si=abc');
  });
});

const facts = (extra: Partial<PageFacts> = {}): PageFacts => ({
  url: 'https://news.example/story?utm_source=feed',
  title: 'A story',
  description: 'What happened',
  selection: '',
  imageAlt: '',
  ...extra,
});

describe('shareText', () => {
  it('shares a page as its title and address, without tracking unless asked to keep it', () => {
    expect(shareText('page', facts(), {}, true)).toBe('A story\nhttps://news.example/story');
    expect(shareText('page', facts(), {}, false)).toBe('A story\nhttps://news.example/story?utm_source=feed');
  });

  it('quotes a selection, then the source', () => {
    expect(shareText('selection', facts({ selection: '  It rained.\n\n\n\nThen it stopped. ' }), {}, true)).toBe('“It rained.\n\nThen it stopped.”\n\nhttps://news.example/story');
    // The browser's own report when the page could not be read.
    expect(shareText('selection', facts({ selection: '' }), { selectionText: 'From the menu' }, true)).toBe('“From the menu”\n\nhttps://news.example/story');
  });

  it('keeps markup in a selection as the characters it is', () => {
    const text = shareText('selection', facts({ selection: '<script>alert(1)</script><b>bold</b>' }), {}, true);
    expect(text).toBe('“<script>alert(1)</script><b>bold</b>”\n\nhttps://news.example/story');
  });

  it('shares a link as its address, and an image with the page it is on', () => {
    expect(shareText('link', facts(), { linkUrl: 'https://other.example/x?fbclid=1' }, true)).toBe('https://other.example/x');
    expect(shareText('image', facts(), {}, true)).toBe('https://news.example/story');
  });
});

describe('checkedFacts', () => {
  const tab = { url: 'https://www.news.example/story', title: 'Tab title' };

  it('takes the canonical address of the same site, not of another', () => {
    expect(checkedFacts({ location: tab.url, canonical: 'https://news.example/story' }, tab).url).toBe('https://news.example/story');
    expect(checkedFacts({ location: tab.url, canonical: 'https://elsewhere.example/' }, tab).url).toBe(tab.url);
  });

  it('refuses addresses that are not http(s), and what is not text', () => {
    const checked = checkedFacts({ location: tab.url, canonical: 'javascript:alert(1)', image: 'data:text/html,x', title: { toString: () => 'x' }, selection: 42 }, tab);
    expect(checked).toMatchObject({ url: tab.url, imageUrl: undefined, title: 'Tab title', selection: '' });
  });

  it('drops control characters but keeps line breaks, and bounds the length', () => {
    const checked = checkedFacts({ location: tab.url, selection: 'a\u0000b\nc\u001bd', title: 'x'.repeat(1000) }, tab);
    expect(checked.selection).toBe('ab\ncd');
    expect(checked.title).toHaveLength(300);
  });

  it('falls back to what the browser says of the tab when the page could not be read', () => {
    expect(checkedFacts(undefined, tab)).toMatchObject({ url: tab.url, title: 'Tab title', description: '' });
  });
});
