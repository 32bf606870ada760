/**
 * Linking and publishing to Bluesky and any AT Protocol PDS. Worker only. A post is published in
 * named steps, each checkpointed: upload the images, then for each part (a thread has several) build
 * its record and create it under the record key chosen when the post was queued.
 * Lexicons: https://github.com/bluesky-social/atproto/tree/main/lexicons
 */
import { prepareImage } from '../../media/prepare-image';
import type { LinkPreview, PartCheckpoint } from '../../model';
import { TransientError, ValidationError } from '../errors';
import { readCardImage, readLinkCard } from '../link-card';
import { publicCopy } from '../public-copy';
import type { NetworkAdapter, PublishContext, PublishResult } from '../types';
import { blueskyNetwork } from './description';
import { buildFacets, type Facet } from './facets';
import { linkedAccount, linkWithAppPassword, readProfile } from './link';
import { newTid } from './tid';
import { freshCredential, SessionClient, xrpcUrl } from './xrpc';
import { deleteBlueskySession } from './revoke';

const POST_COLLECTION = 'app.bsky.feed.post';

interface StrongRef {
  uri: string;
  cid: string;
}

/** Where a part goes in its thread: the first part's reference and the one it answers. */
interface ReplyRefs {
  root: StrongRef;
  parent: StrongRef;
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

/** Step 1: every image not uploaded by an earlier attempt; each blob reference is checkpointed. */
async function uploadImages(context: PublishContext, client: SessionClient): Promise<void> {
  const { content, checkpoint } = context;
  const total = content.media.length;
  for (const [index, item] of content.media.entries()) {
    if (checkpoint.media[item.id]) continue;
    await context.progress({ step: 'uploading', current: index + 1, total });
    const ref = await uploadBlob(client, item.blob, item.type);
    checkpoint.media[item.id] = { remoteId: item.id, ready: true, ref, width: item.width, height: item.height };
    await context.save(checkpoint);
  }
}

/**
 * The card for the first link of a post without images: from what the page said when it was shared,
 * else read from the page; undefined when the page cannot be read. Its image comes only from the
 * page's own origin (utils/networks/link-card.ts), shared or not.
 */
async function linkCardEmbed(client: SessionClient, facets: Facet[], preview: LinkPreview | undefined): Promise<unknown> {
  const link = facets.flatMap((facet) => facet.features).find((feature) => feature.$type === 'app.bsky.richtext.facet#link');
  if (!link || !('uri' in link)) return undefined;
  const shared = preview?.url === link.uri ? { uri: preview.url, title: preview.title, description: preview.description, imageUrl: preview.imageUrl } : undefined;
  const card = shared ?? (await readLinkCard(link.uri));
  if (!card) return undefined;
  const source = card.imageUrl ? await readCardImage(card.imageUrl, card.uri) : undefined;
  let thumb: unknown;
  if (source) {
    try {
      const image = await prepareImage(source, 'thumbnail', {
        maxBytes: blueskyNetwork.capabilities.imageSizeLimit,
        acceptedTypes: blueskyNetwork.capabilities.imageTypes,
        maxDimension: blueskyNetwork.capabilities.imageMaxDimension,
      });
      thumb = await uploadBlob(client, image.blob, image.type);
    } catch {
      // Not decodable, or the upload failed: a card without a thumbnail is still a card.
    }
  }
  return {
    $type: 'app.bsky.embed.external',
    external: { uri: card.uri, title: card.title, description: card.description, ...(thumb ? { thumb } : {}) },
  };
}

/** What the first part shows under its text: the uploaded images, else a card for its first link. */
async function firstPartEmbed(context: PublishContext, client: SessionClient, facets: Facet[]): Promise<unknown> {
  const { content, checkpoint } = context;
  const images = content.media.map((item) => ({ item, saved: checkpoint.media[item.id] })).filter(({ saved }) => saved?.ref);
  if (images.length === 0) return linkCardEmbed(client, facets, content.linkPreview);
  return {
    $type: 'app.bsky.embed.images',
    images: images.map(({ item, saved }) => ({
      image: saved!.ref,
      alt: item.alt,
      ...(saved!.width && saved!.height ? { aspectRatio: { width: saved!.width, height: saved!.height } } : {}),
    })),
  };
}

/** Step 2a: the app.bsky.feed.post record of one part, the same at every attempt. */
async function partRecord(context: PublishContext, client: SessionClient, part: PartCheckpoint, index: number, reply?: ReplyRefs) {
  const { content } = context;
  const resolveMention = async (handle: string) =>
    (await client.call<{ did?: string }>('com.atproto.identity.resolveHandle', { params: { handle } }).catch(() => ({ did: undefined }))).did;
  const facets = await buildFacets(part.text, resolveMention);
  const embed = index === 0 ? await firstPartEmbed(context, client, facets) : undefined;
  return {
    $type: POST_COLLECTION,
    text: part.text,
    // Fixed when queued (plus the part's index, to keep the order): every retry sends the same record.
    createdAt: new Date(content.createdAt + index).toISOString(),
    ...(content.language ? { langs: [content.language] } : {}),
    ...(facets.length > 0 ? { facets } : {}),
    ...(embed ? { embed } : {}),
    ...(reply ? { reply } : {}),
    ...(content.contentLabel ? { labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val: content.contentLabel }] } } : {}),
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

/**
 * Step 2b: one part on the PDS, exactly once. A create that may have reached the server (lost
 * answer, stopped worker) is looked up first: creating the same record key again is refused by the
 * PDS, not deduplicated.
 */
async function createPart(context: PublishContext, client: SessionClient, part: PartCheckpoint, index: number, reply?: ReplyRefs): Promise<StrongRef> {
  const did = context.account.remoteId;
  const earlier = part.sentAt ? await existingRecord(client, did, part.key) : undefined;
  if (earlier) return earlier;
  const record = await partRecord(context, client, part, index, reply);
  part.sentAt = Date.now();
  await context.save(context.checkpoint);
  try {
    // The answer also carries the commit: a reply names only uri and cid.
    const { uri, cid } = await client.call<StrongRef>('com.atproto.repo.createRecord', {
      method: 'POST',
      write: true,
      timeoutMs: context.writeTimeoutMs,
      body: { repo: did, collection: POST_COLLECTION, rkey: part.key, record },
    });
    return { uri, cid };
  } catch (error) {
    // The PDS answers a second create of the same key with an error: if the record is there, the
    // first attempt succeeded.
    const found = await existingRecord(client, did, part.key).catch(() => undefined);
    if (!found) throw error;
    return found;
  }
}

/** Step 2: the parts in order, each a reply to the one before; parts made earlier are skipped. */
async function createParts(context: PublishContext, client: SessionClient): Promise<void> {
  const { account, checkpoint } = context;
  const handle = account.handle.replace(/^@/, '');
  let reply: ReplyRefs | undefined;
  for (const [index, part] of checkpoint.parts.entries()) {
    let created: StrongRef;
    if (part.uri && part.cid) {
      created = { uri: part.uri, cid: part.cid };
    } else {
      await context.progress({ step: 'posting', current: index + 1, total: checkpoint.parts.length });
      created = await createPart(context, client, part, index, reply);
      Object.assign(part, { uri: created.uri, cid: created.cid, remoteId: part.key, url: `https://bsky.app/profile/${handle}/post/${part.key}` });
      await context.save(checkpoint);
    }
    reply = { root: reply?.root ?? created, parent: created };
  }
}

/**
 * Step 3: where the PDS serves each image to anyone, now that a record holds it (a blob no record
 * references is not served): Threads and Instagram can fetch it from there.
 */
async function recordPublicCopies(context: PublishContext): Promise<void> {
  const { account, content, checkpoint } = context;
  let changed = false;
  for (const item of content.media) {
    const saved = checkpoint.media[item.id];
    // The blob reference names what was uploaded: https://atproto.com/specs/data-model#blob-type
    const blob = saved?.ref as { ref?: { $link?: string }; mimeType?: string; size?: number } | undefined;
    const cid = blob?.ref?.$link;
    if (!saved || !cid || saved.publicCopy || !saved.width || !saved.height) continue;
    const uploaded = { type: blob.mimeType ?? item.type, width: saved.width, height: saved.height, size: blob.size ?? item.blob.size };
    saved.publicCopy = publicCopy(uploaded, xrpcUrl(account.server, 'com.atproto.sync.getBlob', { did: account.remoteId, cid }));
    changed = true;
  }
  if (changed) await context.save(checkpoint);
}

export const blueskyAdapter: NetworkAdapter = {
  id: 'bluesky',
  // Unlinking: see ./revoke.ts.
  revoke: deleteBlueskySession,

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
    return linkedAccount(account.server, { accessJwt: fresh.accessToken, refreshJwt: fresh.refreshToken ?? '', did: account.remoteId, handle }, profile);
  },

  async publish(context): Promise<PublishResult> {
    const client = new SessionClient(context.account, context.credential, context.saveCredential);
    await client.start();
    await uploadImages(context, client);
    await createParts(context, client);
    await recordPublicCopies(context);
    const first = context.checkpoint.parts[0];
    if (!first?.url) throw new TransientError('Delivery has no part to post');
    return { remoteId: first.key, url: first.url };
  },
};
