/**
 * The person's own S3-compatible bucket: where images go for Threads and Instagram, which fetch them
 * from a public URL, when no other destination of the post serves a copy they can take. Requests are
 * signed (AWS Signature V4, aws4fetch). Worker only: it reads the secret key.
 */
import { AwsClient } from 'aws4fetch';
import { readBucketSecret, saveBucketSecret } from './credentials';
import { t } from './i18n';
import type { BucketSettings } from './model';
import { TransientError, ValidationError } from './networks/errors';
import { normalizeServerAddress } from './networks/server-address';
import { readSetting, writeSetting } from './settings';

/**
 * Keep the bucket's settings and secret. An empty `secret` keeps the one saved before, for the same
 * endpoint and access key only: a secret belongs to its key.
 */
export async function saveBucket(settings: BucketSettings, secret: string): Promise<void> {
  const before = await readSetting('bucket');
  const sameKey = before && normalizeServerAddress(settings.endpoint) === before.endpoint && settings.accessKeyId.trim() === before.accessKeyId;
  if (!secret.trim() && before && !sameKey) throw new ValidationError(t('errorBucketNewSecret'));
  const kept = secret.trim() || (sameKey ? ((await readBucketSecret()) ?? '') : '');
  const complete = [settings.endpoint, settings.bucket, settings.region, settings.accessKeyId, settings.publicBaseUrl, kept].every((value) => value.trim());
  if (!complete) throw new ValidationError(t('errorBucketIncomplete'));
  const cleaned: BucketSettings = {
    endpoint: normalizeServerAddress(settings.endpoint),
    bucket: settings.bucket.trim(),
    region: settings.region.trim(),
    accessKeyId: settings.accessKeyId.trim(),
    publicBaseUrl: new URL(settings.publicBaseUrl.trim()).href.replace(/\/+$/, ''),
    deleteAfterPublish: settings.deleteAfterPublish,
  };
  await saveBucketSecret(kept);
  await writeSetting('bucket', cleaned);
}

export async function removeBucket(): Promise<void> {
  await writeSetting('bucket', null);
  await saveBucketSecret(null);
}

interface Bucket {
  settings: BucketSettings;
  client: AwsClient;
}

async function openBucket(): Promise<Bucket | undefined> {
  const settings = await readSetting('bucket');
  const secret = await readBucketSecret();
  if (!settings || !secret) return undefined;
  return { settings, client: new AwsClient({ accessKeyId: settings.accessKeyId, secretAccessKey: secret, service: 's3', region: settings.region }) };
}

/** An object's address on the S3 API: virtual-hosted when the endpoint already names the bucket, else path-style. */
function objectUrl(settings: BucketSettings, key: string): string {
  const endpoint = new URL(settings.endpoint);
  const path = endpoint.hostname.startsWith(`${settings.bucket}.`) ? `/${key}` : `/${settings.bucket}/${key}`;
  return new URL(path, endpoint).href;
}

async function send(bucket: Bucket, url: string, init: RequestInit): Promise<Response> {
  try {
    return await bucket.client.fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (cause) {
    throw new TransientError(t('errorBucketUnreachable', new URL(bucket.settings.endpoint).host), { cause });
  }
}

/** Whether images can go to a bucket at all. */
export async function bucketReady(): Promise<boolean> {
  return (await openBucket()) !== undefined;
}

/** Put `blob` at `key`; its public URL. */
export async function uploadToBucket(key: string, blob: Blob, type: string): Promise<string> {
  const bucket = await openBucket();
  if (!bucket) throw new ValidationError(t('errorBucketIncomplete'));
  const response = await send(bucket, objectUrl(bucket.settings, key), {
    method: 'PUT',
    body: await blob.arrayBuffer(),
    headers: { 'Content-Type': type },
  });
  if (!response.ok) {
    const said = (await response.text().catch(() => '')).match(/<Message>([^<]*)<\/Message>/)?.[1] ?? response.statusText;
    const error = t('errorBucketRefused', String(response.status), said);
    throw response.status >= 500 ? new TransientError(error) : new ValidationError(error);
  }
  return `${bucket.settings.publicBaseUrl}/${key}`;
}

/** Delete what a published post no longer needs, if the person asked for that. A failure leaves the objects. */
export async function releaseFromBucket(keys: readonly string[]): Promise<void> {
  const bucket = await openBucket();
  if (!bucket || !bucket.settings.deleteAfterPublish) return;
  await Promise.all(
    keys.map(async (key) => {
      const response = await send(bucket, objectUrl(bucket.settings, key), { method: 'DELETE' }).catch((error: unknown) => error);
      if (!(response instanceof Response) || !response.ok) console.warn('An image could not be deleted from the bucket', key, response);
    }),
  );
}
