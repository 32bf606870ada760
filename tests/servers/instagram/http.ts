/**
 * HTTP plumbing with the Graph API's accent: Instagram's side of the error
 * envelope, parameters read from the query string and the body alike, and the
 * `fields` selector (what Graph does alike for Instagram and Threads is
 * common/graph-api.ts).
 *
 * Graph errors are always {"error": {message, type, code, error_subcode?,
 * is_transient?, error_user_title?, error_user_msg?, fbtrace_id}}
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling), and an
 * OAuthException also comes with a WWW-Authenticate: OAuth "Facebook Platform"
 * header. The Instagram error table gives HTTP 400 for every content publishing
 * error (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes).
 */
import { graphErrorEnvelope, oauthChallenge, parseFields as parseGraphFields, type FieldRequest, type GraphErrorBody } from '../common/graph-api.js';
import { json, mediaType, parseMultipart, type Reply } from '../common/http.js';
import { fbtraceId } from './state.js';

export { BodyTooLarge, escapeHtml, html, json, matchRoute, readBody, route, type Reply, type Route } from '../common/http.js';
export type { FieldRequest, GraphErrorBody } from '../common/graph-api.js';

/** Thrown by handlers to answer early; caught by the dispatcher. */
export class GraphError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** An OAuthException also carries Graph's WWW-Authenticate header. */
export function graphErrorReply(status: number, body: GraphErrorBody, headers: Record<string, string> = {}): Reply {
  const envelope = graphErrorEnvelope(body, fbtraceId());
  const extra: Record<string, string> = { ...headers };
  if (envelope.error.type === 'OAuthException') extra['www-authenticate'] = oauthChallenge(body.code, body.message);
  return json(status, envelope, extra);
}

export function fail(status: number, body: GraphErrorBody, headers?: Record<string, string>): never {
  throw new GraphError(graphErrorReply(status, body, headers));
}

export function redirect(location: string): Reply {
  return { status: 302, contentType: 'text/html; charset=utf-8', body: '', headers: { location } };
}

// ---------------------------------------------------------------------------
// Parameters

/** Scalars as strings; repeated or bracketed keys (`children[]`, `children[0]`) as lists. */
export type Params = Record<string, string | string[]>;

export class BadBody extends Error {}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Graph reads structured values (user_tags, children) as JSON text.
  return JSON.stringify(value);
}

function assign(params: Params, key: string, value: string): void {
  const bracket = /^([^[\]]+)\[\d*\]$/.exec(key);
  if (!bracket) {
    params[key] = value;
    return;
  }
  const name = bracket[1]!;
  const existing = params[name];
  params[name] = Array.isArray(existing) ? [...existing, value] : [value];
}

/**
 * The Graph API takes every parameter from the query string or the body, form
 * (urlencoded or multipart, as the docs' `curl -F` samples send) or JSON; the
 * body wins.
 */
export async function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of query) assign(params, key, value);
  if (body.length === 0) return params;
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadBody('Invalid JSON in the request body');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) params[key] = scalar(value);
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) assign(params, key, value);
  } else if (type === 'multipart/form-data') {
    const form = await parseMultipart(contentType!, body);
    if (!form) throw new BadBody('Invalid multipart body');
    for (const [key, value] of form) if (typeof value === 'string') assign(params, key, value);
  }
  return params;
}

export function str(params: Params, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;
}

/** A list parameter: repeated/bracketed keys, a JSON array, or comma-separated text. */
export function list(params: Params, key: string): string[] | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => v.trim()).filter(Boolean);
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v).trim()).filter(Boolean);
    } catch {
      // not JSON after all: fall through to comma-separated
    }
  }
  return text.split(',').map((v) => v.trim()).filter(Boolean);
}

/** Graph booleans: true/false, 1/0. */
export function bool(params: Params, key: string): boolean {
  const value = str(params, key);
  return value !== undefined && ['true', '1'].includes(value.trim().toLowerCase());
}

// ---------------------------------------------------------------------------
// fields=id,caption,children{media_url}

/** The fields list as common/graph-api.ts parses it, modifiers such as `.limit(5)` dropped. */
export function parseFields(spec: string | undefined): FieldRequest[] | null {
  return parseGraphFields(spec, { dropModifiers: true });
}

/** Graph's answer to a field the node does not have. */
export function nonexistingField(field: string, nodeType: string): never {
  fail(400, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`, code: 100 });
}

/**
 * Renders the selected fields of a node; `id` is always included, as Graph does.
 * Resolvers answering undefined leave the field out (Graph omits empty fields).
 */
export function renderFields(
  fields: FieldRequest[] | null,
  defaults: string[],
  resolvers: Record<string, (sub: FieldRequest[] | null) => unknown>,
  nodeType: string,
): Record<string, unknown> {
  const chosen = fields ?? defaults.map((name) => ({ name, sub: null }));
  const out: Record<string, unknown> = {};
  for (const f of chosen) {
    const resolve = resolvers[f.name];
    if (!resolve) nonexistingField(f.name, nodeType);
    const value = resolve(f.sub);
    if (value !== undefined) out[f.name] = value;
  }
  if (!('id' in out) && resolvers.id) out.id = resolvers.id(null);
  return out;
}
