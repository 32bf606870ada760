import { recentPosts } from '../utils/history';
import { t } from '../utils/i18n';
import { DeliveryList } from './DeliveryList';
import { useLiveQuery } from './use-live-query';

const HISTORY_SIZE = 20;

/** Recent posts and where each went. */
export function HistoryList({ onEdit }: { onEdit?(draftId: string): void }) {
  const posts = useLiveQuery(() => recentPosts(HISTORY_SIZE), []);
  return (
    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history')}</h2>
      {posts && posts.length === 0 ? <p class="hint">{t('noHistory')}</p> : null}
      <ul>
        {(posts ?? []).map((post) => (
          <li key={post.id} class="history-post">
            <p class="post-preview">{post.spoilerText ? `${post.spoilerText} — ${post.text}` : post.text}</p>
            <time dateTime={new Date(post.createdAt).toISOString()}>{new Date(post.createdAt).toLocaleString()}</time>
            <DeliveryList postId={post.id} onEdit={onEdit} />
          </li>
        ))}
      </ul>
    </section>
  );
}
