/**
 * What every handler of a local server receives, whatever the software: its
 * settings, its in-memory state, the live faults, and its address (filled in
 * once listening, as handlers build absolute URLs from it).
 */
export interface ServerContext<Config, Store, Faults> {
  cfg: Config;
  store: Store;
  faults: Faults;
  url: string;
  host: string;
}

/** Usernames are unique regardless of case on both Mastodon and Misskey. */
export function findByUsername<A extends { username: string }>(accounts: Iterable<A>, username: string): A | undefined {
  const lower = username.toLowerCase();
  for (const a of accounts) if (a.username.toLowerCase() === lower) return a;
  return undefined;
}
