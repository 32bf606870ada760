// @vitest-environment node
/**
 * The house, held by tests: one folder per network, registered both ways; pages that never reach a
 * token, an adapter or the outbox; adapters that never reach the database; a UI that observes the
 * database instead of polling it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_IDS } from '../../utils/model';
import { ADAPTERS } from '../../utils/networks/adapters';
import { NETWORKS } from '../../utils/networks/index';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const folders = (dir: string) => readdirSync(join(root, dir)).filter((name) => statSync(join(root, dir, name)).isDirectory());

/** Files reachable by import from `entry`, following relative imports. Type-only imports are erased
 *  at build time and are not followed. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = read(entry).replace(/import\s+type\s[^;]*;/g, '');
  for (const match of code.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const base = join(entry, '..', match[1] ?? match[2]!);
    const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((file) => existsSync(join(root, file)) && statSync(join(root, file)).isFile());
    if (found) importGraph(relative(root, join(root, found)), seen);
  }
  return seen;
}

/** The scripts of the extension pages (the popup's is one classic file for public/popup.html). */
const PAGES = ['entrypoints/popup-script.tsx', 'entrypoints/compose/main.tsx', 'entrypoints/options/main.tsx'];
const UI = [...PAGES, ...sources('components')];

/** What only the worker may hold: tokens, the outbox, linking, every network call. */
const WORKER_ONLY = [
  /^utils\/credentials\.ts$/,
  /^utils\/linking\.ts$/,
  /^utils\/outbox\//,
  /^utils\/networks\/adapters\.ts$/,
  /^utils\/networks\/[^/]+\/adapter\.ts$/,
  /^utils\/networks\/http\.ts$/,
  /^utils\/share\/share\.ts$/,
  /^utils\/notify\.ts$/,
  /^utils\/badge\.ts$/,
];

describe('one folder per network', () => {
  it('registers every network folder, and has a folder for every registered network', () => {
    const networkFolders = folders('utils/networks').sort();
    expect(networkFolders).toEqual([...NETWORK_IDS].sort());
    expect(Object.keys(NETWORKS).sort()).toEqual(networkFolders);
    expect(Object.keys(ADAPTERS).sort()).toEqual(networkFolders);
  });

  it.each(NETWORK_IDS)('%s has its description, its adapter, its local server and its README section', (id) => {
    expect(NETWORKS[id].id).toBe(id);
    expect(ADAPTERS[id].id).toBe(id);
    expect(existsSync(join(root, 'utils/networks', id, 'description.ts'))).toBe(true);
    expect(existsSync(join(root, 'utils/networks', id, 'adapter.ts'))).toBe(true);
    expect(existsSync(join(root, 'tests/servers', id, 'index.ts')), `tests/servers/${id}/`).toBe(true);
    expect(read('README.md'), `README section for ${id}`).toContain(`<!-- network:${id} -->`);
  });

  it('has a local server only for registered networks', () => {
    // Besides the networks: the servers' shared parts, and the S3 bucket images can go to.
    const servers = folders('tests/servers').filter((name) => name !== 'common' && name !== 'bucket');
    expect(servers.sort()).toEqual([...NETWORK_IDS].sort());
  });

  it.each(NETWORK_IDS)("%s's adapter reaches neither the database nor the outbox", (id) => {
    const reachable = [...importGraph(`utils/networks/${id}/adapter.ts`)];
    expect(reachable.filter((file) => file === 'utils/db.ts' || file.startsWith('utils/outbox/') || file === 'utils/credentials.ts')).toEqual([]);
  });

  it.each(NETWORK_IDS)("%s's description is safe for pages: no adapter, no database, no network call", (id) => {
    const reachable = [...importGraph(`utils/networks/${id}/description.ts`)];
    expect(reachable.filter((file) => file === 'utils/db.ts' || WORKER_ONLY.some((pattern) => pattern.test(file)))).toEqual([]);
  });
});

describe('pages and components', () => {
  it.each(UI)('%s reaches no token, adapter, outbox or network call', (file) => {
    expect([...importGraph(file)].filter((reached) => WORKER_ONLY.some((pattern) => pattern.test(reached)))).toEqual([]);
  });

  it.each(UI)('%s reads and writes through the data modules, never naming a table', (file) => {
    const code = read(file);
    expect(code).not.toMatch(/from\s+['"][./]*\/?utils\/db['"]/);
    expect(code).not.toMatch(/\bdb\.(drafts|media|accounts|credentials|posts|deliveries|settings)\b/);
    // Dexie itself only through the one hook that observes it.
    if (file !== 'components/use-live-query.ts') expect(code).not.toMatch(/from\s+['"]dexie['"]/);
  });

  /** Where a page may wait on a timer, and why: neither re-reads the database. */
  const TIMERS: Record<string, string> = {
    'components/use-autosave.ts': 'the pause in typing before a draft is written',
    'components/page.ts': 'how long a page stays blank before it says "Loading…"',
  };

  it.each(UI)('%s observes the database instead of polling it', (file) => {
    const code = read(file);
    expect(code).not.toMatch(/\bsetInterval\s*\(/);
    if (!(file in TIMERS)) expect(code).not.toMatch(/\bsetTimeout\s*\(/);
  });
});

describe('everywhere', () => {
  it('has no network-specific branches outside utils/networks', () => {
    const outside = [...UI, ...sources('utils').filter((file) => !file.startsWith('utils/networks/') || file === 'utils/networks/parts.ts')];
    expect(outside.filter((file) => /network\s*===?\s*['"]/.test(read(file)))).toEqual([]);
  });

  it('calls browser APIs through wxt/browser only, never chrome.*', () => {
    const offenders = [...sources('components'), ...sources('entrypoints'), ...sources('utils')].filter((file) => /\bchrome\.[a-z]+\./.test(read(file)));
    expect(offenders).toEqual([]);
  });
});
