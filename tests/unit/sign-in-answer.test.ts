// @vitest-environment node
/**
 * The answer to an OAuth sign-in must carry the state the extension sent: a forged or missing one is
 * refused as unsafe (utils/auth/web-auth-flow.ts), not taken for a closed window.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { runWebAuthFlow } from '../../utils/auth/web-auth-flow';
import { db } from '../../utils/db';
import { linkAccount } from '../../utils/linking';
import { ValidationError } from '../../utils/networks/errors';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';

const REDIRECT = 'https://extension-id.chromiumapp.org/';

let mastodon: MastodonServer;
beforeAll(async () => {
  mastodon = await startMastodonServer();
});
afterAll(() => mastodon.close());

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  fakeBrowser.permissions.contains = async () => true;
  fakeBrowser.identity.getRedirectURL = () => REDIRECT;
});

describe('the answer to signing in', () => {
  const signInWith = (answer: string) => {
    fakeBrowser.identity.launchWebAuthFlow = (async () => answer) as never;
  };
  const asked = (state?: string) => `https://social.example/oauth/authorize?client_id=c${state ? `&state=${state}` : ''}`;

  it('is refused as unsafe when its state is not the one sent, or missing', async () => {
    for (const answer of [`${REDIRECT}?code=stolen&state=forged`, `${REDIRECT}?code=stolen`]) {
      signInWith(answer);
      const refused = runWebAuthFlow(asked('s3cret'), 'social.example');
      await expect(refused).rejects.toThrow(
        'The answer to signing in to social.example was refused as unsafe: it did not come from the sign-in this extension started. Nothing was linked; try again.',
      );
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('is taken with the state sent; a refusal without a code, or a flow without state (MiAuth), as it comes', async () => {
    signInWith(`${REDIRECT}?code=good&state=s3cret`);
    expect((await runWebAuthFlow(asked('s3cret'), 'social.example')).searchParams.get('code')).toBe('good');
    signInWith(`${REDIRECT}?error=access_denied&error_reason=user_denied`);
    expect((await runWebAuthFlow(asked('s3cret'), 'social.example')).searchParams.get('error')).toBe('access_denied');
    signInWith(REDIRECT);
    expect((await runWebAuthFlow(asked(), 'social.example')).href).toBe(REDIRECT);
  });

  it('a forged answer while linking a Mastodon account links nothing and says why', async () => {
    signInWith(`${REDIRECT}?code=stolen&state=forged`);
    await expect(linkAccount('mastodon', 'oauth', { server: mastodon.url })).rejects.toThrow(/refused as unsafe/);
    expect(await db.accounts.count()).toBe(0);
  });

  it('a closed window still reads as cancelled', async () => {
    fakeBrowser.identity.launchWebAuthFlow = (async () => {
      throw new Error('The user did not approve access.');
    }) as never;
    await expect(runWebAuthFlow(asked('s3cret'), 'social.example')).rejects.toThrow(/cancelled or the window was closed/);
  });
});
