/**
 * Authorization and tokens, as Meta documents them for Threads:
 *   GET|POST /oauth/authorize         the Authorization Window (threads.net / threads.com)
 *   POST /oauth/access_token          code → short-lived token (1 h)
 *   GET  /access_token                th_exchange_token: short-lived → long-lived (60 days)
 *   GET  /refresh_access_token        th_refresh_token: long-lived, ≥ 24 h old, unexpired → 60 days again
 *   GET  /debug_token                 what a token is
 * https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
 * https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
 * https://developers.facebook.com/documentation/threads/troubleshooting/debug-access-token
 * plus the token check every Graph endpoint runs.
 */
import { ERRORS } from './errors.js';
import { escapeHtml, fail, html, invalidParam, json, redirect, str, type Reply } from './http.js';
import {
  DATA_ACCESS_MS,
  KNOWN_SCOPES,
  LONG_LIVED_MS,
  newToken,
  REFRESH_MIN_AGE_MS,
  secret,
  SHORT_LIVED_MS,
  type AccessToken,
  type Account,
  type Call,
  type Ctx,
  type Params,
} from './state.js';

// ---------------------------------------------------------------------------
// Tokens

export function issueToken(ctx: Ctx, userId: string, kind: AccessToken['kind'], scopes: string[], issuedAt = Date.now()): AccessToken {
  const token: AccessToken = {
    token: newToken(),
    userId,
    kind,
    scopes: [...scopes],
    issuedAt,
    expiresAt: issuedAt + (kind === 'short' ? SHORT_LIVED_MS : LONG_LIVED_MS),
    revoked: false,
  };
  ctx.store.tokens.set(token.token, token);
  return token;
}

/**
 * Where Graph reads a token: the access_token parameter (query or body, as the
 * docs' curl examples send it) or an Authorization header (Bearer, or Graph's
 * older "OAuth" scheme).
 */
export function presentedToken(call: Call): string | null {
  const header = call.headers.authorization;
  if (header) {
    const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header.trim());
    if (m) return m[1]!;
  }
  const param = str(call.params, 'access_token');
  return param ? param : null;
}

/** Why a token does not work now, or null when it does. */
function tokenProblem(ctx: Ctx, token: AccessToken | undefined, now = Date.now()) {
  if (!token) return ERRORS.invalidToken();
  if (token.revoked) return ERRORS.revokedToken(ctx.store.app.clientId);
  if (token.expiresAt <= now) return ERRORS.expiredToken(token.expiresAt, now);
  return null;
}

/** The token check of every Graph endpoint; `scopes` are the permissions this one needs besides threads_basic. */
export function authenticate(call: Call, scopes: string[] = []): { token: AccessToken; account: Account } {
  const raw = presentedToken(call);
  if (!raw) fail(ERRORS.tokenRequired());
  const token = call.ctx.store.tokens.get(raw);
  const problem = tokenProblem(call.ctx, token);
  if (problem || !token) fail(problem ?? ERRORS.invalidToken());
  // "threads_basic — Required for all Threads endpoints" (get-started).
  for (const scope of ['threads_basic', ...scopes]) if (!token.scopes.includes(scope)) fail(ERRORS.permission(scope));
  const account = call.ctx.store.accounts.get(token.userId);
  if (!account) fail(ERRORS.invalidToken());
  return { token, account };
}

function expiresIn(token: AccessToken): number {
  return Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000));
}

// ---------------------------------------------------------------------------
// The Authorization Window

interface PreAuth {
  redirectUri: string;
  scopes: string[];
  state: string | null;
}

function errorPage(message: string): Reply {
  return html(400, page('Error', `<h1>Something went wrong</h1><p class="error">${escapeHtml(message)}</p>`));
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} • Threads</title></head><body>${body}</body></html>`;
}

/** "Make sure this exactly matches one of the base URIs in your list of valid OAuth URIs." */
function redirectAllowed(ctx: Ctx, uri: string): boolean {
  if (ctx.cfg.redirectUris) return ctx.cfg.redirectUris.includes(uri);
  try {
    const url = new URL(uri);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash;
  } catch {
    return false;
  }
}

/** "A comma-separated list, or URL-encoded space-separated list, of permissions" — threads_basic required. */
function parseScopes(value: string | undefined): string[] | string {
  const scopes = [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];
  if (!scopes.includes('threads_basic')) return 'The threads_basic permission is required.';
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
  if (unknown.length) return `Invalid Scopes: ${unknown.join(', ')}`;
  return scopes;
}

/** Problems before a redirect is safe are shown on the page; nothing redirects to an unchecked URI. */
function validatePreAuth(ctx: Ctx, params: Params): PreAuth | Reply {
  if (str(params, 'client_id') !== ctx.store.app.clientId) return errorPage('Invalid platform app');
  const redirectUri = str(params, 'redirect_uri');
  if (!redirectUri || !redirectAllowed(ctx, redirectUri)) {
    return errorPage("URL blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.");
  }
  if (str(params, 'response_type') !== 'code') return errorPage('Invalid response_type: set it to code.');
  const scopes = parseScopes(str(params, 'scope'));
  if (typeof scopes === 'string') return errorPage(scopes);
  return { redirectUri, scopes, state: str(params, 'state') ?? null };
}

/** Who is signed in on threads.net here: setOAuthUser's choice, else the first account, else a fresh one. */
function signedInAccount(ctx: Ctx): Account {
  const chosen = ctx.store.oauthUserId ? ctx.store.accounts.get(ctx.store.oauthUserId) : undefined;
  if (chosen) return chosen;
  const first = ctx.store.accounts.values().next().value;
  if (first) return first;
  const account: Account = { id: ctx.store.newUserId(), username: 'threads_user', name: 'Threads User', biography: '' };
  ctx.store.accounts.set(account.id, account);
  return account;
}

/**
 * The redirect back. "#_ will be appended to the end of the redirect URI, but it
 * is not part of the code itself" (get-access-tokens-and-permissions); the
 * denial gets it too here, as it goes through the same redirect.
 */
function redirectBack(uri: string, params: Record<string, string | null>): Reply {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  url.hash = '_';
  return redirect(url.toString());
}

export function authorizePage(call: Call): Reply {
  const { ctx } = call;
  const pre = validatePreAuth(ctx, call.params);
  if ('status' in pre) return pre;
  const account = signedInAccount(ctx);
  const fields = { client_id: ctx.store.app.clientId, redirect_uri: pre.redirectUri, scope: pre.scopes.join(','), response_type: 'code', state: pre.state ?? '' };
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
  const scopes = pre.scopes.map((s) => `<li class="scope">${escapeHtml(s)}</li>`).join('');
  return html(
    200,
    page(
      'Authorize',
      `<h1>Allow <strong class="app-name">${escapeHtml(ctx.store.app.name)}</strong> to access your Threads profile?</h1>` +
        `<p>Signed in as <strong class="username">@${escapeHtml(account.username)}</strong>.</p>` +
        `<ul class="scopes">${scopes}</ul>` +
        `<form class="allow" method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="decision" value="allow"><button type="submit">Allow</button></form>` +
        `<form class="deny" method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="decision" value="deny"><button type="submit">Deny</button></form>`,
    ),
  );
}

export function authorizeDecision(call: Call): Reply {
  const { ctx } = call;
  const pre = validatePreAuth(ctx, call.params);
  if ('status' in pre) return pre;
  if (str(call.params, 'decision') !== 'allow') {
    // Not documented for Threads: the denial parameters of the Instagram authorization
    // window the Threads one comes from (error, error_reason, error_description).
    return redirectBack(pre.redirectUri, {
      error: 'access_denied',
      error_reason: 'user_denied',
      error_description: 'The user denied your request',
      state: pre.state,
    });
  }
  const account = signedInAccount(ctx);
  const code = `AQ${secret(96)}`;
  // "Authorization codes are valid for 1 hour and can only be used once."
  ctx.store.codes.set(code, { code, userId: account.id, redirectUri: pre.redirectUri, scopes: pre.scopes, expiresAt: Date.now() + SHORT_LIVED_MS, used: false });
  return redirectBack(pre.redirectUri, { code, state: pre.state });
}

// ---------------------------------------------------------------------------
// POST /oauth/access_token

function checkSecret(ctx: Ctx, params: Params): void {
  if (str(params, 'client_secret') !== ctx.store.app.clientSecret) fail(ERRORS.invalidSecret());
}

export function exchangeCode(call: Call): Reply {
  const { ctx, params } = call;
  if (str(params, 'client_id') !== ctx.store.app.clientId) fail(ERRORS.invalidAppId());
  checkSecret(ctx, params);
  const grant = str(params, 'grant_type');
  if (grant !== 'authorization_code') fail(ERRORS.unsupportedGrant(grant));
  const codeParam = str(params, 'code');
  if (!codeParam) invalidParam('(#100) The parameter code is required', { type: 'OAuthException' });
  const redirectUri = str(params, 'redirect_uri');
  if (!redirectUri) invalidParam('(#100) The parameter redirect_uri is required', { type: 'OAuthException' });
  const code = ctx.store.codes.get(codeParam);
  if (!code) fail(ERRORS.codeInvalid());
  if (code.used) fail(ERRORS.codeUsed());
  if (code.expiresAt <= Date.now()) fail(ERRORS.codeExpired());
  // "This must be the same URI or the request will be rejected."
  if (code.redirectUri !== redirectUri) fail(ERRORS.codeRedirectMismatch());
  code.used = true;
  const token = issueToken(ctx, code.userId, 'short', code.scopes);
  // The official Postman collection's example answer: {"access_token": "string", "user_id": "string"}.
  return json(200, { access_token: token.token, user_id: token.userId });
}

// ---------------------------------------------------------------------------
// GET /access_token and GET /refresh_access_token

export function exchangeForLongLived(call: Call): Reply {
  const { ctx, params } = call;
  const grant = str(params, 'grant_type');
  if (grant !== 'th_exchange_token') fail(ERRORS.unsupportedGrant(grant));
  checkSecret(ctx, params);
  // "Expired short-lived tokens cannot be exchanged for long-lived tokens."
  const { token } = authenticate(call);
  if (token.kind !== 'short') fail(ERRORS.notShortLived());
  const long = issueToken(ctx, token.userId, 'long', token.scopes);
  return json(200, { access_token: long.token, token_type: 'bearer', expires_in: expiresIn(long) });
}

export function refreshLongLived(call: Call): Reply {
  const { ctx, params } = call;
  const grant = str(params, 'grant_type');
  if (grant !== 'th_refresh_token') fail(ERRORS.unsupportedGrant(grant));
  // An expired token answers 190: "Tokens that have not been refreshed in 60 days will expire and can no longer be refreshed."
  const { token } = authenticate(call);
  if (token.kind !== 'long') fail(ERRORS.notLongLived());
  if (Date.now() - token.issuedAt < REFRESH_MIN_AGE_MS) fail(ERRORS.refreshTooEarly());
  // A new string valid 60 days from now; the docs do not say the old one stops working, so it runs to its own expiry.
  const fresh = issueToken(ctx, token.userId, 'long', token.scopes);
  return json(200, { access_token: fresh.token, token_type: 'bearer', expires_in: expiresIn(fresh) });
}

// ---------------------------------------------------------------------------
// GET /debug_token

const seconds = (ms: number) => Math.floor(ms / 1000);

export function debugToken(call: Call): Reply {
  const { ctx, params } = call;
  // "it is required to provide a user access token ... associated with the same app" (there is one app here).
  authenticate(call);
  const input = str(params, 'input_token');
  if (!input) invalidParam('(#100) The parameter input_token is required');
  const token = ctx.store.tokens.get(input);
  if (!token) {
    // Graph's answer for a string that is no token at all.
    return json(200, { data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] } });
  }
  const problem = tokenProblem(ctx, token);
  const data: Record<string, unknown> = {
    type: 'USER',
    application: ctx.store.app.name,
    data_access_expires_at: seconds(token.issuedAt + DATA_ACCESS_MS),
    expires_at: seconds(token.expiresAt),
    is_valid: problem === null,
    issued_at: seconds(token.issuedAt),
    scopes: token.scopes,
    user_id: token.userId,
  };
  if (problem) data.error = { code: problem.code, message: problem.message, ...(problem.subcode !== undefined ? { subcode: problem.subcode } : {}) };
  return json(200, { data });
}
