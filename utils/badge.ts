/** The toolbar badge. Background only. */
import { browser } from 'wxt/browser';
import { db } from './db';

/** Counts deliveries that need the person: refused, or waiting for a re-link. */
export async function updateBadge(): Promise<void> {
  const count = await db.deliveries.where('state').anyOf(['failed', 'needs-relink']).count();
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
}
