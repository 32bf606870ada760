/*
 * Mastodon's StatusLengthValidator
 * (https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb):
 *
 *   countable_length([status.spoiler_text, countable_text(status.text)].join) > MAX_CHARS
 *
 * where countable_length counts grapheme clusters, countable_text is '' for a blank text, and
 * otherwise replaces every URL found by Extractor.extract_urls_with_indices(str,
 * extract_url_without_protocol: false) with 'x' * 23 and every mention found by
 * Extractor.extract_mentions_or_lists_with_indices with "@username" (the domain dropped), after
 * Extractor.remove_overlapping_entities. The model strips both fields before validating
 * (Status#prepare_contents, https://github.com/mastodon/mastodon/blob/main/app/models/status.rb).
 *
 * Only the server's rules matter: the web UI's own counter differs (it counts whitespace-only text
 * and uses a different URL pattern), and the server is what refuses the post.
 */
import type { Measure, TextLimits } from '../../model';
import { countGraphemes } from '../../text/graphemes';
import { findMentions, findUrls } from '../../text/links';
import { measured } from '../../text/measure';

/** Mastodon's own constant, for a server that reports nonsense. */
const DEFAULT_URL_LENGTH = 23;

/**
 * Graphemes of spoiler_text + text, every URL counts as `limits.urlLength`, a remote mention
 * @user@domain counts as @user. The content warning counts toward the same limit.
 */
export function measureMastodon(text: string, spoilerText: string, limits: TextLimits): Measure {
  const reserved = limits.urlLength ?? DEFAULT_URL_LENGTH;
  const perUrl = Number.isFinite(reserved) && reserved >= 0 ? Math.floor(reserved) : DEFAULT_URL_LENGTH;
  const combined = rubyStrip(spoilerText) + countableText(rubyStrip(text), 'x'.repeat(perUrl));
  // Counted as one string, like Ruby's join: a cluster can straddle the join (or a placeholder).
  return measured(countGraphemes(combined), limits.maxCharacters);
}

/** Ruby's String#strip: only NUL and ASCII whitespace, not U+00A0 or U+3000. */
function rubyStrip(text: string): string {
  const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0;
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** ActiveSupport's String#blank?: /\A[[:space:]]*\z/, i.e. Unicode White_Space only. */
const BLANK = /^\p{White_Space}*$/u;

interface Replacement {
  start: number;
  end: number;
  with: string;
}

function countableText(text: string, urlPlaceholder: string): string {
  if (BLANK.test(text)) return '';
  const entities: Replacement[] = [
    ...findUrls(text).map((url) => ({ ...url, with: urlPlaceholder })),
    ...findMentions(text).map((mention) => ({ ...mention, with: `@${mention.username}` })),
  ];
  if (entities.length === 0) return text;
  // remove_overlapping_entities: by start; an entity starting inside the previous kept one goes.
  entities.sort((a, b) => a.start - b.start);
  let result = '';
  let last = 0;
  for (const entity of entities) {
    if (entity.start < last) continue;
    result += text.slice(last, entity.start) + entity.with;
    last = entity.end;
  }
  return result + text.slice(last);
}
