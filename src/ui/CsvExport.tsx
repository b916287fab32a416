/**
 * The chart's "Export CSV": says the file's estimated size before building it, writes it in the
 * export worker with a progress bar and a Cancel button, and where the full file would exceed
 * {@link CSV_LIMIT_BYTES} offers the full file, every k-th step or the pixel-column envelope first.
 */
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { csvFieldSizes, csvSizeEstimate, everyKFor, startCsvExport, type CsvChoice, type CsvColumn, type CsvExportJob, type CsvHorizon } from '../curves';
import { downloadBlob, exportName } from './export';

/** Above this the export asks what to write (a spreadsheet or pandas still opens what is below it). */
export const CSV_LIMIT_BYTES = 50e6;

export function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

interface Props {
  columns: readonly CsvColumn[];
  horizon: CsvHorizon;
  /** Pixel columns of the chart: the envelope's rows. */
  envelopeColumns: number;
  disabled: boolean;
  onError(message: string | null): void;
}

type Phase = { kind: 'idle' } | { kind: 'choose'; k: string } | { kind: 'run'; done: number; total: number; what: string };

function fileName(choice: CsvChoice): string {
  const name = exportName('csv');
  if (choice.kind === 'every') return name.replace(/\.csv$/, `-every-${choice.k}-steps.csv`);
  if (choice.kind === 'envelope') return name.replace(/\.csv$/, `-envelope-${choice.columns}-columns.csv`);
  return name;
}

/** A whole k from 1 to the horizon, or the reason it is not one. */
function parseK(text: string, steps: number): number | string {
  const k = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(k) || k < 1) return 'k must be a whole number ≥ 1';
  if (k > steps) return `k must be at most the horizon (${steps.toLocaleString('en-US')} steps)`;
  return k;
}

function CsvExportImpl({ columns, horizon, envelopeColumns, disabled, onError }: Props) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const job = useRef<CsvExportJob | null>(null);
  // The estimate follows the columns after the curves (it samples each schedule).
  const later = useDeferredValue(columns);
  const fieldSizes = useMemo(() => csvFieldSizes(later, horizon.totalSteps), [later, horizon.totalSteps]);
  const full = csvSizeEstimate(later, fieldSizes, horizon, { kind: 'full' });
  const envelope: CsvChoice = { kind: 'envelope', columns: Math.max(1, Math.min(envelopeColumns, horizon.totalSteps)) };
  const envelopeSize = csvSizeEstimate(later, fieldSizes, horizon, envelope);

  // A cancelled or finished export's worker must not outlive the chart.
  useEffect(() => () => job.current?.cancel(), []);

  const start = async (choice: CsvChoice, what: string) => {
    onError(null);
    setPhase({ kind: 'run', done: 0, total: 1, what });
    const j = startCsvExport({ columns: [...columns], horizon, choice }, (done, total) => setPhase({ kind: 'run', done, total, what }));
    job.current = j;
    try {
      const blob = await j.result;
      if (blob) downloadBlob(blob, fileName(choice));
    } catch (e) {
      onError(`CSV export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (job.current === j) job.current = null;
      setPhase({ kind: 'idle' });
    }
  };

  const onExport = () => {
    if (full > CSV_LIMIT_BYTES) setPhase({ kind: 'choose', k: String(everyKFor(later, fieldSizes, horizon, CSV_LIMIT_BYTES)) });
    else void start({ kind: 'full' }, 'CSV');
  };

  const running = phase.kind === 'run';
  const k = phase.kind === 'choose' ? parseK(phase.k, horizon.totalSteps) : null;
  const pct = running ? Math.floor((100 * phase.done) / Math.max(1, phase.total)) : 0;

  return (
    <div className="csv-export">
      <button type="button" onClick={onExport} disabled={disabled || running || phase.kind === 'choose'} title="Full resolution: one row per step">
        Export CSV <span className="muted" data-testid="csv-size">≈ {formatBytes(full)}</span>
      </button>
      {phase.kind === 'choose' && (
        <div className="csv-choices" role="group" aria-label="CSV export choices">
          <p>
            The full file would be about <strong>{formatBytes(full)}</strong>. Write:
          </p>
          <button type="button" onClick={() => void start({ kind: 'full' }, 'full CSV')}>
            Full file, every step ({formatBytes(full)})
          </button>
          <span className="csv-every">
            <button type="button" disabled={typeof k !== 'number'} onClick={() => typeof k === 'number' && void start({ kind: 'every', k }, `every ${k} steps`)}>
              Every k-th step{typeof k === 'number' ? ` (${formatBytes(csvSizeEstimate(later, fieldSizes, horizon, { kind: 'every', k }))})` : ''}
            </button>
            <label>
              k{' '}
              <input
                type="number"
                min={1}
                step={1}
                value={phase.k}
                aria-invalid={typeof k === 'string'}
                aria-describedby={typeof k === 'string' ? 'csv-k-error' : undefined}
                onChange={(e) => setPhase({ kind: 'choose', k: e.target.value })}
              />
            </label>
            {typeof k === 'string' && (
              <span id="csv-k-error" className="error" role="alert">
                {k}
              </span>
            )}
          </span>
          <button type="button" onClick={() => void start(envelope, 'envelope')}>
            Pixel-column envelope: min, max, first, last of {envelope.columns.toLocaleString('en-US')} columns ({formatBytes(envelopeSize)})
          </button>
          <button type="button" onClick={() => setPhase({ kind: 'idle' })}>
            Close
          </button>
        </div>
      )}
      {running && (
        <span className="csv-progress">
          <span
            role="progressbar"
            aria-label={`Writing the ${phase.what}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            className="csv-bar"
          >
            <span style={{ width: `${pct}%` }} />
          </span>
          <button type="button" onClick={() => job.current?.cancel()}>
            Cancel export
          </button>
        </span>
      )}
    </div>
  );
}

/** Memoized: the chart re-renders on every slider input, the export only when its inputs change. */
export const CsvExport = memo(CsvExportImpl);
