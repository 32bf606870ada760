import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * The answer of `query`, kept current: Dexie runs it again whenever any context of the extension (this
 * page, another page, the service worker) commits a write to what it read, so nothing polls.
 * `query` reads through Dexie only (utils/drafts.ts, utils/accounts.ts…), which is how Dexie knows
 * what it read. Until the first answer: `initial`, or undefined.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined;
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T;
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (next) => setValue(() => next),
      error: (error: unknown) => console.error('A live query failed', error),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
