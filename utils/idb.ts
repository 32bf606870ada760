/**
 * A few promise helpers over raw IndexedDB, for the pages that must open fast (the popup): Dexie
 * alone is about 32 KB gzipped, more than the popup's whole budget. The schema is Dexie's
 * (utils/db.ts) and the background owns it; these helpers only read and write rows.
 */
import { DATABASE_NAME } from './db-name';

let opening: Promise<IDBDatabase> | undefined;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Open the extension's database at whatever version the background created. */
export function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(DATABASE_NAME);
    // No database yet: the background creates it (with its schema) when it starts. Creating an empty
    // one here would leave it without tables, so give up this time and let the caller retry.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => {
      const database = open.result;
      // Another context upgrading the schema asks us to let go.
      database.onversionchange = () => {
        database.close();
        opening = undefined;
      };
      resolve(database);
    };
    open.onerror = () => {
      opening = undefined;
      reject(open.error ?? new Error('IndexedDB could not be opened'));
    };
  });
  return opening;
}

export type StoreName = 'drafts' | 'media' | 'accounts' | 'posts' | 'deliveries' | 'settings';

export async function getRow<T>(store: StoreName, key: string): Promise<T | undefined> {
  const database = await openDatabase();
  return request<T | undefined>(database.transaction(store).objectStore(store).get(key));
}

export async function getAllRows<T>(store: StoreName): Promise<T[]> {
  const database = await openDatabase();
  return request<T[]>(database.transaction(store).objectStore(store).getAll());
}

export async function getRowsBy<T>(store: StoreName, index: string, value: IDBValidKey): Promise<T[]> {
  const database = await openDatabase();
  return request<T[]>(database.transaction(store).objectStore(store).index(index).getAll(value));
}

/** Pages re-read what they show when another context wrote it (see components/use-query.ts). */
export const CHANGES_CHANNEL = 'everywhere-post-changes';
let changes: BroadcastChannel | undefined;

/** Tell every page (this one included) that `stores` changed, so what they show is read again. */
export function announceChange(stores: StoreName[]): void {
  if (typeof BroadcastChannel === 'undefined') return;
  changes ??= new BroadcastChannel(CHANGES_CHANNEL);
  changes.postMessage(stores);
  // A BroadcastChannel does not deliver to itself: tell this page's own listeners too.
  dispatchEvent(new CustomEvent(CHANGES_CHANNEL, { detail: stores }));
}

/**
 * Run `work` in one read-write transaction over `stores`; resolves when it has committed.
 * `work` must only queue requests (no awaiting other things), as IndexedDB requires.
 */
export async function write(stores: StoreName[], work: (tx: IDBTransaction) => void): Promise<void> {
  const database = await openDatabase();
  const tx = database.transaction(stores, 'readwrite');
  const done = completion(tx);
  try {
    work(tx);
  } catch (error) {
    done.catch(() => undefined); // the error below is the one to report
    throw error;
  }
  await done;
  announceChange(stores);
}

/** Resolves when `tx` has committed, rejects if it fails or is aborted. */
export function completion(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** Walk an index from newest to oldest, keeping rows that match, until `limit` are found. */
export async function newestMatching<T>(store: StoreName, index: string, matches: (row: T) => boolean, limit: number): Promise<T[]> {
  const database = await openDatabase();
  return new Promise((resolve, reject) => {
    const found: T[] = [];
    const cursor = database.transaction(store).objectStore(store).index(index).openCursor(null, 'prev');
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const current = cursor.result;
      if (!current || found.length >= limit) return resolve(found);
      if (matches(current.value as T)) found.push(current.value as T);
      current.continue();
    };
  });
}
