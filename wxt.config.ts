import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Public half of a development key, in test and sandbox builds only. It pins the unpacked
 * extension's id to clhjggfgaapaambinpelojmlijafjdjp so the OAuth redirect URL
 * (https://<id>.chromiumapp.org/) the local servers see is the same on every machine:
 * https://developer.chrome.com/docs/extensions/reference/manifest/key
 * A published build gets its id from the store, and asks for its redirect URL at link time.
 */
const DEVELOPMENT_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArxzQtFEgFtqK7INxWkQcd0BRlVlAnYaSLU8akE6y34eUmAA/aQZoQCVf+j/nlykhf06PPTZP6gf7Jza3+uxl0fcf6Jb2TNgAQ0jZdiMs8T/vjEloHULLdg+Lj1mWe/OAQUJcDMR/nthSHCxO5loIBXx+Im9cbkNh8BB7MaTHASphddKG2ZLFUCYUSm6YSs3M/JVVeuVdhRzUidMdzlgzx77WDDou5RHuATydriJrGXXeA7wf2BAEZH3mY6lnFfU93G3ovslbeYI2UPHq56T32gn+efPSlL2rGKyoK0yc6TsaSpiZKTJsaF8kIAOmxcBXc2JpE2vZTu7EKaSlryXaaQIDAQAB';

/**
 * Test and sandbox builds (CROSSPOST_LOOPBACK=1) are granted loopback servers up front, because a
 * headless browser cannot answer the permission prompt. Published builds ask per server at link time.
 */
const loopbackGranted = process.env.CROSSPOST_LOOPBACK === '1';

const OPTIONAL_HOSTS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'];

const ICONS = { 16: '/icon/16.png', 32: '/icon/32.png', 48: '/icon/48.png', 128: '/icon/128.png' };

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  // Test builds go elsewhere so a published build is never the loopback-granted one by accident.
  outDir: loopbackGranted ? '.output/test' : '.output',
  vite: () => ({
    plugins: [preact({ prerender: { enabled: false } })],
    // Dexie's ES module build: its default entry wraps the ES5 build for CommonJS users (the wrapper
    // guards against two copies when CommonJS and ES modules mix, which these bundles never do). The
    // ES module build is 1.2 KB smaller gzipped in every page and the worker.
    resolve: { alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }] },
    // The e2e tests' way in to what only the browser's UI does (utils/background-main.ts).
    define: { 'import.meta.env.CROSSPOST_TEST_HOOKS': JSON.stringify(loopbackGranted) },
    // The compose and options pages name the chunks they need in their HTML (modulepreload), so the
    // browser fetches them side by side rather than one import after another. No polyfill: every
    // browser we support has modulepreload.
    build: { target: 'es2022', modulePreload: { polyfill: false } },
  }),
  hooks: {
    // The popup's stylesheet is written into public/popup.html as the build copies it: a linked
    // stylesheet holds the popup's script back until it has loaded (about 4 ms of the popup's start
    // here). By then every entry point is built, so the unlisted script's CSS is on disk.
    'build:publicAssets': async (wxt, files) => {
      const index = files.findIndex((file) => file.relativeDest === 'popup.html');
      const page = files[index];
      if (!page || !('absoluteSrc' in page)) return;
      const link = '<link rel="stylesheet" href="/assets/popup-script.css" />';
      const html = await readFile(page.absoluteSrc, 'utf8');
      if (!html.includes(link)) throw new Error(`public/popup.html no longer has ${link}: update wxt.config.ts`);
      const css = await readFile(resolve(wxt.config.outDir, 'assets/popup-script.css'), 'utf8');
      files[index] = { relativeDest: 'popup.html', contents: html.replace(link, `<style>${css.trim()}</style>`) };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    ...(browser === 'chrome' && loopbackGranted ? { key: DEVELOPMENT_KEY } : {}),
    // contextMenus, activeTab and scripting: sharing from a page reads that page, on the person's click
    // only; no script runs in pages otherwise and no access to all sites is asked. notifications: a
    // post gone out everywhere, or a delivery that failed.
    // No "storage": everything is in IndexedDB (unlimitedStorage keeps it from being evicted).
    permissions: ['unlimitedStorage', 'alarms', 'identity', 'contextMenus', 'activeTab', 'scripting', 'notifications'],
    host_permissions: loopbackGranted ? ['http://127.0.0.1/*', 'http://localhost/*'] : [],
    // Asked per server or site when needed. Plain http only on loopback (a server on this machine):
    // anywhere else it would carry tokens in the clear. MV3: optional_host_permissions; Firefox's MV2
    // build takes them in optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: OPTIONAL_HOSTS } : { optional_host_permissions: OPTIONAL_HOSTS }),
    // The popup is a static page in public/ (see its comment), so it is named here, not found by WXT.
    action: { default_title: '__MSG_actionTitle__', default_popup: 'popup.html', default_icon: ICONS },
    icons: ICONS,
    // Both can be changed in the browser's shortcut settings (the options page links there).
    commands: {
      // Manifest V2 (the Firefox build) names the toolbar button's command differently.
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_commandOpenComposer__' },
      'share-page': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandSharePage__' },
    },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'everywhere-post@example.org',
              strict_min_version: '140.0',
              // Nothing is collected by us: posts go only to the servers the person linked.
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
});
