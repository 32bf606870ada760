/**
 * Tokens and MiAuth.
 *
 * AuthenticateService#authenticate: a 16-character token is a user's native token
 * (the web client's `i`, unrestricted: "secure"); anything else must be an app
 * access token, whose `permission` list is checked against each endpoint's `kind`.
 * An unknown token is 401 AUTHENTICATION_FAILED.
 *
 * MiAuth (https://misskey-hub.net/en/docs/for-developers/api/token/miauth/):
 *   1. the app opens  GET /miauth/{session}?name=&icon=&callback=&permission=a,b
 *   2. the user approves; the page calls miauth/gen-token, then (with a callback)
 *      goes to {callback}?session={session}. Denying shows "denied" and does not
 *      redirect (pages/miauth.vue: onDeny only changes the UI).
 *   3. the app calls  POST /api/miauth/{session}/check  → {ok: true, token, user}
 *      once; the token is marked fetched, so later checks answer {ok: false}
 *      (ApiServerService.ts).
 * The real page is the Vue client; this one is plain HTML with a form whose
 * buttons read "Allow" and "Deny", approving as the MiAuth user (setMiAuthUser).
 */
import { escapeHtml, html, json, redirect, type Reply } from './http.js';
import { userDetailed } from './entities.js';
import { PERMISSIONS, isNativeUserToken, secureRndstr, type AccessToken, type Account, type Ctx } from './state.js';

export class AuthenticationError extends Error {}

export interface Auth {
  user: Account | null;
  /** null for a native token (or no token). */
  token: AccessToken | null;
}

export function authenticate(ctx: Ctx, token: string | undefined): Auth {
  if (token === undefined || token === null) return { user: null, token: null };
  if (isNativeUserToken(token)) {
    const user = ctx.store.accountByNativeToken(token);
    if (!user) throw new AuthenticationError('user not found');
    return { user, token: null };
  }
  const access = ctx.store.tokens.get(token);
  if (!access) throw new AuthenticationError('invalid signature');
  const user = ctx.store.accounts.get(access.userId);
  if (!user) throw new AuthenticationError('user not found');
  return { user, token: access };
}

/** miauth/gen-token: the token an approved app gets (secureRndstr(32)). */
export function genToken(ctx: Ctx, userId: string, opts: { session: string | null; name: string | null; iconUrl: string | null; permission: string[] }): AccessToken {
  const now = Date.now();
  const token: AccessToken = {
    id: ctx.store.ids.gen(now),
    token: secureRndstr(32),
    userId,
    permission: [...new Set(opts.permission)],
    session: opts.session,
    fetched: false,
    name: opts.name,
    iconUrl: opts.iconUrl,
    createdAt: new Date(now).toISOString(),
  };
  ctx.store.tokens.set(token.token, token);
  return token;
}

/** POST /api/miauth/:session/check */
export function miauthCheck(ctx: Ctx, session: string): Reply {
  const token = [...ctx.store.tokens.values()].find((t) => t.session === session);
  if (token && token.session !== null && !token.fetched) {
    token.fetched = true;
    const user = ctx.store.accounts.get(token.userId)!;
    return json(200, { ok: true, token: token.token, user: userDetailed(ctx, user) });
  }
  return json(200, { ok: false });
}

// ---------------------------------------------------------------------------
// The MiAuth page

/** Labels of locales/en-US.yml `_permissions` for the common ones. */
const PERMISSION_LABELS: Record<string, string> = {
  'read:account': 'View your account information',
  'write:account': 'Edit your account information',
  'read:drive': 'Access your Drive files and folders',
  'write:drive': 'Edit or delete your Drive files and folders',
  'write:notes': 'Compose or delete notes',
  'read:notifications': 'View your notifications',
  'write:notifications': 'Manage your notifications',
  'read:following': 'View information on who you follow',
  'write:following': 'Follow or unfollow other accounts',
  'read:reactions': 'View your reactions',
  'write:reactions': 'Edit your reactions',
  'write:votes': 'Vote on a poll',
};

interface MiAuthRequest {
  name: string | null;
  icon: string | null;
  callback: string | null;
  /** Comma-separated as requested; unknown permissions are dropped (pages/miauth.vue). */
  permission: string[];
}

function miauthRequest(params: URLSearchParams): MiAuthRequest {
  const raw = params.get('permission');
  return {
    name: params.get('name'),
    icon: params.get('icon'),
    callback: params.get('callback'),
    permission: raw ? raw.split(',').filter((p) => (PERMISSIONS as readonly string[]).includes(p)) : [],
  };
}

function page(ctx: Ctx, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | ${escapeHtml(ctx.cfg.name)}</title></head><body><main class="miauth">${body}</main></body></html>`;
}

function miauthUser(ctx: Ctx): Account | undefined {
  const id = ctx.store.miauthUserId ?? ctx.store.accounts.keys().next().value;
  return id === undefined ? undefined : ctx.store.accounts.get(id);
}

/** GET /miauth/:session */
export function miauthPage(ctx: Ctx, session: string, query: URLSearchParams): Reply {
  const user = miauthUser(ctx);
  if (!user) return html(200, page(ctx, 'MiAuth', '<h1>Sign in</h1><p>Please sign in to continue.</p>'));
  const req = miauthRequest(query);
  const appName = req.name ?? '';
  const hidden = (name: string, value: string | null) => (value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`);
  const permissions = req.permission.length
    ? `<ul class="permissions">${req.permission.map((p) => `<li data-permission="${escapeHtml(p)}">${escapeHtml(PERMISSION_LABELS[p] ?? p)} <code>${escapeHtml(p)}</code></li>`).join('')}</ul>`
    : '<p>This application does not request any permission.</p>';
  const callback = req.callback
    ? `<div class="redirect"><p>By clicking the button, you will be redirected to the following URL</p><p class="callback">${escapeHtml(req.callback)}</p></div>`
    : '';
  const body =
    `${req.icon ? `<img class="app-icon" src="${escapeHtml(req.icon)}" alt="" width="64" height="64">` : ''}` +
    `<h1>Would you like to authorize "${escapeHtml(appName)}" to access this account?</h1>` +
    `<p class="account">Signed in as <strong>@${escapeHtml(user.username)}</strong></p>` +
    `<p>This application will be able to:</p>${permissions}${callback}` +
    `<form method="post" action="/miauth/${encodeURIComponent(session)}">` +
    hidden('name', req.name) + hidden('icon', req.icon) + hidden('callback', req.callback) + hidden('permission', req.permission.join(',')) +
    '<button type="submit" name="decision" value="deny">Deny</button> ' +
    '<button type="submit" name="decision" value="allow">Allow</button>' +
    '</form>';
  return html(200, page(ctx, 'MiAuth', body));
}

const FORBIDDEN_CALLBACK_PROTOCOLS = ['javascript:', 'file:', 'data:', 'mailto:', 'tel:', 'vbscript:'];

/** POST /miauth/:session — the page's buttons (form fields: decision, name, icon, callback, permission). */
export function miauthDecision(ctx: Ctx, session: string, form: URLSearchParams): Reply {
  const user = miauthUser(ctx);
  if (!user) return html(403, page(ctx, 'MiAuth', '<h1>Sign in</h1><p>Please sign in to continue.</p>'));
  if (form.get('decision') !== 'allow') {
    return html(200, page(ctx, 'MiAuth', '<h1 class="denied">Access denied</h1><p>The application was not granted access.</p>'));
  }
  const req = miauthRequest(form);
  genToken(ctx, user.id, { session, name: req.name, iconUrl: req.icon, permission: req.permission });
  if (req.callback) {
    let target: URL;
    try {
      target = new URL(req.callback);
    } catch {
      return html(400, page(ctx, 'MiAuth', '<h1>Error</h1><p>invalid url</p>'));
    }
    if (FORBIDDEN_CALLBACK_PROTOCOLS.includes(target.protocol)) return html(400, page(ctx, 'MiAuth', '<h1>Error</h1><p>invalid url</p>'));
    target.searchParams.set('session', session);
    return redirect(target.toString());
  }
  return html(200, page(ctx, 'MiAuth', '<h1 class="success">Access granted</h1><p>You can close this page and return to the application.</p>'));
}
