/**
 * The metric a plateau schedule watches, chosen and shown: a constant, a synthetic loss with its
 * knobs (start, floor, speed, noise with a seed) or values pasted (one per line or comma-separated;
 * the last one is held past their end). Drawn under the form, one point per scheduler step, with a
 * marker wherever the LR was reduced (read from the schedule's own curve). Part of the link and
 * the CSV (src/state/schema.ts, LrChart's export).
 */
import { useId, useMemo, useState } from 'react';
import { DEFAULT_METRIC, DEFAULT_SYNTHETIC, evaluatedSteps, entrySettings, metricValues, MAX_METRIC_VALUES, reductionSteps, type MetricSource } from '../curves';
import { useStudio, type ScheduleEntry } from '../state/studio';
import { useCurves } from './chart/useCurves';
import { readInteger, readNumber, readNumberList } from './numberText';

type Kind = MetricSource['kind'];
const KIND_TEXT: Record<Kind, string> = { synthetic: 'synthetic loss', constant: 'constant', values: 'values pasted' };

function switchKind(kind: Kind, from: MetricSource): MetricSource {
  if (kind === from.kind) return from;
  if (kind === 'constant') return { kind, value: from.kind === 'synthetic' ? from.floor : 1 };
  if (kind === 'synthetic') return DEFAULT_SYNTHETIC;
  return { kind, values: from.kind === 'constant' ? [from.value] : [2, 1.5, 1.2, 1.1, 1.1, 1.1] };
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
  const set = (m: MetricSource) => setMetric(entry.id, m);
  const unit = entry.stepping === 'epoch' ? 'epoch' : 'update';
  return (
    <section className="metric-section" aria-labelledby={`${id}-h`} data-testid="metric-section">
      <h3 id={`${id}-h`}>Metric</h3>
      <p className="muted small">What the scheduler watches, reported after every {unit} (the training lab feeds the real validation loss).</p>
      <div className="setting">
        <label htmlFor={id}>Metric</label>
        <select id={id} value={source.kind} onChange={(e) => set(switchKind(e.target.value as Kind, source))}>
          {(Object.keys(KIND_TEXT) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_TEXT[k]}
            </option>
          ))}
        </select>
      </div>
      {source.kind === 'constant' && <MetricNumber key="value" label="value" value={source.value} onValue={(value) => set({ ...source, value })} />}
      {source.kind === 'synthetic' && (
        <div className="metric-knobs">
          <MetricNumber label="start" value={source.start} onValue={(start) => set({ ...source, start })} />
          <MetricNumber label="floor" value={source.floor} onValue={(floor) => set({ ...source, floor })} />
          <MetricNumber label="speed" value={source.speed} min={0} onValue={(speed) => set({ ...source, speed })} />
          <MetricNumber label="noise" value={source.noise} min={0} onValue={(noise) => set({ ...source, noise })} />
          <MetricNumber label="seed" value={source.seed} integer onValue={(seed) => set({ ...source, seed })} />
        </div>
      )}
      {source.kind === 'values' && (
        <>
          <PastedValues values={source.values} onValues={(v) => set({ kind: 'values', values: v })} />
          {source.values.length < steps && (
            <p className="muted small">
              {source.values.length.toLocaleString('en-US')} values for {steps.toLocaleString('en-US')} steps: the last one is held after step {source.values.length - 1}.
            </p>
          )}
        </>
      )}
      <MetricChart metric={metric} reductions={reductions} />
      <p className="muted small" data-testid="metric-summary">
        {reductions.length === 0 ? 'No reduction over the horizon.' : `The lr is reduced after ${unit} ${reductions.slice(0, 8).join(', ')}${reductions.length > 8 ? ', …' : ''} (${reductions.length} in all).`}
      </p>
    </section>
  );
}
