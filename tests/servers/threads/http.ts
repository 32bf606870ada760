/**
 * HTTP plumbing with Graph API manners: Threads' side of the error envelope,
 * parameter parsing, and `fields` selection (what Graph does alike for Threads
 * and Instagram is common/graph-api.ts).
 *
 * Graph endpoints read one set of parameters from the query string and the body
 * alike (the official Postman collection sends even POST parameters in the query
 * string; curl examples in the docs send them as -d form fields), so both are
 * merged here. Bodies may be urlencoded, multipart or JSON.
 */
import { randomBytes } from 'node:crypto';
import { graphErrorEnvelope, type FieldRequest } from '../common/graph-api.js';
import { json, mediaType, parseMultipart, type Reply as CommonReply, type Route as CommonRoute, route as commonRoute } from '../common/http.js';
import type { Params } from './state.js';

export { graphTime, parseFields, type FieldRequest } from '../common/graph-api.js';
export { BodyTooLarge, escapeHtml, html, json, matchRoute, readBody } from '../common/http.js';

export type Reply = CommonReply;
export type Route<C> = CommonRoute<C, Reply>;

export function route<C>(method: string, path: string, handler: Route<C>['handler']): Route<C> {
  return commonRoute(method, path, handler);
}

export function redirect(location: string): Reply {
  return { status: 302, contentType: 'text/html; charset=utf-8', body: '', headers: { location } };
}

/** Thrown by handlers to answer early; caught by the dispatcher. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

// ---------------------------------------------------------------------------
// The Graph error envelope (built in common/graph-api.ts), with `is_transient`,
// which real Threads answers carry (e.g. the 24/4279009 answer quoted in
// fbsamples/threads_api#70).

export interface GraphErrorSpec {
  status: number;
  message: string;
  /** OAuthException unless said otherwise (the type of most Threads errors seen in the wild). */
  type?: string;
  code: number;
  subcode?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  headers?: Record<string, string>;
}

/** fbtrace_id: an opaque 11-character id, different on every answer. */
export function fbtraceId(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}

export function graphErrorReply(spec: GraphErrorSpec): Reply {
  const trace = fbtraceId();
  const envelope = graphErrorEnvelope(
    {
      message: spec.message,
      type: spec.type,
      code: spec.code,
      error_subcode: spec.subcode,
      is_transient: spec.isTransient,
      error_user_title: spec.userTitle,
      error_user_msg: spec.userMsg,
    },
    trace,
  );
  return json(spec.status, envelope, { 'x-fb-trace-id': trace, ...spec.headers });
}

export function fail(spec: GraphErrorSpec): never {
  throw new ReplyError(graphErrorReply(spec));
}

/**
 * A parameter error: Graph's code 100. Threads answers these with type
 * THApiException (e.g. "Tried accessing nonexisting field (status)", quoted in
 * exileum/meta-mcp#143); the message wording below is this server's.
 */
export function invalidParam(message: string, extra: Partial<GraphErrorSpec> = {}): never {
  fail({ status: 400, message, type: 'THApiException', code: 100, ...extra });
}

/**
 * Graph's answer for an object or edge it does not have, or one the token may not
 * see (code 100, subcode 33, GraphMethodException).
 */
export function unsupported(method: string, id: string): Reply {
  return graphErrorReply({
    status: 400,
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, ` +
      'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    type: 'GraphMethodException',
    code: 100,
    subcode: 33,
  });
}

// ---------------------------------------------------------------------------
// Parameters

export class BadBody extends Error {}

/** Query string and body merged, the body winning. */
export async function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): Promise<Params> {
  const params: Params = Object.fromEntries(query);
  if (body.length === 0) return params;
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadBody('Invalid JSON in request body');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type === 'multipart/form-data') {
    const form = await parseMultipart(contentType!, body);
    if (!form) throw new BadBody('Invalid multipart body');
    for (const [key, value] of form) if (typeof value === 'string') params[key] = value;
  } else {
    // Graph reads a body without a (known) content type as a form, as curl -d sends it.
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return params;
}

/** A scalar parameter as a string ('' counts as given). */
export function str(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A boolean parameter: true/false (any case) or 1/0; anything else is a param error. */
export function bool(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  invalidParam(`(#100) Param ${key} must be a boolean`);
}

// ---------------------------------------------------------------------------
// fields=: parsed as common/graph-api.ts does; rendered here, with Threads' errors

export type FieldSource = Record<string, () => unknown>;

/**
 * Renders the requested fields of a node; absent values (undefined) are left
 * out, as Graph does. An unknown field is Graph's code 100.
 */
export function renderFields(source: FieldSource, requested: FieldRequest[] | null, defaults: string[]): Record<string, unknown> {
  const fields = requested ?? defaults.map((name) => ({ name, sub: null }));
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const get = source[field.name];
    if (!get) invalidParam(`Tried accessing nonexisting field (${field.name})`);
    const value = get();
    if (value === undefined) continue;
    out[field.name] = field.sub ? selectSub(value, field.sub) : value;
  }
  return out;
}

/** owner{id} on a plain object: keep the asked keys; {data:[...]} edges select in each item. */
function selectSub(value: unknown, sub: FieldRequest[]): unknown {
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.data)) return { ...record, data: record.data.map((item) => selectSub(item, sub)) };
  const out: Record<string, unknown> = {};
  for (const field of sub) if (record[field.name] !== undefined) out[field.name] = record[field.name];
  return out;
}
