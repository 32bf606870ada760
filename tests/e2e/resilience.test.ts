import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMastodonServer, type MastodonServer } from '../servers/mastodon';
import { makePng } from '../fixtures/images';
import { eventually, launchExtension, readTable, type ExtensionSession } from './harness';
import { ComposerPage, OptionsPage } from './pages';

let session: ExtensionSession;
let first: MastodonServer;
let second: MastodonServer;
const tokens: Record<string, string> = {};
const accountIds: Record<string, string> = {};

function handle(server: MastodonServer): string {
  return `@${server === first ? 'cleo' : 'dan'}@${server.host}`;
}

beforeAll(async () => {
  first = await startMastodonServer({ title: 'First', mediaProcessingPolls: 2 });
  second = await startMastodonServer({ title: 'Second', mediaProcessingPolls: 2 });
  session = await launchExtension();
  const options = await OptionsPage.open(session);
  for (const [server, username] of [[first, 'cleo'], [second, 'dan']] as const) {
    const created = server.createAccount({ username });
    tokens[server.url] = created.token;
    accountIds[server.url] = created.accountId;
    await options.linkWithToken(server.url, created.token);
  }
  await options.page.close();
});
afterAll(async () => {
  await session?.close();
  await first?.close();
  await second?.close();
});
beforeEach(() => {
  for (const server of [first, second]) {
    server.statuses.length = 0;
    Object.assign(server.faults, { dropConnectionAfterStatusStored: 0, failWith503: 0, rateLimitNext: 0, latencyMs: 0, htmlInsteadOfJson: false });
  }
});

async function compose(text: string, withImages: boolean, servers: MastodonServer[]): Promise<ComposerPage> {
  const popup = await ComposerPage.open(session);
  await popup.type(text);
  if (withImages) {
    await popup.addImages([
      { name: 'one.png', mimeType: 'image/png', buffer: makePng(200, 150, 7) },
      { name: 'two.png', mimeType: 'image/png', buffer: makePng(150, 200, 8) },
    ]);
    await popup.altText(0).fill('First picture');
    await popup.altText(1).fill('Second picture');
  }
  for (const server of [first, second]) await popup.choose(handle(server), servers.includes(server));
  return popup;
}

describe('never lose, never double', () => {
  it('resumes after the service worker is stopped mid-publish: exactly one status per server', async () => {
    for (const server of [first, second]) server.faults.latencyMs = 700;
    const popup = await compose('Survives a stopped worker', true, [first, second]);
    await popup.publish();
    // Stop the worker once uploads are under way on both servers.
    await eventually(
      () => [first, second].every((server) => server.requests.some((r) => r.path === '/api/v2/media' && r.method === 'POST')),
      20_000,
      'uploads to start',
    );
    await session.stopServiceWorker();
    await popup.page.close();
    for (const server of [first, second]) server.faults.latencyMs = 0;

    // Nobody opens the popup: the outbox alarm restarts the worker, which resumes from checkpoints.
    const watcher = await session.open('options.html');
    const deliveries = await eventually(async () => {
      const rows = await readTable<{ state: string; url?: string }>(watcher, 'deliveries');
      const mine = rows.slice(-2);
      return mine.length === 2 && mine.every((row) => row.state === 'done') ? mine : undefined;
    }, 120_000, 'deliveries to resume and finish');
    expect(deliveries).toHaveLength(2);
    for (const server of [first, second]) {
      expect(server.statuses).toHaveLength(1);
      expect(server.statuses[0]?.media.map((media) => media.description)).toEqual(['First picture', 'Second picture']);
    }
    await watcher.close();
  });

  it('does not duplicate when the connection drops after the server stored the status', async () => {
    first.faults.dropConnectionAfterStatusStored = 1;
    const popup = await compose('Dropped answer', false, [first]);
    await popup.publish();
    await eventually(async () => (await popup.deliveryStates()).join() === 'done', 30_000, 'delivered after retry');
    // The server stored the status and then dropped the connection; the retry got the same status back.
    expect(first.requests.filter((r) => r.path === '/api/v1/statuses' && r.method === 'POST' && r.status === 0)).toHaveLength(1);
    expect(first.statuses).toHaveLength(1);
    expect(first.statuses[0]?.text).toBe('Dropped answer');
    await popup.page.close();
  });

  it('a revoked token shows "needs re-link", keeps the post, and re-linking sends it', async () => {
    first.revokeToken(tokens[first.url]!);
    const popup = await compose('Kept for later', false, [first]);
    await popup.publish();
    await eventually(async () => (await popup.deliveryStates()).join() === 'needs-relink', 30_000, 'needs re-link');
    await expect(popup.deliveries().first().textContent()).resolves.toMatch(/Link the account again/);
    await popup.destination(handle(first)).getByText('Needs re-link').waitFor();
    expect(first.statuses).toHaveLength(0);
    await popup.page.close();

    const options = await OptionsPage.open(session);
    const row = options.accountRows().filter({ hasText: handle(first) });
    await row.getByText('Needs re-link').waitFor();
    await row.getByRole('button', { name: 'Re-link' }).click();
    const fresh = first.issueToken(accountIds[first.url]!);
    const form = row.getByRole('form', { name: 'Link with an access token' });
    await form.getByLabel('Access token').fill(fresh);
    await form.getByRole('button', { name: 'Link with an access token' }).click();
    await eventually(() => first.statuses.length === 1, 30_000, 'the kept post to go out');
    expect(first.statuses[0]?.text).toBe('Kept for later');
    await row.getByText('Needs re-link').waitFor({ state: 'detached' });
    await options.page.close();
  });
});
