/**
 * Status text as the local server renders it: plain text to HTML, after Mastodon's TextFormatter.
 * The entities linkified here approximate Mastodon's Extractor: URLs need an http(s) scheme
 * (extract_url_without_protocol: false) and must not follow a letter, digit, @, $ or #; trailing
 * punctuation is not part of a URL; mentions follow Account::MENTION_RE. The server's character
 * count is exact, and lives apart (status-length.ts).
 */
import { escapeHtml } from './http.js';

export type Entity =
  | { kind: 'url'; start: number; end: number; url: string }
  | { kind: 'mention'; start: number; end: number; username: string; domain: string | null }
  | { kind: 'hashtag'; start: number; end: number; name: string };

// twitter-text's valid_url_preceding_chars: a URL may not be glued to these.
const URL_RE = /(?<![A-Za-z0-9@＠$#＃\u202A-\u202E])https?:\/\/[\p{L}\p{N}\-._~:/?#[\]@!$&'()*+,;=%]+/giu;
// Account::MENTION_RE: (?<![=\/[:word:]])@((USERNAME_RE)(?:@[[:word:].-]+[[:word:]]+)?)
const MENTION_RE = /(?<![=/\p{L}\p{M}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\p{L}\p{M}\p{N}_.-]+[\p{L}\p{M}\p{N}_]))?/giu;
// Tag::HASHTAG_RE, simplified.
const HASHTAG_RE = /(?<![=/)\p{L}\p{M}\p{N}])#([\p{L}\p{M}\p{N}_·]*[\p{L}\p{M}_·][\p{L}\p{M}\p{N}_·]*)/gu;

/** Trailing punctuation is not part of a URL; a closing paren only when unbalanced. */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1);
    if (last && '.,:;!?\'"'.includes(last)) url = url.slice(0, -1);
    else if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else if (last === ']' && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

function hasHost(url: string): boolean {
  try {
    return new URL(url).hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * URL, mention and hashtag entities with their indices, overlaps removed
 * (Extractor.remove_overlapping_entities keeps the earliest one).
 */
export function extractEntities(text: string): Entity[] {
  const found: Entity[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    if (hasHost(url)) found.push({ kind: 'url', start: m.index, end: m.index + url.length, url });
  }
  for (const m of text.matchAll(MENTION_RE)) {
    found.push({ kind: 'mention', start: m.index, end: m.index + m[0].length, username: m[1]!, domain: m[2] ?? null });
  }
  for (const m of text.matchAll(HASHTAG_RE)) {
    found.push({ kind: 'hashtag', start: m.index, end: m.index + m[0].length, name: m[1]! });
  }
  found.sort((a, b) => a.start - b.start);
  const kept: Entity[] = [];
  for (const e of found) if (!kept.length || e.start >= kept.at(-1)!.end) kept.push(e);
  return kept;
}

// ---------------------------------------------------------------------------
// Plain text → HTML, after Mastodon's TextFormatter: entities linkified, the
// rest escaped, blank lines make paragraphs and single newlines <br />.

export interface FormatContext {
  baseUrl: string;
  /** Resolves a local mention to the profile URL, or null when unknown. */
  resolveMention(username: string, domain: string | null): { url: string; username: string } | null;
}

function linkUrl(url: string): string {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url)!;
  const [prefix, rest] = [m[1]!, m[2]!];
  const display = rest.length > 30 ? rest.slice(0, 30) : rest;
  const hidden = rest.slice(display.length);
  const cls = hidden ? 'ellipsis' : '';
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span><span class="${cls}">${escapeHtml(display)}</span>` +
    `<span class="invisible">${escapeHtml(hidden)}</span></a>`
  );
}

function renderEntity(e: Entity, source: string, fmt: FormatContext): string {
  if (e.kind === 'url') return linkUrl(e.url);
  if (e.kind === 'hashtag') {
    const href = `${fmt.baseUrl}/tags/${encodeURIComponent(e.name.toLowerCase())}`;
    return `<a href="${escapeHtml(href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(e.name)}</span></a>`;
  }
  const target = fmt.resolveMention(e.username, e.domain);
  if (!target) return escapeHtml(source.slice(e.start, e.end));
  return `<span class="h-card" translate="no"><a href="${escapeHtml(target.url)}" class="u-url mention">@<span>${escapeHtml(target.username)}</span></a></span>`;
}

export function formatStatusHtml(rawText: string, fmt: FormatContext): string {
  const text = rawText.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return '';
  let inline = '';
  let at = 0;
  for (const e of extractEntities(text)) {
    inline += escapeHtml(text.slice(at, e.start)) + renderEntity(e, text, fmt);
    at = e.end;
  }
  inline += escapeHtml(text.slice(at));
  return inline
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br />')}</p>`)
    .join('');
}

// ---------------------------------------------------------------------------
// Languages. PostStatusService sets
//   language: valid_locale_cascade(params[:language], user.preferred_posting_language, I18n.default_locale)
// so an unknown code is silently replaced (no 422), usually by 'en'.

const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
    'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ' +
    'ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os ' +
    'pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ' +
    'ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);
// Some ISO 639-3 and regional codes Mastodon also accepts (LanguagesHelper).
const EXTRA_LOCALES = new Set(['ast', 'ckb', 'cnr', 'jbo', 'kab', 'kmr', 'ldn', 'lfn', 'sco', 'sma', 'smj', 'szl', 'tok', 'zba', 'zgh', 'en-GB', 'es-AR', 'es-MX', 'fr-CA', 'pt-BR', 'pt-PT', 'sr-Latn', 'zh-CN', 'zh-HK', 'zh-TW']);

export function isValidLanguage(code: string | undefined): code is string {
  return !!code && (ISO_639_1.has(code) || EXTRA_LOCALES.has(code));
}
