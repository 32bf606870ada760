/**
 * Bluesky and any AT Protocol PDS. Accounts are linked with an app password; the session is kept
 * and refreshed (createSession is rate limited: never once per post). Lexicons:
 * https://github.com/bluesky-social/atproto/tree/main/lexicons
 */
import type { Account, Capabilities, Credential, DeliveryCheckpoint } from '../db';
import { t } from '../i18n';
import { prepareImage } from '../media/prepare-image';
import { buildFacets, type Facet } from '../text/facets';
import { AuthError, NetworkError, TransientError, ValidationError } from './errors';
import { requestBlob, requestJson, type RequestOptions } from './http';
import { atprotoServices } from './catalog';
import { readLinkCard } from './link-card';
import { browser } from 'wxt/browser';
import { originPattern } from './server-address';
import { newTid } from './tid';
import type { LinkResult, NetworkAdapter, PublishContext, PublishResult } from './types';

const POST_COLLECTION = 'app.bsky.feed.post';
/** Refresh the access token when it has less than this left (it lives about two hours). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** The self-labels a post may carry: https://docs.bsky.app/docs/advanced-guides/moderation#self-labels */
export const SELF_LABELS = ['sexual', 'nudity', 'porn', 'graphic-media'];

const CAPABILITIES: Capabilities = {
  maxImages: 4,
  altText: true,
  altTextLimit: 2000,
  // The lexicon allows 2,000,000 bytes, but many servers and clients still hold 1,000,000.
  imageSizeLimit: 1_000_000,
  imageTypes: ['image/jpeg', 'image/png', 'image/webp'],
  // What Bluesky's own app resizes to.
  imageMaxDimension: 2000,
  contentWarning: 'labels',
  contentLabels: SELF_LABELS,
  visibilities: ['public'],
  language: true,
  textOnlyAllowed: true,
  threads: true,
  linkCards: true,
};

interface Session {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
}

interface StrongRef {
  uri: string;
  cid: string;
}

interface DidDocument {
  id?: string;
  alsoKnownAs?: string[];
  service?: { id?: string; type?: string; serviceEndpoint?: string }[];
}

function xrpcUrl(service: string, nsid: string, params?: Record<string, string>): string {
  const url = new URL(`/xrpc/${nsid}`, service);
  if (params) url.search = new URLSearchParams(params).toString();
  return url.href;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** When a JWT expires, from its `exp` claim (ms since epoch); 0 when it cannot be read. */
export function jwtExpiry(jwt: string): number {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof json.exp === 'number' ? json.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

function cleanIdentifier(input: string): string {
  return input.trim().replace(/^@/, '').toLowerCase();
}

async function resolveHandle(service: string, handle: string): Promise<string | undefined> {
  try {
    const { data } = await requestJson<{ did?: string }>(xrpcUrl(service, 'com.atproto.identity.resolveHandle', { handle }), {
      timeoutMs: 10_000,
    });
    return data.did;
  } catch (error) {
    if (error instanceof ValidationError) return undefined; // "Unable to resolve handle"
    throw error;
  }
}

/** The account's PDS from its DID document (did:plc from the PLC directory, did:web from the host). */
async function resolvePds(did: string, plcDirectory: string): Promise<string> {
  const url = did.startsWith('did:web:')
    ? `https://${decodeURIComponent(did.slice('did:web:'.length))}/.well-known/did.json`
    : `${plcDirectory}/${encodeURIComponent(did)}`;
  const { data } = await requestJson<DidDocument>(url, { timeoutMs: 10_000 });
  const pds = data.service?.find((entry) => entry.id?.endsWith('#atproto_pds') && entry.type === 'AtprotoPersonalDataServer');
  if (!pds?.serviceEndpoint) throw new ValidationError(t('errorBlueskyNoPds', did));
  return new URL(pds.serviceEndpoint).origin;
}

function avatarUrl(pds: string, did: string, avatar: unknown): string {
  const link = (avatar as { ref?: { $link?: string } } | undefined)?.ref?.$link;
  return link ? xrpcUrl(pds, 'com.atproto.sync.getBlob', { did, cid: link }) : '';
}

async function readProfile(pds: string, did: string): Promise<{ displayName?: string; avatar?: unknown }> {
  try {
    const { data } = await requestJson<{ value?: { displayName?: string; avatar?: unknown } }>(
      xrpcUrl(pds, 'com.atproto.repo.getRecord', { repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' }),
      { timeoutMs: 10_000 },
    );
    return data.value ?? {};
  } catch {
    // No profile record yet: the handle stands in for the name.
    return {};
  }
}

function resultFrom(pds: string, session: Session, profile: { displayName?: string; avatar?: unknown }): LinkResult {
  const accountId = `bluesky:${session.did}`;
  return {
    profile: {
      id: accountId,
      network: 'bluesky',
      server: pds,
      remoteId: session.did,
      handle: `@${session.handle}`,
      displayName: profile.displayName || session.handle,
      avatarUrl: avatarUrl(pds, session.did, profile.avatar),
      software: 'bluesky',
      softwareVersion: '',
      capabilities: CAPABILITIES,
      countRule: { kind: 'bluesky', maxGraphemes: 300, maxBytes: 3000 },
    },
    credential: {
      accountId,
      accessToken: session.accessJwt,
      refreshToken: session.refreshJwt,
      expiresAt: jwtExpiry(session.accessJwt),
      scope: 'app-password',
    },
  };
}

async function linkWithAppPassword(input: Record<string, string>): Promise<LinkResult> {
  const { provider, plcDirectory } = atprotoServices(input);
  const host = new URL(provider).host;
  const identifier = cleanIdentifier(input.identifier ?? '');
  const password = (input.password ?? '').trim();
  if (!identifier) throw new ValidationError(t('errorBlueskyIdentifierEmpty'));
  if (!password) throw new ValidationError(t('errorBlueskyPasswordEmpty'));

  // Handle → DID → DID document → the account's own PDS. Never assume bsky.social.
  const did = identifier.startsWith('did:') ? identifier : await resolveHandle(provider, identifier);
  if (!did) throw new ValidationError(t('errorBlueskyUnknownHandle', identifier, host));
  const pds = await resolvePds(did, plcDirectory);
  if (pds !== provider && !(await browser.permissions.contains({ origins: [originPattern(pds)] }))) {
    throw new ValidationError(t('errorBlueskyPdsPermission', identifier, new URL(pds).host));
  }

  let session: Session;
  try {
    ({ data: session } = await requestJson<Session>(xrpcUrl(pds, 'com.atproto.server.createSession'), {
      method: 'POST',
      body: { identifier: did, password },
    }));
  } catch (error) {
    if (error instanceof AuthError) throw new AuthError(t('errorBlueskyWrongPassword', identifier), { cause: error });
    throw error;
  }
  if (session.did !== did) throw new ValidationError(t('errorBlueskyNoPds', did));
  return resultFrom(pds, session, await readProfile(pds, did));
}

/** A usable session: the stored one, or a refreshed one when it expires soon. */
async function freshCredential(
  account: Account,
  credential: Credential,
  saveCredential: (credential: Credential) => Promise<void>,
  force = false,
): Promise<Credential> {
  if (!force && credential.expiresAt && credential.expiresAt - Date.now() > REFRESH_MARGIN_MS) return credential;
  if (!credential.refreshToken) throw new AuthError(t('errorBlueskySessionExpired', account.handle));
  let session: Session;
  try {
    ({ data: session } = await requestJson<Session>(xrpcUrl(account.server, 'com.atproto.server.refreshSession'), {
      method: 'POST',
      headers: bearer(credential.refreshToken),
    }));
  } catch (error) {
    // ExpiredToken / InvalidToken / revoked: only a new sign-in helps. Anything else may pass.
    if (error instanceof AuthError || (error instanceof ValidationError && /token/i.test(error.code ?? ''))) {
      throw new AuthError(t('errorBlueskySessionExpired', account.handle), { cause: error });
    }
    throw error;
  }
  const next: Credential = {
    ...credential,
    accessToken: session.accessJwt,
    refreshToken: session.refreshJwt,
    expiresAt: jwtExpiry(session.accessJwt),
  };
  await saveCredential(next);
  return next;
}

/** Calls with the session, refreshing once if the server says the access token expired early. */
class SessionClient {
  constructor(
    private readonly account: Account,
    private credential: Credential,
    private readonly saveCredential: (credential: Credential) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.credential = await freshCredential(this.account, this.credential, this.saveCredential);
  }

  async call<T>(nsid: string, options: RequestOptions & { params?: Record<string, string> } = {}): Promise<T> {
    const send = () =>
      requestJson<T>(xrpcUrl(this.account.server, nsid, options.params), {
        ...options,
        headers: { ...options.headers, ...bearer(this.credential.accessToken) },
      });
    try {
      return (await send()).data;
    } catch (error) {
      if (error instanceof NetworkError && (error.code === 'ExpiredToken' || error.kind === 'auth')) {
        this.credential = await freshCredential(this.account, this.credential, this.saveCredential, true);
        return (await send()).data;
      }
      throw error;
    }
  }
}

async function uploadBlob(client: SessionClient, blob: Blob, type: string): Promise<unknown> {
  const { blob: ref } = await client.call<{ blob: unknown }>('com.atproto.repo.uploadBlob', {
    method: 'POST',
    headers: { 'Content-Type': type },
    body: blob,
    timeoutMs: 120_000,
  });
  return ref;
}

async function uploadImages(context: PublishContext, client: SessionClient, checkpoint: DeliveryCheckpoint) {
  const total = context.content.media.length;
  for (const [index, item] of context.content.media.entries()) {
    if (checkpoint.media[item.id]) continue;
    await context.progress({ step: 'uploading', current: index + 1, total });
    const ref = await uploadBlob(client, item.blob, item.type);
    checkpoint.media[item.id] = { remoteId: item.id, ready: true, ref, width: item.width, height: item.height };
    await context.save(checkpoint);
  }
}

/** The card for the first link of a post without images; undefined when the page cannot be read. */
async function linkCardEmbed(client: SessionClient, facets: Facet[]): Promise<unknown> {
  const link = facets.flatMap((facet) => facet.features).find((feature) => feature.$type === 'app.bsky.richtext.facet#link');
  if (!link || !('uri' in link)) return undefined;
  const card = await readLinkCard(link.uri);
  if (!card) return undefined;
  let thumb: unknown;
  if (card.imageUrl) {
    try {
      const image = await prepareImage(await requestBlob(card.imageUrl, { timeoutMs: 8_000, maxBytes: 20_000_000 }), 'thumbnail', {
        maxBytes: 1_000_000,
        acceptedTypes: CAPABILITIES.imageTypes,
        maxDimension: 2000,
      });
      thumb = await uploadBlob(client, image.blob, image.type);
    } catch {
      // A card without a thumbnail is still a card.
    }
  }
  return {
    $type: 'app.bsky.embed.external',
    external: { uri: card.uri, title: card.title, description: card.description, ...(thumb ? { thumb } : {}) },
  };
}

async function existingRecord(client: SessionClient, did: string, rkey: string): Promise<StrongRef | undefined> {
  try {
    const data = await client.call<{ uri: string; cid: string }>('com.atproto.repo.getRecord', {
      params: { repo: did, collection: POST_COLLECTION, rkey },
    });
    return { uri: data.uri, cid: data.cid };
  } catch (error) {
    if (error instanceof ValidationError && error.code === 'RecordNotFound') return undefined;
    throw error;
  }
}

export const blueskyAdapter: NetworkAdapter = {
  id: 'bluesky',

  // Record keys chosen before the first attempt: a retry can only meet the record it already made.
  newPartKey: () => newTid(),

  async link(methodId, input) {
    if (methodId !== 'app-password') throw new ValidationError(`Unknown link method ${methodId}`);
    return linkWithAppPassword(input);
  },

  async refresh(account, credential) {
    const fresh = await freshCredential(account, credential, async () => undefined);
    const profile = await readProfile(account.server, account.remoteId);
    const handle = account.handle.replace(/^@/, '');
    return resultFrom(account.server, { accessJwt: fresh.accessToken, refreshJwt: fresh.refreshToken ?? '', did: account.remoteId, handle }, profile);
  },

  async publish(context): Promise<PublishResult> {
    const { account, content, checkpoint } = context;
    const did = account.remoteId;
    const client = new SessionClient(account, context.credential, context.saveCredential);
    await client.start();
    await uploadImages(context, client, checkpoint);

    const total = checkpoint.parts.length;
    const handle = account.handle.replace(/^@/, '');
    const resolveMention = async (mention: string) =>
      (await client.call<{ did?: string }>('com.atproto.identity.resolveHandle', { params: { handle: mention } }).catch(() => ({ did: undefined }))).did;
    let root: StrongRef | undefined;
    let parent: StrongRef | undefined;
    for (const [index, part] of checkpoint.parts.entries()) {
      if (part.uri && part.cid) {
        root ??= { uri: part.uri, cid: part.cid };
        parent = { uri: part.uri, cid: part.cid };
        continue;
      }
      await context.progress({ step: 'posting', current: index + 1, total });
      // A create that may have reached the server (lost answer, stopped worker) is looked up first:
      // creating the same record key again is refused by the PDS, not deduplicated.
      let created = part.sentAt ? await existingRecord(client, did, part.key) : undefined;
      if (!created) {
        const facets = await buildFacets(part.text, resolveMention);
        let embed: unknown;
        if (index === 0) {
          const images = content.media
            .map((item) => ({ item, saved: checkpoint.media[item.id] }))
            .filter(({ saved }) => saved?.ref);
          embed =
            images.length > 0
              ? {
                  $type: 'app.bsky.embed.images',
                  images: images.map(({ item, saved }) => ({
                    image: saved!.ref,
                    alt: item.alt,
                    ...(saved!.width && saved!.height ? { aspectRatio: { width: saved!.width, height: saved!.height } } : {}),
                  })),
                }
              : await linkCardEmbed(client, facets);
        }
        const record = {
          $type: POST_COLLECTION,
          text: part.text,
          // Fixed when queued (plus the part's index, to keep the order): every retry sends the same record.
          createdAt: new Date(content.createdAt + index).toISOString(),
          ...(content.language ? { langs: [content.language] } : {}),
          ...(facets.length > 0 ? { facets } : {}),
          ...(embed ? { embed } : {}),
          ...(root && parent ? { reply: { root, parent } } : {}),
          ...(content.spoilerText && content.contentLabel
            ? { labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val: content.contentLabel }] } }
            : {}),
        };
        part.sentAt = Date.now();
        await context.save(checkpoint);
        try {
          created = await client.call<StrongRef>('com.atproto.repo.createRecord', {
            method: 'POST',
            body: { repo: did, collection: POST_COLLECTION, rkey: part.key, record },
          });
        } catch (error) {
          // The PDS answers a second create of the same key with an error: if the record is there,
          // the first attempt succeeded.
          const found = await existingRecord(client, did, part.key).catch(() => undefined);
          if (!found) throw error;
          created = found;
        }
      }
      part.uri = created.uri;
      part.cid = created.cid;
      part.remoteId = part.key;
      part.url = `https://bsky.app/profile/${handle}/post/${part.key}`;
      await context.save(checkpoint);
      root ??= { uri: created.uri, cid: created.cid };
      parent = { uri: created.uri, cid: created.cid };
    }
    const first = checkpoint.parts[0];
    if (!first?.url) throw new TransientError('Delivery has no part to post');
    return { remoteId: first.key, url: first.url };
  },
};
