/**
 * A local HTTP server that behaves like a Mastodon server's API, written from the
 * official documentation (https://docs.joinmastodon.org/) and Mastodon's source,
 * errors included. Used by unit tests (Node), end-to-end tests (a Chromium
 * extension over http://127.0.0.1:PORT) and the demo sandbox.
 *
 *   const server = await startMastodonServer({ maxCharacters: 500 });
 *   const { accountId, token } = server.createAccount({ username: 'alice' });
 *   server.faults.failWith503 = 1;   // next /api/ request answers 503 HTML
 *   await server.close();
 *
 * Implemented: apps + OAuth code flow with PKCE (S256) and client_credentials,
 * /.well-known/oauth-authorization-server (4.3+), verify_credentials, instance v1/v2,
 * NodeInfo 2.0, media v2/v1 (202 → 206 polls → 200), statuses (create/get/delete),
 * account statuses, rate-limit headers and 429s, CORS like rack-cors.
 *
 * A separate process drives a running server over HTTP; see mastodon/control.ts:
 *   POST /__control/faults     {"failWith503": 2}           merged into `faults`
 *   POST /__control/accounts   {"username": "alice"}        → {"accountId", "token"}
 *   GET  /__control/statuses                                → stored statuses (no bytes)
 *   also: GET /__control/faults, POST /__control/tokens {accountId, scopes?},
 *   POST /__control/revoke {token}, POST /__control/oauth-user {accountId}, GET /__control/requests
 */
import { withLiveFaults } from '../common/faults.js';
import { listenOnLoopback } from '../common/listen.js';
import { createAccount, issueToken, revokeToken, setOAuthUser } from './control.js';
import { createRequestHandler } from './server.js';
import { defaultFaults, resolveConfig, Store, type Ctx } from './state.js';
import type { MastodonServer, MastodonServerOptions } from './types.js';

export type {
  Faults,
  MastodonServer,
  MastodonServerOptions,
  MastodonSoftware,
  RequestLogEntry,
  StoredMedia,
  StoredStatus,
} from './types.js';
export { statusLength } from './status-length.js';

export async function startMastodonServer(opts: MastodonServerOptions = {}): Promise<MastodonServer> {
  const ctx: Ctx = { cfg: resolveConfig(opts), store: new Store(), faults: defaultFaults(), url: '', host: '' };
  const listening = await listenOnLoopback(createRequestHandler(ctx), opts.port);
  ctx.host = listening.host;
  ctx.url = listening.url;

  // `faults` reads the live object the server and the control surface use; assigning merges into it.
  return withLiveFaults<MastodonServer>(ctx.faults, {
    url: ctx.url,
    host: ctx.host,
    statuses: ctx.store.statuses,
    media: ctx.store.media,
    requests: ctx.store.requests,
    createAccount: (o) => createAccount(ctx, o),
    issueToken: (accountId, scopes) => issueToken(ctx, accountId, scopes),
    revokeToken: (token) => revokeToken(ctx, token),
    setOAuthUser: (accountId) => setOAuthUser(ctx, accountId),
    close: listening.close,
  });
}
