/**
 * The words a draft is found by: lower-cased runs of letters and digits, each once. Stored with the
 * draft in a multi-entry index, so searching 10,000 drafts reads only the ones that match.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}_'’-]*/gu;
/** Longer words are cut: a search is by the start of a word. */
const MAX_WORD = 32;

export function wordsOf(...texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const match of text.toLocaleLowerCase().matchAll(WORD)) words.add(match[0].slice(0, MAX_WORD));
  }
  return [...words];
}
