import { Blob as NodeBlob } from 'node:buffer';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftList } from '../../components/DraftList';
import { db } from '../../utils/db';
import { wordsOf } from '../../utils/text/words';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  const draft = (id: string, text: string, updatedAt: number) => ({
    id, text, spoilerText: '', visibility: 'public' as const, language: 'en', createdAt: updatedAt, updatedAt, words: wordsOf(text),
  });
  await db.drafts.bulkAdd([draft('a', 'Notes about the garden', 3), draft('b', 'Recipe for bread', 2), draft('c', 'Garden party invite', 1)]);
});
afterEach(cleanup);

const rows = () => screen.queryAllByText(/garden|bread|Garden/).map((node) => node.textContent);

describe('DraftList', () => {
  it('lists drafts newest first and searches them, ignoring case', async () => {
    render(<DraftList onOpen={() => undefined} />);
    await waitFor(() => expect(rows()).toEqual(['Notes about the garden', 'Recipe for bread', 'Garden party invite']));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search drafts' }), { target: { value: 'GARDEN' } });
    await waitFor(() => expect(rows()).toEqual(['Notes about the garden', 'Garden party invite']));
    // Every word of the query must start a word of the draft.
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search drafts' }), { target: { value: 'gard par' } });
    await waitFor(() => expect(rows()).toEqual(['Garden party invite']));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search drafts' }), { target: { value: 'nothing like this' } });
    await screen.findByText('No draft contains that.');
  });

  it('opens, duplicates (with images), and deletes with undo', async () => {
    await db.media.add({
      id: 'm', draftId: 'b', postId: null, position: 0, blob: new NodeBlob(['x']) as Blob, name: 'x.png', type: 'image/png', size: 1, alt: 'loaf', createdAt: 1,
    });
    const onOpen = vi.fn();
    render(<DraftList onOpen={onOpen} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open draft: Recipe for bread' }));
    expect(onOpen).toHaveBeenCalledWith('b');

    fireEvent.click(screen.getByRole('button', { name: 'Duplicate draft: Recipe for bread' }));
    await waitFor(async () => expect(await db.drafts.filter((draft) => draft.text === 'Recipe for bread').count()).toBe(2));
    const copies = await db.drafts.filter((draft) => draft.text === 'Recipe for bread' && draft.id !== 'b').toArray();
    expect((await db.media.where('draftId').equals(copies[0]!.id).toArray()).map((item) => item.alt)).toEqual(['loaf']);

    fireEvent.click(screen.getAllByRole('button', { name: 'Delete draft: Notes about the garden' })[0]!);
    await screen.findByText('Draft deleted.');
    expect(await db.drafts.get('a')).toBeUndefined();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect((await db.drafts.get('a'))?.text).toBe('Notes about the garden'));
  });
});
