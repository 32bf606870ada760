/** The composer says where an attached animated WebP would go out still. */
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { Blob as NodeBlob } from 'node:buffer';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Composer } from '../../components/Composer';
import { readComposerStart } from '../../utils/composer-start';
import { db } from '../../utils/db';
import { writeSetting } from '../../utils/settings';
import { makeGif } from '../fixtures/images';
import { blueskyAccount, mastodonAccount } from './fixtures';

const toot = mastodonAccount();
const sky = blueskyAccount();

/** Two frames of the one-pixel GIF in two colours, as an animated WebP of 2,400 × 100 (wider than Bluesky takes). */
async function wideAnimatedWebp(): Promise<Buffer> {
  const hex = makeGif().toString('hex');
  const frame = hex.slice(38, -2).replace('21f904010000', '21f904000a00');
  const gif = Buffer.from(hex.slice(0, 38) + frame + frame.replace('02024401', '02024c01') + '3b', 'hex');
  return sharp(gif, { animated: true }).resize(2400, 100, { kernel: 'nearest', fit: 'fill' }).webp().toBuffer();
}

beforeEach(async () => {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumbnail');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  await Promise.all(db.tables.map((table) => table.clear()));
  await db.accounts.bulkAdd([toot, sky]);
  await writeSetting('lastDestinations', [toot.id, sky.id]);
});
afterEach(cleanup);

it('says that an animated WebP goes out still where it cannot go as it is, before publishing', async () => {
  render(<Composer start={await readComposerStart()} />);
  await screen.findByLabelText('Post text');
  const draftId = (await db.settings.get('currentDraftId'))?.value as string;
  const file = await wideAnimatedWebp();
  await db.media.add({
    id: 'm1', draftId, postId: null, position: 0,
    // Node's Blob: IndexedDB (fake-indexeddb) clones it as the browser would; happy-dom's it cannot.
    blob: new NodeBlob([file], { type: 'image/webp' }) as Blob,
    name: 'dance.webp', type: 'image/webp', size: file.length, alt: 'Dancing', createdAt: 1, width: 2400, height: 100, animated: true,
  });
  const row = (handle: string) => screen.getByText(handle).closest('li.destination') as HTMLElement;
  await waitFor(() =>
    expect(within(row(sky.handle)).getByText('dance.webp is an animated WebP larger than Bluesky takes as it is: it goes out there as a still image (its first frame).')).toBeTruthy(),
  );
  expect(within(row(toot.handle)).queryByText(/animated WebP/)).toBeNull();
  // A note, not a refusal: publishing stays possible.
  expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', false);
});
