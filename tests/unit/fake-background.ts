import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../utils/background-main';
import type { Envelope } from '../../utils/messages';

/**
 * Stands in for the service worker: every message a page sends goes through the real handler, as
 * from one of the extension's pages. Returns the messages, in the order they were sent.
 */
export function backgroundReceiving(): Envelope[] {
  const sent: Envelope[] = [];
  fakeBrowser.runtime.onMessage.addListener(((message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    sent.push(message as Envelope);
    void handleMessage(message, { id: fakeBrowser.runtime.id, url: `${fakeBrowser.runtime.getURL('/')}popup.html` }).then(sendResponse);
    return true;
  }) as never);
  return sent;
}

/** What the pages asked the worker to save on closing. */
export const savedOnClosing = (sent: Envelope[]) => sent.filter((message) => message.type === 'draft.save').map((message) => message.payload);
