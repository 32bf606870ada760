import { useEffect, useRef, useState } from 'preact/hooks';
import { canDeleteFromHistory, deliveriesOf, postById, recentPosts } from '../utils/history';
import { messageOf, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import type { Post } from '../utils/model';
import { DeliveryList } from './DeliveryList';
import { useLiveQuery } from './use-live-query';

const HISTORY_SIZE = 20;

/** The post a link points at (options.html#post-<id>, from a notification), if any. */
function pointedPostId(): string | undefined {
  return /^#post-(.+)$/.exec(location.hash)?.[1];
}

function HistoryEntry({ post, pointed, onEdit }: { post: Post; pointed: boolean; onEdit?(draftId: string): void }) {
  const deliveries = useLiveQuery(() => deliveriesOf(post.id), [post.id]);
  const [error, setError] = useState('');
  const entry = useRef<HTMLLIElement>(null);
  // Brought into view when a notification's click points at it, also when the page was already open.
  useEffect(() => {
    if (pointed) entry.current?.scrollIntoView({ block: 'center' });
  }, [pointed]);
  const deletable = deliveries !== undefined && canDeleteFromHistory(deliveries.map((delivery) => delivery.state));
  return (
    <li id={`post-${post.id}`} class={pointed ? 'history-post pointed' : 'history-post'} ref={entry} aria-current={pointed ? 'true' : undefined}>
      <p class="post-preview">{post.spoilerText ? `${post.spoilerText} — ${post.text}` : post.text}</p>
      <time dateTime={new Date(post.createdAt).toISOString()}>{new Date(post.createdAt).toLocaleString()}</time>
      <DeliveryList postId={post.id} post={post} onEdit={onEdit} />
      <button
        type="button"
        class="secondary"
        disabled={!deletable}
        title={deletable ? t('deleteFromHistoryHint') : t('errorPostStillGoing')}
        onClick={() => {
          setError('');
          sendMessage('history.delete', { postId: post.id }).catch((deleteError: unknown) => setError(messageOf(deleteError)));
        }}
      >
        {t('deleteFromHistory')}
      </button>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** Recent posts and where each went; the one a notification points at first, however old. */
export function HistoryList({ onEdit }: { onEdit?(draftId: string): void }) {
  const [pointed, setPointed] = useState(pointedPostId);
  useEffect(() => {
    const follow = () => setPointed(pointedPostId());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const posts = useLiveQuery(async () => {
    const recent = await recentPosts(HISTORY_SIZE);
    const older = pointed && !recent.some((post) => post.id === pointed) ? await postById(pointed) : undefined;
    return older ? [older, ...recent] : recent;
  }, [pointed]);
  return (
    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history')}</h2>
      {posts && pointed && !posts.some((post) => post.id === pointed) ? <p class="hint">{t('historyPostGone')}</p> : null}
      {posts && posts.length === 0 ? <p class="hint">{t('noHistory')}</p> : null}
      <ul>
        {(posts ?? []).map((post) => (
          <HistoryEntry key={post.id} post={post} pointed={post.id === pointed} onEdit={onEdit} />
        ))}
      </ul>
    </section>
  );
}
