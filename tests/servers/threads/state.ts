/**
 * In-memory state of one server instance, and the context handlers receive.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { findByUsername, type ServerContext } from '../common/context.js';
import { sharedDefaultFaults } from '../common/faults.js';
import type { Faults, RequestLogEntry, StoredThreadsContainer, StoredThreadsPost, ThreadsServerOptions } from './types.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** Short-lived tokens and authorization codes last one hour (get-access-tokens-and-permissions). */
export const SHORT_LIVED_MS = HOUR_MS;
/** Long-lived tokens last 60 days (long-lived-tokens); Postman's example answers expires_in 5184000. */
export const LONG_LIVED_MS = 60 * DAY_MS;
/** "Long-lived tokens ... can be refreshed as long as they are at least 24 hours old" (long-lived-tokens). */
export const REFRESH_MIN_AGE_MS = DAY_MS;
/** "EXPIRED — The container was not published within 24 hours" (troubleshooting). */
export const CONTAINER_LIFETIME_MS = DAY_MS;
/** "permissions granted to apps by app users ... are now valid for 90 days" (long-lived-tokens): debug_token's data_access_expires_at. */
export const DATA_ACCESS_MS = 90 * DAY_MS;

/**
 * Every permission the official Postman collection asks for (its `scope`
 * variable). threads_basic is "Required for all Threads endpoints" (get-started).
 */
export const KNOWN_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_manage_insights',
  'threads_manage_replies',
  'threads_read_replies',
  'threads_keyword_search',
  'threads_manage_mentions',
  'threads_delete',
  'threads_location_tagging',
  'threads_profile_discovery',
];

export interface Config {
  containerDelayMs: number;
  quotaTotal: number;
  replyQuotaTotal: number;
  redirectUris: string[] | null;
  imageFetchTimeoutMs: number;
}

export function resolveConfig(opts: ThreadsServerOptions): Config {
  return {
    containerDelayMs: opts.containerDelayMs ?? 300,
    quotaTotal: opts.quotaTotal ?? 250,
    replyQuotaTotal: opts.replyQuotaTotal ?? 1000,
    redirectUris: opts.redirectUris ?? null,
    imageFetchTimeoutMs: opts.imageFetchTimeoutMs ?? 5000,
  };
}

export interface Account {
  id: string;
  username: string;
  name: string;
  biography: string;
}

export interface AccessToken {
  token: string;
  userId: string;
  /** short: from the code exchange (1 h); long: exchanged, refreshed or issued by the test (60 days). */
  kind: 'short' | 'long';
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

/** A carousel child once published: its own media id, pointing into its post's images. */
export interface ChildMedia {
  id: string;
  postId: string;
  index: number;
}

/** Internal bookkeeping of a container that the public record does not show. */
export interface ContainerWork {
  /** When the IN_PROGRESS time is over. */
  readyAt: number;
  /** Set once the image fetch (if any) settled: null when it succeeded. */
  fetchOutcome: { errorMessage: string; reason: string } | null | undefined;
  timer: NodeJS.Timeout | null;
}

/** Threads ids are long numeric strings (17 digits, beyond 2^53: a client must keep them as strings). */
function numericIds(start: bigint): () => string {
  let next = start;
  return () => {
    next += 1n + BigInt(randomBytes(1)[0]! % 7);
    return next.toString();
  };
}

export class Store {
  accounts = new Map<string, Account>();
  tokens = new Map<string, AccessToken>();
  codes = new Map<string, AuthCode>();
  posts: StoredThreadsPost[] = [];
  containers: StoredThreadsContainer[] = [];
  work = new Map<string, ContainerWork>();
  children = new Map<string, ChildMedia>();
  requests: RequestLogEntry[] = [];
  quota = { used: 0, repliesUsed: 0 };
  oauthUserId: string | null = null;
  /** Pending image fetches, aborted on close. */
  fetches = new Set<AbortController>();
  readonly app = {
    clientId: String(900_000_000_000_000 + Math.floor(Math.random() * 99_999_999_999)),
    clientSecret: randomBytes(16).toString('hex'),
    name: 'Local Threads App',
    redirectUris: [] as string[],
  };

  newUserId = numericIds(26_000_000_000_000_000n);
  /** Containers, posts and carousel children share one id space, as on Threads. */
  newMediaId = numericIds(17_890_000_000_000_000n);

  findContainer(id: string): StoredThreadsContainer | undefined {
    return this.containers.find((c) => c.id === id);
  }

  findPost(id: string): StoredThreadsPost | undefined {
    return this.posts.find((p) => p.id === id);
  }

  accountByUsername(username: string): Account | undefined {
    return findByUsername(this.accounts.values(), username);
  }
}

/** Threads access tokens start with "TH" (the Postman collection's app token is "TH|..."). */
export function newToken(): string {
  return `TH${randomBytes(48).toString('base64url')}`;
}

export function secret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function defaultFaults(): Faults {
  return { dropConnectionAfterPublish: 0, rateLimitCode: 4, spamBlockNext: 0, restrictedNext: 0, containerErrorNext: 0, ...sharedDefaultFaults() };
}

/** What every handler gets: settings, state, and the address once listening. */
export type Ctx = ServerContext<Config, Store, Faults>;

export type Params = Record<string, unknown>;

/** One parsed request, as handlers see it. */
export interface Call {
  ctx: Ctx;
  method: string;
  /** Path without the optional /vX.Y prefix. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Query string and body merged, body winning. */
  params: Params;
}
