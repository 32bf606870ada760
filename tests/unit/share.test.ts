// @vitest-environment node
/**
 * Sharing while browsing, the parts that need no browser: links without tracking parameters, the
 * draft's text for each kind of share, what is kept of what a page says about itself.
 */
import { describe, expect, it } from 'vitest';
import { withoutTracking } from '../../utils/share/clean-url';
import { readCappedBody } from '../../utils/networks/http';
import { checkedFacts, imageFileName, sameSite, type PageFacts } from '../../utils/share/page-facts';
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

  it('counts as the same site only the same host give or take www., m. or amp., port and scheme', () => {
    expect(sameSite('https://m.news.example/a', 'https://www.news.example/a')).toBe(true);
    expect(sameSite('https://news.example/a', 'http://news.example/a')).toBe(true);
    // A page on a shared host cannot claim its parent, nor send the share to plain http or another port.
    expect(sameSite('https://github.io/x', 'https://someone.github.io/x')).toBe(false);
    expect(sameSite('http://news.example/a', 'https://news.example/a')).toBe(false);
    expect(sameSite('https://news.example:8443/a', 'https://news.example/a')).toBe(false);
    expect(sameSite('https://evil-news.example/a', 'https://news.example/a')).toBe(false);
  });

  it('refuses addresses that are not http(s), and what is not text', () => {
    const checked = checkedFacts({ location: tab.url, canonical: 'javascript:alert(1)', image: 'data:text/html,x', title: { toString: () => 'x' }, selection: 42 }, tab);
    expect(checked).toMatchObject({ url: tab.url, imageUrl: undefined, title: 'Tab title', selection: '' });
  });

  it('drops control characters but keeps line breaks, and bounds the length', () => {
    const checked = checkedFacts({ location: tab.url, selection: 'a\u0000b\nc\u001bd', title: 'x'.repeat(1000) }, tab);
    expect(checked.selection).toBe('ab\ncd');
    expect(checked.title).toHaveLength(300);
    // Half an emoji (a title cut by the page) becomes the � it would be sent as, visibly.
    expect(checkedFacts({ location: tab.url, title: 'Smile 😀'.slice(0, 7) }, tab).title).toBe('Smile \uFFFD');
  });

  it('falls back to what the browser says of the tab when the page could not be read', () => {
    expect(checkedFacts(undefined, tab)).toMatchObject({ url: tab.url, title: 'Tab title', description: '' });
  });
});

describe('imageFileName', () => {
  it('names an image after its address, and copes with what cannot be decoded', () => {
    expect(imageFileName('https://a.example/photos/caf%C3%A9.jpg?size=large')).toBe('café.jpg');
    expect(imageFileName('https://a.example/bad%E0.png')).toBe('bad%E0.png');
    expect(imageFileName('https://a.example/')).toBe('image');
    expect(imageFileName(`data:image/png;base64,${'A'.repeat(500)}`)).toBe('image');
  });
});

describe('readCappedBody', () => {
  /** A body that never says its length, sent in 1 MB pieces; counts how many were pulled. */
  function endless(pieces: number) {
    const pulled = { count: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled.count === pieces) return controller.close();
        pulled.count += 1;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
      cancel() {
        pulled.cancelled = true;
      },
    });
    return { response: new Response(stream), pulled };
  }

  it('stops reading a body without Content-Length as soon as it passes the cap', async () => {
    const { response, pulled } = endless(50);
    expect(await readCappedBody(response, 3 * 1024 * 1024)).toBeUndefined();
    expect(pulled.count).toBeLessThanOrEqual(5);
    expect(pulled.cancelled).toBe(true);
  });

  it('returns a body within the cap whole, and refuses one whose Content-Length is over without reading it', async () => {
    const { response } = endless(2);
    expect((await readCappedBody(response, 3 * 1024 * 1024))?.byteLength).toBe(2 * 1024 * 1024);
    const announced = new Response('x'.repeat(10), { headers: { 'content-length': '999999999' } });
    expect(await readCappedBody(announced, 1000)).toBeUndefined();
  });
});
