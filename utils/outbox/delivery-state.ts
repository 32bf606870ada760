import type { Delivery, DeliveryError, DeliveryState } from '../model';
import type { NetworkErrorKind } from '../networks/errors';

/** Transient failures are retried this many times before the delivery waits for the person. */
export const MAX_AUTOMATIC_ATTEMPTS = 8;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: exponential, capped, with jitter so
 * that many deliveries failing together (a server restart) do not come back in lockstep.
 * The jitter keeps between half and all of the exponential delay ("equal jitter").
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export interface FailureInput {
  kind: NetworkErrorKind;
  message: string;
  /** For rate limits: when the server allows the next request (ms since epoch). */
  retryAt?: number;
  /** A post sent without an answer in time (UnconfirmedWriteError), and how long that answer was waited for. */
  unconfirmed?: boolean;
  waitedMs?: number;
  /** The request failed because the browser is offline: not the server's fault, so not counted. */
  offline?: boolean;
}

export interface Transition {
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  error?: DeliveryError;
}

/** Where a delivery goes after a failed attempt. Pure, so the rules are tested without a browser. */
export function afterFailure(
  delivery: Pick<Delivery, 'attempts' | 'createdAt'>,
  failure: FailureInput,
  now: number,
  random: () => number = Math.random,
): Transition {
  const attempts = delivery.attempts + 1;
  const error: DeliveryError = { kind: failure.kind, message: failure.message, ...(failure.unconfirmed ? { unconfirmed: true } : {}) };
  switch (failure.kind) {
    case 'auth':
      // Nothing is retried until the account is linked again; re-linking requeues it.
      return { state: 'needs-relink', attempts, nextAttemptAt: 0, error };
    case 'validation':
      return { state: 'failed', attempts, nextAttemptAt: 0, error };
    case 'rate-limit': {
      // Respect the server's reset time; a little jitter spreads deliveries sharing one token.
      const at = Math.max(failure.retryAt ?? 0, now + 1_000) + Math.round(random() * 1_000);
      if (attempts >= MAX_AUTOMATIC_ATTEMPTS * 2) return { state: 'failed', attempts, nextAttemptAt: 0, error };
      return { state: 'retrying', attempts, nextAttemptAt: at, error };
    }
    case 'transient': {
      // Offline, the delivery waits for the connection, looking every 30 s, for a day; after that
      // (or if the browser wrongly says it is offline) attempts count again.
      if (failure.offline && now - delivery.createdAt < OFFLINE_PATIENCE_MS) {
        return { state: 'retrying', attempts: delivery.attempts, nextAttemptAt: now + OFFLINE_RETRY_MS, error };
      }
      if (attempts >= MAX_AUTOMATIC_ATTEMPTS) return { state: 'failed', attempts, nextAttemptAt: 0, error };
      // A post sent without an answer may still be stored: a server with no idempotency key (Misskey)
      // is only asked whether it has it after three times the wait it already had, so that a slow
      // store is found rather than made twice.
      const settle = failure.unconfirmed && failure.waitedMs ? Math.min(MAX_SETTLE_MS, 3 * failure.waitedMs) : 0;
      return { state: 'retrying', attempts, nextAttemptAt: now + Math.max(retryDelayMs(attempts, random), settle), error };
    }
  }
}

/** How often a delivery that failed because the browser is offline looks again, and for how long. */
export const OFFLINE_RETRY_MS = 30_000;
const OFFLINE_PATIENCE_MS = 24 * 60 * 60_000;
/** The longest wait before asking again about a post sent without an answer. */
const MAX_SETTLE_MS = 5 * 60_000;

/** How long a request that creates a post waits for its answer. */
export const WRITE_TIMEOUT_MS = 20_000;

/**
 * A slow server may store the post and answer late: each attempt waits twice as long for the answer
 * as the one before (20, 40, 80, then 160 s), so a server that takes 30 s is confirmed on the second.
 */
export function writeTimeoutFor(attempts: number, base = WRITE_TIMEOUT_MS): number {
  return base * 2 ** Math.min(attempts, 3);
}

/** States in which the outbox will pick the delivery up by itself. */
export const RUNNABLE_STATES: readonly DeliveryState[] = ['queued', 'retrying'];
