/**
 * Test-side operations (accounts, tokens, faults), used both by the JS API the
 * entry point returns and by the HTTP control surface, so another process (the
 * e2e runner, the demo sandbox) can drive a running server:
 *
 *   POST /__control/faults       JSON merged into `faults`, e.g. {"failWith503": 2}; answers the faults
 *   GET  /__control/faults       the current faults
 *   POST /__control/accounts     {"username": "alice", "name"?: "Alice"} → {"userId", "token"}
 *   POST /__control/tokens       {"userId", "permissions"?: ["write:notes"]} → {"token"}
 *   POST /__control/revoke       {"token"} → {}
 *   POST /__control/miauth-user  {"userId"} → {} (who approves on /miauth/:session)
 *   GET  /__control/notes        the stored notes as JSON (files without bytes)
 *   GET  /__control/files        the drive files as JSON (without bytes)
 *   GET  /__control/requests     the request log
 *
 * The control surface is not delayed by faults.latencyMs and never faulted.
 * Bad input answers 422 {"error": "..."}. The faults and requests routes are
 * common/control.ts.
 */
import { answerControl, ControlError, sharedControl, stringParam } from '../common/control.js';
import { json, type Reply } from './http.js';
import { genToken } from './auth.js';
import { PERMISSIONS, secureRndstr, type Account, type Ctx } from './state.js';
import type { StoredDriveFile, StoredNote } from './types.js';

// Misskey's username rule (models/User.ts localUsernameSchema): 1–20 of [a-zA-Z0-9_].
const USERNAME_RE = /^\w{1,20}$/;

export function createAccount(ctx: Ctx, opts: { username: string; name?: string | undefined }): { userId: string; token: string } {
  if (!USERNAME_RE.test(opts.username ?? '')) throw new ControlError(`invalid username: ${JSON.stringify(opts.username)}`);
  if (ctx.store.accountByUsername(opts.username)) throw new ControlError(`username taken: ${opts.username}`);
  const now = Date.now();
  const account: Account = {
    id: ctx.store.ids.gen(now),
    username: opts.username,
    name: opts.name ?? null,
    nativeToken: secureRndstr(16),
    createdAt: new Date(now).toISOString(),
    lastActiveAt: null,
  };
  ctx.store.accounts.set(account.id, account);
  return { userId: account.id, token: account.nativeToken! };
}

export function issueToken(ctx: Ctx, userId: string, permissions: string[] = [...PERMISSIONS]): string {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  const unknown = permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknown.length) throw new ControlError(`unknown permissions: ${unknown.join(', ')}`);
  return genToken(ctx, userId, { session: null, name: 'Test token', iconUrl: null, permission: permissions }).token;
}

/** Deletes an app token, or regenerates the user's native token (i/regenerate-token). */
export function revokeToken(ctx: Ctx, token: string): void {
  ctx.store.tokens.delete(token);
  const owner = ctx.store.accountByNativeToken(token);
  if (owner) owner.nativeToken = null;
}

export function setMiAuthUser(ctx: Ctx, userId: string): void {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  ctx.store.miauthUserId = userId;
}

function fileWithoutBytes({ bytes: _bytes, ...rest }: StoredDriveFile): Omit<StoredDriveFile, 'bytes'> {
  return rest;
}

function noteWithoutBytes(note: StoredNote): Omit<StoredNote, 'files'> & { files: Omit<StoredDriveFile, 'bytes'>[] } {
  return { ...note, files: note.files.map(fileWithoutBytes) };
}

/** Answers a /__control/ request. */
export function control(ctx: Ctx, method: string, path: string, body: Buffer): Reply {
  return answerControl(method, path, body, (action, params) => {
    const shared = sharedControl(action, { faults: ctx.faults, requests: ctx.store.requests, ownCounter: 'dropConnectionAfterNoteStored' }, params);
    if (shared) return shared;
    switch (action) {
      case 'POST /__control/accounts': {
        const name = typeof params.name === 'string' ? params.name : undefined;
        return json(200, createAccount(ctx, { username: stringParam(params, 'username'), name }));
      }
      case 'POST /__control/tokens': {
        const permissions = params.permissions;
        if (permissions !== undefined && !(Array.isArray(permissions) && permissions.every((p) => typeof p === 'string'))) {
          throw new ControlError('permissions must be an array of strings');
        }
        return json(200, { token: issueToken(ctx, stringParam(params, 'userId'), permissions as string[] | undefined) });
      }
      case 'POST /__control/revoke':
        revokeToken(ctx, stringParam(params, 'token'));
        return json(200, {});
      case 'POST /__control/miauth-user':
        setMiAuthUser(ctx, stringParam(params, 'userId'));
        return json(200, {});
      case 'GET /__control/notes':
        return json(200, ctx.store.notes.map(noteWithoutBytes));
      case 'GET /__control/files':
        return json(200, [...ctx.store.files.values()].map(fileWithoutBytes));
      default:
        return json(404, { error: 'Not found' });
    }
  });
}
