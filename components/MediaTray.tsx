import { useEffect, useMemo } from 'preact/hooks';
import type { MediaItem } from '../utils/model';
import { t } from '../utils/i18n';

interface Props {
  media: MediaItem[];
  maxImages: number;
  altTextLimit: number;
  requireAltText: boolean;
  onAdd(files: File[]): void;
  onAlt(mediaId: string, alt: string): void;
  onRemove(mediaId: string): void;
  /** Files that could not be attached, with why. */
  problems?: string[];
}

export function Thumbnail({ item }: { item: MediaItem }) {
  // By id: an item's image never changes, and every read of the table gives a new Blob object.
  const url = useMemo(() => URL.createObjectURL(item.blob), [item.id]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img class="thumbnail" src={url} alt="" />;
}

/** Attached images, each asking for its description (alt text). */
export function MediaTray({ media, maxImages, altTextLimit, requireAltText, onAdd, onAlt, onRemove, problems = [] }: Props) {
  const full = media.length >= maxImages;
  return (
    <section class="media-tray" aria-label={t('images')}>
      <ul>
        {media.map((item, index) => {
          const altId = `alt-${item.id}`;
          const missing = !item.alt.trim();
          return (
            <li key={item.id} class={`media-item${missing ? ' media-missing-alt' : ''}`}>
              <Thumbnail item={item} />
              <div class="media-fields">
                <label for={altId}>{t('altTextLabel', index + 1)}</label>
                {/* Uncontrolled: the stored value arrives after a round trip through IndexedDB, and
                    writing it back into the box while someone types would drop keystrokes. */}
                <textarea
                  id={altId}
                  rows={2}
                  maxLength={altTextLimit}
                  placeholder={t('altTextPlaceholder')}
                  defaultValue={item.alt}
                  aria-invalid={requireAltText && missing}
                  onInput={(event) => onAlt(item.id, (event.currentTarget as HTMLTextAreaElement).value)}
                />
                {missing ? <span class="hint">{t('altTextAsk')}</span> : null}
              </div>
              <button type="button" class="icon" aria-label={t('removeImage', item.name)} onClick={() => onRemove(item.id)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {problems.map((problem) => (
        <p key={problem} class="error-text" role="alert">
          {problem}
        </p>
      ))}
      <label class={`button add-images${full ? ' disabled' : ''}`}>
        {t('addImages', media.length, maxImages)}
        <input
          type="file"
          accept="image/*"
          multiple
          disabled={full}
          class="visually-hidden"
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            // All of them: those beyond the limit are named among the problems, not dropped in silence.
            const files = Array.from(input.files ?? []);
            input.value = '';
            if (files.length > 0) onAdd(files);
          }}
        />
      </label>
    </section>
  );
}
