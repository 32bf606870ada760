/** The linked accounts as pages list them (no token: those are in utils/credentials.ts). */
import { db } from './db';
import type { Account } from './model';

export const byLinkedAt = (a: Account, b: Account) => a.linkedAt - b.linkedAt;

/** Linked accounts, oldest link first, as the composer and the accounts panel list them. */
export async function linkedAccounts(): Promise<Account[]> {
  return (await db.accounts.toArray()).sort(byLinkedAt);
}

/** The account's token no longer works: it says so until it is linked again. */
export async function markNeedsRelink(accountId: string, message: string): Promise<void> {
  await db.accounts.update(accountId, { status: 'needs-relink', statusMessage: message });
}
