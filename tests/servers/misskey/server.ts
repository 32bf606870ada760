/**
 * The request pipeline: read body → control surface → latency → CORS preflight →
 * injected faults (/api/ only) → route → reply (or a dropped socket).
 *
 * Routes, as Misskey's Fastify server lays them out:
 *   /api/<endpoint>                  ApiCallService (api.ts); every method reaches it
 *   POST /api/miauth/:session/check  MiAuth token pick-up
 *   other GET /api/*                 404 UNKNOWN_API_ENDPOINT (ApiServerService's GET catch-all)
 *   other /api/* (POST…)             Fastify's own 404 {"message":"Route POST:/api/x not found",…}
 *   GET /miauth/:session (+ POST: this server's Allow/Deny form), /.well-known/nodeinfo,
 *   /nodeinfo/2.1, /nodeinfo/2.0, /files/:key, /identicon/:acct, and the client's
 *   HTML shell for any other GET (the web client is a single-page app: 200).
 * /api/ answers carry `Access-Control-Allow-Origin: *` (@fastify/cors) and
 * `Cache-Control: private, max-age=0, must-revalidate`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, injectedFault, injectedLatency, logWhenAnswered } from '../common/faults.js';
import { answerErrors, writeReply as write } from '../common/http.js';
import { ApiCallService, endpoints } from './api.js';
import { miauthCheck, miauthDecision, miauthPage } from './auth.js';
import { control } from './control.js';
import { serveFile } from './drive.js';
import { ApiError, apiErrorReply, BodyTooLarge, empty, fastifyError, fastifyNotFound, json, matchRoute, readBody, route, type Reply, type Route } from './http.js';
import { UNKNOWN_API_ENDPOINT, RATE_LIMIT_EXCEEDED } from './errors.js';
import { basePage, nodeinfo, nodeinfoLinks, notePage, png, userPage } from './instance.js';
import { limitInfo } from './ratelimit.js';
import type { Ctx } from './state.js';

interface Call {
  ctx: Ctx;
  url: URL;
  body: Buffer;
}

const PAGES: Route<Call>[] = [
  route('GET', '/miauth/:session', (c, p) => miauthPage(c.ctx, p.session!, c.url.searchParams)),
  route('POST', '/miauth/:session', (c, p) => miauthDecision(c.ctx, p.session!, new URLSearchParams(c.body.toString('utf8')))),
  route('GET', '/.well-known/nodeinfo', (c) => nodeinfoLinks(c.ctx)),
  route('GET', '/nodeinfo/2.1', (c) => nodeinfo(c.ctx, '2.1')),
  route('GET', '/nodeinfo/2.0', (c) => nodeinfo(c.ctx, '2.0')),
  route('GET', '/files/:key', (c, p) => serveFile(c.ctx, p.key!)),
  route('GET', '/identicon/:acct', () => png()),
  route('GET', '/notes/:id', (c, p) => notePage(c.ctx, p.id!)),
  route('GET', '/@:username', (c, p) => userPage(c.ctx, p.username!)),
];

const API_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'private, max-age=0, must-revalidate' };

/** Injected faults for /api/ requests (common/faults.ts); the 429 is RATE_LIMIT_EXCEEDED with the limiter's `info`. */
function faultReply(ctx: Ctx, path: string): Reply | null {
  if (ctx.faults.redirectApiTo) return empty(307, { location: `${ctx.faults.redirectApiTo}${path}` });
  return injectedFault(ctx.faults, () => {
    const exceeded = limitInfo(ctx.cfg.software, 300, Date.now() + 2000);
    const err = new ApiError(RATE_LIMIT_EXCEEDED, exceeded.info);
    err.headers = exceeded.headers;
    return apiErrorReply(err);
  });
}

function preflight(req: IncomingMessage): Reply {
  return empty(204, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET,HEAD,POST',
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
    vary: 'Access-Control-Request-Headers',
  });
}

export function createRequestHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  const api = new ApiCallService(ctx, endpoints(ctx));
  // Fastify's default error handler shape.
  return answerErrors('[misskey test server]', (req, res) => handle(ctx, api, req, res), (error) =>
    json(500, { statusCode: 500, error: 'Internal Server Error', message: String(error) }),
  );
}

async function handle(ctx: Ctx, api: ApiCallService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.url);
  const path = url.pathname;
  logWhenAnswered(res, ctx.store.requests, method, path);
  const isApi = path === '/api' || path.startsWith('/api/');

  let body: Buffer;
  try {
    // @fastify/multipart cuts files at config.maxFileSize; leave room for the form around it.
    body = await readBody(req, ctx.cfg.hardFileSizeLimit + 1024 * 1024);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    const reply = isApi ? empty(413) : fastifyError(413, 'Payload Too Large', 'Request body is too large', 'FST_ERR_CTP_BODY_TOO_LARGE');
    return write(req, res, reply, { connection: 'close', ...(isApi ? API_HEADERS : {}) });
  }

  if (path.startsWith('/__control/')) return write(req, res, control(ctx, method, path, body));

  await injectedLatency(ctx.faults);
  if (isApi && method === 'OPTIONS') return write(req, res, preflight(req));

  if (isApi) {
    const fault = faultReply(ctx, path);
    if (fault) return write(req, res, fault);
    const reply = await routeApi(ctx, api, method, path, url, req, body);
    if (reply.drop) return dropConnection(req, ctx.store.requests, method, path);
    return write(req, res, reply, API_HEADERS);
  }

  const found = matchRoute(PAGES, method, path);
  // A page path asked with another method ('method') falls through like an unknown one.
  if (found && found !== 'method') return write(req, res, await found.route.handler({ ctx, url, body }, found.params));
  if (method === 'GET' || method === 'HEAD') return write(req, res, basePage(ctx));
  return write(req, res, fastifyNotFound(method, req.url ?? path));
}

async function routeApi(ctx: Ctx, api: ApiCallService, method: string, path: string, url: URL, req: IncomingMessage, body: Buffer): Promise<Reply> {
  const name = path.replace(/^\/api\/?/, '');
  const check = /^miauth\/([^/]+)\/check$/.exec(name);
  if (check && method === 'POST') return miauthCheck(ctx, decodeURIComponent(check[1]!));
  if (api.has(name)) {
    return api.handle(name, { method, query: url.searchParams, headers: req.headers, body, remoteAddress: req.socket.remoteAddress ?? '' });
  }
  // ApiServerService's catch-all is GET only; it mimics ApiCallService#send without its headers.
  if (method === 'GET' || method === 'HEAD') return json(404, new ApiError(UNKNOWN_API_ENDPOINT).toJSON());
  return fastifyNotFound(method, req.url ?? path);
}
