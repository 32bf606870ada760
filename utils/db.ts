/**
 * The one data layer: the extension's IndexedDB database through Dexie, used by the service worker
 * and the pages alike. Pages observe it with `liveQuery` (components/use-live-query.ts); Dexie tells
 * every context of the extension (the worker included) about each write, so nothing polls.
 *
 * Tables are read and written through the modules named for what they hold (utils/drafts.ts,
 * utils/accounts.ts, utils/history.ts, utils/settings.ts, utils/credentials.ts, utils/outbox/):
 * components never name a table or an index.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Account, Credential, Delivery, Draft, MediaItem, Post, Setting } from './model';
import { wordsOf } from './text/words';

export const DATABASE_NAME = 'everywhere-post';

/** How version 2 kept an account's counting numbers; version 3 turned them into `limits`. */
type CountRuleV2 =
  | { kind: 'mastodon'; maxCharacters: number; charactersReservedPerUrl: number }
  | { kind: 'bluesky'; maxGraphemes: number; maxBytes: number }
  | { kind: 'misskey'; maxCharacters: number };

export class CrosspostDatabase extends Dexie {
  drafts!: EntityTable<Draft, 'id'>;
  media!: EntityTable<MediaItem, 'id'>;
  accounts!: EntityTable<Account, 'id'>;
  credentials!: EntityTable<Credential, 'accountId'>;
  posts!: EntityTable<Post, 'id'>;
  deliveries!: EntityTable<Delivery, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    // Each schema change adds a version here, never edits an old one, and comes with a test in
    // tests/unit/db-migrations.test.ts that opens a database written by the previous version.
    this.version(1).stores({
      drafts: 'id, updatedAt',
      media: 'id, draftId, postId',
      accounts: 'id, network',
      credentials: 'accountId',
      posts: 'id, createdAt',
      deliveries: 'id, postId, accountId, state',
      settings: 'key',
    });
    // 2: drafts are searched through a multi-entry index of their words, not by reading them all.
    this.version(2)
      .stores({ drafts: 'id, updatedAt, *words' })
      .upgrade((tx) =>
        tx
          .table('drafts')
          .toCollection()
          .modify((draft: Draft) => {
            draft.words = wordsOf(draft.text, draft.spoilerText);
          }),
      );
    // 3: an account keeps the numbers its server publishes (`limits`); which rule counts them is its
    // network's, so the rule's `kind` no longer needs storing.
    this.version(3)
      .stores({})
      .upgrade((tx) =>
        tx
          .table('accounts')
          .toCollection()
          .modify((account: Account & { countRule?: CountRuleV2 }) => {
            const rule = account.countRule;
            if (!rule) return;
            if (rule.kind === 'mastodon') account.limits = { maxCharacters: rule.maxCharacters, urlLength: rule.charactersReservedPerUrl };
            else if (rule.kind === 'bluesky') account.limits = { maxCharacters: rule.maxGraphemes, maxBytes: rule.maxBytes };
            else account.limits = { maxCharacters: rule.maxCharacters };
            delete account.countRule;
          }),
      );
  }
}

export const db = new CrosspostDatabase();
// Every context that loads the data layer reads it at once: opening now lets IndexedDB answer while
// the rest of the page's script is still being evaluated (a few milliseconds of the popup's start).
// A failure is not swallowed: every query then fails with it, and the page says what happened.
db.open().catch(() => undefined);

export function newId(): string {
  return crypto.randomUUID();
}
