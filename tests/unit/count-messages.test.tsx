/**
 * Messages with a count say "1 character" and "2 characters": the browser's i18n has no plurals, so
 * each comes in two (utils/plural.ts picks one by the language's rules).
 */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Counter } from '../../components/Counter';
import { DeliveryList } from '../../components/DeliveryList';
import { checkPublish } from '../../utils/compose-rules';
import { db } from '../../utils/db';
import type { Account, MediaItem } from '../../utils/model';
import { mastodonAccount } from './fixtures';

const tight = mastodonAccount({ server: 'https://tight.example', maxCharacters: 20, maxImages: 1 });

function reasonsFor(account: Account, text: string, media: MediaItem[] = []): string[] {
  const check = checkPublish({ draft: { text, spoilerText: '' }, media, accounts: [account], selected: new Set([account.id]), requireAltText: false });
  return check.destinations[0]!.reasons;
}

function image(id: string): MediaItem {
  return { id, draftId: 'd', postId: null, position: 0, blob: new Blob([]), name: `${id}.jpg`, type: 'image/jpeg', size: 1000, alt: 'described', createdAt: 1, width: 10, height: 10 };
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});
afterEach(cleanup);

describe('counts in the composer', () => {
  it('says "1 character over", and "2 characters over"', () => {
    expect(reasonsFor(tight, 'x'.repeat(21))).toEqual(["1 character over this server's limit. Shorten the text or the content warning."]);
    expect(reasonsFor(tight, 'x'.repeat(22))).toEqual(["2 characters over this server's limit. Shorten the text or the content warning."]);
  });

  it('says "only 1 image" where a server takes one', () => {
    expect(reasonsFor(tight, 'Two', [image('a'), image('b')])).toEqual(['This server takes only 1 image per post.']);
    expect(reasonsFor(mastodonAccount({ maxImages: 2 }), 'Three', [image('a'), image('b'), image('c')])).toEqual(['This server takes at most 2 images per post.']);
  });

  it('reads the counter over the limit as characters over, not "-1 of 20 characters left"', () => {
    const { rerender } = render(<Counter measure={{ used: 21, limit: 20, remaining: -1, over: true }} label="@bob" />);
    expect(screen.getByLabelText('@bob: 1 character over the limit of 20').textContent).toBe('-1');
    rerender(<Counter measure={{ used: 22, limit: 20, remaining: -2, over: true }} label="@bob" />);
    expect(screen.getByLabelText('@bob: 2 characters over the limit of 20')).toBeTruthy();
    rerender(<Counter measure={{ used: 19, limit: 20, remaining: 1, over: false }} label="@bob" />);
    expect(screen.getByLabelText('@bob: 1 of 20 characters left')).toBeTruthy();
  });

  it('says "Preparing 1 image" while a delivery prepares one', async () => {
    await db.deliveries.add({
      id: 'd1', postId: 'p1', accountId: 'gone', state: 'running', attempts: 0, nextAttemptAt: 0,
      checkpoint: { parts: [], media: {} }, progress: { step: 'preparing', current: 0, total: 1 }, createdAt: 1, updatedAt: 1,
    });
    render(<DeliveryList postId="p1" />);
    expect(await screen.findByText('Preparing 1 image')).toBeTruthy();
  });
});
