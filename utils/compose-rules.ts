/** Whether a draft can go to the chosen destinations, and if not, why — in words for people. */
import { t } from './i18n';
import { whyAnimationIsLost } from './media/animated-webp';
import { constraintsFor } from './media/constraints';
import { outputType } from './media/output-type';
import { fitsAspect, shapesFor, type ImageShape } from './media/shape';
import type { Account, Capabilities, Draft, MediaItem, Measure } from './model';
import { networkOf } from './networks/index';
import { partsFor } from './networks/parts';
import { byCount } from './plural';
import { countCodePoints } from './text/graphemes';

/** A token about to lapse is worth a word this many days ahead, once renewing it has failed. */
const TOKEN_WARNING_MS = 7 * 24 * 60 * 60_000;

export interface DestinationCheck {
  account: Account;
  measure: Measure;
  /** What this destination will receive: one part, or a thread when the draft asks for one. */
  parts: string[];
  /** What stops publishing there. */
  reasons: string[];
  /** What the person should know, which does not stop publishing. */
  notes: string[];
  /** For destinations that limit an image's shape: the shape each image takes there (undefined: as it is). */
  shapes: (ImageShape | undefined)[];
  /** Its images can only come from the person's bucket, which is not set up: the composer links to the setting. */
  needsImageHost: boolean;
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
  /** The chosen destination that takes the fewest images, which sets `maxImages`; none until one is chosen. */
  maxImagesSetBy?: Account;
  altTextLimit: number;
}

/** Until a destination is chosen, the composer offers what most networks take. */
const UNCHOSEN = { maxImages: 4, altTextLimit: 1500 };

type DraftFields = Pick<Draft, 'text' | 'spoilerText'> & Partial<Pick<Draft, 'visibility' | 'contentLabel' | 'thread' | 'numbering' | 'imageFit'>>;

const sizeOf = (item: MediaItem) => (item.width && item.height ? { width: item.width, height: item.height } : undefined);

/** Why an animated WebP loses its animation at a destination (see utils/media/animated-webp.ts). */
const animationLostAt = (item: MediaItem, capabilities: Capabilities, shape?: ImageShape) =>
  whyAnimationIsLost({ width: item.width ?? 0, height: item.height ?? 0, bytes: item.size }, constraintsFor(capabilities, shape));

/**
 * Whether another destination's copy of `item` will do for a network that fetches images from a URL:
 * the type that destination keeps it in must be one this network takes, its shape one it takes
 * (as the worker checks it: utils/outbox/public-images.ts), and a file too large here must be one
 * the host shrinks under this network's limit.
 */
function copyWillDo(item: MediaItem, host: Capabilities, destination: Capabilities): boolean {
  const size = sizeOf(item);
  const aspect = destination.imageAspect;
  const shaped = !aspect || (size !== undefined && fitsAspect(size, aspect));
  const small = item.size <= destination.imageSizeLimit || host.imageSizeLimit <= destination.imageSizeLimit;
  // An animated WebP the host keeps as it is stays a WebP there.
  const kept = item.animated && !animationLostAt(item, host) ? 'image/webp' : outputType(item.type, host.imageTypes);
  return destination.imageTypes.includes(kept) && shaped && small;
}

/**
 * For networks that fetch images from a URL (Threads, Instagram): each image must be served by
 * another chosen destination in a form they take, or by the person's bucket.
 */
function imageHostReasons(
  check: DestinationCheck,
  chosen: readonly Account[],
  media: readonly MediaItem[],
  bucketReady: boolean,
): string[] {
  const { capabilities } = check.account;
  if (!capabilities.mediaFromPublicUrl || media.length === 0 || bucketReady) return [];
  const hosts = chosen.filter((account) => !account.capabilities.mediaFromPublicUrl).map((account) => account.capabilities);
  const name = networkOf(check.account.network).name;
  const ownCopies = media.filter((_, index) => check.shapes[index] !== undefined);
  if (ownCopies.length > 0) return [t('reasonNeedsOwnCopy', name, ownCopies.map((item) => item.name).join(', '))];
  const unserved = media.filter((item) => !hosts.some((host) => copyWillDo(item, host, capabilities)));
  if (unserved.length === 0) return [];
  // Served by nobody: with no other destination that is every image; with one, those it keeps in another form.
  return hosts.length === 0 ? [t('reasonNeedsImageHost', name)] : [t('reasonNeedsOwnCopy', name, unserved.map((item) => item.name).join(', '))];
}

export function checkDestination(
  account: Account,
  draft: DraftFields,
  media: readonly MediaItem[],
  requireAltText = false,
): DestinationCheck {
  const { capabilities } = account;
  const { measure: counted, parts } = partsFor(draft, account);
  const name = networkOf(account.network).name;
  const notes: string[] = [];
  if (capabilities.contentWarning === 'none' && draft.spoilerText.trim()) notes.push(t('noteNoContentWarning', name));
  if (account.tokenRenewalError && account.tokenExpiresAt && account.tokenExpiresAt - Date.now() < TOKEN_WARNING_MS) {
    notes.push(t('noteTokenExpiring', new Date(account.tokenExpiresAt).toLocaleDateString(), account.tokenRenewalError));
  }
  const shapes = capabilities.imageAspect ? shapesFor(media.map(sizeOf), capabilities.imageAspect, draft.imageFit ?? 'crop') : media.map(() => undefined);
  for (const [index, item] of media.entries()) {
    const lost = item.animated ? animationLostAt(item, capabilities, shapes[index]) : undefined;
    if (lost) notes.push(t(lost === 'type' ? 'noteAnimationLostType' : 'noteAnimationLostLimits', item.name, name));
  }
  const reasons: string[] = [];
  if (account.status === 'needs-relink') reasons.push(t('reasonNeedsRelink'));
  reasons.push(...(networkOf(account.network).partProblems?.(parts) ?? []));
  if (counted.over && parts.length === 1) reasons.push(t(byCount(-counted.remaining, 'reasonOverLimitOne', 'reasonOverLimit'), -counted.remaining));
  if (draft.visibility && !capabilities.visibilities.includes(draft.visibility)) reasons.push(t('reasonVisibility'));
  if (capabilities.contentWarning === 'labels' && draft.spoilerText.trim() && !draft.contentLabel) {
    reasons.push(t('reasonLabelMissing'));
  }
  if (capabilities.contentWarningLimit && countCodePoints(draft.spoilerText) > capabilities.contentWarningLimit) {
    reasons.push(t(byCount(capabilities.contentWarningLimit, 'reasonWarningTooLongOne', 'reasonWarningTooLong'), capabilities.contentWarningLimit));
  }
  if (media.length > capabilities.maxImages) {
    reasons.push(t(byCount(capabilities.maxImages, 'reasonTooManyImagesOne', 'reasonTooManyImages'), capabilities.maxImages));
  }
  if (media.length === 0 && !capabilities.textOnlyAllowed) reasons.push(t('reasonNeedsImage', account.handle));
  if (requireAltText && capabilities.altText && media.some((item) => !item.alt.trim())) {
    reasons.push(t('reasonAltMissing'));
  }
  if (media.some((item) => item.alt.length > capabilities.altTextLimit)) {
    reasons.push(t(byCount(capabilities.altTextLimit, 'reasonAltTooLongOne', 'reasonAltTooLong'), capabilities.altTextLimit));
  }
  // Images are re-encoded to fit each destination; only types that cannot be converted stay a problem.
  const gifs = media.filter((item) => item.type === 'image/gif' && !capabilities.imageTypes.includes('image/gif'));
  if (gifs.length > 0) reasons.push(t('reasonImageType', gifs.map((item) => item.name).join(', ')));
  return { account, measure: counted, parts, reasons, notes, shapes, needsImageHost: false };
}

/** Every linked account checked (each shows its counter); only the chosen ones decide publishing. */
export function checkPublish(options: {
  draft: DraftFields;
  media: readonly MediaItem[];
  accounts: readonly Account[];
  selected: ReadonlySet<string>;
  requireAltText: boolean;
  /** The person's bucket is set up (images for Threads and Instagram can go there). */
  bucketReady?: boolean;
}): PublishCheck {
  const { draft, media, accounts, selected, requireAltText } = options;
  const destinations = accounts.map((account) => checkDestination(account, draft, media, requireAltText));
  const chosen = destinations.filter((check) => selected.has(check.account.id));
  const chosenAccounts = chosen.map((check) => check.account);
  for (const check of chosen) {
    const hostReasons = imageHostReasons(check, chosenAccounts, media, options.bucketReady ?? false);
    check.reasons.push(...hostReasons);
    check.needsImageHost = hostReasons.length > 0;
  }
  const general: string[] = [];
  if (chosen.length === 0) general.push(t('reasonNoDestination'));
  if (!draft.text.trim() && media.length === 0) general.push(t('reasonEmpty'));
  const threadWouldHelp = chosen.some((check) => check.measure.over && check.account.capabilities.threads);
  const canPublish = general.length === 0 && chosen.every((check) => check.reasons.length === 0);
  const capabilities = chosen.map((check) => check.account.capabilities);
  const fewestImages = chosenAccounts.reduce<Account | undefined>(
    (fewest, account) => (!fewest || account.capabilities.maxImages < fewest.capabilities.maxImages ? account : fewest),
    undefined,
  );
  const labelling = capabilities.filter((taken) => taken.contentWarning === 'labels');
  return {
    destinations,
    general,
    threadWouldHelp,
    canPublish,
    labelChoices: Array.from(new Set(labelling.flatMap((taken) => taken.contentLabels ?? []))),
    maxImages: fewestImages?.capabilities.maxImages ?? UNCHOSEN.maxImages,
    maxImagesSetBy: fewestImages,
    altTextLimit: capabilities.length > 0 ? Math.min(...capabilities.map((taken) => taken.altTextLimit)) : UNCHOSEN.altTextLimit,
  };
}

/**
 * The files that fit beside the images already attached, and, when some do not, a sentence naming
 * them and the limit: which destination sets it, once one is chosen.
 */
export function imagesThatFit<File extends { name: string }>(
  files: readonly File[],
  attached: number,
  check: Pick<PublishCheck, 'maxImages' | 'maxImagesSetBy'>,
): { fitting: File[]; problem?: string } {
  const room = Math.max(0, check.maxImages - attached);
  const fitting = files.slice(0, room);
  const names = files.slice(room).map((file) => file.name).join(', ');
  if (!names) return { fitting };
  const setter = check.maxImagesSetBy;
  const problem = setter
    ? t(byCount(check.maxImages, 'imagesLeftOutOne', 'imagesLeftOut'), names, setter.handle, check.maxImages)
    : t('imagesLeftOutUnchosen', names, check.maxImages);
  return { fitting, problem };
}
