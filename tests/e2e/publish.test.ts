import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { makePng } from '../fixtures/images';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

let session: ExtensionSession;
let first: MastodonServer;
let second: MastodonServer;
let firstHandle: string;
let secondHandle: string;

const images = [
  { name: 'red.png', mimeType: 'image/png', buffer: makePng(120, 80, 1) },
  { name: 'blue.png', mimeType: 'image/png', buffer: makePng(80, 120, 2) },
];

beforeAll(async () => {
  first = await startMastodonServer({ title: 'First', maxCharacters: 500 });
  second = await startMastodonServer({ title: 'Second', maxCharacters: 60, software: 'gotosocial' });
  session = await launchExtension();
  const options = await OptionsPage.open(session);
  await options.linkWithToken(first.url, first.createAccount({ username: 'ana' }).token);
  await options.linkWithToken(second.url, second.createAccount({ username: 'ben' }).token);
  firstHandle = `@ana@${first.host}`;
  secondHandle = `@ben@${second.host}`;
  await options.page.close();
});
afterAll(async () => {
  await session?.close();
  await first?.close();
  await second?.close();
});

describe('composing and publishing', () => {
  it('keeps the text and images when the popup closes and reopens', async () => {
    const popup = await ComposerPage.open(session);
    await popup.type('Two photos from the walk');
    await popup.addImages(images);
    await popup.altText(0).fill('A red field');
    await popup.altText(1).fill('A blue sky');
    // Closing right after typing: the draft is written on pagehide, not only after the pause.
    await popup.page.close({ runBeforeUnload: true });

    const reopened = await ComposerPage.open(session);
    await expect(reopened.text().inputValue()).resolves.toBe('Two photos from the walk');
    await eventually(async () => (await reopened.page.locator('.media-item').count()) === 2, 5_000, 'two images');
    await expect(reopened.altText(0).inputValue()).resolves.toBe('A red field');
    await expect(reopened.altText(1).inputValue()).resolves.toBe('A blue sky');
    await reopened.page.close();
  });

  it('counts per destination and refuses to publish over a limit, saying why', async () => {
    const popup = await ComposerPage.open(session);
    await popup.choose(firstHandle);
    await popup.choose(secondHandle);
    await popup.type('Two photos from the walk, and a long sentence that does not fit.');
    await expect(popup.destination(secondHandle).locator('.counter').textContent()).resolves.toBe('-4');
    await expect(popup.destination(firstHandle).locator('.counter').textContent()).resolves.toBe('436');
    await expect(popup.destination(secondHandle).locator('.reason').textContent()).resolves.toMatch(/4 characters over/);
    expect(await popup.publishButton().isDisabled()).toBe(true);
    await popup.type('Two photos from the walk');
    await eventually(async () => !(await popup.publishButton().isDisabled()), 5_000, 'publish enabled');
    await popup.page.close();
  });

  it('publishes text and two images to two servers: exactly one status each, with alt texts', async () => {
    const popup = await ComposerPage.open(session);
    await popup.text().press('Control+Enter');
    await popup.page.locator('.deliveries').waitFor();
    await eventually(async () => (await popup.deliveryStates()).join() === 'done,done', 30_000, 'both delivered');

    for (const server of [first, second]) {
      expect(server.statuses).toHaveLength(1);
      expect(server.statuses[0]?.text).toBe('Two photos from the walk');
      expect(server.statuses[0]?.media.map((media) => media.description)).toEqual(['A red field', 'A blue sky']);
    }
    const links = await popup.page.locator('.deliveries a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links.sort()).toEqual([first.statuses[0]?.url, second.statuses[0]?.url].sort());
    // The composer starts over with an empty draft once the outbox has the post.
    await expect(popup.text().inputValue()).resolves.toBe('');
    await popup.page.close();
  });

  it('shows the text box with the last words already in it, and never with a published draft', async () => {
    // The text box's value at the moment it is added to the page: the popup renders once IndexedDB
    // has answered, so it can never be typed into before the draft is known.
    await session.context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const box = document.getElementById('text') as HTMLTextAreaElement | null;
        if (!box) return;
        document.documentElement.dataset.textAtStart = box.value;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const textAtStart = (composer: ComposerPage) => composer.page.evaluate(() => document.documentElement.dataset.textAtStart);

    const popup = await ComposerPage.open(session);
    await popup.choose(firstHandle);
    await popup.choose(secondHandle, false);
    await popup.type('Words kept for later');
    await popup.page.close({ runBeforeUnload: true });

    const reopened = await ComposerPage.open(session);
    await expect(textAtStart(reopened)).resolves.toBe('Words kept for later');
    await reopened.publish();
    await reopened.page.close();

    const afterPublishing = await ComposerPage.open(session);
    await expect(textAtStart(afterPublishing)).resolves.toBe('');
    await eventually(async () => first.statuses.some((status) => status.text === 'Words kept for later'), 30_000, 'delivered');
    expect(first.statuses.filter((status) => status.text === 'Words kept for later')).toHaveLength(1);
    await afterPublishing.page.close();
  });

  it("keeps the last words through the worker when the page's own writes are cut off", async () => {
    const popup = await ComposerPage.open(session);
    // From here on every IndexedDB write of this page fails, as when the browser tears a closing popup
    // down before its transaction commits. Whatever reaches the database came through the worker.
    const probe = await popup.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const refuse = () => {
            throw new DOMException('Writes from this page are cut off by the test', 'UnknownError');
          };
          IDBObjectStore.prototype.put = refuse;
          IDBObjectStore.prototype.add = refuse;
          const open = indexedDB.open('everywhere-post');
          open.onsuccess = () => {
            try {
              open.result.transaction('settings', 'readwrite').objectStore('settings').put({ key: 'probe', value: 1 });
              resolve('written');
            } catch (error) {
              resolve((error as DOMException).name);
            } finally {
              open.result.close();
            }
          };
        }),
    );
    expect(probe).toBe('UnknownError');
    await popup.type('Saved by the worker');
    await popup.page.close({ runBeforeUnload: true });

    const reopened = await ComposerPage.open(session);
    await expect(reopened.text().inputValue()).resolves.toBe('Saved by the worker');
    await reopened.page.close();
  });
});
