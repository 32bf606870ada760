/**
 * Where our counting and facets differ from the servers' own libraries on purpose, in one place.
 * Each entry says why, shows a text where the difference appears (a test checks that both sides
 * still do what it says), and recognises the difference in generated texts. A disagreement that no
 * entry explains fails the differential tests: it is a bug in our code, to be fixed there.
 */
import { REFERENCE_TLDS as TLD_LIST, referenceFacets, type Disagreement, type FacetView } from './facet-views';

interface Example {
  text: string;
  /** What each side finds, as `kind:covered text`. */
  ours: string[];
  reference: string[];
}

export interface FacetDifference {
  id: string;
  reason: string;
  example: Example;
  /** Whether this difference accounts for `facet`, found by one side only at `place`. */
  explains(facet: FacetView, side: 'ours' | 'reference', place: Disagreement): boolean;
}

/*
 * Our rules (a bare domain, the end of a link) are written again here rather than taken from
 * facets.ts: an excuse computed with our own code would excuse that code's bugs too.
 */
/** A bare domain as we read it (hyphens allowed) and as the reference reads it (none). */
const OUR_BARE_DOMAIN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/i;
const REFERENCE_BARE_DOMAIN = /^[a-z][a-z0-9]*(?:\.[a-z0-9]+)+/i;
/** The domain of one of our bare links (no scheme). */
const bareDomain = (link: FacetView) => OUR_BARE_DOMAIN.exec(link.covers)?.[0] ?? '';
const isBare = (link: FacetView) => link.kind === 'link' && !/^https?:\/\//i.test(link.covers);
const REFERENCE_TLDS = new Set(TLD_LIST);
/** Our rule for the end of a link: trailing . , ; : ! ? and unbalanced ) trimmed while there are any. */
function trimmedLink(link: string): string {
  const count = (char: string) => link.split(char).length - 1;
  for (;;) {
    if (/[.,;:!?]$/.test(link) || (link.endsWith(')') && count(')') > count('('))) link = link.slice(0, -1);
    else return link;
  }
}
/** The text between the last space before `facet` and the facet, without an opening parenthesis. */
const wordBefore = (place: Disagreement, facet: FacetView) => /\(?(\S*)$/.exec(place.text.slice(0, facet.start))![1]!;

/**
 * Bluesky: RichText.detectFacets in @atproto/api (packages/api/src/rich-text/detection.ts), which
 * the Bluesky app runs on every post it sends. Ours is utils/networks/bluesky/facets.ts.
 */
export const BLUESKY_FACET_DIFFERENCES: FacetDifference[] = [
  {
    id: 'trailing punctuation trimmed until none is left',
    reason:
      'The reference trims one of . , ; : ! ? and then one unbalanced ), so "https://example.com/a?!" keeps its "?" and "(see https://example.com/a.)." its ".": a link with punctuation left at its end leads to another page, or none. We trim as long as there is something to trim.',
    example: { text: 'see https://example.com/a?!', ours: ['link:https://example.com/a'], reference: ['link:https://example.com/a?'] },
    explains: (facet, side, place) => {
      if (facet.kind !== 'link') return false;
      const [ours, reference] = side === 'ours' ? [facet, place.reference.find((other) => other.byteStart === facet.byteStart)] : [place.ours.find((other) => other.byteStart === facet.byteStart), facet];
      // Ours must be exactly what trimming the reference's link as long as possible leaves.
      return ours?.kind === 'link' && reference?.kind === 'link' && ours.covers !== reference.covers && ours.covers === trimmedLink(reference.covers);
    },
  },
  {
    id: 'a scheme in capitals is a scheme',
    reason:
      'The reference matches "HTTPS://" case-insensitively, then drops it because it does not start with "http"; a link typed in capitals (or autocapitalised to "Https://") is still a link.',
    example: { text: 'Https://example.com', ours: ['link:Https://example.com'], reference: [] },
    // With the scheme in small letters, the reference finds the same link (trimmed its way).
    explains: (facet, side, place) => {
      const scheme = /^https?:\/\//i.exec(facet.covers)?.[0];
      if (side !== 'ours' || facet.kind !== 'link' || !scheme || facet.covers.startsWith('http')) return false;
      const text = place.text.slice(0, facet.start) + scheme.toLowerCase() + place.text.slice(facet.start + scheme.length);
      return referenceFacets(text).some(
        (other) => other.kind === 'link' && other.byteStart === facet.byteStart && trimmedLink(other.covers) === scheme.toLowerCase() + facet.covers.slice(scheme.length),
      );
    },
  },
  {
    id: 'a bare domain may have hyphens',
    reason:
      'The reference\'s bare-domain pattern has no "-", so "my-site.com" is not linked, while "www.my-site.example" is, because "www.my" (Malaysia) passes for its domain. Hyphens are common in domain names, and the domain is the whole name.',
    example: { text: 'my-site.com www.my-site.example', ours: ['link:my-site.com'], reference: ['link:www.my-site.example'] },
    explains: (facet, side, place) => {
      if (!isBare(facet)) return false;
      if (side === 'ours') {
        // Only the hyphen keeps the reference from linking it: the top-level domain is one it knows.
        const domain = bareDomain(facet);
        const dot = domain.lastIndexOf('.');
        return domain.slice(0, dot).includes('-') && REFERENCE_TLDS.has(domain.slice(dot + 1).toLowerCase());
      }
      // The reference's domain stops at the hyphen; whatever it links from there, we read the whole name.
      const domainEnd = REFERENCE_BARE_DOMAIN.exec(facet.covers)?.[0].length ?? 0;
      return facet.covers[domainEnd] === '-' || place.ours.some((ours) => ours.byteStart === facet.byteStart && bareDomain(ours).includes('-'));
    },
  },
  {
    id: 'a hyphenated bare domain is one word',
    reason:
      'Where we read a hyphenated domain ("my-site.zzz/(https://example.com"), the rest of the word belongs to it, whether or not it is then linked; the reference, not reading that domain, finds a link or tag further inside the word.',
    example: { text: 'my-site.zzz/(https://example.com', ours: [], reference: ['link:https://example.com'] },
    explains: (facet, side, place) => {
      if (side !== 'reference') return false;
      const word = wordBefore(place, facet);
      return OUR_BARE_DOMAIN.exec(word)?.[0].includes('-') === true && !REFERENCE_BARE_DOMAIN.test(word);
    },
  },
  {
    id: 'a bare domain ends where a domain ends',
    reason:
      'The reference links a bare domain with whatever follows it up to the next space, so "example.com\'s" links "https://example.com\'s" and "a.io_b" links a domain that does not exist. We link a bare domain only when a port, path, query, fragment, punctuation or a space follows it.',
    example: { text: "example.com's", ours: [], reference: ["link:example.com's"] },
    explains: (facet, side) => {
      if (side !== 'reference' || !isBare(facet)) return false;
      const domain = REFERENCE_BARE_DOMAIN.exec(facet.covers)?.[0] ?? '';
      return !/^(?:$|[/:?#]|[.,;:!?)]+(?:$|[/:?#]))/.test(facet.covers.slice(domain.length));
    },
  },
  {
    id: 'a handle must be a valid handle',
    reason:
      'The reference takes any run of letters, digits, dots and hyphens ending in a known top-level domain as a handle ("@a..example.com", "@-a.com"); no account can have such a handle, so resolving it only costs a request.',
    example: { text: '@alice..bsky.social', ours: [], reference: ['mention:@alice..bsky.social'] },
    explains: (facet, side) =>
      side === 'reference' && facet.kind === 'mention' && !/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(facet.value),
  },
  {
    id: 'top-level domains in any case',
    reason: 'The reference compares the top-level domain case-sensitively, so "EXAMPLE.COM" and "@Alice.Bsky.Social" are not found. Domain names are not case-sensitive.',
    example: { text: 'EXAMPLE.COM', ours: ['link:EXAMPLE.COM'], reference: [] },
    explains: (facet, side) => {
      if (side !== 'ours') return false;
      const domain = facet.kind === 'mention' ? facet.value : isBare(facet) ? bareDomain(facet) : '';
      const tld = domain.slice(domain.lastIndexOf('.') + 1);
      return tld !== tld.toLowerCase() && REFERENCE_TLDS.has(tld.toLowerCase());
    },
  },
  {
    id: 'facets never overlap',
    reason:
      'The reference finds mentions, links and tags separately and keeps all of them, so "#tag(https://example.com" gets a tag and a link over the same characters, which the app shows as one or the other. We keep the one that starts first.',
    example: { text: '#a(https://example.com', ours: ['tag:#a(https://example.com'], reference: ['tag:#a(https://example.com', 'link:https://example.com'] },
    // A facet of ours starts before it and runs into it.
    explains: (facet, side, place) => side === 'reference' && place.all.ours.some((ours) => ours.byteStart < facet.byteStart && facet.byteStart < ours.byteEnd),
  },
  {
    id: 'a scheme alone is not a link',
    reason: 'The reference links "http://" when punctuation follows it ("http://." becomes a link to "http://"), a link to nowhere.',
    example: { text: 'http://.', ours: [], reference: ['link:http://'] },
    explains: (facet, side) => side === 'reference' && facet.kind === 'link' && /^https?:\/\/$/i.test(facet.value),
  },
];

/** Our facets and the reference's at `place`, each with the difference that accounts for it, or none. */
export function explain(place: Disagreement): { facet: FacetView; side: 'ours' | 'reference'; difference?: string }[] {
  return (['ours', 'reference'] as const).flatMap((side) =>
    place[side].map((facet) => ({ facet, side, difference: BLUESKY_FACET_DIFFERENCES.find((difference) => difference.explains(facet, side, place))?.id })),
  );
}

// --- Where the reference is not the server ----------------------------------------------------

export interface ReferenceGap {
  id: string;
  reason: string;
  /** A text where the reference and the server part, with what we count and what the reference counts. */
  example: { text: string; ours: number; reference: number };
  /** Whether `text` holds something where the reference is known to part from the server. */
  applies(text: string): boolean;
}

/**
 * Mastodon: twitter-text's JavaScript edition stands in for the Ruby gem the server runs. Where the
 * two editions part, we follow the gem, and the generated tests leave those texts out of the
 * comparison of URLs and counts. (Where the reference could be made the gem's, it was: the
 * brackets at the end of a URL path take the gem's characters, tests/servers/mastodon/status-length.ts.)
 */
export const MASTODON_REFERENCE_GAPS: ReferenceGap[] = [
  {
    id: 'an xn-- label followed by non-ASCII labels',
    reason:
      'The JavaScript edition refuses a domain that starts with an xn-- label and has non-ASCII characters after it (lib/idna.js), so it counts such a URL as typed. The Ruby gem hands the domain to libidn, which encodes each label on its own and accepts it (Python\'s IDNA 2003 codec, the same algorithm, encodes "xn--80ak6aa92e.例え.jp" too), so the server counts 23.',
    example: { text: 'https://xn--80ak6aa92e.例え.jp/', ours: 23, reference: 29 },
    applies: (text) => /:\/\/xn--[^\s/:?#]*[^\0-\x7f]/i.test(text),
  },
  {
    id: 'a t.co link with a query',
    reason:
      'The JavaScript edition keeps the query of a https://t.co/ link (regexp/validTcoUrl.js); the Ruby gem stops it after the slug (REGEXEN[:valid_tco_url]), so the server counts the query as typed.',
    example: { text: 'https://t.co/abc?x=1', ours: 27, reference: 23 },
    applies: (text) => /https?:\/\/t\.co\/[a-z0-9]+\?/i.test(text),
  },
  {
    id: 'a URL of 4,089 to 4,096 characters',
    reason:
      'The JavaScript edition adds the scheme\'s length to a URL that already holds it (isValidUrl in extractUrlsWithIndices.js), so it refuses a URL 8 characters short of the 4,096 limit; the gem adds it only to a URL without a scheme.',
    example: { text: `https://example.com/${'a'.repeat(4070)}`, ours: 23, reference: 4090 },
    applies: (text) => /\S{4089,}/.test(text),
  },
];
