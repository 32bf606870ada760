/**
 * Sharing while browsing: the context-menu entries and the "share this page" shortcut make a new
 * draft from the page and open the composer on it. Worker only. The page is read on demand with the
 * access the person's click grants (activeTab), never by a script in every page; what it returns is
 * checked (page-facts.ts) and goes into the draft as text.
 */
import { browser, type Browser } from 'wxt/browser';
import { startDraftWith, MAX_IMAGE_BYTES } from '../drafts';
import { messageOf, t, type MessageKey } from '../i18n';
import type { LinkPreview } from '../model';
import { readCappedBody } from '../networks/http';
import { originPattern } from '../networks/server-address';
import { readSetting } from '../settings';
import { withoutTracking } from './clean-url';
import { cutShort } from '../text/well-formed';
import { toolbarAction } from '../toolbar';
import { checkedFacts, imageFileName, readPageInPage, webUrl, type PageFacts } from './page-facts';
import { shareText, type ShareKind } from './share-text';

/** The context-menu entries, by the kind of share each starts. */
export const MENU_ENTRIES: { id: string; kind: ShareKind; title: MessageKey }[] = [
  { id: 'share-page', kind: 'page', title: 'menuSharePage' },
  { id: 'quote-selection', kind: 'selection', title: 'menuQuoteSelection' },
  { id: 'share-link', kind: 'link', title: 'menuShareLink' },
  { id: 'share-image', kind: 'image', title: 'menuShareImage' },
];

/** The keyboard shortcut (manifest `commands`) that shares the current page. */
export const SHARE_PAGE_COMMAND = 'share-page';

let menusMade: Promise<void> | undefined;

/**
 * Made at every background start: Chromium keeps menus across worker restarts, but Firefox forgets
 * those of a persistent background page when the browser restarts. Removing them first makes it safe
 * to run more than once.
 */
export function createMenus(): Promise<void> {
  menusMade ??= makeMenus();
  return menusMade;
}

async function makeMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  // Each entry shows where its kind is: "Share this page" on the page, "Quote selection" on a selection…
  for (const entry of MENU_ENTRIES) browser.contextMenus.create({ id: entry.id, title: t(entry.title), contexts: [entry.kind] });
}

/** The composer's window size when the popup cannot be opened. */
const WINDOW = { width: 520, height: 760 };

/**
 * The popup where the browser opens it for us, else the compose page in a small window of its own.
 * Chromium opens the popup after the draft is made; Firefox only inside the click itself, which has
 * passed by then (the page had to be read first), so there the composer opens as a window.
 */
export async function openComposer(windowId?: number): Promise<void> {
  try {
    await toolbarAction().openPopup(windowId === undefined ? undefined : { windowId });
  } catch {
    await browser.windows.create({ url: browser.runtime.getURL('/compose.html'), type: 'popup', ...WINDOW });
  }
}

/**
 * Access to the image's site, asked for inside the click (the browser shows the prompt only there, so
 * before anything is awaited). An image from the page's own site needs none: the click granted it.
 */
function askForImageAccess(imageUrl: string | undefined, pageUrl: string | undefined): Promise<boolean> {
  const image = imageUrl ? webUrl(imageUrl) : undefined;
  if (!image) return Promise.resolve(imageUrl?.startsWith('data:image/') ?? false);
  if (pageUrl && webUrl(pageUrl) && new URL(pageUrl).origin === new URL(image).origin) return Promise.resolve(true);
  const origins = [originPattern(image)];
  // Outside a click (a test, or an old click) the request throws; access granted before still counts.
  return browser.permissions.request({ origins }).catch(() => browser.permissions.contains({ origins }));
}

/** How long a page has to answer: a page whose script is stuck would otherwise hold the share forever. */
const PAGE_READ_TIMEOUT_MS = 3_000;

/** The page's facts, or what the browser says of the tab when the page cannot be read (a browser page, a PDF). */
async function readPage(tab: Browser.tabs.Tab | undefined, imageUrl: string | undefined): Promise<PageFacts> {
  let raw: unknown;
  if (tab?.id !== undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const reading = browser.scripting.executeScript({ target: { tabId: tab.id }, func: readPageInPage, args: [imageUrl ?? null] });
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('The page did not answer')), PAGE_READ_TIMEOUT_MS)));
      const [result] = await Promise.race([reading, late]);
      raw = result?.result;
    } catch {
      // Not readable, or too slow: the tab's own title and address will do.
    } finally {
      clearTimeout(timer);
    }
  }
  return checkedFacts(raw, { url: tab?.url, title: tab?.title });
}

/** The image the person right-clicked, as a file, or why it could not be had. */
async function fetchImage(url: string): Promise<File> {
  let response: Response;
  try {
    // No cookies: the image is fetched as anyone would see it.
    response = await fetch(url, { credentials: 'omit', signal: AbortSignal.timeout(20_000) });
  } catch (error) {
    throw new Error(t('shareImageUnreachable', messageOf(error)));
  }
  if (!response.ok) throw new Error(t('shareImageStatus', response.status));
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type.startsWith('image/')) throw new Error(t('shareImageNotImage', type || '?'));
  const body = await readCappedBody(response, MAX_IMAGE_BYTES);
  if (!body) throw new Error(t('shareImageTooLarge', MAX_IMAGE_BYTES / 1024 / 1024));
  return new File([body], imageFileName(url), { type });
}

export interface ShareRequest {
  kind: ShareKind;
  tab?: Browser.tabs.Tab;
  linkUrl?: string;
  srcUrl?: string;
  selectionText?: string;
}

/**
 * Make the draft for `request` and open the composer on it. `imageAccess` is the answer to the access
 * asked for inside the click. Returns the new draft's id.
 */
export async function share(request: ShareRequest, imageAccess: Promise<boolean> = Promise.resolve(false)): Promise<string> {
  const { kind, tab } = request;
  const facts = await readPage(tab, kind === 'image' ? request.srcUrl : undefined);
  const clean = await readSetting('stripTracking');
  const text = shareText(kind, facts, { linkUrl: request.linkUrl && webUrl(request.linkUrl), selectionText: request.selectionText }, clean);
  // A card for the page itself, from what it said, when the page is what is shared.
  const linkPreview: LinkPreview | undefined =
    (kind === 'page' || kind === 'selection') && facts.url && (facts.title || facts.description)
      ? { url: clean ? withoutTracking(facts.url) : facts.url, title: facts.title, description: facts.description, imageUrl: facts.imageUrl }
      : undefined;
  const images: { file: File; alt: string }[] = [];
  let notice: string | undefined;
  if (kind === 'image' && request.srcUrl) {
    const web = webUrl(request.srcUrl);
    // A data: or blob: address can be megabytes long, and says nothing to a person.
    const where = web ? cutShort(web, 200) : t('shareImageInline');
    try {
      if (!(await imageAccess)) throw new Error(web ? t('shareImageNoAccess', new URL(web).host) : t('shareImageInPageOnly'));
      images.push({ file: await fetchImage(request.srcUrl), alt: facts.imageAlt });
    } catch (error) {
      notice = t('shareImageMissing', where, messageOf(error));
    }
  }
  // Without the image, its address stays in the text, so nothing the person pointed at is lost.
  const imageText = notice && request.srcUrl && webUrl(request.srcUrl) ? `\n${request.srcUrl}` : '';
  const { draft } = await startDraftWith({ text: text + imageText, linkPreview, notice }, images);
  await openComposer(tab?.windowId);
  return draft.id;
}

/** From `contextMenus.onClicked`: the access question first, inside the click, then the rest. */
export function onMenuClicked(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): Promise<string | undefined> {
  const entry = MENU_ENTRIES.find((candidate) => candidate.id === info.menuItemId);
  if (!entry) return Promise.resolve(undefined);
  const imageAccess = entry.kind === 'image' ? askForImageAccess(info.srcUrl, info.pageUrl ?? tab?.url) : undefined;
  return share({ kind: entry.kind, tab, linkUrl: info.linkUrl, srcUrl: info.srcUrl, selectionText: info.selectionText }, imageAccess);
}

/** From `commands.onCommand`. */
export function onCommand(command: string, tab?: Browser.tabs.Tab): Promise<string | undefined> {
  if (command !== SHARE_PAGE_COMMAND) return Promise.resolve(undefined);
  return share({ kind: 'page', tab });
}
