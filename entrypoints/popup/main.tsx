import { browser } from 'wxt/browser';
import { Composer } from '../../components/Composer';
import { mountPage } from '../../components/page';

mountPage(
  'composeTitle',
  <Composer
    onExpand={() => {
      void browser.tabs.create({ url: browser.runtime.getURL('/compose.html') });
      window.close();
    }}
  />,
);
