/**
 * Test-side operations (accounts, tokens, faults), used both by the JS API the
 * entry point returns and by the HTTP control surface, so another process (the
 * e2e runner, the demo sandbox) can drive a running server:
 *
 *   POST /__control/faults      JSON merged into `faults`, e.g. {"failWith503": 2}; answers the faults
 *   GET  /__control/faults      the current faults
 *   POST /__control/accounts    {"username": "alice", "displayName"?: "Alice"} → {"accountId", "token"}
 *   POST /__control/tokens      {"accountId", "scopes"?: "read write"} → {"token"}
 *   POST /__control/revoke      {"token"} → {}
 *   POST /__control/oauth-user  {"accountId"} → {} (who approves on /oauth/authorize)
 *   GET  /__control/statuses    the stored statuses as JSON (media without bytes)
 *   GET  /__control/requests    the request log
 *
 * The control surface is not delayed by faults.latencyMs and never faulted.
 * The faults and requests routes are common/control.ts.
 */
import { controlAction, sharedControl, stringParam } from '../common/control.js';
import { fail, json, ReplyError, type Params, type Reply } from './http.js';
import { issueToken as issue, personalApp } from './oauth.js';
import { SERVER_SCOPES, type Account, type Ctx } from './state.js';
import type { StoredMedia, StoredStatus } from './types.js';

const USERNAME_RE = /^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$/i;

export function createAccount(ctx: Ctx, opts: { username: string; displayName?: string | undefined }): { accountId: string; token: string } {
  if (!USERNAME_RE.test(opts.username ?? '')) throw new Error(`invalid username: ${JSON.stringify(opts.username)}`);
  if (ctx.store.accountByUsername(opts.username)) throw new Error(`username taken: ${opts.username}`);
  const account: Account = {
    id: ctx.store.newAccountId(),
    username: opts.username,
    displayName: opts.displayName ?? opts.username,
    note: '',
    createdAt: new Date().toISOString(),
  };
  ctx.store.accounts.set(account.id, account);
  return { accountId: account.id, token: issueToken(ctx, account.id) };
}

export function issueToken(ctx: Ctx, accountId: string, scopes = 'read write push'): string {
  if (!ctx.store.accounts.has(accountId)) throw new Error(`unknown account: ${accountId}`);
  const list = scopes.split(/\s+/).filter(Boolean);
  const unknown = list.filter((s) => !SERVER_SCOPES.includes(s));
  if (unknown.length) throw new Error(`unknown scopes: ${unknown.join(' ')}`);
  return issue(ctx, personalApp(ctx).id, accountId, list).token;
}

export function revokeToken(ctx: Ctx, token: string): void {
  const found = ctx.store.tokens.get(token);
  if (found) found.revoked = true;
}

export function setOAuthUser(ctx: Ctx, accountId: string): void {
  if (!ctx.store.accounts.has(accountId)) throw new Error(`unknown account: ${accountId}`);
  ctx.store.oauthUserId = accountId;
}

function withoutBytes(status: StoredStatus): Omit<StoredStatus, 'media'> & { media: Omit<StoredMedia, 'bytes'>[] } {
  return { ...status, media: status.media.map(({ bytes: _bytes, ...rest }) => rest) };
}

/** Answers a /__control/ request; errors in the input become 422 JSON. */
export function control(ctx: Ctx, method: string, path: string, params: Params): Reply {
  try {
    const action = controlAction(method, path);
    const shared = sharedControl(action, { faults: ctx.faults, requests: ctx.store.requests, ownCounter: 'dropConnectionAfterStatusStored' }, params);
    if (shared) return shared;
    switch (action) {
      case 'POST /__control/accounts': {
        const displayName = typeof params.displayName === 'string' ? params.displayName : undefined;
        return json(200, createAccount(ctx, { username: stringParam(params, 'username'), displayName }));
      }
      case 'POST /__control/tokens': {
        const scopes = typeof params.scopes === 'string' ? params.scopes : undefined;
        return json(200, { token: issueToken(ctx, stringParam(params, 'accountId'), scopes) });
      }
      case 'POST /__control/revoke':
        revokeToken(ctx, stringParam(params, 'token'));
        return json(200, {});
      case 'POST /__control/oauth-user':
        setOAuthUser(ctx, stringParam(params, 'accountId'));
        return json(200, {});
      case 'GET /__control/statuses':
        return json(200, ctx.store.statuses.map(withoutBytes));
      default:
        fail(404, 'Not found');
    }
  } catch (error) {
    if (error instanceof Error && !(error instanceof ReplyError)) fail(422, error.message);
    throw error;
  }
}
