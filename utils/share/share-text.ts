/** What a draft started from the page says, for each way of sharing. Pure. */
import { withoutTracking } from './clean-url';
import type { PageFacts } from './page-facts';

export type ShareKind = 'page' | 'selection' | 'link' | 'image';

export interface ShareTarget {
  /** The link right-clicked ("Share link"). */
  linkUrl?: string;
  /** The selection as the browser reports it, used when the page could not be read. */
  selectionText?: string;
}

/** The text of the new draft. Addresses lose their tracking parameters when `clean` is on. */
export function shareText(kind: ShareKind, facts: PageFacts, target: ShareTarget, clean: boolean): string {
  const tidy = (url: string) => (clean ? withoutTracking(url) : url);
  const page = facts.url ? tidy(facts.url) : '';
  switch (kind) {
    case 'page':
      return [facts.title, page].filter(Boolean).join('\n');
    case 'selection': {
      const quote = (facts.selection.trim() || target.selectionText?.trim() || '').replace(/\n{3,}/g, '\n\n');
      return [quote ? `“${quote}”` : '', page].filter(Boolean).join('\n\n');
    }
    case 'link':
      return target.linkUrl ? tidy(target.linkUrl) : page;
    case 'image':
      return page;
  }
}
