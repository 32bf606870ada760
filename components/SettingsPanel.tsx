import { t } from '../utils/i18n';
import type { Visibility } from '../utils/model';
import { readSetting, writeSetting } from '../utils/settings';
import { useLiveQuery } from './use-live-query';

/** Defaults the composer starts from. */
export function SettingsPanel() {
  const requireAltText = useLiveQuery(() => readSetting('requireAltText'), []) ?? false;
  const defaultVisibility = useLiveQuery(() => readSetting('defaultVisibility'), []) ?? 'public';
  const stripTracking = useLiveQuery(() => readSetting('stripTracking'), []) ?? true;
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
      <label class="toggle">
        <input
          type="checkbox"
          checked={stripTracking}
          onChange={(event) => void writeSetting('stripTracking', (event.currentTarget as HTMLInputElement).checked)}
        />
        {t('stripTracking')}
      </label>
      <label class="field">
        {t('defaultVisibility')}
        <select
          value={defaultVisibility}
          onChange={(event) => void writeSetting('defaultVisibility', (event.currentTarget as HTMLSelectElement).value as Visibility)}
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
