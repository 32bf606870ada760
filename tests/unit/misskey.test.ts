// @vitest-environment node
/** The Misskey adapter through the real outbox, against the local Misskey server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db } from '../../utils/db';
import { linkAccount } from '../../utils/linking';
import type { Account, Delivery, PostContent } from '../../utils/model';
import { enqueue } from '../../utils/outbox/enqueue';
import { makeDraft, settledDeliveries } from './outbox-helpers';
import { startMisskeyServer, type MisskeyServer } from '../servers/misskey';

// Node has no canvas: images pass through here; tests/e2e covers the real preparation.
vi.mock('../../utils/media/prepare-image', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../utils/media/prepare-image')>()),
  prepareImage: async (blob: Blob) => ({ blob, type: blob.type, width: 1, height: 1 }),
}));

let server: MisskeyServer;
let token: string;

beforeAll(async () => {
  server = await startMisskeyServer({ maxNoteTextLength: 200, software: 'sharkey' });
  token = server.createAccount({ username: 'mika', name: 'Mika' }).token;
});
afterAll(() => server.close());

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  server.notes.length = 0;
  Object.assign(server.faults, { redirectApiTo: '', dropConnectionAfterNoteStored: 0, failWith503: 0, rateLimitNext: 0, latencyMs: 0, htmlInsteadOfJson: false });
  fakeBrowser.permissions.contains = async () => true;
});

const link = (accessToken = token) => linkAccount('misskey', 'token', { server: server.url, token: accessToken });

async function publish(account: Account, content: Partial<PostContent>, alts: string[] = []): Promise<Delivery> {
  const images = alts.map((alt) => ({ alt, width: 20, height: 10 }));
  const { postId } = await enqueue(await makeDraft(content, images), [account.id]);
  const [delivery] = await settledDeliveries(postId);
  return delivery!;
}

describe('Misskey', () => {
  it('links by token and reads the limit from /api/meta', async () => {
    const account = await link();
    expect(account).toMatchObject({ handle: `@mika@${server.host}`, software: 'sharkey', displayName: 'Mika' });
    expect(account.limits).toEqual({ maxCharacters: 200 });
  });

  it('publishes text, content warning, visibility and images with their comments', async () => {
    const account = await link();
    const delivery = await publish(account, { text: 'Photos', spoilerText: 'eye strain', visibility: 'followers' }, ['Red', 'Blue']);
    expect(delivery.state).toBe('done');
    expect(server.notes).toHaveLength(1);
    const note = server.notes[0]!;
    expect(note).toMatchObject({ text: 'Photos', cw: 'eye strain', visibility: 'followers', replyId: null });
    expect(note.files.map((file) => [file.comment, file.isSensitive])).toEqual([['Red', true], ['Blue', true]]);
    expect(delivery.url).toBe(`${server.url}/notes/${note.id}`);
  });

  it('maps "quiet public" to home and chains a thread with replyId', async () => {
    const account = await link();
    const text = ['First paragraph '.repeat(8).trim(), 'Second paragraph '.repeat(8).trim(), 'Third paragraph '.repeat(8).trim()].join('\n\n');
    const delivery = await publish(account, { text, visibility: 'unlisted', thread: true });
    expect(delivery.state).toBe('done');
    expect(server.notes).toHaveLength(3);
    const [first, second, third] = server.notes as [MisskeyServer['notes'][0], MisskeyServer['notes'][0], MisskeyServer['notes'][0]];
    expect(server.notes.map((note) => note.visibility)).toEqual(['home', 'home', 'home']);
    expect([first.replyId, second.replyId, third.replyId]).toEqual([null, first.id, second.id]);
  });

  it('finds the note after a lost answer instead of creating it twice', async () => {
    const account = await link();
    const creates = () => server.requests.filter((r) => r.path === '/api/notes/create').length;
    const before = creates();
    server.faults.dropConnectionAfterNoteStored = 1;
    const delivery = await publish(account, { text: 'Only once, please' });
    expect(delivery.state).toBe('done');
    expect(delivery.attempts).toBe(1);
    expect(server.notes).toHaveLength(1);
    expect(delivery.url).toBe(`${server.url}/notes/${server.notes[0]!.id}`);
    // One create (whose answer was lost), then a look among the latest notes found it.
    expect(creates() - before).toBe(1);
  });

  it('retries a 429 and a 503, then publishes', async () => {
    const account = await link();
    server.faults.rateLimitNext = 1;
    server.faults.failWith503 = 1;
    const delivery = await publish(account, { text: 'Eventually' });
    expect(delivery.state).toBe('done');
    expect(server.notes).toHaveLength(1);
  });

  it('shows the server\'s words for a refused note and keeps the post', async () => {
    const account = await link();
    const delivery = await publish(account, { text: 'x'.repeat(201) });
    expect(delivery.state).toBe('failed');
    expect(delivery.error?.message).toMatch(/refused it/);
    expect((await db.posts.get(delivery.postId))?.text).toBe('x'.repeat(201));
  });

  it('never sends the token on when the server answers with a redirect', async () => {
    const account = await link();
    // Where the redirect points: it records every body it is sent.
    const received: string[] = [];
    const elsewhere = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"createdNote":{"id":"x"}}');
      });
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      server.faults.redirectApiTo = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
      const delivery = await publish(account, { text: 'Stays here' });
      expect(delivery.state).toBe('failed');
      expect(delivery.error?.message).toMatch(/redirect.*does not send your sign-in on/);
      expect(received).toEqual([]);
      expect(server.notes).toEqual([]);
    } finally {
      server.faults.redirectApiTo = '';
      elsewhere.close();
    }
  });

  it('a revoked token marks the account "needs re-link"', async () => {
    const fresh = server.issueToken(server.createAccount({ username: 'gone' }).userId);
    const account = await link(fresh);
    server.revokeToken(fresh);
    const delivery = await publish(account, { text: 'Kept' });
    expect(delivery.state).toBe('needs-relink');
    expect((await db.accounts.get(account.id))?.status).toBe('needs-relink');
  });

  it.each([
    ['an HTML page', () => (server.faults.htmlInsteadOfJson = true), /does not look like a Misskey-family server/],
    ['a wrong token', () => undefined, /did not accept this access token/],
  ])('explains %s', async (what, setUp, message) => {
    setUp();
    await expect(link(what === 'a wrong token' ? 'nope' : token)).rejects.toThrow(message);
    expect(await db.accounts.count()).toBe(0);
  });
});

describe('Misskey images', () => {
  it('posts an image-only note (no text) and uploads alt text even for bytes seen before', async () => {
    const account = await link();
    const first = await publish(account, { text: '' }, ['First words']);
    expect(first.state).toBe('done');
    // The same PNG bytes again, with another description: the drive must not hand back the old file.
    const second = await publish(account, { text: '' }, ['Other words']);
    expect(second.state).toBe('done');
    expect(server.notes.map((note) => [note.text, note.files[0]?.comment])).toEqual([
      [null, 'First words'],
      [null, 'Other words'],
    ]);
  });
});
