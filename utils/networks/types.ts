/**
 * The contract every network folder fulfils (utils/networks/<id>/): a description, safe for pages,
 * and an adapter, for the worker only. The outbox and the UI know capabilities, never network names.
 */
import type { MessageKey } from '../i18n';
import type {
  Account,
  Capabilities,
  Credential,
  DeliveryCheckpoint,
  DeliveryProgress,
  LinkPreview,
  Measure,
  NetworkId,
  TextLimits,
  Visibility,
} from '../model';

/** One field of a link form. */
export interface LinkField {
  name: string;
  label: MessageKey;
  placeholder?: MessageKey;
  secret?: boolean;
  optional?: boolean;
}

/** One way to link an account, as the options page offers it. */
export interface LinkMethod {
  id: string;
  label: MessageKey;
  help: MessageKey;
  fields: LinkField[];
  /** The sign-in runs through the person's own app, which must list the extension's redirect URL. */
  showsRedirectUrl?: boolean;
  /** What the form starts with when an account is linked again (its server, say). */
  prefill(account: Pick<Account, 'server'>): Record<string, string>;
  /**
   * Fields that may be left empty when an account linked this way is linked again: the background
   * takes them from its saved credential (the person's own app id and secret, typed once).
   */
  savedFields?: Partial<Record<string, 'clientId' | 'clientSecret'>>;
  /** Host permissions to request inside the person's click, before the background links. */
  origins(input: Record<string, string>): string[];
}

/**
 * What pages and the worker know about a network without loading its adapter: how to link, how its
 * server counts, what an account there can take until its server says otherwise.
 */
export interface NetworkDescription {
  id: NetworkId;
  /** The brand, inside sentences ("Instagram needs…"); not translated. */
  name: string;
  label: MessageKey;
  /**
   * The text as the server counts it. `spoilerText` is the content warning as this network receives
   * it as text ('' where it takes none): whether it counts toward the limit is the network's rule.
   */
  measure(text: string, spoilerText: string, limits: TextLimits): Measure;
  /** What this network refuses in the parts a post becomes that the shared checks do not cover
   *  (Threads: five links a post), in words for people. */
  partProblems?(parts: readonly string[]): string[];
  /** What an account can take where the server publishes nothing else. */
  capabilities: Capabilities;
  limits: TextLimits;
}

/** A linked account as an adapter reads it from the server; the linking code adds status and times. */
export type LinkedProfile = Omit<Account, 'status' | 'statusMessage' | 'linkedAt' | 'refreshedAt'>;

export interface LinkResult {
  profile: LinkedProfile;
  credential: Credential;
}

/** An image ready for upload: oriented, stripped of metadata, within the destination's limits. */
export interface PublishMedia {
  id: string;
  blob: Blob;
  name: string;
  type: string;
  alt: string;
  width: number;
  height: number;
}

/** What one destination receives, as utils/networks/parts.ts decided it (content-warning rule included). */
export interface PublishContent {
  /** The content warning as text, '' where this network takes none as text. */
  spoilerText: string;
  /** The self-label, '' unless this network labels and the post has a content warning. */
  contentLabel: string;
  visibility: Visibility;
  language: string;
  /** When the post was queued: records that carry a date use it, so every retry sends the same. */
  createdAt: number;
  /** All images go with the first part. The texts of the parts are in the checkpoint. */
  media: PublishMedia[];
  /** What a shared page said about itself: a link card to it needs no second read of the page. */
  linkPreview?: LinkPreview;
}

/**
 * Everything an adapter needs for one delivery. `checkpoint` is what earlier attempts finished;
 * the adapter calls `save` after every step so a stopped worker continues instead of starting over.
 */
export interface PublishContext {
  account: Account;
  credential: Credential;
  content: PublishContent;
  checkpoint: DeliveryCheckpoint;
  save(checkpoint: DeliveryCheckpoint): Promise<void>;
  /** How long the request that creates a post waits for its answer: longer at each attempt. */
  writeTimeoutMs: number;
  /** Store a refreshed session (Bluesky access tokens live about two hours). */
  saveCredential(credential: Credential): Promise<void>;
  progress(progress: DeliveryProgress): Promise<void>;
  /**
   * For networks that fetch images themselves (`mediaFromPublicUrl`): a public URL serving this
   * image as this destination can take it. The outbox finds it (the copy another destination of the
   * same post serves, else the person's bucket) and waits for it; it throws a typed error when there
   * is none.
   */
  publicImageUrl(item: PublishMedia): Promise<string>;
  signal?: AbortSignal;
}

export interface RenewedToken {
  credential: Credential;
  issuedAt: number;
  expiresAt: number;
}

export interface PublishResult {
  url: string;
  remoteId: string;
}

/** What the worker does with a network: link, refresh, publish. Never imported by a page. */
export interface NetworkAdapter {
  id: NetworkId;
  /** A fresh key for one part, chosen when the post is queued (an Idempotency-Key, a record key). */
  newPartKey(): string;
  /** Link with one of the description's methods. Interactive methods open a browser window from the
   *  background. Throws typed errors with messages for people. */
  link(methodId: string, input: Record<string, string>): Promise<LinkResult>;
  /** Read profile and limits again (the server's limits may have changed). */
  refresh(account: Account, credential: Credential): Promise<LinkResult>;
  /** For networks whose tokens expire (`expiringTokens`): a new token, valid from now. */
  renewToken?(account: Account, credential: Credential): Promise<RenewedToken>;
  publish(context: PublishContext): Promise<PublishResult>;
  /**
   * Unlinking: tell the server the token is no longer wanted, where the network offers that (a
   * credential it cannot revoke is left alone). Throws when the server could not be told; the token
   * is forgotten here either way.
   */
  revoke?(account: Account, credential: Credential): Promise<void>;
}
