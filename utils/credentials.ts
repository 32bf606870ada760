/**
 * Access to tokens and secrets. Only background code imports this module (a test in
 * tests/unit/architecture holds that): extension pages and content scripts never hold a token.
 */
import { db } from './db';
import type { Credential } from './model';

export function readCredential(accountId: string): Promise<Credential | undefined> {
  return db.credentials.get(accountId);
}

export async function saveCredential(credential: Credential): Promise<void> {
  await db.credentials.put(credential);
}

/** The bucket's secret access key is kept with the tokens, under an id no account can have. */
const BUCKET_SECRET_ID = 'bucket:secret-access-key';

export async function readBucketSecret(): Promise<string | undefined> {
  return (await db.credentials.get(BUCKET_SECRET_ID))?.accessToken;
}

export async function saveBucketSecret(secret: string | null): Promise<void> {
  if (secret === null) await db.credentials.delete(BUCKET_SECRET_ID);
  else await db.credentials.put({ accountId: BUCKET_SECRET_ID, accessToken: secret, scope: 's3' });
}
