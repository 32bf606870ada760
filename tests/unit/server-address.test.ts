// @vitest-environment node
/** What the person typed as a server address, and how a wrong one is repeated back. */
import { describe, expect, it } from 'vitest';
import { normalizeServerAddress } from '../../utils/networks/server-address';

function errorFor(typed: string): string {
  try {
    normalizeServerAddress(typed);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted: ${typed}`);
}

describe('normalizeServerAddress', () => {
  it('turns a handle or a profile address into the server', () => {
    expect(normalizeServerAddress(' @me@Mastodon.Social ')).toBe('https://mastodon.social');
    expect(normalizeServerAddress('https://mastodon.social/@me')).toBe('https://mastodon.social');
  });

  it('repeats a short wrong address in full', () => {
    expect(errorFor('mastodon')).toBe('"mastodon" is not a server address. Type it like mastodon.social.');
  });

  it('repeats only the start of a long wrong address', () => {
    const pasted = 'x'.repeat(2_000);
    expect(errorFor(pasted)).toBe(`"${'x'.repeat(60)}…" is not a server address. Type it like mastodon.social.`);
    // Pasted text with spaces, and a host that needs https: the same.
    expect(errorFor(`${'word '.repeat(400)}end`)).toContain(`"${'word '.repeat(12)}…"`);
    expect(errorFor(`http://${'a'.repeat(2_000)}.example`)).toBe(`${'a'.repeat(60)}… must be reached over https.`);
  });

  it('never cuts an emoji in half', () => {
    const message = errorFor('😀'.repeat(100));
    expect(message).toContain(`"${'😀'.repeat(60)}…"`);
    expect(message.isWellFormed()).toBe(true);
  });
});
