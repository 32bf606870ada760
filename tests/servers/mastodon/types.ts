/**
 * Public types of the local Mastodon test server. Re-exported by
 * tests/servers/mastodon.ts, which is the entry point other code imports.
 */
import type { RequestLogEntry, SharedFaults } from '../common/faults.js';

export type MastodonSoftware = 'mastodon' | 'pleroma' | 'gotosocial';

export interface MastodonServerOptions {
  /** Default 0 = a random free port. The server always listens on 127.0.0.1. */
  port?: number;
  /** Instance title, default 'Local Mastodon'. */
  title?: string;
  /** NodeInfo software.name; default 'mastodon'. */
  software?: MastodonSoftware;
  /** Default '4.3.0'. */
  version?: string;
  /** Default 500. */
  maxCharacters?: number;
  /** Default 4. */
  maxMediaAttachments?: number;
  /** Default 23. */
  charactersReservedPerUrl?: number;
  /** Bytes, default 16 MiB (Mastodon 4.3's IMAGE_LIMIT). */
  imageSizeLimit?: number;
  /**
   * Default true. false => GET /api/v2/instance is 404 and /api/v1/instance
   * carries the limits, plus the Pleroma-style `max_toot_chars`.
   */
  v2Instance?: boolean;
  /**
   * How many GET /api/v1/media/:id answer 206 before one answers 200; default 2.
   * Also: POST /api/v2/media answers 202 with url:null when > 0, 200 when 0.
   */
  mediaProcessingPolls?: number;
  /**
   * Optional (not in the real server's config): also finish processing this many
   * milliseconds after upload, for clients that wait and retry instead of polling.
   * Default: never (processing only advances by polling).
   */
  mediaProcessingMs?: number;
  /** Requests per 5 minutes per token (per IP without one); default 300. */
  rateLimit?: number;
}

export interface StoredMedia {
  id: string;
  /** MediaAttachment type: image | gifv | video | audio. */
  type: string;
  mimeType: string;
  size: number;
  description: string | null;
  /** Focal point as "x,y", or null when never set. */
  focus: string | null;
  processed: boolean;
  /** Full-size URL; null while processing (as the real server answers). */
  url: string | null;
  bytes: Buffer;
  // --- additions beyond the brief ---
  accountId: string;
  /** Status this attachment was posted with; null while unattached. */
  statusId: string | null;
  previewUrl: string;
  fileName: string;
  width: number | null;
  height: number | null;
  /** GET /api/v1/media/:id polls left that still answer 206. */
  pollsLeft: number;
  createdAt: string;
}

export interface StoredStatus {
  id: string;
  accountId: string;
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: string;
  language: string | null;
  inReplyToId: string | null;
  media: StoredMedia[];
  idempotencyKey: string | null;
  url: string;
  createdAt: string;
  // --- additions beyond the brief ---
  uri: string;
  /** The OAuth application the status was posted through. */
  application: { name: string; website: string | null } | null;
}

/**
 * The shared faults (common/faults.ts) plus Mastodon's own counter. Here
 * `rateLimitNext` answers 429 {"error":"Too many requests"} with X-RateLimit-*
 * headers, the reset ~2 s ahead, and Retry-After: 2.
 */
export interface Faults extends SharedFaults {
  /** Next N POST /api/v1/statuses: store the status, then destroy the socket without answering. */
  dropConnectionAfterStatusStored: number;
}

export type { RequestLogEntry };

export interface MastodonServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT' */
  host: string;
  /** Everything stored, in order. */
  statuses: StoredStatus[];
  media: Map<string, StoredMedia>;
  /** Log of every request answered, for assertions. */
  requests: RequestLogEntry[];
  createAccount(opts: { username: string; displayName?: string | undefined }): { accountId: string; token: string };
  /** A personal access token; scopes default 'read write push'. */
  issueToken(accountId: string, scopes?: string): string;
  /** Later use gives 401 {"error":"The access token was revoked"}. */
  revokeToken(token: string): void;
  /** Who is "logged in" on the authorize page; default the first account created. */
  setOAuthUser(accountId: string): void;
  faults: Faults;
  close(): Promise<void>;
}
