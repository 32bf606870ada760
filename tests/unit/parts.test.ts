// @vitest-environment node
/**
 * One function decides what a destination gets (utils/networks/parts.ts): the composer's counters,
 * the destination picker's preview and the outbox's frozen parts all come from it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { checkDestination } from '../../utils/compose-rules';
import { db } from '../../utils/db';
import type { Account, PostContent } from '../../utils/model';
import { NETWORKS } from '../../utils/networks/index';
import { partsFor } from '../../utils/networks/parts';
import { enqueue } from '../../utils/outbox/enqueue';
import { blueskyAccount, mastodonAccount } from './fixtures';
import { makeDraft } from './outbox-helpers';

/** A Misskey account as its adapter stores it: the content warning has its own limit there. */
function misskeyAccount(maxCharacters: number): Account {
  return {
    ...mastodonAccount(),
    id: 'misskey:notes.example:1',
    network: 'misskey',
    server: 'https://notes.example',
    handle: '@mika@notes.example',
    capabilities: NETWORKS.misskey.capabilities,
    limits: { maxCharacters },
  };
}

const content = (text: string, spoilerText: string, extra: Partial<PostContent> = {}) => ({ text, spoilerText, ...extra });

describe('partsFor', () => {
  it('counts the content warning where the network does (Mastodon) and not where it has its own limit (Misskey)', () => {
    const mastodon = mastodonAccount({ maxCharacters: 20 });
    const misskey = misskeyAccount(20);
    const post = content('Fifteen letters', 'Spoilers');
    expect(partsFor(post, mastodon).measure).toMatchObject({ used: 15 + 8, over: true });
    expect(partsFor(post, misskey).measure).toMatchObject({ used: 15, over: false });
    // Both take the warning as text.
    expect(partsFor(post, mastodon).spoilerText).toBe('Spoilers');
    expect(partsFor(post, misskey).spoilerText).toBe('Spoilers');
  });

  it('splits a thread so that each part fits with the warning where the warning counts', () => {
    const text = 'One two three four five six seven eight nine ten eleven twelve.';
    const withWarning = partsFor(content(text, 'Long warning', { thread: true }), mastodonAccount({ maxCharacters: 30 }));
    const without = partsFor(content(text, 'Long warning', { thread: true }), misskeyAccount(30));
    for (const part of withWarning.parts) expect(part.length + 'Long warning'.length).toBeLessThanOrEqual(30);
    expect(withWarning.parts.length).toBeGreaterThan(without.parts.length);
    for (const part of without.parts) expect(part.length).toBeLessThanOrEqual(30);
  });

  it('gives a labelling network (Bluesky) no warning text, and its label only when there is a warning', () => {
    const sky = blueskyAccount();
    expect(partsFor(content('Hi', 'gore', { contentLabel: 'graphic-media' }), sky)).toMatchObject({ spoilerText: '', contentLabel: 'graphic-media' });
    expect(partsFor(content('Hi', '', { contentLabel: 'graphic-media' }), sky)).toMatchObject({ spoilerText: '', contentLabel: '' });
    expect(partsFor(content('Hi', 'gore', { contentLabel: 'graphic-media' }), sky).measure.used).toBe(2);
    // A network that takes the warning as text has no label.
    expect(partsFor(content('Hi', 'gore', { contentLabel: 'graphic-media' }), mastodonAccount()).contentLabel).toBe('');
  });

  it('keeps the text whole where it fits, where threads are off, or where the network has none', () => {
    const tight = mastodonAccount({ maxCharacters: 10 });
    expect(partsFor(content('Short', ''), tight).parts).toEqual(['Short']);
    expect(partsFor(content('Longer than ten', ''), tight).parts).toEqual(['Longer than ten']);
    const noThreads = { ...tight, capabilities: { ...tight.capabilities, threads: false } };
    expect(partsFor(content('Longer than ten', '', { thread: true }), noThreads).parts).toEqual(['Longer than ten']);
  });
});

describe('the composer and the outbox ask the same function', () => {
  beforeEach(async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });

  it('queues exactly the parts the composer previewed, for each destination', async () => {
    const mastodon = mastodonAccount({ server: 'https://tight.example', maxCharacters: 40 });
    const misskey = misskeyAccount(40);
    await db.accounts.bulkAdd([mastodon, misskey]);
    const post = { text: 'A first sentence here. A second one follows. And a third to end it.', spoilerText: 'Heads up', thread: true };
    const previews = [mastodon, misskey].map((account) => checkDestination(account, post, []).parts);
    expect(previews[0]!.length).toBeGreaterThan(1);

    const { postId } = await enqueue(await makeDraft(post), [mastodon.id, misskey.id]);
    const deliveries = await db.deliveries.where('postId').equals(postId).toArray();
    const queued = [mastodon, misskey].map((account) => deliveries.find((delivery) => delivery.accountId === account.id)!.checkpoint.parts.map((part) => part.text));
    expect(queued).toEqual(previews);
  });
});
