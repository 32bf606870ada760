import type { DestinationCheck } from '../utils/compose-rules';
import { t } from '../utils/i18n';
import type { ImageFit, MediaItem } from '../utils/model';
import { networkOf } from '../utils/networks/index';
import { Thumbnail } from './MediaTray';

interface Props {
  /** The chosen destinations, as checked against the draft. */
  checks: DestinationCheck[];
  media: MediaItem[];
  fit: ImageFit;
  onFit(fit: ImageFit): void;
}

/**
 * For a destination that takes images only within some shapes (Instagram: 4:5 to 1.91:1): crop or
 * borders, and a preview of each image that changes, as that destination will show it.
 */
export function ImageFitChoice({ checks, media, fit, onFit }: Props) {
  const check = checks.find((candidate) => candidate.shapes.some((shape) => shape !== undefined));
  if (!check) return null;
  const name = networkOf(check.account.network).name;
  return (
    <fieldset class="image-fit">
      <legend>{t('imageFitLegend', name)}</legend>
      {(['crop', 'pad'] as const).map((choice) => (
        <label key={choice} class="toggle">
          <input type="radio" name="image-fit" value={choice} checked={fit === choice} onChange={() => onFit(choice)} />
          {t(choice === 'crop' ? 'imageFitCrop' : 'imageFitPad')}
        </label>
      ))}
      <ul class="fit-previews">
        {media.map((item, index) => {
          const shape = check.shapes[index];
          return shape ? (
            <li key={item.id} class={`fit-preview fit-${fit}`} style={{ aspectRatio: String(shape.ratio) }} aria-label={t('imageFitPreview', name, index + 1)}>
              <Thumbnail item={item} />
            </li>
          ) : null;
        })}
      </ul>
    </fieldset>
  );
}
