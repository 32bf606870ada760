// First: the data layer loads (and opens the database) before the rest of the script is evaluated,
// so IndexedDB answers meanwhile.
import { readComposerStart } from '../utils/composer-start';
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { Composer } from '../components/Composer';
import { mountPage } from '../components/page';

/**
 * The popup's script, built as one classic file (an unlisted script) for public/popup.html rather
 * than as ES module chunks shared with the other pages: each file costs a round trip to the browser
 * process before anything runs, and the popup has to open fast (see README, Speed).
 */
export default defineUnlistedScript(() => {
  const expand = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/compose.html') });
    window.close();
  };
  // The read starts as the script runs; the composer appears with the draft in it.
  mountPage('composeTitle', readComposerStart().then((start) => <Composer start={start} onExpand={expand} />));
});
