/**
 * Test-side operations (accounts, tokens, time, containers, faults), used both by
 * the JS API the entry point returns and by the HTTP control surface, so another
 * process (the e2e runner, the demo sandbox) can drive a running server:
 *
 *   GET  /__control/faults             the current faults
 *   POST /__control/faults             JSON merged into `faults`, e.g. {"failWith503": 2}; answers the faults
 *   POST /__control/accounts           {"username", "name"?, "biography"?} → {"userId", "token"}
 *   POST /__control/tokens             {"userId", "ageMs"?, "scopes"?} → {"token"}
 *   POST /__control/age-token          {"token", "ms"} → {}
 *   POST /__control/expire-token       {"token"} → {}
 *   POST /__control/revoke             {"token"} → {}
 *   POST /__control/oauth-user         {"userId"} → {} (who is signed in on /oauth/authorize)
 *   POST /__control/expire-container   {"id"} → {}
 *   GET  /__control/app                {"clientId", "clientSecret", "name", "redirectUris"}
 *   GET  /__control/quota              {"used", "repliesUsed"}; POST merges the same keys
 *   GET  /__control/posts              the published posts (image bytes left out, their size given)
 *   GET  /__control/containers         every container (image bytes left out)
 *   GET  /__control/requests           the request log
 *
 * The control surface is not delayed by faults.latencyMs and never faulted. Bad
 * input answers 422 {"error": "..."}. The faults and requests routes are common/control.ts.
 */
import { answerControl, ControlError, mergeFaults, sharedControl, stringParam } from '../common/control.js';
import { SHARED_FAULT_TYPES } from '../common/faults.js';
import { expireContainer as expire } from './containers.js';
import { json, type Reply } from './http.js';
import { issueToken as issue } from './oauth.js';
import { KNOWN_SCOPES, type Account, type Ctx } from './state.js';
import type { Faults, StoredThreadsContainer, StoredThreadsImage, StoredThreadsPost } from './types.js';

/** Instagram's (hence Threads') username rule: up to 30 letters, digits, periods and underscores. */
const USERNAME_RE = /^[A-Za-z0-9._]{1,30}$/;

export function createAccount(ctx: Ctx, o: { username: string; name?: string | undefined; biography?: string | undefined }): { userId: string; token: string } {
  if (!USERNAME_RE.test(o.username ?? '')) throw new ControlError(`invalid username: ${JSON.stringify(o.username)}`);
  if (ctx.store.accountByUsername(o.username)) throw new ControlError(`username taken: ${o.username}`);
  const account: Account = { id: ctx.store.newUserId(), username: o.username, name: o.name ?? o.username, biography: o.biography ?? '' };
  ctx.store.accounts.set(account.id, account);
  return { userId: account.id, token: issueToken(ctx, account.id) };
}

/** A long-lived token with every permission (or `scopes`), issued `ageMs` ago. */
export function issueToken(ctx: Ctx, userId: string, o: { ageMs?: number | undefined; scopes?: string[] | undefined } = {}): string {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  const scopes = o.scopes ?? KNOWN_SCOPES;
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
  if (unknown.length) throw new ControlError(`unknown scopes: ${unknown.join(', ')}`);
  const ageMs = o.ageMs ?? 0;
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new ControlError('ageMs must be a non-negative number');
  return issue(ctx, userId, 'long', scopes, Date.now() - ageMs).token;
}

function findToken(ctx: Ctx, token: string) {
  const found = ctx.store.tokens.get(token);
  if (!found) throw new ControlError('unknown token');
  return found;
}

/** As if `ms` passed for this token alone: issue time and expiry both move back. */
export function ageToken(ctx: Ctx, token: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new ControlError('ms must be a non-negative number');
  const found = findToken(ctx, token);
  found.issuedAt -= ms;
  found.expiresAt -= ms;
}

export function expireToken(ctx: Ctx, token: string): void {
  const found = findToken(ctx, token);
  found.expiresAt = Math.min(found.expiresAt, Date.now() - 1000);
}

export function revokeToken(ctx: Ctx, token: string): void {
  findToken(ctx, token).revoked = true;
}

export function setOAuthUser(ctx: Ctx, userId: string): void {
  if (!ctx.store.accounts.has(userId)) throw new ControlError(`unknown user: ${userId}`);
  ctx.store.oauthUserId = userId;
}

export function expireContainer(ctx: Ctx, id: string): void {
  if (!ctx.store.findContainer(id)) throw new ControlError(`unknown container: ${id}`);
  expire(ctx, id);
}

/** The server's own faults beyond the shared ones, with their JS types. */
const OWN_FAULTS: Record<Exclude<keyof Faults, keyof typeof SHARED_FAULT_TYPES | 'dropConnectionAfterPublish'>, 'number'> = {
  rateLimitCode: 'number',
  spamBlockNext: 'number',
  restrictedNext: 'number',
  containerErrorNext: 'number',
};

/** Checks every key before merging any: ours here, the shared ones and the drop counter in mergeFaults. */
function mergeAllFaults(faults: Faults, patch: Record<string, unknown>): Faults {
  const shared: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key in OWN_FAULTS) {
      if (typeof value !== 'number') throw new ControlError(`fault ${key} must be a number`);
      if (key === 'rateLimitCode' && ![4, 17, 341].includes(value)) throw new ControlError('fault rateLimitCode must be 4, 17 or 341');
      own[key] = value;
    } else {
      shared[key] = value;
    }
  }
  mergeFaults(faults, shared, 'dropConnectionAfterPublish');
  return Object.assign(faults, own);
}

function imageWithoutBytes({ bytes, ...rest }: StoredThreadsImage) {
  return { ...rest, size: bytes.length };
}

function postWithoutBytes(post: StoredThreadsPost) {
  return { ...post, images: post.images.map(imageWithoutBytes) };
}

function containerWithoutBytes(c: StoredThreadsContainer) {
  return { ...c, image: c.image ? imageWithoutBytes(c.image) : null };
}

function numberParam(params: Record<string, unknown>, key: string): number {
  const value = params[key];
  if (typeof value !== 'number') throw new ControlError(`${key} must be a number`);
  return value;
}

function optional<T>(params: Record<string, unknown>, key: string, type: 'string' | 'number'): T | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new ControlError(`${key} must be a ${type}`);
  return value as T;
}

/** Answers a /__control/ request. */
export function control(ctx: Ctx, method: string, path: string, body: Buffer): Reply {
  return answerControl(method, path, body, (action, params) => {
    if (action === 'POST /__control/faults') return json(200, mergeAllFaults(ctx.faults, params));
    const shared = sharedControl(action, { faults: ctx.faults, requests: ctx.store.requests, ownCounter: 'dropConnectionAfterPublish' }, params);
    if (shared) return shared;
    switch (action) {
      case 'POST /__control/accounts':
        return json(
          200,
          createAccount(ctx, { username: stringParam(params, 'username'), name: optional(params, 'name', 'string'), biography: optional(params, 'biography', 'string') }),
        );
      case 'POST /__control/tokens': {
        const scopes = params.scopes;
        if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))) throw new ControlError('scopes must be an array of strings');
        return json(200, { token: issueToken(ctx, stringParam(params, 'userId'), { ageMs: optional(params, 'ageMs', 'number'), scopes: scopes as string[] | undefined }) });
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
      case 'POST /__control/expire-container':
        expireContainer(ctx, stringParam(params, 'id'));
        return json(200, {});
      case 'GET /__control/app':
        return json(200, ctx.store.app);
      case 'GET /__control/quota':
        return json(200, ctx.store.quota);
      case 'POST /__control/quota': {
        const used = optional<number>(params, 'used', 'number');
        const repliesUsed = optional<number>(params, 'repliesUsed', 'number');
        if (used !== undefined) ctx.store.quota.used = used;
        if (repliesUsed !== undefined) ctx.store.quota.repliesUsed = repliesUsed;
        return json(200, ctx.store.quota);
      }
      case 'GET /__control/posts':
        return json(200, ctx.store.posts.map(postWithoutBytes));
      case 'GET /__control/containers':
        return json(200, ctx.store.containers.map(containerWithoutBytes));
      default:
        return json(404, { error: 'Not found' });
    }
  });
}
