/**
 * What a person does on a Meta sign-in page the local servers serve (Allow), for unit tests, where
 * `browser.identity.launchWebAuthFlow` has no window: fetch the page, send its Allow form, and return
 * the URL it redirects to, as the browser would hand it to the extension.
 */
export async function approveOnAuthorizePage(url: string): Promise<string> {
  const page = await (await fetch(url)).text();
  const allow = /<form class="allow"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  if (!allow) throw new Error(`No Allow form on ${url}`);
  const fields = new URLSearchParams();
  for (const input of allow[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields.set(input[1]!, input[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'"));
  }
  const answer = await fetch(new URL(allow[1]!, url), { method: 'POST', body: fields, redirect: 'manual' });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`The Allow form on ${url} did not redirect (HTTP ${answer.status})`);
  return location;
}
