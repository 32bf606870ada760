import { useRef, useState } from 'preact/hooks';
import { Composer } from '../../components/Composer';
import { DraftList } from '../../components/DraftList';
import { mountPage } from '../../components/page';
import '../../components/pages.css';
import { readComposerStart, type ComposerStart } from '../../utils/composer-start';
import { makeCurrent } from '../../utils/drafts';
import { messageOf, t } from '../../utils/i18n';

function ComposePage({ firstStart }: { firstStart: ComposerStart }) {
  const [tab, setTab] = useState<'compose' | 'drafts'>('compose');
  const [start, setStart] = useState(firstStart);
  const [generation, setGeneration] = useState(0);
  // The composer is read again each time it is shown: the draft may have changed meanwhile (this
  // composer's own last edits, written as it unmounted, or a draft opened from the list).
  const reads = useRef(0);
  const [error, setError] = useState('');
  const showComposer = async () => {
    const read = ++reads.current;
    try {
      const next = await readComposerStart();
      if (read !== reads.current) return; // a later click asked again: its answer wins
      setError('');
      setStart(next);
      setGeneration((current) => current + 1);
      setTab('compose');
    } catch (readError) {
      setError(t('errorPageStart', messageOf(readError)));
    }
  };
  return (
    <main class="compose-layout">
      <div role="tablist" aria-label={t('composeTitle')} class="tabs">
        <button role="tab" type="button" aria-selected={tab === 'compose'} onClick={() => tab !== 'compose' && void showComposer()}>
          {t('tabCompose')}
        </button>
        <button role="tab" type="button" aria-selected={tab === 'drafts'} onClick={() => setTab('drafts')}>
          {t('drafts')}
        </button>
      </div>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {tab === 'compose' ? (
        <Composer key={generation} start={start} />
      ) : (
        <DraftList
          onOpen={async (draftId) => {
            await makeCurrent(draftId);
            await showComposer();
          }}
        />
      )}
    </main>
  );
}

mountPage('composeTitle', readComposerStart().then((start) => <ComposePage firstStart={start} />));
