import Dexie, { type EntityTable } from 'dexie';
import { DATABASE_NAME } from './db-name';
import { wordsOf } from './text/words';
import type { CountRule } from './text/count';

/** Audience of a post, in words every network can map to its own options. */
export type Visibility = 'public' | 'unlisted' | 'followers' | 'mentioned';

export type NetworkId = 'mastodon' | 'misskey' | 'bluesky';

/** What a destination can take; computed by its adapter at link time and kept with the account so
 *  the UI never needs network code. */
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
  /** Free text (Mastodon, Misskey), self-labels to pick from (Bluesky), or nothing. */
  contentWarning: 'text' | 'labels' | 'none';
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
  countRule: CountRule;
  status: 'ok' | 'needs-relink';
  statusMessage?: string;
  linkedAt: number;
  refreshedAt: number;
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
}

export interface Draft extends PostContent {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Search words of the text and content warning (utils/text/words.ts), kept by every write. */
  words?: string[];
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
}

export interface DeliveryCheckpoint {
  media: Record<string, MediaCheckpoint>;
  parts: PartCheckpoint[];
}

export interface DeliveryProgress {
  step: 'waiting' | 'preparing' | 'uploading' | 'posting' | 'done';
  current: number;
  total: number;
}

export interface DeliveryError {
  kind: 'auth' | 'rate-limit' | 'validation' | 'transient';
  message: string;
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

export interface Setting {
  key: string;
  value: unknown;
}

export { DATABASE_NAME };

export class CrosspostDatabase extends Dexie {
  drafts!: EntityTable<Draft, 'id'>;
  media!: EntityTable<MediaItem, 'id'>;
  accounts!: EntityTable<Account, 'id'>;
  credentials!: EntityTable<Credential, 'accountId'>;
  posts!: EntityTable<Post, 'id'>;
  deliveries!: EntityTable<Delivery, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    // Each schema change adds a version here, never edits an old one, and comes with a test in
    // tests/unit/db-migrations.test.ts that opens a database written by the previous version.
    this.version(1).stores({
      drafts: 'id, updatedAt',
      media: 'id, draftId, postId',
      accounts: 'id, network',
      credentials: 'accountId',
      posts: 'id, createdAt',
      deliveries: 'id, postId, accountId, state',
      settings: 'key',
    });
    // 2: drafts are searched through a multi-entry index of their words, not by reading them all.
    this.version(2)
      .stores({ drafts: 'id, updatedAt, *words' })
      .upgrade((tx) =>
        tx
          .table('drafts')
          .toCollection()
          .modify((draft: Draft) => {
            draft.words = wordsOf(draft.text, draft.spoilerText);
          }),
      );
  }
}

export const db = new CrosspostDatabase();

export function newId(): string {
  return crypto.randomUUID();
}

/** A setting written through Dexie, for background code that writes it inside a Dexie
 *  transaction; pages use utils/settings.ts, which needs no Dexie. */
export async function putSetting(key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
