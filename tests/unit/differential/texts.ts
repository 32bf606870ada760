/**
 * Generated post texts for the differential counting tests: the things that make counting hard
 * (links, mentions, hashtags, emoji sequences, flags, CJK, combining marks, newlines) mixed with
 * words, spaces and punctuation in every order, so that each rule meets its neighbours.
 */
import { fc } from '@fast-check/vitest';

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const joined = (parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((pieces) => pieces.join(''));
const some = (piece: fc.Arbitrary<string>, maxLength: number, separator = '') =>
  fc.array(piece, { minLength: 1, maxLength }).map((pieces) => pieces.join(separator));
const maybe = (piece: fc.Arbitrary<string>) => fc.option(piece, { nil: '' });

const asciiLetters = fc.string({ unit: pick(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 8 });
const asciiLower = fc.string({ unit: pick(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 8 });

/** What people see as one character, and what is built of several code points. */
const cluster = pick(
  'é', // precomposed
  'e\u0301', // combining acute
  'a\u0308\u0323', // two marks
  'ñ',
  '日',
  '語',
  'パ',
  'ス',
  '한',
  '\u1100\u1161\u11A8', // Hangul jamo L V T: one syllable
  'ж',
  'ب',
  'क्ष', // Devanagari conjunct
  'ि',
  '😀',
  '🦄',
  '👍🏽', // skin tone
  '👩‍👩‍👧‍👦', // ZWJ family
  '❤️', // variation selector
  '❤️‍🔥',
  '1️⃣', // keycap
  '🇯🇵', // regional indicator pair
  '🇫🇷',
  '🇯', // a lone regional indicator
  '🏴󠁧󠁢󠁳󠁣󠁴󠁿', // tag sequence
  '\u200D', // a lone ZWJ
  '\uFE0F',
  '\u00AD', // soft hyphen
  '\u3000', // ideographic space
  '\u00A0',
  '’', // curly apostrophe
  '…',
);

const word = fc.oneof({ weight: 3, arbitrary: asciiLetters }, some(cluster, 4), joined([asciiLetters, cluster]));
const space = pick(' ', ' ', ' ', '  ', '\n', '\r\n', '\n\n', '\t', '\u00A0', '\u3000');
const punctuation = pick('.', ',', '!', '?', ':', ';', '(', ')', '"', "'", '…', '...', '-', '/', '&', '=', '*', '[', ']', '~', '|');

// --- Links -------------------------------------------------------------------------------------

const scheme = pick('https://', 'https://', 'http://', '', '', 'HTTPS://', 'Http://', 'gemini://', 'ftp://', 'https:/', 'www.');
const idnLabel = pick('例え', 'münchen', 'пример', 'bücher', 'xn--80ak6aa92e', 'täst', '日本');
const hostLabel = fc.oneof(
  { weight: 4, arbitrary: asciiLower },
  joined([asciiLower, pick('-', '_'), asciiLower]),
  idnLabel,
  pick('a', 'www', 'my-site', 'bsky', 'social', 'mastodon', '-bad', 'bad-'),
);
const tld = pick(
  'com', 'org', 'social', 'jp', 'io', 'co.uk', 'de', 'рф', 'xn--p1ai', 'test', 'zzz', 'localhost', 'COM', 'Org',
  'cbs', 'shaw', 'app', 'museum', 'a', '123',
);
const host = fc.oneof(
  { weight: 6, arbitrary: joined([some(hostLabel, 3, '.'), pick('.'), tld]) },
  pick('localhost', '127.0.0.1', '[::1]', 'example', 't.co'),
);
const port = maybe(pick(':8080', ':443', ':', ':x'));
const pathCharacter = fc.oneof(
  { weight: 6, arbitrary: pick(...'abcxyzXYZ0189-_~.') },
  pick('/', '//', '%20', '@', '!', '*', "'", ';', ':', '=', '+', ',', '$', '&', '[', ']', '|', '#', '(', ')', '<', '>', '"', '「', '」', '^', '`', '{', '}', '\\'),
  cluster,
  pick('パス', 'ü', 'ж', '🦄', '–', '—'),
);
const path = fc.oneof(
  { weight: 2, arbitrary: pick('') },
  joined([pick('/'), fc.string({ unit: pathCharacter, maxLength: 10 })]),
  joined([pick('/wiki/'), asciiLetters, pick('_(', '('), asciiLetters, pick(')', '))', '', ')x', ')(a)')]),
  pick('/', '/@alice', '/@alice/', '/tags/#tag', '/a.b', '/a...'),
  // Brackets at the end of a path hold what the gem's own path characters allow: dashes, Cyrillic.
  pick('/a(—)', '/a(x—y)', '/a(ԁ)', '/wiki/Ꙁ_(Ꙁ)', '/(—)x', '/a(-)', '/a(–)'),
);
const query = maybe(
  joined([pick('?'), fc.string({ unit: fc.oneof(pick(...'abz019=&-_.,;:!*()[]$/%#|@^~\''), cluster, pick('ü', 'パ', '?')), maxLength: 8 })]),
);
const fragment = maybe(joined([pick('#'), fc.string({ unit: fc.oneof(pick(...'az09-_/.!'), cluster), maxLength: 5 })]));
const trailing = maybe(pick('.', ',', ')', '!', '?', ':', ';', '...', '.)', ').', '"', "'", '…'));

const link = joined([scheme, host, port, path, query, fragment, trailing]);

/** Links whose every part is common on the web, for the tests that need many of them. */
export const plainLink = joined([
  pick('https://', 'http://'),
  some(asciiLower, 2, '.'),
  pick('.com', '.org', '.social', '.jp'),
  maybe(joined([pick('/'), some(asciiLetters, 3, '/')])),
]);

// --- Mentions, hashtags, cashtags --------------------------------------------------------------

const username = fc.oneof(
  { weight: 4, arbitrary: asciiLower },
  joined([asciiLower, pick('.', '_', '-', '..'), asciiLower]),
  pick('_', 'a_', '-a', 'a-', 'Alice', 'ALICE', 'a.'),
);
const mentionDomain = fc.oneof(
  { weight: 3, arbitrary: joined([some(asciiLower, 2, '.'), pick('.'), tld]) },
  pick('例え.jp', 'bücher.de', 'пример.рф', 'example.com.', 'a-b.social', 'x', 'bsky.social', 'alice.test', '.example.com', '-x.org', 'a..b.org'),
);
/** Bluesky handles: a domain name, often under bsky.social. */
const handleLabel = fc.oneof({ weight: 4, arbitrary: asciiLower }, joined([asciiLower, pick('-'), asciiLower]), pick('-a', 'a-', 'Alice', 'bsky'));
const handle = joined([some(handleLabel, 3, '.'), pick('.'), fc.oneof({ weight: 3, arbitrary: pick('bsky.social', 'com', 'test', 'social', 'co.uk', 'Social') }, tld)]);
const mention = fc.oneof(
  { weight: 3, arbitrary: joined([pick('@'), username]) },
  { weight: 4, arbitrary: joined([pick('@', '@', '(@', '＠'), handle, maybe(pick('.', ',', ')', '!', "'s", '.x', '..'))]) },
  pick('@alice..bsky.social', '@-a.com', '@alice.notatld', '@a.b', '@127.0.0.1'),
  { weight: 3, arbitrary: joined([pick('@'), username, pick('@'), mentionDomain]) },
  joined([asciiLower, pick('@'), mentionDomain]), // an e-mail address
  joined([pick('@'), username, pick('@', '@@', ':', '://', 'é', '/')]),
  joined([pick('＠', '=@', '/@', '@@'), username]),
);

const tagBody = fc.oneof(
  { weight: 3, arbitrary: asciiLetters },
  some(fc.oneof(asciiLetters, cluster, pick('_', '-', '·', '.')), 4),
  pick('123', '1a', 'a1', '_', '日本', 'café', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), '😀'.repeat(33), 'e\u0301'.repeat(40)),
);
const hashtag = joined([pick('#', '#', '＃', '##'), tagBody, maybe(pick('!', '.', '?', ')', '#', '\uFE0F'))]);
const cashtag = joined([pick('$'), pick('AAPL', 'tsla', 'X', 'ABCDE', 'ABCDEF', '5', 'A1'), maybe(pick('.', ')', '!', "'", 'x'))]);

// --- Whole texts -------------------------------------------------------------------------------

const piece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 4, arbitrary: link },
  { weight: 2, arbitrary: mention },
  { weight: 2, arbitrary: hashtag },
  { weight: 1, arbitrary: cashtag },
  { weight: 2, arbitrary: punctuation },
  { weight: 2, arbitrary: cluster },
);
const glue = fc.oneof({ weight: 6, arbitrary: space }, pick('', '(', ')', '.', ', ', '"'));

/** A post: up to 14 pieces, each followed by a space, a newline, a bracket or nothing. */
export const postText = fc
  .array(fc.tuple(piece, glue), { maxLength: 14 })
  .map((pairs) => pairs.map(([text, after]) => text + after).join(''));

/** A content warning: usually empty, sometimes a few words or a link. */
export const warningText = fc.oneof({ weight: 3, arbitrary: pick('') }, postText.map((text) => text.slice(0, 40)));
