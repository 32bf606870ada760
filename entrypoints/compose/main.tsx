import { useState } from 'preact/hooks';
import { Composer } from '../../components/Composer';
import { DraftList } from '../../components/DraftList';
import { mountPage } from '../../components/page';
import { makeCurrent } from '../../utils/drafts';
import { t } from '../../utils/i18n';

function ComposePage() {
  const [tab, setTab] = useState<'compose' | 'drafts'>('compose');
  const [generation, setGeneration] = useState(0);
  return (
    <main class="compose-layout">
      <div role="tablist" aria-label={t('composeTitle')} class="tabs">
        <button role="tab" type="button" aria-selected={tab === 'compose'} onClick={() => setTab('compose')}>
          {t('tabCompose')}
        </button>
        <button role="tab" type="button" aria-selected={tab === 'drafts'} onClick={() => setTab('drafts')}>
          {t('drafts')}
        </button>
      </div>
      {tab === 'compose' ? (
        <Composer key={generation} />
      ) : (
        <DraftList
          onOpen={async (draftId) => {
            await makeCurrent(draftId);
            setGeneration(generation + 1);
            setTab('compose');
          }}
        />
      )}
    </main>
  );
}

mountPage('composeTitle', <ComposePage />);
