import { describe, expect, it } from 'vitest';
import { canRetryByHand } from '../../utils/history';
import { afterFailure, MAX_AUTOMATIC_ATTEMPTS, OFFLINE_RETRY_MS, retryDelayMs, writeTimeoutFor } from '../../utils/outbox/delivery-state';

const NOW = 1_700_000_000_000;

describe('retry timing', () => {
  it('grows exponentially and keeps between half and all of the delay', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_000);
    expect(retryDelayMs(1, () => 1)).toBe(2_000);
    expect(retryDelayMs(2, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, () => 1)).toBe(8_000);
    expect(retryDelayMs(4, () => 0.5)).toBe(12_000);
  });

  it('is capped at five minutes whatever the attempt', () => {
    expect(retryDelayMs(30, () => 1)).toBe(300_000);
    expect(retryDelayMs(30, () => 0)).toBe(150_000);
  });

  it('spreads deliveries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(5)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('delivery state after a failure', () => {
  it('retries transient errors later, then gives up and waits for the person', () => {
    const first = afterFailure({ createdAt: NOW, attempts: 0 }, { kind: 'transient', message: 'down' }, NOW, () => 0);
    expect(first).toMatchObject({ state: 'retrying', attempts: 1, nextAttemptAt: NOW + 1_000 });
    expect(first.error).toEqual({ kind: 'transient', message: 'down' });
    const last = afterFailure({ createdAt: NOW, attempts: MAX_AUTOMATIC_ATTEMPTS - 1 }, { kind: 'transient', message: 'down' }, NOW);
    expect(last.state).toBe('failed');
  });

  it('waits for the connection when offline, however long, without counting it as an attempt', () => {
    const offline = { kind: 'transient' as const, message: 'You are offline', offline: true };
    const next = afterFailure({ createdAt: NOW, attempts: MAX_AUTOMATIC_ATTEMPTS - 1 }, offline, NOW + 1_000);
    expect(next).toMatchObject({ state: 'retrying', attempts: MAX_AUTOMATIC_ATTEMPTS - 1, nextAttemptAt: NOW + 1_000 + OFFLINE_RETRY_MS });
    // The same failure online is the last straw; so it is offline after a day (the browser may be wrong).
    expect(afterFailure({ createdAt: NOW, attempts: MAX_AUTOMATIC_ATTEMPTS - 1 }, { ...offline, offline: false }, NOW + 1_000).state).toBe('failed');
    expect(afterFailure({ createdAt: NOW, attempts: MAX_AUTOMATIC_ATTEMPTS - 1 }, offline, NOW + 25 * 60 * 60_000).state).toBe('failed');
  });

  it('keeps "sent, not confirmed" on the error, for the delivery list to say so', () => {
    const next = afterFailure({ createdAt: NOW, attempts: 0 }, { kind: 'transient', message: 'Sent to x', unconfirmed: true, waitedMs: 20_000 }, NOW, () => 0);
    expect(next.error).toEqual({ kind: 'transient', message: 'Sent to x', unconfirmed: true });
    // Asked again only after three times the wait it had: a slow store is found, not made twice.
    expect(next.nextAttemptAt).toBe(NOW + 60_000);
    expect(writeTimeoutFor(0)).toBe(20_000);
    expect([1, 2, 3, 9].map((attempts) => writeTimeoutFor(attempts))).toEqual([40_000, 80_000, 160_000, 160_000]);
  });

  it('waits for the rate-limit reset the server gave', () => {
    const resetAt = NOW + 90_000;
    const next = afterFailure({ createdAt: NOW, attempts: 0 }, { kind: 'rate-limit', message: 'slow', retryAt: resetAt }, NOW, () => 0.5);
    expect(next.state).toBe('retrying');
    expect(next.nextAttemptAt).toBe(resetAt + 500);
  });

  it('never retries sooner than a second even if the reset is in the past', () => {
    const next = afterFailure({ createdAt: NOW, attempts: 0 }, { kind: 'rate-limit', message: 'slow', retryAt: NOW - 10_000 }, NOW, () => 0);
    expect(next.nextAttemptAt).toBe(NOW + 1_000);
  });

  it('stops at once on a refusal, keeping the server message', () => {
    const next = afterFailure({ createdAt: NOW, attempts: 0 }, { kind: 'validation', message: 'Text character limit of 500 exceeded' }, NOW);
    expect(next).toMatchObject({ state: 'failed', error: { message: 'Text character limit of 500 exceeded' } });
  });

  it('waits for a re-link on an auth error', () => {
    expect(afterFailure({ createdAt: NOW, attempts: 2 }, { kind: 'auth', message: 'revoked' }, NOW).state).toBe('needs-relink');
  });

  it('lets the person retry what stopped, not what is done', () => {
    expect(canRetryByHand('failed')).toBe(true);
    expect(canRetryByHand('retrying')).toBe(true);
    expect(canRetryByHand('done')).toBe(false);
    expect(canRetryByHand('running')).toBe(false);
    // Linking the account again sends it; a retry before that could only fail the same way.
    expect(canRetryByHand('needs-relink')).toBe(false);
  });
});
