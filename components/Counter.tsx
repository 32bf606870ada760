import type { Measure } from '../utils/model';
import { t } from '../utils/i18n';
import { byCount } from '../utils/plural';

/** Characters left for one destination, counted the way that server counts. */
export function Counter({ measure, label }: { measure: Measure; label: string }) {
  const over = -measure.remaining;
  const spoken = measure.over
    ? t(byCount(over, 'counterOverLabelOne', 'counterOverLabel'), label, over, measure.limit)
    : t('counterLabel', label, measure.remaining, measure.limit);
  return (
    <span
      class={`counter${measure.over ? ' counter-over' : measure.remaining <= 20 ? ' counter-near' : ''}`}
      aria-label={spoken}
      data-remaining={measure.remaining}
    >
      {measure.remaining}
    </span>
  );
}
