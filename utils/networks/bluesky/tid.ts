/**
 * Timestamp identifiers (TIDs), the record keys of AT Protocol repositories:
 * https://atproto.com/specs/tid — 64 bits (top bit 0, 53 bits of microseconds since the epoch,
 * 10 bits of clock id) written as 13 characters of sortable base32.
 */
const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
let lastMicros = 0;
const clockId = Math.floor(Math.random() * 1024);

export function newTid(nowMs = Date.now()): string {
  let micros = nowMs * 1000;
  // Strictly increasing within this worker, so two parts queued in one millisecond still differ.
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  let value = (BigInt(micros) << 10n) | BigInt(clockId);
  let out = '';
  for (let index = 0; index < 13; index++) {
    out = ALPHABET[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}
