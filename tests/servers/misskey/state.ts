/**
 * In-memory state of one server instance, ids, tokens, and the context handlers receive.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { findByUsername, type ServerContext } from '../common/context.js';
import { sharedDefaultFaults } from '../common/faults.js';
import type { Faults, MisskeyServerOptions, MisskeySoftware, RequestLogEntry, StoredDriveFile, StoredNote } from './types.js';

export interface Config {
  name: string;
  software: MisskeySoftware;
  version: string;
  maxNoteTextLength: number;
  /** Role policy maxFileSizeMb, in bytes. */
  maxFileSize: number;
  /** Role policy driveCapacityMb (Misskey's default 100), in bytes. */
  driveCapacity: number;
  /**
   * config.maxFileSize (meta.maxFileSize): @fastify/multipart's fileSize limit, past
   * which the upload is cut and answered 413 with no body. Misskey's default is 250 MB.
   */
  hardFileSizeLimit: number;
}

export function resolveConfig(opts: MisskeyServerOptions): Config {
  const maxFileSize = opts.maxFileSize ?? 30 * 1024 * 1024;
  return {
    name: opts.name ?? 'Local Misskey',
    software: opts.software ?? 'misskey',
    version: opts.version ?? '2025.4.0',
    maxNoteTextLength: opts.maxNoteTextLength ?? 3000,
    maxFileSize,
    driveCapacity: Math.max(100 * 1024 * 1024, maxFileSize),
    hardFileSizeLimit: Math.max(262_144_000, maxFileSize),
  };
}

export interface Account {
  id: string;
  username: string;
  name: string | null;
  /** The native token (what the web client sends as `i`); null once revoked. */
  nativeToken: string | null;
  createdAt: string;
  lastActiveAt: number | null;
}

export interface AccessToken {
  id: string;
  token: string;
  userId: string;
  permission: string[];
  /** MiAuth session the token was created for; null for tokens made otherwise. */
  session: string | null;
  /** POST /api/miauth/:session/check hands a token out only once. */
  fetched: boolean;
  name: string | null;
  iconUrl: string | null;
  createdAt: string;
}

/**
 * Every permission Misskey knows (misskey-js src/consts.ts `permissions`, 2025.4).
 * MiAuth drops requested permissions that are not in this list.
 */
export const PERMISSIONS = [
  'read:account', 'write:account', 'read:blocks', 'write:blocks', 'read:drive', 'write:drive',
  'read:favorites', 'write:favorites', 'read:following', 'write:following', 'read:messaging', 'write:messaging',
  'read:mutes', 'write:mutes', 'write:notes', 'read:notifications', 'write:notifications', 'read:reactions',
  'write:reactions', 'write:votes', 'read:pages', 'write:pages', 'write:page-likes', 'read:page-likes',
  'read:user-groups', 'write:user-groups', 'read:channels', 'write:channels', 'read:gallery', 'write:gallery',
  'read:gallery-likes', 'write:gallery-likes', 'read:flash', 'write:flash', 'read:flash-likes', 'write:flash-likes',
  'read:admin:abuse-user-reports', 'write:admin:delete-account', 'write:admin:delete-all-files-of-a-user',
  'read:admin:index-stats', 'read:admin:table-stats', 'read:admin:user-ips', 'read:admin:meta',
  'write:admin:reset-password', 'write:admin:resolve-abuse-user-report', 'write:admin:send-email',
  'read:admin:server-info', 'read:admin:show-moderation-log', 'read:admin:show-user', 'write:admin:suspend-user',
  'write:admin:unset-user-avatar', 'write:admin:unset-user-banner', 'write:admin:unsuspend-user', 'write:admin:meta',
  'write:admin:user-note', 'write:admin:roles', 'read:admin:roles', 'write:admin:relays', 'read:admin:relays',
  'write:admin:invite-codes', 'read:admin:invite-codes', 'write:admin:announcements', 'read:admin:announcements',
  'write:admin:avatar-decorations', 'read:admin:avatar-decorations', 'write:admin:federation', 'write:admin:account',
  'read:admin:account', 'write:admin:emoji', 'read:admin:emoji', 'write:admin:queue', 'read:admin:queue',
  'write:admin:promo', 'write:admin:drive', 'read:admin:drive', 'write:admin:ad', 'read:admin:ad',
  'write:invite-codes', 'read:invite-codes', 'write:clip-favorite', 'read:clip-favorite', 'read:federation',
  'write:report-abuse', 'read:chat', 'write:chat',
] as const;

const LU_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** misc/secure-rndstr.ts: native user tokens are 16 characters, app tokens 32. */
export function secureRndstr(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LU_CHARS[randomInt(LU_CHARS.length)];
  return out;
}

/** common/is-native-token.ts */
export function isNativeUserToken(token: string): boolean {
  return token.length === 16;
}

const TIME2000 = 946_684_800_000;

/**
 * Misskey's default id method "aidx" (misc/id/aidx.ts): 8 base36 digits of ms
 * since 2000-01-01, 4 of node id, 4 of a counter. Lexical order is time order;
 * the clock is never allowed to go backwards so ids stay strictly increasing.
 */
export class AidxGenerator {
  private readonly node = randomBytes(4).readUInt32BE(0).toString(36).padStart(4, '0').slice(-4);
  private counter = 0;
  private lastTime = 0;

  gen(time = Date.now()): string {
    const t = Math.max(time, this.lastTime);
    this.counter = (this.counter + 1) % 36 ** 4;
    // A wrapped counter within the same millisecond would sort backwards: move on one ms.
    const at = this.counter === 0 && t === this.lastTime ? t + 1 : t;
    this.lastTime = at;
    const timePart = Math.max(0, at - TIME2000).toString(36).padStart(8, '0').slice(-8);
    return timePart + this.node + this.counter.toString(36).padStart(4, '0');
  }
}

export function parseAidx(id: string): Date {
  return new Date(parseInt(id.slice(0, 8), 36) + TIME2000);
}

export class Store {
  accounts = new Map<string, Account>();
  /** App tokens (MiAuth, issueToken), by token string. */
  tokens = new Map<string, AccessToken>();
  notes: StoredNote[] = [];
  files = new Map<string, StoredDriveFile>();
  requests: RequestLogEntry[] = [];
  miauthUserId: string | null = null;
  ids = new AidxGenerator();

  findNote(id: string): StoredNote | undefined {
    return this.notes.find((n) => n.id === id);
  }

  accountByUsername(username: string): Account | undefined {
    return findByUsername(this.accounts.values(), username);
  }

  accountByNativeToken(token: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.nativeToken === token) return a;
    return undefined;
  }

  fileByAccessKey(key: string): { file: StoredDriveFile; thumbnail: boolean } | undefined {
    for (const file of this.files.values()) {
      if (file.accessKey === key) return { file, thumbnail: false };
      if (file.thumbnailAccessKey === key) return { file, thumbnail: true };
    }
    return undefined;
  }

  notesCount(userId: string): number {
    return this.notes.filter((n) => n.userId === userId).length;
  }
}

export function defaultFaults(): Faults {
  return { dropConnectionAfterNoteStored: 0, redirectApiTo: '', slowNoteCreateMs: 0, ...sharedDefaultFaults() };
}

/** What every handler gets: settings, state, and the address once listening. */
export type Ctx = ServerContext<Config, Store, Faults>;
