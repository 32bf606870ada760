/**
 * Public types of the local Instagram test server (Instagram API with Instagram
 * Login). Re-exported by index.ts, the entry point other code imports.
 */
import type { RequestLogEntry, SharedFaults } from '../common/faults.js';

export interface InstagramServerOptions {
  /** Default 0 = a random free port. The server always listens on 127.0.0.1. */
  port?: number;
  /** How long a new container answers IN_PROGRESS before FINISHED; default 300 ms. */
  containerDelayMs?: number;
  /** content_publishing_limit config.quota_total: posts per 24 h; default 100. */
  quotaTotal?: number;
  // --- additions beyond the brief ---
  /** How long the server waits for an image_url before error 2207003; default 5000 ms. */
  fetchTimeoutMs?: number;
  /**
   * The app's "Valid OAuth Redirect URIs" (App Dashboard). Default: none
   * registered, and then any absolute URI is accepted, so tests need not know the
   * extension's redirect URL in advance.
   */
  redirectUris?: string[];
  /**
   * Shape of POST /oauth/access_token's answer. 'documented' (default) is what
   * the Business Login page shows: {"data":[{access_token, user_id: "…",
   * permissions: "a,b"}]}. 'flat' is what developers report the live endpoint
   * answering: {access_token, user_id: 1784…, permissions: ["a","b"]}. A client
   * should read both.
   */
  tokenResponseShape?: 'documented' | 'flat';
}

/** One image as the server fetched it from image_url. */
export interface StoredInstagramImage {
  /** The image_url the container was created with. */
  url: string;
  altText: string | null;
  /** Content-Type the image host answered with ('' when none); the bytes were sniffed, not trusted. */
  contentType: string;
  bytes: Buffer;
  /** Pixel size read from the JPEG frame header. */
  width: number;
  height: number;
}

export interface UserTag {
  username: string;
  x: number | null;
  y: number | null;
}

export interface StoredInstagramPost {
  /** IG Media id. */
  id: string;
  /** Instagram professional account id (the `user_id` of GET /me). */
  userId: string;
  mediaType: 'IMAGE' | 'CAROUSEL_ALBUM';
  caption: string | null;
  /** http://127.0.0.1:PORT/p/SHORTCODE/ (this origin serves www.instagram.com too). */
  permalink: string;
  shortcode: string;
  /** As the API writes it: 2019-09-26T22:36:43+0000. */
  timestamp: string;
  /** What the server fetched, in order (carousel children included). */
  images: StoredInstagramImage[];
  // --- additions beyond the brief ---
  username: string;
  /** The container that was published. */
  containerId: string;
  /** IG Media ids of the carousel children, in order; [] for an IMAGE. */
  childIds: string[];
  locationId: string | null;
  userTags: UserTag[];
}

export type ContainerStatusCode = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** An IG Container (POST /{ig-user-id}/media). */
export interface StoredContainer {
  id: string;
  userId: string;
  kind: 'IMAGE' | 'CAROUSEL';
  isCarouselItem: boolean;
  caption: string | null;
  altText: string | null;
  locationId: string | null;
  userTags: UserTag[];
  /** Container ids of a carousel's children, in order. */
  children: string[];
  /** The fetched image (IMAGE containers only). */
  image: StoredInstagramImage | null;
  /** ms since the epoch. */
  createdAt: number;
  /** When IN_PROGRESS turns FINISHED (createdAt + containerDelayMs). */
  readyAt: number;
  /** Set once the container reached a final state by itself (publish, expiry, failure). */
  outcome: 'PUBLISHED' | 'EXPIRED' | 'ERROR' | null;
  /** The error subcode shown in `status` when outcome is ERROR. */
  errorSubcode: number | null;
  /** IG Media id once published. */
  mediaId: string | null;
  /** The status_code a GET would answer now. */
  readonly status: ContainerStatusCode;
}

/**
 * The shared faults (common/faults.ts) plus Instagram's own. Here `rateLimitNext`
 * answers Graph's throttling error: HTTP 400, {"error":{"message":"(#4)
 * Application request limit reached","type":"OAuthException","is_transient":true,
 * "code":4,…}} — the code is `rateLimitCode`.
 */
export interface Faults extends SharedFaults {
  /** Next N POST …/media_publish: publish, then destroy the socket without answering. */
  dropConnectionAfterPublish: number;
  /** Code `rateLimitNext` answers with: 4 (app), 17 (user), 32 (page), 341 (app limit) or 613; default 4. */
  rateLimitCode: number;
  /** Next N requests carrying a token answer 190/460 (session invalidated), whatever the token. */
  invalidateTokenNext: number;
}

export type { RequestLogEntry };

export interface InstagramServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT' */
  host: string;
  /** The one Instagram app the server knows (Instagram App ID and secret). */
  app: { clientId: string; clientSecret: string };
  /** A professional (BUSINESS) account and a long-lived token issued now, with every permission. */
  createAccount(o: { username: string; name?: string }): { userId: string; token: string };
  /** A long-lived (60-day) token; ageMs: issued that long ago. */
  issueToken(userId: string, o?: { ageMs?: number }): string;
  /** As if `ms` had passed for this token (it gets older and nearer its expiry). */
  ageToken(token: string, ms: number): void;
  expireToken(token: string): void;
  /** As if the user removed the app: later use answers 190/458. */
  revokeToken(token: string): void;
  /** Who is signed in on the authorize page; default the first account created. */
  setOAuthUser(userId: string): void;
  /** Every published media, oldest first. */
  posts: StoredInstagramPost[];
  containers: Map<string, StoredContainer>;
  /** Log of every request answered, for assertions. */
  requests: RequestLogEntry[];
  faults: Faults;
  /**
   * Posts published in the current 24-hour window; settable (e.g. to 100 to hit
   * the limit). One counter serves every account, and it does not decay: a test
   * run lasts seconds, not a day.
   */
  quota: { used: number };
  /** What 24 hours do to an unpublished container: status EXPIRED, publish refused. */
  expireContainer(id: string): void;
  // --- additions beyond the brief ---
  /** Turns an unpublished container to status ERROR (default subcode 2207001, "Instagram server error"). */
  failContainer(id: string, subcode?: number): void;
  close(): Promise<void>;
}
