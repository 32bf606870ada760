/**
 * Public types of the local Misskey test server. Re-exported by
 * tests/servers/misskey.ts, which is the entry point other code imports.
 */
import type { RequestLogEntry, SharedFaults } from '../common/faults.js';

export type MisskeySoftware = 'misskey' | 'sharkey' | 'firefish' | 'iceshrimp';

export type NoteVisibility = 'public' | 'home' | 'followers' | 'specified';

export interface MisskeyServerOptions {
  /** Default 0 = a random free port. The server always listens on 127.0.0.1. */
  port?: number;
  /** meta.name / NodeInfo metadata.nodeName; default 'Local Misskey'. */
  name?: string;
  /**
   * NodeInfo software.name; default 'misskey'. 'sharkey' also switches the
   * rate-limit answers to Sharkey's shape (LimitInfo in `info`, X-RateLimit-* headers).
   */
  software?: MisskeySoftware;
  /** Default '2025.4.0'. */
  version?: string;
  /**
   * Default 3000 (Misskey's MAX_NOTE_TEXT_LENGTH). Enforced on `text` by the
   * endpoint's JSON schema, counted in code points as Ajv's maxLength does.
   */
  maxNoteTextLength?: number;
  /**
   * Largest drive file a user may upload, in bytes; default 30 MiB. Exposed as
   * the role policy `maxFileSizeMb`; a bigger upload answers 413 MAX_FILE_SIZE_EXCEEDED.
   */
  maxFileSize?: number;
}

export interface StoredDriveFile {
  id: string;
  userId: string;
  /** Stored name, extension corrected from the sniffed type (`picture` → `picture.png`). */
  name: string;
  /** MIME type from the bytes (file-type), never from the declared Content-Type. */
  type: string;
  size: number;
  comment: string | null;
  isSensitive: boolean;
  url: string;
  bytes: Buffer;
  md5: string;
  createdAt: string;
  // --- additions beyond the brief ---
  /** Thumbnail URL for images, null otherwise. */
  thumbnailUrl: string | null;
  /** `/files/<accessKey>` serves the bytes. */
  accessKey: string;
  thumbnailAccessKey: string | null;
  width: number | null;
  height: number | null;
  blurhash: string | null;
  folderId: string | null;
}

export interface StoredPoll {
  choices: string[];
  multiple: boolean;
  expiresAt: string | null;
}

export interface StoredNote {
  id: string;
  userId: string;
  text: string | null;
  cw: string | null;
  visibility: NoteVisibility;
  localOnly: boolean;
  replyId: string | null;
  fileIds: string[];
  files: StoredDriveFile[];
  /** Web page of the note: `${origin}/notes/${id}` (the API entity has no url for local notes). */
  url: string;
  uri?: string;
  createdAt: string;
  // --- additions beyond the brief ---
  renoteId: string | null;
  visibleUserIds: string[];
  poll: StoredPoll | null;
  reactionAcceptance: string | null;
  /** Name of the MiAuth app whose token posted it; null for native (web) tokens. */
  appName: string | null;
}

/**
 * The shared faults (common/faults.ts) plus Misskey's own counter. Here
 * `rateLimitNext` answers 429 RATE_LIMIT_EXCEEDED with `info` and Retry-After, as
 * the rate limiter does (Sharkey's shape and headers with software 'sharkey').
 */
export interface Faults extends SharedFaults {
  /** Next N notes/create: store the note, then destroy the socket without answering. */
  dropConnectionAfterNoteStored: number;
  /**
   * Every /api/ request answers 307 to the same path at this origin ('' for none): a server moved, or
   * whatever stands in front of it pointing elsewhere. A 307 asks for the same body again (the token
   * in it included). Set by tests directly, not over /__control.
   */
  redirectApiTo: string;
  /** notes/create waits this long before it stores the note and answers (0: at once). Tests set it directly. */
  slowNoteCreateMs: number;
}

export type { RequestLogEntry };

export interface MisskeyServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** '127.0.0.1:PORT' */
  host: string;
  /** Every note stored, in order (deleted ones removed). */
  notes: StoredNote[];
  files: Map<string, StoredDriveFile>;
  /** Log of every request answered, for assertions. */
  requests: RequestLogEntry[];
  /**
   * A user and their native token (16 characters, like the web client's `i`):
   * not an app token, so no permission check applies to it.
   */
  createAccount(opts: { username: string; name?: string | undefined }): { userId: string; token: string };
  /** An app access token with these permissions (default: every permission Misskey knows). */
  issueToken(userId: string, permissions?: string[]): string;
  /** The token is deleted: later use answers 401 AUTHENTICATION_FAILED. */
  revokeToken(token: string): void;
  /** Who is signed in on the MiAuth page; default the first account created. */
  setMiAuthUser(userId: string): void;
  faults: Faults;
  close(): Promise<void>;
}
