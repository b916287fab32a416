/**
 * Keras ExponentialDecay, PolynomialDecay, InverseTimeDecay and PiecewiseConstantDecay as closed
 * forms of the step (`optimizer.iterations`), in float32 as Keras computes them: Keras casts
 * `initial_learning_rate` with `convert_to_tensor` (float32 for a Python float) and every other
 * constant and the step to that dtype; we round with `Math.fround` after each operation in the
 * order of the Keras source.
 *
 * Breakpoints: step counts stay below MAX_STEPS = 10^7 < 2^24, where for an integer D the float32
 * quotient step / D reaches an integer k exactly at step k·D, so the real multiples of an integer
 * decay_steps are the float32 ones.
 */
import { periodicPoints, pointsIn, stepFunction, type StepFunction } from '../closedForm';
import * as F32 from '../numerics/f32';
import { ConstBasePow, PowByConst, exactCounts, firstChangeIn } from '../numerics/f32';
import type { ClosedForm } from '../types';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { stepF32 } = F32;

/** ExponentialDecay: `initial_learning_rate * decay_rate ** p`, p = step / decay_steps (floored with staircase). */
export class ExponentialDecaySchedule implements ClosedForm {
  readonly exact = true;
  private readonly rate: ConstBasePow;
  /** Where the value is not monotone in p (a negative decay_rate): every multiple of decay_steps is a breakpoint. */
  private readonly atMultiples: boolean;
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    rate: number,
    private readonly stair: boolean,
  ) {
    this.rate = new ConstBasePow(rate);
    this.atMultiples = rate < 0;
  }
  at(step: number): number {
    let p = f32(stepF32(step) / this.steps);
    if (this.stair) p = Math.floor(p);
    return f32(this.lr0 * this.rate.pow(p));
  }
  /** The exponents first (float32 arithmetic that pipelines), then the powers. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const steps = this.steps;
    const c0 = count - from;
    for (let i = from; i < to; i++) out[i] = f32((c0 + i) / steps);
    if (this.stair) for (let i = from; i < to; i++) out[i] = Math.floor(out[i]);
    const rate = this.rate;
    const lr0 = this.lr0;
    for (let i = from; i < to; i++) out[i] = f32(lr0 * rate.pow(out[i]));
  }
  /**
   * The power is monotone in p, and p in the step (floored too: the staircase is one monotone
   * piece); a negative decay_rate alternates the sign at the multiples of decay_steps (NaN in between).
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.atMultiples ? periodicPoints(0, this.steps, [0], from, to, limit) : [];
  }
}

/** PolynomialDecay: `(initial - end) * (1 - step / D) ** power + end`, D stretched by cycle. */
export class PolynomialDecaySchedule implements ClosedForm {
  readonly exact = true;
  private readonly diff: number;
  private readonly power: PowByConst;
  constructor(
    lr0: number,
    private readonly end: number,
    power: number,
    private readonly steps: number,
    private readonly cycle: boolean,
  ) {
    this.diff = f32(lr0 - end);
    this.power = new PowByConst(power, false);
  }
  at(step: number): number {
    let s = stepF32(step);
    let d = this.steps;
    if (this.cycle) {
      const multiplier = s === 0 ? 1 : Math.ceil(f32(s / d));
      d = f32(d * multiplier);
    } else {
      s = Math.min(s, d);
    }
    const p = f32(s / d);
    return f32(f32(this.diff * this.power.pow(f32(1 - p))) + this.end);
  }
  /** Without cycle the step is clamped at decay_steps: the rest is one value. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (this.cycle || !exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const stop = Math.max(from, Math.min(to, from + Math.ceil(this.steps) - count));
    const d = this.steps;
    const c0 = count - from;
    for (let i = from; i < stop; i++) out[i] = f32(1 - f32((c0 + i) / d));
    const diff = this.diff;
    const power = this.power;
    const end = this.end;
    for (let i = from; i < stop; i++) out[i] = f32(f32(diff * power.pow(out[i])) + end);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
  /**
   * Without cycle, the decay's end (then held). With cycle, the horizon grows one step past each
   * multiple of decay_steps, where the rate jumps back up; it is monotone within each horizon.
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const d = this.steps;
    return this.cycle ? periodicPoints(d + 1, d, [0], from, to, limit) : pointsIn([d], from, to, limit);
  }
}

/** InverseTimeDecay: `initial_learning_rate / (1 + decay_rate * p)`, p = step / decay_steps (floored with staircase). */
export class InverseTimeDecaySchedule implements ClosedForm {
  readonly exact = true;
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    private readonly rate: number,
    private readonly stair: boolean,
  ) {}
  at(step: number): number {
    return f32(this.lr0 / this.denominator(step));
  }
  private denominator(step: number): number {
    let p = f32(stepF32(step) / this.steps);
    if (this.stair) p = Math.floor(p);
    return f32(1 + f32(this.rate * p));
  }
  fill(out: Float64Array, from: number, to: number, count: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
  }
  /**
   * The denominator is monotone in p, and p in the step (floored too: the staircase's jumps keep
   * the direction); with decay_rate < 0 it crosses zero and the rate flips sign there.
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    if (!(this.rate < 0)) return [];
    // A zero denominator gives +Infinity, the end of the rising piece; below zero the rate is negative.
    const crossed = (t: number): boolean => this.denominator(t) < 0;
    if (crossed(from)) return [];
    const poleP = -1 / this.rate;
    const pole = firstChangeIn(crossed, (this.stair ? Math.ceil(poleP) : poleP) * this.steps, from, to);
    if (!(pole < to)) return [];
    return limit >= 1 ? [pole] : null;
  }
}

/** Keras PiecewiseConstantDecay's literal sum of indicator-weighted values, in float32. */
function piecewiseValue(step: number, b: readonly number[], v: readonly number[]): number {
  const n = b.length;
  let r = 0;
  r = f32(r + f32((step <= b[0] ? 1 : 0) * v[0]));
  r = f32(r + f32((step > b[n - 1] ? 1 : 0) * v[n]));
  for (let i = 0; i + 1 < n; i++) {
    r = f32(r + f32((step > b[i] && step <= b[i + 1] ? 1 : 0) * v[i + 1]));
  }
  return r;
}

/** PiecewiseConstantDecay: the sum changes one step past each boundary (Keras compares step > boundary). */
export function piecewiseConstantDecay(boundaries: readonly number[], values: readonly number[]): StepFunction {
  const v = values.map(f32);
  return stepFunction(
    boundaries.map((x) => x + 1),
    (t) => piecewiseValue(t, boundaries, v),
  );
}
