import { uiLanguage, type MessageKey } from './i18n';

/**
 * Which of two messages fits a count: the browser's i18n has no plurals, so a message with a count
 * comes in two, its singular form (`one`) and the rest (`other`), chosen by the language's rules
 * ("1 character", "2 characters"; in French 0 takes the singular too).
 */
export function byCount(count: number, one: MessageKey, other: MessageKey): MessageKey {
  return new Intl.PluralRules(uiLanguage()).select(count) === 'one' ? one : other;
}
