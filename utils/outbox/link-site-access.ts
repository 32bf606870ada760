/**
 * Access to a linked site, given back once no delivery needs it. The composer asks for the site of
 * a post's first link inside the Publish click (or, for a page shared with what it said, the site of
 * its image: `cardAccessFor` in components/Composer.tsx), so that the worker can read it for a link
 * card. Kept, that access would let every later page whose card points there (a redirect, an
 * og:image) reach it, and it would pile up one site per post. Worker only.
 */
import { browser } from 'wxt/browser';
import { db } from '../db';
import type { Account, Delivery, DeliveryState, Post } from '../model';
import { cardSiteFor } from '../networks/card-site';
import { originPattern } from '../networks/server-address';
import { readSetting } from '../settings';

/** A delivery in one of these states will run again, and may read its card then. */
const STILL_TO_RUN: readonly DeliveryState[] = ['queued', 'running', 'retrying', 'needs-relink'];

/** The site the composer asked access to for a post's card, if any (a post with images has no card). */
function cardSitesOf(post: Post): string[] {
  const site = post.mediaIds.length > 0 ? undefined : cardSiteFor(post);
  return site ? [site] : [];
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
async function sitesInUse(): Promise<Set<string>> {
  const [accounts, bucket, currentDraftId] = await Promise.all([db.accounts.toArray(), readSetting('bucket'), readSetting('currentDraftId')]);
  const current = currentDraftId ? await db.drafts.get(currentDraftId) : undefined;
  const origins = [...accounts.map((account) => account.server), ...(bucket ? [bucket.endpoint] : [])];
  const sites = origins.map(patternOf).filter((site): site is string => site !== undefined);
  const drafted = current ? cardSiteFor(current) : undefined;
  return new Set([...sites, ...(drafted ? [drafted] : [])]);
}

/** Only a destination that makes link cards had access asked for its card. */
function cardsFor(account: Account | undefined): boolean {
  return account?.capabilities.linkCards === true;
}

/** Sites the cards of deliveries still to run (other than `deliveryId`) may need to read. */
async function sitesStillNeeded(deliveryId: string): Promise<Set<string>> {
  const pending = await db.deliveries
    .where('state')
    .anyOf([...STILL_TO_RUN])
    .filter((other) => other.id !== deliveryId)
    .toArray();
  const [accounts, posts] = await Promise.all([
    db.accounts.bulkGet(pending.map((other) => other.accountId)),
    db.posts.bulkGet(pending.map((other) => other.postId)),
  ]);
  return new Set(pending.flatMap((_, index) => (cardsFor(accounts[index]) && posts[index] ? cardSitesOf(posts[index]) : [])));
}

function hasEnded(delivery: Delivery | undefined): delivery is Delivery {
  return delivery !== undefined && !STILL_TO_RUN.includes(delivery.state);
}

/**
 * Give back access to the sites a delivery's link card was read from, once that delivery has ended
 * (done, or failed until the person retries; a retry then posts the plain link unless Publish asks
 * again). Kept when a delivery still to run may need it, when a linked account's server or the image
 * bucket is on that site, and when the manifest grants it.
 */
export async function releaseLinkSiteAccess(deliveryId: string): Promise<void> {
  const delivery = await db.deliveries.get(deliveryId);
  if (!hasEnded(delivery)) return;
  const [account, post] = await Promise.all([db.accounts.get(delivery.accountId), db.posts.get(delivery.postId)]);
  if (!cardsFor(account) || !post) return;
  const candidates = cardSitesOf(post);
  if (candidates.length === 0) return;
  const [needed, inUse] = await Promise.all([sitesStillNeeded(deliveryId), sitesInUse()]);
  const grants = manifestGrants();
  const unneeded = candidates.filter((site) => !needed.has(site) && !inUse.has(site) && !grants.some((grant) => covers(grant, site)));
  for (const site of unneeded) {
    // One at a time: the browser refuses a whole list for one site it cannot remove (one never
    // granted, such as plain http away from loopback). Not granted is as good as given back.
    await browser.permissions.remove({ origins: [site] }).catch(() => false);
  }
}
