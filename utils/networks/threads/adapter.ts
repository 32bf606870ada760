/**
 * Publishing to Threads. Worker only. Each part of a post is a container (utils/networks/meta-publish.ts);
 * the parts after the first reply to the one before; images are fetched by Meta from a public URL
 * the outbox finds. https://developers.facebook.com/docs/threads/posts
 */
import type { PartCheckpoint } from '../../model';
import { TransientError } from '../errors';
import { carouselItems, GraphSession, publishOnce, quotaLeft, type ContainerApi } from '../meta-publish';
import type { NetworkAdapter, PublishResult } from '../types';
import { threadsText } from './description';
import { linkThreads, refreshThreads, renewThreadsToken, THREADS_API } from './link';

const API: ContainerApi = {
  network: 'Threads',
  version: THREADS_API,
  containerEdge: 'threads',
  publishEdge: 'threads_publish',
  statusField: 'status',
  textField: 'text',
  // Reading replies needs threads_read_replies: only for finding a reply again after a lost answer.
  replyEdge: 'replies',
};

/** The container of one part: text, one image or a carousel, the warning as a spoiler over the text and images. */
async function partContainer(session: GraphSession, part: PartCheckpoint, index: number, replyTo: string | undefined) {
  const { content } = session.context;
  const { text, spoiler } = threadsText(content.spoilerText, part.text);
  const media = index === 0 ? content.media : [];
  const spoilerMedia = spoiler !== undefined && media.length > 0 ? true : undefined;
  const common = {
    text,
    reply_to_id: replyTo,
    // https://developers.facebook.com/docs/threads/create-posts/spoilers
    text_entities: spoiler ? JSON.stringify([{ entity_type: 'SPOILER', offset: spoiler.offset, length: spoiler.length }]) : undefined,
  };
  if (media.length === 0) return { id: await session.container({ ...common, media_type: 'TEXT' }) };
  if (media.length === 1) {
    const item = media[0]!;
    const imageUrl = await session.context.publicImageUrl(item);
    const id = await session.container({ ...common, media_type: 'IMAGE', image_url: imageUrl, alt_text: item.alt || undefined, is_spoiler_media: spoilerMedia });
    return { id, imageUrl };
  }
  const children = await carouselItems(session, media, (item, url) => ({
    media_type: 'IMAGE',
    image_url: url,
    alt_text: item.alt || undefined,
    is_carousel_item: true,
    is_spoiler_media: spoilerMedia,
  }));
  return { id: await session.container({ ...common, media_type: 'CAROUSEL', children: children.join(','), is_spoiler_media: spoilerMedia }) };
}

export const threadsAdapter: NetworkAdapter = {
  id: 'threads',

  // Threads has no idempotency key: the container id stored before publishing keeps a retry from posting twice.
  newPartKey: () => crypto.randomUUID(),

  link: (methodId, input) => linkThreads(methodId, input),

  refresh: (account, credential) => refreshThreads(account.server, credential),

  renewToken: (account, credential) => renewThreadsToken(account.server, account.handle, credential),

  async publish(context): Promise<PublishResult> {
    const session = new GraphSession(context, API);
    const { parts } = context.checkpoint;
    // Before the post starts, the whole thread must fit (one post, the rest replies), else it waits.
    if (!parts.some((part) => part.containerId || part.remoteId)) {
      await session.requireQuota(
        `/${session.user}/threads_publishing_limit`,
        'quota_usage,config,reply_quota_usage,reply_config',
        (limit) => quotaLeft(limit, 'quota_usage', 'config') >= 1 && quotaLeft(limit, 'reply_quota_usage', 'reply_config') >= parts.length - 1,
      );
    }
    let replyTo: string | undefined;
    for (const [index, part] of parts.entries()) {
      if (!part.remoteId || !part.url) {
        await context.progress({ step: 'posting', current: index + 1, total: parts.length });
        const { text } = threadsText(context.content.spoilerText, part.text);
        const answering = replyTo;
        await publishOnce(session, part, text, () => partContainer(session, part, index, answering), answering);
      }
      replyTo = part.remoteId;
    }
    const first = parts[0];
    if (!first?.remoteId) throw new TransientError('Delivery has no part to post');
    return { remoteId: first.remoteId, url: first.url ?? '' };
  },
};
