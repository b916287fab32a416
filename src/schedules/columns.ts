/**
 * The envelope of a schedule per pixel column: for each column, the first and last value and the
 * exact minimum and maximum of the steps it covers, without computing every step where the
 * scheduler has a closed form. What a chart needs at any horizon (a pixel column of a 100M-step
 * curve covers 50,000 steps, and a fast cycle must keep its full vertical extent).
 */
import { ScheduleParamError, ScheduleStepError, PythonRuntimeError } from './errors';
import { closedFormOf, valuesInChunks } from './evaluate';
import type { ClosedForm, EvaluateOptions, Periodicity, ScheduleSpec } from './types';
import { MAX_STEPS } from './types';
import { replayWork } from './work';

/** Per column, over the steps it covers. */
export interface Columns {
  min: Float64Array;
  max: Float64Array;
  first: Float64Array;
  last: Float64Array;
  /**
   * With `positive`: the smallest value > 0 of each column (what a log axis can draw), NaN where the
   * column has none.
   */
  minPositive: Float64Array | null;
  /** The step range the columns split: [from, to). */
  from: number;
  to: number;
  /**
   * Values computed: evaluations of the closed form (`at` calls), or steps stepped by the fallback.
   * Independent of the number of steps for closed forms.
   */
  evaluations: number;
  /** How they were computed: from the closed form's breakpoints, or by stepping every step. */
  method: 'closedForm' | 'stepping';
}

export interface ColumnsOptions extends EvaluateOptions {
  /** First step of the range to split (default 0): a zoomed view asks only for its own steps. */
  from?: number;
  /** End of the range, exclusive (default `steps`). */
  to?: number;
  /** Also compute {@link Columns.minPositive} (a log axis leaves out values <= 0). */
  positive?: boolean;
  /**
   * Draw a replayed recursion from its documented closed form ({@link ClosedForm.draft}, within
   * 1e-8 of the scale) at a cost that does not depend on the horizon: a drag's frames, which the
   * exact values replace when it stops.
   */
  draft?: boolean;
}

/**
 * A {@link ScheduleStepError} from {@link evaluateColumns}: the framework raised, or a value was not
 * finite, at `step`. `columns` holds the envelope of the steps before it: columns `0 .. filled-1`
 * (the last of them possibly covering only the part of its range before `step`); the others are NaN.
 * `partial` is empty (the values are not kept).
 */
export class ScheduleColumnsError extends ScheduleStepError {
  constructor(
    step: number,
    reason: string,
    readonly columns: Columns,
    readonly filled: number,
  ) {
    super(step, reason);
    this.name = 'ScheduleColumnsError';
  }
}

/** Largest step count: column boundaries `c * span / columns` stay exact integers in float64. */
export const MAX_COLUMN_STEPS = 1e12;

/** Breakpoints asked for at once for one range; more than this splits the range in two. */
const PIECE_LIMIT = 64;
/** A range this short whose breakpoints are still too many (noise on every step) is visited step by step. */
const VISIT_ALL = 128;
/** Steps per chunk of the stepping fallback (reused buffer). */
const CHUNK = 1 << 16;

/** Start of column `c` of `columns` over [from, to). */
function columnStart(from: number, span: number, columns: number, c: number): number {
  return from + Math.floor((c * span) / columns);
}

interface Range {
  from: number;
  to: number;
  columns: number;
}

function checkArgs(steps: number, columns: number, opts: ColumnsOptions): Range {
  if (!Number.isInteger(steps) || steps < 0) throw new ScheduleParamError('steps', 'must be a non-negative integer');
  if (steps > MAX_COLUMN_STEPS) throw new ScheduleParamError('steps', `must be at most ${MAX_COLUMN_STEPS.toExponential()}`);
  const from = opts.from ?? 0;
  const to = opts.to ?? steps;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > steps || to <= from) {
    throw new ScheduleParamError('from', `the range [from, to) must be a non-empty range of whole steps inside [0, ${steps})`);
  }
  // An empty column has no value to show: each column covers at least one step.
  if (!Number.isInteger(columns) || columns < 1 || columns > to - from) {
    throw new ScheduleParamError('columns', `must be a whole number from 1 to the number of steps in the range (${to - from})`);
  }
  return { from, to, columns };
}

function emptyColumns(r: Range, positive: boolean, method: Columns['method']): Columns {
  const n = r.columns;
  return {
    min: new Float64Array(n).fill(NaN),
    max: new Float64Array(n).fill(NaN),
    first: new Float64Array(n).fill(NaN),
    last: new Float64Array(n).fill(NaN),
    minPositive: positive ? new Float64Array(n).fill(NaN) : null,
    from: r.from,
    to: r.to,
    evaluations: 0,
    method,
  };
}

/**
 * The envelope of `evaluate(spec, steps)` per column: column `c` covers the steps
 * `[from + floor(c * span / columns), from + floor((c + 1) * span / columns))` (`span = to - from`,
 * by default the whole horizon), and `min`, `max`, `first`, `last` are the minimum (`Math.min`: -0
 * below +0), maximum, first and last of `evaluate` over those steps: bit for bit where the closed
 * form is exact (`ClosedForm.exact`), within 1e-12 relative for a recursive PyTorch scheduler drawn
 * from its closed form.
 *
 * With a closed form of known shape the cost is O(columns + breakpoints in range), whatever `steps`
 * (up to {@link MAX_COLUMN_STEPS}). Without one (metric-driven schedulers, user lambdas, composites
 * over them) every step is stepped, from step 0, in reused chunks (never `steps` values at once),
 * and `steps` is capped at MAX_STEPS as for `evaluate`.
 *
 * `columns` must be from 1 to `to - from`: every column covers at least one step.
 * Throws {@link ScheduleParamError} for invalid params or arguments, and {@link ScheduleColumnsError}
 * where the framework raises or a value is not finite (the columns before that step filled). The
 * closed-form path sees a raise where it evaluates: at the ends of monotone pieces (the framework's
 * raises are at a breakpoint or from a step on); where it meets one below MAX_STEPS, the range is
 * stepped, so that the error step and the columns are those of `evaluate`.
 */
export function evaluateColumns(spec: ScheduleSpec, steps: number, columns: number, opts: ColumnsOptions = {}): Columns {
  const r = checkArgs(steps, columns, opts);
  const form = knownShape(formFor(spec, opts));
  if (form) {
    const c = closedFormColumns(form, r, opts.positive === true, {});
    if (c) return c;
  }
  return runColumns(steppedColumns(spec, r, opts, CHUNK));
}

/** Limits of {@link closedFormColumnsOf}. */
export interface ColumnsBudget {
  /**
   * Closed-form evaluations at most, counting each step a recursion's exact form replays as one
   * (its first look at step t costs up to t steps: {@link replayWork}). A count, not a time, so
   * that whether a drawing is made on the main thread depends on the input, never on how busy the
   * machine is.
   */
  evaluations?: number;
  /** Set to true when the budget was spent (rather than there being no closed form). */
  spent?: boolean;
}

/**
 * {@link evaluateColumns} from the closed form only, giving up (`null`) where there is none of known
 * shape, or past the budget: the chart computes a dragged curve this way on its own thread when
 * that is cheap, and otherwise leaves it to the curve worker.
 */
export function closedFormColumnsOf(
  spec: ScheduleSpec,
  steps: number,
  columns: number,
  opts: ColumnsOptions = {},
  budget: ColumnsBudget = {},
): Columns | null {
  const r = checkArgs(steps, columns, opts);
  const form = knownShape(formFor(spec, opts));
  return form ? closedFormColumns(form, r, opts.positive === true, budget) : null;
}

/**
 * {@link evaluateColumns} as a generator yielding the steps done after each chunk of `slice` steps
 * of stepping (the closed-form path has no slices): the curve worker gives its thread back between
 * them.
 */
export function* evaluateColumnsInSlices(
  spec: ScheduleSpec,
  steps: number,
  columns: number,
  opts: ColumnsOptions = {},
  slice = CHUNK,
): Generator<number, Columns, void> {
  const r = checkArgs(steps, columns, opts);
  const form = knownShape(formFor(spec, opts));
  if (form) {
    const c = closedFormColumns(form, r, opts.positive === true, {});
    if (c) return c;
  }
  return yield* steppedColumns(spec, r, opts, slice);
}

function runColumns(g: Generator<number, Columns, void>): Columns {
  for (;;) {
    const s = g.next();
    if (s.done) return s.value;
  }
}

/** The closed form the columns walk: the draft of a replayed recursion where `opts.draft` asks for it. */
function formFor(spec: ScheduleSpec, opts: ColumnsOptions): ClosedForm | null {
  const form = closedFormOf(spec);
  return (opts.draft === true && form?.draft) || form;
}

/**
 * The form, where its breakpoints are known: a user lambda's form answers `null` even for a range
 * that holds no step (the open range (0, 1)), a form of known shape an empty list.
 */
function knownShape(form: ClosedForm | null): ClosedForm | null {
  return form && form.breakpoints(0, 1, 0) !== null ? form : null;
}

/** The form's period where it is a usable one (whole steps, inside the range evaluateColumns accepts). */
function periodOf(form: ClosedForm): Periodicity | null {
  const p = form.period;
  return p && Number.isInteger(p.length) && p.length >= 1 && Number.isInteger(p.start) && p.start >= 0 && p.end > p.start ? p : null;
}

/** Thrown inside the closed-form walk when the budget is spent. */
class OverBudget {}
/** Thrown inside the closed-form walk when a value raises or is not finite. */
class Failed {}

/**
 * The closed-form walk: each column's range split at its breakpoints into monotone pieces, whose
 * extremes are at their ends. A range holding a whole period of a periodic form has the extremes of
 * one period (cost independent of the range's length). A range with more than {@link PIECE_LIMIT}
 * breakpoints (a cycle much shorter than a column, of a form without an exact period) is halved
 * until it has fewer, so no long list is ever built. Where a value
 * raises or is not finite, the range is done again by stepping (exact error step and partial
 * columns) when that is allowed (`null`: the caller steps), else the failing column is scanned.
 */
function closedFormColumns(form: ClosedForm, r: Range, positive: boolean, budget: ColumnsBudget): Columns | null {
  const out = emptyColumns(r, positive, 'closedForm');
  const { min, max, first, last, minPositive } = out;
  const maxEvaluations = budget.evaluations ?? Infinity;
  const replayed0 = replayWork.steps;
  let evaluations = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let pos = Infinity;
  const at = (t: number): number => {
    if (++evaluations + (replayWork.steps - replayed0) > maxEvaluations) throw new OverBudget();
    let v: number;
    try {
      v = form.at(t);
    } catch (e) {
      if (e instanceof PythonRuntimeError) throw new Failed();
      throw e;
    }
    if (v - v !== 0) throw new Failed();
    return v;
  };
  /** A monotone piece [s, e): its ends, and with `positive` its smallest value > 0. */
  const piece = (s: number, e: number): void => {
    const a = at(s);
    const b = e - 1 === s ? a : at(e - 1);
    lo = Math.min(lo, a, b);
    hi = Math.max(hi, a, b);
    if (!positive) return;
    if (a > 0 && b > 0) pos = Math.min(pos, a, b);
    else if (a > 0 || b > 0) pos = Math.min(pos, crossing(s, e, a > 0));
  };
  /** Monotone piece [s, e) positive at one end only: the positive value nearest the other end. */
  const crossing = (s: number, e: number, positiveFirst: boolean): number => {
    // Invariant: at(good) > 0, at(bad) <= 0.
    let good = positiveFirst ? s : e - 1;
    let bad = positiveFirst ? e - 1 : s;
    while (Math.abs(good - bad) > 1) {
      const mid = Math.floor((good + bad) / 2);
      if (at(mid) > 0) good = mid;
      else bad = mid;
    }
    return at(good);
  };
  // A periodic form (ClosedForm.period): a range holding a whole period inside the pattern has the
  // extremes of one period, found once from its breakpoints; only the parts outside are walked.
  const per = periodOf(form);
  let once: { lo: number; hi: number; pos: number } | null = null;
  const periodic = (s: number, e: number): boolean => {
    if (!per || e - s <= per.length) return false;
    const ps = Math.max(s, per.start);
    const pe = Math.min(e, per.end);
    if (pe - ps < per.length) return false;
    if (ps > s) range(s, ps);
    if (!once) {
      const saved = { lo, hi, pos };
      lo = Infinity;
      hi = -Infinity;
      pos = Infinity;
      range(per.start, per.start + per.length);
      once = { lo, hi, pos };
      ({ lo, hi, pos } = saved);
    }
    lo = Math.min(lo, once.lo);
    hi = Math.max(hi, once.hi);
    pos = Math.min(pos, once.pos);
    if (pe < e) range(pe, e);
    return true;
  };
  const range = (s: number, e: number): void => {
    if (periodic(s, e)) return;
    const bps = e - s > 1 ? form.breakpoints(s, e, PIECE_LIMIT) : [];
    if (bps === null) {
      if (e - s <= VISIT_ALL) {
        for (let t = s; t < e; t++) piece(t, t + 1);
        return;
      }
      const mid = s + Math.floor((e - s) / 2);
      range(s, mid);
      range(mid, e);
      return;
    }
    let start = s;
    for (const b of bps) {
      piece(start, b);
      start = b;
    }
    piece(start, e);
  };
  const span = r.to - r.from;
  let c = 0;
  try {
    for (; c < r.columns; c++) {
      const s = columnStart(r.from, span, r.columns, c);
      const e = columnStart(r.from, span, r.columns, c + 1);
      lo = Infinity;
      hi = -Infinity;
      pos = Infinity;
      first[c] = at(s);
      last[c] = e - 1 === s ? first[c] : at(e - 1);
      range(s, e);
      min[c] = lo;
      max[c] = hi;
      if (minPositive) minPositive[c] = pos === Infinity ? NaN : pos;
    }
  } catch (e) {
    if (e instanceof OverBudget) {
      budget.spent = true;
      return null;
    }
    if (!(e instanceof Failed)) throw e;
    if (r.to <= MAX_STEPS) return null;
    throw scanFailure(form, r, out, c, positive);
  }
  out.evaluations = evaluations;
  return out;
}

/**
 * Past MAX_STEPS (no stepping), a failure found in column `c`: the column is visited step by step
 * up to the first step that raises or is not finite.
 */
function scanFailure(form: ClosedForm, r: Range, out: Columns, c: number, positive: boolean): ScheduleColumnsError {
  const span = r.to - r.from;
  const s = columnStart(r.from, span, r.columns, c);
  const e = columnStart(r.from, span, r.columns, c + 1);
  const acc = new ColumnAccumulator(out, positive);
  acc.open(c);
  for (let t = s; t < e; t++) {
    let v: number;
    let reason: string | null = null;
    try {
      v = form.at(t);
      if (v - v !== 0) reason = `the learning rate is not a finite number (${v})`;
    } catch (err) {
      if (!(err instanceof PythonRuntimeError)) throw err;
      reason = err.message;
      v = NaN;
    }
    if (reason !== null) {
      if (t === s) return new ScheduleColumnsError(t, reason, clearFrom(out, c), c);
      acc.close();
      return new ScheduleColumnsError(t, reason, clearFrom(out, c + 1), c + 1);
    }
    acc.see(v, t === s);
  }
  return new ScheduleColumnsError(e, 'the closed form failed', clearFrom(out, c), c);
}

function clearFrom(out: Columns, c: number): Columns {
  for (const a of [out.min, out.max, out.first, out.last, out.minPositive]) a?.fill(NaN, c);
  return out;
}

/** Reduces values into one column at a time. */
class ColumnAccumulator {
  private c = -1;
  private lo = Infinity;
  private hi = -Infinity;
  private pos = Infinity;
  private lastValue = NaN;
  constructor(
    private readonly out: Columns,
    private readonly positive: boolean,
  ) {}
  open(c: number): void {
    this.c = c;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.pos = Infinity;
  }
  see(v: number, isFirst: boolean): void {
    if (isFirst) this.out.first[this.c] = v;
    this.lo = Math.min(this.lo, v);
    this.hi = Math.max(this.hi, v);
    if (this.positive && v > 0 && v < this.pos) this.pos = v;
    this.lastValue = v;
  }
  close(): void {
    const { out, c } = this;
    out.min[c] = this.lo;
    out.max[c] = this.hi;
    out.last[c] = this.lastValue;
    if (out.minPositive) out.minPositive[c] = this.pos === Infinity ? NaN : this.pos;
  }
}

/**
 * The stepping fallback: the canonical loop from step 0 to `to`, in reused chunks, reduced per
 * column over [from, to).
 */
function* steppedColumns(spec: ScheduleSpec, r: Range, opts: ColumnsOptions, chunk: number): Generator<number, Columns, void> {
  if (r.to > MAX_STEPS) {
    throw new ScheduleParamError(
      'steps',
      `must be at most ${MAX_STEPS.toLocaleString('en-US')} for a schedule without a closed form (it is computed step by step)`,
    );
  }
  const positive = opts.positive === true;
  const out = emptyColumns(r, positive, 'stepping');
  const acc = new ColumnAccumulator(out, positive);
  const span = r.to - r.from;
  let c = -1;
  let next = r.from;
  let isFirst = false;
  /** Reduces the values of steps [step, step + values.length). */
  const consume = (values: Float64Array, step: number): void => {
    // The steps before the range are stepped (the loop cannot skip them) and not kept.
    let i = Math.max(0, r.from - step);
    while (i < values.length) {
      if (step + i === next) {
        if (c >= 0) acc.close();
        c++;
        acc.open(c);
        next = columnStart(r.from, span, r.columns, c + 1);
        isFirst = true;
      }
      // To the column's end (or the chunk's) in one loop.
      const stop = Math.min(values.length, next - step);
      for (; i < stop; i++) {
        acc.see(values[i], isFirst);
        isFirst = false;
      }
    }
  };
  let step = 0;
  try {
    const chunks = valuesInChunks(spec, r.to, opts, Math.min(chunk, CHUNK));
    for (let ch = chunks.next(); !ch.done; ch = chunks.next()) {
      consume(ch.value, step);
      step += ch.value.length;
      out.evaluations = step;
      yield step;
    }
    acc.close();
  } catch (e) {
    if (!(e instanceof ScheduleStepError)) throw e;
    // The failing chunk's values before the step, then the columns up to it: the open one holds
    // the steps of its range before the failing step.
    consume(e.partial, e.step - e.partial.length);
    out.evaluations = e.step;
    const started = c >= 0 && !isFirst;
    if (started) acc.close();
    const filled = started ? c + 1 : Math.max(0, c);
    throw new ScheduleColumnsError(e.step, e.reason, clearFrom(out, filled), filled);
  }
  return out;
}
