// @vitest-environment node
/**
 * The local Misskey server (tests/servers/misskey.ts), exercised with plain fetch
 * the way Misskey's API reference and MiAuth documentation describe the API.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/images.js';
import { startMisskeyServer, type MisskeyServer } from '../servers/misskey/index.js';

const CALLBACK = 'https://client.example/misskey/callback';

let server: MisskeyServer;
let alice: { userId: string; token: string };
let bob: { userId: string; token: string };
let carol: { userId: string; token: string };

beforeAll(async () => {
  server = await startMisskeyServer();
  alice = server.createAccount({ username: 'alice', name: 'Alice' });
  bob = server.createAccount({ username: 'bob' });
  carol = server.createAccount({ username: 'carol' });
});
afterAll(() => server.close());

interface ApiError {
  error: { message: string; code: string; id: string; kind: string; info?: Record<string, unknown> };
}
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** POST /api/<endpoint> with a JSON body; `i` goes in the body unless a bearer token is given. */
async function api(endpoint: string, body: Record<string, unknown> = {}, opts: { bearer?: string; base?: MisskeyServer } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await fetch(`${(opts.base ?? server).url}/api/${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Json };
}

/** drive/files/create as multipart, with the token as the `i` form field. */
async function upload(bytes: Buffer, fields: Record<string, string> = {}, opts: { token?: string; filename?: string; type?: string; base?: MisskeyServer } = {}) {
  const form = new FormData();
  form.append('i', opts.token ?? alice.token);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: opts.type ?? 'image/png' }), opts.filename ?? 'photo');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${(opts.base ?? server).url}/api/drive/files/create`, { method: 'POST', body: form });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
}

function expectError(res: { status: number; body: Json }, status: number, code: string): ApiError['error'] {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error).toEqual(expect.objectContaining({ message: expect.any(String), id: expect.any(String), kind: expect.any(String) }));
  return res.body.error as ApiError['error'];
}

/** The page's form: its action and every named hidden input. */
function miauthForm(page: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page)!;
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return { action: form[1]!, fields };
}

async function miauth(permission: string, decision: 'allow' | 'deny', session = randomUUID()) {
  const query = new URLSearchParams({ name: 'Cross Poster', icon: 'https://client.example/icon.png', callback: CALLBACK, permission });
  const page = await (await fetch(`${server.url}/miauth/${session}?${query}`)).text();
  const { action, fields } = miauthForm(page);
  const res = await fetch(new URL(action, server.url), {
    method: 'POST',
    body: new URLSearchParams({ ...fields, decision }),
    redirect: 'manual',
  });
  return { session, page, res };
}

const check = async (session: string) => (await fetch(`${server.url}/api/miauth/${session}/check`, { method: 'POST' })).json() as Promise<Json>;

describe('MiAuth', () => {
  it('shows the app and its permissions, redirects to callback?session= on Allow, and hands the token out once', async () => {
    const { session, page, res } = await miauth('write:notes,write:drive,read:account,not:a-permission', 'allow');
    expect(page).toContain('Cross Poster');
    expect(page).toMatch(/<button[^>]*>Allow<\/button>/);
    expect(page).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(page).toContain('data-permission="write:notes"');
    expect(page).not.toContain('not:a-permission'); // unknown permissions are dropped
    expect(page).toContain('@alice');

    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('session')).toBe(session);

    const first = await check(session);
    expect(first).toMatchObject({ ok: true, user: { id: alice.userId, username: 'alice', host: null } });
    expect(first.token).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect(await check(session)).toEqual({ ok: false }); // fetched once only

    // The token carries exactly the permissions granted.
    const me = await api('i', { i: first.token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('alice');
    const note = await api('notes/create', { text: 'via MiAuth' }, { bearer: first.token });
    expect(note.status).toBe(200);
    expect(note.body.createdNote.userId).toBe(alice.userId);
  });

  it('issues nothing on Deny: no redirect, and the check answers ok:false', async () => {
    const { session, res } = await miauth('write:notes', 'deny');
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('denied');
    expect(await check(session)).toEqual({ ok: false });
    expect(await check(randomUUID())).toEqual({ ok: false });
  });

  it('gives a token only the requested permissions: others are 403 PERMISSION_DENIED', async () => {
    const { session } = await miauth('write:notes', 'allow');
    const { token } = await check(session);
    const err = expectError(await api('i', { i: token }), 403, 'PERMISSION_DENIED');
    expect(err.kind).toBe('permission');
    expectError(await upload(makePng(2, 2, 1), {}, { token }), 403, 'PERMISSION_DENIED');
    expect((await api('notes/create', { i: token, text: 'allowed' })).status).toBe(200);
  });
});

describe('discovery and account', () => {
  it('answers meta with the real field names, POST only', async () => {
    const res = await api('meta', { detail: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.body).toMatchObject({ name: 'Local Misskey', version: '2025.4.0', uri: server.url, maxNoteTextLength: 3000 });
    expect(res.body.policies).toMatchObject({ driveCapacityMb: 100, maxFileSizeMb: 30 });
    expect(res.body).not.toHaveProperty('features');
    expect((await api('meta')).body.features).toMatchObject({ miauth: true });

    const get = await fetch(`${server.url}/api/meta`);
    expect(get.status).toBe(405); // meta has no allowGet
    // No body at all is not an object for the endpoint's schema.
    const bare = await fetch(`${server.url}/api/meta`, { method: 'POST' });
    expectError({ status: bare.status, body: (await bare.json()) as Json }, 400, 'INVALID_PARAM');
  });

  it('serves NodeInfo 2.1 and 2.0 with the software and note limit', async () => {
    const links = (await (await fetch(`${server.url}/.well-known/nodeinfo`)).json()) as { links: { rel: string; href: string }[] };
    expect(links.links.map((l) => l.rel)).toEqual(['http://nodeinfo.diaspora.software/ns/schema/2.1', 'http://nodeinfo.diaspora.software/ns/schema/2.0']);
    const res = await fetch(links.links[0]!.href);
    expect(res.headers.get('content-type')).toContain('schema/2.1#');
    expect(await res.json()).toMatchObject({ version: '2.1', software: { name: 'misskey', version: '2025.4.0' }, metadata: { nodeName: 'Local Misskey', maxNoteTextLength: 3000 } });
    const sharkey = await startMisskeyServer({ software: 'sharkey', version: '2025.2.3', maxNoteTextLength: 8000 });
    try {
      expect(await (await fetch(`${sharkey.url}/nodeinfo/2.0`)).json()).toMatchObject({ version: '2.0', software: { name: 'sharkey', version: '2025.2.3' }, metadata: { maxNoteTextLength: 8000 } });
    } finally {
      await sharkey.close();
    }
  });

  it('answers i for `i` in the body or a Bearer header, with an avatar this server serves', async () => {
    const viaBody = await api('i', { i: alice.token });
    const viaHeader = await api('i', {}, { bearer: alice.token });
    expect(viaBody.status).toBe(200);
    expect(viaBody.body).toMatchObject({ id: alice.userId, username: 'alice', name: 'Alice', host: null, isBot: false, policies: { canPublicNote: true } });
    expect(viaHeader.body.id).toBe(alice.userId);
    const avatar = await fetch(viaBody.body.avatarUrl);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expectError(await api('i'), 401, 'CREDENTIAL_REQUIRED');
  });

  it('answers unknown endpoints with 404 like Fastify and ApiServerService do', async () => {
    const post = await api('no/such/endpoint');
    expect(post.status).toBe(404);
    expect(post.body).toEqual({ message: 'Route POST:/api/no/such/endpoint not found', error: 'Not Found', statusCode: 404 });
    const get = await fetch(`${server.url}/api/no/such/endpoint`);
    expectError({ status: get.status, body: (await get.json()) as Json }, 404, 'UNKNOWN_API_ENDPOINT');
    const home = await fetch(`${server.url}/`);
    expect(home.headers.get('content-type')).toContain('text/html');
  });
});

describe('drive', () => {
  it('stores a real PNG with alt text and the sensitive flag, from multipart with `i` as a field', async () => {
    const png = makePng(12, 7, 3);
    const res = await upload(png, { comment: 'A gradient, twelve by seven', isSensitive: 'true' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: 'photo.png', // extension from the sniffed type
      type: 'image/png',
      size: png.length,
      comment: 'A gradient, twelve by seven',
      isSensitive: true,
      properties: { width: 12, height: 7 },
      userId: alice.userId,
      folderId: null,
    });
    expect(res.body.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.thumbnailUrl).toEqual(expect.any(String));
    const served = await fetch(res.body.url);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    expect(server.files.get(res.body.id)).toMatchObject({ comment: 'A gradient, twelve by seven', isSensitive: true, bytes: png });

    // Same bytes again without `force`: Misskey hands back the file it already has.
    const again = await upload(png, { comment: 'another description' });
    expect(again.body).toMatchObject({ id: res.body.id, comment: 'A gradient, twelve by seven' });
    const forced = await upload(png, { comment: 'another description', force: 'true' });
    expect(forced.body.id).not.toBe(res.body.id);
  });

  it('types files by their bytes, not the declared type', async () => {
    const res = await upload(Buffer.from('not an image at all'), {}, { type: 'image/png', filename: 'fake.png' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'application/octet-stream', name: 'fake.png.unknown', thumbnailUrl: null, properties: {} });
  });

  it('validates the fields: 512-character comments, booleans, file names', async () => {
    const long = expectError(await upload(makePng(2, 2, 4), { comment: 'x'.repeat(513) }), 400, 'INVALID_PARAM');
    expect(long.info).toEqual({ param: '#/properties/comment/maxLength', reason: 'must NOT have more than 512 characters' });
    expect((await upload(makePng(2, 2, 4), { comment: '🐈'.repeat(512) })).status).toBe(200); // code points, not UTF-16 units
    const cast = expectError(await upload(makePng(2, 2, 5), { isSensitive: 'yes' }), 400, 'INVALID_PARAM');
    expect(cast.info).toEqual({ param: 'isSensitive', reason: 'cannot cast to boolean' });
    expectError(await upload(makePng(2, 2, 6), { name: '../etc/passwd' }), 400, 'INVALID_FILE_NAME');
    const form = new FormData();
    form.append('i', alice.token);
    const noFile = await fetch(`${server.url}/api/drive/files/create`, { method: 'POST', body: form });
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toBe('');
  });

  it('refuses files over the role policy size with 413 MAX_FILE_SIZE_EXCEEDED', async () => {
    const small = await startMisskeyServer({ maxFileSize: 200 });
    try {
      const user = small.createAccount({ username: 'dave' });
      expectError(await upload(makePng(64, 64, 1), {}, { token: user.token, base: small }), 413, 'MAX_FILE_SIZE_EXCEEDED');
      expect((await upload(makePng(1, 1, 1), {}, { token: user.token, base: small })).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('notes/create', () => {
  it('posts with cw, visibility and files; the note entity has no url, its page is /notes/:id', async () => {
    const file = (await upload(makePng(4, 4, 9), { comment: 'alt' })).body;
    const res = await api('notes/create', { i: alice.token, text: '  Hello Misskey  ', cw: 'spoiler', visibility: 'home', fileIds: [file.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const note = res.body.createdNote;
    expect(note).toMatchObject({ text: 'Hello Misskey', cw: 'spoiler', visibility: 'home', localOnly: false, userId: alice.userId, fileIds: [file.id], replyId: null });
    expect(note.files[0]).toMatchObject({ id: file.id, comment: 'alt', type: 'image/png' });
    expect(note.user).toMatchObject({ username: 'alice', host: null });
    expect(note.id).toMatch(/^[0-9a-z]{16}$/);
    expect(note).not.toHaveProperty('url');
    expect(note).not.toHaveProperty('uri');
    const stored = server.notes.find((n) => n.id === note.id)!;
    expect(stored).toMatchObject({ url: `${server.url}/notes/${note.id}`, cw: 'spoiler', files: [expect.objectContaining({ id: file.id })] });
    expect((await fetch(stored.url)).status).toBe(200);

    const text = await api('notes/create', { i: alice.token, text: 'image-only is fine', visibility: 'unlisted' });
    expect(expectError(text, 400, 'INVALID_PARAM').info).toEqual({ param: '#/properties/visibility/enum', reason: 'must be equal to one of the allowed values' });
    const onlyFile = await api('notes/create', { i: alice.token, fileIds: [(await upload(makePng(3, 3, 10))).body.id] });
    expect(onlyFile.body.createdNote.text).toBeNull();
  });

  it('chains replies (3 deep) and ids sort by time', async () => {
    const first = (await api('notes/create', { i: alice.token, text: 'thread 1/3' })).body.createdNote;
    const second = (await api('notes/create', { i: alice.token, text: 'thread 2/3', replyId: first.id })).body.createdNote;
    const third = await api('notes/create', { i: alice.token, text: 'thread 3/3', replyId: second.id });
    expect(third.status).toBe(200);
    expect(third.body.createdNote).toMatchObject({ replyId: second.id, reply: { id: second.id, replyId: first.id } });
    expect(first.id < second.id && second.id < third.body.createdNote.id).toBe(true);
    expectError(await api('notes/create', { i: alice.token, text: 'orphan', replyId: 'aaaaaaaaaaaaaaaa' }), 400, 'NO_SUCH_REPLY_TARGET');
    // Replying to a home note makes a public reply home.
    const home = (await api('notes/create', { i: bob.token, text: 'home', visibility: 'home' })).body.createdNote;
    expect((await api('notes/create', { i: alice.token, text: 'reply', replyId: home.id })).body.createdNote.visibility).toBe('home');
  });

  it('limits text to maxNoteTextLength code points (INVALID_PARAM, not TOO_LONG)', async () => {
    const over = expectError(await api('notes/create', { i: alice.token, text: 'a'.repeat(3001) }), 400, 'INVALID_PARAM');
    expect(over.info).toEqual({ param: '#/then/properties/text/maxLength', reason: 'must NOT have more than 3000 characters' });
    expect((await api('notes/create', { i: alice.token, text: 'a'.repeat(3000) })).status).toBe(200);
    expect((await api('notes/create', { i: alice.token, text: '😀'.repeat(3000) })).status).toBe(200);
    const cw = expectError(await api('notes/create', { i: alice.token, text: 'x', cw: 'c'.repeat(101) }), 400, 'INVALID_PARAM');
    expect(cw.info).toMatchObject({ param: '#/properties/cw/maxLength' });
  });

  it('requires content: no text, blank text and empty fileIds are INVALID_PARAM', async () => {
    expect(expectError(await api('notes/create', { i: alice.token }), 400, 'INVALID_PARAM').info).toEqual({ param: '#/then/required', reason: "must have required property 'text'" });
    expect(expectError(await api('notes/create', { i: alice.token, text: ' \n ' }), 400, 'INVALID_PARAM').info).toMatchObject({ param: '#/then/properties/text/pattern' });
    expect(expectError(await api('notes/create', { i: alice.token, text: 'x', fileIds: [] }), 400, 'INVALID_PARAM').info).toMatchObject({ param: '#/properties/fileIds/minItems' });
    expect(expectError(await api('notes/create', { i: alice.token, text: '' }), 400, 'INVALID_PARAM').info).toMatchObject({ param: '#/then/properties/text/minLength' });
  });

  it('answers NO_SUCH_FILE for unknown files and for files of another user', async () => {
    const err = expectError(await api('notes/create', { i: alice.token, text: 'x', fileIds: ['zzzzzzzzzzzzzzzz'] }), 400, 'NO_SUCH_FILE');
    expect(err.id).toBe('b6992544-63e7-67f0-fa7f-32444b1b5306');
    const bobs = (await upload(makePng(2, 2, 20), {}, { token: bob.token })).body;
    expectError(await api('notes/create', { i: alice.token, text: 'x', mediaIds: [bobs.id] }), 400, 'NO_SUCH_FILE');
  });

  it('checks permissions and tokens: 403 for a missing permission, 401 once revoked', async () => {
    const readOnly = server.issueToken(alice.userId, ['read:account']);
    expect((await api('i', { i: readOnly })).status).toBe(200);
    const denied = await api('notes/create', { i: readOnly, text: 'nope' });
    expectError(denied, 403, 'PERMISSION_DENIED');
    expect(denied.headers.get('www-authenticate')).toContain('insufficient_scope');

    const temp = server.issueToken(alice.userId);
    expect((await api('notes/create', { text: 'before revoke' }, { bearer: temp })).status).toBe(200);
    server.revokeToken(temp);
    const revoked = await api('notes/create', { text: 'after revoke' }, { bearer: temp });
    expect(expectError(revoked, 401, 'AUTHENTICATION_FAILED').id).toBe('b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
    expect(revoked.headers.get('www-authenticate')).toContain('invalid_token');
  });
});

describe('reading and deleting', () => {
  it('shows notes, lists a user’s notes newest first, and deletes (cascading to replies)', async () => {
    const root = (await api('notes/create', { i: carol.token, text: 'carol root' })).body.createdNote;
    const reply = (await api('notes/create', { i: carol.token, text: 'carol reply', replyId: root.id })).body.createdNote;
    expect((await api('notes/show', { noteId: root.id })).body).toMatchObject({ id: root.id, text: 'carol root', repliesCount: 1 });
    const list = await api('users/notes', { userId: carol.userId, limit: 10 });
    expect(list.body.map((n: Json) => n.id)).toEqual([reply.id, root.id]);
    expect((await api('users/notes', { userId: carol.userId, sinceId: root.id })).body.map((n: Json) => n.id)).toEqual([reply.id]);

    expectError(await api('notes/delete', { i: bob.token, noteId: root.id }), 400, 'ACCESS_DENIED');
    const del = await api('notes/delete', { i: carol.token, noteId: root.id });
    expect(del.status).toBe(204);
    expectError(await api('notes/show', { noteId: reply.id }), 400, 'NO_SUCH_NOTE');
    // notes/delete has minInterval: 1 s per user.
    const again = await api('notes/delete', { i: carol.token, noteId: reply.id });
    expectError(again, 429, 'RATE_LIMIT_EXCEEDED');
    expect(again.body.error.info).toMatchObject({ remaining: 0, total: 1, resetMs: expect.any(Number) });
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
  });

  it('hides followers-only notes from others', async () => {
    const secret = (await api('notes/create', { i: bob.token, text: 'followers only', visibility: 'followers' })).body.createdNote;
    expect((await api('notes/show', { noteId: secret.id })).body).toMatchObject({ isHidden: true, text: null });
    expect((await api('notes/show', { noteId: secret.id, i: bob.token })).body.text).toBe('followers only');
    expect((await api('users/notes', { userId: bob.userId })).body.map((n: Json) => n.id)).not.toContain(secret.id);
  });
});

describe('faults', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with info and Retry-After, then recovers', async () => {
    server.faults.rateLimitNext = 1;
    const res = await api('notes/create', { i: alice.token, text: 'limited' });
    const err = expectError(res, 429, 'RATE_LIMIT_EXCEEDED');
    expect(err.id).toBe('d5826d14-3982-4d2e-8011-b9e9f02499ef');
    expect(err.info).toMatchObject({ remaining: 0, resetMs: expect.any(Number), reset: expect.any(Number) });
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await api('notes/create', { i: alice.token, text: 'not limited' })).status).toBe(200);

    const sharkey = await startMisskeyServer({ software: 'sharkey' });
    try {
      sharkey.faults.rateLimitNext = 1;
      const limited = await api('meta', {}, { base: sharkey });
      expect(limited.status).toBe(429);
      expect(limited.body.error.info).toEqual({ blocked: true, remaining: 0, resetSec: 2, resetMs: 2000, fullResetSec: 2, fullResetMs: 2000 });
      expect(limited.headers.get('x-ratelimit-reset')).toBe('2000');
    } finally {
      await sharkey.close();
    }
  });

  it('answers 503 with an HTML body from the proxy', async () => {
    server.faults.failWith503 = 1;
    const res = await fetch(`${server.url}/api/notes/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: alice.token, text: 'x' }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('503 Service Temporarily Unavailable');
    expect(server.notes.some((n) => n.text === 'x')).toBe(false);
  });

  it('stores the note, then drops the connection; users/notes finds it', async () => {
    server.faults.dropConnectionAfterNoteStored = 1;
    const before = server.notes.length;
    await expect(api('notes/create', { i: alice.token, text: 'dropped but stored' })).rejects.toThrow();
    expect(server.notes.length).toBe(before + 1);
    expect(server.notes.filter((n) => n.text === 'dropped but stored')).toHaveLength(1);
    expect(server.requests.at(-1)).toEqual({ method: 'POST', path: '/api/notes/create', status: 0 });
    const list = await api('users/notes', { userId: alice.userId, limit: 5 });
    expect(list.body[0]).toMatchObject({ text: 'dropped but stored' });
  });

  it('answers HTML with 200 when htmlInsteadOfJson, and is driven over /__control too', async () => {
    const set = await fetch(`${server.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ htmlInsteadOfJson: true }) });
    expect(await set.json()).toMatchObject({ htmlInsteadOfJson: true });
    const res = await fetch(`${server.url}/api/meta`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    server.faults.htmlInsteadOfJson = false;

    const account = (await (await fetch(`${server.url}/__control/accounts`, { method: 'POST', body: JSON.stringify({ username: 'erin' }) })).json()) as Json;
    expect((await api('notes/create', { i: account.token, text: 'from erin' })).status).toBe(200);
    const notes = (await (await fetch(`${server.url}/__control/notes`)).json()) as Json[];
    expect(notes.find((n) => n.text === 'from erin')).toMatchObject({ userId: account.userId });
    expect((await fetch(`${server.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ bogus: 1 }) })).status).toBe(422);
  });
});
