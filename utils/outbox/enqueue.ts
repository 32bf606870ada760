/**
 * Publishing starts here: a draft becomes a post with one delivery per destination, written to
 * IndexedDB in one transaction before any network call. Background only.
 */
import { db, newId } from '../db';
import { t } from '../i18n';
import type { Delivery, Post } from '../model';
import { adapterFor } from '../networks/adapters';
import { partsFor } from '../networks/parts';
import { writeSetting } from '../settings';
import { OutboxError } from './outbox-error';
import { runDue } from './schedule';

/** Turn a draft into a post with one delivery per destination, atomically, then start them. */
export async function enqueue(draftId: string, accountIds: string[]): Promise<{ postId: string }> {
  if (accountIds.length === 0) throw new OutboxError(t('reasonNoDestination'));
  const postId = newId();
  await db.transaction('rw', [db.drafts, db.media, db.posts, db.deliveries, db.accounts, db.settings], async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) throw new OutboxError(t('errorDraftMissing'));
    const media = await db.media.where('draftId').equals(draftId).sortBy('position');
    if (!draft.text.trim() && media.length === 0) throw new OutboxError(t('errorNothingToPublish'));
    const accounts = await db.accounts.bulkGet(accountIds);

    const now = Date.now();
    const post: Post = {
      id: postId,
      createdAt: now,
      text: draft.text,
      spoilerText: draft.spoilerText,
      visibility: draft.visibility,
      language: draft.language,
      contentLabel: draft.contentLabel ?? '',
      thread: draft.thread ?? false,
      numbering: draft.numbering ?? false,
      imageFit: draft.imageFit,
      linkPreview: draft.linkPreview,
      mediaIds: media.map((item) => item.id),
    };
    await db.posts.add(post);
    // The images move from the draft to the post: no copy of the Blobs.
    await Promise.all(media.map((item) => db.media.update(item.id, { draftId: null, postId })));
    const deliveries = accounts.map((account): Delivery => {
      if (!account) throw new OutboxError(t('errorAccountMissing'));
      const waitsForRelink = account.status === 'needs-relink';
      const key = () => adapterFor(account.network).newPartKey();
      return {
        id: newId(),
        postId,
        accountId: account.id,
        state: waitsForRelink ? 'needs-relink' : 'queued',
        attempts: 0,
        nextAttemptAt: 0,
        // What each destination will post is decided now, with keys chosen before the first
        // attempt, so every retry sends the same parts with the same keys.
        checkpoint: { media: {}, parts: partsFor(post, account).parts.map((text) => ({ text, key: key() })) },
        progress: { step: 'waiting', current: 0, total: 0 },
        error: waitsForRelink ? { kind: 'auth', message: t('errorNeedsRelink', account.handle) } : undefined,
        createdAt: now,
        updatedAt: now,
      };
    });
    await db.deliveries.bulkAdd(deliveries);
    // The draft goes only now, inside the same transaction that gave the outbox its copy.
    await db.drafts.delete(draftId);
    await writeSetting('lastDestinations', accountIds);
  });
  void runDue();
  return { postId };
}
