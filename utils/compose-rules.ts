/** Whether a draft can go to the chosen destinations, and if not, why — in words for people. */
import { t } from './i18n';
import type { Account, Draft, MediaItem, Measure } from './model';
import { partsFor } from './networks/parts';
import { countCodePoints } from './text/graphemes';

export interface DestinationCheck {
  account: Account;
  measure: Measure;
  /** What this destination will receive: one part, or a thread when the draft asks for one. */
  parts: string[];
  reasons: string[];
}

export interface PublishCheck {
  /** One per linked account, chosen or not. */
  destinations: DestinationCheck[];
  /** Reasons that hold whatever the destination. */
  general: string[];
  /** Some chosen destination is over its limit but could take the text as a thread. */
  threadWouldHelp: boolean;
  canPublish: boolean;
  /** What the chosen destinations take, all of them: self-labels offered, images, alt-text length. */
  labelChoices: string[];
  maxImages: number;
  altTextLimit: number;
}

/** Until a destination is chosen, the composer offers what most networks take. */
const UNCHOSEN = { maxImages: 4, altTextLimit: 1500 };

type DraftFields = Pick<Draft, 'text' | 'spoilerText'> & Partial<Pick<Draft, 'visibility' | 'contentLabel' | 'thread' | 'numbering'>>;

export function checkDestination(
  account: Account,
  draft: DraftFields,
  media: readonly MediaItem[],
  requireAltText = false,
): DestinationCheck {
  const { capabilities } = account;
  const { measure: counted, parts } = partsFor(draft, account);
  const reasons: string[] = [];
  if (account.status === 'needs-relink') reasons.push(t('reasonNeedsRelink'));
  if (counted.over && parts.length === 1) reasons.push(t('reasonOverLimit', -counted.remaining));
  if (draft.visibility && !capabilities.visibilities.includes(draft.visibility)) reasons.push(t('reasonVisibility'));
  if (capabilities.contentWarning === 'labels' && draft.spoilerText.trim() && !draft.contentLabel) {
    reasons.push(t('reasonLabelMissing'));
  }
  if (capabilities.contentWarningLimit && countCodePoints(draft.spoilerText) > capabilities.contentWarningLimit) {
    reasons.push(t('reasonWarningTooLong', capabilities.contentWarningLimit));
  }
  if (media.length > capabilities.maxImages) reasons.push(t('reasonTooManyImages', capabilities.maxImages));
  if (media.length === 0 && !capabilities.textOnlyAllowed) reasons.push(t('reasonNeedsImage'));
  if (requireAltText && capabilities.altText && media.some((item) => !item.alt.trim())) {
    reasons.push(t('reasonAltMissing'));
  }
  if (media.some((item) => item.alt.length > capabilities.altTextLimit)) reasons.push(t('reasonAltTooLong', capabilities.altTextLimit));
  // Images are re-encoded to fit each destination; only types that cannot be converted stay a problem.
  const gifs = media.filter((item) => item.type === 'image/gif' && !capabilities.imageTypes.includes('image/gif'));
  if (gifs.length > 0) reasons.push(t('reasonImageType', gifs.map((item) => item.name).join(', ')));
  return { account, measure: counted, parts, reasons };
}

/** Every linked account checked (each shows its counter); only the chosen ones decide publishing. */
export function checkPublish(options: {
  draft: DraftFields;
  media: readonly MediaItem[];
  accounts: readonly Account[];
  selected: ReadonlySet<string>;
  requireAltText: boolean;
}): PublishCheck {
  const { draft, media, accounts, selected, requireAltText } = options;
  const destinations = accounts.map((account) => checkDestination(account, draft, media, requireAltText));
  const chosen = destinations.filter((check) => selected.has(check.account.id));
  const general: string[] = [];
  if (chosen.length === 0) general.push(t('reasonNoDestination'));
  if (!draft.text.trim() && media.length === 0) general.push(t('reasonEmpty'));
  const threadWouldHelp = chosen.some((check) => check.measure.over && check.account.capabilities.threads);
  const canPublish = general.length === 0 && chosen.every((check) => check.reasons.length === 0);
  const capabilities = chosen.map((check) => check.account.capabilities);
  const labelling = capabilities.filter((taken) => taken.contentWarning === 'labels');
  return {
    destinations,
    general,
    threadWouldHelp,
    canPublish,
    labelChoices: Array.from(new Set(labelling.flatMap((taken) => taken.contentLabels ?? []))),
    maxImages: capabilities.length > 0 ? Math.min(...capabilities.map((taken) => taken.maxImages)) : UNCHOSEN.maxImages,
    altTextLimit: capabilities.length > 0 ? Math.min(...capabilities.map((taken) => taken.altTextLimit)) : UNCHOSEN.altTextLimit,
  };
}
