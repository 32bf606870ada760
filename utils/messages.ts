import { browser, type Browser } from 'wxt/browser';
import { t } from './i18n';
import type { Account, BucketSettings, DraftEdits, NetworkId } from './model';

/**
 * The one protocol between extension pages and the background. Pages ask; the background owns
 * tokens and every network call. Each entry: request payload → response value.
 */
export interface ProtocolMap {
  /** `relink`: the account being linked again, whose saved app id and secret fill fields left empty. */
  'account.link': { request: { network: NetworkId; method: string; input: Record<string, string>; relink?: string }; response: Account };
  'account.unlink': { request: { accountId: string }; response: { notice?: string } };
  'account.refresh': { request: { accountId: string }; response: Account };
  'outbox.publish': { request: { draftId: string; accountIds: string[] }; response: { postId: string } };
  'outbox.retry': { request: { deliveryId: string }; response: null };
  /** Delete a post from the history (here only; what was published stays published). */
  'history.delete': { request: { postId: string }; response: null };
  /** Save a closing page's last edits: the worker outlives the page, whose own write may be cut off. */
  'draft.save': { request: DraftEdits; response: null };
  /** Keep the person's bucket (the secret goes with the tokens, read only by the background). */
  'bucket.save': { request: { settings: BucketSettings; secret: string }; response: null };
  'bucket.remove': { request: Record<string, never>; response: null };
  /** Wake the worker so it resumes any unfinished delivery (opening the popup does this). */
  'outbox.wake': { request: Record<string, never>; response: null };
}

export type MessageType = keyof ProtocolMap;
export type RequestOf<K extends MessageType> = ProtocolMap[K]['request'];
export type ResponseOf<K extends MessageType> = ProtocolMap[K]['response'];

const PROTOCOL = 'everywhere-post/1';

export interface Envelope<K extends MessageType = MessageType> {
  protocol: typeof PROTOCOL;
  type: K;
  payload: RequestOf<K>;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { message: string; kind?: string } };

/** An error the background sent back; `message` is written for people. */
export class BackgroundError extends Error {
  override readonly name = 'BackgroundError';
  constructor(
    message: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

export async function sendMessage<K extends MessageType>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  const envelope: Envelope<K> = { protocol: PROTOCOL, type, payload };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<ResponseOf<K>> | undefined;
  if (!reply) throw new BackgroundError(t('errorBackgroundSilent'));
  if (!reply.ok) throw new BackgroundError(reply.error.message, reply.error.kind);
  return reply.value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isRecordOfStrings = (value: unknown): value is Record<string, string> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(isString);
const isRecordOfScalars = (value: unknown): value is Record<string, string | boolean> =>
  !!value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((entry) => isString(entry) || typeof entry === 'boolean');

const isBucketSettings = (value: unknown): value is BucketSettings => {
  const settings = value as Record<string, unknown> | null;
  return (
    !!settings &&
    typeof settings === 'object' &&
    ['endpoint', 'bucket', 'region', 'accessKeyId', 'publicBaseUrl'].every((key) => isString(settings[key])) &&
    typeof settings.deleteAfterPublish === 'boolean'
  );
};

/** Payload checks per message: what arrives is checked where it arrives, and rejected if odd. */
const PAYLOAD_CHECKS: { [K in MessageType]: (payload: Record<string, unknown>) => boolean } = {
  'account.link': (p) => isString(p.network) && isString(p.method) && isRecordOfStrings(p.input) && (p.relink === undefined || isString(p.relink)),
  'account.unlink': (p) => isString(p.accountId),
  'account.refresh': (p) => isString(p.accountId),
  'outbox.publish': (p) => isString(p.draftId) && isStringArray(p.accountIds),
  'outbox.retry': (p) => isString(p.deliveryId),
  'history.delete': (p) => isString(p.postId),
  'outbox.wake': () => true,
  'bucket.save': (p) => isBucketSettings(p.settings) && isString(p.secret),
  'bucket.remove': () => true,
  'draft.save': (p) => isString(p.draftId) && isRecordOfScalars(p.fields) && isRecordOfStrings(p.alts),
};

/** A well-formed envelope of a known type with a payload of the right shape, or undefined. */
export function parseEnvelope(message: unknown): Envelope | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { protocol, type, payload } = message as Record<string, unknown>;
  if (protocol !== PROTOCOL || !isString(type) || !(type in PAYLOAD_CHECKS)) return undefined;
  if (!payload || typeof payload !== 'object') return undefined;
  if (!PAYLOAD_CHECKS[type as MessageType](payload as Record<string, unknown>)) return undefined;
  return message as Envelope;
}

/**
 * Only the extension's own pages may talk to the background: not web pages (no
 * externally_connectable), not content scripts (their sender URL is the web page's).
 */
export function isTrustedSender(sender: Browser.runtime.MessageSender, extensionOrigin: string): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const url = sender.url ?? '';
  return url.startsWith(extensionOrigin);
}
