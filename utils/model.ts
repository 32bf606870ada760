/**
 * The domain: what the extension keeps and passes around. Types only (and the list of networks),
 * importing nothing, so that an adapter, a component or a test can name a Draft without loading the
 * database.
 */

/** Every network the extension publishes to. Each has a folder in utils/networks/ and is registered
 *  in utils/networks/index.ts (descriptions) and utils/networks/adapters.ts (adapters), both typed
 *  over this list: a network missing from either does not compile. */
export const NETWORK_IDS = ['mastodon', 'misskey', 'bluesky', 'threads', 'instagram'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

/** Audience of a post, in words every network can map to its own options. */
export type Visibility = 'public' | 'unlisted' | 'followers' | 'mentioned';

/** What a destination can take; read by its adapter at link time and kept with the account, so the
 *  UI never needs network code. */
export interface Capabilities {
  maxImages: number;
  altText: boolean;
  altTextLimit: number;
  /** Largest image file the server takes, in bytes. */
  imageSizeLimit: number;
  imageTypes: string[];
  /** Longest side, in pixels, images are brought to before upload (Bluesky: 2,000). */
  imageMaxDimension?: number;
  /** Most pixels an image may have (Mastodon's image_matrix_limit). */
  imageMaxPixels?: number;
  /** Width, in pixels, images are brought within (Instagram and Threads: 320–1440). */
  imageWidth?: { min: number; max: number };
  /**
   * Width / height an image must have; outside it, the person picks crop or borders (Instagram: 4:5 …
   * 1.91:1). `carouselLikeFirst`: the images of a carousel all take the first one's shape (Instagram
   * crops them to it).
   */
  imageAspect?: { min: number; max: number; carouselLikeFirst?: boolean };
  /** The network fetches every image from a public URL itself and takes no upload (Threads, Instagram). */
  mediaFromPublicUrl?: boolean;
  /**
   * Free text (Mastodon, Misskey); a spoiler, the warning shown as text with the post hidden behind
   * it (Threads); self-labels to pick from (Bluesky); or nothing.
   */
  contentWarning: 'text' | 'spoiler' | 'labels' | 'none';
  /** Longest content warning the server takes, when it limits it apart from the text. */
  contentWarningLimit?: number;
  /** Self-labels offered for a content warning when `contentWarning` is 'labels'. */
  contentLabels?: string[];
  visibilities: Visibility[];
  language: boolean;
  textOnlyAllowed: boolean;
  /** Long text can go out as a chain of replies. */
  threads: boolean;
  /** A link without images gets a preview card built from the page's metadata. */
  linkCards?: boolean;
  /** Tokens last a while (Threads, Instagram: 60 days) and are refreshed in the background. */
  expiringTokens?: boolean;
}

/** The numbers a network's counting rule takes, as the account's server publishes them. How they
 *  are counted (graphemes, code points, bytes) is the network's own rule, in its folder. */
export interface TextLimits {
  /** Most characters, as this network counts them. */
  maxCharacters: number;
  /** What every URL counts for where a URL counts as a fixed length (Mastodon's
   *  characters_reserved_per_url, 23 on a stock server). */
  urlLength?: number;
  /** Most UTF-8 bytes, where the network limits those as well (Bluesky: 3,000). */
  maxBytes?: number;
}

/** A text counted by a destination's rule. */
export interface Measure {
  /** Characters used, as the server counts them. */
  used: number;
  limit: number;
  /** `limit - used`; negative when over. */
  remaining: number;
  /** The server would refuse the post (exactly at the limit is still accepted). */
  over: boolean;
}

export interface Account {
  /** `${network}:${host}:${remote id}`: linking the same account again updates it in place. */
  id: string;
  network: NetworkId;
  /** Origin of the account's server, e.g. https://mastodon.social */
  server: string;
  remoteId: string;
  handle: string;
  displayName: string;
  avatarUrl: string;
  software: string;
  softwareVersion: string;
  capabilities: Capabilities;
  limits: TextLimits;
  status: 'ok' | 'needs-relink';
  statusMessage?: string;
  linkedAt: number;
  refreshedAt: number;
  /** For networks whose tokens expire: when the current one does, and when it was issued (ms). */
  tokenExpiresAt?: number;
  tokenIssuedAt?: number;
  /** The expiry is counted from linking (Meta said nothing of the token); the first renewal makes it exact. */
  tokenExpiryEstimated?: boolean;
  /** Why the last attempt to renew the token failed, until one succeeds. */
  tokenRenewalError?: string;
  /** The way it was linked (a link method's id): linking again that way can reuse what was saved. */
  linkedWith?: string;
}

/** Secrets live in their own table, read only through utils/credentials.ts (background only). */
export interface Credential {
  accountId: string;
  accessToken: string;
  scope: string;
  clientId?: string;
  clientSecret?: string;
  /** Sessions that expire (Bluesky): refreshed by the adapter before `expiresAt`. */
  refreshToken?: string;
  expiresAt?: number;
}

/** How a post is written; shared by drafts and the posts made from them. */
export interface PostContent {
  text: string;
  spoilerText: string;
  visibility: Visibility;
  language: string;
  /** Self-label for destinations whose content warning is a label (Bluesky); '' for none. */
  contentLabel?: string;
  /** Text over a destination's limit goes out as a thread there. */
  thread?: boolean;
  /** Thread parts end with " 1/3"… */
  numbering?: boolean;
  /** For destinations that need another shape (Instagram): crop the images, or add borders. */
  imageFit?: ImageFit;
  /** What a shared page said about itself, for a link card without reading the page again. */
  linkPreview?: LinkPreview;
}

export type ImageFit = 'crop' | 'pad';

/** A page's own title, description and image, as captured when it was shared. */
export interface LinkPreview {
  url: string;
  title: string;
  description: string;
  imageUrl?: string;
}

export interface Draft extends PostContent {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Something the person should know about this draft until they dismiss it (an image from a shared page that could not be fetched). */
  notice?: string;
  /** Search words of the text and content warning (utils/text/words.ts), kept by every write. */
  words?: string[];
}

/** The fields a person edits in the composer. */
export type EditableField = 'text' | 'spoilerText' | 'visibility' | 'language' | 'contentLabel' | 'thread' | 'numbering' | 'imageFit' | 'notice';

/** Edits not yet on disk: the composer batches keystrokes and writes them after a pause. */
export interface DraftEdits {
  draftId: string;
  fields: Partial<Pick<Draft, EditableField>>;
  /** Alt texts by media id. */
  alts: Record<string, string>;
}

/** An image attached to a draft or, once published, to a post. */
export interface MediaItem {
  id: string;
  draftId: string | null;
  postId: string | null;
  position: number;
  blob: Blob;
  name: string;
  type: string;
  size: number;
  alt: string;
  createdAt: number;
  /** As the browser decoded it when it was attached (orientation applied); absent for older images. */
  width?: number;
  height?: number;
  /** An animated WebP, told from its header when it was attached (utils/media/animated-webp.ts). */
  animated?: boolean;
}

export interface Post extends PostContent {
  id: string;
  createdAt: number;
  mediaIds: string[];
}

export type DeliveryState = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'needs-relink';

export interface MediaCheckpoint {
  remoteId: string;
  ready: boolean;
  /** What the network needs to attach the upload later (Bluesky's blob reference). */
  ref?: unknown;
  width?: number;
  height?: number;
  /** What was uploaded (type, pixels, bytes), for `publicCopy` once the network serves it. */
  uploaded?: Omit<PublicCopy, 'url'>;
  /** Where the network serves this copy to anyone: Threads and Instagram can fetch it from there. */
  publicCopy?: PublicCopy;
}

/** An image as one destination prepared and serves it, at a public URL. */
export interface PublicCopy {
  url: string;
  type: string;
  width: number;
  height: number;
  size: number;
}

/** One part of what a delivery posts (a thread has several), frozen when the post is queued.
 *  `key` (Mastodon's Idempotency-Key, Bluesky's record key) is chosen before the first attempt so
 *  that a retry can never create a second post. */
export interface PartCheckpoint {
  text: string;
  key: string;
  /** Set just before the request that creates the part: after a lost answer, look before posting again. */
  sentAt?: number;
  remoteId?: string;
  url?: string;
  /** Bluesky strong reference of the created record, for replies. */
  uri?: string;
  cid?: string;
  /** Threads and Instagram: the container made for this part, stored before it is published. */
  containerId?: string;
}

export interface DeliveryCheckpoint {
  media: Record<string, MediaCheckpoint>;
  parts: PartCheckpoint[];
  /** Images this delivery put in the person's bucket, by media id: reused by retries, deleted after publishing. */
  hosted?: Record<string, { url: string; key: string }>;
}

export interface DeliveryProgress {
  step: 'waiting' | 'preparing' | 'uploading' | 'posting' | 'done';
  current: number;
  total: number;
}

export interface DeliveryError {
  kind: 'auth' | 'rate-limit' | 'validation' | 'transient';
  message: string;
  /** The post was sent but the server did not confirm it in time: it may be published already. */
  unconfirmed?: boolean;
}

export interface Delivery {
  id: string;
  postId: string;
  accountId: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  checkpoint: DeliveryCheckpoint;
  progress: DeliveryProgress;
  error?: DeliveryError;
  url?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * The person's own S3-compatible bucket (AWS S3, Cloudflare R2, MinIO…), where images go when Threads
 * or Instagram have no other public copy to fetch. The secret key is not here: it is kept with the
 * tokens (utils/credentials.ts).
 */
export interface BucketSettings {
  /** The S3 API's origin, e.g. https://s3.eu-west-1.amazonaws.com; path-style unless it names the bucket. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  /** Where the bucket's objects are served to anyone, without a trailing slash. */
  publicBaseUrl: string;
  /** Delete each image once Meta has published the post. */
  deleteAfterPublish: boolean;
}

/** The settings table holds one row per key; utils/settings.ts types each key's value. */
export interface Setting {
  key: string;
  value: unknown;
}
