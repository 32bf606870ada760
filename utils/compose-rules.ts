/** Whether a draft can go to the chosen destinations, and if not, why — in words for people. */
import type { Account, Draft, MediaItem } from './db';
import { t } from './i18n';
import { measure, type Measure } from './text/count';

export interface DestinationCheck {
  account: Account;
  measure: Measure;
  reasons: string[];
}

export interface PublishCheck {
  destinations: DestinationCheck[];
  /** Reasons that hold whatever the destination. */
  general: string[];
  canPublish: boolean;
}

export function checkDestination(
  account: Account,
  draft: Pick<Draft, 'text' | 'spoilerText'>,
  media: readonly MediaItem[],
  requireAltText = false,
): DestinationCheck {
  const counted = measure(draft.text, account.capabilities.contentWarning === 'none' ? '' : draft.spoilerText, account.countRule);
  const reasons: string[] = [];
  if (account.status === 'needs-relink') reasons.push(t('reasonNeedsRelink'));
  if (counted.over) reasons.push(t('reasonOverLimit', -counted.remaining));
  if (media.length > account.capabilities.maxImages) reasons.push(t('reasonTooManyImages', account.capabilities.maxImages));
  if (media.length === 0 && !account.capabilities.textOnlyAllowed) reasons.push(t('reasonNeedsImage'));
  if (requireAltText && account.capabilities.altText && media.some((item) => !item.alt.trim())) {
    reasons.push(t('reasonAltMissing'));
  }
  const tooLong = media.filter((item) => item.alt.length > account.capabilities.altTextLimit);
  if (tooLong.length > 0) reasons.push(t('reasonAltTooLong', account.capabilities.altTextLimit));
  const wrongType = media.filter((item) => !account.capabilities.imageTypes.includes(item.type));
  if (wrongType.length > 0) reasons.push(t('reasonImageType', wrongType.map((item) => item.name).join(', ')));
  const tooBig = media.filter((item) => item.size > account.capabilities.imageSizeLimit);
  if (tooBig.length > 0) reasons.push(t('reasonImageTooLarge', tooBig.map((item) => item.name).join(', ')));
  return { account, measure: counted, reasons };
}

export function checkPublish(options: {
  draft: Pick<Draft, 'text' | 'spoilerText'>;
  media: readonly MediaItem[];
  selected: readonly Account[];
  requireAltText: boolean;
}): PublishCheck {
  const { draft, media, selected, requireAltText } = options;
  const destinations = selected.map((account) => checkDestination(account, draft, media, requireAltText));
  const general: string[] = [];
  if (selected.length === 0) general.push(t('reasonNoDestination'));
  if (!draft.text.trim() && media.length === 0) general.push(t('reasonEmpty'));
  const canPublish = general.length === 0 && destinations.every((check) => check.reasons.length === 0);
  return { destinations, general, canPublish };
}
