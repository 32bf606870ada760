/**
 * Half of an emoji (or of any character beyond U+FFFF) can arrive alone, pasted from a program that
 * cut a string in the middle. No server can store it: encoding it as UTF-8 turns it into U+FFFD (�).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with each lone surrogate replaced by U+FFFD, as it would be sent; one for one, so positions stay. */
export function withoutLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** `text` cut to `maxCharacters` characters (never inside one) with "…", for repeating it in a sentence. */
export function cutShort(text: string, maxCharacters: number): string {
  const characters = Array.from(text);
  return characters.length > maxCharacters ? `${characters.slice(0, maxCharacters).join('')}…` : text;
}
