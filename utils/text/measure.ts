import type { Measure } from '../model';

/** `used` characters against `limit`; exactly at the limit is still accepted. */
export function measured(used: number, limit: number): Measure {
  return { used, limit, remaining: limit - used, over: used > limit };
}

/** Of two limits a text must meet at once, the one closer to being exceeded (the counter shows it). */
export function tighter(a: Measure, b: Measure): Measure {
  return b.used / b.limit > a.used / a.limit ? b : a;
}
