/**
 * The request pipeline: read body → control surface → latency → pages
 * (threads.net) or Graph (graph.threads.net): CORS preflight → injected faults →
 * params → route → reply (or a dropped socket).
 *
 * One listener plays both hosts: the Authorization Window and post pages of
 * threads.net, and the Graph API of graph.threads.net, whose paths may carry a
 * version prefix ("https://graph.threads.net/v1.0/<THREADS_USER_ID>/threads" in
 * the docs, none in the Postman collection): both are accepted. Graph answers
 * carry Access-Control-Allow-Origin: * like graph.facebook.com.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, injectedFault, injectedLatency, logWhenAnswered } from '../common/faults.js';
import { answerErrors, writeReply as write } from '../common/http.js';
import { containerNode, createContainer } from './containers.js';
import { control } from './control.js';
import { throttled } from './errors.js';
import { BadBody, BodyTooLarge, graphErrorReply, matchRoute, parseParams, readBody, ReplyError, route, unsupported, type Reply, type Route } from './http.js';
import { authenticate, authorizeDecision, authorizePage, debugToken, exchangeCode, exchangeForLongLived, refreshLongLived } from './oauth.js';
import { avatar, mediaFile, notFound, postPage } from './pages.js';
import { childNode, conversation, deletePost, postNode, publish, replies, userThreads } from './posts.js';
import { publishingLimit, userNode } from './users.js';
import type { Call, Ctx } from './state.js';

type Handler = Route<Call>;

/** threads.net: pages a browser opens. Never faulted (faults are about the API). */
const PAGES: Handler[] = [
  route('GET', '/oauth/authorize', (c) => authorizePage(c)),
  route('POST', '/oauth/authorize', (c) => authorizeDecision(c)),
  route('GET', '/avatars/:name', () => avatar()),
  route('GET', '/media/:name', (c, p) => mediaFile(c.ctx, p.name!)),
  route('GET', '/@:username/post/:code', (c, p) => postPage(c.ctx, p.username!, p.code!)),
];

/** graph.threads.net. Fixed paths first: /:id would match them too. */
const GRAPH: Handler[] = [
  route('POST', '/oauth/access_token', (c) => exchangeCode(c)),
  route('GET', '/access_token', (c) => exchangeForLongLived(c)),
  route('GET', '/refresh_access_token', (c) => refreshLongLived(c)),
  route('GET', '/debug_token', (c) => debugToken(c)),
  route('GET', '/:id', (c, p) => getNode(c, p.id!)),
  route('DELETE', '/:id', (c, p) => deletePost(c, p.id!)),
  route('GET', '/:id/threads', (c, p) => userThreads(c, p.id!)),
  route('POST', '/:id/threads', (c, p) => createContainer(c, p.id!)),
  route('POST', '/:id/threads_publish', (c, p) => publish(c, p.id!)),
  route('GET', '/:id/threads_publishing_limit', (c, p) => publishingLimit(c, p.id!)),
  route('GET', '/:id/replies', (c, p) => replies(c, p.id!)),
  route('GET', '/:id/conversation', (c, p) => conversation(c, p.id!)),
];

/** GET /{id}: a user, a container, a post or a carousel child, whichever the id is. */
function getNode(call: Call, id: string): Reply {
  const { store } = call.ctx;
  const { account } = authenticate(call);
  if (id === 'me' || store.accounts.has(id)) return userNode(call, id);
  const container = store.findContainer(id);
  if (container) return container.userId === account.id ? containerNode(call, container) : unsupported('get', id);
  const post = store.findPost(id);
  if (post) return postNode(call, post, account);
  return childNode(call, id) ?? unsupported('get', id);
}

const BODY_LIMIT = 1024 * 1024;
const GRAPH_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'private, no-cache, no-store, must-revalidate' };
const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/|$)/;

function preflight(req: IncomingMessage): Reply {
  return {
    status: 200,
    contentType: 'text/plain',
    body: '',
    headers: {
      ...GRAPH_HEADERS,
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type'),
      'access-control-max-age': '86400',
    },
  };
}

function internalError(): Reply {
  return graphErrorReply({ status: 500, message: 'An unknown error has occurred.', code: 1, isTransient: true });
}

async function run(handler: Handler, call: Call, params: Record<string, string>): Promise<Reply> {
  try {
    return await handler.handler(call, params);
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    throw error;
  }
}

export function createRequestHandler(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  return answerErrors('[threads test server]', (req, res) => handle(ctx, req, res), internalError);
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.url);
  logWhenAnswered(res, ctx.store.requests, method, url.pathname);

  let body: Buffer;
  try {
    body = await readBody(req, BODY_LIMIT);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return write(req, res, graphErrorReply({ status: 413, message: 'Request Entity Too Large', code: 1 }), { ...GRAPH_HEADERS, connection: 'close' });
  }

  if (url.pathname.startsWith('/__control/')) return write(req, res, control(ctx, method, url.pathname, body));
  await injectedLatency(ctx.faults);

  const parse = () => parseParams(req.headers['content-type'], body, url.searchParams);
  const page = matchRoute(PAGES, method, url.pathname);
  if (page && page !== 'method') {
    let params: Call['params'];
    try {
      params = await parse();
    } catch {
      params = Object.fromEntries(url.searchParams);
    }
    const call: Call = { ctx, method, path: url.pathname, url, headers: req.headers, params };
    return write(req, res, await run(page.route, call, page.params));
  }

  if (method === 'OPTIONS') return write(req, res, preflight(req));
  const fault = injectedFault(ctx.faults, () => graphErrorReply(throttled(ctx.faults.rateLimitCode)));
  if (fault) return write(req, res, fault, GRAPH_HEADERS);

  const path = url.pathname.replace(VERSION_PREFIX, '') || '/';
  let call: Call;
  try {
    call = { ctx, method, path, url, headers: req.headers, params: await parse() };
  } catch (error) {
    if (!(error instanceof BadBody)) throw error;
    return write(req, res, graphErrorReply({ status: 400, message: error.message, type: 'THApiException', code: 100 }), GRAPH_HEADERS);
  }
  const found = matchRoute(GRAPH, method, path);
  let reply: Reply;
  if (found && found !== 'method') reply = await run(found.route, call, found.params);
  else if (path.startsWith('/@') || path === '/') reply = notFound();
  else reply = unsupported(method, path.split('/')[1] ?? '');
  if (reply.drop) return dropConnection(req, ctx.store.requests, method, url.pathname);
  write(req, res, reply, GRAPH_HEADERS);
}
