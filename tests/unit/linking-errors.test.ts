// @vitest-environment node
/**
 * What a failed link says, against the local Mastodon server: linking is the person's own action, so
 * no message promises a retry that never comes; offline says offline (and a delivery, that it goes
 * out once back online).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db } from '../../utils/db';
import { linkAccount } from '../../utils/linking';
import { TransientError, UnconfirmedWriteError, ValidationError } from '../../utils/networks/errors';
import { deliveryErrorMessage, failedOffline } from '../../utils/offline';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';

const REDIRECT = 'https://extension-id.chromiumapp.org/';

let mastodon: MastodonServer;
/** In front of the Mastodon server: answers POST /api/v1/apps with `appsStatus` while it is set. */
let front: Server;
let frontUrl: string;
let appsStatus: number | undefined;

beforeAll(async () => {
  mastodon = await startMastodonServer();
  front = createServer(async (request, response) => {
    if (request.method === 'POST' && request.url === '/api/v1/apps' && appsStatus) {
      response.writeHead(appsStatus, { 'content-type': 'application/json', 'retry-after': '120' });
      response.end(JSON.stringify({ error: 'Something went wrong' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${mastodon.url}${request.url}`, {
      method: request.method,
      headers: { 'content-type': request.headers['content-type'] ?? '' },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterAll(async () => {
  front.close();
  await mastodon.close();
});

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  appsStatus = undefined;
  fakeBrowser.permissions.contains = async () => true;
  fakeBrowser.identity.getRedirectURL = () => REDIRECT;
});
afterEach(() => vi.unstubAllGlobals());

describe('linking when the server has trouble', () => {
  it('a 500 from POST /api/v1/apps says to try again, and promises no retry', async () => {
    appsStatus = 500;
    const failure = linkAccount('mastodon', 'oauth', { server: frontUrl });
    await expect(failure).rejects.toThrow("127.0.0.1 had a problem, so nothing was linked. Try again in a moment.");
    await expect(failure).rejects.not.toThrow(/try again shortly/i);
    await expect(failure).rejects.toBeInstanceOf(TransientError);
    expect(await db.accounts.count()).toBe(0);
  });

  it('a 429 says when to try again, not that a post will go out', async () => {
    appsStatus = 429;
    const failure = linkAccount('mastodon', 'oauth', { server: frontUrl });
    await expect(failure).rejects.toThrow(/asks to slow down, so nothing was linked\. Try again after /);
    await expect(failure).rejects.not.toThrow(/will go out/);
  });

  it('an unreachable server still says to check the address when the browser is online', async () => {
    await expect(linkAccount('mastodon', 'token', { server: 'http://127.0.0.1:1', token: 't' })).rejects.toThrow(
      'Could not reach 127.0.0.1:1. Check the address and your connection.',
    );
  });

  it('offline, says so rather than "check the address"', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    await expect(linkAccount('mastodon', 'token', { server: 'http://127.0.0.1:1', token: 't' })).rejects.toThrow(
      'You are offline, so nothing was linked. Try again when you are back online.',
    );
  });
});

describe('a delivery that failed offline', () => {
  const unreachable = new TransientError('Could not reach social.example. Check the address and your connection.', { cause: new TypeError('fetch failed') });

  it('says it goes out once back online', () => {
    expect(deliveryErrorMessage(unreachable, true)).toBe('You are offline; it will be sent when you are back online.');
    expect(deliveryErrorMessage(unreachable, false)).toBe(unreachable.message);
  });

  it('keeps what a server said: an answer came, so the network was there', () => {
    const answered = new TransientError('social.example had a problem (HTTP 503).', { status: 503 });
    expect(failedOffline(answered, true)).toBe(false);
    expect(deliveryErrorMessage(answered, true)).toBe(answered.message);
    expect(failedOffline(new ValidationError('refused', { cause: new Error('x') }), true)).toBe(false);
  });

  it('keeps "sent, not confirmed yet": the post may be out already', () => {
    const unconfirmed = new UnconfirmedWriteError('social.example did not confirm the post yet.', { cause: new DOMException('timed out', 'TimeoutError') });
    expect(deliveryErrorMessage(unconfirmed, true)).toBe(unconfirmed.message);
  });

  it('reads navigator.onLine when not told', () => {
    vi.stubGlobal('navigator', { onLine: false });
    expect(deliveryErrorMessage(unreachable)).toBe('You are offline; it will be sent when you are back online.');
    vi.stubGlobal('navigator', { onLine: true });
    expect(deliveryErrorMessage(unreachable)).toBe(unreachable.message);
  });
});
