import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Blob as NodeBlob } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Composer } from '../../components/Composer';
import { openComposer, readComposerStart, type ComposerStart } from '../../utils/composer-start';
import { db, putSetting } from '../../utils/db';
import { addImages, deleteDraft, startNewDraft } from '../../utils/drafts';
import { readFirstScreen, rememberFirstScreen } from '../../utils/first-screen';
import type { Envelope } from '../../utils/messages';
import { mastodonAccount } from './fixtures';

const roomy = mastodonAccount({ server: 'https://roomy.example', maxCharacters: 500 });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const textBox = () => screen.getByLabelText('Post text') as HTMLTextAreaElement;
// Node's Blob: IndexedDB (fake-indexeddb) clones it as the browser would; happy-dom's it cannot.
const photo = () => Object.assign(new NodeBlob(['x'], { type: 'image/png' }), { name: 'photo.png' }) as unknown as File;

beforeEach(async () => {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.add(roomy);
  localStorage.clear();
});
afterEach(cleanup);

describe('the page copy of the first screen', () => {
  it('is read back as written, and ignored when it is not one', () => {
    expect(readFirstScreen()).toBeUndefined();
    localStorage.setItem('everywhere-post/first-screen/v1', '{not json');
    expect(readFirstScreen()).toBeUndefined();
    localStorage.setItem('everywhere-post/first-screen/v1', JSON.stringify({ draft: { id: 7 }, accounts: [], selected: [], requireAltText: false }));
    expect(readFirstScreen()).toBeUndefined();
    rememberFirstScreen({ draft: null, accounts: [roomy], selected: [roomy.id], requireAltText: true });
    expect(readFirstScreen()).toEqual({ draft: null, accounts: [roomy], selected: [roomy.id], requireAltText: true });
  });

  it('lets the popup paint at once only when it holds a draft', async () => {
    expect(openComposer().early).toBeUndefined();
    const stored = await readComposerStart();
    rememberFirstScreen({ draft: stored.draft, accounts: [roomy], selected: [], requireAltText: false });
    const { early, confirmed } = openComposer();
    expect(early?.draft.id).toBe(stored.draft.id);
    expect((await confirmed).draft.id).toBe(stored.draft.id);
  });
});

describe('a composer painted from the page copy', () => {
  it('shows the copy at once, then the draft IndexedDB says is current when nothing was typed', async () => {
    const painted = (await readComposerStart()).draft;
    const current = await startNewDraft();
    await db.drafts.update(current.id, { text: 'The current draft' });
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ draft: { ...painted, text: 'Copy words' }, media: [], accounts: [roomy], selected: [], requireAltText: false }} confirmed={confirmation.promise} />);
    expect(textBox().value).toBe('Copy words');
    confirmation.resolve(await readComposerStart());
    await waitFor(() => expect(textBox().value).toBe('The current draft'));
  });

  it('keeps a copy that is ahead of IndexedDB: the last popup closed before its words reached the disk', async () => {
    const stored = await readComposerStart();
    await db.drafts.update(stored.draft.id, { text: 'Words' });
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ ...stored, draft: { ...stored.draft, text: 'Words still on their way' } }} confirmed={confirmation.promise} />);
    confirmation.resolve(await readComposerStart());
    await waitFor(async () => expect((await db.drafts.get(stored.draft.id))?.text).toBe('Words still on their way'), { timeout: 1_000 });
    expect(textBox().value).toBe('Words still on their way');
  });

  it('keeps what was typed before IndexedDB answered, in the same draft', async () => {
    const stored = await readComposerStart();
    await db.drafts.update(stored.draft.id, { text: 'Hello' });
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ ...stored, draft: { ...stored.draft, text: 'Hello' } }} confirmed={confirmation.promise} />);
    fireEvent.input(textBox(), { target: { value: 'Hello world' } });
    confirmation.resolve(await readComposerStart());
    await waitFor(async () => expect((await db.drafts.get(stored.draft.id))?.text).toBe('Hello world'), { timeout: 1_000 });
    expect(textBox().value).toBe('Hello world');
  });

  it('keeps what was typed into a draft that is no longer current as a new draft, and leaves both others as they were', async () => {
    const painted = (await readComposerStart()).draft;
    await db.drafts.update(painted.id, { text: 'Hello' });
    const current = await startNewDraft();
    await db.drafts.update(current.id, { text: 'Opened from the drafts list' });
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ draft: { ...painted, text: 'Hello' }, media: [], accounts: [roomy], selected: [], requireAltText: false }} confirmed={confirmation.promise} />);
    fireEvent.input(textBox(), { target: { value: 'Hello you' } });
    confirmation.resolve(await readComposerStart());
    await waitFor(async () => expect([painted.id, current.id]).not.toContain((await db.settings.get('currentDraftId'))?.value));
    const keptId = (await db.settings.get('currentDraftId'))?.value as string;
    await waitFor(async () => expect((await db.drafts.get(keptId))?.text).toBe('Hello you'));
    expect((await db.drafts.get(painted.id))?.text).toBe('Hello');
    expect((await db.drafts.get(current.id))?.text).toBe('Opened from the drafts list');
    expect(textBox().value).toBe('Hello you');
  });

  it('never brings a deleted draft back: what was typed into it becomes a new draft', async () => {
    const gone = (await readComposerStart()).draft;
    await deleteDraft(gone.id);
    const other = await startNewDraft();
    const confirmation = deferred<ComposerStart>();
    render(
      <Composer start={{ draft: { ...gone, text: 'Old words' }, media: [], accounts: [roomy], selected: [], requireAltText: false }} confirmed={confirmation.promise} />,
    );
    fireEvent.input(textBox(), { target: { value: 'Old words, and new ones' } });
    const stored = await readComposerStart();
    expect(stored.draft.id).toBe(other.id);
    confirmation.resolve(stored);
    await waitFor(async () => expect(await db.drafts.filter((draft) => draft.text === 'Old words, and new ones').count()).toBe(1));
    expect(await db.drafts.get(gone.id)).toBeUndefined();
    const current = (await db.settings.get('currentDraftId'))?.value as string;
    expect([gone.id, other.id]).not.toContain(current);
    expect((await db.drafts.get(current))?.text).toBe('Old words, and new ones');
    expect(textBox().value).toBe('Old words, and new ones');
  });

  it('does not publish before IndexedDB has confirmed what was painted', async () => {
    await putSetting('lastDestinations', [roomy.id]);
    const stored = await readComposerStart();
    await db.drafts.update(stored.draft.id, { text: 'Ready to go' });
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ ...stored, draft: { ...stored.draft, text: 'Ready to go' }, selected: [roomy.id] }} confirmed={confirmation.promise} />);
    const publish = screen.getByRole('button', { name: 'Publish' });
    expect(publish).toHaveProperty('disabled', true);
    confirmation.resolve(await readComposerStart());
    await waitFor(() => expect(publish).toHaveProperty('disabled', false));
  });

  it('does not copy a draft with images when IndexedDB answers with one', async () => {
    const painted = (await readComposerStart()).draft;
    const withPhoto = await startNewDraft();
    await db.drafts.update(withPhoto.id, { text: 'The one with the photo' });
    await addImages(withPhoto.id, [photo()]);
    const confirmation = deferred<ComposerStart>();
    render(<Composer start={{ draft: painted, media: [], accounts: [roomy], selected: [], requireAltText: false }} confirmed={confirmation.promise} keepsFirstScreenCopy />);
    confirmation.resolve(await readComposerStart());
    await waitFor(() => expect(textBox().value).toBe('The one with the photo'));
    expect(readFirstScreen()?.draft ?? null).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readFirstScreen()?.draft ?? null).toBeNull();
  });
});

describe('the composer keeping the page copy', () => {
  it('writes what is on screen for the next popup', async () => {
    render(<Composer start={await readComposerStart()} keepsFirstScreenCopy />);
    fireEvent.input(textBox(), { target: { value: 'Next time' } });
    await waitFor(() => expect(readFirstScreen()?.draft?.text).toBe('Next time'));
    expect(readFirstScreen()?.accounts.map((account) => account.id)).toEqual([roomy.id]);
  });

  it('leaves a draft with images to IndexedDB', async () => {
    const start = await readComposerStart();
    render(<Composer start={start} keepsFirstScreenCopy />);
    fireEvent.input(textBox(), { target: { value: 'With a photo' } });
    await waitFor(() => expect(readFirstScreen()?.draft?.text).toBe('With a photo'));
    await addImages(start.draft.id, [photo()]);
    await waitFor(() => expect(readFirstScreen()?.draft).toBeNull());
  });

  it('forgets the draft it hands to the outbox before sending it, even if the popup closes meanwhile', async () => {
    let copyWhenSent: ReturnType<typeof readFirstScreen> = undefined;
    // Stands in for the background (the fake browser answers through sendResponse).
    fakeBrowser.runtime.onMessage.addListener(((message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
      const envelope = message as Envelope;
      if (envelope.type === 'outbox.publish') {
        // The person closes the popup while the message is on its way.
        dispatchEvent(new Event('pagehide'));
        copyWhenSent = readFirstScreen();
      }
      sendResponse({ ok: true, value: envelope.type === 'outbox.publish' ? { postId: 'post-1' } : null });
      return true;
    }) as never);
    const start = await readComposerStart();
    render(<Composer start={{ ...start, selected: [roomy.id] }} keepsFirstScreenCopy />);
    fireEvent.input(textBox(), { target: { value: 'Going out now' } });
    await waitFor(() => expect(readFirstScreen()?.draft?.text).toBe('Going out now'));
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(copyWhenSent).toBeDefined());
    expect(copyWhenSent!.draft).toBeNull();
    // The next draft takes its place, empty; the published one never comes back.
    await waitFor(() => expect(readFirstScreen()?.draft?.id).not.toBe(start.draft.id));
    await waitFor(() => expect(readFirstScreen()?.draft?.text).toBe(''));
  });

  it("in the compose page, forgets the copy's draft rather than writing it", async () => {
    const start = await readComposerStart();
    rememberFirstScreen({ draft: start.draft, accounts: [roomy], selected: [], requireAltText: false });
    render(<Composer start={start} />);
    fireEvent.input(textBox(), { target: { value: 'Typed in a tab' } });
    await waitFor(() => expect(readFirstScreen()?.draft).toBeNull());
    expect(readFirstScreen()?.accounts.map((account) => account.id)).toEqual([roomy.id]);
  });
});
