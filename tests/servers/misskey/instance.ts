/**
 * Server discovery and account endpoints:
 *   meta                      endpoints/meta.ts → MetaEntityService#pack / #packDetailed
 *   i                         endpoints/i.ts (kind read:account) → MeDetailed
 *   miauth/gen-token          endpoints/miauth/gen-token.ts (secure: native token only)
 *   /.well-known/nodeinfo, /nodeinfo/2.1, /nodeinfo/2.0   NodeinfoServerService.ts
 * and the web pages (the client's HTML shell), identicons.
 *
 * Misskey 13+ meta has no driveCapacityPerLocalUserMb: drive limits are role
 * policies (`policies.driveCapacityMb`, `policies.maxFileSizeMb`); `maxFileSize`
 * is the server-wide upload cap and `maxNoteTextLength` the note limit.
 */
import { escapeHtml, html, json, type Reply } from './http.js';
import { defineEndpoint, me, type Endpoint } from './endpoint.js';
import { genToken } from './auth.js';
import { meDetailed, policies } from './entities.js';
import { TINY_PNG } from './files.js';
import type { Ctx } from './state.js';

const REPOSITORY_URL: Record<string, string> = {
  misskey: 'https://github.com/misskey-dev/misskey',
  sharkey: 'https://activitypub.software/TransFem-org/Sharkey/',
  firefish: 'https://firefish.dev/firefish/firefish',
  iceshrimp: 'https://iceshrimp.dev/iceshrimp/iceshrimp',
};

function metaLite(ctx: Ctx): Record<string, unknown> {
  return {
    maintainerName: null,
    maintainerEmail: null,
    version: ctx.cfg.version,
    providesTarball: false,
    name: ctx.cfg.name,
    shortName: null,
    uri: ctx.url,
    description: 'A local Misskey-compatible server for tests.',
    langs: [],
    tosUrl: null,
    repositoryUrl: REPOSITORY_URL[ctx.cfg.software],
    feedbackUrl: `${REPOSITORY_URL[ctx.cfg.software]}/issues/new`,
    impressumUrl: null,
    privacyPolicyUrl: null,
    inquiryUrl: null,
    disableRegistration: true,
    emailRequiredForSignup: false,
    enableHcaptcha: false,
    hcaptchaSiteKey: null,
    enableMcaptcha: false,
    mcaptchaSiteKey: null,
    mcaptchaInstanceUrl: null,
    enableRecaptcha: false,
    recaptchaSiteKey: null,
    enableTurnstile: false,
    turnstileSiteKey: null,
    enableTestcaptcha: false,
    googleAnalyticsMeasurementId: null,
    swPublickey: null,
    themeColor: null,
    mascotImageUrl: '/assets/ai.png',
    bannerUrl: null,
    infoImageUrl: null,
    serverErrorImageUrl: null,
    notFoundImageUrl: null,
    iconUrl: null,
    backgroundImageUrl: null,
    logoImageUrl: null,
    maxNoteTextLength: ctx.cfg.maxNoteTextLength,
    defaultLightTheme: null,
    defaultDarkTheme: null,
    clientOptions: {},
    ads: [],
    notesPerOneAd: 0,
    enableEmail: false,
    enableServiceWorker: false,
    translatorAvailable: false,
    serverRules: [],
    policies: policies(ctx),
    sentryForFrontend: null,
    mediaProxy: `${ctx.url}/proxy`,
    enableUrlPreview: true,
    noteSearchableScope: 'local',
    maxFileSize: ctx.cfg.hardFileSizeLimit,
    federation: 'all',
    enableServerMachineStats: false,
  };
}

function metaDetailed(ctx: Ctx): Record<string, unknown> {
  return {
    ...metaLite(ctx),
    cacheRemoteFiles: false,
    cacheRemoteSensitiveFiles: true,
    requireSetup: ctx.store.accounts.size === 0,
    proxyAccountName: 'proxy',
    features: {
      localTimeline: true,
      globalTimeline: true,
      registration: false,
      emailRequiredForSignup: false,
      hcaptcha: false,
      recaptcha: false,
      turnstile: false,
      objectStorage: false,
      serviceWorker: false,
      miauth: true,
    },
  };
}

export function metaEndpoint(ctx: Ctx): Endpoint {
  return defineEndpoint('meta', {}, { type: 'object', properties: { detail: { type: 'boolean', default: true } }, required: [] }, (ps) =>
    ps.detail ? metaDetailed(ctx) : metaLite(ctx),
  );
}

export function iEndpoint(ctx: Ctx): Endpoint {
  return defineEndpoint('i', { requireCredential: true, kind: 'read:account' }, { type: 'object', properties: {}, required: [] }, (_ps, call) =>
    meDetailed(ctx, me(call), { includeSecrets: call.token === null }),
  );
}

export function genTokenEndpoint(ctx: Ctx): Endpoint {
  return defineEndpoint(
    'miauth/gen-token',
    { requireCredential: true, secure: true },
    {
      type: 'object',
      properties: {
        session: { type: 'string', nullable: true },
        name: { type: 'string', nullable: true },
        description: { type: 'string', nullable: true },
        iconUrl: { type: 'string', nullable: true },
        permission: { type: 'array', uniqueItems: true, items: { type: 'string' } },
      },
      required: ['session', 'permission'],
    },
    (ps, call) => {
      const token = genToken(ctx, me(call).id, {
        session: (ps.session as string | null) ?? null,
        name: (ps.name as string | null | undefined) ?? null,
        iconUrl: (ps.iconUrl as string | null | undefined) ?? null,
        permission: ps.permission as string[],
      });
      return { token: token.token };
    },
  );
}

// ---------------------------------------------------------------------------
// NodeInfo

const NODEINFO_HEADERS = {
  'cache-control': 'public, max-age=600',
  'access-control-allow-headers': 'Accept',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Vary',
};

export function nodeinfoLinks(ctx: Ctx): Reply {
  return json(
    200,
    {
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${ctx.url}/nodeinfo/2.1` },
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${ctx.url}/nodeinfo/2.0` },
      ],
    },
    { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=180' },
  );
}

export function nodeinfo(ctx: Ctx, version: '2.0' | '2.1'): Reply {
  const repositoryUrl = REPOSITORY_URL[ctx.cfg.software];
  const users = ctx.store.accounts.size;
  const document = {
    version,
    software: {
      name: ctx.cfg.software,
      version: ctx.cfg.version,
      ...(version === '2.1' ? { homepage: repositoryUrl, repository: repositoryUrl } : {}),
    },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: ['atom1.0', 'rss2.0'] },
    openRegistrations: false,
    usage: { users: { total: users, activeHalfyear: null, activeMonth: null }, localPosts: ctx.store.notes.length, localComments: 0 },
    metadata: {
      nodeName: ctx.cfg.name,
      nodeDescription: 'A local Misskey-compatible server for tests.',
      nodeAdmins: [{ name: null, email: null }],
      maintainer: { name: null, email: null },
      langs: [],
      tosUrl: null,
      privacyPolicyUrl: null,
      inquiryUrl: null,
      impressumUrl: null,
      repositoryUrl,
      feedbackUrl: `${repositoryUrl}/issues/new`,
      disableRegistration: true,
      disableLocalTimeline: false,
      disableGlobalTimeline: false,
      emailRequiredForSignup: false,
      enableHcaptcha: false,
      enableRecaptcha: false,
      enableMcaptcha: false,
      enableTurnstile: false,
      maxNoteTextLength: ctx.cfg.maxNoteTextLength,
      enableEmail: false,
      enableServiceWorker: false,
      proxyAccountName: 'proxy',
      themeColor: '#86b300',
    },
  };
  return {
    ...json(200, document, NODEINFO_HEADERS),
    contentType: `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"`,
  };
}

// ---------------------------------------------------------------------------
// Web pages: the client is a single-page app, so every GET gets its HTML shell (200).

export function basePage(ctx: Ctx, opts: { title?: string; description?: string } = {}): Reply {
  const title = opts.title ? `${opts.title} | ${ctx.cfg.name}` : ctx.cfg.name;
  const description = opts.description ? `<meta property="og:description" content="${escapeHtml(opts.description)}">` : '';
  return html(
    200,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="application-name" content="Misskey">` +
      `<title>${escapeHtml(title)}</title><meta property="og:site_name" content="${escapeHtml(ctx.cfg.name)}">${description}</head>` +
      `<body><noscript><p>JavaScriptを有効にしてください<br>Please turn on your JavaScript</p></noscript><div id="misskey_app"></div></body></html>`,
  );
}

export function notePage(ctx: Ctx, id: string): Reply {
  const note = ctx.store.findNote(id);
  if (!note || (note.visibility !== 'public' && note.visibility !== 'home')) return basePage(ctx);
  const author = ctx.store.accounts.get(note.userId)!;
  return basePage(ctx, { title: `${author.name ?? author.username} (@${author.username})`, description: note.cw ?? note.text ?? '' });
}

export function userPage(ctx: Ctx, username: string): Reply {
  const user = ctx.store.accountByUsername(username.replace(/@.*$/, ''));
  return basePage(ctx, user ? { title: `${user.name ?? user.username} (@${user.username})` } : {});
}

export function png(): Reply {
  return { status: 200, contentType: 'image/png', body: TINY_PNG, headers: { 'cache-control': 'public, max-age=86400' } };
}
