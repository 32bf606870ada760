/**
 * Public types of the local Threads test server. Re-exported by
 * tests/servers/threads/index.ts, which is the entry point other code imports.
 */
import type { RequestLogEntry, SharedFaults } from '../common/faults.js';

export interface ThreadsServerOptions {
  /** Default 0 = a random free port. The server always listens on 127.0.0.1. */
  port?: number;
  /**
   * How long a container stays IN_PROGRESS before FINISHED (or ERROR), TEXT ones
   * included; default 300 ms. An IMAGE container also waits for its image fetch.
   */
  containerDelayMs?: number;
  /** Posts per (not rolling, see `quota`) 24 h; default 250, the documented figure. */
  quotaTotal?: number;
  /** Replies per 24 h; default 1000, the documented figure. */
  replyQuotaTotal?: number;
  // --- additions beyond the brief ---
  /**
   * The app's "Valid OAuth Redirect URIs". When given, /oauth/authorize and
   * /oauth/access_token accept only these (exact match, as the docs require).
   * Default: any absolute http(s) URI, so tests need not know the extension's id.
   */
  redirectUris?: string[];
  /** How long the server waits for an image_url before the container fails; default 5000 ms. */
  imageFetchTimeoutMs?: number;
}

export type ThreadsMediaType = 'TEXT' | 'IMAGE' | 'CAROUSEL';

/** GET /{container-id}?fields=status (https://developers.facebook.com/docs/threads/troubleshooting). */
export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** One `text_entities` entry as the client sent it (JSON-parsed, not normalised). */
export interface ThreadsTextEntity {
  entity_type: string;
  offset: number;
  length: number;
}

/** An image the server fetched from an `image_url`, as Meta's crawler would. */
export interface StoredThreadsImage {
  /** The `image_url` the client gave. */
  url: string;
  altText: string | null;
  /** 'image/jpeg' | 'image/png', sniffed from the bytes (never the Content-Type header). */
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
}

export interface StoredThreadsPost {
  id: string;
  userId: string;
  mediaType: ThreadsMediaType;
  /** '' when the post has no text (an image or carousel alone). */
  text: string;
  textEntities: ThreadsTextEntity[];
  isSpoilerMedia: boolean;
  replyToId: string | null;
  permalink: string;
  shortcode: string;
  /** ISO 8601 as Threads writes it: 2024-09-12T23:17:39+0000. */
  timestamp: string;
  /** Fetched images in order (a carousel's children included). */
  images: StoredThreadsImage[];
  // --- additions beyond the brief ---
  username: string;
  /** The container that was published. */
  containerId: string;
  /** The first post of the reply chain (itself when not a reply). */
  rootPostId: string;
  quotePostId: string | null;
  linkAttachment: string | null;
  topicTag: string | null;
  /** reply_control as sent ('everyone' when absent). */
  replyControl: string;
  /** Media ids of a carousel's children (GET /{id}?fields=children). */
  childIds: string[];
}

export interface StoredThreadsContainer {
  id: string;
  userId: string;
  /** media_type as sent (VIDEO is refused at creation, so never stored). */
  mediaType: ThreadsMediaType;
  status: ContainerStatus;
  /** The documented `error_message` once status is ERROR, else null. */
  errorMessage: string | null;
  /** Why it failed, in words (not part of the API; for test assertions). */
  errorReason: string | null;
  isCarouselItem: boolean;
  text: string;
  textEntities: ThreadsTextEntity[];
  isSpoilerMedia: boolean;
  imageUrl: string | null;
  altText: string | null;
  /** Child container ids of a CAROUSEL, in order. */
  children: string[];
  replyToId: string | null;
  quotePostId: string | null;
  linkAttachment: string | null;
  topicTag: string | null;
  replyControl: string;
  /** The fetched image, once the fetch succeeded. */
  image: StoredThreadsImage | null;
  createdAt: string;
  /** The post it became, once published. */
  publishedPostId: string | null;
}

/**
 * The shared faults (common/faults.ts) plus the Threads server's own. Here
 * `rateLimitNext` answers Graph's throttling error with code `rateLimitCode`
 * (see server.ts for the shapes and statuses).
 */
export interface Faults extends SharedFaults {
  /** Next N threads_publish: commit the post, then destroy the socket without answering. */
  dropConnectionAfterPublish: number;
  /** Which throttling error rateLimitNext answers: 4 (app), 17 (user) or 341 (app limit). Default 4. */
  rateLimitCode: number;
  /** Next N threads_publish answer the spam block (code 4, subcode 2207051). */
  spamBlockNext: number;
  /** Next N threads_publish answer the restricted-user error (subcode 4279013). */
  restrictedNext: number;
  /** Next N containers end in ERROR (error_message UNKNOWN) whatever their content. */
  containerErrorNext: number;
}

export type { RequestLogEntry };

export interface ThreadsServer {
  /** 'http://127.0.0.1:PORT' (both graph.threads.net and threads.net live here). */
  url: string;
  /** '127.0.0.1:PORT' */
  host: string;
  /** The one Meta app the server knows. */
  app: { clientId: string; clientSecret: string; name: string; redirectUris: string[] };
  /** Every published post, oldest first (a DELETE removes it). */
  posts: StoredThreadsPost[];
  /** Every container ever created, oldest first. */
  containers: StoredThreadsContainer[];
  /** Log of every request answered, for assertions. */
  requests: RequestLogEntry[];
  faults: Faults;
  /**
   * Publishing usage: what threads_publishing_limit reports and threads_publish
   * enforces. One counter for the whole server (tests use one account at a time),
   * never decaying; assign to simulate a quota nearly used up.
   */
  get quota(): { used: number; repliesUsed: number };
  set quota(value: Partial<{ used: number; repliesUsed: number }>);
  /** A Threads user and a long-lived (60-day) token issued now. */
  createAccount(o: { username: string; name?: string | undefined; biography?: string | undefined }): { userId: string; token: string };
  /** Another long-lived token, optionally issued `ageMs` ago (its expiry moves back too). */
  issueToken(userId: string, o?: { ageMs?: number | undefined; scopes?: string[] | undefined }): string;
  /** As if `ms` passed for this token: its issue time and expiry move back. */
  ageToken(token: string, ms: number): void;
  expireToken(token: string): void;
  /** As if the user removed the app: later use answers 190. */
  revokeToken(token: string): void;
  /** Who is signed in on the authorize page; default the first account created. */
  setOAuthUser(userId: string): void;
  /** What 24 hours do to an unpublished container: status EXPIRED. */
  expireContainer(id: string): void;
  close(): Promise<void>;
}
