/**
 * Shared links without the parameters that only track who clicked (campaign tags, click ids).
 * Pure. The list is of names whose only use is tracking; a parameter a site might need (`ref`, `si`,
 * `source`) stays, since a broken link is worse than a tracked one.
 */

/** Exact names, compared lower-cased. */
const TRACKING = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_eid',
  'mc_cid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_enc_id',
  'oly_anon_id',
  'vero_id',
  'vero_conv',
  'wickedid',
  '_openstat',
  'srsltid',
]);

/** Whole families: utm_source, utm_medium…, and Piwik/Matomo's pk_ and mtm_ campaign tags. */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * `url` without tracking parameters; anything else (order, encoding, fragment) as it was. A URL that
 * does not parse, or is not http(s), is returned unchanged.
 */
export function withoutTracking(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!/^https?:$/.test(parsed.protocol) || !parsed.search) return url;
  // Rebuilt by hand from the raw query rather than through URLSearchParams, which would re-encode
  // every kept parameter ("a%20b" becomes "a+b") and change links that did not need changing.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => {
      if (!pair) return false;
      const raw = pair.split('=')[0]!;
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judged as written.
      }
      return !isTrackingParameter(name);
    });
  const search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return `${parsed.origin}${parsed.pathname}${search}${parsed.hash}`;
}
