/**
 * Linking asks the browser for access to the server first. A question left unanswered (behind another
 * window, say) ends the wait after two minutes with a message, instead of "Linking…" for ever.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountsPanel } from '../../components/AccountsPanel';
import { ACCESS_QUESTION_TIMEOUT_MS } from '../../utils/access-prompt';
import { db } from '../../utils/db';

let linkRequests: unknown[];

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  linkRequests = [];
  fakeBrowser.identity.getRedirectURL = () => 'https://extension-id.chromiumapp.org/';
  fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
    linkRequests.push(message);
    return { ok: false, error: { message: 'not under test' } };
  }) as never;
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

async function submitSignIn(): Promise<HTMLElement> {
  render(<AccountsPanel />);
  const form = (await screen.findByRole('form', { name: 'Sign in with your server' })) as HTMLFormElement;
  fireEvent.input(within(form).getByLabelText('Server address'), { target: { value: 'mastodon.social' } });
  fireEvent.submit(form);
  await within(form).findByRole('button', { name: 'Linking…' });
  return form;
}

describe('the browser asks for access to the server', () => {
  it('unanswered for two minutes: says so, links nothing, and the form can be used again', async () => {
    fakeBrowser.permissions.request = (() => new Promise<boolean>(() => undefined)) as never;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const form = await submitSignIn();
    await vi.advanceTimersByTimeAsync(ACCESS_QUESTION_TIMEOUT_MS - 1);
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).getByRole('button', { name: 'Linking…' })).toBeTruthy();
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    expect((await within(form).findByRole('alert')).textContent).toBe(
      "The browser's question about access to that server was not answered, so nothing was linked. Link again and answer it.",
    );
    expect(within(form).getByRole('button', { name: 'Sign in with your server' })).toHaveProperty('disabled', false);
    expect(linkRequests).toEqual([]);
  });

  it('answered, goes on to link (and declined, says so)', async () => {
    fakeBrowser.permissions.request = (async () => true) as never;
    const form = await submitSignIn();
    await waitFor(() => expect(linkRequests).toHaveLength(1));
    expect((await within(form).findByRole('alert')).textContent).toBe('not under test');
    cleanup();

    fakeBrowser.permissions.request = (async () => false) as never;
    const declined = await submitSignIn();
    expect((await within(declined).findByRole('alert')).textContent).toBe("The browser did not get permission to reach that server, so it can't be linked.");
    expect(linkRequests).toHaveLength(1);
  });
});
