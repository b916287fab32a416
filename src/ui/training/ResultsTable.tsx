/**
 * The results table, as the Paddle tutorial compared its schedulers: one row per schedule (means
 * over its seeds), sortable by any column, the best value of each column highlighted; and the
 * metrics CSV export.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { useStudio } from '../../state/studio';
import { useTraining, type RunRecord, type WorkerInfo } from '../../state/training';
import { BACKEND_LABELS } from '../../training/protocol';
import { describeModel } from '../../training/spec';
import { downloadBlob } from '../export';
import { NumberField, setupError } from './fields';
import { bestPerColumn, blobFromChunks, groupRuns, HIGHER_IS_BETTER, metricsCsvChunks, resultRows, type ResultKey, type ResultRow } from './metrics';

interface Column {
  key: ResultKey;
  label: string;
  title: string;
  format(r: ResultRow): string;
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(2)}%`);
const fixed = (v: number | null, d = 4) => (v === null ? '—' : v.toFixed(d));

/** The backend a run's worker trains on, in words ('' before it said, or for a saved comparison without workers). */
export function backendLabel(r: RunRecord, workers: Record<string, WorkerInfo>): string {
  const b = workers[r.worker]?.backend;
  return b ? BACKEND_LABELS[b] : (r.backend ?? '');
}

export function ResultsTable({ colorOf }: { colorOf: (r: RunRecord) => string }) {
  const runs = useDeferredValue(useTraining((s) => s.runs));
  const workers = useTraining((s) => s.workers);
  const comparison = useTraining((s) => s.comparison);
  const target = useStudio((s) => s.training.targetAccuracy);
  const setTraining = useStudio((s) => s.setTraining);
  const [sort, setSort] = useState<{ key: ResultKey | 'name'; desc: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const rows = useMemo(() => resultRows(groupRuns(runs), target), [runs, target]);
  const best = useMemo(() => bestPerColumn(rows), [rows]);
  const columns: Column[] = [
    { key: 'finalValAcc', label: 'Final val acc', title: 'Validation accuracy at the last evaluation', format: (r) => pct(r.finalValAcc) },
    { key: 'bestValAcc', label: 'Best val acc', title: 'Highest validation accuracy of any evaluation', format: (r) => pct(r.bestValAcc) },
    { key: 'testAcc', label: 'Test acc', title: 'Accuracy on the held-out test set, measured once at the end', format: (r) => pct(r.testAcc) },
    { key: 'finalValLoss', label: 'Final val loss', title: 'Validation loss at the last evaluation', format: (r) => fixed(r.finalValLoss) },
    { key: 'finalTrainLoss', label: 'Final train loss', title: 'Mean training loss over the last 20 updates', format: (r) => fixed(r.finalTrainLoss) },
    {
      key: 'stepsToTarget',
      label: `Updates to ${(target * 100).toFixed(0)}%`,
      title: 'Updates until the validation accuracy first reached the target (mean over the seeds that did)',
      format: (r) => (r.stepsToTarget === null ? 'not reached' : `${Math.round(r.stepsToTarget).toLocaleString('en-US')}${r.seeds > 1 ? ` (${r.reached}/${r.seeds})` : ''}`),
    },
    { key: 'wallSeconds', label: 'Wall time (s)', title: 'Wall-clock seconds from the first update to the end; the runs of a comparison share one worker, taking turns', format: (r) => fixed(r.wallSeconds, 1) },
    { key: 'seconds', label: 'Compute (s)', title: 'Seconds the worker spent on this run alone (its share of the interleaved training)', format: (r) => fixed(r.seconds, 1) },
  ];
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const dir = sort.desc ? -1 : 1;
    return [...rows].sort((a, b) => {
      if (sort.key === 'name') return dir * a.name.localeCompare(b.name);
      const x = a[sort.key];
      const y = b[sort.key];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return dir * (x - y);
    });
  }, [rows, sort]);
  if (!comparison || runs.length === 0) return null;
  const bestRow = best.testAcc ?? best.bestValAcc;
  const sortBy = (key: ResultKey | 'name') =>
    setSort((s) => (s?.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' && HIGHER_IS_BETTER[key] }));
  const ariaSort = (key: ResultKey | 'name') => (sort?.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none');

  const exportCsv = async () => {
    setBusy(true);
    setExportError(null);
    try {
      const { runs: all, workers: w } = useTraining.getState();
      const blob = await blobFromChunks(metricsCsvChunks(all, comparison, undefined, (r) => backendLabel(r, w)), 'text/csv');
      downloadBlob(blob, `training-metrics-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      setExportError(`CSV export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const backends = [...new Set(runs.map((r) => backendLabel(r, workers)).filter(Boolean))];
  const seeds = [...new Set(runs.map((r) => r.seed))];
  const anyReported = rows.some((r) => r.reported);
  const colorFor = (key: string) => {
    const r = runs.find((x) => x.entryId === key);
    return r ? colorOf(r) : '#999';
  };
  return (
    <div className="tl-results" data-testid="results">
      <div className="tl-results-bar">
        <h3>Results</h3>
        <NumberField
          label="Target accuracy"
          help="Accuracy of the 'updates to' column, between 0 and 1"
          testId="setup-targetAccuracy"
          value={target}
          validate={(v) => setupError(useStudio.getState().training, { targetAccuracy: v }, 'targetAccuracy')}
          onValid={(v) => setTraining({ ...useStudio.getState().training, targetAccuracy: v })}
          width={70}
        />
        <button type="button" onClick={exportCsv} disabled={busy} data-testid="export-csv">
          {busy ? 'Exporting…' : 'Export metrics CSV'}
        </button>
      </div>
      <p className="tl-hint" data-testid="results-what">
        {describeModel(comparison.setup)} · seed{seeds.length > 1 ? 's' : ''} {seeds.join(', ')} · backend {backends.join(', ') || 'not known'} · {comparison.totalSteps.toLocaleString('en-US')} updates
        ({comparison.stepsPerEpoch.toLocaleString('en-US')} per epoch)
      </p>
      <div className="tl-table-wrap">
        <table className="tl-results-table">
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort('name')}>
                <button type="button" className="tl-sort" onClick={() => sortBy('name')}>
                  Schedule
                </button>
              </th>
              <th scope="col">Status</th>
              <th scope="col">Stepping</th>
              <th scope="col">Optimizer</th>
              {columns.map((c) => (
                <th key={c.key} scope="col" aria-sort={ariaSort(c.key)} title={c.title}>
                  <button type="button" className="tl-sort" onClick={() => sortBy(c.key)}>
                    {c.label}
                    {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
              {anyReported && (
                <th scope="col" title="What the source document reports for this run (its test accuracy), next to ours">
                  Reported
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.key} data-testid={`result-${r.key}`} className={r.key === bestRow ? 'best-row' : undefined}>
                <th scope="row">
                  <span className="readout-swatch" style={{ background: colorFor(r.key) }} />
                  {r.name}
                  {r.seeds > 1 && <span className="muted"> ({r.seeds} seeds)</span>}
                  {r.key === bestRow && <span className="tl-best-mark" title="Best test (or validation) accuracy"> ★</span>}
                </th>
                <td data-label="Status">{r.status}</td>
                <td data-col="stepping" data-label="Stepping">
                  every {r.stepping}
                </td>
                <td data-col="optimizer" data-label="Optimizer">
                  {r.optimizer}
                </td>
                {columns.map((c) => (
                  <td key={c.key} className={`num${best[c.key] === r.key ? ' best' : ''}`} data-col={c.key} data-label={c.label}>
                    {c.format(r)}
                  </td>
                ))}
                {anyReported && (
                  <td data-col="reported" data-label="Reported">
                    {r.reported ?? ''}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
    </div>
  );
}
