/**
 * Closed-form building blocks: the stepper every closed-form scheduler runs on, the step function
 * (constant pieces), and exact extrema over a step range from a closed form's breakpoints.
 */
import type { ClosedForm, Stepper, StepperState } from './types';

/**
 * The stepper of a {@link ClosedForm}: a counter t (Keras' `optimizer.iterations`, Optax's `count`,
 * Hugging Face's LambdaLR epoch, timm's update count), 0 for the first update and +1 per update.
 * One class for every closed-form scheduler, so its fields stay monomorphic; the closed forms hold
 * only constants and caches. Closed forms never depend on earlier steps, so the whole range is
 * filled by the closed form's own loop, and the state is the counter alone.
 */
export class ClosedFormStepper implements Stepper {
  t = 0;
  constructor(readonly form: ClosedForm) {}
  lr(): number {
    return this.form.at(this.t);
  }
  step(): void {
    this.t++;
  }
  /**
   * Where the form raises (Python's `0.0 ** -p`, a math domain error once cycles run out), its batch
   * fill cannot say at which step: the range is then redone step by step up to the step that raises,
   * and `fill` stops there, as {@link Stepper.fill} requires; the canonical loop raises it at that step.
   */
  fill(out: Float64Array, from: number, to: number): number {
    try {
      this.form.fill(out, from, to, this.t);
    } catch {
      const offset = this.t - from;
      let i = from;
      try {
        for (; i < to; i++) out[i] = this.form.at(offset + i);
      } catch {
        // raised again by lr() at step i
      }
      this.t = offset + i;
      return i;
    }
    this.t += to - from;
    return to;
  }
  save(): StepperState {
    return [this.t];
  }
  restore(state: StepperState): void {
    this.t = state[0];
  }
}

/**
 * A schedule that is constant between change points: `values[k]` holds for
 * `starts[k] <= t < starts[k + 1]` (`starts[0]` is 0). Built once by evaluating the framework's
 * literal formula at each change point, then walked with a cursor: O(1) per step.
 */
export class StepFunction implements ClosedForm {
  private k = 0;
  constructor(
    private readonly starts: Float64Array,
    private readonly values: Float64Array,
    readonly exact = true,
  ) {}
  at(t: number): number {
    const s = this.starts;
    while (this.k + 1 < s.length && t >= s[this.k + 1]) this.k++;
    while (this.k > 0 && t < s[this.k]) this.k--;
    return this.values[this.k];
  }
  /** One `Float64Array.fill` per constant piece. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const s = this.starts;
    for (let i = from; i < to; ) {
      const c = t0 + (i - from);
      const v = this.at(c);
      const end = this.k + 1 < s.length ? Math.min(to, i + Math.ceil(s[this.k + 1] - c)) : to;
      out.fill(v, i, end);
      i = end;
    }
  }
  /** The change points: every piece between them is constant. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.starts, from, to, limit);
  }
}

/**
 * Builds a {@link StepFunction} for steps >= 0 from the points where the value may change and the
 * literal formula `valueAt(t)`.
 */
export function stepFunction(changePoints: readonly number[], valueAt: (t: number) => number): StepFunction {
  const pts = [0, ...new Set(changePoints.filter((p) => p > 0))].sort((a, b) => a - b);
  return new StepFunction(Float64Array.from(pts), Float64Array.from(pts, valueAt));
}

/**
 * The integer steps of the sorted `points` (possibly fractional: a boundary at 2.5 takes effect at
 * step 3) inside the open range (from, to); `null` if more than `limit`.
 */
export function pointsIn(points: ArrayLike<number>, from: number, to: number, limit: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = Math.ceil(points[i]);
    if (p <= from || p >= to || p === out[out.length - 1]) continue;
    if (out.length >= limit) return null;
    out.push(p);
  }
  return out;
}

/**
 * The breakpoints of a periodic pattern: `offset + k * period + phase` for each phase and every
 * k >= 0 (and only from `start` on), inside (from, to). For cycles, restarts and staircases.
 */
export function periodicPoints(
  start: number,
  period: number,
  phases: readonly number[],
  from: number,
  to: number,
  limit: number,
): number[] | null {
  if (!(period > 0)) return [];
  const out: number[] = [];
  const k0 = Math.max(0, Math.floor((from - start) / period) - 1);
  for (let k = k0; ; k++) {
    const base = start + k * period;
    if (base >= to) break;
    for (const ph of phases) {
      const p = Math.ceil(base + ph);
      if (p <= from || p >= to || (out.length > 0 && p <= out[out.length - 1])) continue;
      if (out.length >= limit) return null;
      out.push(p);
    }
  }
  return out;
}

/** Merges sorted breakpoint lists (a warmup end and a cosine's turns); `null` if any is `null` or the result exceeds `limit`. */
export function mergePoints(lists: readonly (number[] | null)[], limit: number): number[] | null {
  const all: number[] = [];
  for (const l of lists) {
    if (l === null) return null;
    all.push(...l);
  }
  all.sort((a, b) => a - b);
  const out = all.filter((p, i) => i === 0 || p !== all[i - 1]);
  return out.length > limit ? null : out;
}

/** Upper bound on breakpoints asked for by {@link extremaOver} before it visits every step instead. */
const EXTREMA_BREAKPOINT_LIMIT = 4096;

/**
 * The exact minimum and maximum of `form` over the steps [from, to) (`to > from`), from the values
 * at the ends of its monotone pieces; where the breakpoints are not known or too many, from every
 * step.
 */
export function extremaOver(form: ClosedForm, from: number, to: number): { min: number; max: number } {
  const bps = form.breakpoints(from, to, EXTREMA_BREAKPOINT_LIMIT);
  let min = Infinity;
  let max = -Infinity;
  // Math.min/max order -0 below +0, as a scan of the values with them does.
  const see = (v: number): void => {
    min = Math.min(min, v);
    max = Math.max(max, v);
  };
  if (bps === null) {
    const n = to - from;
    const chunk = new Float64Array(Math.min(n, 65536));
    for (let s = from; s < to; s += chunk.length) {
      const m = Math.min(chunk.length, to - s);
      form.fill(chunk, 0, m, s);
      for (let i = 0; i < m; i++) see(chunk[i]);
    }
    return { min, max };
  }
  let start = from;
  for (const b of [...bps, to]) {
    see(form.at(start));
    see(form.at(b - 1));
    start = b;
  }
  return { min, max };
}
