import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { messageOf, t } from '../utils/i18n';

interface Shortcut {
  name: string;
  description: string;
  shortcut: string;
}

/** Where each browser lets people change an extension's shortcuts. */
async function openShortcutSettings(): Promise<void> {
  const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
  if (commands.openShortcutSettings) await commands.openShortcutSettings();
  else await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}

/** The keyboard shortcuts as the browser has them now (the person may have changed them). */
export function ShortcutsPanel() {
  const [shortcuts, setShortcuts] = useState<Shortcut[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    browser.commands
      .getAll()
      .then((all) => setShortcuts(all.map((command) => ({ name: command.name ?? '', description: command.description ?? '', shortcut: command.shortcut ?? '' }))))
      .catch((readError: unknown) => setError(messageOf(readError)));
  }, []);
  return (
    <section class="shortcuts" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">{t('shortcuts')}</h2>
      <ul>
        {(shortcuts ?? []).map((command) => (
          <li key={command.name} class="shortcut">
            <kbd>{command.shortcut || t('shortcutNotSet')}</kbd> {command.description || t('commandOpenComposer')}
          </li>
        ))}
      </ul>
      {error ? <p class="error-text">{error}</p> : null}
      <button type="button" onClick={() => void openShortcutSettings().catch((openError: unknown) => setError(messageOf(openError)))}>
        {t('changeShortcuts')}
      </button>
    </section>
  );
}
