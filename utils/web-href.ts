/**
 * Addresses that come from servers (a post's link, an avatar) go into `href` and `src` only when they
 * are web addresses: a `javascript:` link would run in the extension's page, with its privileges,
 * and a `data:` one could dress up as anything.
 */
export function webHref(address: string | undefined): string | undefined {
  if (!address) return undefined;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}
