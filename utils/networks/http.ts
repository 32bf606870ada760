import { t } from '../i18n';
import { AuthError, RateLimitError, TransientError, UnconfirmedWriteError, ValidationError } from './errors';

export const DEFAULT_TIMEOUT_MS = 20_000;

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A plain object is sent as JSON; FormData and URLSearchParams as they are. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Only for requests that carry no token, password or secret (discovery documents): a redirect is
   * followed. Otherwise a redirect is refused, so that a token is never sent on to where a server
   * (or whatever stands in front of it) points.
   */
  followRedirects?: boolean;
  /** The request creates something (a post): a timeout means "not confirmed", not "failed". */
  write?: boolean;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function encodeBody(body: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof FormData || body instanceof URLSearchParams || body instanceof Blob) return body;
  headers['Content-Type'] = 'application/json';
  return JSON.stringify(body);
}

/** When the server lets us try again: `X-RateLimit-Reset` (Mastodon, ISO 8601) or `Retry-After`. */
export function retryAtFromHeaders(headers: Headers, now = Date.now()): number {
  const reset = headers.get('x-ratelimit-reset');
  if (reset) {
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return at;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return now + seconds * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return at;
  }
  return now + 60_000;
}

/** The message a server put in its error body (`{"error": "..."}`, Mastodon and Misskey shapes). */
export function serverMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') {
    // OAuth: {error, error_description}; XRPC (Bluesky): {error: "InvalidRequest", message}.
    const description = record.error_description ?? record.message;
    return typeof description === 'string' && description ? description : error;
  }
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  if (typeof record.message === 'string') return record.message;
  return undefined;
}

/**
 * The machine-readable error name: XRPC `error`, Misskey `error.code`, OAuth `error`, or Meta's
 * Graph API `error.code` with its `error_subcode` ("190", "9/2207042").
 */
export function serverErrorCode(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const error = (data as Record<string, unknown>).error;
  if (typeof error === 'string') return error;
  if (!error || typeof error !== 'object') return undefined;
  const { code, error_subcode: subcode } = error as { code?: unknown; error_subcode?: unknown };
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return typeof subcode === 'number' ? `${code}/${subcode}` : String(code);
  return undefined;
}

/**
 * fetch + JSON with the failure modes of real servers turned into typed errors: unreachable hosts
 * and timeouts, HTML where JSON was expected, 401/403, 429, 4xx with the server's own words, 5xx.
 */
export async function requestJson<T>(url: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
  const host = hostOf(url);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const body = encodeBody(options.body, headers);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let response: Response;
  try {
    const redirect = options.followRedirects ? 'follow' : 'manual';
    response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal, credentials: 'omit', redirect });
  } catch (cause) {
    const seconds = Math.round(timeoutMs / 1000);
    if (timeout.aborted && options.write) throw new UnconfirmedWriteError(t('errorWriteUnconfirmed', host, seconds), { cause });
    if (timeout.aborted) throw new TransientError(t('errorTimeout', host, seconds), { cause });
    if (options.signal?.aborted) throw cause;
    throw new TransientError(t('errorUnreachable', host), { cause });
  }
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ValidationError(t('errorRedirectRefused', host), { status: response.status });
  }

  const text = await response.text().catch((cause: unknown) => {
    // The answer began and then stopped: a write may have been done all the same.
    if (timeout.aborted && options.write) throw new UnconfirmedWriteError(t('errorWriteUnconfirmed', host, Math.round(timeoutMs / 1000)), { cause });
    throw new TransientError(t('errorUnreachable', host), { cause });
  });
  const contentType = response.headers.get('content-type') ?? '';
  let data: unknown = undefined;
  let parsed = false;
  if (text.length > 0 && !/html/i.test(contentType)) {
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  } else if (text.length === 0) {
    parsed = true;
  }

  const said = serverMessage(data);
  const code = serverErrorCode(data);
  const status = response.status;
  if (status === 401 || status === 403) {
    throw new AuthError(t('errorAuth', host), { detail: said, status, code });
  }
  if (status === 429) {
    throw new RateLimitError(t('errorRateLimited', host), retryAtFromHeaders(response.headers), { detail: said, status, code });
  }
  if (status >= 500) {
    throw new TransientError(t('errorServer', host, status), { detail: said ?? text.slice(0, 200), status, code });
  }
  if (!parsed) {
    // A captive portal, a maintenance page or simply not an API: say so instead of "Unexpected token <".
    // Transient: a maintenance page goes away, and retries are idempotent.
    throw new TransientError(t('errorNotJson', host), { detail: text.slice(0, 200), status });
  }
  if (status >= 400) {
    throw new ValidationError(said ? t('errorRejected', host, said) : t('errorStatus', host, status), {
      detail: said,
      status,
      code,
    });
  }
  return { status, headers: response.headers, data: data as T };
}

/**
 * Whether a `redirect: 'manual'` fetch was answered with a redirect, which is then not followed.
 * Browsers hide where it pointed (an "opaque" answer); Node shows the 3xx itself.
 */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('location'));
}

/**
 * A response's body, read as it arrives and abandoned as soon as it passes `maxBytes`: a server that
 * sends no Content-Length (or a false one) cannot make the worker hold more than the cap. Undefined
 * when it was over.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

/** What a GET for something a page named (a link card's page or image) may fetch and read. */
export interface GuardedGetOptions {
  timeoutMs: number;
  /** Larger bodies are abandoned as they arrive (readCappedBody). */
  maxBytes: number;
  /** Whether the body is worth reading, by its media type (`text/html`, lower case, no parameters). */
  accept(mediaType: string): boolean;
  /** Whether an address may be fetched. */
  allowUrl(url: URL): boolean;
}

/** A refusal of what a guarded GET reached: never a failure worth telling anyone about. */
class RefusedResponseError extends Error {
  override readonly name = 'RefusedResponseError';
}

function allowed(url: string, options: GuardedGetOptions): boolean {
  try {
    return options.allowUrl(new URL(url));
  } catch {
    // Not a URL at all: nothing to fetch.
    return false;
  }
}

/** Why a response is not read, if it is not. */
function refusalOf(response: Response, mediaType: string, options: GuardedGetOptions): string | undefined {
  if (isRedirect(response)) return 'A redirect, not followed';
  if (!response.ok) return `HTTP ${response.status}`;
  if (!options.accept(mediaType)) return `Not read: ${mediaType || 'no content type'}`;
  return undefined;
}

/**
 * GET with the checks made before any of the body is read: the address, the status and the media
 * type; a refused body is cancelled, not read. Redirects are not followed. A browser does not show an
 * extension where a redirect points (`redirect: 'manual'` gives an opaque answer with no Location),
 * so a hop cannot be checked before it is made, and following blindly would send a GET to whatever
 * the redirect names: a router's admin page, a service on this machine. A link that redirects gets
 * no card; the post keeps the plain link.
 */
async function guardedGet(url: string, options: GuardedGetOptions): Promise<{ body: Uint8Array<ArrayBuffer>; mediaType: string }> {
  if (!allowed(url, options)) throw new RefusedResponseError(`Not fetched: ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), credentials: 'omit', redirect: 'manual' });
  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const refusal = refusalOf(response, mediaType, options);
  if (refusal) {
    await response.body?.cancel().catch(() => undefined);
    throw new RefusedResponseError(refusal);
  }
  const body = await readCappedBody(response, options.maxBytes);
  if (!body) throw new RefusedResponseError(`Over ${options.maxBytes} bytes`);
  return { body, mediaType };
}

/** GET a page as text (a link card's page); throws on failure or refusal, with no typed-error mapping. */
export async function requestText(url: string, options: GuardedGetOptions): Promise<string> {
  const { body } = await guardedGet(url, options);
  return new TextDecoder().decode(body);
}

/** GET a file as a Blob (a link card's image); throws on failure or refusal. */
export async function requestBlob(url: string, options: GuardedGetOptions): Promise<Blob> {
  const { body, mediaType } = await guardedGet(url, options);
  return new Blob([body], { type: mediaType });
}

/** Wait `ms`, or stop waiting when the publish is cancelled (the signal aborts). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
