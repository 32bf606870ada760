import type { PostContent } from '../db';
import { measure, type CountRule } from './count';
import { splitIntoThread } from './thread-split';

/**
 * The parts a post becomes at one destination: the text as written when it fits (or when threads
 * are off or unsupported there), else a thread split by that destination's own counting rule.
 * The composer previews exactly this and the outbox freezes it when the post is queued.
 */
export function partsFor(
  content: Pick<PostContent, 'text' | 'spoilerText' | 'thread' | 'numbering'>,
  rule: CountRule,
  threadsSupported: boolean,
): string[] {
  const fits = (part: string) => !measure(part, content.spoilerText, rule).over;
  if (!content.thread || !threadsSupported || fits(content.text)) return [content.text];
  return splitIntoThread(content.text, { fits, numbering: content.numbering ?? false });
}
