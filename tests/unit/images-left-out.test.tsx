/**
 * Choosing more images than the chosen destinations take: those that fit are attached, and the others
 * are named in the image problems, with the limit and the destination that sets it.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { File as NodeFile } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../../components/Composer';
import { imagesThatFit } from '../../utils/compose-rules';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import { writeSetting } from '../../utils/settings';
import { makePng } from '../fixtures/images';
import { mastodonAccount } from './fixtures';

const four = mastodonAccount({ server: 'https://four.example', handle: '@alice@four.example', maxImages: 4 });
const two = mastodonAccount({ server: 'https://two.example', handle: '@bob@two.example', maxImages: 2 });

// Node's File: fake-indexeddb clones it as the browser would (happy-dom's it cannot).
const png = (name: string) => new NodeFile([makePng(4, 3)], name, { type: 'image/png' }) as unknown as File;
const named = (...names: string[]) => names.map((name) => ({ name }));

beforeEach(async () => {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  // Node has no image decoder: the size is the header's.
  vi.stubGlobal('createImageBitmap', async () => ({ width: 4, height: 3, close: () => undefined }));
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.bulkAdd([four, two]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('imagesThatFit', () => {
  it('keeps what fits and names the rest, with the destination that sets the limit', () => {
    expect(imagesThatFit(named('a', 'b'), 1, { maxImages: 4, maxImagesSetBy: four })).toEqual({ fitting: named('a', 'b') });
    expect(imagesThatFit(named('a', 'b', 'c'), 1, { maxImages: 2, maxImagesSetBy: two })).toEqual({
      fitting: named('a'),
      problem: 'Not added: b, c. @bob@two.example takes at most 2 images in a post.',
    });
    expect(imagesThatFit(named('a', 'b'), 0, { maxImages: 1, maxImagesSetBy: two }).problem).toBe('Not added: b. @bob@two.example takes only 1 image in a post.');
    expect(imagesThatFit(named('e'), 4, { maxImages: 4 }).problem).toBe('Not added: e. A post can have at most 4 images.');
  });
});

describe('Composer', () => {
  it('attaches four of five chosen images for a four-image destination and says which was left out', async () => {
    await writeSetting('lastDestinations', [four.id]);
    render(<Composer start={await readComposerStart()} />);
    const input = document.querySelector('.add-images input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: ['1.png', '2.png', '3.png', '4.png', 'fifth.png'].map(png), configurable: true });
    fireEvent.change(input);
    expect((await screen.findByRole('alert')).textContent).toBe('Not added: fifth.png. @alice@four.example takes at most 4 images in a post.');
    await waitFor(async () => expect((await db.media.toArray()).map((item) => item.name).sort()).toEqual(['1.png', '2.png', '3.png', '4.png']));
  });

  it('names the destination with the fewest images when several are chosen, and pasted images too', async () => {
    await writeSetting('lastDestinations', [four.id, two.id]);
    render(<Composer start={await readComposerStart()} />);
    const text = await screen.findByLabelText('Post text');
    fireEvent.paste(text, { clipboardData: { files: ['a.png', 'b.png', 'c.png'].map(png) } });
    expect((await screen.findByRole('alert')).textContent).toBe('Not added: c.png. @bob@two.example takes at most 2 images in a post.');
    await waitFor(async () => expect(await db.media.count()).toBe(2));
  });
});
