/**
 * POST /api/<endpoint>: ApiServerService + ApiCallService, in Misskey's order.
 *
 *  1. GET on an endpoint without allowGet → 405, no body.
 *  2. Body: JSON (Fastify's parser: empty → 400 FST_ERR_CTP_EMPTY_JSON_BODY, bad JSON
 *     → 400, over 1 MiB → 413), text/plain (a string), multipart (ignored by JSON
 *     endpoints), anything else 415. File endpoints take multipart only (else 400,
 *     no body); all their fields are strings.
 *  3. Token: `Authorization: Bearer <t>` (case-sensitive prefix), else the `i`
 *     param (JSON body, multipart field, or query on GET). A non-string `i` → 400.
 *     Unknown token → 401 AUTHENTICATION_FAILED.
 *  4. secure → ACCESS_DENIED; rate limit (before the credential check) → 429;
 *     requireCredential → 401 CREDENTIAL_REQUIRED; app token without the endpoint's
 *     `kind` (or any app token on a credential endpoint without a kind) → 403
 *     PERMISSION_DENIED; multipart/GET booleans & numbers JSON-parsed → INVALID_PARAM;
 *     JSON schema → 400 INVALID_PARAM {info: {param, reason}}; then the endpoint.
 *  5. Anything the endpoint throws that is not an ApiError → 500 INTERNAL_ERROR.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, apiErrorReply, empty, fastifyError, json, mediaType, parseMultipart, type Reply } from './http.js';
import { authenticate, AuthenticationError } from './auth.js';
import { type ApiCall, type Endpoint, type UploadedFile } from './endpoint.js';
import { ACCESS_DENIED, AUTHENTICATION_FAILED, CREDENTIAL_REQUIRED, INVALID_PARAM, INVALID_PARAM_CAST, PERMISSION_DENIED, RATE_LIMIT_EXCEEDED } from './errors.js';
import { driveFilesCreate } from './drive.js';
import { genTokenEndpoint, iEndpoint, metaEndpoint } from './instance.js';
import { notesCreate, notesDelete, notesShow, usersNotes } from './notes.js';
import { RateLimiter } from './ratelimit.js';
import { validate } from './schema.js';
import type { Ctx } from './state.js';

const JSON_BODY_LIMIT = 1024 * 1024;

export function endpoints(ctx: Ctx): Map<string, Endpoint> {
  const list = [metaEndpoint(ctx), iEndpoint(ctx), genTokenEndpoint(ctx), driveFilesCreate(ctx), notesCreate(ctx), notesShow(ctx), notesDelete(ctx), usersNotes(ctx)];
  return new Map(list.map((e) => [e.name, e]));
}

export interface ApiRequest {
  method: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
}

type Parsed = { data: unknown; file: UploadedFile | null } | Reply;

function isReply(value: unknown): value is Reply {
  return !!value && typeof value === 'object' && 'status' in value && 'contentType' in value && 'body' in value;
}

async function parseRequest(ctx: Ctx, ep: Endpoint, req: ApiRequest): Promise<Parsed> {
  const contentType = req.headers['content-type'];
  const type = mediaType(contentType);
  if (ep.meta.requireFile) {
    // @fastify/multipart's request.file(): the first file part, fields as strings.
    if (type !== 'multipart/form-data') return empty(400);
    const form = await parseMultipart(contentType!, req.body);
    if (!form) return empty(400);
    let file: File | null = null;
    const fields: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [key, value] of form) {
      if (typeof value !== 'string') {
        file ??= value;
        fields[key] = undefined;
        continue;
      }
      // A repeated field is an array of parts in @fastify/multipart: Misskey reads no value from it.
      fields[key] = seen.has(key) ? undefined : value;
      seen.add(key);
    }
    if (!file) return empty(400);
    if (file.size > ctx.cfg.hardFileSizeLimit) return empty(413);
    return { data: fields, file: { name: file.name || null, bytes: Buffer.from(await file.arrayBuffer()) } };
  }
  if (req.method === 'GET') return { data: Object.fromEntries(req.query), file: null };
  if (contentType === undefined) {
    return req.body.length === 0 ? { data: undefined, file: null } : fastifyError(415, 'Unsupported Media Type', 'Unsupported Media Type: ', 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
  }
  if (req.body.length > JSON_BODY_LIMIT) return fastifyError(413, 'Payload Too Large', 'Request body is too large', 'FST_ERR_CTP_BODY_TOO_LARGE');
  if (type === 'application/json') {
    const text = req.body.toString('utf8');
    if (text === '') return fastifyError(400, 'Bad Request', "Body cannot be empty when content-type is set to 'application/json'", 'FST_ERR_CTP_EMPTY_JSON_BODY');
    try {
      return { data: JSON.parse(text) as unknown, file: null };
    } catch (error) {
      return fastifyError(400, 'Bad Request', (error as Error).message);
    }
  }
  if (type === 'text/plain') return { data: req.body.toString('utf8'), file: null };
  // @fastify/multipart is registered: JSON endpoints get no body from a multipart request.
  if (type === 'multipart/form-data') return { data: undefined, file: null };
  return fastifyError(415, 'Unsupported Media Type', `Unsupported Media Type: ${contentType}`, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
}

function paramOf(data: unknown, key: string): unknown {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
}

export class ApiCallService {
  private limiter: RateLimiter;

  constructor(
    private ctx: Ctx,
    private table: Map<string, Endpoint>,
  ) {
    this.limiter = new RateLimiter(ctx.cfg.software);
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  async handle(name: string, req: ApiRequest): Promise<Reply> {
    const ep = this.table.get(name)!;
    if (req.method === 'GET' && !ep.meta.allowGet) return empty(405);

    const parsed = await parseRequest(this.ctx, ep, req);
    if (isReply(parsed)) return parsed;
    const { data, file } = parsed;

    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : paramOf(data, 'i');
    if (token != null && typeof token !== 'string') return empty(400);

    let auth;
    try {
      auth = authenticate(this.ctx, token as string | undefined);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      const reply = apiErrorReply(new ApiError(AUTHENTICATION_FAILED));
      return {
        ...reply,
        status: 401,
        headers: { 'www-authenticate': `Bearer realm="Misskey", error="invalid_token", error_description="${AUTHENTICATION_FAILED.message}"` },
      };
    }
    if (auth.user) auth.user.lastActiveAt = Date.now();

    try {
      const result = await this.call(ep, { ctx: this.ctx, user: auth.user, token: auth.token, file }, data, req);
      if (isReply(result)) return result;
      if (result === undefined || result === null) return empty(204);
      return json(200, result);
    } catch (error) {
      if (error instanceof ApiError) return apiErrorReply(error);
      console.error('[misskey test server]', error);
      const err = error as Error;
      return apiErrorReply(new ApiError(undefined, { e: { message: err.message, code: err.name, id: randomUUID() } }));
    }
  }

  private async call(ep: Endpoint, call: ApiCall, data: unknown, req: ApiRequest): Promise<unknown> {
    const { user, token } = call;
    const isSecure = user !== null && token === null;
    if (ep.meta.secure && !isSecure) throw new ApiError(ACCESS_DENIED);

    if (ep.meta.limit) {
      const actor = user ? user.id : createHash('sha256').update(req.remoteAddress).digest('hex');
      const exceeded = this.limiter.hit(`${actor}:${ep.meta.limit.key ?? ep.name}`, ep.meta.limit);
      if (exceeded) {
        const err = new ApiError(RATE_LIMIT_EXCEEDED, exceeded.info);
        err.headers = exceeded.headers;
        throw err;
      }
    }

    if (ep.meta.requireCredential && user === null) throw new ApiError(CREDENTIAL_REQUIRED);

    if (token && ((ep.meta.kind && !token.permission.includes(ep.meta.kind)) || (!ep.meta.kind && ep.meta.requireCredential))) {
      throw new ApiError(PERMISSION_DENIED);
    }

    // Cast non-JSON input: multipart fields and query params are strings.
    if ((ep.meta.requireFile || req.method === 'GET') && ep.params.properties && data && typeof data === 'object') {
      const fields = data as Record<string, unknown>;
      for (const [key, schema] of Object.entries(ep.params.properties)) {
        if (['boolean', 'number', 'integer'].includes(schema.type ?? '') && typeof fields[key] === 'string') {
          try {
            fields[key] = JSON.parse(fields[key] as string);
          } catch {
            throw new ApiError(INVALID_PARAM_CAST, { param: key, reason: `cannot cast to ${schema.type}` });
          }
        }
      }
    }

    const invalid = validate(ep.params, data);
    if (invalid) throw new ApiError(INVALID_PARAM, { param: invalid.schemaPath, reason: invalid.message });
    return await ep.exec(data as Record<string, unknown>, call);
  }
}
