/** The browser's question for access to a server, asked by a page inside the person's click. */
import { browser } from 'wxt/browser';
import { t } from './i18n';

/**
 * How long the question may go unanswered before linking gives up: long enough to read it, and it can
 * be left behind another window, where nothing would ever say why "Linking…" does not end.
 */
export const ACCESS_QUESTION_TIMEOUT_MS = 2 * 60_000;

/**
 * Ask for access to `origins`: true when given, false when declined. Unanswered within `timeoutMs`,
 * it rejects with a message saying so. The request is made at once, before anything is awaited:
 * browsers show the question only during the click that asked for it.
 */
export async function requestAccess(origins: string[], timeoutMs = ACCESS_QUESTION_TIMEOUT_MS): Promise<boolean> {
  const answer = browser.permissions.request({ origins });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(t('errorPermissionUnanswered'))), timeoutMs);
  });
  try {
    return await Promise.race([answer, unanswered]);
  } finally {
    clearTimeout(timer);
  }
}
