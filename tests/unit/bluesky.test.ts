// @vitest-environment node
/**
 * The Bluesky adapter through the real outbox against a real PDS (@atproto/dev-env) in this
 * process: records are read back from the PDS. Image re-encoding needs a browser and is covered in
 * tests/e2e; here images pass through unchanged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db } from '../../utils/db';
import { linkAccount, unlinkAccount } from '../../utils/linking';
import type { Account, Delivery, PostContent } from '../../utils/model';
import { allowTestFixtureOrigin } from '../../utils/networks/public-address';
import { enqueue } from '../../utils/outbox/enqueue';
import { jwtExpiry } from '../../utils/networks/bluesky/xrpc';
import { makePng } from '../fixtures/images';
import { makeDraft, settledDeliveries, type TestImage } from './outbox-helpers';
import { startBlueskyNetwork, startDropProxy, type BlueskyAccount, type BlueskyNetwork, type DropProxy } from '../servers/bluesky';

vi.mock('../../utils/media/prepare-image', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../utils/media/prepare-image')>()),
  prepareImage: async (blob: Blob) => {
    const header = new DataView(await blob.slice(16, 24).arrayBuffer());
    return { blob, type: 'image/png', width: header.getUint32(0), height: header.getUint32(4) };
  },
}));

let network: BlueskyNetwork;
let alice: BlueskyAccount;
let bob: BlueskyAccount;
let proxy: DropProxy;
let pages: Server;
let pagesUrl: string;
/** How many 64 KB pieces of /endless were written before the reader went away. */
let endlessSent = 0;

beforeAll(async () => {
  network = await startBlueskyNetwork();
  alice = await network.createAccount('alice.test');
  bob = await network.createAccount('bob.test');
  proxy = await startDropProxy(network.pdsUrl);
  const png = makePng(600, 315, 9);
  pages = createServer((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Fallback title</title>
        <meta property="og:title" content="Tom &amp; Jerry &lt;script&gt;">
        <meta content="A page about cats" property="og:description">
        <meta property="og:image" content="/card.png"></head><body>hi</body></html>`);
    } else if (req.url === '/to-loopback') {
      // The same machine under another name: not the fixture the test named, so not the public web.
      res.writeHead(302, { location: `http://localhost:${(pages.address() as AddressInfo).port}/article` });
      res.end();
    } else if (req.url === '/cloud-metadata-image') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><meta property="og:title" content="Innocent"><meta property="og:image" content="http://169.254.169.254/latest/meta-data/iam"></head></html>');
    } else if (req.url === '/endless') {
      // 50 MB with no Content-Length, in 64 KB pieces; counted, to see the reader stop.
      res.writeHead(200, { 'content-type': 'text/html' });
      const piece = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const more = () => {
        while (sent < 800 && res.write(piece)) sent++, (endlessSent = sent);
        if (sent < 800) res.once('drain', more);
        else res.end();
      };
      res.on('close', () => (endlessSent = sent));
      more();
    } else if (req.url === '/never-closes') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><head>${'<meta '.repeat(40_000)}`);
    } else if (req.url === '/card.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(png);
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  // The pages stand for a public site: link cards are read only from the public web.
  allowTestFixtureOrigin(pagesUrl);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await network?.close();
  pages?.close();
});

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  fakeBrowser.permissions.contains = async () => true;
  // After each delivery, access asked for a linked site is given back (utils/outbox/link-site-access.ts).
  fakeBrowser.permissions.remove = async () => true;
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'test', version: '0', host_permissions: [] });
});

async function linkAlice(): Promise<Account> {
  return linkAccount('bluesky', 'app-password', {
    identifier: 'alice.test',
    password: alice.appPassword,
    server: network.pdsUrl,
    plc: network.plcUrl,
  });
}

let fresh = 0;
/** A new account per test, so the records read back are this test's alone. */
async function linkFresh(): Promise<{ account: Account; did: string }> {
  const created = await network.createAccount(`user${++fresh}.test`);
  const account = await linkAccount('bluesky', 'app-password', {
    identifier: created.handle,
    password: created.appPassword,
    server: network.pdsUrl,
    plc: network.plcUrl,
  });
  return { account, did: created.did };
}

async function publish(account: Account, content: Partial<PostContent>, images: TestImage[] = []): Promise<Delivery> {
  const { postId } = await enqueue(await makeDraft(content, images), [account.id]);
  const [delivery] = await settledDeliveries(postId);
  return delivery!;
}

function sliceBytes(text: string, start: number, end: number): string {
  return new TextDecoder().decode(new TextEncoder().encode(text).slice(start, end));
}

describe('Bluesky', () => {
  it('links with handle and app password, finding the PDS through the DID document', async () => {
    const account = await linkAlice();
    expect(account).toMatchObject({ handle: '@alice.test', remoteId: alice.did, server: new URL(network.pdsUrl).origin });
    expect(account.limits).toEqual({ maxCharacters: 300, maxBytes: 3000 });
    const credential = await db.credentials.get(account.id);
    expect(credential?.refreshToken).toBeTruthy();
    expect(credential?.expiresAt).toBeGreaterThan(Date.now());
  });

  it('turns links, mentions and tags into facets whose byte ranges slice to exactly them', async () => {
    const account = await linkAlice();
    const text = '👩‍👩‍👧‍👦 日本語\nhi @bob.test and @nobody.test see https://example.com/a?b=1. #猫 #tag!';
    const delivery = await publish(account, { text, language: 'ja' });
    expect(delivery.state).toBe('done');
    const [record] = await network.posts(alice.did);
    expect(record?.value.text).toBe(text);
    expect(record?.value.langs).toEqual(['ja']);
    const facets = record!.value.facets!;
    const pieces = facets.map((facet) => [facet.features[0]!.$type.split('#')[1], sliceBytes(text, facet.index.byteStart, facet.index.byteEnd)]);
    expect(pieces).toEqual([
      ['mention', '@bob.test'],
      ['link', 'https://example.com/a?b=1'],
      ['tag', '#猫'],
      ['tag', '#tag'],
    ]);
    expect(facets[0]!.features[0]).toMatchObject({ did: bob.did });
    expect(delivery.url).toMatch(/^https:\/\/bsky\.app\/profile\/alice\.test\/post\/[a-z2-7]{13}$/);
  });

  it('posts a three-part thread with correct reply references', async () => {
    const { account, did } = await linkFresh();
    const paragraph = (n: number) => `Paragraph ${n}: ${'word '.repeat(45).trim()}.`;
    const text = [1, 2, 3].map(paragraph).join('\n\n');
    const delivery = await publish(account, { text, thread: true, numbering: true });
    expect(delivery.state).toBe('done');
    const records = await network.posts(did);
    expect(records).toHaveLength(3);
    const [first, second, third] = records as [typeof records[0], typeof records[0], typeof records[0]];
    expect(first.value.reply).toBeUndefined();
    expect(second.value.reply).toEqual({ root: { uri: first.uri, cid: first.cid }, parent: { uri: first.uri, cid: first.cid } });
    expect(third.value.reply).toEqual({ root: { uri: first.uri, cid: first.cid }, parent: { uri: second.uri, cid: second.cid } });
    expect(records.map((r) => r.value.text.slice(-3))).toEqual(['1/3', '2/3', '3/3']);
  });

  it('maps a content warning to the chosen self-label, and images keep alt text and aspect ratio', async () => {
    const { account, did } = await linkFresh();
    const delivery = await publish(account, { text: 'Careful', spoilerText: 'blood', contentLabel: 'graphic-media' }, [
      { alt: 'A wide one', width: 300, height: 100 },
      { alt: 'A tall one', width: 100, height: 250 },
    ]);
    expect(delivery.state).toBe('done');
    const [record] = await network.posts(did);
    expect(record?.value.labels?.values).toEqual([{ val: 'graphic-media' }]);
    const embed = record?.value.embed as { $type: string; images: { alt: string; aspectRatio: unknown; image: { ref: { $link: string }; size: number } }[] };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((image) => [image.alt, image.aspectRatio])).toEqual([
      ['A wide one', { width: 300, height: 100 }],
      ['A tall one', { width: 100, height: 250 }],
    ]);
    const bytes = await network.blob(did, embed.images[0]!.image.ref.$link);
    expect(bytes.length).toBeLessThanOrEqual(1_000_000);
  });

  it('adds a link card from the page metadata, and posts the plain link when the page cannot be read', async () => {
    const { account, did } = await linkFresh();
    expect((await publish(account, { text: `Read ${pagesUrl}/article` })).state).toBe('done');
    expect((await publish(account, { text: `Gone ${pagesUrl}/missing` })).state).toBe('done');
    const [withCard, plain] = await network.posts(did);
    expect(withCard?.value.embed).toMatchObject({
      $type: 'app.bsky.embed.external',
      external: { uri: `${pagesUrl}/article`, title: 'Tom & Jerry <script>', description: 'A page about cats', thumb: { mimeType: 'image/png' } },
    });
    expect(plain?.value.embed).toBeUndefined();
    expect(plain?.value.facets?.[0]?.features[0]).toMatchObject({ uri: `${pagesUrl}/missing` });
  });

  it.each([
    ['a page that redirects to this machine', '/to-loopback'],
    ['a page whose image is on the cloud metadata address', '/cloud-metadata-image'],
    ['a 50 MB page without Content-Length', '/endless'],
    ['a head of 200 KB of "<meta" that never closes', '/never-closes'],
  ])('posts %s as the plain link and nothing else', async (_, path) => {
    const { account, did } = await linkFresh();
    const url = `${pagesUrl}${path}`;
    expect((await publish(account, { text: `Look ${url}` })).state).toBe('done');
    const [post] = await network.posts(did);
    expect(post?.value.text).toBe(`Look ${url}`);
    expect(post?.value.facets?.[0]?.features[0]).toMatchObject({ uri: url });
    // No card, or (where the page said a title) one with nothing read from elsewhere: no image.
    const embed = post?.value.embed as { external?: { thumb?: unknown; title?: string } } | undefined;
    expect(embed?.external?.thumb).toBeUndefined();
    if (path === '/to-loopback' || path === '/endless') expect(embed).toBeUndefined();
    if (path === '/endless') expect(endlessSent).toBeLessThan(800);
  });

  it('makes the card of a shared page from what the page said when it was shared, without reading it again', async () => {
    const { account, did } = await linkFresh();
    // /missing answers 404: a card can only come from the preview the draft carries.
    const url = `${pagesUrl}/missing`;
    const linkPreview = { url, title: 'Shared title', description: 'Said by the page', imageUrl: `${pagesUrl}/card.png` };
    expect((await publish(account, { text: `Shared ${url}`, linkPreview })).state).toBe('done');
    const [post] = await network.posts(did);
    expect(post?.value.embed).toMatchObject({
      $type: 'app.bsky.embed.external',
      external: { uri: url, title: 'Shared title', description: 'Said by the page', thumb: { mimeType: 'image/png' } },
    });
  });

  it('leaves exactly one record when the connection drops after createRecord committed', async () => {
    const { account, did } = await linkFresh();
    // The account's PDS address goes through the fault-injecting proxy.
    await db.accounts.update(account.id, { server: proxy.url });
    proxy.dropAfterCommit = 1;
    const delivery = await publish({ ...account, server: proxy.url }, { text: 'Only once' });
    expect(delivery.state).toBe('done');
    // The lost answer was noticed and the record found by its key: one create, one record.
    expect(proxy.creates).toBe(1);
    expect(proxy.dropAfterCommit).toBe(0);
    expect((await network.posts(did)).map((r) => r.value.text)).toEqual(['Only once']);
  });

  it('refreshes the session before it expires, without signing in again', async () => {
    const account = await linkAlice();
    const before = (await db.credentials.get(account.id))!;
    await db.credentials.update(account.id, { expiresAt: Date.now() + 60_000 });
    expect((await publish(account, { text: 'Fresh session' })).state).toBe('done');
    const after = (await db.credentials.get(account.id))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 60 * 60_000);
  });

  it('ends the session on the PDS when unlinked: the session cannot be renewed', async () => {
    const { account } = await linkFresh();
    const { accessToken, refreshToken } = (await db.credentials.get(account.id))!;
    fakeBrowser.permissions.remove = async () => true;
    expect(await unlinkAccount(account.id)).toEqual({ notice: undefined });
    expect(await db.credentials.get(account.id)).toBeUndefined();
    const refresh = await fetch(`${network.pdsUrl}/xrpc/com.atproto.server.refreshSession`, { method: 'POST', headers: { Authorization: `Bearer ${refreshToken}` } });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toMatch(/ExpiredToken|InvalidToken/);
    // The access token is a signed JWT the PDS does not look up: it runs out by itself (two hours).
    expect(jwtExpiry(accessToken)).toBeLessThanOrEqual(Date.now() + 2 * 60 * 60_000 + 60_000);
  });

  it('marks the account "needs re-link" when the session cannot be refreshed, and keeps the post', async () => {
    const carol = await network.createAccount('carol.test');
    const account = await linkAccount('bluesky', 'app-password', {
      identifier: 'carol.test', password: carol.appPassword, server: network.pdsUrl, plc: network.plcUrl,
    });
    await network.revokeAppPasswords(carol);
    await db.credentials.update(account.id, { expiresAt: Date.now() - 1 });
    const delivery = await publish(account, { text: 'Kept' });
    expect(delivery.state).toBe('needs-relink');
    expect(delivery.error?.message).toMatch(/session of @carol\.test has ended/);
    expect((await db.accounts.get(account.id))?.status).toBe('needs-relink');
    expect((await db.posts.get(delivery.postId))?.text).toBe('Kept');
  });

  it.each([
    ['an unknown handle', { identifier: 'nobody.test' }, /No account with the handle nobody\.test was found/],
    ['a wrong app password', { password: 'aaaa-bbbb-cccc-dddd' }, /app password for alice\.test was not accepted/],
    ['an unreachable server', { server: 'http://127.0.0.1:9' }, /Could not reach 127\.0\.0\.1:9/],
  ])('explains %s and links nothing', async (_, change, message) => {
    const input = { identifier: 'alice.test', password: alice.appPassword, server: network.pdsUrl, plc: network.plcUrl, ...change };
    await expect(linkAccount('bluesky', 'app-password', input)).rejects.toThrow(message);
    expect(await db.accounts.count()).toBe(0);
  });
});
