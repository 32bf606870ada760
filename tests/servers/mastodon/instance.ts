/**
 * Server discovery:
 *   GET /api/v2/instance, GET /api/v1/instance   https://docs.joinmastodon.org/methods/instance/
 *   GET /.well-known/nodeinfo, GET /nodeinfo/2.0  http://nodeinfo.diaspora.software/protocol
 * and the plain web pages (/, profiles, status permalinks, avatars).
 */
import { escapeHtml, fail, html, json, type Reply } from './http.js';
import { accountJson, VAPID_KEY } from './entities.js';
import { DESCRIPTION_LIMIT, IMAGE_MATRIX_LIMIT, SUPPORTED_MIME_TYPES, TINY_PNG, VIDEO_SIZE_LIMIT } from './files.js';
import { versionAtLeast, type Call, type Ctx } from './state.js';

function configuration(ctx: Ctx): Record<string, unknown> {
  return {
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: {
      max_characters: ctx.cfg.maxCharacters,
      max_media_attachments: ctx.cfg.maxMediaAttachments,
      characters_reserved_per_url: ctx.cfg.charactersReservedPerUrl,
    },
    media_attachments: {
      supported_mime_types: SUPPORTED_MIME_TYPES,
      description_limit: DESCRIPTION_LIMIT,
      image_size_limit: ctx.cfg.imageSizeLimit,
      image_matrix_limit: IMAGE_MATRIX_LIMIT,
      video_size_limit: VIDEO_SIZE_LIMIT,
      video_frame_rate_limit: 120,
      video_matrix_limit: 8_294_400,
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
  };
}

/** The `mastodon` API version the server advertises (Instance#api_versions). */
function apiVersion(version: string): number | null {
  if (versionAtLeast(version, '4.5')) return 7;
  if (versionAtLeast(version, '4.4')) return 6;
  if (versionAtLeast(version, '4.3')) return 2;
  return null;
}

function localUsers(ctx: Ctx): number {
  return ctx.store.accounts.size;
}

function contactAccount(ctx: Ctx): Record<string, unknown> | null {
  const first = ctx.store.accounts.values().next().value;
  return first ? accountJson(ctx, first) : null;
}

const RULES = [{ id: '1', text: 'Be nice to the test suite.', hint: '' }];

export function instanceV2(call: Call): Reply {
  const { ctx } = call;
  if (!ctx.cfg.v2Instance) fail(404, 'Not found');
  const versions = apiVersion(ctx.cfg.version);
  return json(200, {
    domain: ctx.host,
    title: ctx.cfg.title,
    version: ctx.cfg.version,
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A local Mastodon-compatible server for tests.',
    usage: { users: { active_month: localUsers(ctx) } },
    thumbnail: { url: `${ctx.url}/site_uploads/thumbnail.png`, blurhash: null, versions: { '@1x': `${ctx.url}/site_uploads/thumbnail.png` } },
    icon: [{ src: `${ctx.url}/site_uploads/thumbnail.png`, size: '36x36' }],
    languages: ['en'],
    configuration: {
      urls: { streaming: ctx.url.replace(/^http/, 'ws'), status: null, about: `${ctx.url}/about`, privacy_policy: null, terms_of_service: null },
      vapid: { public_key: VAPID_KEY },
      ...configuration(ctx),
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null, url: null },
    ...(versions ? { api_versions: { mastodon: versions } } : {}),
    contact: { email: `admin@${ctx.host.split(':')[0]}`, account: contactAccount(ctx) },
    rules: RULES,
  });
}

/** Pleroma-like servers (and v2-less ones) also put the limit at the top level. */
function legacyExtras(ctx: Ctx): Record<string, unknown> {
  if (ctx.cfg.software !== 'pleroma' && ctx.cfg.v2Instance) return {};
  return { max_toot_chars: ctx.cfg.maxCharacters, upload_limit: ctx.cfg.imageSizeLimit };
}

function v1Version(ctx: Ctx): string {
  // Pleroma reports a Mastodon-compatible version with its own in parentheses.
  return ctx.cfg.software === 'pleroma' ? `2.7.2 (compatible; Pleroma ${ctx.cfg.version})` : ctx.cfg.version;
}

export function instanceV1(call: Call): Reply {
  const { ctx } = call;
  return json(200, {
    uri: ctx.host,
    title: ctx.cfg.title,
    short_description: 'A local Mastodon-compatible server for tests.',
    description: '',
    email: `admin@${ctx.host.split(':')[0]}`,
    version: v1Version(ctx),
    urls: { streaming_api: ctx.url.replace(/^http/, 'ws') },
    stats: { user_count: localUsers(ctx), status_count: ctx.store.statuses.length, domain_count: 0 },
    thumbnail: `${ctx.url}/site_uploads/thumbnail.png`,
    languages: ['en'],
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: configuration(ctx),
    contact_account: contactAccount(ctx),
    rules: RULES,
    ...legacyExtras(ctx),
  });
}

const NODEINFO_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/2.0';

export function nodeinfoLinks(call: Call): Reply {
  return json(200, { links: [{ rel: NODEINFO_SCHEMA, href: `${call.ctx.url}/nodeinfo/2.0` }] });
}

export function nodeinfo(call: Call): Reply {
  const { ctx } = call;
  const reply = json(200, {
    version: '2.0',
    software: { name: ctx.cfg.software, version: ctx.cfg.version },
    protocols: ['activitypub'],
    services: { outbound: [], inbound: [] },
    usage: { users: { total: localUsers(ctx), activeMonth: localUsers(ctx), activeHalfyear: localUsers(ctx) }, localPosts: ctx.store.statuses.length },
    openRegistrations: false,
    metadata: { nodeName: ctx.cfg.title, nodeDescription: 'A local Mastodon-compatible server for tests.' },
  });
  return { ...reply, contentType: `application/json; profile="${NODEINFO_SCHEMA}#"` };
}

// ---------------------------------------------------------------------------
// Web pages

function webPage(ctx: Ctx, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - ${escapeHtml(ctx.cfg.title)}</title></head><body>${body}</body></html>`;
}

export function notFoundPage(ctx: Ctx): Reply {
  return html(404, webPage(ctx, 'The page you are looking for isn\'t here.', '<h1>404</h1><p>The page you are looking for isn\'t here.</p>'));
}

export function homePage(call: Call): Reply {
  const { ctx } = call;
  return html(200, webPage(ctx, 'Home', `<h1>${escapeHtml(ctx.cfg.title)}</h1><p>Mastodon ${escapeHtml(ctx.cfg.version)} (test server)</p>`));
}

export function profilePage(call: Call, username: string): Reply {
  const account = call.ctx.store.accountByUsername(username);
  if (!account) return notFoundPage(call.ctx);
  return html(200, webPage(call.ctx, `@${account.username}`, `<h1>${escapeHtml(account.displayName)}</h1><p>@${escapeHtml(account.username)}</p>`));
}

export function statusPage(call: Call, username: string, id: string): Reply {
  const status = call.ctx.store.findStatus(id);
  const account = status && call.ctx.store.accounts.get(status.accountId);
  if (!status || !account || account.username.toLowerCase() !== username.toLowerCase() || !['public', 'unlisted'].includes(status.visibility)) {
    return notFoundPage(call.ctx);
  }
  return html(200, webPage(call.ctx, `@${account.username}`, `<article class="status"><pre>${escapeHtml(status.text)}</pre></article>`));
}

export function png(): Reply {
  return { status: 200, contentType: 'image/png', body: TINY_PNG, headers: { 'cache-control': 'public, max-age=31536000' } };
}
