/**
 * A local HTTP server that behaves like a Misskey server's API (2025.4), written
 * from Misskey's documentation (https://misskey-hub.net/docs/, the API reference)
 * and its source (misskey-dev/misskey packages/backend/src/server/api/), errors
 * included. Used by unit tests (Node), end-to-end tests (a Chromium extension over
 * http://127.0.0.1:PORT) and the demo sandbox.
 *
 *   const server = await startMisskeyServer({ maxNoteTextLength: 3000 });
 *   const { userId, token } = server.createAccount({ username: 'alice' });
 *   server.faults.failWith503 = 1;   // next /api/ request answers 503 HTML
 *   await server.close();
 *
 * Implemented: MiAuth (page with Allow/Deny, callback?session=, one-time
 * /api/miauth/:session/check), meta, i, miauth/gen-token, drive/files/create
 * (multipart, type sniffed from the bytes, md5 dedupe), notes/create, notes/show,
 * notes/delete, users/notes, NodeInfo 2.1/2.0, /files/:key, identicon avatars;
 * tokens as `i` (JSON body or multipart field) or `Authorization: Bearer`;
 * Misskey's error shape {"error": {message, code, id, kind, info?}} and statuses
 * (400 INVALID_PARAM from the endpoints' JSON schemas, 401 CREDENTIAL_REQUIRED /
 * AUTHENTICATION_FAILED, 403 PERMISSION_DENIED, 429 RATE_LIMIT_EXCEEDED, 500
 * INTERNAL_ERROR) and per-endpoint rate limits (notes/create 300/h per user, …).
 *
 * A separate process drives a running server over HTTP; see misskey/control.ts:
 *   POST /__control/faults     {"failWith503": 2}           merged into `faults`
 *   POST /__control/accounts   {"username": "alice"}        → {"userId", "token"}
 *   GET  /__control/notes                                   → stored notes (no bytes)
 *   also: GET /__control/faults, POST /__control/tokens {userId, permissions?},
 *   POST /__control/revoke {token}, POST /__control/miauth-user {userId},
 *   GET /__control/files, GET /__control/requests
 */
import { withLiveFaults } from '../common/faults.js';
import { listenOnLoopback } from '../common/listen.js';
import { createAccount, issueToken, revokeToken, setMiAuthUser } from './control.js';
import { createRequestHandler } from './server.js';
import { defaultFaults, resolveConfig, Store, type Ctx } from './state.js';
import type { MisskeyServer, MisskeyServerOptions } from './types.js';

export type {
  Faults,
  MisskeyServer,
  MisskeyServerOptions,
  MisskeySoftware,
  NoteVisibility,
  RequestLogEntry,
  StoredDriveFile,
  StoredNote,
  StoredPoll,
} from './types.js';
export { PERMISSIONS as MISSKEY_PERMISSIONS } from './state.js';

export async function startMisskeyServer(opts: MisskeyServerOptions = {}): Promise<MisskeyServer> {
  const ctx: Ctx = { cfg: resolveConfig(opts), store: new Store(), faults: defaultFaults(), url: '', host: '' };
  const listening = await listenOnLoopback(createRequestHandler(ctx), opts.port);
  ctx.host = listening.host;
  ctx.url = listening.url;

  // `faults` reads the live object the server and the control surface use; assigning merges into it.
  return withLiveFaults<MisskeyServer>(ctx.faults, {
    url: ctx.url,
    host: ctx.host,
    notes: ctx.store.notes,
    files: ctx.store.files,
    requests: ctx.store.requests,
    createAccount: (o) => createAccount(ctx, o),
    issueToken: (userId, permissions) => issueToken(ctx, userId, permissions),
    revokeToken: (token) => revokeToken(ctx, token),
    setMiAuthUser: (userId) => setMiAuthUser(ctx, userId),
    close: listening.close,
  });
}
