import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

/** Every user-visible string has a key in public/_locales/en/messages.json; a translation is one file. */
export type MessageKey = keyof typeof messages;

/** Translate `key`, filling `$1`, `$2`… with `substitutions` (the extension i18n format). */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  // An empty answer means a missing key: show the key rather than nothing, so it is noticed.
  return text || key;
}

/** The browser's UI language as an ISO 639-1 code ("en-GB" → "en"), for the post's language. */
export function uiLanguage(): string {
  const tag = browser.i18n.getUILanguage?.() ?? 'en';
  return tag.split(/[-_]/)[0]?.toLowerCase() || 'en';
}

/** What an error says, for showing inside a sentence (our errors are already written for people). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
