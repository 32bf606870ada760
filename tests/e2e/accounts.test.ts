import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { launchExtension, readTable, type ExtensionSession } from './harness';
import { OptionsPage } from './pages';

let session: ExtensionSession;
let modern: MastodonServer;
let legacy: MastodonServer;

beforeAll(async () => {
  modern = await startMastodonServer({ title: 'Modern', version: '4.3.0' });
  legacy = await startMastodonServer({ title: 'Legacy', software: 'pleroma', v2Instance: false, maxCharacters: 5000 });
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
  await modern?.close();
  await legacy?.close();
});

describe('linking Mastodon-compatible accounts', () => {
  it('links by OAuth through the server\'s sign-in page (PKCE), then shows avatar and handle', async () => {
    const { accountId } = modern.createAccount({ username: 'alice', displayName: 'Alice' });
    modern.setOAuthUser(accountId);
    const options = await OptionsPage.open(session);
    let consentPageUrl = '';
    const outcome = await options.linkWithOAuth(modern.url, async (authorize) => {
      consentPageUrl = authorize.url();
      await authorize.getByRole('button', { name: 'Authorize' }).click();
    });
    expect(consentPageUrl).toContain(`${modern.url}/oauth/authorize`);
    expect(consentPageUrl).toContain('code_challenge_method=S256');
    expect(outcome).toBe(`Linked @alice@${modern.host}.`);
    const row = options.accountRows().filter({ hasText: `@alice@${modern.host}` });
    await expect(row.locator('img.avatar').getAttribute('src')).resolves.toContain(modern.url);
    // The token is stored for the background only: it is not in the accounts table pages read.
    const accounts = await readTable(options.page, 'accounts');
    expect(JSON.stringify(accounts)).not.toMatch(/access_?token/i);
    await options.page.close();
  });

  it('links by pasted token to a server without /api/v2/instance, with its own limit', async () => {
    const { token } = legacy.createAccount({ username: 'bob' });
    const options = await OptionsPage.open(session);
    expect(await options.linkWithToken(legacy.url, token)).toBe(`Linked @bob@${legacy.host}.`);
    const accounts = await readTable<{ handle: string; software: string; limits: { maxCharacters: number } }>(options.page, 'accounts');
    const bob = accounts.find((account) => account.handle === `@bob@${legacy.host}`);
    expect(bob?.limits.maxCharacters).toBe(5000);
    expect(bob?.software).toBe('pleroma');
    await options.page.close();
  });

  it('says so when the person declines on the sign-in page, and links nothing', async () => {
    const options = await OptionsPage.open(session);
    const before = await options.accountRows().count();
    const outcome = await options.linkWithOAuth(modern.url, async (authorize) => {
      await authorize.getByRole('button', { name: 'Deny' }).click();
    });
    expect(outcome).toMatch(/Access was declined/);
    expect(await options.accountRows().count()).toBe(before);
    await options.page.close();
  });

  it('explains a server that cannot be reached, before any window opens', async () => {
    const options = await OptionsPage.open(session);
    const before = await options.accountRows().count();
    expect(await options.submitOAuthExpectingError('http://127.0.0.1:9')).toMatch(/Could not reach 127\.0\.0\.1:9/);
    expect(await options.linkWithToken(modern.url, 'wrong-token')).toMatch(/did not accept this access token/);
    expect(await options.accountRows().count()).toBe(before);
    await options.page.close();
  });

  it('lists a newly linked account at once in every open page, with no timer to poll', async () => {
    // Pages opened with #no-timers refuse setInterval and any setTimeout of 100 ms or more: what they
    // show can only have been pushed to them (Dexie tells every page of each committed write).
    await session.context.addInitScript(() => {
      if (location.hash !== '#no-timers') return;
      const realTimeout = window.setTimeout.bind(window);
      window.setInterval = (() => 0) as unknown as typeof setInterval;
      window.setTimeout = ((handler: TimerHandler, delay?: number, ...rest: unknown[]) =>
        (delay ?? 0) >= 100 ? 0 : realTimeout(handler, delay, ...rest)) as typeof setTimeout;
    });
    const watching = async (path: string) => {
      const page = await session.context.newPage();
      await page.goto(`chrome-extension://${session.extensionId}/${path}#no-timers`);
      return page;
    };
    const popup = await watching('popup.html');
    await popup.getByLabel('Post text').waitFor();
    const otherOptions = await watching('options.html');
    await otherOptions.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();

    const { token } = modern.createAccount({ username: 'carla' });
    const options = await OptionsPage.open(session);
    expect(await options.linkWithToken(modern.url, token)).toBe(`Linked @carla@${modern.host}.`);
    const handle = `@carla@${modern.host}`;
    await popup.locator('.destination', { hasText: handle }).waitFor({ timeout: 10_000 });
    await otherOptions.locator('.account-list .account-row', { hasText: handle }).waitFor({ timeout: 10_000 });
    await options.accountRows().filter({ hasText: handle }).waitFor({ timeout: 10_000 });
    for (const page of [popup, otherOptions, options.page]) await page.close();
  });

  it('unlinks an account', async () => {
    const options = await OptionsPage.open(session);
    const row = options.accountRows().filter({ hasText: `@bob@${legacy.host}` });
    await row.getByRole('button', { name: `Unlink @bob@${legacy.host}` }).click();
    await row.waitFor({ state: 'detached' });
    await options.page.close();
  });
});
