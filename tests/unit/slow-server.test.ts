// @vitest-environment node
/**
 * A server that stores the post but answers late: the post was sent, and the outbox says so while it
 * waits for the answer, waiting longer at each try, until it is confirmed. Never posted twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db } from '../../utils/db';
import { linkAccount } from '../../utils/linking';
import type { Delivery } from '../../utils/model';
import { enqueue } from '../../utils/outbox/enqueue';
import { makeDraft, settledDeliveries } from './outbox-helpers';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { startMisskeyServer, type MisskeyServer } from '../servers/misskey';

// The waits of the real outbox (20 s, then 40 s…), scaled down to a test's time: 1 s, then 2 s.
vi.mock('../../utils/outbox/delivery-state', async (original) => {
  const real = await original<typeof import('../../utils/outbox/delivery-state')>();
  return { ...real, writeTimeoutFor: (attempts: number) => real.writeTimeoutFor(attempts, 1_000) };
});

let server: MastodonServer;
let token: string;
let misskey: MisskeyServer;

beforeAll(async () => {
  server = await startMastodonServer({});
  token = server.createAccount({ username: 'slow' }).token;
  misskey = await startMisskeyServer({});
});
afterAll(() => {
  server.close();
  misskey.close();
});

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  fakeBrowser.permissions.contains = async () => true;
});

describe('a server that answers after the post is stored', () => {
  it('is "sent, waiting to confirm", not failed, and confirmed by a longer wait, once', async () => {
    const account = await linkAccount('mastodon', 'token', { server: server.url, token });
    // Every answer takes 1.4 s: longer than the first try waits (1 s), shorter than the second (2 s).
    server.faults.latencyMs = 1_400;
    try {
      const { postId } = await enqueue(await makeDraft({ text: 'Slowly but surely' }, []), [account.id]);
      const seen: Delivery[] = [];
      const delivery = () => db.deliveries.where('postId').equals(postId).first();
      await vi.waitUntil(async () => {
        const now = await delivery();
        if (now) seen.push(now);
        return now?.state === 'retrying';
      }, { timeout: 10_000, interval: 50 });
      const waiting = seen.at(-1)!;
      expect(waiting.error).toMatchObject({ kind: 'transient', unconfirmed: true });
      expect(waiting.error?.message).toMatch(/Sent to 127\.0\.0\.1:\d+, which has not confirmed it yet \(no answer within 1 seconds\)/);
      // The server stores it from that first try, after its delay.
      await vi.waitUntil(() => server.statuses.length === 1, { timeout: 5_000 });

      const [done] = await settledDeliveries(postId, 20_000);
      expect(done).toMatchObject({ state: 'done', attempts: 1 });
      expect(done?.url).toBe(server.statuses[0]?.url);
      expect(server.statuses).toHaveLength(1);
    } finally {
      server.faults.latencyMs = 0;
    }
  });
});

describe('a server with no idempotency key that stores the post late', () => {
  it('is asked whether it has the post only after it had time to store it: one note', async () => {
    const account = await linkAccount('misskey', 'token', { server: misskey.url, token: misskey.createAccount({ username: 'late' }).token });
    // notes/create takes 3.2 s: longer than the first try waits (1 s), and past the usual retry (1–2 s
    // later); the next try asks at 4 s at the earliest (three times the 1 s it waited).
    misskey.faults.slowNoteCreateMs = 3_200;
    try {
      const { postId } = await enqueue(await makeDraft({ text: 'Stored late' }, []), [account.id]);
      const [done] = await settledDeliveries(postId, 20_000);
      expect(done?.state).toBe('done');
      expect(misskey.notes.map((note) => note.text)).toEqual(['Stored late']);
    } finally {
      misskey.faults.slowNoteCreateMs = 0;
    }
  });
});
