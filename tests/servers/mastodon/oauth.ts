/**
 * App registration and OAuth 2 (Doorkeeper as configured by Mastodon):
 *   POST /api/v1/apps                        https://docs.joinmastodon.org/methods/apps/
 *   GET|POST|DELETE /oauth/authorize         https://docs.joinmastodon.org/methods/oauth/
 *   POST /oauth/token, POST /oauth/revoke
 *   GET /.well-known/oauth-authorization-server (4.3+)
 * plus the Bearer-token checks every API endpoint runs (doorkeeper_authorize!).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { escapeHtml, fail, html, json, list, redirect, ReplyError, str, type Params, type Reply } from './http.js';
import { applicationJson, credentialApplicationJson } from './entities.js';
import { SERVER_SCOPES, secret, versionAtLeast, type AccessToken, type Account, type Call, type Ctx, type OAuthApp } from './state.js';

const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const CODE_LIFETIME_MS = 10 * 60 * 1000; // Doorkeeper's authorization_code_expires_in default

// Doorkeeper's error descriptions (config/locales/doorkeeper.en.yml).
const OAUTH_ERRORS = {
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  access_denied: 'The resource owner or authorization server denied the request.',
} as const;

function oauthError(status: number, error: string, description: string): never {
  throw new ReplyError(json(status, { error, error_description: description }, { 'cache-control': 'no-store' }));
}

function scopesFrom(value: unknown, fallback: string): string[] {
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const scopes = text.split(/[\s+]+/).filter(Boolean);
  return scopes.length ? [...new Set(scopes)] : fallback.split(' ');
}

// ---------------------------------------------------------------------------
// Bearer tokens

/** Doorkeeper reads the token from the Authorization header or an access_token param. */
function presentedToken(call: Call): string | null {
  const header = call.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m ? m[1]!.trim() : null;
  }
  return str(call.params, 'access_token') ?? null;
}

export function lookupToken(ctx: Ctx, call: Call): AccessToken | undefined {
  const raw = presentedToken(call);
  return raw ? ctx.store.tokens.get(raw) : undefined;
}

function unauthorized(description: string): never {
  fail(401, description, {
    'www-authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`,
  });
}

/**
 * doorkeeper_authorize!(*anyOf) then, for user endpoints, require_user!.
 * A token with `write` passes a `write:statuses` check, not the other way round.
 */
export function authenticate(call: Call, anyOf: string[], opts: { requireUser: boolean }): AccessToken {
  const token = lookupToken(call.ctx, call);
  if (!token) unauthorized('The access token is invalid');
  if (token.revoked) unauthorized('The access token was revoked');
  if (!anyOf.some((scope) => token.scopes.includes(scope))) fail(403, 'This action is outside the authorized scopes');
  if (opts.requireUser && !token.accountId) fail(422, 'This method requires an authenticated user');
  return token;
}

export function authenticateUser(call: Call, anyOf: string[]): { token: AccessToken; account: Account } {
  const token = authenticate(call, anyOf, { requireUser: true });
  return { token, account: call.ctx.store.accounts.get(token.accountId!)! };
}

/** authorize_if_got_token!: anonymous is fine, but a presented token must be valid and scoped. */
export function optionalUser(call: Call, anyOf: string[]): Account | null {
  if (!presentedToken(call)) return null;
  const token = authenticate(call, anyOf, { requireUser: false });
  return token.accountId ? call.ctx.store.accounts.get(token.accountId) ?? null : null;
}

export function issueToken(ctx: Ctx, appId: string, accountId: string | null, scopes: string[]): AccessToken {
  const token: AccessToken = { token: secret(), appId, accountId, scopes, revoked: false, createdAt: Math.floor(Date.now() / 1000) };
  ctx.store.tokens.set(token.token, token);
  return token;
}

/** The app that personal access tokens (createAccount/issueToken) belong to. */
export function personalApp(ctx: Ctx): OAuthApp {
  const existing = ctx.store.personalAppId && ctx.store.apps.get(ctx.store.personalAppId);
  if (existing) return existing;
  const app: OAuthApp = { id: ctx.store.newAppId(), name: 'Web', website: null, redirectUris: [OOB], scopes: ['read', 'write', 'follow', 'push'], clientId: secret(), clientSecret: secret() };
  ctx.store.apps.set(app.id, app);
  ctx.store.personalAppId = app.id;
  return app;
}

// ---------------------------------------------------------------------------
// POST /api/v1/apps

function redirectUriErrors(uris: string[]): string[] {
  const errors = new Set<string>();
  for (const uri of uris) {
    if (uri === OOB) continue;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) errors.add('Redirect URI must be an absolute URI.');
    else if (uri.includes('#')) errors.add('Redirect URI cannot contain a fragment.');
    else {
      try {
        new URL(uri);
      } catch {
        errors.add('Redirect URI must be a valid URI.');
      }
    }
  }
  return [...errors];
}

/** Mastodon 4.3 takes redirect_uris as an array or as one string of whitespace-separated URIs. */
function redirectUrisParam(params: Params): string[] {
  const asList = list(params, 'redirect_uris');
  const raw = asList ? asList.join('\n') : str(params, 'redirect_uris') ?? '';
  return raw.split(/\s+/).filter(Boolean);
}

export function createApp(call: Call): Reply {
  const { ctx, params } = call;
  const name = (str(params, 'client_name') ?? '').trim();
  const redirectUris = redirectUrisParam(params);
  const scopes = scopesFrom(params.scopes, 'read');
  const website = str(params, 'website')?.trim() || null;
  const errors: string[] = [];
  if (!name) errors.push("Application name can't be blank");
  else if ([...name].length > 60) errors.push('Application name is too long (maximum is 60 characters)');
  if (!redirectUris.length) errors.push("Redirect URI can't be blank");
  errors.push(...redirectUriErrors(redirectUris));
  if (scopes.some((s) => !SERVER_SCOPES.includes(s))) errors.push("Scopes doesn't match configured on the server.");
  if (website && !/^https?:\/\/[^\s/]+/i.test(website)) errors.push('Application website is invalid');
  if (errors.length) fail(422, `Validation failed: ${errors.join(', ')}`);
  const app: OAuthApp = { id: ctx.store.newAppId(), name, website, redirectUris, scopes, clientId: secret(), clientSecret: secret() };
  ctx.store.apps.set(app.id, app);
  return json(200, credentialApplicationJson(app));
}

export function verifyAppCredentials(call: Call): Reply {
  const token = authenticate(call, SERVER_SCOPES, { requireUser: false });
  return json(200, applicationJson(call.ctx.store.apps.get(token.appId)!));
}

// ---------------------------------------------------------------------------
// /oauth/authorize

function findApp(ctx: Ctx, clientId: string | undefined): OAuthApp | undefined {
  if (!clientId) return undefined;
  for (const app of ctx.store.apps.values()) if (app.clientId === clientId) return app;
  return undefined;
}

interface PreAuth {
  app: OAuthApp;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

function withQuery(base: string, query: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Errors Doorkeeper shows on its own page: the redirect_uri can't be trusted yet. */
function errorPage(status: number, error: string, description: string): never {
  throw new ReplyError(
    html(status, page('An error has occurred', `<h1>An error has occurred</h1><p class="error-code">${escapeHtml(error)}</p><p>${escapeHtml(description)}</p>`)),
  );
}

/** Errors after client and redirect_uri are known good go back to the client. */
function redirectError(pre: { redirectUri: string; state: string | null }, error: string, description: string): never {
  if (pre.redirectUri === OOB) errorPage(400, error, description);
  throw new ReplyError(redirect(withQuery(pre.redirectUri, { error, error_description: description, state: pre.state })));
}

function validatePreAuth(ctx: Ctx, params: Params): PreAuth {
  const app = findApp(ctx, str(params, 'client_id'));
  if (!app) errorPage(401, 'invalid_client', OAUTH_ERRORS.invalid_client);
  const redirectUri = str(params, 'redirect_uri');
  if (!redirectUri) errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri.');
  if (!app.redirectUris.includes(redirectUri)) errorPage(400, 'invalid_redirect_uri', OAUTH_ERRORS.invalid_redirect_uri);
  const pre: PreAuth = {
    app,
    redirectUri,
    scopes: scopesFrom(params.scope, 'read'),
    state: str(params, 'state') || null,
    codeChallenge: str(params, 'code_challenge') || null,
    codeChallengeMethod: str(params, 'code_challenge_method') || null,
  };
  if (str(params, 'response_type') !== 'code') redirectError(pre, 'unsupported_response_type', OAUTH_ERRORS.unsupported_response_type);
  if (pre.scopes.some((s) => !SERVER_SCOPES.includes(s) || !app.scopes.includes(s))) redirectError(pre, 'invalid_scope', OAUTH_ERRORS.invalid_scope);
  // Mastodon configures pkce_code_challenge_methods ['S256']; Doorkeeper's default method is "plain".
  if (pre.codeChallenge && (pre.codeChallengeMethod ?? 'plain') !== 'S256') {
    redirectError(pre, 'invalid_request', 'The code_challenge_method must be one of S256.');
  }
  return pre;
}

/** Who is signed in on this test server's web UI. */
function signedInAccount(ctx: Ctx): Account {
  const chosen = ctx.store.oauthUserId && ctx.store.accounts.get(ctx.store.oauthUserId);
  if (chosen) return chosen;
  const first = ctx.store.accounts.values().next().value;
  if (first) return first;
  // No account yet: sign in a default one so a demo can authorize straight away.
  const account: Account = { id: ctx.store.newAccountId(), username: 'user', displayName: 'Local User', note: '', createdAt: new Date().toISOString() };
  ctx.store.accounts.set(account.id, account);
  return account;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function hiddenFields(pre: PreAuth): string {
  const fields: Record<string, string> = {
    client_id: pre.app.clientId,
    redirect_uri: pre.redirectUri,
    state: pre.state ?? '',
    response_type: 'code',
    scope: pre.scopes.join(' '),
    code_challenge: pre.codeChallenge ?? '',
    code_challenge_method: pre.codeChallengeMethod ?? '',
  };
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
}

export function authorizePage(call: Call): Reply {
  const pre = validatePreAuth(call.ctx, call.params);
  const account = signedInAccount(call.ctx);
  const scopes = pre.scopes.map((s) => `<li class="scope">${escapeHtml(s)}</li>`).join('');
  // Like Mastodon's page: one form approves (POST), the other denies (DELETE via _method).
  return html(
    200,
    page(
      'Authorization required',
      `<h1>Authorization required</h1>` +
        `<p><strong class="app-name">${escapeHtml(pre.app.name)}</strong> would like permission to access your account ` +
        `<strong>@${escapeHtml(account.username)}</strong>. It is a third-party application. If you do not trust it, then you should not authorize it.</p>` +
        `<h2>Review permissions</h2><ul class="scopes">${scopes}</ul>` +
        `<form class="approve" method="post" action="/oauth/authorize">${hiddenFields(pre)}<button type="submit">Authorize</button></form>` +
        `<form class="deny" method="post" action="/oauth/authorize"><input type="hidden" name="_method" value="delete">${hiddenFields(pre)}<button type="submit">Deny</button></form>`,
    ),
  );
}

export function authorizeDecision(call: Call): Reply {
  const pre = validatePreAuth(call.ctx, call.params);
  if (call.method === 'DELETE' || str(call.params, '_method')?.toLowerCase() === 'delete') {
    redirectError(pre, 'access_denied', OAUTH_ERRORS.access_denied);
  }
  const account = signedInAccount(call.ctx);
  const code = secret();
  call.ctx.store.codes.set(code, {
    code,
    appId: pre.app.id,
    accountId: account.id,
    redirectUri: pre.redirectUri,
    scopes: pre.scopes,
    codeChallenge: pre.codeChallenge,
    expiresAt: Date.now() + CODE_LIFETIME_MS,
    used: false,
  });
  if (pre.redirectUri === OOB) {
    return html(200, page('Authorization code', `<p>Copy this authorization code and paste it to the application.</p><input class="oauth-code" readonly value="${escapeHtml(code)}">`));
  }
  return redirect(withQuery(pre.redirectUri, { code, state: pre.state }));
}

// ---------------------------------------------------------------------------
// POST /oauth/token and /oauth/revoke

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** client_secret_basic or client_secret_post, as Doorkeeper accepts both. */
function authenticateClient(call: Call): OAuthApp {
  let clientId = str(call.params, 'client_id');
  let clientSecret = str(call.params, 'client_secret');
  const basic = /^Basic\s+(.+)$/i.exec(call.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const app = findApp(call.ctx, clientId);
  if (!app || !clientSecret || !sameSecret(app.clientSecret, clientSecret)) oauthError(401, 'invalid_client', OAUTH_ERRORS.invalid_client);
  return app;
}

function tokenJson(token: AccessToken): Reply {
  return json(
    200,
    { access_token: token.token, token_type: 'Bearer', scope: token.scopes.join(' '), created_at: token.createdAt },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

function base64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function exchangeCode(call: Call, app: OAuthApp): Reply {
  const codeParam = str(call.params, 'code');
  if (!codeParam) oauthError(400, 'invalid_request', 'Missing required parameter: code.');
  const redirectUri = str(call.params, 'redirect_uri');
  if (!redirectUri) oauthError(400, 'invalid_request', 'Missing required parameter: redirect_uri.');
  const code = call.ctx.store.codes.get(codeParam);
  if (!code || code.used || code.expiresAt < Date.now() || code.appId !== app.id || code.redirectUri !== redirectUri) {
    oauthError(400, 'invalid_grant', OAUTH_ERRORS.invalid_grant);
  }
  if (code.codeChallenge) {
    const verifier = str(call.params, 'code_verifier');
    if (!verifier) oauthError(400, 'invalid_request', 'Missing required parameter: code_verifier.');
    // RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge
    if (base64url(createHash('sha256').update(verifier, 'ascii').digest()) !== code.codeChallenge) {
      oauthError(400, 'invalid_grant', OAUTH_ERRORS.invalid_grant);
    }
  }
  code.used = true; // single use, but only once it succeeded (Doorkeeper revokes on success)
  return tokenJson(issueToken(call.ctx, app.id, code.accountId, code.scopes));
}

export function token(call: Call): Reply {
  const grantType = str(call.params, 'grant_type');
  if (!grantType) oauthError(400, 'invalid_request', 'Missing required parameter: grant_type.');
  if (grantType !== 'authorization_code' && grantType !== 'client_credentials') {
    oauthError(400, 'unsupported_grant_type', OAUTH_ERRORS.unsupported_grant_type);
  }
  const app = authenticateClient(call);
  if (grantType === 'authorization_code') return exchangeCode(call, app);
  const scopes = scopesFrom(call.params.scope, 'read');
  if (scopes.some((s) => !app.scopes.includes(s))) oauthError(400, 'invalid_scope', OAUTH_ERRORS.invalid_scope);
  return tokenJson(issueToken(call.ctx, app.id, null, scopes));
}

export function revoke(call: Call): Reply {
  const app = authenticateClient(call);
  const raw = str(call.params, 'token');
  const found = raw ? call.ctx.store.tokens.get(raw) : undefined;
  if (found && found.appId !== app.id) oauthError(403, 'unauthorized_client', 'You are not authorized to revoke this token');
  if (found) found.revoked = true;
  return json(200, {});
}

// ---------------------------------------------------------------------------
// GET /.well-known/oauth-authorization-server (RFC 8414), added in Mastodon 4.3.

export function authorizationServerMetadata(call: Call): Reply {
  const { ctx } = call;
  if (ctx.cfg.software !== 'mastodon' || !versionAtLeast(ctx.cfg.version, '4.3')) fail(404, 'Not found');
  return json(200, {
    issuer: `${ctx.url}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${ctx.url}/oauth/authorize`,
    token_endpoint: `${ctx.url}/oauth/token`,
    app_registration_endpoint: `${ctx.url}/api/v1/apps`,
    revocation_endpoint: `${ctx.url}/oauth/revoke`,
    scopes_supported: SERVER_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    // Mastodon also lists 'password'; this server does not implement that grant.
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  });
}
