/**
 * The toolbar button's API: `action` in Manifest V3 (Chromium), `browserAction` in the Manifest V2
 * build Firefox gets. The polyfill does not alias one to the other.
 */
import { browser } from 'wxt/browser';

export function toolbarAction(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}
