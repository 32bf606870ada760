import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../utils/background-main';

// A classic (non-module) worker bundled into one file: it shares no chunk with the pages, so a cold
// start parses only background code.
export default defineBackground(() => {
  registerBackground();
});
