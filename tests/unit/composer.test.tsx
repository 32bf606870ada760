import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Blob as NodeBlob } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../../components/Composer';
import { AUTOSAVE_DELAY_MS } from '../../components/use-autosave';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import { writeSetting } from '../../utils/settings';
import { blueskyAccount, mastodonAccount } from './fixtures';

const roomy = mastodonAccount({ server: 'https://roomy.example', maxCharacters: 500 });
const tight = mastodonAccount({ server: 'https://tight.example', maxCharacters: 20, handle: '@bob@tight.example' });

beforeEach(async () => {
  // happy-dom's createObjectURL accepts only its own Blob class; thumbnails are not under test here.
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.bulkAdd([roomy, tight]);
});
afterEach(cleanup);

async function renderComposer() {
  render(<Composer start={await readComposerStart()} />);
  return (await screen.findByLabelText('Post text')) as HTMLTextAreaElement;
}

function destinationRow(handle: string): HTMLElement {
  return screen.getByText(handle).closest('li.destination') as HTMLElement;
}

describe('Composer', () => {
  it('shows each destination its own counter, counted by that server', async () => {
    const text = await renderComposer();
    fireEvent.input(text, { target: { value: 'Read https://example.org/a/very/long/path/that/is/not/counted/in/full 👩‍👩‍👧‍👦' } });
    // "Read " 5 + URL 23 + " " 1 + family emoji 1 = 30
    await waitFor(() => expect(within(destinationRow(roomy.handle)).getByLabelText(/characters left/).textContent).toBe('470'));
    expect(within(destinationRow(tight.handle)).getByLabelText(/10 characters over the limit of 20/).textContent).toBe('-10');
  });

  it('explains why publishing is disabled, next to the destination concerned', async () => {
    const text = await renderComposer();
    const publish = screen.getByRole('button', { name: 'Publish' });
    expect(publish).toHaveProperty('disabled', true);
    expect(screen.getByText('Choose at least one account to publish to.')).toBeTruthy();

    fireEvent.click(within(destinationRow(roomy.handle)).getByRole('checkbox'));
    fireEvent.click(within(destinationRow(tight.handle)).getByRole('checkbox'));
    expect(screen.getByText('Write something or add an image first.')).toBeTruthy();

    fireEvent.input(text, { target: { value: 'This sentence is longer than twenty characters.' } });
    await waitFor(() =>
      expect(within(destinationRow(tight.handle)).getByText(/27 characters over this server's limit/)).toBeTruthy(),
    );
    expect(within(destinationRow(roomy.handle)).queryByText(/over this server's limit/)).toBeNull();
    expect(publish).toHaveProperty('disabled', true);

    fireEvent.click(within(destinationRow(tight.handle)).getByRole('checkbox'));
    await waitFor(() => expect(publish).toHaveProperty('disabled', false));
  });

  it('asks for alt text when the person made it required', async () => {
    await writeSetting('requireAltText', true);
    await writeSetting('lastDestinations', [roomy.id]);
    const text = await renderComposer();
    fireEvent.input(text, { target: { value: 'A photo' } });
    const draftId = (await db.settings.get('currentDraftId'))?.value as string;
    await db.media.add({
      id: 'm1', draftId, postId: null, position: 0, // Node's Blob: IndexedDB (fake-indexeddb) clones it as the browser would; happy-dom's it cannot.
      blob: new NodeBlob(['x'], { type: 'image/png' }) as Blob,
      name: 'photo.png', type: 'image/png', size: 1, alt: '', createdAt: 1,
    });
    await waitFor(() => expect(within(destinationRow(roomy.handle)).getByText(/Every image needs a description/)).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', true);
    fireEvent.input(screen.getByLabelText('Description of image 1 (alt text)'), { target: { value: 'A red door' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', false));
  });

  it('saves the draft once typing pauses, not at every keystroke', async () => {
    const text = await renderComposer();
    const draftId = (await db.settings.get('currentDraftId'))?.value as string;
    const writes = vi.spyOn(db.drafts, 'put');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (const typed of ['K', 'Ke', 'Kept', 'Kept safe']) {
        fireEvent.input(text, { target: { value: typed } });
        vi.advanceTimersByTime(AUTOSAVE_DELAY_MS - 1);
      }
      expect(writes).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
    } finally {
      vi.useRealTimers();
    }
    await waitFor(async () => expect((await db.drafts.get(draftId))?.text).toBe('Kept safe'));
    expect(writes).toHaveBeenCalledTimes(1);
  });
});

describe('Composer with networks that differ', () => {
  const sky = blueskyAccount();

  beforeEach(async () => {
    await db.accounts.add(sky);
  });

  it('asks which label applies when a labels network gets a content warning', async () => {
    await writeSetting('lastDestinations', [sky.id]);
    const text = await renderComposer();
    fireEvent.input(text, { target: { value: 'Spoilers ahead' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Add a content warning' }));
    fireEvent.input(await screen.findByLabelText('Content warning'), { target: { value: 'gore' } });
    await waitFor(() => expect(within(destinationRow(sky.handle)).getByText(/Pick which label applies/)).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Label for networks that use labels'), { target: { value: 'graphic-media' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', false));
  });

  it('refuses followers-only for a network where every post is public, saying why', async () => {
    await writeSetting('lastDestinations', [sky.id, roomy.id]);
    const text = await renderComposer();
    fireEvent.input(text, { target: { value: 'Just for friends' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Who can see it' }), { target: { value: 'followers' } });
    await waitFor(() => expect(within(destinationRow(sky.handle)).getByText(/can't limit who sees a post/)).toBeTruthy());
    expect(within(destinationRow(roomy.handle)).queryByText(/can't limit who sees a post/)).toBeNull();
  });

  it('offers a thread when the text is too long, and previews the parts per destination', async () => {
    await writeSetting('lastDestinations', [sky.id, tight.id]);
    const text = await renderComposer();
    const long = Array.from({ length: 8 }, (_, i) => `Sentence number ${i + 1} is here.`).join(' ');
    fireEvent.input(text, { target: { value: long } });
    const split = await screen.findByRole('checkbox', { name: "Split long text into a thread where it doesn't fit" });
    expect(within(destinationRow(tight.handle)).getByText(/characters over/)).toBeTruthy();
    fireEvent.click(split);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', false));
    // 20 characters per part at the tight server; the Bluesky destination takes it in one.
    const parts = within(destinationRow(tight.handle)).getAllByRole('listitem').filter((item) => item.classList.contains('part'));
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(part.textContent!.length).toBeLessThanOrEqual(20);
    expect(within(destinationRow(sky.handle)).queryByText(/parts$/)).toBeNull();
  });

  it('refuses a file that cannot be read as an image, and keeps the draft', async () => {
    vi.stubGlobal('createImageBitmap', async () => {
      throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    });
    const text = await renderComposer();
    fireEvent.input(text, { target: { value: 'Still here' } });
    const input = document.querySelector('.add-images input[type=file]') as HTMLInputElement;
    const broken = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], 'broken.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [broken] });
    fireEvent.change(input);
    expect((await screen.findByRole('alert')).textContent).toMatch(/broken\.png could not be read as an image/);
    expect(await db.media.count()).toBe(0);
    expect((screen.getByLabelText('Post text') as HTMLTextAreaElement).value).toBe('Still here');
    vi.unstubAllGlobals();
  });
});
