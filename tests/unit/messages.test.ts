import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../utils/background-main';
import { isTrustedSender, parseEnvelope } from '../../utils/messages';

const origin = 'chrome-extension://abcdefghijklmnop/';

describe('message protocol', () => {
  it('accepts only well-formed messages of known types', () => {
    expect(parseEnvelope({ protocol: 'everywhere-post/1', type: 'outbox.retry', payload: { deliveryId: 'x' } })).toBeDefined();
    expect(parseEnvelope({ protocol: 'everywhere-post/1', type: 'outbox.retry', payload: { deliveryId: 3 } })).toBeUndefined();
    expect(parseEnvelope({ protocol: 'everywhere-post/1', type: 'tokens.dump', payload: {} })).toBeUndefined();
    expect(parseEnvelope({ type: 'outbox.wake', payload: {} })).toBeUndefined();
    expect(parseEnvelope('outbox.wake')).toBeUndefined();
    expect(
      parseEnvelope({ protocol: 'everywhere-post/1', type: 'outbox.publish', payload: { draftId: 'd', accountIds: ['a', 1] } }),
    ).toBeUndefined();
  });

  it('trusts extension pages and refuses content scripts and other extensions', () => {
    const id = fakeBrowser.runtime.id;
    expect(isTrustedSender({ id, url: `${origin}popup.html` }, origin)).toBe(true);
    expect(isTrustedSender({ id, url: 'https://evil.example/page', tab: { id: 3 } as never }, origin)).toBe(false);
    expect(isTrustedSender({ id: 'another-extension', url: `${origin}popup.html` }, origin)).toBe(false);
    expect(isTrustedSender({ id }, origin)).toBe(false);
  });

  it('answers a refusal, without running anything, when a web page sends a message', async () => {
    const reply = await handleMessage(
      { protocol: 'everywhere-post/1', type: 'account.unlink', payload: { accountId: 'x' } },
      { id: fakeBrowser.runtime.id, url: 'https://evil.example/' },
    );
    expect(reply).toEqual({ ok: false, error: { message: 'Refused: not sent by this extension.' } });
  });
});
