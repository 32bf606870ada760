import { browser } from 'wxt/browser';
import { AccountsPanel } from '../../components/AccountsPanel';
import { BucketPanel } from '../../components/BucketPanel';
import { DraftList } from '../../components/DraftList';
import { HistoryList } from '../../components/HistoryList';
import { mountPage } from '../../components/page';
import '../../components/pages.css';
import { SettingsPanel } from '../../components/SettingsPanel';
import { ShortcutsPanel } from '../../components/ShortcutsPanel';
import { makeCurrent } from '../../utils/drafts';
import { t } from '../../utils/i18n';

const openInComposer = async (draftId: string) => {
  await makeCurrent(draftId);
  await browser.tabs.create({ url: browser.runtime.getURL('/compose.html') });
};

mountPage(
  'optionsTitle',
  <main class="options-layout">
    <h1>{t('extensionName')}</h1>
    <AccountsPanel />
    <section aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">{t('drafts')}</h2>
      <DraftList onOpen={openInComposer} />
    </section>
    <BucketPanel />
    <HistoryList onEdit={openInComposer} />
    <SettingsPanel />
    <ShortcutsPanel />
  </main>,
);
