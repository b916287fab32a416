/**
 * An inline question before an action that throws away runs in progress (restart, reset): the
 * action happens only on its button; Cancel or Escape leaves everything as it was.
 */
import { useEffect, useRef } from 'react';

export function ConfirmBar({ text, confirm, onConfirm, onCancel, testId }: { text: string; confirm: string; onConfirm(): void; onCancel(): void; testId: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="tl-confirm" role="alertdialog" aria-label={confirm} data-testid={testId} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <span>{text}</span>
      <button type="button" ref={ref} onClick={onConfirm} data-testid={`${testId}-yes`}>
        {confirm}
      </button>
      <button type="button" onClick={onCancel} data-testid={`${testId}-no`}>
        Cancel
      </button>
    </div>
  );
}
