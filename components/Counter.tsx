import type { Measure } from '../utils/model';
import { t } from '../utils/i18n';

/** Characters left for one destination, counted the way that server counts. */
export function Counter({ measure, label }: { measure: Measure; label: string }) {
  return (
    <span
      class={`counter${measure.over ? ' counter-over' : measure.remaining <= 20 ? ' counter-near' : ''}`}
      aria-label={t('counterLabel', label, measure.remaining, measure.limit)}
      data-remaining={measure.remaining}
    >
      {measure.remaining}
    </span>
  );
}
