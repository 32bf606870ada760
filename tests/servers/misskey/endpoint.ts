/**
 * What an API endpoint declares, as in Misskey's `export const meta` / `paramDef`
 * pairs (server/api/endpoints/*.ts), and what its handler receives.
 */
import type { Limit } from './ratelimit.js';
import type { Schema } from './schema.js';
import type { AccessToken, Account, Ctx } from './state.js';

export interface EndpointMeta {
  requireCredential?: boolean;
  /** The permission an app token needs (the endpoint's `kind`). */
  kind?: string;
  /** Only a native (web client) token may call it. */
  secure?: boolean;
  /** multipart/form-data with one file part. */
  requireFile?: boolean;
  /** GET is allowed (with query-string params); otherwise GET answers 405. */
  allowGet?: boolean;
  limit?: Limit & { key?: string };
}

export interface UploadedFile {
  /** The part's filename ("blob" when a Blob was appended without one). */
  name: string | null;
  bytes: Buffer;
}

export interface ApiCall {
  ctx: Ctx;
  user: Account | null;
  /** The app token; null for a native token or none. */
  token: AccessToken | null;
  file: UploadedFile | null;
}

/** A handler's result: an object answers 200 JSON, undefined/null answers 204. */
export type Executor = (ps: Record<string, unknown>, call: ApiCall) => unknown;

export interface Endpoint {
  name: string;
  meta: EndpointMeta;
  params: Schema;
  exec: Executor;
}

export function defineEndpoint(name: string, meta: EndpointMeta, params: Schema, exec: Executor): Endpoint {
  return { name, meta, params, exec };
}

/** The authenticated user of an endpoint with requireCredential (checked before exec). */
export function me(call: ApiCall): Account {
  return call.user!;
}
