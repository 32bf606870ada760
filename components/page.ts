import { h, render, type ComponentChild } from 'preact';
import { messageOf, t } from '../utils/i18n';
import './styles.css';

/** Earlier versions kept a copy of the composer's first screen here (a draft's text, the accounts);
 *  nothing reads it any more, and the words in it should not outlive the draft. */
const OLD_FIRST_SCREEN_COPY = 'everywhere-post/first-screen/v1';

/** Below this, a page whose first screen is still being read shows nothing rather than a flash of "Loading…". */
const LOADING_NOTICE_DELAY_MS = 150;

/**
 * Mount a page's root component and give the document its translated title and language. A root
 * still being read (a promise) is rendered once, complete, when it arrives; if reading fails the page
 * says why instead of staying blank.
 */
export function mountPage(titleKey: Parameters<typeof t>[0], root: ComponentChild | Promise<ComponentChild>): void {
  localStorage.removeItem(OLD_FIRST_SCREEN_COPY);
  document.title = t(titleKey);
  document.documentElement.lang = navigator.language || 'en';
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html needs <div id="app">');
  if (!(root instanceof Promise)) {
    render(root, container);
    return;
  }
  const notice = setTimeout(() => render(h('p', { class: 'loading' }, t('loading')), container), LOADING_NOTICE_DELAY_MS);
  root.then(
    (ready) => render(ready, container),
    (error: unknown) => render(h('p', { class: 'error-text', role: 'alert' }, t('errorPageStart', messageOf(error))), container),
  ).finally(() => clearTimeout(notice));
}
