/**
 * What Threads and Instagram share, worker side: Meta's Graph API. Errors come as
 * `{"error": {message, type, code, error_subcode, fbtrace_id}}` (the codes, not the HTTP status, say
 * what happened: https://developers.facebook.com/docs/graph-api/guides/error-handling), and a post
 * is a container that is made, checked until FINISHED, then published.
 */
import { t } from '../i18n';
import { AuthError, isNetworkError, RateLimitError, TransientError, ValidationError } from './errors';
import { requestJson, sleep } from './http';

/** Who is calling, for messages: "Threads", "@ana". */
export interface GraphCaller {
  network: string;
  handle: string;
  /** Calls that only read the token's user: there, "does not exist" (24 / 4279009) means the token's user is gone. */
  aboutToken?: boolean;
}

/** Throttling (https://developers.facebook.com/docs/graph-api/overview/rate-limiting): wait before trying again. */
const THROTTLED = new Set(['4', '17', '32', '341', '613']);
const THROTTLE_WAIT_MS = 15 * 60_000;
/**
 * Meta's own "try again" errors, whatever the HTTP status: 1 (unknown, possibly temporary), 2 (service
 * unavailable), and for Instagram media 2207001 (server error) and 2207003 (the image took too long to download).
 */
const TEMPORARY_CODES = new Set(['1', '2']);
const TEMPORARY_SUBCODES = new Set(['2207001', '2207003']);
/** The daily publishing limit frees up as the oldest post of the last 24 hours ages out: look again within the hour. */
export const QUOTA_WAIT_MS = 60 * 60_000;

/** Meta's error codes turned into what the outbox acts on; other errors pass unchanged. */
export function fromGraphError(error: unknown, caller: GraphCaller): unknown {
  if (!isNetworkError(error) || !error.code || !/^\d/.test(error.code)) return error;
  const [code, subcode] = error.code.split('/');
  const options = { cause: error, detail: error.detail, status: error.status, code: error.code };
  if (code === '190' || (caller.aboutToken && code === '24' && subcode === '4279009')) {
    return new AuthError(t('errorMetaTokenRejected', caller.network, caller.handle), options);
  }
  if (code === '9' || subcode === '2207042') {
    const at = Date.now() + QUOTA_WAIT_MS;
    return new RateLimitError(t('errorMetaQuota', caller.network, new Date(at).toLocaleTimeString()), at, options);
  }
  if (TEMPORARY_CODES.has(code!) || (subcode && TEMPORARY_SUBCODES.has(subcode))) {
    return new TransientError(t('errorMetaTemporary', caller.network), options);
  }
  if (code && THROTTLED.has(code)) {
    const at = Date.now() + THROTTLE_WAIT_MS;
    return new RateLimitError(t('errorMetaThrottled', caller.network, new Date(at).toLocaleTimeString()), at, options);
  }
  return error;
}

type Params = Record<string, string | number | boolean | undefined>;

function encode(params: Params): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search;
}

/** GET `path` on `host` with query parameters (the token among them, as Meta documents). */
export async function graphGet<T>(host: string, path: string, params: Params, caller: GraphCaller): Promise<T> {
  const url = new URL(path, host);
  url.search = encode(params).toString();
  try {
    return (await requestJson<T>(url.href, { timeoutMs: 20_000 })).data;
  } catch (error) {
    throw fromGraphError(error, caller);
  }
}

/**
 * POST `path` on `host` with form fields. `writing`: the request publishes a post, so a timeout reads
 * "sent, not confirmed", and the wait is the delivery's (longer at each attempt).
 */
export async function graphPost<T>(host: string, path: string, params: Params, caller: GraphCaller, writing?: { timeoutMs: number }): Promise<T> {
  try {
    const timing = writing ? { write: true, timeoutMs: writing.timeoutMs } : { timeoutMs: 30_000 };
    return (await requestJson<T>(new URL(path, host).href, { method: 'POST', body: encode(params), ...timing })).data;
  } catch (error) {
    throw fromGraphError(error, caller);
  }
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** How long a container may stay IN_PROGRESS before the delivery gives up for now (and retries later). */
const CONTAINER_WAIT_LIMIT_MS = 5 * 60_000;

/**
 * Check a container until it is no longer IN_PROGRESS. Meta documents no fixed wait, and most images
 * are ready within a second or two, so the pauses start short and grow slowly (100 ms, a quarter more
 * each time, at most 2 s): a container that finishes at 1.4 s is seen within about 0.2 s of it (with
 * doubling pauses of 250 ms it was seen at 2.5 s), for about four reads in the first second.
 */
export async function settledContainer(
  read: () => Promise<{ status: ContainerStatus; message?: string }>,
  caller: GraphCaller,
  signal?: AbortSignal,
): Promise<{ status: Exclude<ContainerStatus, 'IN_PROGRESS'>; message?: string }> {
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(delay * 1.25, 2_000)) {
    const state = await read();
    if (state.status !== 'IN_PROGRESS') return state as { status: Exclude<ContainerStatus, 'IN_PROGRESS'>; message?: string };
    if (Date.now() - started > CONTAINER_WAIT_LIMIT_MS) throw new TransientError(t('errorMetaStillPreparing', caller.network));
    await sleep(delay, signal);
  }
}

/** A container Meta refused to make into a post: its words, for Edit and Retry. */
export function containerFailed(caller: GraphCaller, message: string | undefined): ValidationError {
  return new ValidationError(t('errorMetaContainer', caller.network, message || t('errorMetaNoReason')), { detail: message });
}
