import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { Composer } from '../components/Composer';
import { mountPage } from '../components/page';
import { openComposer, type ComposerStart } from '../utils/composer-start';

/**
 * The popup's script, built as one classic file (an unlisted script) for public/popup.html rather
 * than as ES module chunks shared with the other pages: each file costs a round trip to the browser
 * process before anything runs, and the popup has to open about as fast as a blank page (issue 4).
 */
export default defineUnlistedScript(() => {
  const expand = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/compose.html') });
    window.close();
  };
  const composer = (start: ComposerStart, confirmed?: Promise<ComposerStart>) => (
    <Composer start={start} confirmed={confirmed} keepsFirstScreenCopy onExpand={expand} />
  );
  // Paint at once from the page copy when there is one; otherwise once IndexedDB answers.
  const { early, confirmed } = openComposer();
  mountPage('composeTitle', early ? composer(early, confirmed) : confirmed.then((start) => composer(start)));
});
