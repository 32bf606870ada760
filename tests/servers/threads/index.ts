/**
 * A local HTTP server that behaves like Meta's Threads API (graph.threads.net,
 * plus the threads.net Authorization Window), written from Meta's documentation
 * (https://developers.facebook.com/docs/threads) and the official Postman
 * collection (fbsamples/threads_api, postman/threads-api.postman_collection.json),
 * errors included. Used by unit tests (Node), end-to-end tests (a Chromium
 * extension over http://127.0.0.1:PORT) and the demo sandbox.
 *
 *   const server = await startThreadsServer({ containerDelayMs: 100 });
 *   const { userId, token } = server.createAccount({ username: 'alice' });
 *   server.faults.rateLimitNext = 1;   // next Graph request answers (#4) Application request limit reached
 *   await server.close();
 *
 * Implemented: the Authorization Window (Allow/Deny, code + state + "#_"),
 * POST /oauth/access_token, th_exchange_token, th_refresh_token (≥ 24 h, unexpired),
 * debug_token; /me and /{user-id} profile fields; containers (TEXT, IMAGE with a
 * real fetch of image_url, CAROUSEL of 2–20 finished items, replies, quotes,
 * spoilers, link limit, topic tags, polls, text attachments, auto_publish_text)
 * with IN_PROGRESS → FINISHED | ERROR | EXPIRED → PUBLISHED; threads_publish with
 * the quota; post fields, /threads, /replies, /conversation, DELETE;
 * threads_publishing_limit; the Graph error envelope throughout. Not implemented:
 * VIDEO (refused), insights, search, mentions, locations, reposts, oEmbed.
 *
 * Differences from graph.threads.net that are on purpose: the quota never decays
 * (see ThreadsServer.quota) and is shared by all accounts; any http(s)
 * redirect_uri is valid unless `redirectUris` is given.
 *
 * A separate process drives a running server over HTTP; see threads/control.ts:
 *   POST /__control/faults     {"failWith503": 2}              merged into `faults`
 *   POST /__control/accounts   {"username": "alice"}           → {"userId", "token"}
 *   GET  /__control/posts                                      → published posts (no bytes)
 *   also tokens, age-token, expire-token, revoke, oauth-user, expire-container,
 *   app, quota, containers, requests.
 */
import { withLiveFaults } from '../common/faults.js';
import { listenOnLoopback } from '../common/listen.js';
import { ageToken, createAccount, expireContainer, expireToken, issueToken, revokeToken, setOAuthUser } from './control.js';
import { createRequestHandler } from './server.js';
import { defaultFaults, resolveConfig, Store, type Ctx } from './state.js';
import type { ThreadsServer, ThreadsServerOptions } from './types.js';

export type {
  ContainerStatus,
  Faults,
  RequestLogEntry,
  StoredThreadsContainer,
  StoredThreadsImage,
  StoredThreadsPost,
  ThreadsMediaType,
  ThreadsServer,
  ThreadsServerOptions,
  ThreadsTextEntity,
} from './types.js';
export { countLinks, threadsTextLength } from './text.js';

export async function startThreadsServer(opts: ThreadsServerOptions = {}): Promise<ThreadsServer> {
  const ctx: Ctx = { cfg: resolveConfig(opts), store: new Store(), faults: defaultFaults(), url: '', host: '' };
  ctx.store.app.redirectUris = [...(opts.redirectUris ?? [])];
  const listening = await listenOnLoopback(createRequestHandler(ctx), opts.port);
  ctx.host = listening.host;
  ctx.url = listening.url;

  const handle = withLiveFaults<ThreadsServer>(ctx.faults, {
    url: ctx.url,
    host: ctx.host,
    app: ctx.store.app,
    posts: ctx.store.posts,
    containers: ctx.store.containers,
    requests: ctx.store.requests,
    quota: ctx.store.quota,
    createAccount: (o) => createAccount(ctx, o),
    issueToken: (userId, o) => issueToken(ctx, userId, o),
    ageToken: (token, ms) => ageToken(ctx, token, ms),
    expireToken: (token) => expireToken(ctx, token),
    revokeToken: (token) => revokeToken(ctx, token),
    setOAuthUser: (userId) => setOAuthUser(ctx, userId),
    expireContainer: (id) => expireContainer(ctx, id),
    close: async () => {
      for (const controller of ctx.store.fetches) controller.abort(new Error('server closed'));
      for (const work of ctx.store.work.values()) if (work.timer) clearTimeout(work.timer);
      await listening.close();
    },
  });
  // `quota` reads the live counters; assigning merges into them (like `faults`).
  return Object.defineProperty(handle, 'quota', {
    get: () => ctx.store.quota,
    set: (value: Partial<ThreadsServer['quota']>) => Object.assign(ctx.store.quota, value),
    enumerable: true,
    configurable: true,
  });
}
