import type { Account, Credential, DeliveryCheckpoint, DeliveryProgress, NetworkId, Visibility } from '../db';

/** A linked account as an adapter reads it from the server; the registry adds status and times. */
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

export interface PublishContent {
  spoilerText: string;
  visibility: Visibility;
  language: string;
  contentLabel: string;
  /** When the post was queued: records that carry a date use it, so every retry sends the same. */
  createdAt: number;
  /** All images go with the first part. The texts of the parts are in the checkpoint. */
  media: PublishMedia[];
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
  /** Store a refreshed session (Bluesky access tokens live about two hours). */
  saveCredential(credential: Credential): Promise<void>;
  progress(progress: DeliveryProgress): Promise<void>;
  signal?: AbortSignal;
}

export interface PublishResult {
  url: string;
  remoteId: string;
}

/** The contract every network implements; the outbox and the UI never branch on network names. */
export interface NetworkAdapter {
  id: NetworkId;
  /** A fresh key for one part, chosen when the post is queued (an Idempotency-Key, a record key). */
  newPartKey(): string;
  /** Link with one of the catalog's methods (utils/networks/catalog.ts). Interactive methods open a
   *  browser window from the background. Throws typed errors with messages for people. */
  link(methodId: string, input: Record<string, string>): Promise<LinkResult>;
  /** Read profile and limits again (the server's limits may have changed). */
  refresh(account: Account, credential: Credential): Promise<LinkResult>;
  publish(context: PublishContext): Promise<PublishResult>;
}
