import { useState } from 'preact/hooks';
import type { DeletedDraft } from '../utils/drafts';
import { deleteDraft, duplicateDraft, restoreDraft, searchDrafts } from '../utils/drafts';
import { t } from '../utils/i18n';
import { useLiveQuery } from './use-live-query';

const PAGE_SIZE = 50;

function preview(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Saved drafts: search, open, duplicate, delete with undo. */
export function DraftList({ onOpen }: { onOpen(draftId: string): void }) {
  const [query, setQuery] = useState('');
  const [deleted, setDeleted] = useState<DeletedDraft | null>(null);
  const drafts = useLiveQuery(() => searchDrafts(query, PAGE_SIZE), [query]);

  return (
    <section class="draft-list" aria-label={t('drafts')}>
      <input
        type="search"
        aria-label={t('searchDrafts')}
        placeholder={t('searchDrafts')}
        value={query}
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      {deleted ? (
        <p class="undo" role="status">
          {t('draftDeleted')}{' '}
          <button
            type="button"
            onClick={() => {
              void restoreDraft(deleted);
              setDeleted(null);
            }}
          >
            {t('undo')}
          </button>
        </p>
      ) : null}
      {drafts && drafts.length === 0 ? <p class="hint">{query ? t('noDraftsFound') : t('noDrafts')}</p> : null}
      <ul>
        {(drafts ?? []).map((draft) => (
          <li key={draft.id} class="draft-row">
            <span class="draft-preview">{preview(draft.spoilerText ? `${draft.spoilerText} — ${draft.text}` : draft.text)}</span>
            <time dateTime={new Date(draft.updatedAt).toISOString()}>{new Date(draft.updatedAt).toLocaleString()}</time>
            <span class="draft-actions">
              <button type="button" aria-label={t('openDraftNamed', preview(draft.text))} onClick={() => onOpen(draft.id)}>
                {t('open')}
              </button>
              <button type="button" aria-label={t('duplicateDraftNamed', preview(draft.text))} onClick={() => void duplicateDraft(draft.id)}>
                {t('duplicate')}
              </button>
              <button
                type="button"
                aria-label={t('deleteDraftNamed', preview(draft.text))}
                onClick={async () => setDeleted((await deleteDraft(draft.id)) ?? null)}
              >
                {t('delete')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
