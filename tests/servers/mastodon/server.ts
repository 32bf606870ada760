/**
 * The request pipeline: read body → control surface → latency → CORS preflight →
 * injected faults → params → rate limit → route → reply (or a dropped socket).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, injectedFault, injectedLatency, logWhenAnswered } from '../common/faults.js';
import { answerErrors, writeReply as write } from '../common/http.js';
import { BadBody, BodyTooLarge, html, json, matchRoute, parseParams, readBody, ReplyError, route, type Reply, type Route } from './http.js';
import { control } from './control.js';
import { VIDEO_SIZE_LIMIT } from './files.js';
import { homePage, instanceV1, instanceV2, nodeinfo, nodeinfoLinks, notFoundPage, png, profilePage, statusPage } from './instance.js';
import { getMedia, mediaFile, updateMedia, uploadMedia } from './media.js';
import { authorizationServerMetadata, authorizeDecision, authorizePage, createApp, lookupToken, revoke, token, verifyAppCredentials } from './oauth.js';
import { accountStatuses, createStatus, deleteStatus, getAccount, getStatus, verifyCredentials } from './statuses.js';
import type { Call, Ctx } from './state.js';

type Handler = Route<Call>;

const ROUTES: Handler[] = [
  route('GET', '/', (c) => homePage(c)),
  route('GET', '/.well-known/nodeinfo', (c) => nodeinfoLinks(c)),
  route('GET', '/nodeinfo/2.0', (c) => nodeinfo(c)),
  route('GET', '/.well-known/oauth-authorization-server', (c) => authorizationServerMetadata(c)),
  route('GET', '/oauth/authorize', (c) => authorizePage(c)),
  route('POST', '/oauth/authorize', (c) => authorizeDecision(c)),
  route('DELETE', '/oauth/authorize', (c) => authorizeDecision(c)),
  route('POST', '/oauth/token', (c) => token(c)),
  route('POST', '/oauth/revoke', (c) => revoke(c)),
  route('POST', '/api/v1/apps', (c) => createApp(c)),
  route('GET', '/api/v1/apps/verify_credentials', (c) => verifyAppCredentials(c)),
  route('GET', '/api/v1/instance', (c) => instanceV1(c)),
  route('GET', '/api/v2/instance', (c) => instanceV2(c)),
  route('GET', '/api/v1/accounts/verify_credentials', (c) => verifyCredentials(c)),
  route('GET', '/api/v1/accounts/:id', (c, p) => getAccount(c, p.id!)),
  route('GET', '/api/v1/accounts/:id/statuses', (c, p) => accountStatuses(c, p.id!)),
  route('POST', '/api/v1/media', (c) => uploadMedia(c, 1)),
  route('POST', '/api/v2/media', (c) => uploadMedia(c, 2)),
  route('GET', '/api/v1/media/:id', (c, p) => getMedia(c, p.id!)),
  route('PUT', '/api/v1/media/:id', (c, p) => updateMedia(c, p.id!)),
  route('POST', '/api/v1/statuses', (c) => createStatus(c)),
  route('GET', '/api/v1/statuses/:id', (c, p) => getStatus(c, p.id!)),
  route('DELETE', '/api/v1/statuses/:id', (c, p) => deleteStatus(c, p.id!)),
  route('GET', '/avatars/:id.png', () => png()),
  route('GET', '/headers/original/missing.png', () => png()),
  route('GET', '/site_uploads/thumbnail.png', () => png()),
  route('GET', '/system/media_attachments/files/:id/:style/:name', (c, p) => mediaFile(c.ctx, p.id!, p.style!) ?? notFoundPage(c.ctx)),
  route('GET', '/@:username', (c, p) => profilePage(c, p.username!)),
  route('GET', '/@:username/:id', (c, p) => statusPage(c, p.username!, p.id!)),
];

// nginx in front of Mastodon allows bodies up to about the video limit.
const BODY_LIMIT = VIDEO_SIZE_LIMIT + 8 * 1024 * 1024;
const RATE_PERIOD_MS = 5 * 60 * 1000;

/** Rack::Attack-style fixed windows: X-RateLimit-Reset is the end of the current window. */
export class RateLimiter {
  private buckets = new Map<string, { window: number; count: number }>();

  hit(key: string, limit: number, now = Date.now()): { headers: Record<string, string>; exceeded: boolean } {
    const window = Math.floor(now / RATE_PERIOD_MS);
    const bucket = this.buckets.get(key);
    const current = bucket && bucket.window === window ? bucket : { window, count: 0 };
    current.count++;
    this.buckets.set(key, current);
    return {
      exceeded: current.count > limit,
      headers: rateHeaders(limit, Math.max(0, limit - current.count), new Date((window + 1) * RATE_PERIOD_MS)),
    };
  }
}

/** Mastodon formats the reset with iso8601(6): microseconds. */
function rateHeaders(limit: number, remaining: number, reset: Date): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': reset.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
  };
}

/** rack-cors as configured by Mastodon (config/initializers/cors.rb). */
function corsHeaders(path: string, origin: string | undefined): Record<string, string> | null {
  const covered = path.startsWith('/api/') || path === '/oauth/token' || path === '/oauth/revoke' || path.startsWith('/.well-known/') || path.startsWith('/nodeinfo/');
  if (!covered || !origin) return null;
  return {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id',
  };
}

function preflight(req: IncomingMessage, cors: Record<string, string>): Reply {
  return {
    status: 200,
    contentType: 'text/plain',
    body: '',
    headers: {
      ...cors,
      'access-control-allow-methods': 'POST, PUT, DELETE, GET, PATCH, OPTIONS',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type'),
      'access-control-max-age': '7200',
    },
  };
}

/** Injected faults for /api/ requests (common/faults.ts); the 429 carries Mastodon's X-RateLimit-* headers. */
function faultReply(ctx: Ctx): Reply | null {
  return injectedFault(ctx.faults, () => {
    const headers = { ...rateHeaders(ctx.cfg.rateLimit, 0, new Date(Date.now() + 2000)), 'retry-after': '2' };
    return json(429, { error: 'Too many requests' }, headers);
  });
}

async function routeCall(call: Call, isApi: boolean): Promise<Reply> {
  const found = matchRoute(ROUTES, call.method, call.path);
  // Unknown routes (and known paths with another method) are 404, JSON under /api.
  if (!found || found === 'method') return isApi ? json(404, { error: 'Not found' }) : notFoundPage(call.ctx);
  try {
    return await found.route.handler(call, found.params);
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    console.error('[mastodon test server]', error);
    return isApi ? json(500, { error: 'Internal server error' }) : html(500, '<!doctype html><h1>500</h1>');
  }
}

export function createRequestHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  const limiter = new RateLimiter();
  return answerErrors('[mastodon test server]', (req, res) => handle(ctx, limiter, req, res), () => json(500, { error: 'Internal server error' }));
}

async function handle(ctx: Ctx, limiter: RateLimiter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.url);
  const path = url.pathname;
  logWhenAnswered(res, ctx.store.requests, method, path);

  let body: Buffer;
  try {
    body = await readBody(req, BODY_LIMIT);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return write(req, res, html(413, '<html><body><h1>413 Request Entity Too Large</h1></body></html>'), { connection: 'close' });
  }
  const parse = () => parseParams(req.headers['content-type'], body, url.searchParams);

  if (path.startsWith('/__control/')) {
    let reply: Reply;
    try {
      reply = control(ctx, method, path, await parse());
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      reply = error.reply;
    }
    return write(req, res, reply);
  }

  await injectedLatency(ctx.faults);
  const cors = corsHeaders(path, req.headers.origin);
  if (method === 'OPTIONS' && cors) return write(req, res, preflight(req, cors));

  const isApi = path.startsWith('/api/');
  const fault = isApi ? faultReply(ctx) : null;
  if (fault) return write(req, res, fault, cors ?? {});

  let call: Call;
  try {
    call = { ctx, method, path, url, headers: req.headers, params: await parse() };
  } catch (error) {
    if (!(error instanceof BadBody)) throw error;
    return write(req, res, json(400, { error: error.message }), cors ?? {});
  }

  let limitHeaders: Record<string, string> = {};
  if (isApi) {
    const valid = lookupToken(ctx, call);
    const key = valid && !valid.revoked ? `token:${valid.token}` : `ip:${req.socket.remoteAddress}`;
    const hit = limiter.hit(key, ctx.cfg.rateLimit);
    limitHeaders = hit.headers;
    if (hit.exceeded) return write(req, res, json(429, { error: 'Too many requests' }), { ...cors, ...limitHeaders });
  }

  const reply = await routeCall(call, isApi);
  if (reply.drop) return dropConnection(req, ctx.store.requests, method, path);
  write(req, res, reply, { ...cors, ...limitHeaders });
}
