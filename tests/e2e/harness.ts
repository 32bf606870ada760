/**
 * Launches the machine's Chromium with the built extension and gives the specs page objects.
 * Never downloads a browser: playwright-core with executablePath.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(process.env.EXTENSION_DIR ?? '.output/test/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  open(path: 'popup.html' | 'compose.html' | 'options.html'): Promise<Page>;
  /** Stop the extension's service worker through the DevTools protocol, as Chromium does when idle. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launchExtension(
  options: { headless?: boolean; extensionDir?: string; extraArgs?: string[] } = {},
): Promise<ExtensionSession> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run "npm run build:test" first.`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'everywhere-post-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: [
      '--no-sandbox',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.extraArgs ?? []),
    ],
  });
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL((await worker()).url()).host;

  return {
    context,
    extensionId,
    worker,
    async open(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Poll `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Change one row of the extension's IndexedDB from one of its pages (no extension code): what time
 * passing does to stored times, in tests.
 */
export async function updateRow(page: Page, table: string, key: string, changes: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ table, key, changes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('everywhere-post');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const store = database.transaction(table, 'readwrite').objectStore(table);
          const get = store.get(key);
          get.onsuccess = () => {
            const put = store.put({ ...get.result, ...changes });
            put.onsuccess = () => {
              database.close();
              resolve();
            };
            put.onerror = () => reject(put.error);
          };
        };
      }),
    { table, key, changes },
  );
}

/** Read a whole table of the extension's IndexedDB from one of its pages (no extension code). */
export async function readTable<T = Record<string, unknown>>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('everywhere-post');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const request = database.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            database.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}
