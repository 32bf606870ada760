/**
 * Publishing to Instagram. Worker only. A post is one container (utils/networks/meta-publish.ts):
 * one image, or a carousel of 2–10; Meta fetches each image from a public URL the outbox finds.
 * https://developers.facebook.com/docs/instagram-platform/content-publishing
 */
import { TransientError } from '../errors';
import { carouselItems, GraphSession, publishOnce, quotaLeft, type ContainerApi } from '../meta-publish';
import type { NetworkAdapter, PublishResult } from '../types';
import { INSTAGRAM_API, linkInstagram, refreshInstagram, renewInstagramToken } from './link';

const API: ContainerApi = {
  network: 'Instagram',
  version: INSTAGRAM_API,
  containerEdge: 'media',
  publishEdge: 'media_publish',
  statusField: 'status_code',
  textField: 'caption',
};

export const instagramAdapter: NetworkAdapter = {
  id: 'instagram',

  // Instagram has no idempotency key: the container id stored before publishing keeps a retry from posting twice.
  newPartKey: () => crypto.randomUUID(),

  link: (methodId, input) => linkInstagram(methodId, input),

  refresh: (account, credential) => refreshInstagram(account.server, credential),

  renewToken: (account, credential) => renewInstagramToken(account.server, account.handle, credential),

  async publish(context): Promise<PublishResult> {
    const session = new GraphSession(context, API);
    // Instagram takes no threads: the composer keeps a post to one part.
    const part = context.checkpoint.parts[0];
    const { media } = context.content;
    if (!part) throw new TransientError('Delivery has no part to post');
    if (!part.containerId && !part.remoteId) {
      await session.requireQuota(`/${session.user}/content_publishing_limit`, 'quota_usage,config', (limit) => quotaLeft(limit, 'quota_usage', 'config') >= 1);
    }
    if (!part.remoteId || !part.url) {
      await context.progress({ step: 'posting', current: 1, total: 1 });
      await publishOnce(session, part, part.text, async () => {
        if (media.length === 1) {
          const item = media[0]!;
          const imageUrl = await context.publicImageUrl(item);
          return { id: await session.container({ image_url: imageUrl, caption: part.text, alt_text: item.alt || undefined }), imageUrl };
        }
        const children = await carouselItems(session, media, (item, url) => ({ image_url: url, is_carousel_item: true, alt_text: item.alt || undefined }));
        return { id: await session.container({ media_type: 'CAROUSEL', children: children.join(','), caption: part.text }) };
      });
    }
    return { remoteId: part.remoteId!, url: part.url ?? '' };
  },
};
