/**
 * Access to a linked site, given back once no delivery needs it. The composer asks for the site of
 * a post's first link inside the Publish click (or, for a page shared with what it said, the site of
 * its image: `cardAccessSite` in utils/networks/card-site.ts), so that the worker can read it for a link
 * card. Kept, that access would let every later page whose card points there (a redirect, an
 * og:image) reach it, and it would pile up one site per post. Worker only.
 */
import { browser } from 'wxt/browser';
import { db } from '../db';
import { ENDED } from '../history';
import type { Account, Delivery, Post } from '../model';
import { cardAccessSite, cardSiteFor } from '../networks/card-site';
import { originPattern } from '../networks/server-address';
import { readSetting } from '../settings';

/** The site a delivery's card had access asked for, if any (utils/networks/card-site.ts). */
function cardSiteOf(delivery: Delivery, post: Post | undefined, accounts: Map<string, Account>): string | undefined {
  const account = accounts.get(delivery.accountId);
  return post && account ? cardAccessSite(post, post.mediaIds.length, [account]) : undefined;
}

function patternOf(origin: string): string | undefined {
  try {
    return originPattern(origin);
  } catch {
    // A stored address that is not a URL names no site to keep.
    return undefined;
  }
}

/** Whether a manifest match pattern (`http://127.0.0.1/*`, `*://*.example.com/*`, `<all_urls>`) covers a site's pattern. */
function covers(grant: string, site: string): boolean {
  if (grant === '<all_urls>') return true;
  const granted = /^(\*|https?):\/\/([^/]+)\//.exec(grant);
  const wanted = /^(https?):\/\/([^/]+)\//.exec(site);
  if (!granted || !wanted) return false;
  const [, grantScheme, grantHost = ''] = granted;
  const [, scheme, host = ''] = wanted;
  const hostCovered = grantHost === '*' || grantHost === host || (grantHost.startsWith('*.') && (host === grantHost.slice(2) || host.endsWith(grantHost.slice(1))));
  return (grantScheme === '*' || grantScheme === scheme) && hostCovered;
}

/** Host access the manifest grants: the browser refuses to remove it (loopback, in test builds). */
function manifestGrants(): string[] {
  // Manifest V3 lists host access apart; Firefox's MV2 build lists it among the permissions.
  const manifest = browser.runtime.getManifest() as { host_permissions?: unknown[]; permissions?: unknown[] };
  return [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? [])].filter((entry): entry is string => typeof entry === 'string');
}

/**
 * Sites access was granted to for something else: linked accounts' servers, the image bucket's API,
 * and the link of the draft on screen, which may be being published right now (its Publish click
 * asked for access a moment ago, and its deliveries are not written yet).
 */
async function sitesInUse(accounts: Account[]): Promise<Set<string>> {
  const [bucket, currentDraftId] = await Promise.all([readSetting('bucket'), readSetting('currentDraftId')]);
  const current = currentDraftId ? await db.drafts.get(currentDraftId) : undefined;
  const origins = [...accounts.map((account) => account.server), ...(bucket ? [bucket.endpoint] : [])];
  const sites = origins.map(patternOf).filter((site): site is string => site !== undefined);
  const drafted = current ? cardSiteFor(current) : undefined;
  return new Set([...sites, ...(drafted ? [drafted] : [])]);
}

/** Sites the cards of deliveries still to run (other than `deliveryId`) may need to read. */
async function sitesStillNeeded(deliveryId: string, accounts: Map<string, Account>): Promise<Set<string>> {
  const pending = await db.deliveries
    .where('state')
    .noneOf([...ENDED])
    .filter((other) => other.id !== deliveryId)
    .toArray();
  const posts = await db.posts.bulkGet(pending.map((other) => other.postId));
  return new Set(pending.map((other, index) => cardSiteOf(other, posts[index], accounts)).filter((site): site is string => site !== undefined));
}

/**
 * Give back access to the site a delivery's link card was read from, once that delivery has ended
 * (done, or failed until the person retries; a retry then posts the plain link unless Publish asks
 * again). Kept when a delivery still to run may need it, when a linked account's server or the image
 * bucket is on that site, and when the manifest grants it. Never throws: access not given back
 * changes nothing about the delivery, nor about the worker starting.
 */
export async function releaseLinkSiteAccess(deliveryId: string): Promise<void> {
  try {
    const delivery = await db.deliveries.get(deliveryId);
    if (!delivery || !ENDED.has(delivery.state)) return;
    const [accountList, post] = await Promise.all([db.accounts.toArray(), db.posts.get(delivery.postId)]);
    const accounts = new Map(accountList.map((account) => [account.id, account]));
    const site = cardSiteOf(delivery, post, accounts);
    if (!site) return;
    const [needed, inUse] = await Promise.all([sitesStillNeeded(deliveryId, accounts), sitesInUse(accountList)]);
    if (needed.has(site) || inUse.has(site) || manifestGrants().some((grant) => covers(grant, site))) return;
    // Not granted (a site never asked for, such as plain http away from loopback) is as good as given back.
    await browser.permissions.remove({ origins: [site] }).catch(() => false);
  } catch (error) {
    console.warn('Access to a linked site could not be given back', error);
  }
}
