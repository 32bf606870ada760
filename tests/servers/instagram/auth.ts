/**
 * Business Login for Instagram and the tokens it yields:
 *   GET  /oauth/authorize                  www.instagram.com: the consent page (Allow / Deny)
 *   POST /oauth/authorize                  this server's form behind the two buttons
 *   POST /oauth/access_token               api.instagram.com: code → short-lived token (1 h)
 *   GET  /access_token                     graph.instagram.com: ig_exchange_token → long-lived (60 days)
 *   GET  /refresh_access_token             graph.instagram.com: ig_refresh_token, ≥ 24 h old
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 * https://developers.facebook.com/docs/instagram-platform/reference/access_token
 * https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token
 * plus the token check every Graph endpoint runs.
 */
import { timingSafeEqual } from 'node:crypto';
import { escapeHtml, fail, html, json, redirect, str, type Reply } from './http.js';
import { invalidParameter, missingParameter, permissionMissing, tokenExpired, tokenInvalid, tokenInvalidated, tokenMissing, tokenRevoked } from './errors.js';
import { DAY_MS, HOUR_MS, LONG_LIVED_MS, PERMISSIONS, secret, SHORT_LIVED_MS, type AccessToken, type Account, type Call, type Ctx } from './state.js';

// ---------------------------------------------------------------------------
// Tokens

/** Instagram User tokens from Instagram Login start with "IG" (IGAA…, IGQV…). */
function newTokenString(): string {
  return `IGAA${secret(48)}`;
}

export function issueAccessToken(ctx: Ctx, userId: string, kind: 'short' | 'long', permissions: string[], issuedAt = Date.now()): AccessToken {
  const token: AccessToken = {
    token: newTokenString(),
    userId,
    kind,
    permissions: [...permissions],
    issuedAt,
    expiresAt: issuedAt + (kind === 'short' ? SHORT_LIVED_MS : LONG_LIVED_MS),
    revoked: false,
  };
  ctx.store.tokens.set(token.token, token);
  return token;
}

/** Graph reads the token from `Authorization: Bearer|OAuth …` or an access_token parameter. */
function presentedToken(call: Call): string | null {
  const header = call.headers.authorization;
  if (header) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
    if (m) return m[1]!.trim();
  }
  return str(call.params, 'access_token')?.trim() || null;
}

/**
 * The check behind every Graph endpoint: a token is present, known, not revoked,
 * not expired, and carries `permission` when one is needed.
 */
export function authenticate(call: Call, permission: string | null, opts: { forMe?: boolean } = {}): { token: AccessToken; account: Account } {
  const raw = presentedToken(call);
  if (!raw) tokenMissing(opts.forMe ?? false);
  const { ctx } = call;
  if (ctx.faults.invalidateTokenNext > 0) {
    ctx.faults.invalidateTokenNext--;
    tokenInvalidated();
  }
  const token = ctx.store.tokens.get(raw);
  if (!token) tokenInvalid();
  if (token.revoked) tokenRevoked(ctx.store.app.clientId);
  if (Date.now() >= token.expiresAt) tokenExpired(token.expiresAt);
  const account = ctx.store.accounts.get(token.userId);
  if (!account) tokenInvalid();
  if (permission && !token.permissions.includes(permission)) permissionMissing();
  return { token, account };
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** "expires_in": seconds left, as the samples show (5183944 for a fresh 60-day token). */
function expiresIn(token: AccessToken): number {
  return Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
}

function longLivedJson(token: AccessToken): Reply {
  return json(200, { access_token: token.token, token_type: 'bearer', expires_in: expiresIn(token) });
}

// ---------------------------------------------------------------------------
// GET /access_token?grant_type=ig_exchange_token&client_secret&access_token

export function exchangeToken(call: Call): Reply {
  const { ctx, params } = call;
  const grantType = str(params, 'grant_type');
  if (!grantType) missingParameter('grant_type');
  if (grantType !== 'ig_exchange_token') invalidParameter(`Unsupported grant_type: ${grantType}`);
  const clientSecret = str(params, 'client_secret');
  if (!clientSecret) missingParameter('client_secret');
  // Graph's answer to a wrong app secret (OAuthException, code 101). [CHOSEN: code as for app credentials]
  if (!sameSecret(clientSecret, ctx.store.app.clientSecret)) fail(400, { message: 'Error validating client secret.', code: 101 });
  const { token } = authenticate(call, null);
  // Only short-lived tokens are exchanged. Developers passing a long-lived one report
  // error 452 "Session key invalid" [SEEN]; the docs only say "short-lived".
  if (token.kind !== 'short') {
    fail(400, { message: 'Session key invalid. This could be because the session key has an incorrect format, or because the user has revoked this session', code: 452 });
  }
  return longLivedJson(issueAccessToken(ctx, token.userId, 'long', token.permissions));
}

// ---------------------------------------------------------------------------
// GET /refresh_access_token?grant_type=ig_refresh_token&access_token

/**
 * "Refresh a long-lived access token that is at least 24 hours old but has not
 * expired", with instagram_business_basic granted. The docs name no error for a
 * token that is too young (or short-lived); [CHOSEN] Graph's parameter error
 * (code 100, HTTP 400) — not 190, since the token itself is still good.
 */
export function refreshToken(call: Call): Reply {
  const { ctx, params } = call;
  const grantType = str(params, 'grant_type');
  if (!grantType) missingParameter('grant_type');
  if (grantType !== 'ig_refresh_token') invalidParameter(`Unsupported grant_type: ${grantType}`);
  const { token } = authenticate(call, 'instagram_business_basic');
  if (token.kind !== 'long') invalidParameter('Only long-lived access tokens can be refreshed');
  if (Date.now() - token.issuedAt < DAY_MS) {
    const hours = ((Date.now() - token.issuedAt) / HOUR_MS).toFixed(1);
    fail(400, {
      message: '(#100) The access token can only be refreshed when it is at least 24 hours old',
      code: 100,
      error_user_msg: `This long-lived token was issued ${hours} hours ago; refresh it once it is at least 24 hours old.`,
    });
  }
  // Refreshed tokens are valid for 60 days from now; the old one keeps its own expiry.
  return longLivedJson(issueAccessToken(ctx, token.userId, 'long', token.permissions));
}

// ---------------------------------------------------------------------------
// www.instagram.com/oauth/authorize

const CODE_LIFETIME_MS = HOUR_MS; // "This code is valid for 1 hour and can only be used once."

interface PreAuth {
  redirectUri: string;
  permissions: string[];
  state: string | null;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** Instagram shows request errors on its own page: the redirect_uri cannot be trusted yet. */
function errorPage(message: string): never {
  throw Object.assign(new Error(message), { page: html(400, page('Instagram', `<h1>Invalid Request</h1><p class="error">${escapeHtml(message)}</p>`)) });
}

function redirectAllowed(ctx: Ctx, uri: string): boolean {
  if (ctx.cfg.redirectUris) return ctx.cfg.redirectUris.includes(uri);
  try {
    new URL(uri);
    return true;
  } catch {
    return false;
  }
}

/** scope: "A comma-separated or URL-encoded space-separated list of permissions". */
function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];
}

function validatePreAuth(call: Call): PreAuth {
  const { ctx, params } = call;
  if (str(params, 'client_id') !== ctx.store.app.clientId) errorPage('Invalid Request: Request parameters are invalid: Invalid platform app');
  const redirectUri = str(params, 'redirect_uri');
  if (!redirectUri || !redirectAllowed(ctx, redirectUri)) errorPage('Invalid Request: Request parameters are invalid: Invalid redirect_uri');
  if (str(params, 'response_type') !== 'code') errorPage('Invalid Request: Request parameters are invalid: Invalid response_type');
  const permissions = parseScope(str(params, 'scope'));
  const unknown = permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknown.length) errorPage(`Invalid Scopes: ${unknown.join(', ')}`);
  // "instagram_basic or instagram_business_basic is required" (oauth-authorize reference).
  if (!permissions.includes('instagram_business_basic')) errorPage('Invalid Scopes: instagram_business_basic is required');
  return { redirectUri, permissions, state: str(params, 'state') ?? null };
}

function withQuery(base: string, query: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Who is signed in to Instagram in this browser. */
function signedInAccount(ctx: Ctx): Account {
  const chosen = ctx.store.oauthUserId && ctx.store.accounts.get(ctx.store.oauthUserId);
  if (chosen) return chosen;
  const first = ctx.store.accounts.values().next().value;
  if (first) return first;
  // No account yet: sign in a default one so a demo can authorize straight away.
  const account: Account = { userId: ctx.store.newUserId(), appScopedId: ctx.store.newAppScopedId(), username: 'local.user', name: 'Local User', accountType: 'BUSINESS', createdAt: Date.now() };
  ctx.store.accounts.set(account.userId, account);
  return account;
}

const PERMISSION_LABELS: Record<string, string> = {
  instagram_business_basic: 'Access profile and media',
  instagram_business_content_publish: 'Publish content',
  instagram_business_manage_messages: 'Manage and access messages',
  instagram_business_manage_comments: 'Access and manage comments',
  instagram_business_manage_insights: 'Access insights',
};

function hiddenFields(call: Call, pre: PreAuth): string {
  const fields: Record<string, string> = {
    client_id: call.ctx.store.app.clientId,
    redirect_uri: pre.redirectUri,
    response_type: 'code',
    scope: pre.permissions.join(','),
    state: pre.state ?? '',
  };
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
}

function withErrorPage(run: () => Reply): Reply {
  try {
    return run();
  } catch (error) {
    const pageReply = (error as { page?: Reply }).page;
    if (pageReply) return pageReply;
    throw error;
  }
}

export function authorizePage(call: Call): Reply {
  return withErrorPage(() => {
    const pre = validatePreAuth(call);
    const account = signedInAccount(call.ctx);
    const items = pre.permissions.map((p) => `<li class="permission" data-permission="${p}">${escapeHtml(PERMISSION_LABELS[p] ?? p)}</li>`).join('');
    return html(
      200,
      page(
        'Instagram',
        `<h1>Allow <span class="app-name">${escapeHtml(call.ctx.store.app.name)}</span> to access your account?</h1>` +
          `<p>Logged in as <strong class="username">${escapeHtml(account.username)}</strong></p>` +
          `<p>${escapeHtml(call.ctx.store.app.name)} is requesting to do the following:</p><ul class="permissions">${items}</ul>` +
          `<form class="allow" method="post" action="/oauth/authorize">${hiddenFields(call, pre)}<input type="hidden" name="decision" value="allow"><button type="submit">Allow</button></form>` +
          `<form class="deny" method="post" action="/oauth/authorize">${hiddenFields(call, pre)}<input type="hidden" name="decision" value="deny"><button type="submit">Deny</button></form>`,
      ),
    );
  });
}

export function authorizeDecision(call: Call): Reply {
  return withErrorPage(() => {
    const pre = validatePreAuth(call);
    if (str(call.params, 'decision') !== 'allow') {
      // "Canceled authorization": error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request
      return redirect(withQuery(pre.redirectUri, { error: 'access_denied', error_reason: 'user_denied', error_description: 'The user denied your request', state: pre.state }));
    }
    const account = signedInAccount(call.ctx);
    const code = `AQ${secret(96)}`;
    call.ctx.store.codes.set(code, { code, userId: account.userId, redirectUri: pre.redirectUri, permissions: pre.permissions, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false });
    // "The #_ appended to the end of the redirect URI is not part of the code itself, so strip it out."
    return redirect(`${withQuery(pre.redirectUri, { code, state: pre.state })}#_`);
  });
}

// ---------------------------------------------------------------------------
// api.instagram.com/oauth/access_token

/**
 * api.instagram.com answers its own error shape [LOGIN]:
 * {"error_type": "OAuthException", "code": 400, "error_message": "Matching code was not found or was already used"}.
 * Only that message is documented; the others are [CHOSEN].
 */
function oauthError(message: string): never {
  throw Object.assign(new Error(message), { page: json(400, { error_type: 'OAuthException', code: 400, error_message: message }) });
}

export function exchangeCode(call: Call): Reply {
  return withErrorPage(() => {
    const { ctx, params } = call;
    for (const field of ['client_id', 'client_secret', 'grant_type', 'redirect_uri', 'code']) {
      if (!str(params, field)) oauthError(`You must provide a ${field}`);
    }
    if (str(params, 'client_id') !== ctx.store.app.clientId) oauthError('Invalid platform app');
    if (!sameSecret(str(params, 'client_secret')!, ctx.store.app.clientSecret)) oauthError('Error validating client secret.');
    if (str(params, 'grant_type') !== 'authorization_code') oauthError('Invalid grant_type');
    // The docs show the code with "#_" still attached as a mistake to avoid; it does not match.
    const code = ctx.store.codes.get(str(params, 'code')!);
    if (!code || code.used || Date.now() >= code.expiresAt) oauthError('Matching code was not found or was already used');
    // "This must be the same URI or we will reject the request."
    if (code.redirectUri !== str(params, 'redirect_uri')) oauthError("Redirect URI doesn't match original redirect URI");
    code.used = true;
    const token = issueAccessToken(ctx, code.userId, 'short', code.permissions);
    const account = ctx.store.accounts.get(code.userId)!;
    if (ctx.cfg.tokenResponseShape === 'flat') {
      // user_id as a bare JSON number with all its digits, as reported: beyond 2^53, so
      // JSON.parse rounds it — a client must not take the id from here as a number.
      const body = `{"access_token":${JSON.stringify(token.token)},"user_id":${account.appScopedId},"permissions":${JSON.stringify(token.permissions)}}`;
      return { status: 200, contentType: 'application/json; charset=utf-8', body };
    }
    // As documented: a data array, user_id a string, permissions comma-separated.
    return json(200, { data: [{ access_token: token.token, user_id: account.appScopedId, permissions: token.permissions.join(',') }] });
  });
}
