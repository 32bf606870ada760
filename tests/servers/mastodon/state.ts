/**
 * In-memory state of one server instance, and the context handlers receive.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { findByUsername, type ServerContext } from '../common/context.js';
import { sharedDefaultFaults } from '../common/faults.js';
import type { Params } from './http.js';
import type { Faults, MastodonServerOptions, MastodonSoftware, RequestLogEntry, StoredMedia, StoredStatus } from './types.js';

export interface Config {
  title: string;
  software: MastodonSoftware;
  version: string;
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  imageSizeLimit: number;
  v2Instance: boolean;
  mediaProcessingPolls: number;
  mediaProcessingMs: number | null;
  rateLimit: number;
}

export function resolveConfig(opts: MastodonServerOptions): Config {
  return {
    title: opts.title ?? 'Local Mastodon',
    software: opts.software ?? 'mastodon',
    version: opts.version ?? '4.3.0',
    maxCharacters: opts.maxCharacters ?? 500,
    maxMediaAttachments: opts.maxMediaAttachments ?? 4,
    charactersReservedPerUrl: opts.charactersReservedPerUrl ?? 23,
    imageSizeLimit: opts.imageSizeLimit ?? 16 * 1024 * 1024,
    v2Instance: opts.v2Instance ?? true,
    mediaProcessingPolls: opts.mediaProcessingPolls ?? 2,
    mediaProcessingMs: opts.mediaProcessingMs ?? null,
    rateLimit: opts.rateLimit ?? 300,
  };
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  note: string;
  createdAt: string;
}

export interface OAuthApp {
  id: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  clientId: string;
  clientSecret: string;
}

export interface AccessToken {
  token: string;
  appId: string;
  /** null for app-only (client_credentials) tokens. */
  accountId: string | null;
  scopes: string[];
  revoked: boolean;
  createdAt: number;
}

export interface AuthCode {
  code: string;
  appId: string;
  accountId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

/** Every scope Mastodon 4.3 knows (config/initializers/doorkeeper.rb). */
export const SERVER_SCOPES = [
  'read', 'write', 'write:accounts', 'write:blocks', 'write:bookmarks', 'write:conversations', 'write:favourites',
  'write:filters', 'write:follows', 'write:lists', 'write:media', 'write:mutes', 'write:notifications', 'write:reports',
  'write:statuses', 'read:accounts', 'read:blocks', 'read:bookmarks', 'read:favourites', 'read:filters', 'read:follows',
  'read:lists', 'read:mutes', 'read:notifications', 'read:search', 'read:statuses', 'follow', 'push', 'profile',
  'admin:read', 'admin:read:accounts', 'admin:read:reports', 'admin:read:domain_allows', 'admin:read:domain_blocks',
  'admin:read:ip_blocks', 'admin:read:email_domain_blocks', 'admin:read:canonical_email_blocks', 'admin:write',
  'admin:write:accounts', 'admin:write:reports', 'admin:write:domain_allows', 'admin:write:domain_blocks',
  'admin:write:ip_blocks', 'admin:write:email_domain_blocks', 'admin:write:canonical_email_blocks',
];

/** Random URL-safe secret, shaped like Doorkeeper's 43-character tokens. */
export function secret(): string {
  return randomBytes(32).toString('base64url');
}

export class Store {
  accounts = new Map<string, Account>();
  apps = new Map<string, OAuthApp>();
  tokens = new Map<string, AccessToken>();
  codes = new Map<string, AuthCode>();
  statuses: StoredStatus[] = [];
  media = new Map<string, StoredMedia>();
  /** `${accountId}:${key}` → status id and when it was stored (kept 1 h). */
  idempotency = new Map<string, { statusId: string; at: number }>();
  requests: RequestLogEntry[] = [];
  oauthUserId: string | null = null;
  /** The app personal access tokens belong to, like "Development" apps in settings. */
  personalAppId: string | null = null;

  private lastSnowflake = 0n;
  private nextAccountId = 109_000_000_000_000_000n;
  private nextAppId = 1;

  /** Mastodon ids are Snowflake-like: ms timestamp << 16 plus a sequence, as a string. */
  snowflake(): string {
    let id = BigInt(Date.now()) << 16n;
    if (id <= this.lastSnowflake) id = this.lastSnowflake + 1n;
    this.lastSnowflake = id;
    return id.toString();
  }

  newAccountId(): string {
    this.nextAccountId += 1n;
    return this.nextAccountId.toString();
  }

  newAppId(): string {
    return String(this.nextAppId++);
  }

  findStatus(id: string): StoredStatus | undefined {
    return this.statuses.find((s) => s.id === id);
  }

  accountByUsername(username: string): Account | undefined {
    return findByUsername(this.accounts.values(), username);
  }
}

export function defaultFaults(): Faults {
  return { dropConnectionAfterStatusStored: 0, ...sharedDefaultFaults() };
}

/** What every handler gets: settings, state, and the address once listening. */
export type Ctx = ServerContext<Config, Store, Faults>;

/** "4.3.0" >= "4.3"? Non-numeric suffixes (rc1, +glitch) are ignored. */
export function versionAtLeast(version: string, wanted: string): boolean {
  const parse = (v: string) => v.split(/[.+-]/).slice(0, 3).map((p) => parseInt(p, 10) || 0);
  const [a, b] = [parse(version), parse(wanted)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** One parsed request, as handlers see it. */
export interface Call {
  ctx: Ctx;
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Query string and body merged, Rails style. */
  params: Params;
}
