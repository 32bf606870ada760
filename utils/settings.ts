/** The person's settings and the little the composer remembers between openings, one row per key. */
import { db } from './db';
import type { BucketSettings, Visibility } from './model';

/** Every setting with its value's type and the value it has until it is first written. */
export interface Settings {
  /** The draft the composer shows (the popup and the compose page alike). */
  currentDraftId: string | null;
  /** The destinations chosen for the last post, chosen again for the next. */
  lastDestinations: string[];
  /** Publishing waits until every image has a description. */
  requireAltText: boolean;
  defaultVisibility: Visibility;
  /** Where images go for Threads and Instagram when no other destination serves them; null: nowhere. */
  bucket: BucketSettings | null;
  /** Shared links lose their tracking parameters (utm_*, fbclid…). */
  stripTracking: boolean;
}

export const SETTING_DEFAULTS: Settings = {
  currentDraftId: null,
  lastDestinations: [],
  requireAltText: false,
  defaultVisibility: 'public',
  bucket: null,
  stripTracking: true,
};

export type SettingKey = keyof Settings;

/** Reads inside a caller's transaction too, and as a live query. */
export async function readSetting<K extends SettingKey>(key: K): Promise<Settings[K]> {
  const row = await db.settings.get(key);
  return row === undefined ? SETTING_DEFAULTS[key] : (row.value as Settings[K]);
}

export async function writeSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  await db.settings.put({ key, value });
}
