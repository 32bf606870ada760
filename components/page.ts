import { render, type ComponentChild } from 'preact';
import { t } from '../utils/i18n';
import './styles.css';

/** Mount a page's root component and give the document its translated title and language. */
export function mountPage(titleKey: Parameters<typeof t>[0], root: ComponentChild): void {
  document.title = t(titleKey);
  document.documentElement.lang = navigator.language || 'en';
  const container = document.getElementById('app');
  if (!container) throw new Error('index.html needs <div id="app">');
  render(root, container);
}
