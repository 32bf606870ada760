/**
 * Per-endpoint rate limits, keyed by user id (or client address when signed out),
 * as ApiCallService applies an endpoint's `meta.limit`:
 *   {duration, max}  at most `max` calls in a sliding `duration` window
 *   {minInterval}    at least `minInterval` between two calls
 *
 * Misskey 2025.4's RateLimiterService uses the `ratelimiter` package (a Redis
 * sorted set per key) and rejects with its LimiterInfo, which ApiCallService
 * passes on as the error's `info`:
 *   {"remaining": 0, "reset": <epoch s>, "resetMs": <epoch ms>, "total": <max>}
 * and Retry-After = ceil((info.resetMs - now) / 1000).
 *
 * Sharkey (SkRateLimiterService) answers a LimitInfo with *relative* times instead,
 *   {"blocked", "remaining", "resetSec", "resetMs", "fullResetSec", "fullResetMs"}
 * and sends X-RateLimit-Clear / -Remaining / -Reset and Retry-After headers.
 */
import type { MisskeySoftware } from './types.js';

export interface Limit {
  duration?: number;
  max?: number;
  minInterval?: number;
}

export interface Exceeded {
  info: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The 429 details for "blocked until `resetAt`", in the software's own shape. */
export function limitInfo(software: MisskeySoftware, total: number, resetAt: number, now = Date.now()): Exceeded {
  if (software === 'sharkey') {
    const resetMs = Math.max(resetAt - now, 0);
    const resetSec = Math.ceil(resetMs / 1000);
    return {
      info: { blocked: true, remaining: 0, resetSec, resetMs, fullResetSec: resetSec, fullResetMs: resetMs },
      headers: {
        'x-ratelimit-clear': String(resetSec),
        'x-ratelimit-remaining': '0',
        'retry-after': String(resetSec),
        'x-ratelimit-reset': String(resetMs),
      },
    };
  }
  // Retry-After is derived from info.resetMs by the error writer (http.ts apiErrorReply).
  return { info: { remaining: 0, reset: Math.floor(resetAt / 1000), resetMs: resetAt, total }, headers: {} };
}

export class RateLimiter {
  /** key → call times (ms) inside the window, oldest first. */
  private hits = new Map<string, number[]>();

  constructor(private software: MisskeySoftware) {}

  /** Records the call and answers whether it is over the limit. Blocked calls count too, as in `ratelimiter`. */
  hit(key: string, limit: Limit, now = Date.now()): Exceeded | null {
    if (limit.minInterval !== undefined) {
      const blocked = this.check(`${key}:min`, limit.minInterval, 1, now);
      if (blocked) return blocked;
    }
    if (limit.duration !== undefined && limit.max !== undefined) return this.check(key, limit.duration, limit.max, now);
    return null;
  }

  private check(key: string, duration: number, max: number, now: number): Exceeded | null {
    const inWindow = (this.hits.get(key) ?? []).filter((t) => t > now - duration);
    const count = inWindow.length;
    inWindow.push(now);
    this.hits.set(key, inWindow);
    if (count < max) return null;
    // The window frees a slot when the max-th most recent earlier call leaves it.
    const oldestInRange = inWindow[inWindow.length - 1 - max] ?? inWindow[0]!;
    return limitInfo(this.software, max, oldestInRange + duration, now);
  }
}
