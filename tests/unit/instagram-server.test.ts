// @vitest-environment node
/**
 * The local Instagram server (tests/servers/instagram/), exercised with plain
 * fetch the way Meta documents the Instagram API with Instagram Login. Images are
 * served by a small HTTP server started here, which the Instagram server really
 * fetches.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/images.js';
import { listenOnLoopback, type Listening } from '../servers/common/listen.js';
import { makeJpeg, startInstagramServer, type InstagramServer } from '../servers/instagram/index.js';

const REDIRECT = 'https://client.example/instagram/callback';

interface Served {
  type: string;
  body: Buffer | string;
  status?: number;
}

const SQUARE = makeJpeg(1080, 1080);
const IMAGES: Record<string, Served> = {
  '/square.jpg': { type: 'image/jpeg', body: SQUARE },
  '/portrait.jpg': { type: 'image/jpeg', body: makeJpeg(1080, 1350) },
  '/landscape.jpg': { type: 'image/jpeg', body: makeJpeg(1080, 566) },
  '/small.jpg': { type: 'image/jpeg', body: makeJpeg(200, 250) },
  '/wide.jpg': { type: 'image/jpeg', body: makeJpeg(2000, 500) },
  '/tall.jpg': { type: 'image/jpeg', body: makeJpeg(1080, 1920) },
  '/big.jpg': { type: 'image/jpeg', body: makeJpeg(1080, 1080, { padToBytes: 9 * 1024 * 1024 }) },
  '/picture.png': { type: 'image/png', body: makePng(1080, 1080) },
  '/page.html': { type: 'text/html', body: '<!doctype html><p>not an image</p>' },
  '/gone.jpg': { type: 'text/plain', body: 'Not Found', status: 404 },
};
/** Answered only after this long: longer than a short fetchTimeoutMs. */
const SLOW_MS = 600;

let ig: InstagramServer;
let images: Listening;
let alice: { userId: string; token: string };
let bob: { userId: string; token: string };
const fetchedHeaders: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  images = await listenOnLoopback((req, res) => {
    fetchedHeaders.push(req.headers);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/slow.jpg') {
      setTimeout(() => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(SQUARE), SLOW_MS);
      return;
    }
    const served = IMAGES[path];
    if (!served) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(served.status ?? 200, { 'content-type': served.type }).end(served.body);
  });
  ig = await startInstagramServer({ containerDelayMs: 100, redirectUris: [REDIRECT] });
  alice = ig.createAccount({ username: 'alice', name: 'Alice' });
  bob = ig.createAccount({ username: 'bob' });
});
afterAll(async () => {
  await ig.close();
  await images.close();
});

const imageUrl = (path: string) => `${images.url}${path}`;

interface Call {
  method?: string;
  token?: string;
  form?: Record<string, string>;
  multipart?: Record<string, string>;
  redirect?: RequestRedirect;
}

function call(path: string, opts: Call = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = new URLSearchParams(opts.form);
  if (opts.multipart) {
    const form = new FormData();
    for (const [k, v] of Object.entries(opts.multipart)) form.append(k, v);
    body = form;
  }
  const method = opts.method ?? (body ? 'POST' : 'GET');
  return fetch(`${ig.url}${path}`, { method, headers, body, redirect: opts.redirect ?? 'follow' });
}

interface GraphErrorJson {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_msg?: string;
  fbtrace_id: string;
}

async function graphError(res: Response): Promise<GraphErrorJson> {
  const body = (await res.json()) as { error?: GraphErrorJson };
  expect(body.error, JSON.stringify(body)).toBeDefined();
  expect(body.error!.fbtrace_id).toMatch(/^[\w-]{10,}$/);
  return body.error!;
}

async function createImage(fields: Record<string, string>, who = alice): Promise<Response> {
  return call(`/v23.0/${who.userId}/media`, { token: who.token, form: fields });
}

async function containerId(fields: Record<string, string>, who = alice): Promise<string> {
  const res = await createImage(fields, who);
  const body = (await res.json()) as { id?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.id!;
}

async function status(id: string, who = alice): Promise<{ id: string; status_code: string; status: string }> {
  const res = await call(`/${id}?fields=status_code,status`, { token: who.token });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; status_code: string; status: string };
}

async function waitFinished(id: string, who = alice): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await status(id, who)).status_code === 'FINISHED') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`container ${id} never finished`);
}

function publish(creationId: string, who = alice): Promise<Response> {
  return call(`/v23.0/${who.userId}/media_publish`, { token: who.token, form: { creation_id: creationId } });
}

/** The first <form> of a page: its action and named inputs. */
function firstForm(page: string, className: string): { action: string; fields: Record<string, string> } {
  const form = new RegExp(`<form class="${className}"[^>]*action="([^"]+)"[^>]*>([\\s\\S]*?)</form>`).exec(page)!;
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return { action: form[1]!, fields };
}

function authorizeQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    client_id: ig.app.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'instagram_business_basic,instagram_business_content_publish',
    state: 'st-1',
    ...extra,
  }).toString();
}

async function decide(className: 'allow' | 'deny'): Promise<URL> {
  const page = await (await call(`/oauth/authorize?${authorizeQuery()}`)).text();
  const { action, fields } = firstForm(page, className);
  const res = await call(action, { form: fields, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('Business Login for Instagram', () => {
  it('runs the code flow: consent page, redirect with #_, single-use code, the documented token answers', async () => {
    ig.setOAuthUser(alice.userId);
    const page = await (await call(`/oauth/authorize?${authorizeQuery()}`)).text();
    expect(page).toMatch(/<button[^>]*>Allow<\/button>/);
    expect(page).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(page).toContain('alice');

    const location = await decide('allow');
    expect(location.href.startsWith(REDIRECT)).toBe(true);
    expect(location.hash).toBe('#_');
    expect(location.searchParams.get('state')).toBe('st-1');
    const code = location.searchParams.get('code')!;
    expect(code).toBeTruthy();

    // As the docs' curl -F sample: multipart form fields.
    const exchange = (withCode: string, redirectUri = REDIRECT) =>
      call('/oauth/access_token', {
        multipart: { client_id: ig.app.clientId, client_secret: ig.app.clientSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code: withCode },
      });
    const withHash = await exchange(`${code}#_`);
    expect(withHash.status).toBe(400);
    expect(await withHash.json()).toEqual({ error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' });
    expect((await exchange(code, 'https://client.example/other')).status).toBe(400);

    const ok = await exchange(code);
    expect(ok.status).toBe(200);
    const short = (await ok.json()) as { data: { access_token: string; user_id: string; permissions: string }[] };
    expect(short.data).toHaveLength(1);
    expect(short.data[0]!.permissions).toBe('instagram_business_basic,instagram_business_content_publish');
    expect(typeof short.data[0]!.user_id).toBe('string');
    expect((await exchange(code)).status).toBe(400); // single use

    const long = await call(`/access_token?grant_type=ig_exchange_token&client_secret=${ig.app.clientSecret}&access_token=${short.data[0]!.access_token}`);
    expect(long.status).toBe(200);
    const lived = (await long.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(lived.token_type).toBe('bearer');
    expect(lived.expires_in).toBeGreaterThan(60 * 86_400 - 60);
    expect(lived.expires_in).toBeLessThanOrEqual(60 * 86_400);

    const wrongSecret = await call(`/access_token?grant_type=ig_exchange_token&client_secret=nope&access_token=${short.data[0]!.access_token}`);
    expect(wrongSecret.status).toBe(400);

    const me = await call('/v23.0/me?fields=user_id,username,name,account_type,profile_picture_url', { token: lived.access_token });
    const profile = (await me.json()) as Record<string, string>;
    expect(profile).toMatchObject({ user_id: alice.userId, username: 'alice', name: 'Alice', account_type: 'BUSINESS', id: short.data[0]!.user_id });
    expect((await fetch(profile.profile_picture_url!)).headers.get('content-type')).toBe('image/jpeg');
    // Both ids name the account.
    expect((await call(`/${profile.id}?fields=username`, { token: lived.access_token })).status).toBe(200);
  });

  it('redirects Deny with the documented error parameters, and refuses bad requests on its own page', async () => {
    const denied = await decide('deny');
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', error_reason: 'user_denied', error_description: 'The user denied your request', state: 'st-1' });
    expect(denied.search).toContain('error_description=The+user+denied+your+request');

    const bads: Record<string, string>[] = [{ client_id: '123' }, { redirect_uri: 'https://evil.example/' }, { scope: 'business_basic' }, { scope: 'instagram_business_content_publish' }];
    for (const bad of bads) {
      const res = await call(`/oauth/authorize?${authorizeQuery(bad)}`);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toContain('Invalid');
    }
  });

  it('refuses to refresh a token younger than 24 hours, and refreshes it for 60 days once older', async () => {
    const token = ig.issueToken(alice.userId);
    const refresh = (t: string) => call(`/refresh_access_token?grant_type=ig_refresh_token&access_token=${t}`);
    const early = await refresh(token);
    expect(early.status).toBe(400);
    expect(await graphError(early)).toMatchObject({ type: 'OAuthException', code: 100 });

    ig.ageToken(token, 25 * 3_600_000);
    const ok = await refresh(token);
    expect(ok.status).toBe(200);
    const fresh = (await ok.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(fresh).toMatchObject({ token_type: 'bearer' });
    expect(fresh.access_token).not.toBe(token);
    expect(fresh.expires_in).toBeGreaterThan(60 * 86_400 - 60);
    expect((await refresh(fresh.access_token)).status).toBe(400); // the new one is a few ms old

    ig.ageToken(token, 60 * 86_400_000);
    const late = await refresh(token);
    expect(await graphError(late)).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('answers 190 for unknown, expired and revoked tokens, read from a header, the query or a form field', async () => {
    const expired = ig.issueToken(alice.userId);
    ig.expireToken(expired);
    const revoked = ig.issueToken(alice.userId);
    ig.revokeToken(revoked);

    const bad = await call('/me?fields=username', { token: 'IGAAnot-a-token' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('www-authenticate')).toMatch(/^OAuth "Facebook Platform" "invalid_token"/);
    expect(await graphError(bad)).toMatchObject({ type: 'OAuthException', code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });

    const viaQuery = await call(`/me?fields=username&access_token=${expired}`);
    expect(await graphError(viaQuery)).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await graphError(await call(`/me?access_token=${revoked}`))).error_subcode).toBe(458);

    const viaForm = await call(`/${alice.userId}/media`, { form: { access_token: revoked, image_url: imageUrl('/square.jpg') } });
    expect(await graphError(viaForm)).toMatchObject({ code: 190, error_subcode: 458 });

    expect((await graphError(await call('/me'))).code).toBe(2500);
    expect((await call(`/me?fields=username&access_token=${alice.token}`)).status).toBe(200);
  });
});

describe('content publishing', () => {
  it('publishes an IMAGE: fetches image_url, IN_PROGRESS then FINISHED, publish, permalink', async () => {
    const caption = 'Hello from the test #first @friend 🎉';
    const id = await containerId({ image_url: imageUrl('/square.jpg'), caption, alt_text: 'A grey square' });
    expect(fetchedHeaders.at(-1)!['user-agent']).toContain('facebookexternalhit');
    expect(await status(id)).toMatchObject({ id, status_code: 'IN_PROGRESS' });

    const early = await publish(id);
    expect(early.status).toBe(400);
    expect(await graphError(early)).toMatchObject({ code: 9007, error_subcode: 2207027 });

    await waitFinished(id);
    expect((await status(id)).status).toBe('Finished: Media has been uploaded and it is ready to be published.');
    const res = await publish(id);
    expect(res.status).toBe(200);
    const { id: mediaId } = (await res.json()) as { id: string };
    expect((await status(id)).status_code).toBe('PUBLISHED');

    const media = (await (await call(`/v23.0/${mediaId}?fields=id,permalink,shortcode,caption,media_type,media_url,timestamp,username,alt_text`, { token: alice.token })).json()) as Record<string, string>;
    expect(media).toMatchObject({ id: mediaId, caption, media_type: 'IMAGE', username: 'alice', alt_text: 'A grey square' });
    expect(media.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(media.permalink).toBe(`${ig.url}/p/${media.shortcode}/`);
    expect((await fetch(media.permalink!)).status).toBe(200);
    expect(Buffer.from(await (await fetch(media.media_url!)).arrayBuffer()).equals(SQUARE)).toBe(true);

    const stored = ig.posts.at(-1)!;
    expect(stored).toMatchObject({ id: mediaId, userId: alice.userId, mediaType: 'IMAGE', caption, shortcode: media.shortcode, permalink: media.permalink });
    expect(stored.images).toHaveLength(1);
    expect(stored.images[0]).toMatchObject({ url: imageUrl('/square.jpg'), altText: 'A grey square', contentType: 'image/jpeg', width: 1080, height: 1080 });
    expect(stored.images[0]!.bytes.equals(SQUARE)).toBe(true);
  });

  it('refuses what Instagram refuses, on creation, with the documented codes', async () => {
    const before = ig.containers.size;
    const cases: [string, number, number][] = [
      ['/picture.png', 36001, 2207005],
      ['/wide.jpg', 36003, 2207009],
      ['/tall.jpg', 36003, 2207009],
      ['/big.jpg', 36000, 2207004],
      ['/page.html', 9004, 2207052],
      ['/gone.jpg', 9004, 2207052],
    ];
    for (const [path, code, subcode] of cases) {
      const res = await createImage({ image_url: imageUrl(path) });
      expect(res.status, path).toBe(400);
      expect(await graphError(res), path).toMatchObject({ type: 'OAuthException', code, error_subcode: subcode });
    }
    const unreachable = await createImage({ image_url: 'http://127.0.0.1:1/photo.jpg' });
    const error = await graphError(unreachable);
    expect(error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    expect(error.error_user_msg).toContain('The media could not be fetched from this uri: http://127.0.0.1:1/photo.jpg');
    expect((await graphError(await createImage({ image_url: imageUrl('/wide.jpg') }))).error_user_msg).toContain("('4/1',)");
    expect((await graphError(await createImage({ caption: 'no image' }))).message).toBe('(#100) The parameter image_url is required');
    expect(ig.containers.size).toBe(before);

    // Width outside 320–1440 is scaled, not refused; 4:5 and 1.91:1 are in range.
    for (const path of ['/small.jpg', '/portrait.jpg', '/landscape.jpg']) expect((await createImage({ image_url: imageUrl(path) })).status, path).toBe(200);
  });

  it('enforces the caption limits: 2,200 characters, 30 hashtags, 20 @ tags', async () => {
    const url = imageUrl('/square.jpg');
    expect(await graphError(await createImage({ image_url: url, caption: 'a'.repeat(2201) }))).toMatchObject({ code: 36004, error_subcode: 2207010 });
    expect((await createImage({ image_url: url, caption: '🎉'.repeat(2200) })).status).toBe(200);
    const tags = (n: number, mark: string) => Array.from({ length: n }, (_, i) => `${mark}t${i}`).join(' ');
    expect(await graphError(await createImage({ image_url: url, caption: tags(31, '#') }))).toMatchObject({ code: 36004, error_subcode: 2207010 });
    expect((await createImage({ image_url: url, caption: tags(30, '#') })).status).toBe(200);
    expect(await graphError(await createImage({ image_url: url, caption: tags(21, '@') }))).toMatchObject({ code: 100, error_subcode: 2207040 });
    expect((await createImage({ image_url: url, caption: tags(20, '@') })).status).toBe(200);
  });

  it('publishes a carousel of finished items, and refuses bad children', async () => {
    const first = await containerId({ image_url: imageUrl('/square.jpg'), is_carousel_item: 'true', alt_text: 'one' });
    const second = await containerId({ image_url: imageUrl('/portrait.jpg'), is_carousel_item: 'true' });
    const single = await containerId({ image_url: imageUrl('/square.jpg') });
    const carousel = (children: string, caption = 'Two pictures') => call(`/${alice.userId}/media`, { token: alice.token, form: { media_type: 'CAROUSEL', children, caption } });

    expect(await graphError(await carousel(`${first},${second}`))).toMatchObject({ code: 9007, error_subcode: 2207027 });
    await waitFinished(first);
    await waitFinished(second);
    await waitFinished(single);
    expect(await graphError(await carousel(first))).toMatchObject({ code: 100, error_subcode: 2207028 });
    expect(await graphError(await carousel(`${first},${single}`))).toMatchObject({ code: 100 });
    expect(await graphError(await carousel(`${first},999`))).toMatchObject({ code: 24, error_subcode: 2207006 });
    expect(await graphError(await publish(first))).toMatchObject({ code: 100 }); // an item alone

    const created = await carousel(`${first},${second}`);
    const { id } = (await created.json()) as { id: string };
    await waitFinished(id);
    const res = await publish(id);
    expect(res.status).toBe(200);
    const { id: mediaId } = (await res.json()) as { id: string };

    const stored = ig.posts.at(-1)!;
    expect(stored).toMatchObject({ id: mediaId, mediaType: 'CAROUSEL_ALBUM', caption: 'Two pictures' });
    expect(stored.images.map((i) => [i.width, i.height, i.altText])).toEqual([
      [1080, 1080, 'one'],
      [1080, 1350, null],
    ]);
    const album = (await (await call(`/${mediaId}?fields=media_type,children{media_type,media_url}`, { token: alice.token })).json()) as {
      media_type: string;
      children: { data: { id: string; media_type: string; media_url: string }[] };
    };
    expect(album.media_type).toBe('CAROUSEL_ALBUM');
    expect(album.children.data.map((c) => c.media_type)).toEqual(['IMAGE', 'IMAGE']);
    expect((await status(first)).status_code).toBe('PUBLISHED');
  });

  it('answers content_publishing_limit as documented and refuses a publish over quota with 9/2207042', async () => {
    const defaults = (await (await call(`/${alice.userId}/content_publishing_limit`, { token: alice.token })).json()) as { data: Record<string, unknown>[] };
    expect(defaults).toEqual({ data: [{ quota_usage: ig.quota.used }] });
    const full = (await (await call(`/v23.0/${alice.userId}/content_publishing_limit?fields=quota_usage,config`, { token: alice.token })).json()) as unknown;
    expect(full).toEqual({ data: [{ quota_usage: ig.quota.used, config: { quota_total: 100, quota_duration: 86400 } }] });

    const id = await containerId({ image_url: imageUrl('/square.jpg') });
    await waitFinished(id);
    const used = ig.quota.used;
    ig.quota.used = 100;
    try {
      const res = await publish(id);
      expect(res.status).toBe(400);
      expect(await graphError(res)).toMatchObject({ code: 9, error_subcode: 2207042, error_user_msg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.' });
    } finally {
      ig.quota.used = used;
    }
    expect((await publish(id)).status).toBe(200);
    expect(ig.quota.used).toBe(used + 1);
  });

  it('refuses to publish an expired, unknown, foreign or already published container', async () => {
    const id = await containerId({ image_url: imageUrl('/square.jpg') });
    await waitFinished(id);
    ig.expireContainer(id);
    expect((await status(id)).status_code).toBe('EXPIRED');
    expect(await graphError(await publish(id))).toMatchObject({ code: -2, error_subcode: 2207020 });

    expect(await graphError(await publish('17889000000000001'))).toMatchObject({ code: 24, error_subcode: 2207008 });
    const bobs = await containerId({ image_url: imageUrl('/square.jpg') }, bob);
    expect(await graphError(await publish(bobs))).toMatchObject({ code: 24, error_subcode: 2207008 });
    expect(await graphError(await call(`/${bobs}?fields=status_code`, { token: alice.token }))).toMatchObject({ type: 'GraphMethodException', code: 100, error_subcode: 33 });

    const failed = await containerId({ image_url: imageUrl('/square.jpg') });
    ig.failContainer(failed, 2207001);
    expect(await status(failed)).toMatchObject({ status_code: 'ERROR', status: 'Error: Media upload has failed with error code 2207001' });
  });

  it('publishes, then drops the connection: the media exists once and the client can find it', async () => {
    const caption = `lost answer ${Date.now()}`;
    const id = await containerId({ image_url: imageUrl('/landscape.jpg'), caption });
    await waitFinished(id);
    ig.faults.dropConnectionAfterPublish = 1;
    await expect(publish(id)).rejects.toThrow();
    expect(ig.requests.at(-1)).toMatchObject({ method: 'POST', status: 0 });

    const listed = (await (await call('/me/media?fields=id,caption,timestamp&limit=2', { token: alice.token })).json()) as {
      data: { id: string; caption: string }[];
      paging: { cursors: { after: string }; next?: string };
    };
    expect(listed.data[0]!.caption).toBe(caption); // newest first
    expect(listed.paging.next).toContain('after=');
    expect(ig.posts.filter((p) => p.caption === caption)).toHaveLength(1);
    expect(await graphError(await publish(id))).toMatchObject({ code: 24, error_subcode: 2207008 });
    expect(ig.posts.filter((p) => p.caption === caption)).toHaveLength(1);
  });
});

describe('options', () => {
  it('times a slow image_url out (-2/2207003) and can answer the code exchange flat', async () => {
    const other = await startInstagramServer({ fetchTimeoutMs: 150, tokenResponseShape: 'flat' });
    try {
      const zoe = other.createAccount({ username: 'zoe' });
      const slow = await fetch(`${other.url}/${zoe.userId}/media`, { method: 'POST', body: new URLSearchParams({ access_token: zoe.token, image_url: imageUrl('/slow.jpg') }) });
      expect(await graphError(slow)).toMatchObject({ code: -2, error_subcode: 2207003, error_user_msg: 'It takes too long to download the media.' });

      const query = new URLSearchParams({ client_id: other.app.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'instagram_business_basic', decision: 'allow' });
      const allowed = await fetch(`${other.url}/oauth/authorize`, { method: 'POST', body: query, redirect: 'manual' });
      const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!;
      const res = await fetch(`${other.url}/oauth/access_token`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: other.app.clientId, client_secret: other.app.clientSecret, grant_type: 'authorization_code', redirect_uri: REDIRECT, code }),
      });
      const text = await res.text();
      // user_id is a bare number with every digit (beyond 2^53: JSON.parse would round it).
      expect(text).toMatch(/"user_id":\d{17},"permissions":\["instagram_business_basic"\]/);
      const me = (await (await fetch(`${other.url}/me?fields=id&access_token=${(JSON.parse(text) as { access_token: string }).access_token}`)).json()) as { id: string };
      expect(text).toContain(`"user_id":${me.id},`);
    } finally {
      await other.close();
    }
  });
});

describe('Graph errors, faults and the control surface', () => {
  it("answers Graph's errors for unknown objects, edges and fields", async () => {
    const get = await call('/v23.0/1234567890', { token: alice.token });
    expect(get.status).toBe(400);
    expect(await graphError(get)).toMatchObject({ type: 'GraphMethodException', code: 100, error_subcode: 33 });
    expect((await graphError(await call('/1234567890', { token: alice.token }))).message).toMatch(/^Unsupported get request\. Object with ID '1234567890' does not exist/);
    expect((await graphError(await call('/1234567890/feed', { token: alice.token, form: { message: 'x' } }))).message).toMatch(/^Unsupported post request/);
    expect((await graphError(await call('/me/stories', { token: alice.token }))).message).toBe('Unknown path components: /stories');
    expect((await graphError(await call('/me?fields=nope', { token: alice.token }))).message).toBe('(#100) Tried accessing nonexisting field (nope) on node type (User)');
    expect((await graphError(await call(`/${bob.userId}?fields=username`, { token: alice.token }))).error_subcode).toBe(33);
  });

  it('throttles with the documented codes, fails with 503 or HTML, and is driven over HTTP', async () => {
    ig.faults.rateLimitNext = 1;
    const throttled = await call('/me', { token: alice.token });
    expect(throttled.status).toBe(400);
    expect(await graphError(throttled)).toMatchObject({ code: 4, is_transient: true, message: '(#4) Application request limit reached' });

    const patch = await fetch(`${ig.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimitNext: 2, rateLimitCode: 341 }) });
    expect(patch.status).toBe(200);
    expect((await graphError(await call('/me', { token: alice.token }))).code).toBe(341);
    ig.faults.rateLimitCode = 17;
    expect((await graphError(await call('/me', { token: alice.token }))).code).toBe(17);

    ig.faults.failWith503 = 1;
    expect((await call('/me', { token: alice.token })).status).toBe(503);
    ig.faults.invalidateTokenNext = 1;
    expect(await graphError(await call('/me', { token: alice.token }))).toMatchObject({ code: 190, error_subcode: 460 });
    ig.faults.htmlInsteadOfJson = true;
    expect((await call('/me', { token: alice.token })).headers.get('content-type')).toContain('text/html');
    ig.faults.htmlInsteadOfJson = false;

    const unknownFault = await fetch(`${ig.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ nope: 1 }) });
    expect(unknownFault.status).toBe(422);
    const made = (await (await fetch(`${ig.url}/__control/accounts`, { method: 'POST', body: JSON.stringify({ username: 'carol' }) })).json()) as { userId: string; token: string };
    expect((await (await call('/me?fields=user_id', { token: made.token })).json()) as unknown).toMatchObject({ user_id: made.userId });
    const app = (await (await fetch(`${ig.url}/__control/app`)).json()) as unknown;
    expect(app).toEqual(ig.app);
  });
});
