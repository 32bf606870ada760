/**
 * The request pipeline: read body → control surface → latency → CORS preflight →
 * injected faults → params → route → reply (or a dropped socket).
 *
 * One origin plays the three hosts Instagram Login uses:
 *   www.instagram.com     GET|POST /oauth/authorize, permalinks /p/SHORTCODE/
 *   api.instagram.com     POST /oauth/access_token
 *   graph.instagram.com   /access_token, /refresh_access_token, /me, /{id}, /{id}/{edge}
 * Graph paths take an optional version prefix (/v23.0/me); unknown objects and
 * edges answer Graph's own errors. Graph answers carry Access-Control-Allow-Origin: *.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, injectedFault, injectedLatency, logWhenAnswered } from '../common/faults.js';
import { answerErrors, writeReply as write } from '../common/http.js';
import { authorizeDecision, authorizePage, exchangeCode, exchangeToken, refreshToken } from './auth.js';
import { control } from './control.js';
import { throttledBody, unknownPath, unsupportedRequest } from './errors.js';
import { BadBody, BodyTooLarge, GraphError, graphErrorReply, html, matchRoute, parseParams, readBody, route, type Reply, type Route } from './http.js';
import { avatarFile, mediaChildren, mediaFile, mediaNode, notFoundPage, permalinkPage, userMedia, userNode } from './media.js';
import { containerNode, contentPublishingLimit, createMedia, mediaPublish } from './publishing.js';
import type { Call, Ctx } from './state.js';

type Handler = Route<Call, Reply>;

/** GET /{id}: the object the id names, whatever its kind. */
function getNode(call: Call, id: string): Reply {
  const { store } = call.ctx;
  if (id === 'me' || store.accountByNodeId(id)) return userNode(call, id);
  const container = store.containers.get(id);
  if (container) return containerNode(call, container);
  const media = store.media.get(id);
  if (media) return mediaNode(call, media);
  unsupportedRequest(call.method, id);
}

function isUser(call: Call, id: string): boolean {
  return id === 'me' || !!call.ctx.store.accountByNodeId(id);
}

/** GET /{id}/{edge}. */
function getEdge(call: Call, id: string, edge: string): Reply {
  if (isUser(call, id)) {
    if (edge === 'media') return userMedia(call, id);
    if (edge === 'content_publishing_limit') return contentPublishingLimit(call, id);
    unknownPath(`/${edge}`);
  }
  const media = call.ctx.store.media.get(id);
  if (media && edge === 'children') return mediaChildren(call, media);
  if (media || call.ctx.store.containers.has(id)) unknownPath(`/${edge}`);
  unsupportedRequest(call.method, id);
}

/** POST /{id}/{edge}. */
async function postEdge(call: Call, id: string, edge: string): Promise<Reply> {
  if (isUser(call, id)) {
    if (edge === 'media') return createMedia(call, id);
    if (edge === 'media_publish') return mediaPublish(call, id);
  }
  unsupportedRequest(call.method, id);
}

/** Pages and files of www.instagram.com: no token, no faults. */
const PAGES: Handler[] = [
  route('GET', '/oauth/authorize', (c) => authorizePage(c)),
  route('POST', '/oauth/authorize', (c) => authorizeDecision(c)),
  route('GET', '/p/:shortcode', (c, p) => permalinkPage(c.ctx, p.shortcode!)),
  route('GET', '/media/:file', (c, p) => mediaFile(c.ctx, p.file!) ?? notFoundPage()),
  route('GET', '/avatars/:file', () => avatarFile()),
];

const API: Handler[] = [
  route('POST', '/oauth/access_token', (c) => exchangeCode(c)),
  route('GET', '/access_token', (c) => exchangeToken(c)),
  route('GET', '/refresh_access_token', (c) => refreshToken(c)),
  route('GET', '/:id', (c, p) => getNode(c, p.id!)),
  route('GET', '/:id/:edge', (c, p) => getEdge(c, p.id!, p.edge!)),
  route('POST', '/:id/:edge', (c, p) => postEdge(c, p.id!, p.edge!)),
];

/** Graph's answer to anything no route takes: an unsupported request on the first path component. */
function unrouted(call: Call): never {
  const parts = call.path.split('/').filter(Boolean);
  if (parts.length > 2) unknownPath(`/${parts.slice(1).join('/')}`);
  unsupportedRequest(call.method, parts[0] ?? '');
}

/** "/v23.0/me" → "/me" (any vMAJOR.MINOR prefix). */
export function withoutVersion(path: string): string {
  return path.replace(/^\/v\d+\.\d+(?=\/|$)/, '') || '/';
}

const CORS = { 'access-control-allow-origin': '*' };

function preflight(req: IncomingMessage): Reply {
  return {
    status: 200,
    contentType: 'text/plain',
    body: '',
    headers: {
      ...CORS,
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type'),
      'access-control-max-age': '86400',
    },
  };
}

/** Injected faults for API requests (common/faults.ts); the throttle is Graph's, code `rateLimitCode`. */
function faultReply(ctx: Ctx): Reply | null {
  return injectedFault(ctx.faults, () => {
    const body = throttledBody(ctx.faults.rateLimitCode);
    return graphErrorReply(400, body, { 'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 }) });
  });
}

function internalError(): Reply {
  return graphErrorReply(500, { message: 'An unknown error has occurred.', code: 1, is_transient: true });
}

async function run(call: Call, routes: Handler[], fallback: (call: Call) => Reply): Promise<Reply> {
  try {
    const found = matchRoute(routes, call.method, call.path);
    if (!found || found === 'method') return fallback(call);
    return await found.route.handler(call, found.params);
  } catch (error) {
    if (error instanceof GraphError) return error.reply;
    console.error('[instagram test server]', error);
    return internalError();
  }
}

export function createRequestHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  return answerErrors('[instagram test server]', (req, res) => handle(ctx, req, res), internalError);
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.url);
  logWhenAnswered(res, ctx.store.requests, method, url.pathname);
  const path = withoutVersion(url.pathname);

  let body: Buffer;
  try {
    body = await readBody(req, 16 * 1024 * 1024);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return write(req, res, html(413, '<html><body><h1>413 Request Entity Too Large</h1></body></html>'), { connection: 'close' });
  }

  if (url.pathname.startsWith('/__control/')) return write(req, res, control(ctx, method, url.pathname, body));

  await injectedLatency(ctx.faults);
  const page = matchRoute(PAGES, method, path);
  const isApi = !page || page === 'method';
  if (isApi && method === 'OPTIONS') return write(req, res, preflight(req));

  if (isApi) {
    const fault = faultReply(ctx);
    if (fault) return write(req, res, fault, CORS);
  }

  let call: Call;
  try {
    call = { ctx, method, path, url, headers: req.headers, params: await parseParams(req.headers['content-type'], body, url.searchParams) };
  } catch (error) {
    if (!(error instanceof BadBody)) throw error;
    return write(req, res, graphErrorReply(400, { message: `(#100) ${error.message}`, code: 100 }), isApi ? CORS : {});
  }

  const reply = isApi ? await run(call, API, unrouted) : await run(call, PAGES, () => notFoundPage());
  if (reply.drop) return dropConnection(req, ctx.store.requests, method, url.pathname);
  write(req, res, reply, isApi ? CORS : {});
}
