/**
 * Sharing while browsing, in Chromium, from a page served on loopback: each context-menu entry and the
 * "share this page" shortcut, dispatched through the background's own handlers with the `info` and
 * `tab` the browser would give (a test cannot click the browser's menus), leads to a composer with the
 * right draft. Then the badge, the notifications and the history across a publish with one failing
 * destination, and a manifest that asks for no access to every site.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/images';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon/index';
import { eventually, launchExtension, readTable, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

let session: ExtensionSession;
let site: Server;
let blocked: Server;
let origin = '';
let blockedOrigin = '';
const heron = makePng(64, 48, 5);
const owl = makePng(40, 40, 9);

/** A story page: its metadata, a paragraph with markup shown as text, and three images (this site, another granted one, one not granted). */
function storyPage(port: number, blockedPort: number): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<title>Plain title</title>
<meta property="og:title" content="Herons return to the river">
<meta property="og:description" content="Seen at dawn, for the first time in years.">
<meta property="og:image" content="/heron.png">
<link rel="canonical" href="http://127.0.0.1:${port}/story?id=7&amp;utm_source=canonical">
</head><body>
<p id="quote">Birds &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; words.</p>
<img id="heron" src="/heron.png" alt="A heron standing in shallow water">
<img id="owl" src="http://localhost:${port}/owl.png" alt="An owl">
<img id="far" src="http://127.0.0.2:${blockedPort}/far.png" alt="Far away">
<a id="link" href="https://elsewhere.example/article?fbclid=XYZ&amp;page=2">a link</a>
</body></html>`;
}

beforeAll(async () => {
  site = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/story') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(storyPage((site.address() as AddressInfo).port, (blocked.address() as AddressInfo).port));
    } else if (path === '/heron.png' || path === '/owl.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(path === '/heron.png' ? heron : owl);
    } else {
      response.writeHead(404).end();
    }
  });
  blocked = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(heron);
  });
  await new Promise<void>((resolve) => site.listen(0, '0.0.0.0', resolve));
  // 127.0.0.2 is loopback too, but not among the hosts the test build is granted.
  await new Promise<void>((resolve) => blocked.listen(0, '127.0.0.2', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  blockedOrigin = `http://127.0.0.2:${(blocked.address() as AddressInfo).port}`;
  session = await launchExtension();
}, 60_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([site, blocked].map((server) => new Promise((resolve) => server?.close(resolve))));
});

interface MenuInfo {
  menuItemId: string;
  pageUrl: string;
  selectionText?: string;
  linkUrl?: string;
  srcUrl?: string;
  mediaType?: string;
}

/** Opens the story in a tab, as the person would be reading it. */
async function openStory(): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`${origin}/story?id=7&utm_source=feed&utm_medium=social`);
  return page;
}

/** The extension's popups open now, as DevTools sees them (Playwright does not list an action popup as a page). */
async function openPopupTargets(): Promise<string[]> {
  const page = session.context.pages()[0]!;
  const cdp = await session.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string }[] };
  await cdp.detach();
  return targetInfos.filter((target) => target.url === `chrome-extension://${session.extensionId}/popup.html`).map((target) => target.targetId);
}

async function closeTargets(ids: string[]): Promise<void> {
  const cdp = await session.context.newCDPSession(session.context.pages()[0]!);
  for (const targetId of ids) await cdp.send('Target.closeTarget', { targetId });
  await cdp.detach();
}

/**
 * What the browser does on a menu click (or a shortcut): the background's handler runs with the tab,
 * makes the draft and opens the composer. Then the composer as the person sees it: the popup shows
 * the current draft, which a popup page opened here shows too. Returns it and the new draft's id.
 */
async function dispatch(call: { menu?: MenuInfo; command?: string }, tabUrl: string): Promise<{ composer: ComposerPage; draftId: string }> {
  const worker = await session.worker();
  const before = new Set(await openPopupTargets());
  const draftId = await worker.evaluate(
    async ({ call, tabUrl }) => {
      const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ url?: string }[]> } } }).chrome;
      const [tab] = (await api.tabs.query({})).filter((candidate) => candidate.url === tabUrl);
      const hooks = (globalThis as unknown as { everywherePost: Record<string, (...args: unknown[]) => Promise<string>> }).everywherePost;
      return call.menu ? hooks.onMenuClicked!(call.menu, tab) : hooks.onCommand!(call.command, tab);
    },
    { call, tabUrl },
  );
  // The browser opened the popup for it.
  const opened = await eventually(async () => {
    const fresh = (await openPopupTargets()).filter((id) => !before.has(id));
    return fresh.length > 0 ? fresh : undefined;
  }, 10_000, 'the popup to open');
  await closeTargets(opened);
  return { composer: await ComposerPage.open(session), draftId };
}

/** The draft's images as stored: name, type, size, alt. */
async function imagesOf(page: Page, draftId: string) {
  const media = await readTable<{ draftId: string; name: string; type: string; size: number; alt: string }>(page, 'media');
  return media.filter((item) => item.draftId === draftId).map(({ name, type, size, alt }) => ({ name, type, size, alt }));
}

describe('sharing while browsing', () => {
  it('"Share this page": its own title and canonical address, without tracking, and a card from what it said', async () => {
    const story = await openStory();
    const { composer, draftId } = await dispatch({ menu: { menuItemId: 'share-page', pageUrl: story.url() } }, story.url());
    await expect(composer.text().inputValue()).resolves.toBe(`Herons return to the river\n${origin}/story?id=7`);
    const [draft] = (await readTable<{ id: string; linkPreview?: object }>(composer.page, 'drafts')).filter((row) => row.id === draftId);
    expect(draft?.linkPreview).toEqual({
      url: `${origin}/story?id=7`,
      title: 'Herons return to the river',
      description: 'Seen at dawn, for the first time in years.',
      imageUrl: `${origin}/heron.png`,
    });
    await composer.page.close();
    await story.close();
  });

  it('"Quote selection": the selected words, markup and all, as text, then the source', async () => {
    const story = await openStory();
    await story.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('quote')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const { composer } = await dispatch({ menu: { menuItemId: 'quote-selection', pageUrl: story.url(), selectionText: 'Birds' } }, story.url());
    // The page's markup arrives as the characters it is (the selection's text, not its HTML).
    await expect(composer.text().inputValue()).resolves.toBe(`“Birds <script>alert(1)</script> and <b>bold</b> words.”\n\n${origin}/story?id=7`);
    await composer.page.close();
    await story.close();
  });

  it('"Share link": the link\'s address without its click id', async () => {
    const story = await openStory();
    const link = 'https://elsewhere.example/article?fbclid=XYZ&page=2';
    const { composer } = await dispatch({ menu: { menuItemId: 'share-link', pageUrl: story.url(), linkUrl: link } }, story.url());
    await expect(composer.text().inputValue()).resolves.toBe('https://elsewhere.example/article?page=2');
    await composer.page.close();
    await story.close();
  });

  it('"Post this image": the image itself in the tray, with its alt text, and the page in the text', async () => {
    const story = await openStory();
    const src = `${origin}/heron.png`;
    const { composer, draftId } = await dispatch({ menu: { menuItemId: 'share-image', pageUrl: story.url(), srcUrl: src, mediaType: 'image' } }, story.url());
    await expect(composer.text().inputValue()).resolves.toBe(`${origin}/story?id=7`);
    await expect(composer.altText(0).inputValue()).resolves.toBe('A heron standing in shallow water');
    expect(await imagesOf(composer.page, draftId)).toEqual([{ name: 'heron.png', type: 'image/png', size: heron.length, alt: 'A heron standing in shallow water' }]);
    await composer.page.close();
    await story.close();
  });

  it('an image on another site the extension may read: fetched too', async () => {
    const story = await openStory();
    const src = `http://localhost:${(site.address() as AddressInfo).port}/owl.png`;
    const { composer, draftId } = await dispatch({ menu: { menuItemId: 'share-image', pageUrl: story.url(), srcUrl: src, mediaType: 'image' } }, story.url());
    expect(await imagesOf(composer.page, draftId)).toEqual([{ name: 'owl.png', type: 'image/png', size: owl.length, alt: 'An owl' }]);
    await composer.page.close();
    await story.close();
  });

  it('an image on a site it may not read: the address in the text, and the composer says why the image is missing', async () => {
    const story = await openStory();
    const src = `${blockedOrigin}/far.png`;
    const { composer, draftId } = await dispatch({ menu: { menuItemId: 'share-image', pageUrl: story.url(), srcUrl: src, mediaType: 'image' } }, story.url());
    await expect(composer.text().inputValue()).resolves.toBe(`${origin}/story?id=7\n${src}`);
    await expect(composer.page.locator('.notice').textContent()).resolves.toMatch(
      new RegExp(`The image at ${src.replace(/[.]/g, '\\.')} is not attached: access to 127\\.0\\.0\\.2:\\d+, where the image is, was not given`),
    );
    expect(await imagesOf(composer.page, draftId)).toEqual([]);
    await composer.page.close();
    await story.close();
  });

  it('the "share this page" shortcut does what the menu does', async () => {
    const story = await openStory();
    const { composer } = await dispatch({ command: 'share-page' }, story.url());
    await expect(composer.text().inputValue()).resolves.toBe(`Herons return to the river\n${origin}/story?id=7`);
    await composer.page.close();
    await story.close();
  });
});

describe('knowing what happened', () => {
  let good: MastodonServer;
  let bad: MastodonServer;
  let badToken = '';

  beforeAll(async () => {
    good = await startMastodonServer({ title: 'Good' });
    bad = await startMastodonServer({ title: 'Bad' });
    const options = await OptionsPage.open(session);
    await options.linkWithToken(good.url, good.createAccount({ username: 'gail' }).token);
    badToken = bad.createAccount({ username: 'bert' }).token;
    await options.linkWithToken(bad.url, badToken);
    await options.page.close();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([good?.close(), bad?.close()]);
  });

  const badge = (page: Page) =>
    page.evaluate(async () => {
      const action = (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> } } }).chrome.action;
      return { text: await action.getBadgeText({}), colour: await action.getBadgeBackgroundColor({}) };
    });
  const notificationIds = (page: Page) =>
    page.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<object> } } }).chrome.notifications.getAll()));

  it('a post with one failing destination: the badge in flight, then the failure; a notification that opens its history entry', async () => {
    // Both servers take their time, bert's refuses the token it was given: a delivery that fails.
    good.faults.latencyMs = 3_000;
    bad.faults.latencyMs = 1_500;
    bad.revokeToken(badToken);
    const composer = await ComposerPage.open(session);
    await composer.type('Out to two servers');
    await composer.choose(`@gail@${good.host}`);
    await composer.choose(`@bert@${bad.host}`);
    const seen: string[] = [];
    const watching = (async () => {
      for (let tries = 0; tries < 100; tries++) {
        const { text, colour } = await badge(composer.page);
        const shown = `${text} ${colour.join(',')}`;
        if (seen.at(-1) !== shown) seen.push(shown);
        const states = await composer.deliveryStates();
        if (states.length === 2 && states.every((state) => state === 'done' || state === 'needs-relink')) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await composer.publish();
    await watching;
    // Two on their way (blue), then bert's failure (red) until the person acts; never clear meanwhile.
    const blue = '52,87,213,255';
    const red = '179,38,30,255';
    expect(seen).toContain(`2 ${blue}`);
    expect(seen.at(-1)).toBe(`1 ${red}`);
    expect(seen.indexOf(`2 ${blue}`)).toBeLessThan(seen.indexOf(`1 ${red}`));
    good.faults.latencyMs = 0;
    bad.faults.latencyMs = 0;

    const deliveries = await readTable<{ id: string; postId: string; state: string; url?: string }>(composer.page, 'deliveries');
    const failed = deliveries.find((delivery) => delivery.state === 'needs-relink')!;
    const done = deliveries.find((delivery) => delivery.postId === failed.postId && delivery.state === 'done')!;
    const notification = `failed:${failed.postId}:${failed.id}`;
    // Made just after the state is written: waited for.
    await eventually(async () => (await notificationIds(composer.page)).includes(notification), 10_000, 'the notification');
    // Not "posted everywhere": one failed.
    expect(await notificationIds(composer.page)).not.toContain(`post:${failed.postId}`);

    // The notification's click opens the post's history entry, with the published link and the error.
    const known = new Set(session.context.pages());
    await (await session.worker()).evaluate((id) => (globalThis as unknown as { everywherePost: { openNotified(id: string): Promise<void> } }).everywherePost.openNotified(id), notification);
    const history = await eventually(async () => session.context.pages().find((page) => !known.has(page) && page.url().includes('options.html')), 10_000, 'the history');
    expect(history.url()).toMatch(new RegExp(`/options\\.html#post-${failed.postId}$`));
    const entry = history.locator(`#post-${failed.postId}`);
    await expect(entry.getAttribute('aria-current')).resolves.toBe('true');
    await expect(entry.getByRole('link', { name: 'Open post' }).getAttribute('href')).resolves.toBe(done.url);
    await expect(entry.locator('.delivery-needs-relink .error-text').textContent()).resolves.toMatch(/127\.0\.0\.1/);
    // Waiting for bert to be linked again, the post cannot leave the history yet.
    await expect(entry.getByRole('button', { name: 'Delete from history' }).isDisabled()).resolves.toBe(true);
    // Unlinked instead: the delivery fails for good, with Retry and Edit; then it can be deleted.
    await history.getByRole('button', { name: `Unlink @bert@${bad.host}` }).click();
    await entry.getByRole('button', { name: 'Edit' }).waitFor();
    await entry.getByRole('button', { name: 'Retry' }).waitFor();
    await entry.getByRole('button', { name: 'Delete from history' }).click();
    await entry.waitFor({ state: 'detached' });
    // The page still points at it: it says where it went.
    await history.getByText('no longer in the history').waitFor();
    await eventually(async () => (await badge(history)).text === '', 10_000, 'the badge to clear');
    await history.close();
    await composer.page.close();
  });

  it('a post that went out everywhere: "posted everywhere"', async () => {
    const composer = await ComposerPage.open(session);
    await composer.type('Out to one server');
    await composer.choose(`@gail@${good.host}`);

    await composer.publish();
    await eventually(async () => (await composer.deliveryStates()).join() === 'done', 30_000, 'the delivery');
    const [post] = (await readTable<{ id: string; text: string }>(composer.page, 'posts')).filter((row) => row.text === 'Out to one server');
    await eventually(async () => (await notificationIds(composer.page)).includes(`post:${post!.id}`), 10_000, 'the notification');
    await expect(badge(composer.page)).resolves.toMatchObject({ text: '' });
    await composer.page.close();
  });
});

describe('the manifest', () => {
  it('asks for no access to every site, puts no script in every page, and carries no test hooks', () => {
    // The published build, not the test build (which is granted loopback for the local servers),
    // whatever the environment this runs in says.
    execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore', env: { ...process.env, CROSSPOST_LOOPBACK: '' } });
    const manifest = JSON.parse(readFileSync('.output/chrome-mv3/manifest.json', 'utf8')) as Record<string, unknown>;
    expect(readFileSync('.output/chrome-mv3/background.js', 'utf8')).not.toContain('everywherePost');
    const required = [...((manifest.permissions as string[]) ?? []), ...((manifest.host_permissions as string[]) ?? [])];
    expect(required.filter((permission) => /<all_urls>|^\*:\/\/|^https?:\/\/\*/.test(permission))).toEqual([]);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts).toBeUndefined();
    // Sharing reads the page only on the person's click.
    expect(manifest.permissions).toEqual(expect.arrayContaining(['activeTab', 'scripting', 'contextMenus']));
    // Nothing unused, plain http only on this machine, and no development key (its id is the store's).
    expect(manifest.permissions).not.toContain('storage');
    expect((manifest.optional_host_permissions as string[]).filter((pattern) => pattern.startsWith('http:'))).toEqual(['http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*']);
    expect(manifest.key).toBeUndefined();
  });
});
