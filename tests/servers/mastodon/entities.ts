/**
 * JSON entities, shaped after https://docs.joinmastodon.org/entities/
 * (Account, CredentialAccount, MediaAttachment, Status, Application).
 */
import { escapeHtml } from './http.js';
import { extractEntities, formatStatusHtml } from './text.js';
import type { Account, Ctx, OAuthApp } from './state.js';
import type { StoredMedia, StoredStatus } from './types.js';

export function profileUrl(ctx: Ctx, account: Account): string {
  return `${ctx.url}/@${account.username}`;
}

export function avatarUrl(ctx: Ctx, account: Account): string {
  return `${ctx.url}/avatars/${account.id}.png`;
}

/** Account#created_at "resolves to midnight" since 3.4.0. */
function midnight(iso: string): string {
  return `${iso.slice(0, 10)}T00:00:00.000Z`;
}

export function accountJson(ctx: Ctx, account: Account): Record<string, unknown> {
  const own = ctx.store.statuses.filter((s) => s.accountId === account.id);
  const noteHtml = account.note ? `<p>${escapeHtml(account.note)}</p>` : '';
  return {
    id: account.id,
    username: account.username,
    acct: account.username,
    display_name: account.displayName,
    locked: false,
    bot: false,
    discoverable: true,
    indexable: false,
    group: false,
    created_at: midnight(account.createdAt),
    note: noteHtml,
    url: profileUrl(ctx, account),
    uri: `${ctx.url}/users/${account.username}`,
    avatar: avatarUrl(ctx, account),
    avatar_static: avatarUrl(ctx, account),
    header: `${ctx.url}/headers/original/missing.png`,
    header_static: `${ctx.url}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: own.length,
    last_status_at: own.length ? own.at(-1)!.createdAt.slice(0, 10) : null,
    hide_collections: null,
    noindex: false,
    emojis: [],
    roles: [],
    fields: [],
  };
}

export function credentialAccountJson(ctx: Ctx, account: Account): Record<string, unknown> {
  return {
    ...accountJson(ctx, account),
    source: {
      privacy: 'public',
      sensitive: false,
      language: '',
      note: account.note,
      fields: [],
      follow_requests_count: 0,
      hide_collections: null,
      discoverable: true,
      indexable: false,
      attribution_domains: [],
    },
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false },
  };
}

export function mediaJson(media: StoredMedia): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (media.focus) {
    const [x, y] = media.focus.split(',').map(Number);
    meta.focus = { x, y };
  }
  if (media.width && media.height) {
    const dims = { width: media.width, height: media.height, size: `${media.width}x${media.height}`, aspect: media.width / media.height };
    meta.original = dims;
    meta.small = dims;
  }
  return {
    id: media.id,
    type: media.type,
    url: media.processed ? media.url : null,
    preview_url: media.previewUrl,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta,
    description: media.description,
    blurhash: media.type === 'image' || media.type === 'gifv' ? 'UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}' : null,
  };
}

export function statusJson(ctx: Ctx, status: StoredStatus, opts: { source?: boolean } = {}): Record<string, unknown> {
  const account = ctx.store.accounts.get(status.accountId)!;
  const parent = status.inReplyToId ? ctx.store.findStatus(status.inReplyToId) : undefined;
  const mentions: Record<string, unknown>[] = [];
  const content = formatStatusHtml(status.text, {
    baseUrl: ctx.url,
    resolveMention: (username, domain) => {
      if (domain && domain !== ctx.host) return null;
      const target = ctx.store.accountByUsername(username);
      if (!target) return null;
      if (!mentions.some((m) => m.id === target.id)) {
        mentions.push({ id: target.id, username: target.username, url: profileUrl(ctx, target), acct: target.username });
      }
      return { url: profileUrl(ctx, target), username: target.username };
    },
  });
  const tags = extractEntities(status.text).flatMap((e) =>
    e.kind === 'hashtag' ? [{ name: e.name.toLowerCase(), url: `${ctx.url}/tags/${encodeURIComponent(e.name.toLowerCase())}` }] : [],
  );
  return {
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: parent?.accountId ?? null,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: status.language,
    uri: status.uri,
    url: status.url,
    replies_count: ctx.store.statuses.filter((s) => s.inReplyToId === status.id).length,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false,
    content,
    ...(opts.source ? { text: status.text } : {}),
    filtered: [],
    reblog: null,
    application: status.application,
    account: accountJson(ctx, account),
    media_attachments: status.media.map(mediaJson),
    mentions,
    tags,
    emojis: [],
    card: null,
    poll: null,
  };
}

/** A fixed, valid-looking VAPID public key (push is not implemented). */
export const VAPID_KEY = 'BCkMmVdKDnKYwzVCDC99Iuc9GvId-x7-kKtuHnLgfF98ENiZp_aj-UNthbCdI70DqN1zUVis-x0Wrot2sBagkMc=';

/** CredentialApplication (POST /api/v1/apps). */
export function credentialApplicationJson(app: OAuthApp): Record<string, unknown> {
  return {
    ...applicationJson(app),
    client_id: app.clientId,
    client_secret: app.clientSecret,
    client_secret_expires_at: 0,
  };
}

/** Application (GET /api/v1/apps/verify_credentials). */
export function applicationJson(app: OAuthApp): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: VAPID_KEY,
  };
}
