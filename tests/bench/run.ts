/**
 * `npm run bench`: the speed budgets of the extension, measured on the built extension in the
 * machine's Chromium against the local servers. Separate from the tests. The machine is shared and
 * noisy, so figures are taken over repeated runs and every ratio compares two sides measured in the
 * same run. Prints one table and writes it as JSON (.output/bench.json).
 */
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR, eventually, launchExtension, readTable, type ExtensionSession } from '../e2e/harness';
import { ComposerPage, OptionsPage } from '../e2e/pages';
import { makePng } from '../fixtures/images';
import { twelveMegapixelPhoto, jpegSize, pngSize } from '../fixtures/photos';
import { startBlueskyNetwork } from '../servers/bluesky';
import { makeJpeg, startInstagramServer } from '../servers/instagram/index';
import { startThreadsServer } from '../servers/threads/index';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { startMisskeyServer, type MisskeyServer } from '../servers/misskey';
import { median, percentile, round } from './stats';
import { textFigures } from './text';
import type { Page } from 'playwright-core';

interface Figure {
  figure: string;
  value: number;
  unit: string;
  budget: string;
  pass: boolean | null;
  detail: string;
}

const figures: Figure[] = [];
function report(figure: Figure): void {
  figures.push(figure);
  const verdict = figure.pass === null ? 'info' : figure.pass ? 'PASS' : 'MISS';
  console.log(`[${verdict}] ${figure.figure}: ${figure.value} ${figure.unit} (budget ${figure.budget}) ${figure.detail}`);
}

const runs = Number(process.env.BENCH_RUNS ?? 9);

/**
 * A copy of the built extension with two baseline pages added for the popup figure: a blank page,
 * and a blank page that loads one empty script file the way the popup loads its own (the least any
 * page that runs code can take).
 */
async function extensionWithBaselinePages(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'everywhere-post-bench-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>${head}</head><body></body></html>`;
  await writeFile(join(dir, 'blank.html'), page(''));
  await writeFile(join(dir, 'one-script.js'), '"use strict";\n');
  await writeFile(join(dir, 'one-script.html'), page('<script src="/one-script.js" defer></script>'));
  return dir;
}

const READY_MARK = 'bench:ready';

/**
 * Readiness seen from inside each page: at every animation frame (each moment the browser can show
 * something) an init script checks the page and marks the first frame at which it is ready. The
 * composer is ready when its text box has focus and holds the current draft's text, and every account
 * is listed; a baseline page when it has loaded. Playwright's own polling is not used for this: it is
 * injected into the page after navigation and waits behind the page's script, so it measured
 * Playwright's start along with the page.
 */
async function watchReadiness(session: ExtensionSession, accounts: number, draftText: string): Promise<void> {
  await session.context.addInitScript(
    ({ accounts, draftText, mark }: { accounts: number; draftText: string; mark: string }) => {
      const composer = location.pathname === '/popup.html';
      if (!composer && !['/blank.html', '/one-script.html'].includes(location.pathname)) return;
      const check = () => {
        const box = document.activeElement as HTMLTextAreaElement | null;
        const ready = composer
          ? box?.id === 'text' && box.value === draftText && document.querySelectorAll('.destination').length === accounts
          : document.readyState === 'complete';
        if (ready) performance.mark(mark);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { accounts, draftText, mark: READY_MARK },
  );
}

/** Milliseconds from navigation start to the first frame at which the page was ready. */
async function timeToReady(session: ExtensionSession, path: string): Promise<number> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/${path}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction((mark: string) => performance.getEntriesByName(mark)[0]?.startTime ?? false, READY_MARK, {
    polling: 50,
    timeout: 20_000,
  });
  const value = (await handle.jsonValue()) as number;
  await page.close();
  return value;
}

async function popupVersusBaselines(session: ExtensionSession, accounts: number): Promise<void> {
  // The popup opens on a draft with words in it: it is ready only once they are in the text box.
  const draftText = 'A draft the popup opens on, to be read from IndexedDB';
  const composer = await ComposerPage.open(session);
  await composer.type(draftText);
  // Closed as a person closes it (pagehide runs). Such a close is not waited for by Playwright, and an
  // init script added while the page is still closing fails: wait until it is gone.
  const gone = composer.page.waitForEvent('close');
  await composer.page.close({ runBeforeUnload: true });
  await gone;
  await watchReadiness(session, accounts, draftText);
  const times: Record<'popup' | 'blank' | 'oneScript', number[]> = { popup: [], blank: [], oneScript: [] };
  const pages = { popup: 'popup.html', blank: 'blank.html', oneScript: 'one-script.html' } as const;
  for (const path of Object.values(pages)) await timeToReady(session, path); // warm the extension's process once
  // A page opens in tens of milliseconds, where this machine's noise is several: five times the
  // usual repetitions (a fraction of a second each) steady the medians.
  const samples = runs * 5;
  for (let run = 0; run < samples; run++) {
    for (const [name, path] of Object.entries(pages) as [keyof typeof pages, string][]) times[name].push(await timeToReady(session, path));
  }
  const [popup, blank, oneScript] = [median(times.popup), median(times.blank), median(times.oneScript)];
  report({
    figure: 'popup opened → text box focused with the current draft and every account listed, vs a page that loads one empty script',
    // Three digits: a figure this close to its budget must not round onto it.
    value: round(popup / oneScript, 3),
    unit: '×',
    budget: '≤ 1.5',
    pass: popup / oneScript <= 1.5,
    detail: `(popup ${round(popup, 1)} ms, one-script page ${round(oneScript, 1)} ms, medians of ${samples})`,
  });
  report({
    figure: 'the same popup vs a blank extension page',
    value: round(popup / blank),
    unit: '×',
    budget: 'none (for reading the figure above)',
    pass: null,
    detail: `(blank ${round(blank, 1)} ms; the one-script page is ${round(oneScript / blank)} × blank)`,
  });
}

/** Every file the popup loads: its scripts and stylesheet and the chunks they import, at once or later. */
async function popupBundleBytes(dir: string): Promise<{ gzip: number; files: string[] }> {
  const html = await readFile(join(dir, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  const seen = new Set<string>();
  // The build writes the popup's stylesheet into popup.html (wxt.config.ts): it counts as CSS.
  const inline = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!).join('');
  let gzip = inline ? gzipSync(inline, { level: 9 }).length : 0;
  if (inline) seen.add('popup.html <style>');
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(join(dir, file), 'utf8');
    gzip += gzipSync(text, { level: 9 }).length;
    if (file.endsWith('.js')) {
      // Static imports and import() alike: a chunk loaded later is still the popup's code.
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'`]\.{1,2}\/([^"'`]+\.js)["'`]/g)) {
        const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
        const target = match[0].includes('../') ? match[1]! : base + match[1]!;
        queue.push(target);
      }
    }
  }
  return { gzip, files: [...seen] };
}

async function workerColdStart(session: ExtensionSession): Promise<void> {
  const page = await session.open('options.html');
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    await session.stopServiceWorker();
    await new Promise((resolve) => setTimeout(resolve, 300));
    samples.push(
      await page.evaluate(async () => {
        const started = performance.now();
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime;
        await runtime.sendMessage({ protocol: 'everywhere-post/1', type: 'outbox.wake', payload: {} });
        return performance.now() - started;
      }),
    );
  }
  await page.close();
  report({
    figure: 'service worker cold start → first message answered',
    value: round(median(samples), 1),
    unit: 'ms',
    budget: 'print',
    pass: null,
    detail: `(median of ${runs}; p90 ${round(percentile(samples, 90), 1)} ms)`,
  });
}

async function keystrokeToDisk(session: ExtensionSession): Promise<void> {
  const composer = await ComposerPage.open(session);
  // The time of the last keystroke: the pause that starts the 300 ms debounce begins there.
  await composer.page.evaluate(() =>
    document.addEventListener('input', () => ((window as unknown as { t0: number }).t0 = performance.now()), true),
  );
  const samples: number[] = [];
  for (let run = 0; run < 20; run++) {
    const marker = `k${run}`;
    await composer.text().press('End');
    await composer.page.keyboard.type(` ${marker}`, { delay: 0 });
    samples.push(
      await composer.page.evaluate(async (wanted) => {
        const read = () =>
          new Promise<string>((resolve, reject) => {
            const open = indexedDB.open('everywhere-post');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const database = open.result;
              const settings = database.transaction(['settings', 'drafts'], 'readonly');
              const current = settings.objectStore('settings').get('currentDraftId');
              current.onsuccess = () => {
                const draft = settings.objectStore('drafts').get(current.result?.value);
                draft.onsuccess = () => {
                  database.close();
                  resolve(draft.result?.text ?? '');
                };
              };
            };
          });
        for (;;) {
          if ((await read()).endsWith(wanted)) return performance.now() - (window as unknown as { t0: number }).t0;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }, marker),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await composer.page.close();
  const p95 = percentile(samples, 95);
  report({
    figure: 'keystroke → draft persisted in IndexedDB (p95, 300 ms debounce included)',
    value: round(p95, 1),
    unit: 'ms',
    budget: '≤ 350',
    pass: p95 <= 350,
    detail: `(median ${round(median(samples), 1)} ms over 20 keystroke bursts)`,
  });
}

/** Adds `count` drafts, each with a small image, straight into the extension's database. */
async function seedDrafts(page: Page, count: number, offset: number): Promise<void> {
  await page.evaluate(
    async ({ count, offset }) => {
      const vocabulary = ['garden', 'bread', 'river', 'music', 'coffee', 'train', 'winter', 'market', 'letter', 'bicycle'];
      const image = new Blob([new Uint8Array(2048)], { type: 'image/png' });
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('everywhere-post');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const tx = database.transaction(['drafts', 'media'], 'readwrite');
          for (let index = offset; index < offset + count; index++) {
            const id = `bench-${index}`;
            // The searched word is only in the first 100 drafts: at 100 and at 10,000 drafts the search
            // finds the same drafts, so the figure compares the cost of searching, not of showing more.
            const text = `Draft ${index} about ${vocabulary[index % vocabulary.length]} and ${vocabulary[(index * 7) % vocabulary.length]}${index < 100 && index % 9 === 0 ? ' needle' : ''}`;
            // As utils/text/words.ts stores them: the search index reads these.
            const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
            tx.objectStore('drafts').put({ id, text, spoilerText: '', visibility: 'public', language: 'en', createdAt: index, updatedAt: index, words });
            tx.objectStore('media').put({ id: `m-${id}`, draftId: id, postId: null, position: 0, blob: image, name: 'a.png', type: 'image/png', size: 2048, alt: '', createdAt: index });
          }
          tx.oncomplete = () => {
            database.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    },
    { count, offset },
  );
}

async function draftListTimes(session: ExtensionSession): Promise<{ firstPage: number; search: number }> {
  const firstPage: number[] = [];
  const search: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/compose.html`, { waitUntil: 'commit' });
    await page.getByRole('tab', { name: 'Drafts' }).click();
    const clicked = await page.evaluate(() => performance.now());
    const shown = await page.waitForFunction(() => (document.querySelectorAll('.draft-row').length >= 50 ? performance.now() : false), undefined, {
      polling: 'raf',
    });
    firstPage.push(((await shown.jsonValue()) as number) - clicked);
    const searched = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const box = document.querySelector<HTMLInputElement>('input[type=search]')!;
          const done = () => {
            const rows = [...document.querySelectorAll('.draft-row')];
            return rows.length > 0 && rows.every((row) => row.textContent?.includes('needle'));
          };
          // A MutationObserver sees the list change the moment it is rendered (frames are 16 ms apart).
          const observer = new MutationObserver(() => {
            if (!done()) return;
            observer.disconnect();
            resolve(performance.now() - started);
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          const started = performance.now();
          box.value = 'needle';
          box.dispatchEvent(new Event('input', { bubbles: true }));
        }),
    );
    search.push(searched);
    await page.close();
  }
  return { firstPage: median(firstPage), search: median(search) };
}

async function draftsAtScale(session: ExtensionSession): Promise<void> {
  const page = await session.open('options.html');
  await seedDrafts(page, 100, 0);
  const small = await draftListTimes(session);
  for (let offset = 100; offset < 10_000; offset += 1_000) await seedDrafts(page, Math.min(1_000, 10_000 - offset), offset);
  const large = await draftListTimes(session);
  await page.close();
  for (const [name, key] of [['first page', 'firstPage'], ['search', 'search']] as const) {
    const ratio = large[key] / small[key];
    report({
      figure: `drafts list ${name} at 10,000 drafts with images vs 100`,
      value: round(ratio),
      unit: '×',
      budget: '≤ 1.5 and ≤ 100 ms',
      pass: ratio <= 1.5 && large[key] <= 100,
      detail: `(${round(large[key], 1)} ms vs ${round(small[key], 1)} ms)`,
    });
  }
}

interface BenchFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const TWO_PNGS: BenchFile[] = [
  { name: 'one.png', mimeType: 'image/png', buffer: makePng(800, 600, 1) },
  { name: 'two.png', mimeType: 'image/png', buffer: makePng(600, 800, 2) },
];

async function publishAndWait(session: ExtensionSession, handles: string[], label: string, files: BenchFile[] = TWO_PNGS): Promise<number> {
  const composer = await ComposerPage.open(session);
  for (const handle of await composer.page.locator('.destination').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-account') ?? ''))) {
    await composer.choose(handle, handles.includes(handle));
  }
  await composer.type(`Bench post ${label}`);
  await composer.addImages(files);
  for (const [index] of files.entries()) await composer.altText(index).fill(`image ${index + 1}`);
  const started = Date.now();
  await composer.publishButton().click();
  await composer.page.locator('.deliveries').waitFor();
  await eventually(async () => {
    const states = await composer.deliveryStates();
    return states.length === handles.length && states.every((state) => state === 'done');
  }, 120_000, 'deliveries');
  const elapsed = Date.now() - started;
  await composer.page.close();
  return elapsed;
}

async function publishFanOut(session: ExtensionSession, servers: { handle: string; mastodon?: MastodonServer; misskey?: MisskeyServer }[]): Promise<void> {
  const all = servers.map((server) => server.handle);
  // The slowest single destination: the one whose server also makes the client wait for media processing.
  const slowest = servers[0]!.handle;
  const fanOut: number[] = [];
  const alone: number[] = [];
  const bench = Math.max(3, Math.ceil(runs / 2));
  for (let run = 0; run < bench; run++) {
    alone.push(await publishAndWait(session, [slowest], `alone ${run}`));
    fanOut.push(await publishAndWait(session, all, `fan-out ${run}`));
  }
  const ratio = median(fanOut) / median(alone);
  report({
    figure: `publish to ${all.length} destinations (200 ms latency, 2 images each) vs the slowest alone`,
    value: round(ratio),
    unit: '×',
    budget: '≤ 1.25',
    pass: ratio <= 1.25,
    detail: `(${median(fanOut)} ms vs ${median(alone)} ms, medians of ${bench})`,
  });
}

/**
 * Threads and Instagram fetch images from a public URL and make each into a container that takes a
 * while to finish. With a Mastodon-compatible account in the same post, they fetch the copies uploaded
 * there: the post should take at most 1 s plus the container time longer than the Mastodon post alone.
 * A two-photo carousel has two container steps in a row (the photos, then the carousel, which Meta
 * takes only once its photos are finished), so its container time is twice the servers' delay.
 * The least it can take beyond the Mastodon post, at 200 ms a request: Instagram's container for a
 * photo (it fetches the photo from Mastodon, 200 ms more), the carousel's, publishing and reading
 * the permalink, one after the other, plus 2 s of containers, less the Mastodon status (made while
 * Meta works): 2.8 s, before any status read sees a container finished.
 */
async function publishWithMeta(session: ExtensionSession, mastodon: { handle: string; server: MastodonServer }): Promise<void> {
  const containerDelayMs = 1000;
  const threads = await startThreadsServer({ containerDelayMs });
  const instagram = await startInstagramServer({ containerDelayMs });
  try {
    const options = await OptionsPage.open(session);
    const ana = threads.createAccount({ username: 'bench.ana' });
    const bo = instagram.createAccount({ username: 'bench.bo' });
    await options.linkMeta('Threads', ana.token, threads.url);
    await options.linkMeta('Instagram', bo.token, instagram.url);
    await options.page.close();
    // JPEGs in Instagram's 4:5, which every destination keeps as they are: no copy of Meta's own is needed.
    const photos: BenchFile[] = [
      { name: 'window.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(1080, 1350) },
      { name: 'door.jpg', mimeType: 'image/jpeg', buffer: makeJpeg(864, 1080) },
    ];
    for (const faults of [threads.faults, instagram.faults, mastodon.server.faults]) faults.latencyMs = 200;
    const alone: number[] = [];
    const withMeta: number[] = [];
    const bench = Math.max(3, Math.ceil(runs / 2));
    for (let run = 0; run < bench; run++) {
      alone.push(await publishAndWait(session, [mastodon.handle], `alone ${run}`, photos));
      withMeta.push(await publishAndWait(session, [mastodon.handle, '@bench.ana', '@bench.bo'], `with Meta ${run}`, photos));
    }
    mastodon.server.faults.latencyMs = 0;
    // Uploads done once and reused: every image Meta fetched is one the Mastodon server serves.
    const fetched = [...threads.posts, ...instagram.posts].flatMap((post) => post.images.map((image) => image.url));
    const reused = fetched.length === bench * 4 && fetched.every((url) => url.startsWith(mastodon.server.url));
    const containerTime = 2 * containerDelayMs;
    const extra = median(withMeta) - median(alone);
    report({
      figure: 'publish 2 photos to Threads, Instagram and Mastodon vs Mastodon alone (200 ms latency, containers finished 1 s after creation)',
      value: round(extra),
      unit: 'ms more',
      budget: `≤ 1000 + container time ${containerTime} (photos, then carousel)`,
      pass: extra <= 1000 + containerTime && reused,
      detail: `(${median(withMeta)} ms vs ${median(alone)} ms, ${round(median(withMeta) / median(alone))} ×, medians of ${bench}; ${fetched.length} images fetched by Meta, ${reused ? 'all' : 'NOT all'} from the Mastodon copies)`,
    });
  } finally {
    await Promise.all([threads.close(), instagram.close()]);
  }
}

async function blueskyPhotos(session: ExtensionSession): Promise<void> {
  const network = await startBlueskyNetwork();
  try {
    const account = await network.createAccount('bench.test');
    const options = await OptionsPage.open(session);
    await options.linkWith('Link with an app password', {
      'Handle or DID': 'bench.test',
      'App password': account.appPassword,
      'Hosting provider (optional)': network.pdsUrl,
      'PLC directory (optional, advanced)': network.plcUrl,
    });
    const photos = await Promise.all([1, 2, 3, 4].map((seed) => twelveMegapixelPhoto(options.page, seed)));
    await options.page.close();
    const samples: number[] = [];
    let last: { bytes: number; width: number; height: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const composer = await ComposerPage.open(session);
      for (const handle of await composer.page.locator('.destination').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-account') ?? ''))) {
        await composer.choose(handle, handle === '@bench.test');
      }
      await composer.type(`Four photos ${run}`);
      await composer.addImages(photos.map((buffer, index) => ({ name: `photo-${index}.jpg`, mimeType: 'image/jpeg', buffer })));
      for (let index = 0; index < 4; index++) await composer.altText(index).fill(`Photo ${index + 1}`);
      await composer.publishButton().click();
      // Preparing ends when the first upload starts: the delivery leaves "preparing".
      const timing = await composer.page.evaluate(async () => {
        const read = () =>
          new Promise<{ step: string; state: string; createdAt: number }[]>((resolve) => {
            const open = indexedDB.open('everywhere-post');
            open.onsuccess = () => {
              const request = open.result.transaction('deliveries').objectStore('deliveries').getAll();
              request.onsuccess = () => {
                open.result.close();
                resolve(request.result.map((row: { progress: { step: string }; state: string; createdAt: number }) => ({ step: row.progress.step, state: row.state, createdAt: row.createdAt })));
              };
            };
          });
        let preparingSeen = 0;
        for (;;) {
          const rows = await read();
          const newest = rows.sort((a, b) => b.createdAt - a.createdAt)[0];
          if (newest?.step === 'preparing' && !preparingSeen) preparingSeen = performance.now();
          if (preparingSeen && newest && newest.step !== 'preparing') return performance.now() - preparingSeen;
          if (newest?.state === 'failed') return -1;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      samples.push(timing);
      await eventually(async () => (await composer.deliveryStates()).join() === 'done', 60_000, 'bluesky delivery');
      await composer.page.close();
      const records = await network.posts(account.did);
      const embed = records.at(-1)?.value.embed as unknown as { images: { image: { ref: { $link: string } } }[] };
      last = await Promise.all(
        embed.images.map(async (image) => {
          const bytes = await network.blob(account.did, image.image.ref.$link);
          const size = bytes[0] === 0x89 ? pngSize(bytes) : jpegSize(bytes);
          return { bytes: bytes.length, ...size };
        }),
      );
    }
    const total = median(samples);
    report({
      figure: '4 photos of 12 megapixels brought under 1,000,000 bytes each for Bluesky',
      value: round(total),
      unit: 'ms',
      budget: '≤ 1500',
      pass: total <= 1500 && last.every((image) => image.bytes <= 1_000_000),
      detail: `(median of 3; ${last.map((image) => `${image.width}×${image.height} ${image.bytes} B`).join(', ')})`,
    });
  } finally {
    await network.close();
  }
}

/** The service worker's used JS heap after a full garbage collection, through the DevTools protocol. */
async function workerHeapBytes(session: ExtensionSession): Promise<number> {
  await session.worker();
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  const cdp = await session.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((info) => info.type === 'service_worker' && info.url.includes(session.extensionId));
  if (!target) throw new Error('no service worker target');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  let nextId = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = ++nextId;
      const listener = (event: { sessionId: string; message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
        if (event.sessionId === sessionId && message.id === id) {
          cdp.off('Target.receivedMessageFromTarget', listener);
          resolve(message.result ?? {});
        }
      };
      cdp.on('Target.receivedMessageFromTarget', listener);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage');
  await cdp.detach();
  return usage.usedSize ?? Number.NaN;
}

async function workerHeap(session: ExtensionSession, handles: string[]): Promise<void> {
  const heap = () => workerHeapBytes(session);
  const publishMany = async (count: number) => {
    for (let index = 0; index < count; index++) await publishAndWait(session, handles, `heap ${index}`);
  };
  await publishMany(5);
  const afterFive = await heap();
  await publishMany(45);
  const afterFifty = await heap();
  const ratio = afterFifty / afterFive;
  report({
    figure: 'service worker JS heap after publishing 50 posts vs after 5',
    value: round(ratio),
    unit: '×',
    budget: '≤ 1.2',
    pass: ratio <= 1.2,
    detail: `(${round(afterFifty / 1e6, 2)} MB vs ${round(afterFive / 1e6, 2)} MB, after GC)`,
  });
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  if (wanted('text')) {
    for (const figure of textFigures(runs)) {
      report({
        figure: figure.figure,
        value: round(figure.ms, 1),
        unit: 'ms',
        budget: `≤ ${figure.budgetMs}`,
        pass: figure.ms <= figure.budgetMs,
        detail: figure.detail,
      });
    }
  }
  const dir = await extensionWithBaselinePages();
  process.env.EXTENSION_DIR = dir;
  // Real servers would slow a run of ~70 posts with their rate limits (300 requests per 5 minutes);
  // the outbox waits those out correctly, but here they would measure the limit, not the extension.
  const mastodons = await Promise.all([0, 1, 2].map((index) => startMastodonServer({ title: `M${index}`, mediaProcessingPolls: index === 0 ? 2 : 0, rateLimit: 100_000 })));
  const misskeys = await Promise.all([0, 1, 2].map((index) => startMisskeyServer({ name: `K${index}` })));
  const session = await launchExtension({ extensionDir: dir, extraArgs: ['--js-flags=--expose-gc'] });
  // tsx names inner functions with an `__name` helper; the page functions passed to evaluate need it.
  await session.context.addInitScript(() => {
    (globalThis as unknown as { __name: (fn: unknown) => unknown }).__name = (fn) => fn;
  });
  try {
    const options = await OptionsPage.open(session);
    const destinations: { handle: string; mastodon?: MastodonServer; misskey?: MisskeyServer }[] = [];
    for (const [index, server] of mastodons.entries()) {
      await options.linkWithToken(server.url, server.createAccount({ username: `m${index}` }).token);
      destinations.push({ handle: `@m${index}@${server.host}`, mastodon: server });
    }
    for (const [index, server] of misskeys.entries()) {
      await options.linkWith('Link Misskey with an access token', { 'Server address': server.url, 'Access token': server.createAccount({ username: `k${index}` }).token });
      destinations.push({ handle: `@k${index}@${server.host}`, misskey: server });
    }
    await options.page.close();

    const bundle = await popupBundleBytes(dir);
    report({
      figure: 'popup JavaScript + CSS, gzipped (Dexie included)',
      value: bundle.gzip,
      unit: 'bytes',
      budget: '≤ 60 KB (61,440)',
      pass: bundle.gzip <= 60 * 1024,
      detail: `(${bundle.files.join(', ')})`,
    });
    if (wanted('popup')) await popupVersusBaselines(session, destinations.length);
    if (wanted('cold')) await workerColdStart(session);
    if (wanted('keystroke')) await keystrokeToDisk(session);
    if (wanted('publish')) {
      for (const server of mastodons) server.faults.latencyMs = 200;
      for (const server of misskeys) server.faults.latencyMs = 200;
      await publishFanOut(session, destinations);
      for (const server of mastodons) server.faults.latencyMs = 0;
      for (const server of misskeys) server.faults.latencyMs = 0;
    }
    if (wanted('meta')) await publishWithMeta(session, { handle: destinations[0]!.handle, server: mastodons[0]! });
    if (wanted('heap')) await workerHeap(session, destinations.slice(0, 2).map((destination) => destination.handle));
    if (wanted('photos')) await blueskyPhotos(session);
    if (wanted('drafts')) await draftsAtScale(session);
  } finally {
    await session.close();
    await Promise.all([...mastodons.map((server) => server.close()), ...misskeys.map((server) => server.close())]);
    await rm(dir, { recursive: true, force: true });
  }

  console.log('\n| figure | measured | budget | verdict |\n|---|---|---|---|');
  for (const figure of figures) {
    const verdict = figure.pass === null ? '—' : figure.pass ? 'pass' : '**miss**';
    console.log(`| ${figure.figure} | ${figure.value} ${figure.unit} ${figure.detail} | ${figure.budget} | ${verdict} |`);
  }
  await mkdir('.output', { recursive: true });
  await writeFile('.output/bench.json', JSON.stringify({ date: new Date().toISOString(), runs, figures }, null, 2));
  console.log('\nwritten to .output/bench.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
