/**
 * Fault injection and the request log, as both servers offer them to tests.
 *
 * A test (or, over /__control/faults, another process) sets counters on a
 * server's `faults` object; the dispatcher consumes them on the next /api/
 * requests. The faults below mean the same on every server and are answered the
 * same way, as the proxy in front of a real instance would (nginx's 503 page, a
 * bot wall's HTML), except the 429, which each server answers in its own
 * software's shape (passed in to injectedFault). Each server adds one fault of
 * its own: dropping the connection after its post (status / note) is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { html, type Reply, type TextReply } from './http.js';

/** The faults every server shares; each server's Faults extends this. */
export interface SharedFaults {
  /** Next N API requests (any /api/ path) answer 503 with an nginx HTML body. */
  failWith503: number;
  /** Next N API requests answer 429 the way that server's rate limiter does (see its Faults). */
  rateLimitNext: number;
  /** Delay before answering every request (the /__control surface excepted). */
  latencyMs: number;
  /** Every /api/ answer is 200 text/html (a captive portal or a bot wall in front). */
  htmlInsteadOfJson: boolean;
}

export function sharedDefaultFaults(): SharedFaults {
  return { failWith503: 0, rateLimitNext: 0, latencyMs: 0, htmlInsteadOfJson: false };
}

/** The JS type each fault must have when set over HTTP. */
export const SHARED_FAULT_TYPES: Record<keyof SharedFaults, 'number' | 'boolean'> = {
  failWith503: 'number',
  rateLimitNext: 'number',
  latencyMs: 'number',
  htmlInsteadOfJson: 'boolean',
};

export interface RequestLogEntry {
  method: string;
  /** Pathname only, without the query string. */
  path: string;
  /** HTTP status sent; 0 when the connection was dropped on purpose. */
  status: number;
}

/**
 * Gives `handle` a `faults` property reading the live object the dispatcher and
 * the control surface use; assigning a whole object merges it into that one
 * instead of replacing it (so `server.faults = {...}` still takes effect).
 */
export function withLiveFaults<S extends { faults: object }>(faults: S['faults'], handle: Omit<S, 'faults'>): S {
  return Object.defineProperty(handle, 'faults', {
    get: () => faults,
    set: (value: S['faults']) => Object.assign(faults, value),
    enumerable: true,
    configurable: true,
  }) as S;
}

const NGINX_503 =
  '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTML_NOT_JSON = '<!doctype html><html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing the site.</p></body></html>';

/**
 * The injected fault for an /api/ request, consuming one use of a counted fault;
 * null when none applies. `tooManyRequests` builds the server's own 429.
 */
export function injectedFault<R extends Reply>(faults: SharedFaults, tooManyRequests: () => R): R | TextReply | null {
  if (faults.htmlInsteadOfJson) return html(200, HTML_NOT_JSON);
  if (faults.failWith503 > 0) {
    faults.failWith503--;
    return html(503, NGINX_503);
  }
  if (faults.rateLimitNext > 0) {
    faults.rateLimitNext--;
    return tooManyRequests();
  }
  return null;
}

export async function injectedLatency(faults: SharedFaults): Promise<void> {
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
}

/** Logs the request with its status once the answer has been sent. */
export function logWhenAnswered(res: ServerResponse, log: RequestLogEntry[], method: string, path: string): void {
  res.on('finish', () => log.push({ method, path, status: res.statusCode }));
}

/**
 * Fault: the work is done but the client never hears back. The answer never
 * finishes, so the log gets status 0 here instead.
 */
export function dropConnection(req: IncomingMessage, log: RequestLogEntry[], method: string, path: string): void {
  log.push({ method, path, status: 0 });
  req.socket.destroy();
}
