/**
 * What the chart shows per visible schedule, derived from the store entry, its definition and its
 * computed curve: legend text with the key parameters, stale/error/pending flags, and the
 * decimated points for the current view (cached per curve, so only an edited schedule is
 * decimated again).
 */
import { getDefinition, type ScheduleSpec, type SchedulerDefinition } from '../../schedules';
import { decimateMinMax, diffOf, viewKey, type CurvePreview, type CurveResult, type CurveStats, type DiffMode as CurvesDiffMode, type Decimated, type DecimateMode, type PreviewView } from '../../curves';
import type { ScheduleEntry } from '../../state/studio';
import type { DrawnSeries } from './draw';
import type { YScale } from './scale';

export interface SeriesModel {
  entry: ScheduleEntry;
  def: SchedulerDefinition | undefined;
  /** Full-resolution values (empty while none has been computed, or when the spec is invalid). */
  values: Float64Array;
  stats: CurveStats | null;
  /** Engine error of the shown curve: invalid spec, or where the framework raised. */
  error: string | null;
  errorStep: number | null;
  /** The form's current input is invalid: the chart shows the last valid curve. */
  stale: string | null;
  /** A newer curve is being computed (long horizons). */
  pending: boolean;
  keyParams: string;
  /** When the shown curve was asked for (performance.now()), for latency measurements. */
  requestedAt: number | null;
  /** Drawing-only curve while a slider is dragged on a long horizon (full values follow). */
  preview: CurvePreview | null;
  /** With the full values of a long horizon: their drawing for the view, from columns. */
  drawing: CurvePreview | null;
  /** Length of the curve (also while only a preview is here). */
  length: number;
}

const EMPTY = new Float64Array(0);

export function seriesModel(
  entry: ScheduleEntry,
  result: CurveResult | undefined,
  pending: boolean,
  invalid: string | undefined,
): SeriesModel {
  const def = getDefinition(entry.spec.scheduler);
  return {
    entry,
    def,
    values: result?.curve.values ?? EMPTY,
    stats: result?.stats ?? null,
    error: result?.curve.error ?? null,
    errorStep: result?.curve.errorStep ?? null,
    stale: invalid ?? null,
    pending,
    keyParams: keyParamText(def, entry.spec),
    requestedAt: result?.requestedAt ?? null,
    preview: result?.preview ?? null,
    drawing: result?.drawing ?? null,
    length: result?.preview?.length ?? result?.curve.values.length ?? 0,
  };
}

function formatParam(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length > 28 ? `${v.slice(0, 27)}…` : v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) {
      return `[${v.slice(0, 4).join(', ')}${v.length > 4 ? ', …' : ''}]`;
    }
    return v.map(formatParam).join(' → ');
  }
  if (typeof v === 'object') {
    const spec = v as Partial<ScheduleSpec>;
    if (typeof spec.scheduler === 'string') return spec.scheduler.slice(spec.scheduler.indexOf('.') + 1);
    const keys = Object.keys(v as object);
    return `{${keys.slice(0, 3).map((k) => `${k}: ${formatParam((v as Record<string, unknown>)[k])}`).join(', ')}${keys.length > 3 ? ', …' : ''}}`;
  }
  return String(v);
}

/**
 * `gamma=0.1, step_size=300`: the definition's key parameters (`key: true`) with their current
 * values (defaults filled in). Without a definition, the params the spec sets.
 */
export function keyParamText(def: SchedulerDefinition | undefined, spec: ScheduleSpec): string {
  const params = spec.params ?? {};
  const names = def ? def.params.filter((p) => p.key).map((p) => p.name) : Object.keys(params).slice(0, 4);
  return names
    .map((name) => {
      const p = def?.params.find((q) => q.name === name);
      const v = name in params ? params[name] : p?.default;
      return v === undefined ? null : `${name}=${formatParam(v)}`;
    })
    .filter((s) => s !== null)
    .join(', ');
}

const cache = new WeakMap<Float64Array, { key: string; dec: Decimated }>();

/**
 * What to draw of a schedule in this view: its preview (or drawing) when made for this very view,
 * else {@link decimatedView} of its full values.
 */
export function drawnPoints(m: SeriesModel, view: PreviewView): Decimated {
  const drawing = m.preview ?? m.drawing;
  if (drawing && viewKey(drawing.view) === viewKey(view)) return drawing.dec;
  return decimatedView(m.values, view.s0, view.s1, view.columns, view.mode);
}

/** The drawing of one model for the view. */
export function drawnSeries(m: SeriesModel, view: PreviewView): DrawnSeries {
  return { id: m.entry.id, color: m.entry.color, dec: drawnPoints(m, view), stale: !!m.stale, errorStep: m.errorStep, requestedAt: m.requestedAt };
}

/** {@link decimateMinMax} of `values` over the view, remembered per array for the last view. */
export function decimatedView(values: Float64Array, s0: number, s1: number, columns: number, mode: DecimateMode): Decimated {
  const key = viewKey({ s0, s1, columns, mode });
  const hit = cache.get(values);
  if (hit && hit.key === key) return hit.dec;
  const dec = decimateMinMax(values, s0, s1, columns, mode);
  cache.set(values, { key, dec });
  return dec;
}

export type DiffMode = CurvesDiffMode;

/**
 * `a / b` or `a - b` per step over the steps both curves have. A ratio where `b` is 0 is
 * undefined: `NaN` there (left out of the drawing), counted in `undefinedSteps`.
 */
export interface DiffResult {
  values: Float64Array;
  /** Ratio steps where B is 0. */
  undefinedSteps: number;
  /** Steps where A and B are the same double. */
  identical: number;
  /** Largest |A - B| and the step where it is. */
  maxAbs: number;
  maxAbsStep: number;
  /**
   * Largest |A - B| relative to the curves' scale (the largest |A| or |B|): float32 rounding errors scale
   * with the values a formula works on, not with a value near 0 at its end.
   */
  maxRel: number;
}

export function diffValues(a: Float64Array, b: Float64Array, mode: DiffMode): DiffResult {
  const n = Math.min(a.length, b.length);
  const values = new Float64Array(n);
  let undefinedSteps = 0;
  let identical = 0;
  let maxAbs = 0;
  let maxAbsStep = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const d = Math.abs(x - y);
    if (x === y) identical++;
    peak = Math.max(peak, Math.abs(x), Math.abs(y));
    if (d > maxAbs) {
      maxAbs = d;
      maxAbsStep = i;
    }
    values[i] = diffOf(x, y, mode);
    if (mode === 'ratio' && y === 0) undefinedSteps++;
  }
  return { values, undefinedSteps, identical, maxAbs, maxAbsStep, maxRel: peak > 0 ? maxAbs / peak : 0 };
}

/**
 * How many times the other curves' largest magnitude a curve that stopped at a step error may
 * reach before the y axis stops following it: two decades on a linear axis, six on a log axis.
 */
export const RUNAWAY_FACTOR: Record<YScale, number> = { linear: 100, log: 1e6 };

function magnitude(d: DrawnSeries): number {
  let m = 0;
  const { y, length } = d.dec;
  for (let i = 0; i < length; i++) {
    const a = Math.abs(y[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * The curves that stopped at a step error after running away (a lambda whose lr overflows: the
 * finite prefix climbs to 1e304 and more) far above every other curve. The y axis fits the other
 * curves, which stay as they were, and these run off its top, said in their notes and legend.
 * Empty when no other curve has anything to fit.
 */
export function runawaySeries(drawn: readonly DrawnSeries[], scale: YScale): ReadonlySet<string> {
  const failing = drawn.filter((d) => d.errorStep !== null);
  if (failing.length === 0) return NO_RUNAWAY;
  let others = 0;
  for (const d of drawn) if (d.errorStep === null) others = Math.max(others, magnitude(d));
  if (!(others > 0)) return NO_RUNAWAY;
  const out = new Set<string>();
  for (const d of failing) if (magnitude(d) > others * RUNAWAY_FACTOR[scale]) out.add(d.id);
  return out.size ? out : NO_RUNAWAY;
}

export const NO_RUNAWAY: ReadonlySet<string> = new Set();
