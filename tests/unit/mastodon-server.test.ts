// @vitest-environment node
/**
 * The local Mastodon server (tests/servers/mastodon.ts), exercised with plain
 * fetch the way https://docs.joinmastodon.org/ describes the API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon/index.js';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const REDIRECT = 'https://client.example/callback';

let server: MastodonServer;
let alice: { accountId: string; token: string };
let bob: { accountId: string; token: string };

beforeAll(async () => {
  server = await startMastodonServer();
  alice = server.createAccount({ username: 'alice', displayName: 'Alice' });
  bob = server.createAccount({ username: 'bob' });
});
afterAll(() => server.close());

interface Call {
  method?: string;
  token?: string;
  json?: unknown;
  form?: Record<string, string | string[]>;
  body?: FormData;
  headers?: Record<string, string>;
  redirect?: RequestRedirect;
}

function call(path: string, opts: Call = {}, base = server): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.form)) for (const item of [v].flat()) params.append(k, item);
    body = params;
  }
  const method = opts.method ?? (body ? 'POST' : 'GET');
  return fetch(`${base.url}${path}`, { method, headers, body, redirect: opts.redirect ?? 'follow' });
}

async function post(text: string | Record<string, unknown>, token = alice.token): Promise<Response> {
  return call('/api/v1/statuses', { token, json: typeof text === 'string' ? { status: text } : text });
}

function upload(bytes: Buffer, type: string, fields: Record<string, string> = {}, version = 2, token = alice.token, base = server) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'picture');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return call(`/api/v${version}/media`, { token, body: form }, base);
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The first <form> on a page: its action and every named input. */
function firstForm(page: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page)!;
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return { action: form[1]!, fields };
}

async function registerApp(scopes = 'read write') {
  const res = await call('/api/v1/apps', { json: { client_name: 'Cross Poster', redirect_uris: [REDIRECT], scopes, website: 'https://client.example' } });
  expect(res.status).toBe(200);
  return (await res.json()) as { client_id: string; client_secret: string; redirect_uris: string[]; vapid_key: string; scopes: string[] };
}

async function authorize(app: { client_id: string }, challenge: string, scope = 'read write'): Promise<string> {
  const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope, state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256' });
  const page = await (await call(`/oauth/authorize?${query}`)).text();
  const { action, fields } = firstForm(page);
  const res = await call(action, { form: fields, redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('xyz');
  return location.searchParams.get('code')!;
}

describe('apps and OAuth', () => {
  it('registers an app from JSON (array) or a form (space-separated string)', async () => {
    const app = await registerApp();
    expect(app).toMatchObject({ redirect_uris: [REDIRECT], scopes: ['read', 'write'] });
    expect(app.client_id).toBeTruthy();
    expect(app.vapid_key).toBeTruthy();
    const res = await call('/api/v1/apps', { form: { client_name: 'Form App', redirect_uris: `${REDIRECT} https://client.example/other` } });
    expect(((await res.json()) as { redirect_uris: string[] }).redirect_uris).toEqual([REDIRECT, 'https://client.example/other']);
  });

  it('rejects an app without client_name and redirect_uris with 422', async () => {
    const res = await call('/api/v1/apps', { json: { scopes: 'read' } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "Validation failed: Application name can't be blank, Redirect URI can't be blank" });
  });

  it('runs the code flow with PKCE: approve page, single-use code, verifier checked', async () => {
    const app = await registerApp();
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read write', state: 's' });
    const page = await (await call(`/oauth/authorize?${query}`)).text();
    expect(page).toContain('Cross Poster');
    expect(page).toMatch(/<button[^>]*>Authorize<\/button>/);
    expect(page).toMatch(/<button[^>]*>Deny<\/button>/);

    const code = await authorize(app, challenge);
    const exchange = (code_verifier: string) =>
      call('/oauth/token', { form: { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT, code_verifier } });

    const wrong = await exchange(pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    const ok = await exchange(verifier);
    expect(ok.status).toBe(200);
    const token = (await ok.json()) as { access_token: string; token_type: string; scope: string; created_at: number };
    expect(token).toMatchObject({ token_type: 'Bearer', scope: 'read write' });

    expect((await exchange(verifier)).status).toBe(400); // codes are single use

    const me = await call('/api/v1/accounts/verify_credentials', { token: token.access_token });
    const account = (await me.json()) as { username: string; acct: string; avatar: string; source: { privacy: string } };
    expect(account).toMatchObject({ username: 'alice', acct: 'alice', source: { privacy: 'public' } });
    const avatar = await fetch(account.avatar);
    expect(avatar.headers.get('content-type')).toBe('image/png');
  });

  it('redirects Deny with error=access_denied and shows an error page for a foreign redirect_uri', async () => {
    const app = await registerApp();
    const query = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read', state: 'q' });
    const page = await (await call(`/oauth/authorize?${query}`)).text();
    const deny = /<form class="deny"[^>]*action="([^"]+)"[^>]*>[\s\S]*?<\/form>/.exec(page)![0];
    const res = await call('/oauth/authorize', { form: firstForm(deny).fields, redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('q');

    query.set('redirect_uri', 'https://evil.example/');
    const bad = await call(`/oauth/authorize?${query}`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
  });

  it('answers 401 invalid_client for a wrong secret, and gives app tokens no user', async () => {
    const app = await registerApp();
    const bad = await call('/oauth/token', { form: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: 'nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });
    const res = await call('/oauth/token', { json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read' } });
    const { access_token } = (await res.json()) as { access_token: string };
    const me = await call('/api/v1/accounts/verify_credentials', { token: access_token });
    expect(me.status).toBe(422);
    expect(await me.json()).toEqual({ error: 'This method requires an authenticated user' });
  });

  it('publishes OAuth server metadata on 4.3+', async () => {
    const meta = (await (await call('/.well-known/oauth-authorization-server')).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ code_challenge_methods_supported: ['S256'], authorization_endpoint: `${server.url}/oauth/authorize`, app_registration_endpoint: `${server.url}/api/v1/apps` });
    expect(meta.scopes_supported).toContain('write:statuses');
  });
});

describe('discovery', () => {
  it('serves instance v2, v1 and NodeInfo with the configured limits', async () => {
    const v2 = (await (await call('/api/v2/instance')).json()) as { domain: string; configuration: { statuses: unknown; media_attachments: { supported_mime_types: string[]; image_size_limit: number; description_limit: number } } };
    expect(v2.domain).toBe(server.host);
    expect(v2.configuration.statuses).toEqual({ max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 });
    expect(v2.configuration.media_attachments).toMatchObject({ image_size_limit: 16 * 1024 * 1024, description_limit: 1500, image_matrix_limit: 16777216 });
    expect(v2.configuration.media_attachments.supported_mime_types).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/avif']));
    const v1 = (await (await call('/api/v1/instance')).json()) as Record<string, unknown>;
    expect(v1).toMatchObject({ uri: server.host, title: 'Local Mastodon', version: '4.3.0' });
    expect(v1).not.toHaveProperty('max_toot_chars');

    const links = (await (await call('/.well-known/nodeinfo')).json()) as { links: { href: string }[] };
    const info = (await (await fetch(links.links[0]!.href)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ version: '2.0', software: { name: 'mastodon', version: '4.3.0' }, protocols: ['activitypub'] });
  });

  it('can look like an older, Pleroma-like server', async () => {
    const old = await startMastodonServer({ software: 'pleroma', version: '2.6.0', v2Instance: false, maxCharacters: 5000 });
    try {
      expect((await call('/api/v2/instance', {}, old)).status).toBe(404);
      expect((await call('/.well-known/oauth-authorization-server', {}, old)).status).toBe(404);
      const v1 = (await (await call('/api/v1/instance', {}, old)).json()) as Record<string, unknown>;
      expect(v1).toMatchObject({ max_toot_chars: 5000, configuration: { statuses: { max_characters: 5000 } } });
      const info = (await (await call('/nodeinfo/2.0', {}, old)).json()) as { software: { name: string } };
      expect(info.software.name).toBe('pleroma');
    } finally {
      await old.close();
    }
  });
});

describe('media', () => {
  it('processes asynchronously: 202, then 206 per poll, then 200 with a url', async () => {
    const res = await upload(PNG_1X1, 'image/png', { description: 'a dot', focus: '0.5,-0.25' });
    expect(res.status).toBe(202);
    const media = (await res.json()) as { id: string; type: string; url: string | null; preview_url: string; meta: { focus: unknown } };
    expect(media).toMatchObject({ type: 'image', url: null, meta: { focus: { x: 0.5, y: -0.25 } } });

    const early = await post({ status: 'too soon', media_ids: [media.id] });
    expect(early.status).toBe(422);
    expect(await early.json()).toEqual({ error: 'Cannot attach files that have not finished processing. Try again in a moment!' });

    expect((await call(`/api/v1/media/${media.id}`, { token: alice.token })).status).toBe(206);
    expect((await call(`/api/v1/media/${media.id}`, { token: alice.token })).status).toBe(206);
    const done = await call(`/api/v1/media/${media.id}`, { token: alice.token });
    expect(done.status).toBe(200);
    const ready = (await done.json()) as { url: string };
    expect(Buffer.from(await (await fetch(ready.url)).arrayBuffer())).toEqual(PNG_1X1);

    expect((await call(`/api/v1/media/${media.id}`, { token: bob.token })).status).toBe(404);
    const foreign = await post({ status: 'not mine', media_ids: [media.id] }, bob.token);
    expect(foreign.status).toBe(422);

    // Form encoding with repeated media_ids[] fields, as the docs' form parameters.
    const status = await call('/api/v1/statuses', { token: alice.token, form: { status: 'with a picture', 'media_ids[]': [media.id] } });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { media_attachments: unknown[] }).media_attachments).toEqual([expect.objectContaining({ id: media.id, description: 'a dot' })]);
    expect((await call(`/api/v1/media/${media.id}`, { token: alice.token })).status).toBe(404); // attached now
  });

  it('validates type, size and description like Mastodon', async () => {
    const pdf = await upload(Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(pdf.status).toBe(422);
    expect(await pdf.json()).toEqual({ error: 'Validation failed: File content type is invalid, File is invalid' });
    const long = await upload(PNG_1X1, 'image/png', { description: 'x'.repeat(1501) });
    expect(long.status).toBe(422);
    const v1 = await upload(PNG_1X1, 'image/png', {}, 1);
    expect(v1.status).toBe(200);
    expect(((await v1.json()) as { url: string | null }).url).toMatch(/^http:\/\/127\.0\.0\.1/);

    const small = await startMastodonServer({ imageSizeLimit: 1024, mediaProcessingPolls: 0 });
    try {
      const { token } = small.createAccount({ username: 'carol' });
      const res = await upload(Buffer.concat([PNG_1X1, Buffer.alloc(2048)]), 'image/png', {}, 2, token, small);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ error: 'Validation failed: File file size must be less than 1 KB' });
      expect((await upload(PNG_1X1, 'image/png', {}, 2, token, small)).status).toBe(200); // mediaProcessingPolls: 0
    } finally {
      await small.close();
    }
  });
});

describe('statuses', () => {
  const url = `https://example.com/${'p'.repeat(80)}`; // counts as 23

  it('counts like StatusLengthValidator: URLs are 23, remote mentions are @user, graphemes are one', async () => {
    expect((await post(`${'a'.repeat(476)} ${url}`)).status).toBe(200); // 476 + 1 + 23 = 500
    const over = await post(`${'a'.repeat(477)} ${url}`);
    expect(over.status).toBe(422);
    expect(await over.json()).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' });

    const family = '👨‍👩‍👧‍👦';
    expect((await post(family.repeat(500))).status).toBe(200);
    expect((await post(family.repeat(501))).status).toBe(422);

    const mention = '@bob@very-long-domain.example.social '; // counts as "@bob " = 5
    expect((await post(mention + 'b'.repeat(495))).status).toBe(200);
    expect((await post({ status: 'c'.repeat(490), spoiler_text: 'd'.repeat(11) })).status).toBe(422);
  });

  it('validates text, visibility and replies', async () => {
    expect(await (await post('   ')).json()).toEqual({ error: "Validation failed: Text can't be blank" });
    const vis = await post({ status: 'hi', visibility: 'everyone' });
    expect(vis.status).toBe(422);
    const reply = await post({ status: 'hi', in_reply_to_id: '1' });
    expect(reply.status).toBe(404);
  });

  it('returns a Status entity with escaped HTML content and a permalink', async () => {
    const res = await post({ status: '<b>hi</b> & bye', visibility: 'unlisted', language: 'de', spoiler_text: 'cw' });
    const status = (await res.json()) as Record<string, unknown> & { id: string; account: { username: string } };
    expect(status).toMatchObject({
      content: '<p>&lt;b&gt;hi&lt;/b&gt; &amp; bye</p>',
      visibility: 'unlisted',
      language: 'de',
      spoiler_text: 'cw',
      sensitive: true,
      url: `${server.url}/@alice/${status.id}`,
      account: { username: 'alice' },
      application: { name: 'Web', website: null },
    });
    const fetched = await call(`/api/v1/statuses/${status.id}`);
    expect(((await fetched.json()) as { id: string }).id).toBe(status.id);
    const list = await call(`/api/v1/accounts/${alice.accountId}/statuses?limit=2`);
    const items = (await list.json()) as { id: string }[];
    expect(items).toHaveLength(2);
    expect(items[0]!.id).toBe(status.id);
    expect(list.headers.get('link')).toContain('rel="next"');
  });

  it('replays an Idempotency-Key instead of posting twice', async () => {
    const before = server.statuses.length;
    const send = () => call('/api/v1/statuses', { token: alice.token, json: { status: 'once' }, headers: { 'idempotency-key': 'k-1' } });
    const first = (await (await send()).json()) as { id: string };
    const second = await send();
    expect(second.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(first.id);
    expect(server.statuses.length).toBe(before + 1);
  });
});

describe('auth errors', () => {
  it('answers 401 for missing and revoked tokens, 403 outside the scopes', async () => {
    const missing = await call('/api/v1/accounts/verify_credentials');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'The access token is invalid' });

    const token = server.issueToken(alice.accountId);
    server.revokeToken(token);
    const revoked = await call('/api/v1/accounts/verify_credentials', { token });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: 'The access token was revoked' });

    const readOnly = server.issueToken(alice.accountId, 'read');
    const denied = await post('hello', readOnly);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: 'This action is outside the authorized scopes' });
  });
});

describe('rate limits and faults', () => {
  it('sends rate-limit headers and answers 429 past the budget', async () => {
    const limited = await startMastodonServer({ rateLimit: 2 });
    try {
      const { token } = limited.createAccount({ username: 'dave' });
      const first = await call('/api/v1/accounts/verify_credentials', { token }, limited);
      expect(first.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(Date.parse(first.headers.get('x-ratelimit-reset')!)).toBeGreaterThan(Date.now());
      await call('/api/v1/accounts/verify_credentials', { token }, limited);
      const third = await call('/api/v1/accounts/verify_credentials', { token }, limited);
      expect(third.status).toBe(429);
      expect(await third.json()).toEqual({ error: 'Too many requests' });
      expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await limited.close();
    }
  });

  it('injects 429 with a near reset, and 503 HTML', async () => {
    server.faults.rateLimitNext = 1;
    const limited = await call('/api/v1/instance');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    const reset = Date.parse(limited.headers.get('x-ratelimit-reset')!) - Date.now();
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(2500);

    server.faults.failWith503 = 1;
    const down = await call('/api/v1/instance');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('text/html');
    expect((await call('/api/v1/instance')).status).toBe(200);
  });

  it('drops the connection after storing the status; a retry with the same key finds it', async () => {
    const before = server.statuses.length;
    server.faults.dropConnectionAfterStatusStored = 1;
    const send = () => call('/api/v1/statuses', { token: alice.token, json: { status: 'lost answer' }, headers: { 'idempotency-key': 'drop-1' } });
    await expect(send()).rejects.toThrow();
    expect(server.statuses.length).toBe(before + 1);
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { id: string }).id).toBe(server.statuses.at(-1)!.id);
    expect(server.statuses.filter((s) => s.text === 'lost answer')).toHaveLength(1);
  });

  it('can answer HTML instead of JSON, and is driven over HTTP by /__control', async () => {
    await call('/__control/faults', { json: { htmlInsteadOfJson: true } });
    const page = await call('/api/v1/instance');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/^<!doctype html>/i);
    await call('/__control/faults', { json: { htmlInsteadOfJson: false } });

    const created = (await (await call('/__control/accounts', { json: { username: 'erin' } })).json()) as { accountId: string; token: string };
    await post('from erin', created.token);
    const stored = (await (await call('/__control/statuses')).json()) as { accountId: string; text: string }[];
    expect(stored.at(-1)).toMatchObject({ accountId: created.accountId, text: 'from erin' });
  });

  it('answers unknown API paths with JSON 404 and other paths with HTML', async () => {
    const api = await call('/api/v1/nope');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'Not found' });
    expect((await call('/nope')).headers.get('content-type')).toContain('text/html');
    expect((await call('/')).headers.get('content-type')).toContain('text/html');
    expect(server.requests.some((r) => r.path === '/api/v1/nope' && r.status === 404)).toBe(true);
  });
});
