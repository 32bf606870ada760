import { t } from '../i18n';
import { cutShort } from '../text/well-formed';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class ServerAddressError extends Error {
  override readonly name = 'ServerAddressError';
}

/** How much of a wrong address an error repeats: enough to recognise it, not a pasted page of text. */
const ECHOED_CHARACTERS = 60;

/** What the person typed, cut short when long, for repeating it in an error. */
const echoed = (typed: string) => cutShort(typed, ECHOED_CHARACTERS);

/**
 * Turn what a person typed ("mastodon.social", "https://mastodon.social/@me", " Example.COM ")
 * into the server's origin. Plain http is accepted only for loopback servers (development, tests).
 */
export function normalizeServerAddress(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new ServerAddressError(t('errorServerEmpty'));
  if (/\s/.test(trimmed)) throw new ServerAddressError(t('errorServerInvalid', echoed(trimmed)));
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed.replace(/^@?[^@/]*@/, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServerAddressError(t('errorServerInvalid', echoed(trimmed)));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServerAddressError(t('errorServerInvalid', echoed(trimmed)));
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(host)) {
    throw new ServerAddressError(t('errorServerNeedsHttps', echoed(url.host)));
  }
  // A dotless name is almost always a typo ("mastodon" for "mastodon.social"); loopback is the exception.
  if (!host.includes('.') && !LOOPBACK_HOSTS.has(host)) throw new ServerAddressError(t('errorServerInvalid', echoed(trimmed)));
  return url.origin;
}

/** The host permission pattern for one server: access is asked per server, never wholesale. */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  // Match patterns carry no port; Chromium and Firefox grant every port of the host.
  return `${url.protocol}//${url.hostname}/*`;
}

/** The host permission pattern for the first web link of `text` (a link card is read from that site). */
export function firstLinkSite(text: string): string | undefined {
  const match = /https?:\/\/[^\s/?#]+/i.exec(text);
  if (!match) return undefined;
  try {
    return originPattern(new URL(match[0]).origin);
  } catch {
    return undefined;
  }
}
