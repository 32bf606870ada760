/** Settings for pages (no Dexie): the last destinations, the current draft, defaults. */
import { getRow, write } from './idb';

export async function readSetting<T>(key: string, fallback: T): Promise<T> {
  const row = await getRow<{ key: string; value: T }>('settings', key);
  return row === undefined ? fallback : row.value;
}

export async function writeSetting(key: string, value: unknown): Promise<void> {
  await write(['settings'], (tx) => tx.objectStore('settings').put({ key, value }));
}
