/**
 * The autosave's writes while one is still under way: nothing that is not yet on disk is left out of
 * what a closing page hands to the worker, and a later write never overtakes an earlier one.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Composer } from '../../components/Composer';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import type { Envelope } from '../../utils/messages';
import type { DraftEdits } from '../../utils/model';
import { writeSetting } from '../../utils/settings';
import { backgroundReceiving, savedOnClosing } from './fake-background';
import { mastodonAccount } from './fixtures';

/** The page's next draft write waits here until released (or failed), as a write still on its way to disk. */
const gate = vi.hoisted(() => ({
  holdNext: false,
  held: [] as DraftEdits[],
  release: () => undefined as void,
  fail: () => undefined as void,
  /** Every draft write of the page that reached the database, in order. */
  written: [] as string[],
}));

vi.mock('../../utils/drafts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../utils/drafts')>();
  return {
    ...real,
    applyDraftEdits: async (edits: DraftEdits) => {
      if (gate.holdNext) {
        gate.holdNext = false;
        gate.held.push(edits);
        await new Promise<void>((resolve, reject) => {
          gate.release = resolve;
          gate.fail = () => reject(new Error('The disk is full'));
        });
      }
      await real.applyDraftEdits(edits);
      if (edits.fields.text !== undefined) gate.written.push(edits.fields.text);
    },
  };
});

const roomy = mastodonAccount({ server: 'https://roomy.example' });
const textBox = () => screen.getByLabelText('Post text') as HTMLTextAreaElement;

beforeEach(async () => {
  gate.holdNext = false;
  gate.held = [];
  gate.written = [];
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.add(roomy);
});
afterEach(cleanup);

describe('a write still under way', () => {
  it('is handed to the worker when the page closes before it commits', async () => {
    const sent = backgroundReceiving();
    const start = await readComposerStart();
    render(<Composer start={start} />);
    gate.holdNext = true;
    fireEvent.input(textBox(), { target: { value: 'Being written as the popup closes' } });
    await waitFor(() => expect(gate.held).toHaveLength(1));
    // A later change to another field, not yet written.
    fireEvent.change(screen.getByRole('combobox', { name: 'Who can see it' }), { target: { value: 'unlisted' } });
    dispatchEvent(new Event('pagehide'));
    const saved = savedOnClosing(sent);
    expect(saved).toEqual([{ draftId: start.draft.id, fields: { text: 'Being written as the popup closes', visibility: 'unlisted' }, alts: {} }]);
    await waitFor(async () => expect((await db.drafts.get(start.draft.id))?.text).toBe('Being written as the popup closes'));
    expect((await db.drafts.get(start.draft.id))?.visibility).toBe('unlisted');
    gate.release();
  });

  it('is on disk before publishing goes on, and the later words win', async () => {
    const sent = backgroundReceiving();
    await writeSetting('lastDestinations', [roomy.id]);
    const start = await readComposerStart();
    render(<Composer start={start} />);
    gate.holdNext = true;
    fireEvent.input(textBox(), { target: { value: 'First words' } });
    await waitFor(() => expect(gate.held).toHaveLength(1));
    fireEvent.input(textBox(), { target: { value: 'First words, then the last ones' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    // Whether the publish reached the worker while the first write was still under way.
    let released = false;
    let sentWhileWriting: boolean | undefined;
    fakeBrowser.runtime.onMessage.addListener(((message: Envelope) => {
      if (message.type === 'outbox.publish') sentWhileWriting = !released;
    }) as never);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Publishing…' })).toBeTruthy());
    released = true;
    gate.release();
    await waitFor(async () => expect(await db.posts.count()).toBe(1));
    expect(sentWhileWriting).toBe(false);
    expect((await db.posts.toArray())[0]?.text).toBe('First words, then the last ones');
  });

  it('that fails never lands over newer words written after it', async () => {
    const start = await readComposerStart();
    render(<Composer start={start} />);
    gate.holdNext = true;
    fireEvent.input(textBox(), { target: { value: 'Older' } });
    await waitFor(() => expect(gate.held).toHaveLength(1));
    fireEvent.input(textBox(), { target: { value: 'Older, then newer' } });
    // Another write is asked for while the first is under way (the page is hidden a moment)…
    dispatchEvent(new Event('pagehide'));
    // …then the first fails, and a later change is written after both.
    gate.fail();
    fireEvent.change(screen.getByRole('combobox', { name: 'Who can see it' }), { target: { value: 'unlisted' } });
    await waitFor(async () => expect((await db.drafts.get(start.draft.id))?.visibility).toBe('unlisted'));
    expect((await db.drafts.get(start.draft.id))?.text).toBe('Older, then newer');
    expect(gate.written.at(-1)).toBe('Older, then newer');
  });

  it('that fails is written again before publishing goes on', async () => {
    backgroundReceiving();
    await writeSetting('lastDestinations', [roomy.id]);
    const start = await readComposerStart();
    render(<Composer start={start} />);
    gate.holdNext = true;
    fireEvent.input(textBox(), { target: { value: 'Typed, then published at once' } });
    await waitFor(() => expect(gate.held).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    gate.fail();
    await waitFor(async () => expect(await db.posts.count()).toBe(1));
    expect((await db.posts.toArray())[0]?.text).toBe('Typed, then published at once');
  });
});
