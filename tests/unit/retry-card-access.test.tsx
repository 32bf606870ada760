/**
 * Access to a link card's site is given back when its delivery ends (utils/outbox/link-site-access.ts).
 * Retrying by hand asks for it again inside the Retry click, where the browser can ask, and only then
 * hands the delivery to the worker: the retried post gets its card.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DeliveryList } from '../../components/DeliveryList';
import { db } from '../../utils/db';
import type { Delivery } from '../../utils/model';
import { blueskyAccount, mastodonAccount } from './fixtures';

let steps: string[];

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  steps = [];
  fakeBrowser.permissions.request = (async ({ origins }: { origins: string[] }) => {
    steps.push(`asked ${origins.join()}`);
    return true;
  }) as never;
  fakeBrowser.runtime.sendMessage = (async (message: { type: string }) => {
    steps.push(message.type);
    return { ok: true, value: null };
  }) as never;
});
afterEach(cleanup);

async function failedPost(accountId: string, text: string): Promise<void> {
  await db.posts.add({ id: 'p1', createdAt: 1, text, spoilerText: '', visibility: 'public', language: 'en', mediaIds: [] });
  const delivery: Delivery = {
    id: 'd1', postId: 'p1', accountId, state: 'failed', attempts: 1, nextAttemptAt: 0,
    checkpoint: { parts: [], media: {} }, progress: { step: 'waiting', current: 0, total: 0 },
    error: { kind: 'transient', message: 'down' }, createdAt: 1, updatedAt: 1,
  };
  await db.deliveries.add(delivery);
}

describe('Retry', () => {
  it('asks again for the linked site of a destination that makes link cards, then retries', async () => {
    await db.accounts.add(blueskyAccount());
    await failedPost(blueskyAccount().id, 'Read https://news.example/story');
    render(<DeliveryList postId="p1" />);
    // The badge shows once the account is read; the list shows once the post is.
    await screen.findByText('@carol.test');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(steps).toEqual(['asked https://news.example/*', 'outbox.retry']));
  });

  it('asks nothing for a destination without link cards', async () => {
    await db.accounts.add(mastodonAccount());
    await failedPost(mastodonAccount().id, 'Read https://news.example/story');
    render(<DeliveryList postId="p1" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(steps).toEqual(['outbox.retry']));
  });
});
