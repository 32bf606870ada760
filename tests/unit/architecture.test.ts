// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_CATALOG } from '../../utils/networks/catalog';
import { NETWORK_ADAPTERS } from '../../utils/networks';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Files reachable by import from `entry`, following relative imports. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(root, entry), 'utf8');
  // Type-only imports are erased at build time and are not followed.
  const code = text.replace(/import\s+type\s[^;]*;/g, '');
  for (const match of code.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const target = match[1] ?? match[2]!;
    const base = join(entry, '..', target);
    const candidates = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
    const found = candidates.find((file) => {
      try {
        return statSync(join(root, file)).isFile();
      } catch {
        return false;
      }
    });
    if (found) importGraph(relative(root, join(root, found)), seen);
  }
  return seen;
}

/** The scripts of the extension pages (the popup's is one classic file for public/popup.html). */
const PAGES = ['entrypoints/popup-script.tsx', 'entrypoints/compose/main.tsx', 'entrypoints/options/main.tsx'];

describe('architecture', () => {
  it('has an adapter for every network the UI offers, and the README describes each', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const network of NETWORK_CATALOG) {
      expect(NETWORK_ADAPTERS[network.id]?.id, network.id).toBe(network.id);
      expect(readme, `README section for ${network.id}`).toContain(`<!-- network:${network.id} -->`);
    }
  });

  it('keeps tokens and network code out of every extension page', () => {
    for (const page of PAGES) {
      const reachable = [...importGraph(page)];
      expect(reachable.filter((file) => file.endsWith('utils/credentials.ts')), page).toEqual([]);
      expect(reachable.filter((file) => /utils\/networks\/(mastodon|http|index)\.ts$/.test(file)), page).toEqual([]);
      expect(reachable.filter((file) => file.startsWith('utils/outbox')), page).toEqual([]);
    }
  });

  it('keeps Dexie out of the pages, so the popup opens fast (its budget is 30 KB gzipped)', () => {
    for (const page of PAGES) {
      const withDexie = [...importGraph(page)].filter((file) => /from\s+['"]dexie['"]/.test(readFileSync(join(root, file), 'utf8').replace(/import\s+type\s[^;]*;/g, '')));
      expect(withDexie, page).toEqual([]);
    }
  });

  it('has no network-specific branches outside utils/networks', () => {
    const offenders = [...sources('components'), ...sources('entrypoints'), 'utils/outbox.ts', 'utils/accounts.ts']
      .filter((file) => /network\s*===?\s*['"]/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('calls browser APIs through wxt/browser only, never chrome.*', () => {
    const offenders = [...sources('components'), ...sources('entrypoints'), ...sources('utils')].filter((file) =>
      /\bchrome\.[a-z]+\./.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
