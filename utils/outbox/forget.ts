/**
 * "Delete from history": a post, its deliveries and its images leave this browser. The posts on the
 * networks stay (the history says so). Worker only, as the outbox owns posts and deliveries.
 */
import { db } from '../db';
import { canDeleteFromHistory } from '../history';
import { t } from '../i18n';
import { OutboxError } from './outbox-error';

export async function forgetPost(postId: string): Promise<void> {
  await db.transaction('rw', [db.posts, db.deliveries, db.media], async () => {
    const deliveries = await db.deliveries.where('postId').equals(postId).toArray();
    // One still on its way (or waiting for a re-link) would lose its post under it.
    if (!canDeleteFromHistory(deliveries.map((delivery) => delivery.state))) throw new OutboxError(t('errorPostStillGoing'));
    await db.deliveries.bulkDelete(deliveries.map((delivery) => delivery.id));
    await db.media.where('postId').equals(postId).delete();
    await db.posts.delete(postId);
  });
}
