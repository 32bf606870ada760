/**
 * Media attachments: https://docs.joinmastodon.org/methods/media/
 *   POST /api/v2/media   200 when processed at once, else 202 with url: null
 *   POST /api/v1/media   (deprecated) always answers once processed
 *   GET  /api/v1/media/:id   206 while processing, 200 when done
 *   PUT  /api/v1/media/:id   description / focus
 * Lookups are scoped like Api::V1::MediaController#set_media_attachment:
 * current_account.media_attachments.where(status_id: nil) — so media of another
 * account, or already posted, is 404 "Record not found".
 */
import { randomBytes } from 'node:crypto';
import { fail, file, json, str, type Reply } from './http.js';
import { mediaJson } from './entities.js';
import { authenticateUser } from './oauth.js';
import { attachmentType, DESCRIPTION_LIMIT, extensionFor, humanSize, imageSize, sniffImage, SUPPORTED_MIME_TYPES, VIDEO_SIZE_LIMIT } from './files.js';
import type { Call, Ctx } from './state.js';
import type { StoredMedia } from './types.js';

const MEDIA_SCOPES = ['write', 'write:media'];

function fullUrl(ctx: Ctx, media: StoredMedia): string {
  return `${ctx.url}/system/media_attachments/files/${media.id}/original/${media.fileName}`;
}

function finishProcessing(ctx: Ctx, media: StoredMedia): void {
  media.processed = true;
  media.pollsLeft = 0;
  media.url = fullUrl(ctx, media);
}

/** Time-based completion, only when the mediaProcessingMs option is set. */
export function refreshProcessing(ctx: Ctx, media: StoredMedia): void {
  const ms = ctx.cfg.mediaProcessingMs;
  if (!media.processed && ms !== null && Date.now() - Date.parse(media.createdAt) >= ms) finishProcessing(ctx, media);
}

/** Paperclip identifies images by content; other types are taken as declared. */
function detectType(bytes: Buffer, declared: string): { mime: string; unverifiable: boolean } {
  const sniffed = sniffImage(bytes);
  if (sniffed) return { mime: sniffed, unverifiable: false };
  return { mime: declared, unverifiable: declared.startsWith('image/') && SUPPORTED_MIME_TYPES.includes(declared) };
}

function descriptionError(description: string | undefined): string | null {
  return description !== undefined && [...description].length > DESCRIPTION_LIMIT
    ? `Description is too long (maximum is ${DESCRIPTION_LIMIT} characters)`
    : null;
}

/** Mastodon's focus= setter: "x,y" split on the comma, each to_f (garbage becomes 0). */
function parseFocus(value: string): string {
  const [x, y] = value.split(',').map((part) => parseFloat(part) || 0);
  return `${x ?? 0},${y ?? 0}`;
}

export async function uploadMedia(call: Call, apiVersion: 1 | 2): Promise<Reply> {
  const { ctx, params } = call;
  const { account } = authenticateUser(call, MEDIA_SCOPES);
  const upload = file(params, 'file');
  const description = str(params, 'description');
  if (!upload) fail(422, "Validation failed: File can't be blank");
  const bytes = Buffer.from(await upload.arrayBuffer());
  const declared = (upload.type || 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
  const { mime, unverifiable } = detectType(bytes, declared);

  const errors: string[] = [];
  if (!SUPPORTED_MIME_TYPES.includes(mime)) errors.push('File content type is invalid', 'File is invalid');
  const type = attachmentType(mime);
  const sizeLimit = type === 'image' || type === 'gifv' ? ctx.cfg.imageSizeLimit : VIDEO_SIZE_LIMIT;
  if (bytes.length > sizeLimit) errors.push(`File file size must be less than ${humanSize(sizeLimit)}`);
  const descError = descriptionError(description);
  if (descError) errors.push(descError);
  if (errors.length) fail(422, `Validation failed: ${errors.join(', ')}`);
  // Declared as an image, but ImageMagick could not read it (Paperclip::Errors::NotIdentifiedByImageMagickError).
  if (unverifiable) fail(422, 'File type of uploaded media could not be verified');

  const id = ctx.store.snowflake();
  const fileName = `${randomBytes(8).toString('hex')}.${extensionFor(mime)}`;
  const dims = imageSize(bytes, mime);
  const media: StoredMedia = {
    id,
    type,
    mimeType: mime,
    size: bytes.length,
    description: description ?? null,
    focus: str(params, 'focus') ? parseFocus(str(params, 'focus')!) : null,
    processed: false,
    url: null,
    bytes,
    accountId: account.id,
    statusId: null,
    previewUrl: `${ctx.url}/system/media_attachments/files/${id}/small/${fileName}`,
    fileName,
    width: dims?.width ?? null,
    height: dims?.height ?? null,
    pollsLeft: apiVersion === 2 ? ctx.cfg.mediaProcessingPolls : 0,
    createdAt: new Date().toISOString(),
  };
  if (media.pollsLeft === 0) finishProcessing(ctx, media);
  ctx.store.media.set(id, media);
  return json(media.processed ? 200 : 202, mediaJson(media));
}

function ownUnattachedMedia(call: Call, id: string): StoredMedia {
  const { account } = authenticateUser(call, MEDIA_SCOPES);
  const media = call.ctx.store.media.get(id);
  if (!media || media.accountId !== account.id || media.statusId !== null) fail(404, 'Record not found');
  refreshProcessing(call.ctx, media);
  return media;
}

/** Each poll while processing answers 206 and brings the media one step closer to done. */
export function getMedia(call: Call, id: string): Reply {
  const media = ownUnattachedMedia(call, id);
  if (!media.processed) {
    if (media.pollsLeft > 0) {
      media.pollsLeft--;
      return json(206, mediaJson(media));
    }
    finishProcessing(call.ctx, media);
  }
  return json(200, mediaJson(media));
}

export function updateMedia(call: Call, id: string): Reply {
  const media = ownUnattachedMedia(call, id);
  const description = str(call.params, 'description');
  const descError = descriptionError(description);
  if (descError) fail(422, `Validation failed: ${descError}`);
  if (description !== undefined) media.description = description;
  const focus = str(call.params, 'focus');
  if (focus) media.focus = parseFocus(focus);
  return json(media.processed ? 200 : 206, mediaJson(media));
}

/** The stored bytes at their URLs; the original only exists once processed. */
export function mediaFile(ctx: Ctx, id: string, style: string): Reply | null {
  const media = ctx.store.media.get(id);
  if (!media || (style === 'original' && !media.processed)) return null;
  return { status: 200, contentType: media.mimeType, body: media.bytes, headers: { 'cache-control': 'public, max-age=31536000' } };
}
