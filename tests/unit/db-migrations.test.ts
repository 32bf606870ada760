import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CrosspostDatabase } from '../../utils/db';

/** The schema as version 1 wrote it, to make databases the way a first install left them. */
const VERSION_1 = {
  drafts: 'id, updatedAt',
  media: 'id, draftId, postId',
  accounts: 'id, network',
  credentials: 'accountId',
  posts: 'id, createdAt',
  deliveries: 'id, postId, accountId, state',
  settings: 'key',
};

/**
 * One test per schema version: a database written by the previous version opens in the current one
 * with its rows intact and migrated.
 */
describe('database schema', () => {
  it('a new database has every table with its indexes', async () => {
    const name = `schema-new-${crypto.randomUUID()}`;
    const database = new CrosspostDatabase(name);
    await database.open();
    expect(database.verno).toBe(3);
    const tables = Object.fromEntries(
      database.tables.map((table) => [table.name, [table.schema.primKey.name, ...table.schema.indexes.map((index) => index.name)]]),
    );
    expect(tables).toEqual({
      drafts: ['id', 'updatedAt', 'words'],
      media: ['id', 'draftId', 'postId'],
      accounts: ['id', 'network'],
      credentials: ['accountId'],
      posts: ['id', 'createdAt'],
      deliveries: ['id', 'postId', 'accountId', 'state'],
      settings: ['key'],
    });
    database.close();
    await Dexie.delete(name);
  });

  it('version 2 gives drafts written by version 1 their search words', async () => {
    const name = `schema-v1-v2-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1);
    await old.table('drafts').bulkAdd([
      { id: 'd1', text: 'Bread from the Market', spoilerText: 'Food', visibility: 'public', language: 'en', createdAt: 1, updatedAt: 1 },
      { id: 'd2', text: 'Nothing here', spoilerText: '', visibility: 'public', language: 'en', createdAt: 2, updatedAt: 2 },
    ]);
    await old.table('media').add({ id: 'm1', draftId: 'd1', postId: null, position: 0, blob: new Blob(['x']), name: 'a', type: 'image/png', size: 1, alt: 'kept', createdAt: 1 });
    old.close();

    const current = new CrosspostDatabase(name);
    expect((await current.drafts.get('d1'))?.words).toEqual(['bread', 'from', 'the', 'market', 'food']);
    expect((await current.drafts.where('words').startsWith('mark').toArray()).map((d) => d.id)).toEqual(['d1']);
    expect((await current.media.get('m1'))?.alt).toBe('kept');
    expect(current.verno).toBe(3);
    current.close();
    await Dexie.delete(name);
  });

  it('version 3 keeps each account\'s counting numbers as `limits`, whatever its network', async () => {
    const name = `schema-v2-v3-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1);
    old.version(2).stores({ drafts: 'id, updatedAt, *words' });
    const account = (id: string, network: string, countRule: unknown) => ({ id, network, handle: `@${id}`, status: 'ok', linkedAt: 1, countRule });
    await old.table('accounts').bulkAdd([
      account('m', 'mastodon', { kind: 'mastodon', maxCharacters: 5000, charactersReservedPerUrl: 30 }),
      account('b', 'bluesky', { kind: 'bluesky', maxGraphemes: 300, maxBytes: 3000 }),
      account('k', 'misskey', { kind: 'misskey', maxCharacters: 200 }),
    ]);
    old.close();

    const current = new CrosspostDatabase(name);
    const limits = Object.fromEntries((await current.accounts.toArray()).map((row) => [row.id, row.limits]));
    expect(limits).toEqual({
      m: { maxCharacters: 5000, urlLength: 30 },
      b: { maxCharacters: 300, maxBytes: 3000 },
      k: { maxCharacters: 200 },
    });
    expect((await current.accounts.toArray()).some((row) => 'countRule' in row)).toBe(false);
    expect((await current.accounts.get('m'))?.handle).toBe('@m');
    current.close();
    await Dexie.delete(name);
  });

  it('keeps drafts and their images across a reopen', async () => {
    const name = `schema-reopen-${crypto.randomUUID()}`;
    const first = new CrosspostDatabase(name);
    await first.drafts.add({ id: 'd1', text: 'hello', spoilerText: '', visibility: 'public', language: 'en', createdAt: 1, updatedAt: 1 });
    await first.media.add({
      id: 'm1', draftId: 'd1', postId: null, position: 0, blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }),
      name: 'a.png', type: 'image/png', size: 3, alt: 'three bytes', createdAt: 1,
    });
    first.close();
    const second = new CrosspostDatabase(name);
    expect((await second.drafts.get('d1'))?.text).toBe('hello');
    const media = await second.media.where('draftId').equals('d1').toArray();
    expect(media.map((item) => item.alt)).toEqual(['three bytes']);
    second.close();
    await Dexie.delete(name);
  });
});
