import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { ValidationError } from '../networks/errors';

/** The redirect URL the browser intercepts (https://<id>.chromiumapp.org/ in Chromium). */
export function redirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/**
 * Open the server's sign-in page in a browser window and return the URL it redirected to.
 * Runs in the background: a popup closes as soon as the window takes focus.
 */
export async function runWebAuthFlow(url: string, host: string): Promise<URL> {
  let finalUrl: string | undefined;
  try {
    finalUrl = await browser.identity.launchWebAuthFlow({ url, interactive: true });
  } catch (cause) {
    // Chromium rejects with "The user did not approve access." when the window is closed.
    throw new ValidationError(t('errorSignInCancelled', host), { cause, detail: String(cause) });
  }
  if (!finalUrl) throw new ValidationError(t('errorSignInCancelled', host));
  return new URL(finalUrl);
}
