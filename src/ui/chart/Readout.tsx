/**
 * Hover readout: the exact full-resolution value of every drawn schedule at the cursor's step
 * (not the decimated point), with the step and epoch. A live region, so screen readers hear it.
 */
import type { SeriesModel } from './series';

export interface ReadoutProps {
  step: number | null;
  stepsPerEpoch: number;
  models: readonly SeriesModel[];
  diff?: { label: string; values: Float64Array } | null;
}

/** The exact value: shortest decimal that reads back as the same double. */
export function exactValue(values: Float64Array, step: number): string | null {
  return step >= 0 && step < values.length ? String(values[step]) : null;
}

function missing(m: SeriesModel): string {
  if (m.errorStep !== null) return `— (raised at step ${m.errorStep})`;
  if (m.error) return '— (invalid)';
  return m.pending ? 'computing…' : '—';
}

export function readoutSummary(step: number, stepsPerEpoch: number, models: readonly SeriesModel[]): string {
  const parts = models.map((m) => `${m.entry.name} ${exactValue(m.values, step) ?? missing(m)}`);
  return `step ${step}, epoch ${Math.floor(step / stepsPerEpoch)}: ${parts.join('; ')}`;
}

export function Readout({ step, stepsPerEpoch, models, diff }: ReadoutProps) {
  return (
    <div className="chart-readout" role="status" aria-live="polite" aria-atomic="true" data-testid="chart-readout">
      {step === null ? (
        <span className="muted">
          Hover the chart (or focus it and use ← →) to read exact values. Drag across it to zoom.
        </span>
      ) : (
        <>
          <div className="readout-step" data-testid="readout-at" data-step={step}>
            step <b>{step.toLocaleString('en-US')}</b> · epoch <b>{Math.floor(step / stepsPerEpoch)}</b>{' '}
            <span className="muted">
              (iteration {(step % stepsPerEpoch) + 1} of {stepsPerEpoch})
            </span>
          </div>
          <table className="readout-table">
            <tbody>
              {models.map((m) => (
                <tr key={m.entry.id} data-testid={`readout-${m.entry.id}`}>
                  <td>
                    <span className="readout-swatch" style={{ background: m.entry.color }} aria-hidden="true" />
                    {m.entry.name}
                  </td>
                  <td className="num" data-value={exactValue(m.values, step) ?? ''}>
                    {exactValue(m.values, step) ?? missing(m)}
                  </td>
                </tr>
              ))}
              {diff && (
                <tr data-testid="readout-diff">
                  <td>{diff.label}</td>
                  <td className="num">
                    {step < diff.values.length ? (Number.isNaN(diff.values[step]) ? 'undefined (÷ 0)' : String(diff.values[step])) : '—'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
