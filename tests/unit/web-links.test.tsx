/**
 * Addresses from servers (a published post's link, an avatar) reach `href` and `src` only when they
 * are web addresses (utils/web-href.ts): a server, or anything that wrote the database, cannot make
 * the extension's page run a `javascript:` link or show a `data:` page.
 */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountBadge } from '../../components/AccountBadge';
import { DeliveryList } from '../../components/DeliveryList';
import { db } from '../../utils/db';
import type { Delivery } from '../../utils/model';
import { webHref } from '../../utils/web-href';
import { mastodonAccount } from './fixtures';

const HOSTILE = ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg/>', 'file:///etc/passwd', 'not an address'];

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});
afterEach(cleanup);

describe('webHref', () => {
  it('keeps http and https addresses', () => {
    expect(webHref('https://social.example/@alice/1')).toBe('https://social.example/@alice/1');
    expect(webHref('http://127.0.0.1:3000/a')).toBe('http://127.0.0.1:3000/a');
  });

  it.each(HOSTILE)('refuses %s', (address) => {
    expect(webHref(address)).toBeUndefined();
  });
});

function delivery(id: string, url: string): Delivery {
  return {
    id, postId: 'p1', accountId: 'gone', state: 'done', attempts: 1, nextAttemptAt: 0,
    checkpoint: { parts: [], media: {} },
    progress: { step: 'done', current: 1, total: 1 }, url, createdAt: Number(id.slice(1)), updatedAt: 1,
  };
}

describe('links and images from servers', () => {
  it('links a published post only when its address is a web address', async () => {
    await db.deliveries.bulkAdd([delivery('d1', 'https://social.example/@alice/1'), ...HOSTILE.map((url, index) => delivery(`d${index + 2}`, url))]);
    render(<DeliveryList postId="p1" />);
    expect(await screen.findAllByText('Published')).toHaveLength(HOSTILE.length + 1);
    const links = screen.getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://social.example/@alice/1']);
  });

  it('shows an avatar only from a web address', () => {
    const { container, rerender } = render(<AccountBadge account={mastodonAccount({ avatarUrl: 'https://social.example/a.png' })} />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://social.example/a.png');
    for (const avatarUrl of HOSTILE) {
      rerender(<AccountBadge account={mastodonAccount({ avatarUrl })} />);
      expect(container.querySelector('img'), avatarUrl).toBeNull();
      expect(screen.getByText('@alice@social.example')).toBeTruthy();
    }
  });
});

describe('a post sent to a server that has not answered yet', () => {
  it('reads "sent; waiting for the server to confirm", not "will try again"', async () => {
    await db.deliveries.add({
      ...delivery('d1', ''),
      state: 'retrying',
      url: undefined,
      nextAttemptAt: Date.now() + 40_000,
      error: { kind: 'transient', message: 'Sent to social.example, which has not confirmed it yet', unconfirmed: true },
    });
    render(<DeliveryList postId="p1" />);
    expect(await screen.findByText(/^Sent; waiting for the server to confirm/)).toBeTruthy();
    expect(screen.queryByText(/^Will try again/)).toBeNull();
  });
});
