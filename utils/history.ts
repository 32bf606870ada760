/** What was published and where it went, as the history and the composer's last post show it. */
import { db } from './db';
import type { Delivery, DeliveryState, Post } from './model';

/** The newest posts first. */
export function recentPosts(limit: number): Promise<Post[]> {
  return db.posts.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** States in which the person can ask for another try (a re-link is asked for in the options page). */
export function canRetryByHand(state: DeliveryState): boolean {
  return state === 'failed' || state === 'retrying';
}

/** States in which nothing more will happen to a delivery unless the person asks. */
export const ENDED: ReadonlySet<DeliveryState> = new Set(['done', 'failed']);

/** Whether a post whose deliveries are in these states can be deleted from the history now. */
export function canDeleteFromHistory(states: readonly DeliveryState[]): boolean {
  return states.every((state) => ENDED.has(state));
}

/** One post, for a history entry opened from a notification (it may be older than the recent ones). */
export function postById(postId: string): Promise<Post | undefined> {
  return db.posts.get(postId);
}

/** One post's deliveries, one per destination, in the order they were queued. */
export function deliveriesOf(postId: string): Promise<Delivery[]> {
  return db.deliveries.where('postId').equals(postId).sortBy('createdAt');
}
