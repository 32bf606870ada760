import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { ValidationError } from '../networks/errors';

/** The redirect URL the browser intercepts (https://<id>.chromiumapp.org/ in Chromium). */
export function redirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/**
 * Whether an answer to an OAuth sign-in is the answer to the sign-in `asked` started: it carries the
 * `state` sent (RFC 6749 §10.12, against a forged answer). A refusal without a code may come back
 * without it (Meta's "access_denied" does): nothing can be linked from it, so it is let through.
 */
function answersSignIn(asked: URL, answer: URL): boolean {
  const state = asked.searchParams.get('state');
  if (state === null) return true;
  const refusal = answer.searchParams.has('error') && !answer.searchParams.has('code');
  return refusal || answer.searchParams.get('state') === state;
}

/**
 * Open the server's sign-in page in a browser window and return the URL it redirected to.
 * Runs in the background: a popup closes as soon as the window takes focus. When `url` carries an
 * OAuth `state`, an answer without the same one is refused here.
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
  const answer = new URL(finalUrl);
  if (!answersSignIn(new URL(url), answer)) throw new ValidationError(t('errorSignInUnsafe', host));
  return answer;
}
