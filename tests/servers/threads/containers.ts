/**
 * Media containers: POST /{threads-user-id}/threads and their life cycle.
 * https://developers.facebook.com/documentation/threads/posts (parameters, carousels)
 * https://developers.facebook.com/docs/threads/troubleshooting (statuses)
 *
 *   IN_PROGRESS → FINISHED | ERROR          after containerDelayMs (and the image fetch)
 *   FINISHED → PUBLISHED                    threads_publish
 *   anything unpublished → EXPIRED          "not published within 24 hours" (or expireContainer)
 */
import { ERRORS } from './errors.js';
import { bool, fail, invalidParam, json, parseFields, renderFields, ReplyError, str, unsupported, type Reply } from './http.js';
import { fetchImage } from './media.js';
import { authenticate } from './oauth.js';
import { publishContainer } from './posts.js';
import { CONTAINER_LIFETIME_MS, type Account, type Call, type ContainerWork, type Ctx, type Params } from './state.js';
import { countLinks, LINK_LIMIT, parseTextEntities, TEXT_LIMIT, threadsTextLength } from './text.js';
import type { StoredThreadsContainer, ThreadsMediaType } from './types.js';

const MEDIA_TYPES = ['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL'];
/** Postman collection's reply_control variable: every documented value. */
const REPLY_CONTROLS = ['everyone', 'accounts_you_follow', 'mentioned_only', 'parent_post_author_only', 'followers_only'];
/** "Carousels can have at least 2 and up to 20 total images or videos" (Postman, posts). */
export const CAROUSEL_MIN = 2;
export const CAROUSEL_MAX = 20;

/** `me` or the token's own user id; any other id is an object this token cannot act on. */
export function ownUser(account: Account, id: string): boolean {
  return id === 'me' || id === account.id;
}

// ---------------------------------------------------------------------------
// Life cycle

/** Moves a container on if its time has come: IN_PROGRESS to FINISHED/ERROR, unpublished to EXPIRED. */
export function refreshContainer(ctx: Ctx, c: StoredThreadsContainer, now = Date.now()): void {
  const work = ctx.store.work.get(c.id);
  if (c.status === 'IN_PROGRESS' && work && now >= work.readyAt && work.fetchOutcome !== undefined) {
    if (work.fetchOutcome) {
      c.status = 'ERROR';
      c.errorMessage = work.fetchOutcome.errorMessage;
      c.errorReason = work.fetchOutcome.reason;
    } else {
      c.status = 'FINISHED';
    }
  }
  if ((c.status === 'IN_PROGRESS' || c.status === 'FINISHED') && now - Date.parse(c.createdAt) >= CONTAINER_LIFETIME_MS) expire(ctx, c);
}

function expire(ctx: Ctx, c: StoredThreadsContainer): void {
  c.status = 'EXPIRED';
  const work = ctx.store.work.get(c.id);
  if (work?.timer) clearTimeout(work.timer);
}

/** What 24 hours do to an unpublished container. */
export function expireContainer(ctx: Ctx, id: string): void {
  const c = ctx.store.findContainer(id);
  if (!c) throw new Error(`unknown container: ${id}`);
  if (c.status !== 'PUBLISHED') expire(ctx, c);
}

function startProcessing(ctx: Ctx, c: StoredThreadsContainer): void {
  const forced = ctx.faults.containerErrorNext > 0 ? { errorMessage: 'UNKNOWN', reason: 'injected fault containerErrorNext' } : null;
  if (forced) ctx.faults.containerErrorNext--;
  const work: ContainerWork = {
    readyAt: Date.now() + ctx.cfg.containerDelayMs,
    // undefined until the image fetch settles; containers without one only wait for the delay.
    fetchOutcome: c.mediaType === 'IMAGE' ? undefined : forced,
    timer: null,
  };
  ctx.store.work.set(c.id, work);
  // Once the delay is over (the timer may fire a hair early), whichever of timer and fetch ends last settles it.
  let delayOver = false;
  const settle = () => refreshContainer(ctx, c, Math.max(Date.now(), work.readyAt));
  if (c.mediaType === 'IMAGE' && c.imageUrl) {
    void fetchImage(ctx, c.imageUrl).then((outcome) => {
      if (outcome.ok) {
        const { ok: _ok, ...image } = outcome;
        c.image = { url: c.imageUrl!, altText: c.altText, ...image };
      }
      // The fault wins over whatever the fetch found.
      work.fetchOutcome = forced ?? (outcome.ok ? null : { errorMessage: outcome.errorMessage, reason: outcome.reason });
      if (delayOver) settle();
    });
  }
  work.timer = setTimeout(() => {
    delayOver = true;
    settle();
  }, ctx.cfg.containerDelayMs);
  work.timer.unref();
}

// ---------------------------------------------------------------------------
// POST /{threads-user-id}/threads

function jsonObject(params: Params, key: string): Record<string, unknown> | null {
  const value = params[key];
  if (value === undefined || value === null || value === '') return null;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      invalidParam(`(#100) Param ${key} must be a JSON object`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) invalidParam(`(#100) Param ${key} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** poll_attachment: option_a … option_d, 2–4 options of 1–25 characters, text posts only (NETWORKS.md, Postman). */
function checkPoll(poll: Record<string, unknown>): void {
  const options = ['option_a', 'option_b', 'option_c', 'option_d'].map((k) => poll[k]).filter((v) => v !== undefined && v !== '');
  if (options.length < 2 || options.some((o) => typeof o !== 'string' || [...o].length > 25)) {
    invalidParam('(#100) Param poll_attachment needs 2 to 4 options of 1 to 25 characters');
  }
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function createContainer(call: Call, userParam: string): Reply {
  const { ctx, params: p } = call;
  const { account } = authenticate(call, ['threads_content_publish']);
  if (!ownUser(account, userParam)) throw new ReplyError(unsupported('post', userParam));

  const mediaType = str(p, 'media_type');
  if (!mediaType) invalidParam('(#100) The parameter media_type is required');
  if (!MEDIA_TYPES.includes(mediaType)) invalidParam(`(#100) Param media_type must be one of {${MEDIA_TYPES.join(', ')}}`);
  // Not implemented by this test server (no video checks); refused rather than faked.
  if (mediaType === 'VIDEO') invalidParam('(#100) media_type VIDEO is not supported by this local test server');
  const type = mediaType as ThreadsMediaType;

  const isCarouselItem = bool(p, 'is_carousel_item') ?? false;
  if (isCarouselItem && type !== 'IMAGE') invalidParam('(#100) Only IMAGE or VIDEO containers can be carousel items');
  // Carousel items are media only: their text would never be shown, so it is not kept.
  const text = isCarouselItem ? '' : (str(p, 'text') ?? '');
  const linkAttachment = str(p, 'link_attachment') || null;
  const poll = jsonObject(p, 'poll_attachment');
  const textAttachment = jsonObject(p, 'text_attachment');

  if (type === 'TEXT' && !text && !linkAttachment && !textAttachment) invalidParam('(#100) The parameter text is required');
  if (threadsTextLength(text) > TEXT_LIMIT) invalidParam(`(#100) Param text must be at most ${TEXT_LIMIT} characters long`);
  if (linkAttachment) {
    if (type !== 'TEXT') invalidParam('(#100) Param link_attachment is only available for TEXT posts');
    if (!isUrl(linkAttachment)) invalidParam('(#100) Param link_attachment must be a URL');
    if (poll) invalidParam('(#100) Param link_attachment cannot be used with poll_attachment');
  }
  if (poll) {
    if (type !== 'TEXT') invalidParam('(#100) Param poll_attachment is only available for TEXT posts');
    checkPoll(poll);
  }
  let attachmentLink: string | null = null;
  if (textAttachment) {
    // text-attachments: text-only posts, no poll, up to 10,000 characters, no second link attachment.
    if (type !== 'TEXT') invalidParam('(#100) Param text_attachment is only available for TEXT posts');
    if (poll) invalidParam('(#100) Param text_attachment cannot be used with poll_attachment');
    const plaintext = textAttachment.plaintext;
    if (typeof plaintext !== 'string' || !plaintext || [...plaintext].length > 10_000) invalidParam('(#100) Param text_attachment.plaintext must be 1 to 10000 characters');
    const link = textAttachment.link_attachment_url;
    if (link !== undefined) {
      if (typeof link !== 'string' || !isUrl(link)) invalidParam('(#100) Param text_attachment.link_attachment_url must be a URL');
      if (linkAttachment) invalidParam('(#100) A post with link_attachment cannot have a link in text_attachment');
      attachmentLink = link;
    }
  }
  const links = countLinks(text, [linkAttachment, attachmentLink]);
  if (links > LINK_LIMIT) fail(ERRORS.linkLimit(links));

  const textEntities = parseTextEntities(p.text_entities, text);
  const isSpoilerMedia = bool(p, 'is_spoiler_media') ?? false;
  // "Media spoilers only work with a media_type of IMAGE, VIDEO, or CAROUSEL."
  if (isSpoilerMedia && type === 'TEXT') invalidParam('(#100) Param is_spoiler_media only works with media_type IMAGE, VIDEO or CAROUSEL');

  const topicTag = str(p, 'topic_tag') || null;
  // Topic tags: 1–50 characters, no periods or ampersands (NETWORKS.md, posts#topic-tags).
  if (topicTag && ([...topicTag].length > 50 || /[.&]/.test(topicTag))) invalidParam('(#100) Param topic_tag must be 1 to 50 characters without "." or "&"');
  const replyControl = str(p, 'reply_control') || 'everyone';
  if (!REPLY_CONTROLS.includes(replyControl)) invalidParam(`(#100) Param reply_control must be one of {${REPLY_CONTROLS.join(', ')}}`);

  const replyToId = str(p, 'reply_to_id') || null;
  if (replyToId && !ctx.store.findPost(replyToId)) fail(ERRORS.mediaNotFound(replyToId));
  const quotePostId = str(p, 'quote_post_id') || null;
  if (quotePostId && !ctx.store.findPost(quotePostId)) fail(ERRORS.mediaNotFound(quotePostId));

  let imageUrl: string | null = null;
  if (type === 'IMAGE') {
    imageUrl = str(p, 'image_url') || null;
    if (!imageUrl) invalidParam('(#100) The parameter image_url is required');
  }

  let children: string[] = [];
  if (type === 'CAROUSEL') {
    if (isCarouselItem) invalidParam('(#100) A CAROUSEL container cannot be a carousel item');
    const raw = p.children;
    children = (Array.isArray(raw) ? raw.map(String) : (str(p, 'children') ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
    if (children.length < CAROUSEL_MIN || children.length > CAROUSEL_MAX) {
      invalidParam(`(#100) Param children must list ${CAROUSEL_MIN} to ${CAROUSEL_MAX} container IDs`);
    }
    for (const id of children) {
      const child = ctx.store.findContainer(id);
      if (!child || child.userId !== account.id) fail(ERRORS.mediaNotFound(id));
      if (!child.isCarouselItem) invalidParam(`(#100) Container ${id} was not created with is_carousel_item=true`);
      refreshContainer(ctx, child);
      // The docs have clients poll every child to FINISHED before creating the carousel.
      if (child.status !== 'FINISHED') fail(ERRORS.mediaNotFound(id));
    }
  }

  const autoPublish = bool(p, 'auto_publish_text') ?? false;
  if (autoPublish && type !== 'TEXT') invalidParam('(#100) Param auto_publish_text is only available for TEXT posts');

  const container: StoredThreadsContainer = {
    id: ctx.store.newMediaId(),
    userId: account.id,
    mediaType: type,
    status: 'IN_PROGRESS',
    errorMessage: null,
    errorReason: null,
    isCarouselItem,
    text,
    textEntities,
    isSpoilerMedia,
    imageUrl,
    altText: str(p, 'alt_text') ?? null,
    children,
    replyToId,
    quotePostId,
    linkAttachment,
    topicTag,
    replyControl,
    image: null,
    createdAt: new Date().toISOString(),
    publishedPostId: null,
  };
  ctx.store.containers.push(container);

  if (autoPublish) {
    // "a Threads post is published automatically when a Threads media container is created
    // without needing to go through the extra publish step" (Postman): the answer's id is the post's.
    container.status = 'FINISHED';
    return publishContainer(call, account, container);
  }
  startProcessing(ctx, container);
  return json(200, { id: container.id });
}

// ---------------------------------------------------------------------------
// GET /{container-id}?fields=id,status,error_message

export function containerNode(call: Call, c: StoredThreadsContainer): Reply {
  refreshContainer(call.ctx, c);
  const source = {
    id: () => c.id,
    status: () => c.status,
    // Present only on failure, as in the troubleshooting examples.
    error_message: () => (c.status === 'ERROR' ? c.errorMessage ?? 'UNKNOWN' : undefined),
  };
  return json(200, renderFields(source, parseFields(str(call.params, 'fields')), ['id']));
}
