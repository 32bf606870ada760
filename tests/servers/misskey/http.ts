/**
 * HTTP plumbing: replies, Misskey's ApiError, body reading, routing.
 *
 * Misskey answers API errors as
 *   {"error": {"message", "code", "id", "kind", "info"?}}
 * (ApiCallService#send); `kind` defaults to 'client' (server/api/error.ts).
 * Everything outside ApiCallService (body parsing, unknown routes) is Fastify's
 * own behaviour, reproduced here too.
 */
import { json, type Reply, type Route as CommonRoute } from '../common/http.js';

export { BodyTooLarge, escapeHtml, html, json, matchRoute, mediaType, parseMultipart, readBody, route, type Reply } from '../common/http.js';

/** `reply.code(n); reply.send()` — a status with no body at all. */
export function empty(status: number, headers?: Record<string, string>): Reply {
  return { status, contentType: null, body: '', headers };
}

export function redirect(location: string): Reply {
  return { status: 302, contentType: null, body: '', headers: { location } };
}

export const DROP: Reply = { status: 0, contentType: null, body: '', drop: true };

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
// Routing: the shared router (common/http.ts), typed with this server's Reply

export type Route<C> = CommonRoute<C, Reply>;
