import type { Visibility } from '../utils/db';
import { readSetting, writeSetting } from '../utils/settings';
import { t } from '../utils/i18n';
import { useQuery } from './use-query';

/** Defaults the composer starts from. */
export function SettingsPanel() {
  const requireAltText = useQuery(() => readSetting('requireAltText', false), [], ['settings'], 5_000) ?? false;
  const defaultVisibility = useQuery(() => readSetting<Visibility>('defaultVisibility', 'public'), [], ['settings'], 5_000) ?? 'public';
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings')}</h2>
      <label class="toggle">
        <input
          type="checkbox"
          checked={requireAltText}
          onChange={(event) => void writeSetting('requireAltText', (event.currentTarget as HTMLInputElement).checked)}
        />
        {t('requireAltText')}
      </label>
      <label class="field">
        {t('defaultVisibility')}
        <select
          value={defaultVisibility}
          onChange={(event) => void writeSetting('defaultVisibility', (event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="public">{t('visibilityPublic')}</option>
          <option value="unlisted">{t('visibilityUnlisted')}</option>
          <option value="followers">{t('visibilityFollowers')}</option>
          <option value="mentioned">{t('visibilityMentioned')}</option>
        </select>
      </label>
    </section>
  );
}
