// @vitest-environment node
/**
 * The local Threads server (tests/servers/threads/), exercised with plain fetch
 * the way Meta's Threads API documentation and the official Postman collection
 * describe the API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreadsServer, threadsTextLength, type ThreadsServer } from '../servers/threads/index.js';

const REDIRECT = 'https://client.example/callback';
const HOUR = 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Real image bytes, served by a small HTTP server of the test's own

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A valid RGB PNG of the given size (every row: filter byte 0, then grey pixels). */
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A baseline JPEG header (SOI, JFIF APP0, SOF0 with the size) — what a crawler sniffs. */
function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

const PHOTO = png(400, 300);
const SQUARE = png(320, 320);
const WIDE = png(1100, 100);
const PHOTO_JPEG = jpeg(640, 480);

let images: Server;
let imageBase = '';
const imageHits: string[] = [];

function startImageServer(): Promise<void> {
  images = createServer((req, res) => {
    imageHits.push(`${req.url} ${req.headers['user-agent']}`);
    const send = (status: number, type: string, body: Buffer | string) => res.writeHead(status, { 'content-type': type }).end(body);
    if (req.url === '/photo.png') return send(200, 'image/png', PHOTO);
    if (req.url === '/square.png') return send(200, 'image/png', SQUARE);
    if (req.url === '/wide.png') return send(200, 'image/png', WIDE);
    if (req.url === '/photo.jpg') return send(200, 'image/jpeg', PHOTO_JPEG);
    // A bot wall: HTML under an image's name and type.
    if (req.url === '/wall.png') return send(200, 'image/png', '<!doctype html><title>Just a moment...</title>');
    send(404, 'text/plain', 'Not Found');
  });
  return new Promise((resolve) =>
    images.listen(0, '127.0.0.1', () => {
      imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

// ---------------------------------------------------------------------------

let server: ThreadsServer;
let alice: { userId: string; token: string };

beforeAll(async () => {
  await startImageServer();
  server = await startThreadsServer({ containerDelayMs: 150 });
  alice = server.createAccount({ username: 'alice', name: 'Alice' });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => images.close(resolve));
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Call {
  method?: string;
  token?: string | null;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A Graph call; the token goes in the query string unless `token: null`, as the docs' curl examples do. */
async function graph(path: string, opts: Call = {}): Promise<{ status: number; body: Json; res: Response }> {
  const url = new URL(`${server.url}${path}`);
  const token = opts.token === undefined ? alice.token : opts.token;
  if (token) url.searchParams.set('access_token', token);
  const res = await fetch(url, {
    method: opts.method ?? (opts.form ? 'POST' : 'GET'),
    headers: opts.headers,
    body: opts.form ? new URLSearchParams(opts.form) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, res };
}

async function createContainer(form: Record<string, string>, token = alice.token): Promise<string> {
  const { status, body } = await graph('/v1.0/me/threads', { form, token });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.id as string;
}

async function waitForContainer(id: string, token = alice.token): Promise<Json> {
  for (let i = 0; i < 100; i++) {
    const { body } = await graph(`/v1.0/${id}?fields=id,status,error_message`, { token });
    if (body.status !== 'IN_PROGRESS') return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`container ${id} stayed IN_PROGRESS`);
}

async function publish(creationId: string, token = alice.token) {
  return graph('/v1.0/me/threads_publish', { form: { creation_id: creationId }, token });
}

/** Creates, waits for FINISHED, publishes; answers the post id. */
async function post(form: Record<string, string>, token = alice.token): Promise<string> {
  const id = await createContainer(form, token);
  expect((await waitForContainer(id, token)).status).toBe('FINISHED');
  const { status, body } = await publish(id, token);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.id as string;
}

function firstForm(page: string, cls: string): Record<string, string> {
  const form = new RegExp(`<form class="${cls}"[^>]*>([\\s\\S]*?)</form>`).exec(page)![1]!;
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  return fields;
}

async function authorize(decision: 'allow' | 'deny', state = 'xyz'): Promise<URL> {
  const query = new URLSearchParams({ client_id: server.app.clientId, redirect_uri: REDIRECT, scope: 'threads_basic,threads_content_publish', response_type: 'code', state });
  const page = await (await fetch(`${server.url}/oauth/authorize?${query}`)).text();
  expect(page).toMatch(/<button[^>]*>Allow<\/button>/);
  expect(page).toMatch(/<button[^>]*>Deny<\/button>/);
  expect(page).toContain('@alice');
  const res = await fetch(`${server.url}/oauth/authorize`, { method: 'POST', body: new URLSearchParams(firstForm(page, decision)), redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function shortLivedToken(): Promise<string> {
  const code = (await authorize('allow')).searchParams.get('code')!;
  const { body } = await graph('/oauth/access_token', {
    token: null,
    form: { client_id: server.app.clientId, client_secret: server.app.clientSecret, grant_type: 'authorization_code', redirect_uri: REDIRECT, code },
  });
  return body.access_token as string;
}

// ---------------------------------------------------------------------------

describe('authorization and tokens', () => {
  it('runs the code flow: consent page, redirect with code, state and #_, one-time code', async () => {
    server.setOAuthUser(alice.userId);
    const location = await authorize('allow');
    expect(location.href.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(location.hash).toBe('#_');
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;
    const exchange = (redirect_uri = REDIRECT) =>
      graph('/oauth/access_token', {
        token: null,
        form: { client_id: server.app.clientId, client_secret: server.app.clientSecret, grant_type: 'authorization_code', redirect_uri, code },
      });

    const mismatch = await exchange('https://client.example/other');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ type: 'OAuthException', code: 100, error_subcode: 36008 });

    const first = await exchange();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ access_token: expect.stringMatching(/^TH/), user_id: alice.userId });
    const again = await exchange();
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 36009 });
  });

  it('also takes the exchange parameters in the query string (the Postman collection sends them so)', async () => {
    const code = (await authorize('allow')).searchParams.get('code')!;
    const query = new URLSearchParams({ client_id: server.app.clientId, client_secret: server.app.clientSecret, code, grant_type: 'authorization_code', redirect_uri: REDIRECT });
    const res = await fetch(`${server.url}/oauth/access_token?${query}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const wrongSecret = await graph('/oauth/access_token', { token: null, form: { client_id: server.app.clientId, client_secret: 'nope', grant_type: 'authorization_code', redirect_uri: REDIRECT, code } });
    expect(wrongSecret.body.error).toMatchObject({ code: 1, message: 'Error validating client secret.' });
  });

  it('redirects a denial with the error parameters', async () => {
    const location = await authorize('deny', 'st');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_reason')).toBe('user_denied');
    expect(location.searchParams.get('state')).toBe('st');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('exchanges a short-lived token for a 60-day one, which refreshes only once 24 hours old', async () => {
    const short = await shortLivedToken();
    const exchanged = await graph(`/access_token?grant_type=th_exchange_token&client_secret=${server.app.clientSecret}`, { token: short });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'bearer' });
    expect(exchanged.body.expires_in).toBeGreaterThan(5_183_000);
    expect(exchanged.body.expires_in).toBeLessThanOrEqual(5_184_000);
    const long = exchanged.body.access_token as string;

    const noSecret = await graph('/access_token?grant_type=th_exchange_token', { token: short });
    expect(noSecret.body.error.code).toBe(1);

    const early = await graph('/refresh_access_token?grant_type=th_refresh_token', { token: long });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ type: 'OAuthException', code: 100 });

    server.ageToken(long, 25 * HOUR);
    const refreshed = await graph('/refresh_access_token?grant_type=th_refresh_token', { token: long });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBeGreaterThan(5_183_000);
    const me = await graph('/me?fields=id,username', { token: refreshed.body.access_token });
    expect(me.body).toEqual({ id: alice.userId, username: 'alice' });
  });

  it('describes tokens with debug_token', async () => {
    const old = server.issueToken(alice.userId, { ageMs: 2 * HOUR });
    const { body } = await graph(`/debug_token?input_token=${old}`);
    expect(body.data).toMatchObject({ type: 'USER', application: server.app.name, is_valid: true, user_id: alice.userId });
    expect(body.data.scopes).toContain('threads_basic');
    expect(body.data.expires_at - body.data.issued_at).toBe(60 * 24 * 3600);
    expect(Math.abs(body.data.issued_at - (Date.now() - 2 * HOUR) / 1000)).toBeLessThan(5);

    server.expireToken(old);
    const expired = await graph(`/debug_token?input_token=${old}`);
    expect(expired.body.data).toMatchObject({ is_valid: false, error: { code: 190 } });
    const garbage = await graph('/debug_token?input_token=nonsense');
    expect(garbage.body.data).toMatchObject({ is_valid: false, scopes: [] });
  });

  it('answers 190 for unknown, expired and revoked tokens; refresh of an expired token too', async () => {
    const unknown = await graph('/me', { token: 'THnonsense' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) });

    const expiring = server.issueToken(alice.userId, { ageMs: 2 * 24 * HOUR });
    server.ageToken(expiring, 59 * 24 * HOUR);
    const expired = await graph('/me', { token: expiring });
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(expired.body.error.message).toMatch(/^Error validating access token: Session has expired on /);
    const noRefresh = await graph('/refresh_access_token?grant_type=th_refresh_token', { token: expiring });
    expect(noRefresh.body.error.code).toBe(190);

    const revoked = server.issueToken(alice.userId);
    server.revokeToken(revoked);
    const res = await graph('/me', { token: revoked });
    expect(res.body.error).toMatchObject({ code: 190, error_subcode: 458 });

    const missing = await graph('/me', { token: null });
    expect(missing.body.error.code).toBe(104);
  });
});

describe('profile and errors', () => {
  it('answers /me and /{user-id} with the documented fields, by header or parameter', async () => {
    const fields = 'id,username,name,threads_profile_picture_url,threads_biography';
    const res = await graph(`/v1.0/${alice.userId}?fields=${fields}`, { token: null, headers: { authorization: `Bearer ${alice.token}` } });
    expect(res.body).toEqual({ id: alice.userId, username: 'alice', name: 'Alice', threads_profile_picture_url: expect.stringMatching(/^http/), threads_biography: '' });
    expect((await graph('/me')).body).toEqual({ id: alice.userId });
    const picture = await fetch(res.body.threads_profile_picture_url);
    expect(picture.headers.get('content-type')).toBe('image/png');
  });

  it('answers unknown paths, fields and objects in the Graph envelope', async () => {
    const path = await graph('/me/nonsense');
    expect(path.status).toBe(400);
    expect(path.body.error).toMatchObject({ type: 'GraphMethodException', code: 100, error_subcode: 33 });
    expect(path.body.error.message).toMatch(/^Unsupported get request\./);
    expect((await graph('/me?fields=id,colour')).body.error).toMatchObject({ code: 100, message: 'Tried accessing nonexisting field (colour)' });
    expect((await graph('/17000000000000000')).body.error.code).toBe(100);
    const bob = server.createAccount({ username: 'bob' });
    expect((await graph(`/${bob.userId}/threads`, { form: { media_type: 'TEXT', text: 'hi' } })).body.error.message).toMatch(/^Unsupported post request/);
  });
});

describe('publishing', () => {
  it('publishes a TEXT post: IN_PROGRESS, then FINISHED, then a post with a permalink', async () => {
    const id = await createContainer({ media_type: 'TEXT', text: 'Hello from the test ’server’' });
    expect((await graph(`/${id}?fields=status`)).body).toEqual({ status: 'IN_PROGRESS' });
    const early = await publish(id);
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ type: 'OAuthException', code: 24, error_subcode: 4279009, error_user_title: 'Media Not Found' });

    expect(await waitForContainer(id)).toEqual({ id, status: 'FINISHED' });
    const published = await publish(id);
    expect(published.status).toBe(200);
    const postId = published.body.id as string;
    expect(postId).not.toBe(id);

    const fields = 'id,permalink,shortcode,text,timestamp,media_type,media_product_type,username,is_reply,owner';
    const { body } = await graph(`/${postId}?fields=${fields}`);
    expect(body).toMatchObject({ id: postId, text: 'Hello from the test ’server’', media_type: 'TEXT_POST', media_product_type: 'THREADS', username: 'alice', is_reply: false, owner: { id: alice.userId } });
    expect(body.permalink).toBe(`${server.url}/@alice/post/${body.shortcode}`);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect((await fetch(body.permalink)).status).toBe(200);
    expect((await graph(`/${id}?fields=status`)).body.status).toBe('PUBLISHED');
    expect(server.posts.at(-1)).toMatchObject({ id: postId, mediaType: 'TEXT', replyToId: null, images: [] });
    expect((await publish(id)).body.error.error_subcode).toBe(4279009);
  });

  it('fetches image_url over HTTP and keeps the bytes; media_url serves them', async () => {
    const postId = await post({ media_type: 'IMAGE', image_url: `${imageBase}/photo.png`, alt_text: 'A grey rectangle', text: 'Look', is_spoiler_media: 'true' });
    const stored = server.posts.find((p) => p.id === postId)!;
    expect(stored.isSpoilerMedia).toBe(true);
    expect(stored.images).toHaveLength(1);
    expect(stored.images[0]).toMatchObject({ url: `${imageBase}/photo.png`, altText: 'A grey rectangle', contentType: 'image/png', width: 400, height: 300 });
    expect(stored.images[0]!.bytes.equals(PHOTO)).toBe(true);
    expect(imageHits.some((hit) => hit.startsWith('/photo.png facebookexternalhit/1.1'))).toBe(true);

    const { body } = await graph(`/${postId}?fields=media_type,media_url,alt_text`);
    expect(body).toMatchObject({ media_type: 'IMAGE', alt_text: 'A grey rectangle' });
    expect(Buffer.from(await (await fetch(body.media_url)).arrayBuffer()).equals(PHOTO)).toBe(true);

    const jpegPost = await post({ media_type: 'IMAGE', image_url: `${imageBase}/photo.jpg` });
    expect(server.posts.find((p) => p.id === jpegPost)!.images[0]).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 480 });
  });

  it('fails an image container whose URL 404s, serves HTML, or is wider than 10:1', async () => {
    const missing = await createContainer({ media_type: 'IMAGE', image_url: `${imageBase}/missing.png` });
    const wall = await createContainer({ media_type: 'IMAGE', image_url: `${imageBase}/wall.png` });
    const wide = await createContainer({ media_type: 'IMAGE', image_url: `${imageBase}/wide.png` });
    expect(await waitForContainer(missing)).toEqual({ id: missing, status: 'ERROR', error_message: 'UNKNOWN' });
    expect(await waitForContainer(wall)).toEqual({ id: wall, status: 'ERROR', error_message: 'UNKNOWN' });
    expect(await waitForContainer(wide)).toMatchObject({ status: 'ERROR', error_message: 'INVALID_ASPEC_RATIO' });
    expect(server.containers.find((c) => c.id === missing)!.errorReason).toMatch(/404/);
    expect((await publish(missing)).body.error.error_subcode).toBe(4279009);
    const noUrl = await graph('/me/threads', { form: { media_type: 'IMAGE' } });
    expect(noUrl.body.error).toMatchObject({ code: 100 });
  });

  it('publishes a carousel of finished items of the same user, and refuses bad children', async () => {
    const items = [await createContainer({ media_type: 'IMAGE', image_url: `${imageBase}/photo.png`, is_carousel_item: 'true' }), await createContainer({ media_type: 'IMAGE', image_url: `${imageBase}/square.png`, is_carousel_item: 'true', alt_text: 'Square' })];
    const tooEarly = await graph('/me/threads', { form: { media_type: 'CAROUSEL', children: items.join(',') } });
    expect(tooEarly.body.error.error_subcode).toBe(4279009);
    for (const id of items) expect((await waitForContainer(id)).status).toBe('FINISHED');
    expect((await publish(items[0]!)).body.error.code).toBe(100);

    const one = await graph('/me/threads', { form: { media_type: 'CAROUSEL', children: items[0]! } });
    expect(one.body.error.code).toBe(100);
    const textChild = await createContainer({ media_type: 'TEXT', text: 'not an item' });
    const notItem = await graph('/me/threads', { form: { media_type: 'CAROUSEL', children: `${items[0]},${textChild}` } });
    expect(notItem.body.error.code).toBe(100);

    const postId = await post({ media_type: 'CAROUSEL', children: items.join(','), text: 'Two pictures' });
    const stored = server.posts.find((p) => p.id === postId)!;
    expect(stored.mediaType).toBe('CAROUSEL');
    expect(stored.images.map((i) => [i.width, i.height, i.altText])).toEqual([[400, 300, null], [320, 320, 'Square']]);
    const { body } = await graph(`/${postId}?fields=media_type,children{id,media_url}`);
    expect(body.media_type).toBe('CAROUSEL_ALBUM');
    expect(body.children.data).toHaveLength(2);
    const second = Buffer.from(await (await fetch(body.children.data[1].media_url)).arrayBuffer());
    expect(second.equals(SQUARE)).toBe(true);
    expect((await graph(`/${items[1]}?fields=status`)).body.status).toBe('PUBLISHED');
  });

  it('chains replies, counts them apart, and lists threads and the conversation', async () => {
    const before = { ...server.quota };
    const root = await post({ media_type: 'TEXT', text: 'Thread 1/3' });
    const second = await post({ media_type: 'TEXT', text: 'Thread 2/3', reply_to_id: root });
    const third = await post({ media_type: 'TEXT', text: 'Thread 3/3', reply_to_id: second });
    expect(server.quota).toEqual({ used: before.used + 1, repliesUsed: before.repliesUsed + 2 });

    const { body } = await graph(`/${third}?fields=is_reply,root_post,replied_to,has_replies`);
    expect(body).toEqual({ is_reply: true, root_post: { id: root }, replied_to: { id: second }, has_replies: false });
    expect(server.posts.find((p) => p.id === third)!.replyToId).toBe(second);

    const threads = await graph('/me/threads?fields=id,text&limit=2');
    expect(threads.body.data[0]).toEqual({ id: root, text: 'Thread 1/3' });
    expect(threads.body.paging.cursors.after).toBeTruthy();
    const conversation = await graph(`/${root}/conversation?fields=id&reverse=false`);
    expect(conversation.body.data.map((p: Json) => p.id)).toEqual([second, third]);

    const orphan = await graph('/me/threads', { form: { media_type: 'TEXT', text: 'To nothing', reply_to_id: '17000000000000001' } });
    expect(orphan.body.error).toMatchObject({ code: 24, error_subcode: 4279009 });
  });

  it('takes spoiler text_entities (JSON), at most 10 and within the text', async () => {
    const entities = [
      { entity_type: 'SPOILER', offset: 0, length: 4 },
      { entity_type: 'spoiler', offset: 10, length: 6 },
    ];
    const postId = await post({ media_type: 'TEXT', text: 'Rosebud is the sled', text_entities: JSON.stringify(entities) });
    expect(server.posts.find((p) => p.id === postId)!.textEntities).toEqual(entities);

    const eleven = Array.from({ length: 11 }, (_, i) => ({ entity_type: 'SPOILER', offset: i, length: 1 }));
    const tooMany = await graph('/me/threads', { form: { media_type: 'TEXT', text: 'abcdefghijklmnop', text_entities: JSON.stringify(eleven) } });
    expect(tooMany.body.error.code).toBe(100);
    const outside = await graph('/me/threads', { form: { media_type: 'TEXT', text: 'short', text_entities: JSON.stringify([{ entity_type: 'SPOILER', offset: 3, length: 10 }]) } });
    expect(outside.body.error.code).toBe(100);
    const wrongType = await graph('/me/threads', { form: { media_type: 'TEXT', text: 'short', text_entities: JSON.stringify([{ entity_type: 'BOLD', offset: 0, length: 1 }]) } });
    expect(wrongType.body.error.code).toBe(100);
    const mediaSpoilerOnText = await graph('/me/threads', { form: { media_type: 'TEXT', text: 'short', is_spoiler_media: 'true' } });
    expect(mediaSpoilerOnText.body.error.code).toBe(100);
  });

  it('counts text the Threads way and refuses more than 5 links', async () => {
    expect(threadsTextLength('abc')).toBe(3);
    expect(threadsTextLength('’')).toBe(3);
    expect(threadsTextLength('👍')).toBe(4);
    await createContainer({ media_type: 'TEXT', text: 'a'.repeat(500) });
    const long = await graph('/me/threads', { form: { media_type: 'TEXT', text: `${'a'.repeat(498)}’` } });
    expect(long.body.error.code).toBe(100);

    const five = 'https://a.example.com https://b.example.com www.facebook.com threads.net https://e.example.com';
    await createContainer({ media_type: 'TEXT', text: five, link_attachment: 'https://www.facebook.com' });
    const six = await graph('/me/threads', { form: { media_type: 'TEXT', text: `${five} https://f.example.com` } });
    expect(six.status).toBe(400);
    expect(six.body.error).toMatchObject({ code: 100, message: 'THREADS_API__LINK_LIMIT_EXCEEDED' });
    const sixWithAttachment = await graph('/me/threads', { form: { media_type: 'TEXT', text: five, link_attachment: 'https://g.example.com' } });
    expect(sixWithAttachment.body.error.message).toBe('THREADS_API__LINK_LIMIT_EXCEEDED');
  });

  it('reports the publishing limit and refuses a publish over it', async () => {
    const limit = await graph('/me/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config');
    expect(limit.body).toEqual({
      data: [{ quota_usage: server.quota.used, config: { quota_total: 250, quota_duration: 86400 }, reply_quota_usage: server.quota.repliesUsed, reply_config: { quota_total: 1000, quota_duration: 86400 } }],
    });
    const id = await createContainer({ media_type: 'TEXT', text: 'One too many' });
    await waitForContainer(id);
    const saved = { ...server.quota };
    server.quota = { used: 250 };
    const refused = await publish(id);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    expect(server.posts.some((p) => p.containerId === id)).toBe(false);
    server.quota = saved;
    expect((await publish(id)).status).toBe(200);
  });

  it('refuses to publish an expired container', async () => {
    const id = await createContainer({ media_type: 'TEXT', text: 'Too late' });
    await waitForContainer(id);
    server.expireContainer(id);
    expect((await graph(`/${id}?fields=status`)).body.status).toBe('EXPIRED');
    expect((await publish(id)).body.error.error_subcode).toBe(4279009);
  });

  it('commits the post, then drops the connection, once (dropConnectionAfterPublish)', async () => {
    const id = await createContainer({ media_type: 'TEXT', text: 'Did it go through?' });
    await waitForContainer(id);
    server.faults.dropConnectionAfterPublish = 1;
    await expect(publish(id)).rejects.toThrow();
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1.0/me/threads_publish', status: 0 });
    expect(server.posts.filter((p) => p.text === 'Did it go through?')).toHaveLength(1);
    // The client can find it, and publishing again does not make a second post.
    const listed = await graph('/me/threads?fields=id,text&limit=5');
    expect(listed.body.data.filter((p: Json) => p.text === 'Did it go through?')).toHaveLength(1);
    expect((await publish(id)).body.error.error_subcode).toBe(4279009);
    expect(server.posts.filter((p) => p.text === 'Did it go through?')).toHaveLength(1);
  });
});

describe('faults and control', () => {
  it('answers throttling, 503 and HTML faults, and restricted/spam publishes', async () => {
    server.faults.rateLimitNext = 1;
    const limited = await graph('/me');
    expect(limited.status).toBe(403);
    expect(limited.body.error).toMatchObject({ code: 4, message: '(#4) Application request limit reached', is_transient: true });
    Object.assign(server.faults, { rateLimitNext: 1, rateLimitCode: 17 });
    expect((await graph('/me')).body.error.code).toBe(17);
    server.faults.rateLimitCode = 4;

    server.faults.failWith503 = 1;
    const unavailable = await fetch(`${server.url}/me?access_token=${alice.token}`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toMatch(/text\/html/);
    server.faults.htmlInsteadOfJson = true;
    expect((await fetch(`${server.url}/me?access_token=${alice.token}`)).headers.get('content-type')).toMatch(/text\/html/);
    server.faults.htmlInsteadOfJson = false;

    const id = await createContainer({ media_type: 'TEXT', text: 'Blocked?' });
    await waitForContainer(id);
    server.faults.restrictedNext = 1;
    expect((await publish(id)).body.error.error_subcode).toBe(4279013);
    server.faults.spamBlockNext = 1;
    expect((await publish(id)).body.error).toMatchObject({ code: 4, error_subcode: 2207051 });
    expect((await publish(id)).status).toBe(200);
  });

  it('is driven over /__control/ too', async () => {
    const control = (path: string, body?: unknown) =>
      fetch(`${server.url}/__control/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const carol = await control('accounts', { username: 'carol' });
    expect(carol.body).toEqual({ userId: expect.any(String), token: expect.any(String) });
    expect((await graph('/me?fields=username', { token: carol.body.token })).body.username).toBe('carol');
    expect((await control('faults', { containerErrorNext: 1 })).body.containerErrorNext).toBe(1);
    expect((await control('faults', { nonsense: 1 })).status).toBe(422);
    const failing = await createContainer({ media_type: 'TEXT', text: 'doomed' }, carol.body.token);
    expect(await waitForContainer(failing, carol.body.token)).toMatchObject({ status: 'ERROR', error_message: 'UNKNOWN' });
    await control('revoke', { token: carol.body.token });
    expect((await graph('/me', { token: carol.body.token })).body.error.code).toBe(190);
    const posts = await control('posts');
    expect(posts.body.length).toBe(server.posts.length);
    expect(posts.body.find((p: Json) => p.images.length)?.images[0]).toMatchObject({ size: expect.any(Number) });
    expect((await control('app')).body.clientId).toBe(server.app.clientId);
  });
});
