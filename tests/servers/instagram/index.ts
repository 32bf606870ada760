/**
 * A local HTTP server that behaves like Meta's Instagram API with Instagram Login
 * (graph.instagram.com, api.instagram.com's token exchange and www.instagram.com's
 * authorize page, all on one origin) for content publishing by professional
 * accounts, written from Meta's documentation
 * (https://developers.facebook.com/docs/instagram-platform), errors included.
 * Used by unit tests (Node), end-to-end tests (a Chromium extension over
 * http://127.0.0.1:PORT) and the demo sandbox.
 *
 *   const server = await startInstagramServer({ containerDelayMs: 100 });
 *   const { userId, token } = server.createAccount({ username: 'alice' });
 *   server.faults.rateLimitNext = 1;   // next API request answers (#4) Application request limit reached
 *   await server.close();
 *
 * Implemented: Business Login (authorize page with Allow/Deny, `#_` on the
 * redirect, code → short-lived token, ig_exchange_token → 60-day token,
 * ig_refresh_token once 24 h old), GET /me and /{ig-user-id}, image and carousel
 * containers whose image_url is really fetched and checked (JPEG only, 8 MiB,
 * 4:5…1.91:1), container status, media_publish with the 24-hour quota,
 * content_publishing_limit, IG Media and /{ig-user-id}/media (newest first),
 * Graph's error envelope everywhere, permalink pages and image files.
 *
 * A separate process drives a running server over HTTP; see instagram/control.ts:
 *   POST /__control/faults     {"rateLimitNext": 1}         merged into `faults`
 *   POST /__control/accounts   {"username": "alice"}        → {"userId", "token"}
 *   GET  /__control/posts                                   → published posts (no bytes)
 *   also: GET /__control/app, tokens, age-token, expire-token, revoke, oauth-user,
 *   quota, expire-container, fail-container, containers, requests
 */
import { withLiveFaults } from '../common/faults.js';
import { listenOnLoopback } from '../common/listen.js';
import { ageToken, createAccount, expireContainer, expireToken, failContainer, issueToken, revokeToken, setOAuthUser } from './control.js';
import { createRequestHandler } from './server.js';
import { defaultFaults, resolveConfig, Store, type Ctx } from './state.js';
import type { InstagramServer, InstagramServerOptions } from './types.js';

export type {
  ContainerStatusCode,
  Faults,
  InstagramServer,
  InstagramServerOptions,
  RequestLogEntry,
  StoredContainer,
  StoredInstagramImage,
  StoredInstagramPost,
  UserTag,
} from './types.js';
export { makeJpeg, type MakeJpegOptions } from './jpeg.js';

export async function startInstagramServer(opts: InstagramServerOptions = {}): Promise<InstagramServer> {
  const ctx: Ctx = { cfg: resolveConfig(opts), store: new Store(), faults: defaultFaults(), url: '', host: '' };
  const listening = await listenOnLoopback(createRequestHandler(ctx), opts.port);
  ctx.host = listening.host;
  ctx.url = listening.url;

  // `faults` reads the live object the server and the control surface use; assigning merges into it.
  return withLiveFaults<InstagramServer>(ctx.faults, {
    url: ctx.url,
    host: ctx.host,
    app: { clientId: ctx.store.app.clientId, clientSecret: ctx.store.app.clientSecret },
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
    failContainer: (id, subcode) => failContainer(ctx, id, subcode),
    close: listening.close,
  });
}
