import { useEffect, useState } from 'preact/hooks';
import { t, uiLanguage, type MessageKey } from '../utils/i18n';
import type { Draft, DraftEdits, Visibility } from '../utils/model';

const VISIBILITIES: Visibility[] = ['public', 'unlisted', 'followers', 'mentioned'];
const VISIBILITY_LABEL = {
  public: 'visibilityPublic',
  unlisted: 'visibilityUnlisted',
  followers: 'visibilityFollowers',
  mentioned: 'visibilityMentioned',
} as const;
const COMMON_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'no', 'pl', 'cs', 'uk', 'ru', 'tr', 'ar', 'he', 'hi', 'ja', 'ko', 'zh'];

function languageOptions(current: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([uiLanguage()], { type: 'language' });
  const codes = Array.from(new Set([current, uiLanguage(), ...COMMON_LANGUAGES])).filter(Boolean);
  return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));
}

function labelKey(label: string): MessageKey {
  return `label_${label.replace(/-/g, '_')}` as MessageKey;
}

interface Props {
  draft: Draft;
  showWarning: boolean;
  onShowWarning(on: boolean): void;
  /** Self-labels offered by the chosen destinations that label a content warning. */
  labelChoices: string[];
  /** Some chosen destination is over its limit but could take the text as a thread. */
  threadWouldHelp: boolean;
  onChange(fields: DraftEdits['fields']): void;
}

/** How the post goes out: content warning, audience, language, label and thread. */
export function ComposerOptions({ draft, showWarning, onShowWarning, labelChoices, threadWouldHelp, onChange }: Props) {
  // The full language list needs Intl.DisplayNames and a sort: built just after the first paint.
  const [allLanguages, setAllLanguages] = useState(false);
  useEffect(() => setAllLanguages(true), []);
  const select = (field: 'visibility' | 'language' | 'contentLabel') => (event: Event) =>
    onChange({ [field]: (event.currentTarget as HTMLSelectElement).value });
  const toggle = (field: 'thread' | 'numbering') => (event: Event) => onChange({ [field]: (event.currentTarget as HTMLInputElement).checked });
  return (
    <>
      <div class="options-row">
        <label class="toggle">
          <input
            type="checkbox"
            checked={showWarning}
            onChange={(event) => {
              const on = (event.currentTarget as HTMLInputElement).checked;
              onShowWarning(on);
              if (!on) onChange({ spoilerText: '' });
            }}
          />
          {t('addContentWarning')}
        </label>
        <label>
          <span class="visually-hidden">{t('visibility')}</span>
          <select aria-label={t('visibility')} value={draft.visibility} onChange={select('visibility')}>
            {VISIBILITIES.map((value) => (
              <option key={value} value={value}>
                {t(VISIBILITY_LABEL[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="visually-hidden">{t('language')}</span>
          <select aria-label={t('language')} value={draft.language} onChange={select('language')}>
            {(allLanguages ? languageOptions(draft.language) : [{ code: draft.language, name: draft.language }]).map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      {showWarning && labelChoices.length > 0 ? (
        <label class="field">
          {t('contentLabel')}
          <select value={draft.contentLabel ?? ''} onChange={select('contentLabel')}>
            <option value="">{t('contentLabelNone')}</option>
            {labelChoices.map((label) => (
              <option key={label} value={label}>
                {t(labelKey(label))}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      {threadWouldHelp || draft.thread ? (
        <div class="options-row">
          <label class="toggle">
            <input type="checkbox" checked={draft.thread ?? false} onChange={toggle('thread')} />
            {t('splitThread')}
          </label>
          {draft.thread ? (
            <label class="toggle">
              <input type="checkbox" checked={draft.numbering ?? false} onChange={toggle('numbering')} />
              {t('numberParts')}
            </label>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
