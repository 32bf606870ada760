/**
 * What one destination gets from a post: the one place that decides it. The composer previews it
 * (utils/compose-rules.ts, components/DestinationPicker.tsx) and the outbox freezes it when the post
 * is queued (utils/outbox/enqueue.ts), so what the person saw is what goes out.
 *
 * It lives beside the registry, not in utils/text: it asks each network's description how that
 * network counts, and utils/text stays beneath the networks (they import it, never the reverse).
 */
import type { Account, Capabilities, Measure, PostContent } from '../model';
import { splitIntoThread } from '../text/thread-split';
import { networkOf } from './index';

type Content = Pick<PostContent, 'text' | 'spoilerText' | 'contentLabel' | 'thread' | 'numbering'>;

export interface DestinationWarning {
  /** The content warning as text, '' where this destination takes none as text. */
  spoilerText: string;
  /** The self-label, '' unless this destination labels and the post has a content warning. */
  contentLabel: string;
}

export interface DestinationParts extends DestinationWarning {
  /** The whole text as this destination's server counts it (the content warning too, where it counts). */
  measure: Measure;
  /** The text as written; or, when the post asks for a thread and the text does not fit, its parts. */
  parts: string[];
}

/** The content warning as a destination receives it: as text, as a self-label, or not at all. */
export function warningFor(content: Pick<PostContent, 'spoilerText' | 'contentLabel'>, capabilities: Capabilities): DestinationWarning {
  const hasWarning = content.spoilerText.trim() !== '';
  return {
    spoilerText: capabilities.contentWarning === 'text' || capabilities.contentWarning === 'spoiler' ? content.spoilerText : '',
    contentLabel: capabilities.contentWarning === 'labels' && hasWarning ? (content.contentLabel ?? '') : '',
  };
}

/**
 * The parts `content` becomes at `account`: the text as written when it fits (or when threads are
 * off or unsupported there), else a thread split by that network's own counting rule.
 */
export function partsFor(content: Content, account: Pick<Account, 'network' | 'capabilities' | 'limits'>): DestinationParts {
  const { capabilities, limits } = account;
  const { measure } = networkOf(account.network);
  const warning = warningFor(content, capabilities);
  const counted = measure(content.text, warning.spoilerText, limits);
  if (!content.thread || !capabilities.threads || !counted.over) return { ...warning, measure: counted, parts: [content.text] };
  const fits = (part: string) => !measure(part, warning.spoilerText, limits).over;
  return { ...warning, measure: counted, parts: splitIntoThread(content.text, { fits, numbering: content.numbering ?? false }) };
}
