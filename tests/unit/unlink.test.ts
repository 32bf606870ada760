// @vitest-environment node
/**
 * Unlinking leaves cleanly: the server is told to revoke the token where the network offers that,
 * and the token is forgotten here whatever the server answers. (Bluesky's deleteSession is tested
 * against the real PDS in bluesky.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { db } from '../../utils/db';
import { linkAccount, unlinkAccount } from '../../utils/linking';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';

let server: MastodonServer;

beforeAll(async () => {
  server = await startMastodonServer({});
  server.setOAuthUser(server.createAccount({ username: 'una' }).accountId);
});
afterAll(() => server.close());

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  fakeBrowser.permissions.contains = async () => true;
  fakeBrowser.permissions.request = async () => true;
  fakeBrowser.permissions.remove = async () => true;
  fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
  // The person presses Authorize on the server's page; the browser hands back where it redirects.
  fakeBrowser.identity.launchWebAuthFlow = (async ({ url }: { url: string }) => {
    const page = await (await fetch(url)).text();
    const form = /<form class="approve"[^>]*>([\s\S]*?)<\/form>/.exec(page)![1]!;
    const fields = new URLSearchParams([...form.matchAll(/name="([^"]*)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    const answer = await fetch(new URL('/oauth/authorize', url), { method: 'POST', body: fields, redirect: 'manual' });
    return answer.headers.get('location')!;
  }) as never;
});

/** Whether the server still takes this token (GET verify_credentials). */
async function works(token: string): Promise<boolean> {
  const answer = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } });
  return answer.ok;
}

describe('unlinking', () => {
  it('revokes a token the extension obtained, then forgets it', async () => {
    const account = await linkAccount('mastodon', 'oauth', { server: server.url });
    const token = (await db.credentials.get(account.id))!.accessToken;
    expect(await works(token)).toBe(true);
    expect(await unlinkAccount(account.id)).toEqual({ notice: undefined });
    expect(await works(token)).toBe(false);
    expect(await db.accounts.get(account.id)).toBeUndefined();
    expect(await db.credentials.get(account.id)).toBeUndefined();
  });

  it('forgets the token even when the server cannot be told, and says what to do', async () => {
    const account = await linkAccount('mastodon', 'oauth', { server: server.url });
    const token = (await db.credentials.get(account.id))!.accessToken;
    // The server is out of reach (nothing listens on port 9).
    await db.accounts.update(account.id, { server: 'http://127.0.0.1:9' });
    const { notice } = await unlinkAccount(account.id);
    expect(notice).toMatch(new RegExp(`${account.handle} is unlinked.*could not be told to revoke it.*revoke the extension's access in that server's settings`));
    expect(await db.credentials.get(account.id)).toBeUndefined();
    // It does still work there: that is what the notice is for.
    expect(await works(token)).toBe(true);
  });

  it("leaves a pasted token alone: it is the person's, made in their settings", async () => {
    const token = server.issueToken(server.createAccount({ username: 'paste' }).accountId);
    const account = await linkAccount('mastodon', 'token', { server: server.url, token });
    expect(await unlinkAccount(account.id)).toEqual({ notice: undefined });
    expect(await works(token)).toBe(true);
    expect(await db.credentials.get(account.id)).toBeUndefined();
  });
});
