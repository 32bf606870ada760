/**
 * Content publishing, as the Instagram Platform documents it:
 *   POST /{ig-user-id}/media                   image or carousel container → {"id"}
 *   GET  /{ig-container-id}?fields=status_code,status
 *   POST /{ig-user-id}/media_publish           creation_id → {"id"} (IG Media)
 *   GET  /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
 * https://developers.facebook.com/docs/instagram-platform/content-publishing
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
 *
 * Only image posts and carousels of images exist here (the extension publishes
 * nothing else): REELS, STORIES and VIDEO containers are refused as unknown types.
 */
import { graphTime } from '../common/graph-api.js';
import { authenticate } from './auth.js';
import {
  builderNotFound,
  captionTooLong,
  carouselSize,
  containerExpired,
  containerFailed,
  invalidParameter,
  mediaNotFound,
  missingParameter,
  notReady,
  publishingLimit,
  tooManyHashtags,
  tooManyTags,
  unknownMediaType,
  unsupportedRequest,
} from './errors.js';
import { fetchImage } from './fetch-image.js';
import { bool, json, list, parseFields, renderFields, str, type Params, type Reply } from './http.js';
import { containerStatus, QUOTA_DURATION_S, type Account, type Call, type Ctx, type MediaObject } from './state.js';
import type { StoredContainer, StoredInstagramImage, StoredInstagramPost, UserTag } from './types.js';

/** "Maximum 2200 characters, 30 hashtags, and 20 @ tags" (caption parameter). */
export const CAPTION_MAX = 2200;
export const HASHTAGS_MAX = 30;
export const MENTIONS_MAX = 20;
/** alt_text: "up to 1000 character" (added 24 March 2025). */
export const ALT_TEXT_MAX = 1000;
/** "Carousels are limited to 10 images, videos, or a mix of the two", and need 2. */
export const CAROUSEL_MIN = 2;
export const CAROUSEL_MAX = 10;

const PUBLISH = 'instagram_business_content_publish';
const BASIC = 'instagram_business_basic';

/** The account a path id names, which must be the token's own; anything else is an unsupported request. */
export function ownAccount(call: Call, id: string, permission: string): Account {
  const { account } = authenticate(call, permission, { forMe: id === 'me' });
  if (id === 'me' || id === account.userId || id === account.appScopedId) return account;
  unsupportedRequest(call.method, id);
}

// ---------------------------------------------------------------------------
// Caption, tags, location

function checkCaption(caption: string): void {
  // Instagram counts characters, not UTF-16 units: an emoji is one.
  const length = [...caption].length;
  if (length > CAPTION_MAX) captionTooLong(length, CAPTION_MAX);
  const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > HASHTAGS_MAX) tooManyHashtags(hashtags, HASHTAGS_MAX);
  const mentions = caption.match(/(?:^|[^\p{L}\p{N}_@])@[A-Za-z0-9._]+/gu)?.length ?? 0;
  if (mentions > MENTIONS_MAX) tooManyTags(MENTIONS_MAX);
}

function inUnitRange(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** user_tags: "An array of public usernames and x/y coordinates", x and y 0.0–1.0, required for images. */
function parseUserTags(params: Params): UserTag[] {
  const raw = str(params, 'user_tags');
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    invalidParameter('Param user_tags must be a JSON array of {username, x, y} objects');
  }
  if (!Array.isArray(parsed)) invalidParameter('Param user_tags must be an array');
  const tags = parsed.map((item: unknown): UserTag => {
    const tag = (item ?? {}) as { username?: unknown; x?: unknown; y?: unknown };
    if (typeof tag.username !== 'string' || !tag.username) invalidParameter('Each user tag needs a username');
    if (!inUnitRange(tag.x) || !inUnitRange(tag.y)) invalidParameter('User tag coordinates x and y must be numbers between 0.0 and 1.0');
    return { username: tag.username, x: tag.x, y: tag.y };
  });
  if (tags.length > MENTIONS_MAX) tooManyTags(MENTIONS_MAX);
  return tags;
}

/** location_id: the id of a Page with a location. Any numeric id passes here (no Pages to look up). */
function parseLocation(params: Params): string | null {
  const id = str(params, 'location_id')?.trim();
  if (!id) return null;
  if (!/^\d+$/.test(id)) invalidParameter('Param location_id must be a valid location Page ID (INSTAGRAM_PLATFORM_API__INVALID_LOCATION_ID)');
  return id;
}

// ---------------------------------------------------------------------------
// POST /{ig-user-id}/media

function newContainer(ctx: Ctx, fields: Omit<StoredContainer, 'id' | 'createdAt' | 'readyAt' | 'outcome' | 'errorSubcode' | 'mediaId' | 'status'>): StoredContainer {
  const now = Date.now();
  const container: StoredContainer = {
    id: ctx.store.newContainerId(),
    ...fields,
    createdAt: now,
    readyAt: now + ctx.cfg.containerDelayMs,
    outcome: null,
    errorSubcode: null,
    mediaId: null,
    get status() {
      return containerStatus(this);
    },
  };
  ctx.store.containers.set(container.id, container);
  return container;
}

async function createImageContainer(call: Call, account: Account): Promise<StoredContainer> {
  const { ctx, params } = call;
  const imageUrl = str(params, 'image_url')?.trim();
  if (!imageUrl) missingParameter('image_url');
  const isCarouselItem = bool(params, 'is_carousel_item');
  const altText = str(params, 'alt_text') ?? null;
  if (altText !== null && [...altText].length > ALT_TEXT_MAX) invalidParameter(`Param alt_text must be at most ${ALT_TEXT_MAX} characters long`);
  // caption and location_id are "Not supported on images or videos in carousels": ignored there.
  const caption = isCarouselItem ? null : str(params, 'caption') ?? null;
  if (caption !== null) checkCaption(caption);
  const locationId = isCarouselItem ? null : parseLocation(params);
  const userTags = parseUserTags(params);
  const image = await fetchImage(imageUrl, altText, ctx.cfg.fetchTimeoutMs);
  return newContainer(ctx, { userId: account.userId, kind: 'IMAGE', isCarouselItem, caption, altText, locationId, userTags, children: [], image });
}

/** Refuses a container that is not FINISHED, with the documented error for its status. */
function requireFinished(c: StoredContainer, published: () => never): void {
  const status = c.status;
  if (status === 'IN_PROGRESS') notReady();
  if (status === 'ERROR') containerFailed();
  if (status === 'EXPIRED') containerExpired();
  if (status === 'PUBLISHED') published();
}

/** The children of a carousel: each a finished carousel item container of the same account. */
function checkChildren(ctx: Ctx, account: Account, ids: string[]): void {
  if (ids.length < CAROUSEL_MIN || ids.length > CAROUSEL_MAX) carouselSize();
  if (new Set(ids).size !== ids.length) invalidParameter('Param children must not repeat a container ID');
  for (const id of ids) {
    const child = ctx.store.containers.get(id);
    if (!child || child.userId !== account.userId) mediaNotFound(id);
    // [CHOSEN] The docs do not say what answers a non-item child; Graph's parameter error does.
    if (!child.isCarouselItem) invalidParameter(`Container ${id} was not created with is_carousel_item=true`);
    requireFinished(child, () => mediaNotFound(id));
  }
}

function createCarouselContainer(call: Call, account: Account): StoredContainer {
  const { ctx, params } = call;
  const children = list(params, 'children');
  if (!children?.length) missingParameter('children');
  checkChildren(ctx, account, children);
  const caption = str(params, 'caption') ?? null;
  if (caption !== null) checkCaption(caption);
  const locationId = parseLocation(params);
  return newContainer(ctx, { userId: account.userId, kind: 'CAROUSEL', isCarouselItem: false, caption, altText: null, locationId, userTags: [], children, image: null });
}

export async function createMedia(call: Call, id: string): Promise<Reply> {
  const account = ownAccount(call, id, PUBLISH);
  const mediaType = (str(call.params, 'media_type') ?? '').trim().toUpperCase();
  // No media_type makes an image container; CAROUSEL makes an album. [CHOSEN] media_type=IMAGE,
  // which the docs do not list but clients send, is taken as an image too.
  let container: StoredContainer;
  if (mediaType === 'CAROUSEL') container = createCarouselContainer(call, account);
  else if (mediaType === '' || mediaType === 'IMAGE') container = await createImageContainer(call, account);
  else unknownMediaType(mediaType);
  return json(200, { id: container.id });
}

// ---------------------------------------------------------------------------
// GET /{ig-container-id}

/**
 * `status`: "If status_code is ERROR, this value will be an error subcode." The
 * texts are those seen in responses: "Finished: Media has been uploaded and it is
 * ready to be published." (Meta's Postman collection) and "Error: Media upload has
 * failed with error code 2207026"; the other three are [CHOSEN] in that style.
 */
function statusText(c: StoredContainer): string {
  switch (c.status) {
    case 'IN_PROGRESS':
      return 'In Progress: Media is still being processed.';
    case 'FINISHED':
      return 'Finished: Media has been uploaded and it is ready to be published.';
    case 'ERROR':
      return `Error: Media upload has failed with error code ${c.errorSubcode ?? 2207001}`;
    case 'EXPIRED':
      return 'Expired: Media has not been published within 24 hours.';
    case 'PUBLISHED':
      return 'Published: Media has been successfully published.';
  }
}

export function containerNode(call: Call, container: StoredContainer): Reply {
  const { account } = authenticate(call, BASIC);
  if (container.userId !== account.userId) unsupportedRequest(call.method, container.id);
  const fields = parseFields(str(call.params, 'fields'));
  // The node type Graph names in its field errors for containers.
  const body = renderFields(fields, ['id'], { id: () => container.id, status: () => statusText(container), status_code: () => container.status }, 'ShadowIGMediaBuilder');
  return json(200, body);
}

// ---------------------------------------------------------------------------
// POST /{ig-user-id}/media_publish

function publish(ctx: Ctx, account: Account, container: StoredContainer): StoredInstagramPost {
  const now = Date.now();
  const timestamp = graphTime(now);
  const id = ctx.store.newMediaId();
  const shortcode = ctx.store.newShortcode();
  const items = container.kind === 'CAROUSEL' ? container.children.map((c) => ctx.store.containers.get(c)!) : [container];
  const images: StoredInstagramImage[] = items.map((c) => c.image!);
  const childIds = container.kind === 'CAROUSEL' ? items.map(() => ctx.store.newMediaId()) : [];
  const post: StoredInstagramPost = {
    id,
    userId: account.userId,
    mediaType: container.kind === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
    caption: container.caption,
    permalink: `${ctx.url}/p/${shortcode}/`,
    shortcode,
    timestamp,
    images,
    username: account.username,
    containerId: container.id,
    childIds,
    locationId: container.locationId,
    userTags: container.userTags,
  };
  ctx.store.posts.push(post);
  const top: MediaObject = { id, userId: account.userId, mediaType: post.mediaType, post, imageIndex: post.mediaType === 'IMAGE' ? 0 : null, isChild: false, timestamp };
  ctx.store.media.set(id, top);
  childIds.forEach((childId, index) => ctx.store.media.set(childId, { id: childId, userId: account.userId, mediaType: 'IMAGE', post, imageIndex: index, isChild: true, timestamp }));
  for (const item of items) {
    item.outcome = 'PUBLISHED';
    item.mediaId = item === container ? id : childIds[items.indexOf(item)]!;
  }
  container.outcome = 'PUBLISHED';
  container.mediaId = id;
  return post;
}

export function mediaPublish(call: Call, id: string): Reply {
  const { ctx } = call;
  const account = ownAccount(call, id, PUBLISH);
  const creationId = str(call.params, 'creation_id')?.trim();
  if (!creationId) missingParameter('creation_id');
  const container = ctx.store.containers.get(creationId);
  if (!container || container.userId !== account.userId) builderNotFound(creationId);
  // [CHOSEN] A carousel item is published through its carousel, not on its own.
  if (container.isCarouselItem) invalidParameter(`Container ${creationId} is a carousel item: publish the carousel container instead`);
  // [CHOSEN] A builder is used up by its publication: publishing it again finds nothing.
  requireFinished(container, () => builderNotFound(creationId));
  // A child may have gone meanwhile (published in another carousel, expired, failed).
  for (const childId of container.children) requireFinished(ctx.store.containers.get(childId)!, () => mediaNotFound(childId));
  // "100 API-published posts within a 24-hour moving period"; a carousel counts as one.
  if (ctx.store.quota.used >= ctx.cfg.quotaTotal) publishingLimit();
  const post = publish(ctx, account, container);
  ctx.store.quota.used++;
  if (ctx.faults.dropConnectionAfterPublish > 0) {
    ctx.faults.dropConnectionAfterPublish--;
    return { status: 200, contentType: null, body: '', drop: true };
  }
  return json(200, { id: post.id });
}

// ---------------------------------------------------------------------------
// GET /{ig-user-id}/content_publishing_limit

/**
 * {"data":[{"quota_usage":2,"config":{"quota_total":50,"quota_duration":86400}}]};
 * quota_usage is the default field. The reference's sample asks for
 * `rate_limit_settings` and gets `config` back, so that name answers too.
 * One counter (quota.used) serves every account of this server.
 */
export function contentPublishingLimit(call: Call, id: string): Reply {
  const { ctx } = call;
  ownAccount(call, id, PUBLISH);
  const since = str(call.params, 'since');
  if (since !== undefined) {
    const seconds = Number(since);
    // "A Unix timestamp no older than 24 hours."
    if (!Number.isFinite(seconds) || Date.now() / 1000 - seconds > QUOTA_DURATION_S) invalidParameter('Param since must be a Unix timestamp no older than 24 hours');
  }
  const config = () => ({ quota_total: ctx.cfg.quotaTotal, quota_duration: QUOTA_DURATION_S });
  const fields = parseFields(str(call.params, 'fields'));
  const row: Record<string, unknown> = {};
  for (const f of fields ?? [{ name: 'quota_usage', sub: null }]) {
    if (f.name === 'quota_usage') row.quota_usage = ctx.store.quota.used;
    else if (f.name === 'config' || f.name === 'rate_limit_settings') row.config = config();
    else invalidParameter(`Tried accessing nonexisting field (${f.name}) on node type (ContentPublishingLimit)`);
  }
  return json(200, { data: [row] });
}
