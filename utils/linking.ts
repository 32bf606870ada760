/** Linking, refreshing and unlinking accounts. Background only: this is where tokens are written. */
import { browser } from 'wxt/browser';
import { markNeedsRelink } from './accounts';
import { readCredential } from './credentials';
import { db } from './db';
import { messageOf, t } from './i18n';
import type { Account, NetworkId } from './model';
import { adapterFor } from './networks/adapters';
import { isNetworkError, RateLimitError, TransientError } from './networks/errors';
import { linkMethodsOf } from './networks/link-registry';
import { originPattern } from './networks/server-address';
import type { LinkMethod, LinkResult } from './networks/types';
import { failedOffline } from './offline';
import { abandonAccount, requeueAccount } from './outbox/schedule';

export class AccountError extends Error {
  override readonly name = 'AccountError';
}

/** The host of a permission pattern ("https://mastodon.social/*"). */
const hostOf = (pattern: string | undefined) => (pattern ? new URL(pattern.replace('/*', '/')).host : '');

function methodOf(network: NetworkId, methodId: string) {
  const method = linkMethodsOf(network).find((m) => m.id === methodId);
  if (!method) throw new AccountError(`Unknown way to link: ${network}/${methodId}`);
  return method;
}

/** Save profile and credential together: an account is either fully linked or not at all. */
async function store(result: LinkResult, linkedWith?: string): Promise<Account> {
  const now = Date.now();
  return db.transaction('rw', [db.accounts, db.credentials], async () => {
    const existing = await db.accounts.get(result.profile.id);
    const account: Account = {
      // A profile read again without news of the token keeps what was known of it.
      ...(result.profile.tokenExpiresAt === undefined
        ? { tokenIssuedAt: existing?.tokenIssuedAt, tokenExpiresAt: existing?.tokenExpiresAt, tokenExpiryEstimated: existing?.tokenExpiryEstimated }
        : {}),
      ...result.profile,
      // Refreshing a profile does not change how it was linked.
      linkedWith: linkedWith ?? existing?.linkedWith,
      status: 'ok',
      statusMessage: undefined,
      linkedAt: existing?.linkedAt ?? now,
      refreshedAt: now,
    };
    await db.accounts.put(account);
    await db.credentials.put({ ...result.credential, accountId: account.id });
    return account;
  });
}

/**
 * Fields left empty when linking `relink` again, filled from its saved credential (method.savedFields):
 * only for an account of this network, linked this way, whose server this link talks to, so a saved
 * app secret goes nowhere it did not go before.
 */
async function withSavedFields(network: NetworkId, method: LinkMethod, input: Record<string, string>, relink: string | undefined): Promise<Record<string, string>> {
  const account = relink && method.savedFields ? await db.accounts.get(relink) : undefined;
  const sameWay = account?.network === network && account.linkedWith === method.id;
  const sameServer = account && method.origins(input).includes(originPattern(account.server));
  const saved = sameWay && sameServer ? await readCredential(account.id) : undefined;
  if (!saved) return input;
  const filled = { ...input };
  for (const [field, key] of Object.entries(method.savedFields ?? {})) {
    if (!filled[field]?.trim() && key && saved[key]) filled[field] = saved[key];
  }
  return filled;
}

/**
 * What a failed link says. Linking is the person's own action and nothing tries it again, so a
 * server's passing trouble, which the outbox answers with "we'll try again shortly", says to try
 * again; and a request that failed offline says so rather than "check the address".
 */
function asLinkingError(error: unknown, host: string): unknown {
  if (failedOffline(error)) return new TransientError(t('errorOfflineLinking'), { cause: error });
  if (!isNetworkError(error)) return error;
  const options = { cause: error, detail: error.detail, status: error.status, code: error.code };
  if (error instanceof RateLimitError) {
    return new RateLimitError(t('errorLinkRateLimited', host, new Date(error.retryAt).toLocaleTimeString()), error.retryAt, options);
  }
  // A 5xx, or an error code the server calls temporary (Meta's); not a timeout or an unreachable
  // server (no status), nor a web page instead of the API: those say to check the address.
  const serverTrouble = (error.status !== undefined && error.status >= 500) || error.code !== undefined;
  if (error instanceof TransientError && serverTrouble) return new TransientError(t('errorLinkServerTrouble', host), options);
  return error;
}

export async function linkAccount(network: NetworkId, methodId: string, given: Record<string, string>, relink?: string): Promise<Account> {
  const method = methodOf(network, methodId);
  const input = await withSavedFields(network, method, given, relink);
  // The page asked for these inside the person's click; without them every fetch would fail on CORS.
  const origins = method.origins(input);
  if (!(await browser.permissions.contains({ origins }))) {
    throw new AccountError(t('errorPermissionMissing', origins.map(hostOf).join(', ')));
  }
  const linked = await adapterFor(network)
    .link(methodId, input)
    .catch((error: unknown) => {
      throw asLinkingError(error, hostOf(origins[0]));
    });
  const account = await store(linked, methodId);
  // Deliveries that waited for this account to be linked again continue now.
  await requeueAccount(account.id);
  return account;
}

export async function refreshAccount(accountId: string): Promise<Account> {
  const account = await db.accounts.get(accountId);
  const credential = await readCredential(accountId);
  if (!account || !credential) throw new AccountError(t('errorAccountMissing'));
  try {
    return await store(await adapterFor(account.network).refresh(account, credential));
  } catch (error) {
    if (isNetworkError(error) && error.kind === 'auth') await markNeedsRelink(accountId, error.message);
    throw error;
  }
}

/**
 * Unlink: the server is told the token is no longer wanted where the network offers that, then the
 * account and its token are forgotten here, whatever the server answered. Returns, in words, what
 * the person should do when the server could not be told (revoke it in the server's settings).
 */
export async function unlinkAccount(accountId: string): Promise<{ notice?: string }> {
  const account = await db.accounts.get(accountId);
  if (!account) return {};
  const notice = await revokeQuietly(account);
  await db.transaction('rw', [db.accounts, db.credentials], async () => {
    await db.accounts.delete(accountId);
    await db.credentials.delete(accountId);
  });
  await abandonAccount(accountId);
  const sameServer = await db.accounts.filter((other) => other.server === account.server).count();
  if (sameServer === 0) {
    const host = new URL(account.server);
    // Access was asked per server; give it back when no account there is left. Permissions the
    // manifest grants (loopback in test builds) cannot be removed, and that is fine.
    await browser.permissions.remove({ origins: [`${host.protocol}//${host.hostname}/*`] }).catch(() => false);
  }
  return { notice };
}

/** Revoke the account's token on its server; undefined when done or not offered, else what to do. */
async function revokeQuietly(account: Account): Promise<string | undefined> {
  const adapter = adapterFor(account.network);
  const credential = await readCredential(account.id);
  if (!adapter.revoke || !credential) return undefined;
  try {
    await adapter.revoke(account, credential);
    return undefined;
  } catch (error) {
    return t('unlinkRevokeFailed', account.handle, new URL(account.server).host, messageOf(error));
  }
}
