/**
 * The metric a plateau schedule watches, chosen and shown: a constant, a synthetic loss with its
 * knobs (start, floor, speed, noise with a seed), values pasted (one per line or comma-separated;
 * the last one is held past their end), a column of a CSV file (a TensorBoard or W&B export) or the
 * validation loss of a finished run of the training lab (the lab's store is loaded when that choice
 * is made: it is not part of the first page load). Drawn under the form, one point per scheduler step, with a
 * marker wherever the LR was reduced (read from the schedule's own curve). Part of the link and
 * the CSV (src/state/schema.ts, LrChart's export).
 */
import { useEffect, useId, useMemo, useState } from 'react';
import {
  DEFAULT_METRIC,
  DEFAULT_SYNTHETIC,
  evaluatedSteps,
  entrySettings,
  metricValues,
  MAX_METRIC_VALUES,
  readMetricCsv,
  reductionSteps,
  type MetricColumn,
  type MetricSource,
} from '../curves';
import { useStudio, type ScheduleEntry } from '../state/studio';
import { useCurves } from './chart/useCurves';
import { readInteger, readNumber, readNumberList } from './numberText';

type Kind = MetricSource['kind'];
const KIND_TEXT: Record<Kind, string> = {
  synthetic: 'synthetic loss',
  constant: 'constant',
  values: 'values pasted',
  csv: 'CSV file (TensorBoard, W&B)',
  run: "a training run's validation loss",
};

/** Kinds whose values come from somewhere (a file, a run): chosen first, applied once loaded. */
type LoadedKind = Extract<Kind, 'csv' | 'run'>;
const isLoaded = (k: Kind): k is LoadedKind => k === 'csv' || k === 'run';

function switchKind(kind: Exclude<Kind, LoadedKind>, from: MetricSource): MetricSource {
  if (kind === from.kind) return from;
  if (kind === 'constant') return { kind, value: from.kind === 'synthetic' ? from.floor : 1 };
  if (kind === 'synthetic') return DEFAULT_SYNTHETIC;
  if (from.kind === 'csv' || from.kind === 'run') return { kind, values: from.values };
  return { kind, values: from.kind === 'constant' ? [from.value] : [2, 1.5, 1.2, 1.1, 1.1, 1.1] };
}

/** Bigger files are not read (a metric column is a few MB at most). */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * A CSV file's column: the file is read and parsed (src/util/csv), its numeric columns offered in a
 * select (the metric a person would pick first), and the chosen column's values applied. A file that
 * gives no metric (empty, no numeric column, unreadable) says why at the field; the metric in use
 * stays. After a reload only the stored column is known: loading the file again offers the others.
 */
function CsvMetricField({ source, onSource }: { source: Extract<MetricSource, { kind: 'csv' }> | null; onSource(m: MetricSource): void }) {
  const id = useId();
  const [loaded, setLoaded] = useState<{ file: string; columns: MetricColumn[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const columns = loaded && source && loaded.file === source.file ? loaded.columns : null;
  const load = async (file: File) => {
    if (file.size > MAX_CSV_BYTES) return setError(`${file.name}: ${(file.size / 2 ** 20).toFixed(0)} MB is more than a metric file needs (at most 64 MB)`);
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return setError(`${file.name} could not be read: ${(e as Error).message}`);
    }
    const r = readMetricCsv(text);
    if (!r.ok) return setError(`${file.name}: ${r.error}`);
    setError(null);
    setLoaded({ file: file.name, columns: r.columns });
    const col = r.columns.find((c) => c.name === r.suggested) ?? r.columns[0];
    onSource({ kind: 'csv', file: file.name, column: col.name, values: col.values });
  };
  return (
    <div className={`setting metric-csv${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>CSV file</label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv,text/plain"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void load(f);
          e.target.value = '';
        }}
      />
      <span className="muted small" id={`${id}-hint`}>
        A TensorBoard export (Wall time, Step, Value) or a W&B one (Step, run - metric, …): one value per row, reported after each scheduler step.
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      {source && (
        <>
          <label htmlFor={`${id}-col`}>Column</label>
          <select
            id={`${id}-col`}
            value={source.column}
            onChange={(e) => {
              const col = columns?.find((c) => c.name === e.target.value);
              if (col) onSource({ kind: 'csv', file: source.file, column: col.name, values: col.values });
            }}
          >
            {(columns ?? [{ name: source.column, values: source.values }]).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.values.length.toLocaleString('en-US')} values)
              </option>
            ))}
          </select>
          <span className="muted small" data-testid="metric-file">
            {source.file}: {source.column}, {source.values.length.toLocaleString('en-US')} values
          </span>
        </>
      )}
    </div>
  );
}

/** The lab's store and what a finished run is: loaded with the choice, not with the page. */
interface TrainingModule {
  useTraining: (typeof import('../state/training'))['useTraining'];
  isFinished: (typeof import('../training/spec'))['isFinished'];
}

/** The lab's finished runs with evaluations: the store is loaded on first use. */
function RunMetricField({ source, onSource }: { source: Extract<MetricSource, { kind: 'run' }> | null; onSource(m: MetricSource): void }) {
  const [mod, setMod] = useState<TrainingModule | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([import('../state/training'), import('../training/spec')]).then(
      ([store, spec]) => live && setMod({ useTraining: store.useTraining, isFinished: spec.isFinished }),
      (e: Error) => live && setError(`the training lab could not be loaded: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p className="field-error" role="alert">{error}</p>;
  if (!mod) return <p className="muted small">Loading the lab's runs…</p>;
  return <RunSelect useTraining={mod.useTraining} isFinished={mod.isFinished} source={source} onSource={onSource} />;
}

function RunSelect({
  useTraining,
  isFinished,
  source,
  onSource,
}: {
  useTraining: TrainingModule['useTraining'];
  isFinished: TrainingModule['isFinished'];
  source: Extract<MetricSource, { kind: 'run' }> | null;
  onSource(m: MetricSource): void;
}) {
  const id = useId();
  const runs = useTraining((s) => s.runs);
  const finished = useMemo(() => runs.filter((r) => isFinished(r.status) && r.evals.length > 0), [runs, isFinished]);
  const label = (r: (typeof finished)[number]) => `${r.name} (seed ${r.seed})`;
  const chosen = source ? finished.find((r) => label(r) === source.run) : undefined;
  return (
    <div className="setting metric-run">
      <label htmlFor={id}>Run</label>
      {finished.length === 0 ? (
        <span className="muted small" role="status">
          No finished run with evaluations yet: train in the lab below, then pick its run here.
        </span>
      ) : (
        <select
          id={id}
          value={chosen?.id ?? ''}
          onChange={(e) => {
            const r = finished.find((x) => x.id === e.target.value);
            if (r) onSource({ kind: 'run', run: label(r), values: r.evals.map((ev) => ev.loss) });
          }}
        >
          {!chosen && <option value="">{source ? `${source.run} (not in the lab now)` : 'choose a run…'}</option>}
          {finished.map((r) => (
            <option key={r.id} value={r.id}>
              {label(r)}: {r.evals.length} evaluations
            </option>
          ))}
        </select>
      )}
      {source && (
        <span className="muted small" data-testid="metric-run">
          {source.run}: its validation loss at {source.values.length.toLocaleString('en-US')} evaluations, one per scheduler step, as the lab feeds it
        </span>
      )}
    </div>
  );
}

/** A number typed as text: a valid value is applied, an invalid one stays at the field with the reason. */
function MetricNumber({ label, value, integer, min, onValue }: { label: string; value: number; integer?: boolean; min?: number; onValue(v: number): void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const typed = readNumber(text);
    if (!typed.ok || typed.value !== value) setText(String(value));
  }
  return (
    <div className={`setting${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = (integer ? readInteger : readNumber)(e.target.value);
          if (!r.ok) return setError(r.error);
          if (min !== undefined && r.value < min) return setError(`must be at least ${min}`);
          setError(null);
          onValue(r.value);
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {label}: {error}
        </span>
      )}
    </div>
  );
}

function PastedValues({ values, onValues }: { values: number[]; onValues(v: number[]): void }) {
  const id = useId();
  const [text, setText] = useState(values.join('\n'));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={`setting metric-values${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>Values (one per line or comma-separated)</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = readNumberList(e.target.value);
          if (!r.ok) return setError(r.error);
          if (r.value.length === 0) return setError('paste at least one value');
          if (r.value.length > MAX_METRIC_VALUES) return setError(`at most ${MAX_METRIC_VALUES.toLocaleString('en-US')} values`);
          setError(null);
          onValues(r.value);
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

const W = 300;
const H = 90;
const PAD = 4;

/** The metric per scheduler step (sampled per pixel column), and a marker at each reduction. */
function MetricChart({ metric, reductions }: { metric: Float64Array; reductions: number[] }) {
  const n = metric.length;
  const { path, lo, hi } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of metric) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
    const cols = Math.min(n, W);
    const pts: string[] = [];
    for (let c = 0; c < cols; c++) {
      const i = Math.floor((c * n) / cols);
      pts.push(`${xOf(i, n).toFixed(1)},${yOf(metric[i], lo, hi).toFixed(1)}`);
    }
    return { path: pts.length ? `M${pts.join('L')}` : '', lo, hi };
  }, [metric, n]);
  return (
    <svg className="metric-chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`The metric over ${n} scheduler steps, ${reductions.length} reductions marked`}>
      <rect x={0} y={0} width={W} height={H} className="metric-chart-bg" />
      <path d={path} className="metric-line" />
      <g data-testid="metric-reductions" data-steps={reductions.join(',')}>
        {reductions.map((i) => (
          <line key={i} x1={xOf(i, n)} x2={xOf(i, n)} y1={PAD} y2={H - PAD} className="metric-reduction">
            <title>lr reduced after step {i}</title>
          </line>
        ))}
      </g>
      <text x={PAD} y={12} className="metric-label">
        {hi.toPrecision(3)}
      </text>
      <text x={PAD} y={H - PAD} className="metric-label">
        {lo.toPrecision(3)}
      </text>
    </svg>
  );
}

function xOf(i: number, n: number): number {
  return PAD + ((W - 2 * PAD) * i) / Math.max(1, n - 1);
}

function yOf(v: number, lo: number, hi: number): number {
  return H - PAD - ((H - 2 * PAD) * (v - lo)) / (hi - lo);
}

export function MetricSection({ entry }: { entry: ScheduleEntry }) {
  const id = useId();
  const settings = useStudio((s) => s.settings);
  const setMetric = useStudio((s) => s.setMetric);
  const source = entry.metric ?? DEFAULT_METRIC;
  const curveSettings = entrySettings(entry, settings);
  const steps = evaluatedSteps(curveSettings);
  const metric = useMemo(() => metricValues(source, steps), [source, steps]);
  const result = useCurves().results.get(entry.id);
  const values = result && result.spec === entry.spec ? result.curve.values : null;
  const reductions = useMemo(() => {
    if (!values || values.length === 0) return [];
    const k = entry.stepping === 'epoch' ? settings.stepsPerEpoch : 1;
    const perStep = Float64Array.from({ length: Math.ceil(values.length / k) }, (_, i) => values[i * k]);
    return reductionSteps(perStep);
  }, [values, entry.stepping, settings.stepsPerEpoch]);
  const set = (m: MetricSource) => {
    setPending(null);
    setMetric(entry.id, m);
  };
  // A file or a run is chosen first and applied once loaded; until then the metric in use stays.
  const [pending, setPending] = useState<{ entryId: string; kind: LoadedKind } | null>(null);
  const shownKind: Kind = pending && pending.entryId === entry.id ? pending.kind : source.kind;
  const unit = entry.stepping === 'epoch' ? 'epoch' : 'update';
  return (
    <section className="metric-section" aria-labelledby={`${id}-h`} data-testid="metric-section">
      <h3 id={`${id}-h`}>Metric</h3>
      <p className="muted small">What the scheduler watches, reported after every {unit} (the training lab feeds the real validation loss).</p>
      <div className="setting">
        <label htmlFor={id}>Metric</label>
        <select
          id={id}
          value={shownKind}
          onChange={(e) => {
            const kind = e.target.value as Kind;
            if (isLoaded(kind)) setPending(kind === source.kind ? null : { entryId: entry.id, kind });
            else set(switchKind(kind, source));
          }}
        >
          {(Object.keys(KIND_TEXT) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_TEXT[k]}
            </option>
          ))}
        </select>
      </div>
      {shownKind !== source.kind && <p className="muted small">Until it is loaded, the scheduler watches the {KIND_TEXT[source.kind]} as before.</p>}
      {shownKind === 'csv' && <CsvMetricField source={source.kind === 'csv' ? source : null} onSource={set} />}
      {shownKind === 'run' && <RunMetricField source={source.kind === 'run' ? source : null} onSource={set} />}
      {shownKind === source.kind && source.kind === 'constant' && <MetricNumber key="value" label="value" value={source.value} onValue={(value) => set({ ...source, value })} />}
      {shownKind === source.kind && source.kind === 'synthetic' && (
        <div className="metric-knobs">
          <MetricNumber label="start" value={source.start} onValue={(start) => set({ ...source, start })} />
          <MetricNumber label="floor" value={source.floor} onValue={(floor) => set({ ...source, floor })} />
          <MetricNumber label="speed" value={source.speed} min={0} onValue={(speed) => set({ ...source, speed })} />
          <MetricNumber label="noise" value={source.noise} min={0} onValue={(noise) => set({ ...source, noise })} />
          <MetricNumber label="seed" value={source.seed} integer onValue={(seed) => set({ ...source, seed })} />
        </div>
      )}
      {shownKind === source.kind && source.kind === 'values' && (
        <PastedValues values={source.values} onValues={(v) => set({ kind: 'values', values: v })} />
      )}
      {(source.kind === 'values' || source.kind === 'csv' || source.kind === 'run') && shownKind === source.kind && source.values.length < steps && (
        <p className="muted small">
          {source.values.length.toLocaleString('en-US')} values for {steps.toLocaleString('en-US')} steps: the last one is held after step {source.values.length - 1}.
        </p>
      )}
      <MetricChart metric={metric} reductions={reductions} />
      <p className="muted small" data-testid="metric-summary">
        {reductions.length === 0 ? 'No reduction over the horizon.' : `The lr is reduced after ${unit} ${reductions.slice(0, 8).join(', ')}${reductions.length > 8 ? ', …' : ''} (${reductions.length} in all).`}
      </p>
    </section>
  );
}
