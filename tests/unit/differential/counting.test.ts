// @vitest-environment node
/**
 * Differential tests: our counting against the servers' own libraries on generated texts.
 *
 * - Mastodon: twitter-text 3.1.0 with Mastodon's patterns (tests/servers/mastodon/status-length.ts,
 *   which the local Mastodon server counts with too).
 * - Bluesky: RichText from @atproto/api, for grapheme and byte counts and for facets.
 * - Misskey: Ajv, which validates notes/create's `text` against `maxLength`.
 * - Threads: the rule itself, in three lines (Meta publishes no library).
 *
 * Runs are seeded: a failure prints its seed and the shrunk text; FAST_CHECK_SEED=<seed> replays
 * it, and FAST_CHECK_RUNS=<n> runs more cases than the default.
 */
import { Ajv } from 'ajv';
import { RichText } from '@atproto/api';
import { fc, test } from '@fast-check/vitest';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { TextLimits } from '../../../utils/model';
import { NETWORKS } from '../../../utils/networks/index';
import { measureMastodon } from '../../../utils/networks/mastodon/count';
import { IANA_TLDS, TWITTER_TEXT_COUNTRY_TLDS, TWITTER_TEXT_GENERIC_TLDS } from '../../../utils/text/tlds';
import { countGraphemes, utf8ByteLength } from '../../../utils/text/graphemes';
import { findMentions, findUrls } from '../../../utils/text/links';
import { measured, tighter } from '../../../utils/text/measure';
import { BLUESKY_FACET_DIFFERENCES, MASTODON_REFERENCE_GAPS, explain } from './deliberate-differences';
import { REFERENCE_TLDS, disagreements, ourFacets, referenceFacets } from './facet-views';
import { mastodonExtractUrls, mastodonMentions, statusLength, unpatchedExtractUrls } from '../../servers/mastodon/status-length';
import { plainLink, postText, warningText } from './texts';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.FAST_CHECK_RUNS) || 2500;
const seed = Number(process.env.FAST_CHECK_SEED) || Date.now() % 2 ** 31;
fc.configureGlobal({ seed, numRuns: RUNS });
// The default runs take a few seconds in all; more runs get more time.
vi.setConfig({ testTimeout: Math.max(20_000, RUNS) });

const limits = (maxCharacters: number, extra: Partial<TextLimits> = {}): TextLimits => ({ maxCharacters, urlLength: 23, ...extra });
const mastodonLimits = limits(500);
const ranges = (found: { start: number; end: number }[]) => found.map(({ start, end }) => `${start}-${end}`);

describe('Mastodon: twitter-text with Mastodon’s patterns', () => {
  it('Mastodon’s own patterns: a URL runs through emoji and CJK, where twitter-text alone stops', () => {
    for (const text of ['https://example.com/🦄', 'https://例え.jp/パス', 'https://example.com/?q=ü']) {
      expect(measureMastodon(text, '', mastodonLimits).used, text).toBe(23);
      expect(statusLength(text, ''), text).toBe(23);
      expect(statusLength(text, '', 23, unpatchedExtractUrls), text).toBeGreaterThan(23);
    }
  });

  test.prop([postText, warningText])('counts every generated post as the server does', (text, warning) => {
    // Where the reference is known not to be the server, its URLs and count are not the server's.
    const gap = MASTODON_REFERENCE_GAPS.some(({ applies }) => applies(text) || applies(warning));
    const referenceUrls = mastodonExtractUrls(text, { extractUrlsWithoutProtocol: false }).map(({ indices: [start, end] }) => ({ start, end }));
    if (!gap) expect(ranges(findUrls(text)), 'URLs').toEqual(ranges(referenceUrls));
    const referenceMentions = mastodonMentions(text).map(({ indices: [start, end] }) => ({ start, end }));
    expect(ranges(findMentions(text)), 'mentions').toEqual(ranges(referenceMentions));
    if (!gap) expect(measureMastodon(text, warning, mastodonLimits).used, 'count').toBe(statusLength(text, warning));
  });

  test.prop([fc.array(fc.oneof(plainLink, fc.constantFrom('word', ' ', '\n', '@alice', '@bob@example.com', '😀', '🇯🇵', 'é')), { maxLength: 40 })])(
    'counts posts dense with links and mentions as the server does',
    (pieces) => {
      const text = pieces.join(' ');
      expect(measureMastodon(text, '', mastodonLimits).used).toBe(statusLength(text, ''));
    },
  );

  it('has the top-level domains twitter-text has', () => {
    // Each pattern is (?:(?:tld|tld|…)(?=…)).
    const alternatives = (name: string) => new Set(/^\(\?:\(\?:([^)]*)\)/.exec(require(`twitter-text/dist/regexp/${name}`).source)![1]!.split('|'));
    expect(TWITTER_TEXT_GENERIC_TLDS).toEqual(alternatives('validGTLD'));
    expect(TWITTER_TEXT_COUNTRY_TLDS).toEqual(alternatives('validCCTLD'));
  });

  for (const gap of MASTODON_REFERENCE_GAPS) {
    it(`where the reference is not the server: ${gap.id}`, () => {
      expect(gap.applies(gap.example.text)).toBe(true);
      expect(measureMastodon(gap.example.text, '', mastodonLimits).used).toBe(gap.example.ours);
      expect(statusLength(gap.example.text, '')).toBe(gap.example.reference);
    });
  }
});

describe('Bluesky: RichText from @atproto/api', () => {
  const bluesky = NETWORKS.bluesky;

  test.prop([postText])('counts graphemes and UTF-8 bytes as RichText does', (text) => {
    const richText = new RichText({ text });
    expect(countGraphemes(text), 'graphemes').toBe(richText.graphemeLength);
    expect(utf8ByteLength(text), 'bytes').toBe(richText.length);
    const reference = tighter(measured(richText.graphemeLength, 300), measured(richText.length, 3000));
    expect(bluesky.measure(text, '', limits(300, { maxBytes: 3000 }))).toEqual(reference);
  });

  test.prop([postText])('finds the facets RichText finds, except where a difference below says why', (text) => {
    for (const place of disagreements(text)) {
      const unexplained = explain(place).filter(({ difference }) => difference === undefined);
      expect(unexplained.map(({ facet, side }) => `${side} only: ${facet.kind} ${JSON.stringify(facet.covers)}`)).toEqual([]);
    }
  });

  it('has the top-level domains the reference has', () => {
    expect(IANA_TLDS).toEqual(new Set(REFERENCE_TLDS.filter((tld) => /^[a-z0-9-]+$/.test(tld))));
  });

  for (const difference of BLUESKY_FACET_DIFFERENCES) {
    it(`differs on purpose: ${difference.id}`, () => {
      const { text, ours, reference } = difference.example;
      const view = (facets: ReturnType<typeof ourFacets>) => facets.map((facet) => `${facet.kind}:${facet.covers}`);
      expect(view(ourFacets(text))).toEqual(ours);
      expect(view(referenceFacets(text))).toEqual(reference);
      const places = disagreements(text);
      expect(places.length).toBeGreaterThan(0);
      for (const place of places) expect(explain(place).map((found) => found.difference)).toContain(difference.id);
    });
  }
});

describe('Misskey: Ajv’s maxLength', () => {
  const ajv = new Ajv();
  const validators = new Map<number, (text: string) => boolean>();
  const accepts = (text: string, maxLength: number) => {
    let validate = validators.get(maxLength);
    if (!validate) validators.set(maxLength, (validate = ajv.compile({ type: 'string', maxLength })));
    return validate(text);
  };

  test.prop([postText])('accepts a text exactly at our count and refuses it one below', (text) => {
    const used = NETWORKS.misskey.measure(text, '', limits(3000)).used;
    expect(accepts(text, used)).toBe(true);
    if (used > 0) expect(accepts(text, used - 1)).toBe(false);
  });
});

describe('Threads: 500, a character outside ASCII counting as its UTF-8 bytes', () => {
  const threadsReference = (text: string) => [...text].reduce((sum, char) => sum + (char.codePointAt(0)! < 0x80 ? 1 : Buffer.byteLength(char, 'utf8')), 0);

  test.prop([postText])('counts as the documented rule does', (text) => {
    expect(NETWORKS.threads.measure(text, '', limits(500)).used).toBe(threadsReference(text));
  });
});
