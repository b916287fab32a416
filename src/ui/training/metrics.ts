/**
 * Pure helpers of the training lab's views: TensorBoard's smoothing, mean and min/max band over
 * the seeds of a schedule, the results table rows and the metrics CSV.
 */
import { csvField } from '../../curves';
import type { Comparison, RunRecord } from '../../state/training';
import { describeModel, describeOptimizer, isFinished, OPTIMIZER_LABELS } from '../../training/spec';
import type { RunOptimizer } from '../../training/setup';
import type { Stepping } from '../../schedules';

/**
 * TensorBoard's smoothing: an exponential moving average with weight `w` (0 = raw), debiased so
 * the first values are not pulled towards 0.
 */
export function smoothEma(values: ArrayLike<number>, count: number, w: number): Float64Array {
  const out = new Float64Array(count);
  if (w <= 0) {
    for (let i = 0; i < count; i++) out[i] = values[i];
    return out;
  }
  let last = 0;
  let debias = 1;
  for (let i = 0; i < count; i++) {
    last = last * w + (1 - w) * values[i];
    debias *= w;
    out[i] = last / (1 - debias);
  }
  return out;
}

/** The runs of one schedule (one per seed). */
export interface RunGroup {
  key: string;
  name: string;
  color: string;
  runs: RunRecord[];
}

export function groupRuns(runs: readonly RunRecord[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const r of runs) {
    let g = groups.get(r.entryId);
    if (!g) groups.set(r.entryId, (g = { key: r.entryId, name: r.name, color: r.color, runs: [] }));
    g.runs.push(r);
  }
  return [...groups.values()];
}

/** Mean, min and max over several series, where all of them have values (the shortest length). */
export interface Aggregate {
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  count: number;
}

export function aggregate(series: readonly { values: ArrayLike<number>; count: number }[]): Aggregate {
  const count = series.length ? Math.min(...series.map((s) => s.count)) : 0;
  const mean = new Float64Array(count);
  const lo = new Float64Array(count);
  const hi = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    let a = Infinity;
    let b = -Infinity;
    for (const s of series) {
      const v = s.values[i];
      sum += v;
      if (v < a) a = v;
      if (v > b) b = v;
    }
    mean[i] = sum / series.length;
    lo[i] = a;
    hi[i] = b;
  }
  return { mean, lo, hi, count };
}

/** Evaluations at the steps every run of the group measured, as an aggregate with its steps. */
export function aggregateEvals(runs: readonly RunRecord[], pick: 'loss' | 'accuracy'): Aggregate & { steps: Float64Array } {
  const common = runs.length ? runs.map((r) => new Set(r.evals.map((e) => e.step))).reduce((a, b) => new Set([...a].filter((x) => b.has(x)))) : new Set<number>();
  const steps = Float64Array.from([...common].sort((a, b) => a - b));
  const series = runs.map((r) => {
    const at = new Map(r.evals.map((e) => [e.step, e[pick]]));
    return { values: Array.from(steps, (s) => at.get(s)!), count: steps.length };
  });
  return { ...aggregate(series), steps };
}

/** One row of the results table (a schedule; values are means over its seeds). */
export interface ResultRow {
  key: string;
  name: string;
  color: string;
  status: string;
  /** Its schedule's stepping, optimizer (with hyperparameters) and the source document's result, if any. */
  stepping: Stepping;
  optimizer: string;
  reported: string | null;
  /** A run of it diverged or failed: never highlighted as best, whatever its numbers. */
  broken: boolean;
  finalValAcc: number | null;
  bestValAcc: number | null;
  testAcc: number | null;
  finalValLoss: number | null;
  finalTrainLoss: number | null;
  /** Updates until validation accuracy first reached the target (mean over seeds that did). */
  stepsToTarget: number | null;
  reached: number;
  seeds: number;
  /** Seconds the worker spent training. */
  seconds: number | null;
  /** Wall-clock seconds from the run's first update to its end (runs share the worker). */
  wallSeconds: number | null;
}

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/** Mean training loss over the last (up to) 20 updates. */
export function finalTrainLoss(r: RunRecord): number | null {
  if (r.count === 0) return null;
  const n = Math.min(20, r.count);
  let s = 0;
  for (let i = r.count - n; i < r.count; i++) s += r.loss[i];
  return s / n;
}

function groupStatus(runs: readonly RunRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  if (counts.size === 1) return runs[0].status;
  return [...counts].map(([s, n]) => `${s} ${n}/${runs.length}`).join(', ');
}

export function resultRows(groups: readonly RunGroup[], target: number): ResultRow[] {
  return groups.map((g) => {
    const reachedAt = g.runs.map((r) => r.evals.find((e) => e.accuracy >= target)?.step ?? null);
    const reached = reachedAt.filter((x) => x !== null).length;
    return {
      key: g.key,
      name: g.name,
      color: g.color,
      status: groupStatus(g.runs),
      stepping: g.runs[0].stepping,
      optimizer: describeOptimizer(g.runs[0].optimizer),
      reported: g.runs[0].reported,
      broken: g.runs.some((r) => r.status === 'diverged' || r.status === 'failed'),
      finalValAcc: mean(g.runs.map((r) => r.evals.at(-1)?.accuracy ?? null)),
      bestValAcc: mean(g.runs.map((r) => (r.evals.length ? Math.max(...r.evals.map((e) => e.accuracy)) : null))),
      testAcc: mean(g.runs.map((r) => r.test?.accuracy ?? null)),
      finalValLoss: mean(g.runs.map((r) => r.evals.at(-1)?.loss ?? null)),
      finalTrainLoss: mean(g.runs.map(finalTrainLoss)),
      stepsToTarget: mean(reachedAt),
      reached,
      seeds: g.runs.length,
      seconds: mean(g.runs.map((r) => (r.computeMs > 0 ? r.computeMs / 1000 : null))),
      wallSeconds: mean(g.runs.map((r) => (r.startedAt !== null && r.endedAt !== null ? (r.endedAt - r.startedAt) / 1000 : null))),
    };
  });
}

export type ResultKey = 'finalValAcc' | 'bestValAcc' | 'testAcc' | 'finalValLoss' | 'finalTrainLoss' | 'stepsToTarget' | 'seconds' | 'wallSeconds';

/** Which direction is better for each numeric column. */
export const HIGHER_IS_BETTER: Record<ResultKey, boolean> = {
  finalValAcc: true,
  bestValAcc: true,
  testAcc: true,
  finalValLoss: false,
  finalTrainLoss: false,
  stepsToTarget: false,
  seconds: false,
  wallSeconds: false,
};

/** The key of the best row per column (ties: the first); a diverged or failed schedule is never best. */
export function bestPerColumn(rows: readonly ResultRow[]): Partial<Record<ResultKey, string>> {
  const best: Partial<Record<ResultKey, string>> = {};
  for (const k of Object.keys(HIGHER_IS_BETTER) as ResultKey[]) {
    let at: ResultRow | null = null;
    for (const r of rows) {
      const v = r[k];
      if (v === null || r.broken) continue;
      if (!at || (HIGHER_IS_BETTER[k] ? v > at[k]! : v < at[k]!)) at = r;
    }
    if (at && rows.length > 1) best[k] = at.key;
  }
  return best;
}

export const CSV_HEADER = [
  'run',
  'schedule',
  'scheduler',
  'stepping',
  'optimizer',
  'optimizer_params',
  'model',
  'seed',
  'backend',
  'step',
  'epoch',
  'lr_planned',
  'lr_applied',
  'train_loss',
  'val_loss',
  'val_accuracy',
  'test_loss',
  'test_accuracy',
] as const;

/** An optimizer's hyperparameters as `name=value` pairs, space-separated (empty for plain SGD). */
export function optimizerParamsText(o: RunOptimizer): string {
  const p = o.optimizerParams;
  switch (o.optimizer) {
    case 'sgd':
      return '';
    case 'momentum':
      return `momentum=${p.momentum.momentum} nesterov=${p.momentum.useNesterov}`;
    case 'adagrad':
      return `initial_accumulator=${p.adagrad.initialAccumulatorValue}`;
    case 'rmsprop':
      return `rho=${p.rmsprop.decay} momentum=${p.rmsprop.momentum} epsilon=${p.rmsprop.epsilon} centered=${p.rmsprop.centered}`;
    case 'adam':
      return `beta1=${p.adam.beta1} beta2=${p.adam.beta2} epsilon=${p.adam.epsilon}`;
  }
}

/**
 * The metrics CSV in chunks: one row per run and update, each saying what the run was (schedule,
 * stepping, optimizer and hyperparameters, model, seed, backend). `val_*` sit on the row of the
 * update after which they were measured; `test_*` on the last row of a finished run. `backendOf`
 * names the backend a run trained on (empty when unknown).
 */
export function* metricsCsvChunks(
  runs: readonly RunRecord[],
  comparison: Comparison,
  rowsPerChunk = 5000,
  backendOf: (r: RunRecord) => string = () => '',
): Generator<string> {
  yield CSV_HEADER.join(',') + '\n';
  const model = csvField(comparison.setup ? describeModel(comparison.setup) : '');
  for (const r of runs) {
    const evalAt = new Map(r.evals.map((e) => [e.step - 1, e]));
    const name = csvField(r.name);
    const opt = `${OPTIMIZER_LABELS[r.optimizer.optimizer]},${csvField(optimizerParamsText(r.optimizer))}`;
    const head = `${csvField(r.id)},${name},${csvField(r.spec.scheduler)},${r.stepping},${opt},${model},${r.seed},${csvField(backendOf(r))}`;
    let out = '';
    for (let i = 0; i < r.count; i++) {
      const e = evalAt.get(i);
      const planned = r.planned && i < r.planned.length ? String(r.planned[i]) : '';
      const last = i === r.count - 1 && r.test && isFinished(r.status);
      out += `${head},${i},${Math.floor(i / comparison.stepsPerEpoch)},${planned},${r.lr[i]},${r.loss[i]},${e ? e.loss : ''},${e ? e.accuracy : ''},${last ? r.test!.loss : ''},${last ? r.test!.accuracy : ''}\n`;
      if ((i + 1) % rowsPerChunk === 0) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }
}

/** Builds a Blob from chunks, yielding to the event loop so the page never blocks for long. */
export async function blobFromChunks(chunks: Iterable<string>, type: string): Promise<Blob> {
  const parts: string[] = [];
  let last = performance.now();
  for (const c of chunks) {
    parts.push(c);
    if (performance.now() - last > 20) {
      await new Promise((r) => setTimeout(r, 0));
      last = performance.now();
    }
  }
  return new Blob(parts, { type });
}

/** Seconds as `1:05` or `42 s`. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  return m < 60 ? `${m}:${String(r).padStart(2, '0')}` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
