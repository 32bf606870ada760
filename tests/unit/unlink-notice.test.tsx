/**
 * An account unlinked while its server could not be told to revoke the token: the row goes, and the
 * panel says what to do, since the token may still work there.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountsPanel } from '../../components/AccountsPanel';
import { db } from '../../utils/db';
import { mastodonAccount } from './fixtures';

const NOTICE = '@alice@social.example is unlinked and its token forgotten here, but social.example could not be told to revoke it.';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.add(mastodonAccount());
  fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
  // The worker: forgets the account and answers with the notice.
  fakeBrowser.runtime.sendMessage = (async (message: { type: string; payload: { accountId: string } }) => {
    if (message.type !== 'account.unlink') return { ok: false, error: { message: 'not under test' } };
    await db.accounts.delete(message.payload.accountId);
    return { ok: true, value: { notice: NOTICE } };
  }) as never;
});
afterEach(cleanup);

describe('unlinking', () => {
  it('says, after the row has gone, that the server could not be told', async () => {
    render(<AccountsPanel />);
    const unlink = await screen.findByRole('button', { name: 'Unlink @alice@social.example' });
    fireEvent.click(unlink);
    // While the server is being told (seconds, when it is slow): one click is enough, and it shows.
    expect(unlink.textContent).toBe('Unlinking…');
    expect((unlink as HTMLButtonElement).disabled).toBe(true);
    expect((await screen.findByRole('alert')).textContent).toBe(NOTICE);
    expect(screen.queryByRole('button', { name: 'Unlink @alice@social.example' })).toBeNull();
  });
});
