/**
 * Access to tokens. Only background code imports this module (a test in tests/unit/architecture
 * holds that): extension pages and content scripts never hold a token.
 */
import { db } from './db';
import type { Credential } from './model';

export function readCredential(accountId: string): Promise<Credential | undefined> {
  return db.credentials.get(accountId);
}

export async function saveCredential(credential: Credential): Promise<void> {
  await db.credentials.put(credential);
}
