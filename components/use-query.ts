import { useEffect, useState } from 'preact/hooks';
import { CHANGES_CHANNEL, type StoreName } from '../utils/idb';

/**
 * Read from IndexedDB and read again when it may have changed: at once when a page writes one of
 * `stores` (utils/idb announces it), and every `pollMs` for what the background writes through
 * Dexie (delivery progress). `undefined` until the first answer, unless the page already has an
 * `initial` value to show meanwhile (the composer's first screen, utils/composer-start).
 */
export function useQuery<T>(query: () => Promise<T>, deps: unknown[], stores: StoreName[], pollMs = 1_000, initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(() => {
    let live = true;
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      query()
        .then((next) => live && setValue(next))
        .catch((error: unknown) => console.error('query failed', error))
        .finally(() => (running = false));
    };
    const onChange = (stored: unknown) => {
      if (Array.isArray(stored) && stored.some((store) => stores.includes(store as StoreName))) run();
    };
    const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANGES_CHANNEL);
    if (channel) channel.onmessage = (event) => onChange(event.data);
    const local = (event: Event) => onChange((event as CustomEvent).detail);
    addEventListener(CHANGES_CHANNEL, local);
    const timer = setInterval(run, pollMs);
    run();
    return () => {
      live = false;
      clearInterval(timer);
      channel?.close();
      removeEventListener(CHANGES_CHANNEL, local);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, pollMs]);
  return value;
}
