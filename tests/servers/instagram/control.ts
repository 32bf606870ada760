/**
 * Test-side operations (accounts, tokens, time, containers, faults), used both by
 * the JS API the entry point returns and by the HTTP control surface, so another
 * process (the e2e runner, the demo sandbox) can drive a running server:
 *
 *   POST /__control/faults            JSON merged into `faults`, e.g. {"rateLimitNext": 1, "rateLimitCode": 17}
 *   GET  /__control/faults            the current faults
 *   GET  /__control/app               {"clientId", "clientSecret"}
 *   POST /__control/accounts          {"username": "alice", "name"?: "Alice"} → {"userId", "token"}
 *   POST /__control/tokens            {"userId", "ageMs"?: 90000000} → {"token"} (long-lived)
 *   POST /__control/age-token         {"token", "ms"} → {}
 *   POST /__control/expire-token      {"token"} → {}
 *   POST /__control/revoke            {"token"} → {}
 *   POST /__control/oauth-user        {"userId"} → {} (who is signed in on /oauth/authorize)
 *   GET  /__control/quota             {"used", "total"};  POST {"used": 100} sets it
 *   POST /__control/expire-container  {"id"} → {}
 *   POST /__control/fail-container    {"id", "subcode"?: 2207001} → {}
 *   GET  /__control/posts             the published posts as JSON (images without bytes)
 *   GET  /__control/containers        the containers as JSON (images without bytes)
 *   GET  /__control/requests          the request log
 *
 * The control surface is not delayed by faults.latencyMs and never faulted.
 * Bad input answers 422 {"error": "..."}. The faults and requests routes are
 * shaped as in common/control.ts.
 */
import { answerControl, ControlError, sharedControl, stringParam } from '../common/control.js';
import { SHARED_FAULT_TYPES } from '../common/faults.js';
import { issueAccessToken } from './auth.js';
import { json, type Reply } from './http.js';
import { PERMISSIONS, type Account, type Ctx } from './state.js';
import type { Faults, StoredContainer, StoredInstagramImage, StoredInstagramPost } from './types.js';

// Instagram usernames: letters, digits, periods and underscores, at most 30.
const USERNAME_RE = /^(?!.*\.\.)(?!\.)[A-Za-z0-9._]{1,30}(?<!\.)$/;

export function createAccount(ctx: Ctx, opts: { username: string; name?: string | undefined }): { userId: string; token: string } {
  if (!USERNAME_RE.test(opts.username ?? '')) throw new ControlError(`invalid username: ${JSON.stringify(opts.username)}`);
  if (ctx.store.accountByUsername(opts.username)) throw new ControlError(`username taken: ${opts.username}`);
  const account: Account = {
    userId: ctx.store.newUserId(),
    appScopedId: ctx.store.newAppScopedId(),
    username: opts.username,
    name: opts.name ?? opts.username,
    accountType: 'BUSINESS',
    createdAt: Date.now(),
  };
  ctx.store.accounts.set(account.userId, account);
  return { userId: account.userId, token: issueToken(ctx, account.userId) };
}

export function issueToken(ctx: Ctx, userId: string, opts: { ageMs?: number | undefined } = {}): string {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  const ageMs = opts.ageMs ?? 0;
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new ControlError('ageMs must be a number ≥ 0');
  return issueAccessToken(ctx, userId, 'long', [...PERMISSIONS], Date.now() - ageMs).token;
}

function knownToken(ctx: Ctx, token: string) {
  const found = ctx.store.tokens.get(token);
  if (!found) throw new ControlError('unknown token');
  return found;
}

export function ageToken(ctx: Ctx, token: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new ControlError('ms must be a number');
  const found = knownToken(ctx, token);
  found.issuedAt -= ms;
  found.expiresAt -= ms;
}

export function expireToken(ctx: Ctx, token: string): void {
  const found = knownToken(ctx, token);
  found.expiresAt = Math.min(found.expiresAt, Date.now() - 1000);
}

export function revokeToken(ctx: Ctx, token: string): void {
  const found = ctx.store.tokens.get(token);
  if (found) found.revoked = true;
}

export function setOAuthUser(ctx: Ctx, userId: string): void {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  ctx.store.oauthUserId = userId;
}

function knownContainer(ctx: Ctx, id: string): StoredContainer {
  const found = ctx.store.containers.get(id);
  if (!found) throw new ControlError(`unknown container: ${id}`);
  return found;
}

export function expireContainer(ctx: Ctx, id: string): void {
  const container = knownContainer(ctx, id);
  if (container.status !== 'PUBLISHED') container.outcome = 'EXPIRED';
}

export function failContainer(ctx: Ctx, id: string, subcode = 2207001): void {
  const container = knownContainer(ctx, id);
  if (container.status === 'PUBLISHED') throw new ControlError(`container ${id} is already published`);
  container.outcome = 'ERROR';
  container.errorSubcode = subcode;
}

const FAULT_TYPES: Record<keyof Faults, 'number' | 'boolean'> = {
  ...SHARED_FAULT_TYPES,
  dropConnectionAfterPublish: 'number',
  rateLimitCode: 'number',
  invalidateTokenNext: 'number',
};

/** Checks every key against the known faults before merging any (Instagram has three of its own). */
export function mergeFaults(faults: Faults, patch: Record<string, unknown>): Faults {
  for (const [key, value] of Object.entries(patch)) {
    const type = FAULT_TYPES[key as keyof Faults];
    if (!type) throw new ControlError(`unknown fault: ${key}`);
    if (typeof value !== type) throw new ControlError(`fault ${key} must be a ${type}`);
  }
  return Object.assign(faults, patch);
}

function imageWithoutBytes({ bytes, ...rest }: StoredInstagramImage): Omit<StoredInstagramImage, 'bytes'> & { size: number } {
  return { ...rest, size: bytes.length };
}

function postWithoutBytes(post: StoredInstagramPost) {
  return { ...post, images: post.images.map(imageWithoutBytes) };
}

function containerWithoutBytes(c: StoredContainer) {
  return { ...c, status: c.status, image: c.image && imageWithoutBytes(c.image) };
}

function numberParam(params: Record<string, unknown>, key: string): number {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControlError(`${key} must be a number`);
  return value;
}

/** Answers a /__control/ request. */
export function control(ctx: Ctx, method: string, path: string, body: Buffer): Reply {
  return answerControl(method, path, body, (action, params) => {
    // Instagram's faults are merged here (the shared merge knows one own counter only).
    if (action === 'POST /__control/faults') return json(200, mergeFaults(ctx.faults, params));
    const shared = sharedControl(action, { faults: ctx.faults, requests: ctx.store.requests, ownCounter: 'dropConnectionAfterPublish' }, params);
    if (shared) return shared;
    switch (action) {
      case 'GET /__control/app':
        return json(200, { clientId: ctx.store.app.clientId, clientSecret: ctx.store.app.clientSecret });
      case 'POST /__control/accounts': {
        const name = typeof params.name === 'string' ? params.name : undefined;
        return json(200, createAccount(ctx, { username: stringParam(params, 'username'), name }));
      }
      case 'POST /__control/tokens': {
        const ageMs = params.ageMs === undefined ? undefined : numberParam(params, 'ageMs');
        return json(200, { token: issueToken(ctx, stringParam(params, 'userId'), { ageMs }) });
      }
      case 'POST /__control/age-token':
        ageToken(ctx, stringParam(params, 'token'), numberParam(params, 'ms'));
        return json(200, {});
      case 'POST /__control/expire-token':
        expireToken(ctx, stringParam(params, 'token'));
        return json(200, {});
      case 'POST /__control/revoke':
        revokeToken(ctx, stringParam(params, 'token'));
        return json(200, {});
      case 'POST /__control/oauth-user':
        setOAuthUser(ctx, stringParam(params, 'userId'));
        return json(200, {});
      case 'GET /__control/quota':
        return json(200, { used: ctx.store.quota.used, total: ctx.cfg.quotaTotal });
      case 'POST /__control/quota':
        ctx.store.quota.used = numberParam(params, 'used');
        return json(200, { used: ctx.store.quota.used, total: ctx.cfg.quotaTotal });
      case 'POST /__control/expire-container':
        expireContainer(ctx, stringParam(params, 'id'));
        return json(200, {});
      case 'POST /__control/fail-container':
        failContainer(ctx, stringParam(params, 'id'), params.subcode === undefined ? undefined : numberParam(params, 'subcode'));
        return json(200, {});
      case 'GET /__control/posts':
        return json(200, ctx.store.posts.map(postWithoutBytes));
      case 'GET /__control/containers':
        return json(200, [...ctx.store.containers.values()].map(containerWithoutBytes));
      default:
        return json(404, { error: 'Not found' });
    }
  });
}
