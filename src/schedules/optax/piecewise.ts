/**
 * Optax piecewise_constant_schedule and piecewise_interpolate_schedule (and the onecycle schedules
 * built on the latter) as closed forms of the count, in float32 as jax.numpy computes them without
 * `jax_enable_x64`.
 */
import { pointsIn, stepFunction, type StepFunction } from '../closedForm';
import * as F32 from '../numerics/f32';
import { exactCounts } from '../numerics/f32';
import type { ClosedForm } from '../types';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { PI_F32, stepF32 } = F32;
const pyInt = Math.trunc;

/** Sorted (key, value) pairs of a numberMap param (`None` gives none). */
function sortedEntries(map: unknown): [number, number][] {
  if (map === null || map === undefined) return [];
  return Object.entries(map as Record<string, number>)
    .map(([k, v]): [number, number] => [Number(k), v])
    .sort((a, b) => a[0] - b[0]);
}

/** piecewise_constant_schedule's literal loop at one count, in float32. */
function piecewiseConstantValue(count: number, init: number, entries: readonly [number, number][]): number {
  let v = f32(init);
  for (const [threshold, scale] of entries) {
    const indicator = Math.max(0, Math.sign(threshold - count));
    v = f32(f32(v * indicator) + f32(f32(f32(1 - indicator) * f32(scale)) * v));
  }
  return v;
}

/** `optax.piecewise_constant_schedule`: the value changes at the boundaries only. */
export function piecewiseConstantSchedule(init: number, boundariesAndScales: unknown): StepFunction {
  const entries = sortedEntries(boundariesAndScales);
  return stepFunction(
    entries.map((e) => e[0]),
    (c) => piecewiseConstantValue(c, init, entries),
  );
}

/**
 * piecewise_interpolate_schedule: between the knots bounds = [0, b₁, …, bₙ] (sorted keys) the value
 * moves from values[i] to values[i+1] (values = cumprod([I, s₁, …, sₙ]) in float32) by linear or
 * cosine interpolation of pct = (count - bᵢ)/max(bᵢ₊₁ - bᵢ, 1); from bₙ on it is values[n].
 */
export class InterpolateSchedule implements ClosedForm {
  readonly exact = true;
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly size: Float64Array;
  /** Linear: values[i]; cosine: values[i+1]. */
  private readonly base: Float64Array;
  /** Linear: values[i+1] - values[i]; cosine: (values[i] - values[i+1]) / 2. */
  private readonly coef: Float64Array;
  private readonly last: number;
  /** Below this count no interval matches and Optax returns 0 (only negative counts). */
  private readonly first: number;
  /** `first` and the ends of the intervals, ascending. */
  private readonly knots: Float64Array;
  private k = 0;
  constructor(
    private readonly cosine: boolean,
    init: number,
    keys: readonly number[],
    scales: readonly number[],
  ) {
    const bounds = [0, ...keys];
    const values = [f32(init)];
    for (const s of scales) values.push(f32(values[values.length - 1] * f32(s)));
    const start: number[] = [];
    const end: number[] = [];
    const size: number[] = [];
    const base: number[] = [];
    const coef: number[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (!(bounds[i] < bounds[i + 1])) continue; // empty interval (a first key <= 0)
      start.push(bounds[i]);
      end.push(bounds[i + 1]);
      size.push(f32(Math.max(bounds[i + 1] - bounds[i], 1)));
      base.push(cosine ? values[i + 1] : values[i]);
      coef.push(cosine ? f32(f32(values[i] - values[i + 1]) / 2) : f32(values[i + 1] - values[i]));
    }
    this.start = Float64Array.from(start);
    this.end = Float64Array.from(end);
    this.size = Float64Array.from(size);
    this.base = Float64Array.from(base);
    this.coef = Float64Array.from(coef);
    this.last = values[values.length - 1];
    this.first = start.length > 0 ? start[0] : bounds[bounds.length - 1];
    this.knots = Float64Array.from([this.first, ...end]);
  }
  at(c: number): number {
    if (c < this.first) return 0;
    const k = this.interval(c);
    if (k === this.end.length) return this.last;
    return this.cosine
      ? cosineFromAngle(cosineAngle(stepF32(c - this.start[k]), this.size[k]), this.base[k], this.coef[k])
      : linearStep(stepF32(c - this.start[k]), this.size[k], this.base[k], this.coef[k]);
  }
  /** Moves the cursor to the interval holding count `c` (`end.length`: past the last knot). */
  private interval(c: number): number {
    while (this.k < this.end.length && c >= this.end[this.k]) this.k++;
    while (this.k > 0 && c < this.end[this.k - 1]) this.k--;
    return this.k;
  }
  /** Interval by interval, its constants hoisted out of the loop; cosines in a second pass. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    for (let i = from; i < to; ) {
      const c = count + (i - from);
      if (c < this.first) {
        const end = Math.min(to, i + Math.ceil(this.first - c));
        out.fill(0, i, end);
        i = end;
        continue;
      }
      const k = this.interval(c);
      if (k === this.end.length) {
        out.fill(this.last, i, to);
        return;
      }
      const end = Math.min(to, i + Math.ceil(this.end[k] - c));
      const at0 = c - this.start[k] - i;
      const size = this.size[k];
      const base = this.base[k];
      const coef = this.coef[k];
      if (!this.cosine) {
        // stepF32 as in at(): `count - start` is a float32 difference in Optax (knots past 2^24).
        for (; i < end; i++) out[i] = linearStep(stepF32(at0 + i), size, base, coef);
        continue;
      }
      for (let j = i; j < end; j++) out[j] = cosineAngle(stepF32(at0 + j), size);
      for (; i < end; i++) out[i] = cosineFromAngle(out[i], base, coef);
    }
  }
  /** The knots: each interval interpolates monotonically from one knot value to the next. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.knots, from, to, limit);
  }
}

/** piecewise_interpolate_schedule's linear step, `d` (cast to float32) counts into an interval of `size`. */
function linearStep(d: number, size: number, base: number, coef: number): number {
  const pct = f32(d / size);
  return f32(f32(coef * pct) + base);
}

/** piecewise_interpolate_schedule's cosine step: the cosine's argument ... */
function cosineAngle(d: number, size: number): number {
  return f32(PI_F32 * f32(d / size));
}

/** ... and the value from it. */
function cosineFromAngle(angle: number, base: number, coef: number): number {
  return f32(base + f32(coef * f32(f32(Math.cos(angle)) + 1)));
}

/** `optax.piecewise_interpolate_schedule` over its {step: scale} mapping (`None`: no knots). */
export function piecewiseInterpolateSchedule(cosine: boolean, init: number, boundariesAndScales: unknown): InterpolateSchedule {
  const entries = sortedEntries(boundariesAndScales);
  return new InterpolateSchedule(
    cosine,
    init,
    entries.map((e) => e[0]),
    entries.map((e) => e[1]),
  );
}

/**
 * The onecycle schedules: piecewise_interpolate_schedule from peak_value / div_factor over the dict
 * literal {int(pct_start·T): div_factor, ...after(T, div_factor)}, where later equal keys overwrite
 * earlier values.
 */
export function onecycleSchedule(
  cosine: boolean,
  p: Record<string, unknown>,
  after: (t: number, div: number) => [number, number][],
): InterpolateSchedule {
  const t = p.transition_steps as number;
  const div = p.div_factor as number;
  const peak = p.peak_value as number;
  const m = new Map<number, number>();
  for (const [k, v] of [[pyInt((p.pct_start as number) * t), div], ...after(t, div)]) m.set(k === 0 ? 0 : k, v);
  const sorted = [...m].sort((a, b) => a[0] - b[0]);
  return new InterpolateSchedule(
    cosine,
    peak / div,
    sorted.map((e) => e[0]),
    sorted.map((e) => e[1]),
  );
}
