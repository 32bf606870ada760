/**
 * Statuses and accounts:
 *   POST   /api/v1/statuses          https://docs.joinmastodon.org/methods/statuses/#create
 *   GET    /api/v1/statuses/:id
 *   DELETE /api/v1/statuses/:id
 *   GET    /api/v1/accounts/verify_credentials, /api/v1/accounts/:id, /api/v1/accounts/:id/statuses
 *
 * POST /api/v1/statuses runs in the order of Api::V1::StatusesController#create and
 * PostStatusService#call: scopes → in_reply_to lookup (404) → Idempotency-Key →
 * media checks (Mastodon::ValidationError, 422 without a "Validation failed:" prefix)
 * → model validations (ActiveRecord::RecordInvalid, "Validation failed: ...").
 */
import { bool, fail, json, list, str, type Reply } from './http.js';
import { accountJson, credentialAccountJson, statusJson } from './entities.js';
import { refreshProcessing } from './media.js';
import { authenticateUser, optionalUser } from './oauth.js';
import { statusLength } from './status-length.js';
import { isValidLanguage } from './text.js';
import type { Account, Call, Ctx } from './state.js';
import type { StoredMedia, StoredStatus } from './types.js';

const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];
const IDEMPOTENCY_TTL_MS = 3600 * 1000; // "Idempotency keys are stored for up to 1 hour."

function visibleTo(status: StoredStatus, viewer: Account | null): boolean {
  return status.visibility === 'public' || status.visibility === 'unlisted' || viewer?.id === status.accountId;
}

/** Ruby's String#to_i, used on media_ids: leading digits or 0. */
function toI(id: string): string {
  const m = /^\s*[+-]?\d+/.exec(id);
  return m ? BigInt(m[0].trim()).toString() : '0';
}

/** PostStatusService#validate_media! with the messages of config/locales/en.yml. */
function validateMedia(ctx: Ctx, account: Account, mediaIds: string[] | undefined, hasPoll: boolean): StoredMedia[] {
  if (!mediaIds || mediaIds.length === 0) return [];
  const max = ctx.cfg.maxMediaAttachments;
  if (mediaIds.length > max || hasPoll) fail(422, `Cannot attach more than ${max} files`);
  const wanted = [...new Set(mediaIds.map(toI))];
  const found = wanted
    .map((id) => ctx.store.media.get(id))
    .filter((m): m is StoredMedia => !!m && m.accountId === account.id && m.statusId === null);
  const missing = wanted.filter((id) => !found.some((m) => m.id === id));
  if (missing.length) fail(422, `Media ${missing.join(', ')} not found or already attached to another post`);
  if (found.length > 1 && found.some((m) => m.type === 'video' || m.type === 'audio')) {
    fail(422, 'Cannot attach a video to a post that already contains images');
  }
  found.forEach((m) => refreshProcessing(ctx, m));
  if (found.some((m) => !m.processed)) fail(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
  return found;
}

function replayIdempotent(ctx: Ctx, account: Account, key: string | null): StoredStatus | undefined {
  if (!key) return undefined;
  const hit = ctx.store.idempotency.get(`${account.id}:${key}`);
  if (!hit || Date.now() - hit.at > IDEMPOTENCY_TTL_MS) return undefined;
  return ctx.store.findStatus(hit.statusId);
}

function idempotencyKey(call: Call): string | null {
  const raw = call.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  return key && key.trim() ? key : null;
}

export function createStatus(call: Call): Reply {
  const { ctx, params } = call;
  const { token, account } = authenticateUser(call, ['write', 'write:statuses']);

  const inReplyToId = str(params, 'in_reply_to_id') || null;
  if (inReplyToId) {
    const parent = ctx.store.findStatus(inReplyToId);
    if (!parent || !visibleTo(parent, account)) fail(404, 'The post you are trying to reply to does not appear to exist.');
  }
  // Not implemented here: answering with a ScheduledStatus would need a scheduler.
  if (str(params, 'scheduled_at')) fail(422, 'scheduled_at is not supported by this test server');

  const key = idempotencyKey(call);
  const replay = replayIdempotent(ctx, account, key);
  if (replay) return json(200, statusJson(ctx, replay));

  const media = validateMedia(ctx, account, list(params, 'media_ids'), params.poll !== undefined && params.poll !== null);

  // PostStatusService#preprocess_attributes!: a CW without text becomes the text.
  let text = str(params, 'status') ?? '';
  let spoilerText = str(params, 'spoiler_text') ?? '';
  const sensitive = (bool(params, 'sensitive') ?? false) || spoilerText.trim() !== '';
  if (text.trim() === '' && spoilerText.trim() !== '') [text, spoilerText] = [spoilerText, ''];
  const visibility = str(params, 'visibility') || 'public';
  const language = str(params, 'language');

  const errors: string[] = [];
  if (text.trim() === '' && media.length === 0) errors.push("Text can't be blank");
  if (statusLength(text, spoilerText, ctx.cfg.charactersReservedPerUrl) > ctx.cfg.maxCharacters) {
    errors.push(`Text character limit of ${ctx.cfg.maxCharacters} exceeded`);
  }
  if (!VISIBILITIES.includes(visibility)) errors.push('Visibility is not included in the list');
  if (errors.length) fail(422, `Validation failed: ${errors.join(', ')}`);

  const id = ctx.store.snowflake();
  const app = ctx.store.apps.get(token.appId);
  const status: StoredStatus = {
    id,
    accountId: account.id,
    text,
    spoilerText,
    sensitive,
    visibility,
    // valid_locale_cascade: an unknown code silently falls back (no 422 on the real server).
    language: isValidLanguage(language) ? language : 'en',
    inReplyToId,
    media,
    idempotencyKey: key,
    url: `${ctx.url}/@${account.username}/${id}`,
    uri: `${ctx.url}/users/${account.username}/statuses/${id}`,
    createdAt: new Date().toISOString(),
    application: app ? { name: app.name, website: app.website } : null,
  };
  media.forEach((m) => (m.statusId = id));
  ctx.store.statuses.push(status);
  if (key) ctx.store.idempotency.set(`${account.id}:${key}`, { statusId: id, at: Date.now() });

  if (ctx.faults.dropConnectionAfterStatusStored > 0) {
    ctx.faults.dropConnectionAfterStatusStored--;
    return { status: 0, contentType: '', body: '', drop: true };
  }
  return json(200, statusJson(ctx, status));
}

export function getStatus(call: Call, id: string): Reply {
  const viewer = optionalUser(call, ['read', 'read:statuses']);
  const status = call.ctx.store.findStatus(id);
  if (!status || !visibleTo(status, viewer)) fail(404, 'Record not found');
  return json(200, statusJson(call.ctx, status));
}

/** Returns the deleted status with its source `text`, for delete-and-redraft. */
export function deleteStatus(call: Call, id: string): Reply {
  const { ctx } = call;
  const { account } = authenticateUser(call, ['write', 'write:statuses']);
  const index = ctx.store.statuses.findIndex((s) => s.id === id && s.accountId === account.id);
  if (index < 0) fail(404, 'Record not found');
  const [status] = ctx.store.statuses.splice(index, 1);
  const body = statusJson(ctx, status!, { source: true });
  for (const m of status!.media) {
    if (bool(call.params, 'delete_media')) ctx.store.media.delete(m.id);
    else m.statusId = null; // kept for redrafting
  }
  return json(200, body);
}

export function verifyCredentials(call: Call): Reply {
  const { account } = authenticateUser(call, ['read', 'read:accounts', 'profile']);
  return json(200, credentialAccountJson(call.ctx, account));
}

export function getAccount(call: Call, id: string): Reply {
  const account = call.ctx.store.accounts.get(id);
  if (!account) fail(404, 'Record not found');
  return json(200, accountJson(call.ctx, account));
}

const cmp = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Newest first, paginated with max_id / since_id / min_id and a Link header. */
export function accountStatuses(call: Call, id: string): Reply {
  const { ctx, params } = call;
  const viewer = optionalUser(call, ['read', 'read:statuses']);
  const account = ctx.store.accounts.get(id);
  if (!account) fail(404, 'Record not found');
  const limit = Math.min(Math.max(parseInt(str(params, 'limit') ?? '20', 10) || 20, 1), 40);
  const [maxId, sinceId, minId] = ['max_id', 'since_id', 'min_id'].map((k) => str(params, k));
  if (bool(params, 'pinned')) return json(200, []);
  let rows = ctx.store.statuses.filter((s) => s.accountId === id && visibleTo(s, viewer));
  if (bool(params, 'exclude_replies')) rows = rows.filter((s) => !s.inReplyToId);
  if (bool(params, 'only_media')) rows = rows.filter((s) => s.media.length > 0);
  if (maxId) rows = rows.filter((s) => cmp(s.id, maxId) < 0);
  if (sinceId) rows = rows.filter((s) => cmp(s.id, sinceId) > 0);
  rows.sort((a, b) => cmp(b.id, a.id));
  // min_id pages forward: the `limit` statuses just above min_id.
  if (minId) rows = rows.filter((s) => cmp(s.id, minId) > 0).slice(-limit);
  else rows = rows.slice(0, limit);
  const headers: Record<string, string> = {};
  if (rows.length) {
    const base = `${ctx.url}/api/v1/accounts/${id}/statuses`;
    headers.link = `<${base}?limit=${limit}&max_id=${rows.at(-1)!.id}>; rel="next", <${base}?limit=${limit}&min_id=${rows[0]!.id}>; rel="prev"`;
  }
  return json(200, rows.map((s) => statusJson(ctx, s)), headers);
}
