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
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiCallService, endpoints } from './api.js';
import { miauthCheck, miauthDecision, miauthPage } from './auth.js';
import { control } from './control.js';
import { serveFile } from './drive.js';
import { ApiError, apiErrorReply, BodyTooLarge, empty, fastifyError, fastifyNotFound, html, json, matchRoute, readBody, route, type Reply, type Route } from './http.js';
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

const NGINX_503 =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_NOT_JSON = '<!doctype html><html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing the site.</p></body></html>';

/** The injected faults for /api/ requests, consuming one use of a counted fault. */
function faultReply(ctx: Ctx): Reply | null {
  const f = ctx.faults;
  if (f.htmlInsteadOfJson) return html(200, HTML_NOT_JSON);
  if (f.failWith503 > 0) {
    f.failWith503--;
    return html(503, NGINX_503);
  }
  if (f.rateLimitNext > 0) {
    f.rateLimitNext--;
    const exceeded = limitInfo(ctx.cfg.software, 300, Date.now() + 2000);
    const err = new ApiError(RATE_LIMIT_EXCEEDED, exceeded.info);
    err.headers = exceeded.headers;
    return apiErrorReply(err);
  }
  return null;
}

function write(req: IncomingMessage, res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const headers: Record<string, string> = { ...extra, ...reply.headers, 'content-length': String(body.length) };
  if (reply.contentType) headers['content-type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
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
  return (req, res) => {
    handle(ctx, api, req, res).catch((error) => {
      console.error('[misskey test server]', error);
      if (!res.headersSent) write(req, res, json(500, { statusCode: 500, error: 'Internal Server Error', message: String(error) }));
      else res.destroy();
    });
  };
}

async function handle(ctx: Ctx, api: ApiCallService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.url);
  const path = url.pathname;
  res.on('finish', () => ctx.store.requests.push({ method, path, status: res.statusCode }));
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

  if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
  if (isApi && method === 'OPTIONS') return write(req, res, preflight(req));

  if (isApi) {
    const fault = faultReply(ctx);
    if (fault) return write(req, res, fault);
    const reply = await routeApi(ctx, api, method, path, url, req, body);
    if (reply.drop) {
      // Fault: the work is done but the client never hears back.
      ctx.store.requests.push({ method, path, status: 0 });
      req.socket.destroy();
      return;
    }
    return write(req, res, reply, API_HEADERS);
  }

  const found = matchRoute(PAGES, method, path);
  if (found) return write(req, res, await found.route.handler({ ctx, url, body }, found.params));
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
