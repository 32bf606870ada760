/**
 * How fast the text code is, in Node, apart from the browser: counting runs on every keystroke and
 * splitting on every keystroke of a long text. These were timing assertions in the unit tests; here
 * they are figures with budgets, best of several runs so a busy moment of the machine does not count.
 */
import { measureMastodon } from '../../utils/networks/mastodon/count';
import { splitIntoThread } from '../../utils/text/thread-split';
import { fill, sampleText } from '../fixtures/texts';

export interface TextFigure {
  figure: string;
  ms: number;
  budgetMs: number;
  detail: string;
}

const MASTODON = { maxCharacters: 500, urlLength: 23 };
const fitsMastodon = (part: string) => !measureMastodon(part, '', MASTODON).over;

/** The least time `work` took over `runs` runs (after one warm-up run). */
function best(runs: number, work: () => void): number {
  work();
  let least = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    least = Math.min(least, performance.now() - started);
  }
  return least;
}

export function textFigures(runs: number): TextFigure[] {
  const post = fill(
    'Hello world, this is a test 👩‍👩‍👧‍👦 日本語テキスト https://example.com/path?q=1 @alice@example.social e\u0301 🇯🇵 ' +
      '(see https://en.wikipedia.org/wiki/Foo_(bar)). नमस्ते दुनिया ',
    5000,
  );
  let keystroke = 0;
  const typing = best(runs, () => {
    for (let i = 0; i < 1000; i++) {
      // A different string each time, as when typing: nothing can be served whole from a cache.
      keystroke++;
      measureMastodon(`${post.slice(0, 2500)}${keystroke}${post.slice(2500)}`, '', MASTODON);
    }
  });
  const hostile = [
    `https://example.com ${fill('日本語のテキストです', 5000)}`, // one long run of domain characters
    `https://example.com ${fill('a.', 5000)}`, // thousands of labels
    `https://${fill('ab-', 5000)}`, // a host that never finds its top-level domain
    `https://example.com/${fill('((a)', 5000)}`, // unbalanced parentheses in a path
    `@${fill('a.', 5000)}`, // a mention that never ends
    fill('https://', 5000),
  ];
  const backtracking = best(runs, () => {
    for (const input of hostile) for (let i = 0; i < 100; i++) measureMastodon(`${i}${input}`, '', MASTODON);
  });
  const text = sampleText(20000, 6);
  const split = Math.max(
    best(runs, () => splitIntoThread(text, { fits: fitsMastodon })),
    best(runs, () => splitIntoThread(text, { fits: fitsMastodon, numbering: true })),
  );
  const unbroken = Math.max(
    best(runs, () => splitIntoThread('日本語の長い文章で句読点がありません'.repeat(1200), { fits: fitsMastodon, numbering: true })),
    best(runs, () => splitIntoThread('x'.repeat(20000), { fits: fitsMastodon, numbering: true })),
  );
  return [
    { figure: 'counting a 5,000-character mixed post for Mastodon, 1,000 keystrokes', ms: typing, budgetMs: 2000, detail: `(best of ${runs})` },
    {
      figure: 'counting 600 texts of 5,000 characters that make a backtracking URL pattern quadratic',
      ms: backtracking,
      budgetMs: 2000,
      detail: `(best of ${runs})`,
    },
    { figure: 'splitting 20,000 characters into a thread for a 500-character limit', ms: split, budgetMs: 50, detail: `(slower of numbered and not, best of ${runs} each)` },
    { figure: 'splitting 20,000 characters without spaces (cut inside words)', ms: unbroken, budgetMs: 50, detail: `(slower of Japanese and one long word, best of ${runs} each)` },
  ];
}
