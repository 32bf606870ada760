/** What a settings form's last action came to: read out politely when it worked, at once when not. */
export interface Outcome {
  kind: 'error' | 'ok';
  text: string;
}

export function FormOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  const failed = outcome.kind === 'error';
  return (
    <p class={failed ? 'error-text' : 'ok-text'} role={failed ? 'alert' : 'status'}>
      {outcome.text}
    </p>
  );
}
