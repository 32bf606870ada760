/**
 * Reading accounts and media:
 *   GET /me, GET /{ig-user-id}           the IG User (Instagram Login fields)
 *   GET /{ig-user-id}/media              published media, newest first, paged
 *   GET /{ig-media-id}, …/children       an IG Media and an album's children
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
 * https://developers.facebook.com/docs/instagram-platform/reference/instagram-media
 * plus the web side of this origin: permalinks (/p/SHORTCODE/), image files, avatars.
 */
import { authenticate } from './auth.js';
import { invalidParameter, unsupportedRequest } from './errors.js';
import { escapeHtml, html, json, parseFields, renderFields, str, type FieldRequest, type Reply } from './http.js';
import { makeJpeg } from './jpeg.js';
import { ownAccount } from './publishing.js';
import type { Account, Call, Ctx, MediaObject } from './state.js';

const BASIC = 'instagram_business_basic';

// ---------------------------------------------------------------------------
// IG User

/**
 * With Instagram Login, `id` is the app-scoped id and `user_id` the professional
 * account id ("use user_id to publish"); both name the account in paths here.
 * Without `fields`, Graph answers the id only.
 */
export function userNode(call: Call, id: string): Reply {
  const account = ownAccount(call, id, BASIC);
  const { ctx } = call;
  const count = ctx.store.posts.filter((p) => p.userId === account.userId).length;
  const body = renderFields(
    parseFields(str(call.params, 'fields')),
    ['id'],
    {
      id: () => account.appScopedId,
      user_id: () => account.userId,
      username: () => account.username,
      name: () => account.name,
      account_type: () => account.accountType,
      profile_picture_url: () => `${ctx.url}/avatars/${account.userId}.jpg`,
      followers_count: () => 0,
      follows_count: () => 0,
      media_count: () => count,
      biography: () => undefined,
      website: () => undefined,
    },
    'User',
  );
  return json(200, body);
}

// ---------------------------------------------------------------------------
// IG Media

function mediaUrl(ctx: Ctx, media: MediaObject): string | undefined {
  return media.imageIndex === null ? undefined : `${ctx.url}/media/${media.id}.jpg`;
}

function childrenOf(ctx: Ctx, media: MediaObject): MediaObject[] {
  if (media.isChild || media.mediaType !== 'CAROUSEL_ALBUM') return [];
  return media.post.childIds.map((id) => ctx.store.media.get(id)!);
}

/** The fields of one IG Media; `sub` selects the children's fields. */
function mediaFields(ctx: Ctx, media: MediaObject, account: Account, fields: FieldRequest[] | null): Record<string, unknown> {
  const { post } = media;
  const image = media.imageIndex === null ? null : post.images[media.imageIndex]!;
  return renderFields(
    fields,
    ['id'],
    {
      id: () => media.id,
      media_type: () => media.mediaType,
      media_product_type: () => 'FEED',
      // "Excludes album children."
      caption: () => (media.isChild ? undefined : post.caption ?? undefined),
      alt_text: () => image?.altText ?? undefined,
      media_url: () => mediaUrl(ctx, media),
      // "Some fields, such as permalink, cannot be used on photos within albums (children)."
      permalink: () => (media.isChild ? undefined : post.permalink),
      shortcode: () => post.shortcode,
      timestamp: () => media.timestamp,
      username: () => account.username,
      owner: () => ({ id: account.userId }),
      is_comment_enabled: () => (media.isChild ? undefined : true),
      comments_count: () => 0,
      like_count: () => 0,
      thumbnail_url: () => undefined, // VIDEO only
      children: (sub) => {
        const kids = childrenOf(ctx, media);
        return kids.length ? { data: kids.map((k) => mediaFields(ctx, k, account, sub)) } : undefined;
      },
    },
    'IGMedia',
  );
}

function ownMedia(call: Call, media: MediaObject): Account {
  const { account } = authenticate(call, BASIC);
  if (media.userId !== account.userId) unsupportedRequest(call.method, media.id);
  return account;
}

export function mediaNode(call: Call, media: MediaObject): Reply {
  const account = ownMedia(call, media);
  return json(200, mediaFields(call.ctx, media, account, parseFields(str(call.params, 'fields'))));
}

export function mediaChildren(call: Call, media: MediaObject): Reply {
  const account = ownMedia(call, media);
  const fields = parseFields(str(call.params, 'fields'));
  return json(200, { data: childrenOf(call.ctx, media).map((k) => mediaFields(call.ctx, k, account, fields)) });
}

// ---------------------------------------------------------------------------
// GET /{ig-user-id}/media: newest first, cursor paging, since/until

const cursorOf = (id: string) => Buffer.from(id).toString('base64url');
const idOfCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

function unixParam(call: Call, name: string): number | null {
  const value = str(call.params, name);
  if (value === undefined || value === '') return null;
  const n = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(n)) invalidParameter(`Param ${name} must be a Unix timestamp or a date`);
  return n;
}

export function userMedia(call: Call, id: string): Reply {
  const { ctx } = call;
  const account = ownAccount(call, id, BASIC);
  const limitParam = str(call.params, 'limit');
  const limit = limitParam === undefined ? 25 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1) invalidParameter('Param limit must be a positive integer');
  const since = unixParam(call, 'since');
  const until = unixParam(call, 'until');
  let list = ctx.store.posts
    .filter((p) => p.userId === account.userId)
    .map((p) => ctx.store.media.get(p.id)!)
    .filter((m) => (since === null || Date.parse(m.timestamp) >= since) && (until === null || Date.parse(m.timestamp) <= until))
    .reverse();
  const after = str(call.params, 'after');
  const before = str(call.params, 'before');
  if (after) {
    const at = list.findIndex((m) => m.id === idOfCursor(after));
    list = at === -1 ? [] : list.slice(at + 1);
  } else if (before) {
    const at = list.findIndex((m) => m.id === idOfCursor(before));
    list = at === -1 ? [] : list.slice(Math.max(0, at - limit), at);
  }
  const page = list.slice(0, limit);
  const fields = parseFields(str(call.params, 'fields'));
  const data = page.map((m) => mediaFields(ctx, m, account, fields));
  if (!page.length) return json(200, { data });
  const paging: Record<string, unknown> = { cursors: { before: cursorOf(page[0]!.id), after: cursorOf(page.at(-1)!.id) } };
  if (list.length > limit) {
    const next = new URL(`${ctx.url}${call.url.pathname}`);
    for (const [k, v] of call.url.searchParams) if (k !== 'after' && k !== 'before') next.searchParams.set(k, v);
    next.searchParams.set('after', cursorOf(page.at(-1)!.id));
    paging.next = next.toString();
  }
  return json(200, { data, paging });
}

// ---------------------------------------------------------------------------
// The web side: files and pages (never faulted, no token)

export function mediaFile(ctx: Ctx, file: string): Reply | null {
  const media = ctx.store.media.get(file.replace(/\.jpe?g$/, ''));
  if (!media || media.imageIndex === null) return null;
  return { status: 200, contentType: 'image/jpeg', body: media.post.images[media.imageIndex]!.bytes, headers: { 'cache-control': 'public, max-age=31536000' } };
}

let avatar: Buffer | null = null;

export function avatarFile(): Reply {
  avatar ??= makeJpeg(150, 150);
  return { status: 200, contentType: 'image/jpeg', body: avatar };
}

export function notFoundPage(): Reply {
  return html(404, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found • Instagram</title></head><body><h2>Sorry, this page isn\'t available.</h2></body></html>');
}

export function permalinkPage(ctx: Ctx, shortcode: string): Reply {
  const post = ctx.store.posts.find((p) => p.shortcode === shortcode);
  if (!post) return notFoundPage();
  const ids = post.mediaType === 'IMAGE' ? [post.id] : post.childIds;
  const images = ids
    .map((id, i) => `<img src="/media/${id}.jpg" width="${post.images[i]!.width}" height="${post.images[i]!.height}" alt="${escapeHtml(post.images[i]!.altText ?? '')}">`)
    .join('');
  return html(
    200,
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(post.username)} on Instagram</title></head>` +
      `<body><article data-media-id="${post.id}"><header><a href="/${escapeHtml(post.username)}/">${escapeHtml(post.username)}</a></header>${images}` +
      `<p class="caption">${escapeHtml(post.caption ?? '')}</p><time datetime="${post.timestamp}">${post.timestamp}</time></article></body></html>`,
  );
}
