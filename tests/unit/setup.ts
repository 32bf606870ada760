import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../public/_locales/en/messages.json';

/** The extension i18n format, enough for tests: `$1`… replaced by the substitutions. */
function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = (messages as Record<string, { message: string }>)[key];
  if (!entry) return '';
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return entry.message.replace(/\$(\d)/g, (_, index: string) => values[Number(index) - 1] ?? '');
}

function installFakes(): void {
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
  // The outbox's keep-alive pings this during long deliveries.
  fakeBrowser.runtime.getPlatformInfo = (async () => ({ os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' })) as never;
}

installFakes();
beforeEach(() => {
  fakeBrowser.reset();
  installFakes();
});
