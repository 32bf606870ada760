/**
 * HTTP plumbing with no server's accent: the reply record, writing it, body
 * reading, and the small router both servers use.
 *
 * What a server answers (error shapes, CORS, rate-limit headers) is that server's
 * business and stays in its own http.ts / server.ts; this is only the part that
 * is the same whatever the software being imitated.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A complete answer, written by a server's dispatcher. */
export interface Reply {
  status: number;
  /** null: no Content-Type header at all (Fastify's bodiless answers). */
  contentType: string | null;
  body: string | Buffer;
  headers?: Record<string, string> | undefined;
  /** Destroy the socket instead of answering (fault injection). */
  drop?: boolean;
}

/** What json() and html() build: fits every server's own Reply type. */
export interface TextReply extends Reply {
  contentType: string;
  body: string;
}

export function json(status: number, data: unknown, headers?: Record<string, string>): TextReply {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(data), headers };
}

export function html(status: number, body: string, headers?: Record<string, string>): TextReply {
  return { status, contentType: 'text/html; charset=utf-8', body, headers };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Sends `reply`; `extra` are headers the dispatcher adds (CORS, rate limits),
 * which the reply's own headers override. HEAD gets the headers only.
 */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  const headers: Record<string, string> = { ...extra, ...reply.headers };
  if (reply.contentType) headers['content-type'] = reply.contentType;
  headers['content-length'] = String(body.length);
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Wraps an async request handler so a bug in the test server answers 500
 * (`internalError`, in the server's own shape) and is logged under `label`,
 * instead of an unhandled rejection and a request that never ends.
 */
export function answerErrors(
  label: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  internalError: (error: unknown) => Reply,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res).catch((error) => {
      console.error(label, error);
      if (!res.headersSent) writeReply(req, res, internalError(error));
      else res.destroy();
    });
  };
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

/** 'Multipart/Form-Data; boundary=x' → 'multipart/form-data' ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Node's fetch Request parses multipart/form-data, so no dependency is needed. null when malformed. */
export async function parseMultipart(contentType: string, body: Buffer): Promise<FormData | null> {
  try {
    return await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Routing

export interface Route<C, R extends Reply> {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: (c: C, pathParams: Record<string, string>) => R | Promise<R>;
}

/** `/api/v1/media/:id`, `/@:username`, `/files/:key` → a route capturing the named parts. */
export function route<C, R extends Reply>(method: string, path: string, handler: Route<C, R>['handler']): Route<C, R> {
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

/**
 * The first route matching both method and path (GET routes also answer HEAD);
 * 'method' when some route has the path but not the method; null when none has it.
 */
export function matchRoute<C, R extends Reply>(
  routes: Route<C, R>[],
  method: string,
  path: string,
): { route: Route<C, R>; params: Record<string, string> } | 'method' | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method && !(r.method === 'GET' && method === 'HEAD')) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
    return { route: r, params };
  }
  return pathMatched ? 'method' : null;
}
