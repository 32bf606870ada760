/**
 * Publishing and reading Threads media objects:
 *   POST   /{threads-user-id}/threads_publish   creation_id → {id}
 *   GET    /{threads-media-id}?fields=…          a post (or a carousel child)
 *   GET    /{threads-user-id}/threads           the user's posts, newest first
 *   GET    /{threads-user-id}/replies           the user's replies
 *   GET    /{threads-media-id}/replies          replies to a post; /conversation: all of them
 *   DELETE /{threads-media-id}
 * https://developers.facebook.com/documentation/threads/posts
 * https://developers.facebook.com/docs/threads/threads-media (fields; media_type TEXT_POST, IMAGE, CAROUSEL_ALBUM…)
 * https://developers.facebook.com/docs/threads/reply-management
 * and the official Postman collection's example answers.
 */
import { randomBytes } from 'node:crypto';
import { ERRORS } from './errors.js';
import { fail, graphTime, invalidParam, json, parseFields, renderFields, ReplyError, str, unsupported, type FieldSource, type Reply } from './http.js';
import { authenticate } from './oauth.js';
import { ownUser, refreshContainer } from './containers.js';
import type { Account, Call, Ctx } from './state.js';
import type { StoredThreadsContainer, StoredThreadsImage, StoredThreadsPost } from './types.js';

/** The Graph media_type of a published post (threads-media). */
const MEDIA_TYPE_OUT = { TEXT: 'TEXT_POST', IMAGE: 'IMAGE', CAROUSEL: 'CAROUSEL_ALBUM' } as const;

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Shortcodes look like Instagram's: 11 URL-safe characters (Postman's oEmbed example: DCkkKl_OGb1). */
function shortcode(): string {
  return [...randomBytes(11)].map((b) => SHORTCODE_ALPHABET[b % 64]).join('');
}

export const DROP: Reply = { status: 0, contentType: null, body: '', drop: true };

// ---------------------------------------------------------------------------
// POST /{threads-user-id}/threads_publish

function commit(ctx: Ctx, account: Account, c: StoredThreadsContainer): StoredThreadsPost {
  const id = ctx.store.newMediaId();
  const images: StoredThreadsImage[] = [];
  const childIds: string[] = [];
  if (c.mediaType === 'IMAGE' && c.image) images.push(c.image);
  for (const childId of c.children) {
    const child = ctx.store.findContainer(childId)!;
    if (child.image) images.push(child.image);
    const mediaId = ctx.store.newMediaId();
    ctx.store.children.set(mediaId, { id: mediaId, postId: id, index: images.length - 1 });
    childIds.push(mediaId);
    child.status = 'PUBLISHED';
    child.publishedPostId = mediaId;
  }
  const code = shortcode();
  const parent = c.replyToId ? ctx.store.findPost(c.replyToId) : undefined;
  const post: StoredThreadsPost = {
    id,
    userId: account.id,
    mediaType: c.mediaType,
    text: c.text,
    textEntities: c.textEntities,
    isSpoilerMedia: c.isSpoilerMedia,
    replyToId: c.replyToId,
    // The brief's permalink shape, on this server: ${url}/@username/post/SHORTCODE (threads.net's path).
    permalink: `${ctx.url}/@${account.username}/post/${code}`,
    shortcode: code,
    timestamp: graphTime(Date.now()),
    images,
    username: account.username,
    containerId: c.id,
    rootPostId: parent ? parent.rootPostId : id,
    quotePostId: c.quotePostId,
    linkAttachment: c.linkAttachment,
    topicTag: c.topicTag,
    replyControl: c.replyControl,
    childIds,
  };
  ctx.store.posts.push(post);
  c.status = 'PUBLISHED';
  c.publishedPostId = id;
  return post;
}

/** Publishes a FINISHED container (threads_publish, or auto_publish_text at creation). */
export function publishContainer(call: Call, account: Account, c: StoredThreadsContainer): Reply {
  const { ctx } = call;
  const { faults, store, cfg } = ctx;
  if (faults.restrictedNext > 0) {
    faults.restrictedNext--;
    fail(ERRORS.restricted());
  }
  if (faults.spamBlockNext > 0) {
    faults.spamBlockNext--;
    fail(ERRORS.spam());
  }
  // "This limit is enforced on the POST /{threads-user-id}/threads_publish endpoint" (overview);
  // replies have their own quota (reply_quota_usage) and "Carousels count as a single post".
  const isReply = c.replyToId !== null;
  if (isReply ? store.quota.repliesUsed >= cfg.replyQuotaTotal : store.quota.used >= cfg.quotaTotal) fail(ERRORS.quotaExceeded());
  const post = commit(ctx, account, c);
  if (isReply) store.quota.repliesUsed++;
  else store.quota.used++;
  if (faults.dropConnectionAfterPublish > 0) {
    faults.dropConnectionAfterPublish--;
    return DROP;
  }
  return json(200, { id: post.id });
}

export function publish(call: Call, userParam: string): Reply {
  const { ctx } = call;
  const { account } = authenticate(call, ['threads_content_publish']);
  if (!ownUser(account, userParam)) throw new ReplyError(unsupported('post', userParam));
  const creationId = str(call.params, 'creation_id');
  if (!creationId) invalidParam('(#100) The parameter creation_id is required');
  const c = ctx.store.findContainer(creationId);
  if (!c || c.userId !== account.id) fail(ERRORS.mediaNotFound(creationId));
  refreshContainer(ctx, c);
  if (c.isCarouselItem) invalidParam('(#100) A carousel item cannot be published on its own: publish the CAROUSEL container');
  // Still IN_PROGRESS, ERROR, EXPIRED or already PUBLISHED: what real clients get when they
  // publish too early is 24/4279009 (fbsamples/threads_api#70); used here for every not-FINISHED state.
  if (c.status !== 'FINISHED') fail(ERRORS.mediaNotFound(creationId));
  return publishContainer(call, account, c);
}

// ---------------------------------------------------------------------------
// Reading posts

function mediaUrl(ctx: Ctx, mediaId: string, image: StoredThreadsImage): string {
  return `${ctx.url}/media/${mediaId}.${image.contentType === 'image/png' ? 'png' : 'jpg'}`;
}

function childSource(ctx: Ctx, post: StoredThreadsPost, mediaId: string, index: number): FieldSource {
  const image = post.images[index];
  return {
    id: () => mediaId,
    media_product_type: () => 'THREADS',
    media_type: () => 'IMAGE',
    media_url: () => (image ? mediaUrl(ctx, mediaId, image) : undefined),
    permalink: () => post.permalink,
    owner: () => ({ id: post.userId }),
    username: () => post.username,
    timestamp: () => post.timestamp,
    shortcode: () => post.shortcode,
    alt_text: () => image?.altText ?? undefined,
    is_quote_post: () => false,
    has_replies: () => false,
  };
}

export function postSource(ctx: Ctx, post: StoredThreadsPost, viewer: Account): FieldSource {
  const image = post.mediaType === 'IMAGE' ? post.images[0] : undefined;
  const isReply = post.replyToId !== null;
  return {
    id: () => post.id,
    media_product_type: () => 'THREADS',
    media_type: () => MEDIA_TYPE_OUT[post.mediaType],
    media_url: () => (image ? mediaUrl(ctx, post.id, image) : undefined),
    gif_url: () => undefined,
    // "Will be omitted if the media contains copyrighted material" (threads-media): always there here.
    permalink: () => post.permalink,
    owner: () => ({ id: post.userId }),
    username: () => post.username,
    text: () => post.text || undefined,
    timestamp: () => post.timestamp,
    shortcode: () => post.shortcode,
    thumbnail_url: () => undefined,
    children: () =>
      post.mediaType === 'CAROUSEL'
        ? { data: post.childIds.map((id, i) => renderFields(childSource(ctx, post, id, i), null, ['id', 'media_type', 'media_url'])) }
        : undefined,
    is_quote_post: () => post.quotePostId !== null,
    quoted_post: () => (post.quotePostId ? { id: post.quotePostId } : undefined),
    reposted_post: () => undefined,
    has_replies: () => ctx.store.posts.some((p) => p.replyToId === post.id),
    alt_text: () => image?.altText ?? undefined,
    link_attachment_url: () => post.linkAttachment ?? undefined,
    is_reply: () => isReply,
    is_reply_owned_by_me: () => (isReply ? post.userId === viewer.id : undefined),
    root_post: () => (isReply ? { id: post.rootPostId } : undefined),
    replied_to: () => (isReply && post.replyToId ? { id: post.replyToId } : undefined),
    hide_status: () => (isReply ? 'NOT_HUSHED' : undefined),
    reply_audience: () => post.replyControl.toUpperCase(),
    topic_tag: () => post.topicTag ?? undefined,
    poll_attachment: () => undefined,
    location_id: () => undefined,
  };
}

export function postNode(call: Call, post: StoredThreadsPost, viewer: Account): Reply {
  return json(200, renderFields(postSource(call.ctx, post, viewer), parseFields(str(call.params, 'fields')), ['id']));
}

export function childNode(call: Call, mediaId: string): Reply | null {
  const child = call.ctx.store.children.get(mediaId);
  const post = child && call.ctx.store.findPost(child.postId);
  if (!child || !post) return null;
  return json(200, renderFields(childSource(call.ctx, post, mediaId, child.index), parseFields(str(call.params, 'fields')), ['id']));
}

// ---------------------------------------------------------------------------
// Lists: newest first, cursor-paginated like Graph ({data, paging: {cursors: {before, after}}})

/** since/until: "a Unix timestamp or a date/time representation parseable by strtotime()" (Postman). */
function timeParam(value: string | undefined, key: string): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) invalidParam(`(#100) Param ${key} must be a Unix timestamp or a date`);
  return ms;
}

const cursor = (id: string) => Buffer.from(id).toString('base64url');
const uncursor = (value: string) => Buffer.from(value, 'base64url').toString('utf8');

function list(call: Call, posts: StoredThreadsPost[], viewer: Account, newestFirst = true): Reply {
  const { params } = call;
  const requested = parseFields(str(params, 'fields'));
  const limitText = str(params, 'limit');
  const limit = limitText === undefined ? 25 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) invalidParam('(#100) Param limit must be a positive integer');
  const since = timeParam(str(params, 'since'), 'since');
  const until = timeParam(str(params, 'until'), 'until');
  const before = str(params, 'before');
  const after = str(params, 'after');
  if (before && after) invalidParam('(#100) Both before and after cannot be sent in the same request');

  let items = posts.filter((p) => {
    const at = Date.parse(p.timestamp.replace('+0000', 'Z'));
    return (since === null || at >= since) && (until === null || at <= until);
  });
  if (newestFirst) items = [...items].reverse();
  let start = 0;
  let end = items.length;
  if (after) start = items.findIndex((p) => p.id === uncursor(after)) + 1;
  if (before) end = Math.max(0, items.findIndex((p) => p.id === uncursor(before)));
  const page = before ? items.slice(Math.max(0, end - Math.min(limit, 100)), end) : items.slice(start, start + Math.min(limit, 100));
  const data = page.map((p) => renderFields(postSource(call.ctx, p, viewer), requested, ['id']));
  if (!page.length) return json(200, { data });
  const first = page[0]!;
  const last = page[page.length - 1]!;
  const paging: Record<string, unknown> = { cursors: { before: cursor(first.id), after: cursor(last.id) } };
  if (items.indexOf(last) < items.length - 1) {
    const next = new URL(call.url);
    next.searchParams.delete('before');
    next.searchParams.set('after', cursor(last.id));
    paging.next = next.toString();
  }
  return json(200, { data, paging });
}

/** GET /{user}/threads: the user's own posts (replies are under /replies), newest first. */
export function userThreads(call: Call, userParam: string): Reply {
  const { account } = authenticate(call);
  if (!ownUser(account, userParam)) throw new ReplyError(unsupported('get', userParam));
  return list(call, call.ctx.store.posts.filter((p) => p.userId === account.id && p.replyToId === null), account);
}

/** GET /{user}/replies (the user's replies) or /{post}/replies (top-level replies to it). */
export function replies(call: Call, id: string): Reply {
  const { ctx } = call;
  const { account } = authenticate(call, ['threads_read_replies']);
  if (ownUser(account, id)) return list(call, ctx.store.posts.filter((p) => p.userId === account.id && p.replyToId !== null), account);
  if (!ctx.store.findPost(id)) throw new ReplyError(unsupported('get', id));
  // "reverse: ... The default is true" (Postman): newest first unless reverse=false.
  const reverse = str(call.params, 'reverse') !== 'false';
  return list(call, ctx.store.posts.filter((p) => p.replyToId === id), account, reverse);
}

/** GET /{post}/conversation: every reply below the post, flattened. */
export function conversation(call: Call, id: string): Reply {
  const { ctx } = call;
  const { account } = authenticate(call, ['threads_read_replies']);
  if (!ctx.store.findPost(id)) throw new ReplyError(unsupported('get', id));
  const below = new Set([id]);
  const found: StoredThreadsPost[] = [];
  for (const p of ctx.store.posts) {
    if (p.replyToId && below.has(p.replyToId)) {
      below.add(p.id);
      found.push(p);
    }
  }
  return list(call, found, account, str(call.params, 'reverse') !== 'false');
}

/** DELETE /{threads-media-id}: own posts only, with threads_delete (Postman's answer {success, deleted_id}). */
export function deletePost(call: Call, id: string): Reply {
  const { ctx } = call;
  const { account } = authenticate(call, ['threads_delete']);
  const index = ctx.store.posts.findIndex((p) => p.id === id && p.userId === account.id);
  if (index < 0) return unsupported('delete', id);
  ctx.store.posts.splice(index, 1);
  return json(200, { success: true, deleted_id: id });
}
