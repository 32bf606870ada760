/**
 * One store for a draft's text: the composer shows what IndexedDB holds, writes after a pause, and on
 * closing hands its last edits to the worker as well, which outlives the page. Lists follow the
 * database as it changes, with no timer.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Blob as NodeBlob } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Composer } from '../../components/Composer';
import { handleMessage } from '../../utils/background-main';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import { addImages, applyDraftEdits, draftMedia } from '../../utils/drafts';
import type { DraftEdits } from '../../utils/model';
import { writeSetting } from '../../utils/settings';
import { backgroundReceiving, savedOnClosing } from './fake-background';
import { blueskyAccount, mastodonAccount } from './fixtures';

const roomy = mastodonAccount({ server: 'https://roomy.example', maxCharacters: 500 });
const textBox = () => screen.getByLabelText('Post text') as HTMLTextAreaElement;
// Node's Blob: IndexedDB (fake-indexeddb) clones it as the browser would; happy-dom's it cannot.
const photo = () => Object.assign(new NodeBlob(['x'], { type: 'image/png' }), { name: 'photo.png' }) as unknown as File;

beforeEach(async () => {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.add(roomy);
});
afterEach(cleanup);

describe('a closing composer', () => {
  it('hands its unsaved edits to the worker as the page is hidden', async () => {
    const sent = backgroundReceiving();
    const start = await readComposerStart();
    render(<Composer start={start} />);
    fireEvent.input(textBox(), { target: { value: 'Closed right after typing' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Who can see it' }), { target: { value: 'unlisted' } });
    dispatchEvent(new Event('pagehide'));
    const saved = savedOnClosing(sent);
    expect(saved).toEqual([{ draftId: start.draft.id, fields: { text: 'Closed right after typing', visibility: 'unlisted' }, alts: {} }]);
    await waitFor(async () => expect((await db.drafts.get(start.draft.id))?.text).toBe('Closed right after typing'));
  });

  it('the worker writes the edits it was handed, whatever became of the page', async () => {
    const { draft } = await readComposerStart();
    const edits: DraftEdits = { draftId: draft.id, fields: { text: 'Saved by the worker' }, alts: {} };
    const reply = await handleMessage(
      { protocol: 'everywhere-post/1', type: 'draft.save', payload: edits },
      { id: fakeBrowser.runtime.id, url: `${fakeBrowser.runtime.getURL('/')}popup.html` },
    );
    expect(reply).toEqual({ ok: true, value: null });
    expect((await db.drafts.get(draft.id))?.text).toBe('Saved by the worker');
    expect((await db.drafts.get(draft.id))?.words).toEqual(['saved', 'by', 'the', 'worker']);
  });

  it('keeps edits whose write failed, says so, and hands them to the worker on closing', async () => {
    const sent = backgroundReceiving();
    const start = await readComposerStart();
    render(<Composer start={start} />);
    const put = vi.spyOn(db.drafts, 'put').mockRejectedValueOnce(new Error('The disk is full'));
    fireEvent.input(textBox(), { target: { value: 'Kept through a failed write' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be saved yet \(The disk is full\)/);
    expect(put).toHaveBeenCalledTimes(1);
    expect((await db.drafts.get(start.draft.id))?.text).toBe('');
    dispatchEvent(new Event('pagehide'));
    expect(savedOnClosing(sent)).toEqual([
      { draftId: start.draft.id, fields: { text: 'Kept through a failed write' }, alts: {} },
    ]);
    await waitFor(async () => expect((await db.drafts.get(start.draft.id))?.text).toBe('Kept through a failed write'));
  });

  it('sends nothing when there is nothing new', async () => {
    const sent = backgroundReceiving();
    render(<Composer start={await readComposerStart()} />);
    dispatchEvent(new Event('pagehide'));
    expect(sent.filter((message) => message.type === 'draft.save')).toEqual([]);
  });

  it('writes the last edits before publishing, so the outbox copies what is on screen', async () => {
    const sent = backgroundReceiving();
    await writeSetting('lastDestinations', [roomy.id]);
    const start = await readComposerStart();
    render(<Composer start={start} />);
    fireEvent.input(textBox(), { target: { value: 'Typed and published at once' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(async () => expect(await db.posts.count()).toBe(1));
    expect((await db.posts.toArray())[0]?.text).toBe('Typed and published at once');
    // The published draft is gone and a new, empty one is on screen.
    expect(await db.drafts.get(start.draft.id)).toBeUndefined();
    await waitFor(() => expect(textBox().value).toBe(''));
  });
});

describe('late edits', () => {
  it('never bring back a draft the outbox took, nor change the images it moved to the post', async () => {
    const { draft } = await readComposerStart();
    await addImages(draft.id, [photo()]);
    const [image] = await draftMedia(draft.id);
    await db.media.update(image!.id, { alt: 'As published', draftId: null, postId: 'post-1' });
    await db.drafts.delete(draft.id);
    const late: DraftEdits = { draftId: draft.id, fields: { text: 'Too late' }, alts: { [image!.id]: 'Too late' } };
    await applyDraftEdits(late);
    expect(await db.drafts.get(draft.id)).toBeUndefined();
    expect((await db.media.get(image!.id))?.alt).toBe('As published');
  });
});

describe('images', () => {
  it('are never attached to a draft that is gone (published while they were read)', async () => {
    const { draft } = await readComposerStart();
    await db.drafts.delete(draft.id);
    await expect(addImages(draft.id, [photo()])).rejects.toThrow('That draft no longer exists.');
    expect(await db.media.count()).toBe(0);
  });
});

describe('what the composer shows follows the database', () => {
  it('lists an account the moment the worker links it, and its health as it changes', async () => {
    render(<Composer start={await readComposerStart()} />);
    expect(screen.queryByText('@carol.test')).toBeNull();
    // What the worker writes when linking; no page action, no timer.
    const sky = blueskyAccount();
    await db.accounts.add(sky);
    await screen.findByText('@carol.test');
    await db.accounts.update(sky.id, { status: 'needs-relink' });
    await screen.findByText('Needs re-link');
  });

  it('shows an image added from elsewhere (the compose page) to the same draft', async () => {
    const start = await readComposerStart();
    render(<Composer start={start} />);
    await addImages(start.draft.id, [photo()]);
    await screen.findByLabelText('Description of image 1 (alt text)');
  });
});
