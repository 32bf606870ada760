/** Why publishing is disabled, in words for people; nothing when there is no reason. */
export function ReasonList({ reasons, label, general = false }: { reasons: string[]; label: string; general?: boolean }) {
  if (reasons.length === 0) return null;
  return (
    <ul class={general ? 'reasons general-reasons' : 'reasons'} aria-label={label}>
      {reasons.map((reason) => (
        <li key={reason} class="reason">
          {reason}
        </li>
      ))}
    </ul>
  );
}
