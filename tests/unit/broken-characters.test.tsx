/**
 * Half an emoji (a lone surrogate) cannot be sent: it becomes � on the way. The composer replaces it
 * in the text box itself and says so, so what the person sees is what is saved and sent.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../../components/Composer';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import { withoutLoneSurrogates } from '../../utils/text/well-formed';

const HIGH = '\uD83D'; // the first half of 😀 (U+1F600 is D83D DE00)
const LOW = '\uDE00';

beforeEach(async () => {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  await Promise.all(db.tables.map((table) => table.clear()));
});
afterEach(cleanup);

describe('withoutLoneSurrogates', () => {
  it('replaces each half on its own, one for one, and keeps whole emoji', () => {
    expect(withoutLoneSurrogates(`a${HIGH}b`)).toBe('a\uFFFDb');
    expect(withoutLoneSurrogates(`${LOW}a${HIGH}`)).toBe('\uFFFDa\uFFFD');
    expect(withoutLoneSurrogates(`${LOW}${HIGH}`)).toBe('\uFFFD\uFFFD');
    expect(withoutLoneSurrogates('😀 👩‍👩‍👧‍👦 ok')).toBe('😀 👩‍👩‍👧‍👦 ok');
    expect(withoutLoneSurrogates(`😀${HIGH}😀`)).toBe('😀\uFFFD😀');
  });
});

describe('Composer', () => {
  it('shows the replacement in the text box, says so, and saves what is shown', async () => {
    render(<Composer start={await readComposerStart()} />);
    const text = (await screen.findByLabelText('Post text')) as HTMLTextAreaElement;
    fireEvent.input(text, { target: { value: 'Fine 😀' } });
    expect(screen.queryByText(/A broken character/)).toBeNull();

    fireEvent.input(text, { target: { value: `Pasted ${HIGH} here 😀` } });
    expect(text.value).toBe('Pasted \uFFFD here 😀');
    expect(screen.getByRole('status').textContent).toBe('A broken character (half of an emoji, perhaps) was replaced with �.');
    const draftId = (await db.settings.get('currentDraftId'))?.value as string;
    await waitFor(async () => expect((await db.drafts.get(draftId))?.text).toBe('Pasted \uFFFD here 😀'));
  });

  it('does the same in the content warning', async () => {
    render(<Composer start={await readComposerStart()} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Add a content warning' }));
    const warning = (await screen.findByLabelText('Content warning')) as HTMLInputElement;
    fireEvent.input(warning, { target: { value: `Spoiler${LOW}` } });
    expect(warning.value).toBe('Spoiler\uFFFD');
    expect(screen.getByText(/A broken character/)).toBeTruthy();
  });
});
