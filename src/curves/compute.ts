/**
 * From a schedule spec and the curve settings to the full-resolution curve the chart draws:
 * evaluate per optimizer update, or per epoch held across the epoch's iterations; its stats, and
 * its preview (the curve decimated for one view). The unit of work of both the main thread and the
 * curve worker (jobs.ts); the CurveManager (manager.ts) decides which runs where.
 */
import {
  closedFormColumnsOf,
  evaluateColumnsInSlices,
  momentumOf,
  evaluateInSlices,
  getDefinition,
  runToEnd,
  ScheduleColumnsError,
  ScheduleError,
  ScheduleStepError,
  type Columns,
  type ColumnsBudget,
  type ColumnsOptions,
  type ScheduleSpec,
  type Stepping,
} from '../schedules';
import { decimateColumns, decimateMinMax, type Decimated, type DecimateMode } from './decimate';
import { DEFAULT_METRIC, metricKey, metricValues, type MetricSource } from './metric';

export interface Curve {
  /** lr per optimizer update, full resolution (length = totalSteps, or shorter if the framework raised). */
  values: Float64Array;
  /** Message when the spec is invalid or the framework raises at some step. */
  error: string | null;
  /** Step at which the framework raised, if it did. */
  errorStep: number | null;
}

/** The settings a curve depends on (the studio's settings satisfy it). */
export interface CurveSettings {
  totalSteps: number;
  stepsPerEpoch: number;
  stepping: Stepping;
  /** What a metric-driven schedule watches (the default synthetic loss when absent). */
  metric?: MetricSource;
}

/** Expands per-epoch values to per-iteration values (each epoch's value held for its iterations). */
export function expandEpochs(perEpoch: Float64Array, stepsPerEpoch: number, totalSteps: number): Float64Array {
  const out = new Float64Array(Math.min(totalSteps, perEpoch.length * stepsPerEpoch));
  for (let e = 0, i = 0; i < out.length; e++) {
    const v = perEpoch[e];
    const stop = Math.min(out.length, i + stepsPerEpoch);
    for (; i < stop; i++) out[i] = v;
  }
  return out;
}

/** Number of scheduler steps a curve evaluates (per update, or per epoch). */
export function evaluatedSteps(settings: CurveSettings): number {
  const { totalSteps, stepsPerEpoch, stepping } = settings;
  return stepping === 'epoch' ? Math.ceil(totalSteps / stepsPerEpoch) : totalSteps;
}

/**
 * The metric a metric-driven curve watches, per optimizer update: row i holds the value reported
 * after update i (epoch stepping: the epoch's value, held across its updates).
 */
export function metricPerUpdate(settings: CurveSettings): Float64Array {
  const m = metricValues(settings.metric ?? DEFAULT_METRIC, evaluatedSteps(settings));
  return settings.stepping === 'epoch' ? expandEpochs(m, settings.stepsPerEpoch, settings.totalSteps) : m;
}

/**
 * The momentum per pixel column over updates [s0, s1): min and max of the momentum in force at the sampled updates
 * of each column (every update where a column holds at most `perColumn`, else `perColumn` evenly spaced ones and
 * the column's ends), for drawing at any horizon without evaluating every update. `null` where none is set.
 */
export function momentumColumns(
  spec: ScheduleSpec,
  settings: CurveSettings,
  s0: number,
  s1: number,
  columns: number,
  perColumn = 64,
): { min: Float64Array; max: Float64Array } | null {
  let at: ((t: number) => number) | null;
  try {
    at = momentumOf(spec);
  } catch {
    return null;
  }
  if (!at) return null;
  const k = settings.stepping === 'epoch' ? settings.stepsPerEpoch : 1;
  const end = Math.min(settings.totalSteps, Math.floor(s1));
  const min = new Float64Array(columns).fill(NaN);
  const max = new Float64Array(columns).fill(NaN);
  const begin = Math.max(0, Math.ceil(s0));
  const span = Math.max(0, end - begin);
  outer: for (let c = 0; c < columns; c++) {
    const a = begin + Math.floor((c * span) / columns);
    const b = begin + Math.floor(((c + 1) * span) / columns);
    if (b <= a) continue;
    const stride = Math.max(1, (b - a) / perColumn);
    for (let x = a; ; x += stride) {
      const i = Math.min(b - 1, Math.floor(x));
      let v: number;
      try {
        v = at(Math.floor(i / k));
      } catch {
        break outer; // the framework raised here: the curve ends, as the lr does
      }
      if (Number.isNaN(min[c]) || v < min[c]) min[c] = v;
      if (Number.isNaN(max[c]) || v > max[c]) max[c] = v;
      if (i >= b - 1) break;
    }
  }
  return { min, max };
}

export function computeCurve(spec: ScheduleSpec, settings: CurveSettings, metricDriven = false): Curve {
  return runToEnd(curveInSlices(spec, settings, metricDriven, Infinity));
}

/**
 * {@link computeCurve} in slices of `slice` evaluated steps (see `evaluateInSlices`): yields the
 * steps done so far between slices, returns the curve.
 */
export function* curveInSlices(spec: ScheduleSpec, settings: CurveSettings, metricDriven = false, slice?: number): Generator<number, Curve, void> {
  const { totalSteps, stepsPerEpoch, stepping } = settings;
  const n = evaluatedSteps(settings);
  try {
    const values = yield* evaluateInSlices(spec, n, metricDriven ? { metrics: metricValues(settings.metric ?? DEFAULT_METRIC, n) } : {}, Math.min(slice ?? n, n));
    return {
      values: stepping === 'epoch' ? expandEpochs(values, stepsPerEpoch, totalSteps) : values,
      error: null,
      errorStep: null,
    };
  } catch (e) {
    if (e instanceof ScheduleStepError) {
      const step = stepping === 'epoch' ? e.step * stepsPerEpoch : e.step;
      const values = stepping === 'epoch' ? expandEpochs(e.partial, stepsPerEpoch, totalSteps) : e.partial;
      return { values, error: e.message, errorStep: step };
    }
    if (e instanceof ScheduleError) return { values: new Float64Array(0), error: e.message, errorStep: null };
    // A bug in a definition must not take the page down: show it where the curve would be.
    console.error(e);
    return { values: new Float64Array(0), error: `internal error: ${e instanceof Error ? e.message : String(e)}`, errorStep: null };
  }
}

/** Per-schedule summary shown in the stats table (over the whole horizon, full resolution). */
export interface CurveStats {
  /** Values computed (shorter than the horizon when the framework raised). */
  length: number;
  initial: number;
  peak: number;
  peakStep: number;
  final: number;
  mean: number;
  min: number;
  minStep: number;
  /** Area under the curve: the sum of the lr over all updates (lr x steps); `null` where it exceeds float64. */
  auc: number | null;
  /** log10 of |area|, finite where the area itself is not representable. */
  aucLog10: number;
  /** Steps until the lr first stops rising (0 when it starts at its first peak). */
  warmup: number;
  /** Values <= 0 (not drawable on a log axis). */
  nonPositive: number;
}

/** Σ v / scale: finite for finite values (each term is at most 1 in size), where Σ v itself overflows. */
function scaledSum(values: Float64Array, scale: number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] / scale;
  return s;
}

/** log10 |Σ v|, finite where the sum overflows float64 (ExponentialLR from lr 1e308, StepLR with gamma 80). */
function sumLog10(values: Float64Array, sum: number, scale: number): number {
  if (Number.isFinite(sum)) return Math.log10(Math.abs(sum));
  return Math.log10(Math.abs(scaledSum(values, scale))) + Math.log10(scale);
}

export function computeStats(values: Float64Array): CurveStats | null {
  const n = values.length;
  if (n === 0) return null;
  let peak = values[0];
  let peakStep = 0;
  let min = values[0];
  let minStep = 0;
  let sum = 0;
  let nonPositive = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v > peak) {
      peak = v;
      peakStep = i;
    }
    if (v < min) {
      min = v;
      minStep = i;
    }
    if (v <= 0) nonPositive++;
  }
  // Where the sum overflows, mean and area are computed from the values scaled by the largest one.
  const scale = Math.max(Math.abs(peak), Math.abs(min));
  // Warmup: the initial non-decreasing run; its length is where that run first reaches its top.
  let runTop = values[0];
  let warmup = 0;
  for (let i = 1; i < n && values[i] >= values[i - 1]; i++) {
    if (values[i] > runTop) {
      runTop = values[i];
      warmup = i;
    }
  }
  return {
    length: n,
    initial: values[0],
    peak,
    peakStep,
    final: values[n - 1],
    mean: Number.isFinite(sum) ? sum / n : (scaledSum(values, scale) / n) * scale,
    min,
    minStep,
    auc: Number.isFinite(sum) ? sum : null,
    aucLog10: sumLog10(values, sum, scale),
    warmup,
    nonPositive,
  };
}

/** One entry's computed curve and the inputs it was computed from. */
export interface CurveResult {
  /** The spec object it was computed from (identity is the memo key). */
  spec: ScheduleSpec;
  settingsKey: string;
  curve: Curve;
  stats: CurveStats | null;
  /** Time the computation took, ms. */
  ms: number;
  /** When the manager was asked for it (performance.now()): input -> fresh curve latency. */
  requestedAt?: number;
  /**
   * A drawing-only result (while a slider is dragged on a long horizon): the curve decimated for
   * one view, exact per pixel column, without the full-resolution values (`curve.values` is empty
   * until the full result follows).
   */
  preview?: CurvePreview;
  /**
   * With the full values of a long horizon: their drawing for the chart's view from the closed
   * form's columns (the same exact envelope, without a pass over every value for each view).
   */
  drawing?: CurvePreview;
}

/** The chart's view, for which a preview is decimated. */
export interface PreviewView {
  s0: number;
  s1: number;
  columns: number;
  mode: DecimateMode;
}

export interface CurvePreview {
  view: PreviewView;
  dec: Decimated;
  /** Length of the full curve. */
  length: number;
}

export function viewKey(v: PreviewView): string {
  return `${v.s0}/${v.s1}/${v.columns}/${v.mode}`;
}

/** Turns a full result into a preview for `view` (the values are dropped: nothing large is kept). */
export function toPreview(r: CurveResult, view: PreviewView): CurveResult {
  const d = decimateMinMax(r.curve.values, view.s0, view.s1, view.columns, view.mode);
  const dec = { x: d.x.slice(), y: d.y.slice(), length: d.length };
  return {
    ...r,
    curve: { ...r.curve, values: new Float64Array(0) },
    preview: { view, dec, length: r.curve.values.length },
  };
}

export function curveSettingsKey(s: CurveSettings): string {
  return `${s.totalSteps}/${s.stepsPerEpoch}/${s.stepping}/${metricKey(s.metric)}`;
}

export function isMetricDriven(spec: ScheduleSpec): boolean {
  return getDefinition(spec?.scheduler)?.metricDriven === true;
}

/** Computes a curve and its stats: the unit of work of both the main thread and the worker. */
export function computeResult(spec: ScheduleSpec, settings: CurveSettings, withStats = true): CurveResult {
  return runToEnd(resultInSlices(spec, settings, withStats, Infinity));
}

/** Runs `g` to its end, passing its yields on: its value and the time spent in it (not between slices). */
function* timed<T>(g: Generator<number, T, void>): Generator<number, { value: T; ms: number }, void> {
  let ms = 0;
  let t = performance.now();
  let r = g.next();
  while (!r.done) {
    ms += performance.now() - t;
    yield r.value;
    t = performance.now();
    r = g.next();
  }
  return { value: r.value, ms: ms + performance.now() - t };
}

/**
 * {@link computeResult} in slices of `slice` evaluated steps. `ms` counts the computing only, not
 * the time the caller spent between slices.
 */
export function* resultInSlices(spec: ScheduleSpec, settings: CurveSettings, withStats = true, slice?: number): Generator<number, CurveResult, void> {
  const { value: curve, ms: curveMs } = yield* timed(curveInSlices(spec, settings, isMetricDriven(spec), slice));
  const t = performance.now();
  // A drag preview has no stats: the full result that follows the drag brings them.
  const stats = withStats ? computeStats(curve.values) : null;
  const ms = curveMs + performance.now() - t;
  return { spec, settingsKey: curveSettingsKey(settings), curve, stats, ms };
}

/**
 * The steps and column count of a view's columns: the whole steps of [s0, s1) inside the horizon,
 * at most one column per step; `null` where the view holds no step.
 */
function columnsRange(view: PreviewView, n: number): { from: number; to: number; columns: number } | null {
  const from = Math.max(0, Math.ceil(view.s0));
  const to = Math.min(n, Math.ceil(view.s1));
  if (to <= from) return null;
  return { from, to, columns: Math.max(1, Math.min(Math.floor(view.columns), to - from)) };
}

/** A drawing-only result from per-column envelopes (the error, where the framework raised, with the columns before it). */
function columnsResult(spec: ScheduleSpec, settings: CurveSettings, view: PreviewView, c: Columns, filled: number, error: ScheduleStepError | null, ms: number): CurveResult {
  const dec = decimateColumns(c, filled, view.mode);
  return {
    spec,
    settingsKey: curveSettingsKey(settings),
    curve: { values: new Float64Array(0), error: error ? error.message : null, errorStep: error ? error.step : null },
    stats: null,
    ms,
    preview: { view, dec, length: error ? error.step : settings.totalSteps },
  };
}

/**
 * The preview of `spec` for `view` from its closed form's per-column envelopes, at a cost that does
 * not depend on the horizon (evaluateColumns); `null` where that does not apply (stepping per epoch,
 * no closed form of known shape, past the budget, or a framework error below MAX_STEPS: the full
 * computation finds and shows it). `draft`: a replayed recursion drawn from its documented closed form
 * (ColumnsOptions.draft), for a drawing the exact values replace.
 */
export function previewFromColumns(spec: ScheduleSpec, settings: CurveSettings, view: PreviewView, budget: ColumnsBudget, draft = false): CurveResult | null {
  if (settings.stepping === 'epoch' || view.mode === 'finite') return null;
  const r = columnsRange(view, settings.totalSteps);
  if (!r) return null;
  const t = performance.now();
  try {
    const c = closedFormColumnsOf(spec, settings.totalSteps, r.columns, { from: r.from, to: r.to, positive: view.mode === 'positive', draft }, budget);
    return c && columnsResult(spec, settings, view, c, r.columns, null, performance.now() - t);
  } catch (e) {
    if (e instanceof ScheduleColumnsError) return columnsResult(spec, settings, view, e.columns, e.filled, e, performance.now() - t);
    // An invalid spec: the full computation gives its message.
    if (e instanceof ScheduleError) return null;
    throw e;
  }
}

/**
 * The preview of `spec` for `view` in slices (the curve worker's, while a slider is dragged): the
 * per-column envelopes (evaluateColumns: the closed form's breakpoints, or stepping in chunks without
 * keeping the values); per-epoch stepping decimates its full curve.
 */
export function* previewInSlices(spec: ScheduleSpec, settings: CurveSettings, view: PreviewView, slice?: number): Generator<number, CurveResult, void> {
  const r = view.mode === 'finite' || settings.stepping === 'epoch' ? null : columnsRange(view, settings.totalSteps);
  if (!r) return toPreview(yield* resultInSlices(spec, settings, false, slice), view);
  const opts: ColumnsOptions = { from: r.from, to: r.to, positive: view.mode === 'positive' };
  // The metric the full curve is computed with (columns are per iteration here: one value per update).
  if (isMetricDriven(spec)) opts.metrics = metricValues(settings.metric ?? DEFAULT_METRIC, settings.totalSteps);
  try {
    const { value, ms } = yield* timed(evaluateColumnsInSlices(spec, settings.totalSteps, r.columns, opts, slice));
    return columnsResult(spec, settings, view, value, r.columns, null, ms);
  } catch (e) {
    if (e instanceof ScheduleColumnsError) return columnsResult(spec, settings, view, e.columns, e.filled, e, 0);
    // Invalid specs and the rest: the full computation's message and handling.
    return toPreview(yield* resultInSlices(spec, settings, false, slice), view);
  }
}
