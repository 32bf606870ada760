import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CrosspostDatabase } from '../../utils/db';

/**
 * One test per schema version: a database written by the previous version opens in the current one
 * with its rows intact. Version 1 is the first, so its test opens an empty database and checks the
 * tables and indexes every later migration starts from.
 */
describe('database schema', () => {
  it('version 1 creates every table with its indexes', async () => {
    const name = `schema-v1-${crypto.randomUUID()}`;
    const database = new CrosspostDatabase(name);
    await database.open();
    expect(database.verno).toBe(1);
    const tables = Object.fromEntries(
      database.tables.map((table) => [table.name, [table.schema.primKey.name, ...table.schema.indexes.map((index) => index.name)]]),
    );
    expect(tables).toEqual({
      drafts: ['id', 'updatedAt'],
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
