import { getSetting, putSetting, type Visibility } from '../utils/db';
import { t } from '../utils/i18n';
import { useLiveQuery } from './use-live-query';

/** Defaults the composer starts from. */
export function SettingsPanel() {
  const requireAltText = useLiveQuery(() => getSetting('requireAltText', false), []) ?? false;
  const defaultVisibility = useLiveQuery(() => getSetting<Visibility>('defaultVisibility', 'public'), []) ?? 'public';
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings')}</h2>
      <label class="toggle">
        <input
          type="checkbox"
          checked={requireAltText}
          onChange={(event) => void putSetting('requireAltText', (event.currentTarget as HTMLInputElement).checked)}
        />
        {t('requireAltText')}
      </label>
      <label class="field">
        {t('defaultVisibility')}
        <select
          value={defaultVisibility}
          onChange={(event) => void putSetting('defaultVisibility', (event.currentTarget as HTMLSelectElement).value)}
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
