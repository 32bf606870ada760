/**
 * The toolbar badge: deliveries that need the person (refused, or waiting for a re-link) in red;
 * otherwise deliveries on their way (queued, running, waiting to retry) in blue; nothing when all are
 * done. Background only. It follows the deliveries table as it changes (Dexie liveQuery), so no
 * writer has to remember to update it.
 */
import { liveQuery } from 'dexie';
import { db } from './db';
import { toolbarAction } from './toolbar';

export const BADGE_COLOURS = { failed: '#b3261e', inFlight: '#3457d5' } as const;

export interface BadgeState {
  text: string;
  colour?: string;
}

/** What the badge shows for these counts. */
export function badgeFor(counts: { failed: number; inFlight: number }): BadgeState {
  if (counts.failed > 0) return { text: String(counts.failed), colour: BADGE_COLOURS.failed };
  if (counts.inFlight > 0) return { text: String(counts.inFlight), colour: BADGE_COLOURS.inFlight };
  return { text: '' };
}

async function counts(): Promise<{ failed: number; inFlight: number }> {
  const [failed, inFlight] = await Promise.all([
    db.deliveries.where('state').anyOf(['failed', 'needs-relink']).count(),
    db.deliveries.where('state').anyOf(['queued', 'running', 'retrying']).count(),
  ]);
  return { failed, inFlight };
}

async function show(state: BadgeState): Promise<void> {
  const action = toolbarAction();
  if (state.colour) await action.setBadgeBackgroundColor({ color: state.colour });
  await action.setBadgeText({ text: state.text });
}

let watching = false;
/** Each change is shown after the one before has been: two in quick succession never land swapped. */
let shown: Promise<void> = Promise.resolve();

/** From the worker's start: the badge follows the deliveries from now on. */
export function watchBadge(): void {
  if (watching) return;
  watching = true;
  liveQuery(counts).subscribe({
    next: (found) => {
      shown = shown.then(() => show(badgeFor(found))).catch((error: unknown) => console.warn('The badge could not be set', error));
    },
    error: (error: unknown) => console.warn('The badge stopped following the deliveries', error),
  });
}
