/**
 * HTTP plumbing: replies, errors, body parsing into Rails-style params, routing.
 *
 * Mastodon is a Rails app, so its endpoints read one merged `params` hash built
 * from the query string and the body, whatever the body's encoding (JSON,
 * application/x-www-form-urlencoded or multipart/form-data). Bracketed form keys
 * nest the Rails way: `media_ids[]=1&media_ids[]=2` is an array, `poll[options][]`
 * a hash of arrays. We rebuild that here so the server accepts every form the
 * docs allow, not only the one our client happens to send.
 * https://docs.joinmastodon.org/client/intro/#parameters
 */
import { json, mediaType, parseMultipart, route as commonRoute, type Reply as CommonReply, type Route as CommonRoute } from '../common/http.js';

export { BodyTooLarge, escapeHtml, html, json, matchRoute, readBody } from '../common/http.js';

export type Param = string | number | boolean | null | File | Param[] | { [key: string]: Param };
export type Params = { [key: string]: Param };

/**
 * A complete answer, written by the dispatcher (which adds CORS and rate-limit
 * headers). Rails always sends a Content-Type, so unlike Misskey's it is never null.
 */
export interface Reply extends CommonReply {
  contentType: string;
}

/** Thrown by handlers to answer early; caught by the dispatcher. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function redirect(location: string): Reply {
  return { status: 302, contentType: 'text/html; charset=utf-8', body: '', headers: { location } };
}

/** Mastodon API errors are always `{"error": "..."}` (api/guidelines). */
export function fail(status: number, error: string, headers?: Record<string, string>): never {
  throw new ReplyError(json(status, { error }, headers));
}

// ---------------------------------------------------------------------------
// Body parsing

export class BadBody extends Error {}

/** Query string + body merged into one params hash, body winning (as Rails does). */
export async function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of query) assignRailsKey(params, key, value);
  const type = mediaType(contentType);
  if (body.length === 0) return params;
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadBody('Error occurred while parsing request parameters');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed as Params);
  } else if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) assignRailsKey(params, key, value);
  } else if (type === 'multipart/form-data') {
    const form = await parseMultipart(contentType!, body);
    if (!form) throw new BadBody('Error occurred while parsing request parameters');
    for (const [key, value] of form) assignRailsKey(params, key, value);
  }
  return params;
}

/** Assign `a[b][]=v` style keys into nested objects/arrays like Rack's query parser. */
export function assignRailsKey(target: Params, key: string, value: string | File): void {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) {
    target[key] = value;
    return;
  }
  const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
  // Arrays of hashes (`a[][b]`) are not used by any endpoint here: ignored.
  if (path.slice(0, -1).includes('')) return;
  let node: Params = target;
  for (const [i, name] of path.entries()) {
    const next = path[i + 1];
    if (next === undefined) {
      node[name] = value;
    } else if (next === '') {
      const existing = node[name];
      (Array.isArray(existing) ? existing : (node[name] = [])).push(value);
      return;
    } else {
      const child = node[name];
      node = isHash(child) ? child : ((node[name] = {}) as Params);
    }
  }
}

function isHash(value: Param | undefined): value is Params {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof File);
}

/** A scalar param as a string, like Rails' `params[:x].to_s` for permitted scalars. */
export function str(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** An array param (`x[]=` form fields or a JSON array). Scalars are dropped, as `permit(x: [])` does. */
export function list(params: Params, key: string): string[] | undefined {
  const value = params[key];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
}

export function file(params: Params, key: string): File | undefined {
  const value = params[key];
  return value instanceof File ? value : undefined;
}

/** ActiveModel::Type::Boolean: these strings are false, anything else present is true. */
export function bool(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value);
  if (text === '') return undefined;
  return !['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'].includes(text);
}

// ---------------------------------------------------------------------------
// Routing (the shared router, typed with this server's Reply)

export type Route<C> = CommonRoute<C, Reply>;

export function route<C>(method: string, path: string, handler: Route<C>['handler']): Route<C> {
  return commonRoute(method, path, handler);
}
