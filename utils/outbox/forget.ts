/**
 * "Delete from history": a post, its deliveries and its images leave this browser. The posts on the
 * networks stay (the history says so). Worker only, as the outbox owns posts and deliveries.
 */
import { db } from '../db';
import { canDeleteFromHistory } from '../history';
import { t } from '../i18n';
import { OutboxError } from './outbox-error';
import { isRunning } from './run';

export async function forgetPost(postId: string): Promise<void> {
  await db.transaction('rw', [db.posts, db.deliveries, db.media], async () => {
    const deliveries = await db.deliveries.where('postId').equals(postId).toArray();
    // One still on its way (or waiting for a re-link) would lose its post under it. A delivery whose
    // account was unlinked is "failed" at once, while its last request may still be running: it
    // waits for that run to end (and tidy what it uploaded).
    const states = deliveries.map((delivery) => delivery.state);
    if (!canDeleteFromHistory(states) || deliveries.some((delivery) => isRunning(delivery.id))) throw new OutboxError(t('errorPostStillGoing'));
    await db.deliveries.bulkDelete(deliveries.map((delivery) => delivery.id));
    await db.media.where('postId').equals(postId).delete();
    await db.posts.delete(postId);
  });
}
