/**
 * The drive: drive/files/create (multipart) and the /files/:key URLs
 * (endpoints/drive/files/create.ts, core/DriveService.ts#addFile).
 *
 * - Fields arrive as strings; booleans (`isSensitive`, `force`) are JSON-parsed
 *   first ('true'/'false'; anything else is INVALID_PARAM "cannot cast to boolean").
 * - `comment` (the alt text) is at most 512 characters (DB_MAX_IMAGE_COMMENT_LENGTH).
 * - name: the `name` field, else the part's filename; "blob" or blank means none;
 *   a name with "/", "\\" or ".." is INVALID_FILE_NAME; the stored name gets the
 *   sniffed type's extension ("untitled.png" when there is no name).
 * - The type comes from the bytes only; unknown bytes are application/octet-stream.
 * - Without `force`, uploading bytes the user already has (same md5) returns the
 *   existing file unchanged (comment included), marking it sensitive if asked.
 * - Over the drive capacity: NO_FREE_SPACE; over the role's maxFileSizeMb: 413
 *   MAX_FILE_SIZE_EXCEEDED; an unknown folderId: DriveService throws a plain Error,
 *   which the endpoint turns into 500 INTERNAL_ERROR.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApiError, type Reply } from './http.js';
import { defineEndpoint, me, type Endpoint } from './endpoint.js';
import { driveFileJson } from './entities.js';
import { DRIVE_FILES_CREATE } from './errors.js';
import { correctFilename, detectType, IMAGE_BLURHASH, imageSize, TINY_PNG, validateFileName } from './files.js';
import { parseAidx, type Ctx } from './state.js';
import type { StoredDriveFile } from './types.js';

const HOUR = 60 * 60 * 1000;

export function driveFilesCreate(ctx: Ctx): Endpoint {
  return defineEndpoint(
    'drive/files/create',
    { requireCredential: true, kind: 'write:drive', requireFile: true, limit: { duration: HOUR, max: 120 } },
    {
      type: 'object',
      properties: {
        folderId: { type: 'string', format: 'misskey:id', nullable: true, default: null },
        name: { type: 'string', nullable: true, default: null },
        comment: { type: 'string', nullable: true, maxLength: 512, default: null },
        isSensitive: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
      required: [],
    },
    (ps, call) => {
      const user = me(call);
      const upload = call.file!;
      let name = (ps.name as string | null) ?? upload.name ?? null;
      if (name !== null) {
        name = name.trim();
        if (name.length === 0 || name === 'blob') name = null;
        else if (!validateFileName(name)) throw new ApiError(DRIVE_FILES_CREATE.invalidFileName);
      }

      const bytes = upload.bytes;
      const type = detectType(bytes);
      const md5 = createHash('md5').update(bytes).digest('hex');
      const sensitive = ps.isSensitive as boolean;

      if (!ps.force) {
        const same = [...ctx.store.files.values()].find((f) => f.userId === user.id && f.md5 === md5);
        if (same) {
          if (sensitive && !same.isSensitive) same.isSensitive = true;
          return driveFileJson(same);
        }
      }

      const usage = [...ctx.store.files.values()].filter((f) => f.userId === user.id).reduce((sum, f) => sum + f.size, 0);
      if (usage + bytes.length > ctx.cfg.driveCapacity) throw new ApiError(DRIVE_FILES_CREATE.noFreeSpace);
      if (bytes.length > ctx.cfg.maxFileSize) throw new ApiError(DRIVE_FILES_CREATE.maxFileSizeExceeded);
      if (ps.folderId != null) throw new ApiError(); // "folder-not-found" → INTERNAL_ERROR

      const isImage = type.mime.startsWith('image/');
      const dims = isImage ? imageSize(bytes, type.mime) : null;
      const now = Date.now();
      const id = ctx.store.ids.gen(now);
      const accessKey = randomUUID();
      const thumbnailAccessKey = isImage ? `thumbnail-${randomUUID()}` : null;
      const file: StoredDriveFile = {
        id,
        userId: user.id,
        name: correctFilename(name !== null && validateFileName(name) ? name : 'untitled', type.ext),
        type: type.mime,
        size: bytes.length,
        comment: (ps.comment as string | null) ?? null,
        isSensitive: sensitive,
        url: `${ctx.url}/files/${accessKey}`,
        bytes,
        md5,
        createdAt: parseAidx(id).toISOString(),
        thumbnailUrl: thumbnailAccessKey ? `${ctx.url}/files/${thumbnailAccessKey}` : null,
        accessKey,
        thumbnailAccessKey,
        width: dims?.width ?? null,
        height: dims?.height ?? null,
        blurhash: isImage ? IMAGE_BLURHASH : null,
        folderId: null,
      };
      ctx.store.files.set(id, file);
      return driveFileJson(file);
    },
  );
}

/** GET /files/:key — the original, or its thumbnail (served as the original bytes here). */
export function serveFile(ctx: Ctx, key: string): Reply {
  const found = ctx.store.fileByAccessKey(key);
  if (!found) {
    // FileServerService answers 404 with its dummy image.
    return { status: 404, contentType: 'image/png', body: TINY_PNG, headers: { 'cache-control': 'max-age=86400' } };
  }
  const { file } = found;
  const safe = file.type.startsWith('image/') ? file.type : 'application/octet-stream';
  return {
    status: 200,
    contentType: safe,
    body: file.bytes,
    headers: {
      'cache-control': 'max-age=31536000, immutable',
      'content-disposition': `inline; filename="${encodeURIComponent(file.name)}"`,
      'access-control-allow-origin': '*',
    },
  };
}
