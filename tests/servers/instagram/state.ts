/**
 * In-memory state of one server instance, and the context handlers receive.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { findByUsername, type ServerContext } from '../common/context.js';
import { sharedDefaultFaults } from '../common/faults.js';
import type { Params } from './http.js';
import type { ContainerStatusCode, Faults, InstagramServerOptions, RequestLogEntry, StoredContainer, StoredInstagramPost } from './types.js';

export interface Config {
  containerDelayMs: number;
  quotaTotal: number;
  fetchTimeoutMs: number;
  redirectUris: string[] | null;
  tokenResponseShape: 'documented' | 'flat';
}

export function resolveConfig(opts: InstagramServerOptions): Config {
  return {
    containerDelayMs: opts.containerDelayMs ?? 300,
    quotaTotal: opts.quotaTotal ?? 100,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 5000,
    redirectUris: opts.redirectUris?.length ? [...opts.redirectUris] : null,
    tokenResponseShape: opts.tokenResponseShape ?? 'documented',
  };
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** Short-lived Instagram User tokens last one hour (Business Login, step 2). */
export const SHORT_LIVED_MS = HOUR_MS;
/** Long-lived tokens last 60 days (GET /access_token, GET /refresh_access_token). */
export const LONG_LIVED_MS = 60 * DAY_MS;
/** "Containers expire after 24 hours" (IG User Media, limitations). */
export const CONTAINER_LIFETIME_MS = DAY_MS;
/** The content publishing window: "24 hour moving period", config.quota_duration. */
export const QUOTA_DURATION_S = 86_400;

/**
 * The permissions of Instagram API with Instagram Login (Business Login scopes
 * since 27 Jan 2025; the old business_* values are gone).
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
export const PERMISSIONS = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_messages',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
] as const;

export interface Account {
  /** Instagram professional account id: `user_id` of GET /me, what media belong to. */
  userId: string;
  /** App-scoped id: `id` of GET /me and `user_id` of the code exchange. Also a valid node id. */
  appScopedId: string;
  username: string;
  name: string;
  /** BUSINESS or MEDIA_CREATOR (IG User account_type); accounts made here are BUSINESS. */
  accountType: 'BUSINESS' | 'MEDIA_CREATOR';
  createdAt: number;
}

export interface AccessToken {
  token: string;
  userId: string;
  kind: 'short' | 'long';
  permissions: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  userId: string;
  redirectUri: string;
  permissions: string[];
  expiresAt: number;
  used: boolean;
}

/** A published IG Media object: a post, or one child of a carousel. */
export interface MediaObject {
  id: string;
  userId: string;
  mediaType: 'IMAGE' | 'CAROUSEL_ALBUM';
  /** The post it belongs to (itself for a top-level post). */
  post: StoredInstagramPost;
  /** Index in post.images for an IMAGE; null for the album itself. */
  imageIndex: number | null;
  isChild: boolean;
  timestamp: string;
}

export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Graph's trace ids look like "A6LJylpZRKw2xKLFsAP-cJh": 23 url-safe characters. */
export function fbtraceId(): string {
  return randomBytes(18).toString('base64url').slice(0, 23);
}

export class Store {
  accounts = new Map<string, Account>();
  tokens = new Map<string, AccessToken>();
  codes = new Map<string, AuthCode>();
  containers = new Map<string, StoredContainer>();
  posts: StoredInstagramPost[] = [];
  media = new Map<string, MediaObject>();
  requests: RequestLogEntry[] = [];
  oauthUserId: string | null = null;
  quota = { used: 0 };
  readonly app: { clientId: string; clientSecret: string; name: string };

  // Ids are numeric strings in the ranges Instagram uses: 1784… accounts, 1788… containers, 179… media.
  private seq = BigInt(randomBytes(3).readUIntBE(0, 3)) * 1000n;

  constructor() {
    this.app = {
      // An Instagram App ID is a numeric string (e.g. 990602627938098); the secret 32 hex digits.
      clientId: String(900_000_000_000_000 + randomBytes(4).readUInt32BE(0)),
      clientSecret: randomBytes(16).toString('hex'),
      name: 'Local Instagram App',
    };
  }

  private next(base: bigint): string {
    this.seq += 1n + BigInt(randomBytes(1)[0]!);
    return (base + this.seq).toString();
  }

  newUserId(): string {
    return this.next(17_841_400_000_000_000n);
  }

  newAppScopedId(): string {
    return this.next(26_000_000_000_000_000n);
  }

  newContainerId(): string {
    return this.next(17_889_000_000_000_000n);
  }

  newMediaId(): string {
    return this.next(17_900_000_000_000_000n);
  }

  /** Instagram shortcodes: 11 characters of [A-Za-z0-9_-]. */
  newShortcode(): string {
    let code = '';
    do code = `D${randomBytes(8).toString('base64url').slice(0, 10)}`;
    while (this.posts.some((p) => p.shortcode === code));
    return code;
  }

  /** The account a node id names: its professional account id or its app-scoped id. */
  accountByNodeId(id: string): Account | undefined {
    const direct = this.accounts.get(id);
    if (direct) return direct;
    for (const a of this.accounts.values()) if (a.appScopedId === id) return a;
    return undefined;
  }

  accountByUsername(username: string): Account | undefined {
    return findByUsername(this.accounts.values(), username);
  }
}

/** A container's status now: final states stick, otherwise time decides. */
export function containerStatus(c: StoredContainer, now = Date.now()): ContainerStatusCode {
  if (c.outcome) return c.outcome;
  if (now - c.createdAt >= CONTAINER_LIFETIME_MS) return 'EXPIRED';
  return now < c.readyAt ? 'IN_PROGRESS' : 'FINISHED';
}

export function defaultFaults(): Faults {
  return { dropConnectionAfterPublish: 0, rateLimitCode: 4, invalidateTokenNext: 0, ...sharedDefaultFaults() };
}

/** What every handler gets: settings, state, and the address once listening. */
export type Ctx = ServerContext<Config, Store, Faults>;

/** One parsed request, as handlers see it. */
export interface Call {
  ctx: Ctx;
  method: string;
  /** Path without the /vNN.N version prefix. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Query string and body merged (body wins), as the Graph API reads them. */
  params: Params;
}
