/**
 * HTTP plumbing: replies, Misskey's ApiError, body reading, routing.
 *
 * Misskey answers API errors as
 *   {"error": {"message", "code", "id", "kind", "info"?}}
 * (ApiCallService#send); `kind` defaults to 'client' (server/api/error.ts).
 * Everything outside ApiCallService (body parsing, unknown routes) is Fastify's
 * own behaviour, reproduced here too.
 */
import type { IncomingMessage } from 'node:http';

/** A complete answer, written by the dispatcher. */
export interface Reply {
  status: number;
  contentType: string | null;
  body: string | Buffer;
  headers?: Record<string, string> | undefined;
  /** Destroy the socket instead of answering (fault injection). */
  drop?: boolean;
}

export function json(status: number, data: unknown, headers?: Record<string, string>): Reply {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(data), headers };
}

export function html(status: number, body: string, headers?: Record<string, string>): Reply {
  return { status, contentType: 'text/html; charset=utf-8', body, headers };
}

/** `reply.code(n); reply.send()` — a status with no body at all. */
export function empty(status: number, headers?: Record<string, string>): Reply {
  return { status, contentType: null, body: '', headers };
}

export function redirect(location: string): Reply {
  return { status: 302, contentType: null, body: '', headers: { location } };
}

export const DROP: Reply = { status: 0, contentType: null, body: '', drop: true };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// ---------------------------------------------------------------------------
// ApiError (packages/backend/src/server/api/error.ts)

export type ErrorKind = 'client' | 'server' | 'permission';

export interface ErrorDef {
  message: string;
  code: string;
  id: string;
  kind?: ErrorKind;
  httpStatusCode?: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly id: string;
  readonly kind: ErrorKind;
  readonly httpStatusCode: number | undefined;
  /** Extra response headers (Sharkey's X-RateLimit-* on a 429). */
  headers: Record<string, string> = {};

  constructor(
    def: ErrorDef = INTERNAL_ERROR,
    readonly info?: unknown,
  ) {
    super(def.message);
    this.code = def.code;
    this.id = def.id;
    this.kind = def.kind ?? 'client';
    this.httpStatusCode = def.httpStatusCode;
  }

  toJSON(): { error: Record<string, unknown> } {
    return {
      error: { message: this.message, code: this.code, id: this.id, kind: this.kind, ...(this.info ? { info: this.info } : {}) },
    };
  }
}

export const INTERNAL_ERROR: ErrorDef = {
  message: 'Internal error occurred. Please contact us if the error persists.',
  code: 'INTERNAL_ERROR',
  id: '5d37dbcb-891e-41ca-a3d6-e690c97775ac',
  kind: 'server',
  httpStatusCode: 500,
};

/**
 * ApiCallService#sendApiError: the status comes from httpStatusCode, else the kind
 * (client 400, permission 403, else 500), with the WWW-Authenticate header
 * Misskey adds (RFC 6750 style) and Retry-After for rate limits.
 */
export function apiErrorReply(err: ApiError): Reply {
  const headers: Record<string, string> = { ...err.headers };
  let status = err.httpStatusCode;
  if (err.httpStatusCode === 401) {
    headers['www-authenticate'] = 'Bearer realm="Misskey"';
  } else if (err.code === 'RATE_LIMIT_EXCEEDED') {
    const info = err.info as { resetMs?: unknown } | undefined;
    if (info && typeof info.resetMs === 'number') {
      headers['retry-after'] = String(Math.max(Math.ceil((info.resetMs - Date.now()) / 1000), 0));
    }
  } else if (err.kind === 'client') {
    headers['www-authenticate'] = `Bearer realm="Misskey", error="invalid_request", error_description="${err.message}"`;
    status = status ?? 400;
  } else if (err.kind === 'permission') {
    if (err.code === 'PERMISSION_DENIED') {
      headers['www-authenticate'] = `Bearer realm="Misskey", error="insufficient_scope", error_description="${err.message}"`;
    }
    status = status ?? 403;
  }
  return json(status ?? 500, err.toJSON(), headers);
}

// ---------------------------------------------------------------------------
// Fastify's own answers (lib/errors.js, lib/fourOhFour.js)

export function fastifyError(status: number, error: string, message: string, code?: string): Reply {
  return json(status, { statusCode: status, ...(code ? { code } : {}), error, message });
}

export function fastifyNotFound(method: string, rawUrl: string): Reply {
  return json(404, { message: `Route ${method}:${rawUrl} not found`, error: 'Not Found', statusCode: 404 });
}

// ---------------------------------------------------------------------------
// Body reading

export class BodyTooLarge extends Error {}

/** Read the whole request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Node's fetch Request parses multipart/form-data, so no dependency is needed. */
export async function parseMultipart(contentType: string, body: Buffer): Promise<FormData | null> {
  try {
    return await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Routing

export interface Route<C> {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: (c: C, pathParams: Record<string, string>) => Reply | Promise<Reply>;
}

/** `/miauth/:session`, `/@:username`, `/files/:key` → a route capturing the named parts. */
export function route<C>(method: string, path: string, handler: Route<C>['handler']): Route<C> {
  const keys: string[] = [];
  const source = path
    .split(/(:[A-Za-z_]+)/)
    .map((piece) => {
      if (!piece.startsWith(':')) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(piece.slice(1));
      return '([^/]+)';
    })
    .join('');
  return { method, pattern: new RegExp(`^${source}${path === '/' ? '' : '/?'}$`), keys, handler };
}

export function matchRoute<C>(routes: Route<C>[], method: string, path: string): { route: Route<C>; params: Record<string, string> } | null {
  for (const r of routes) {
    if (r.method !== method && !(r.method === 'GET' && method === 'HEAD')) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
    return { route: r, params };
  }
  return null;
}
