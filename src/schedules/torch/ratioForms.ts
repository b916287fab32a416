/**
 * Closed forms of the chainable decays (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
 * PolynomialLR): `lr(t) = base · f(t)`, with `f` Python's `_get_closed_form_lr` over `base_lrs`. Each
 * of their recursive steps multiplies the current lr by `f(t) / f(t - 1)`, so the recursion agrees
 * with the closed form to rounding (hence `exact: false`), and a ChainedScheduler of them is the
 * product of their factors. Where the recursion takes another road than the closed formula (the
 * `t == 0` branch winning at total_iters = 0, milestones below 0, a division by zero) the forms
 * follow the recursion: they stand for the values the steppers produce.
 */
import { mergePoints, periodicPoints, pointsIn } from '../closedForm';
import { zeroDivision } from '../errors';
import { bisectRight, pyDiv } from '../numerics/pymath';
import { pow, type RatioForm, type Trend } from './core';

/** Trend of `gamma ** k` for increasing k. */
function powerTrend(gamma: number): Trend {
  if (gamma === 1) return 0;
  if (gamma < 0) return null;
  return gamma < 1 ? -1 : 1;
}

/** The trend of a product of factors: the one direction they share (constant pieces fit any). */
function productTrend(trends: readonly Trend[]): Trend {
  let out: Trend = 0;
  for (const t of trends) {
    if (t === null || (t !== 0 && out !== 0 && t !== out)) return null;
    if (t !== 0) out = t;
  }
  return out;
}

/** StepLR: `base_lr * gamma ** (last_epoch // step_size)`. */
export function stepLRAt(base: number, gamma: number, stepSize: number, t: number): number {
  return base * pow(gamma, Math.floor(t / stepSize));
}

/** MultiStepLR: `base_lr * gamma ** bisect_right(milestones, last_epoch)`, `milestones` sorted. */
export function multiStepLRAt(base: number, gamma: number, milestones: Float64Array, t: number): number {
  return base * pow(gamma, bisectRight(milestones, t));
}

/** ConstantLR: `base_lr * (factor + (last_epoch >= total_iters) * (1 - factor))`. */
export function constantLRAt(base: number, factor: number, totalIters: number, t: number): number {
  return base * (factor + (t >= totalIters ? 1 - factor : 0));
}

/** LinearLR: `base_lr * (s + (e - s) * min(total_iters, last_epoch) / total_iters)`. */
export function linearLRAt(base: number, start: number, end: number, totalIters: number, t: number): number {
  return base * (start + pyDiv((end - start) * Math.min(totalIters, t), totalIters));
}

/** ExponentialLR: `base_lr * gamma ** last_epoch`. */
export function exponentialLRAt(base: number, gamma: number, t: number): number {
  return base * pow(gamma, t);
}

/** PolynomialLR: `base_lr * (1.0 - min(total_iters, last_epoch) / total_iters) ** power`. */
export function polynomialLRAt(base: number, totalIters: number, power: number, t: number): number {
  // int / int: Python says "division by zero"
  if (totalIters === 0) zeroDivision('division by zero');
  return base * pow(1.0 - Math.min(totalIters, t) / totalIters, power);
}

/** StepLR: a staircase with a step every step_size steps. */
export class StepLRForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  constructor(
    private readonly base: number,
    private readonly gamma: number,
    private readonly stepSize: number,
  ) {
    this.trend = powerTrend(gamma) === null ? null : 0;
  }
  factor(t: number): number {
    return stepLRAt(1, this.gamma, this.stepSize, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  /** Its drops: constant in between. */
  pieces(from: number, to: number, limit: number): number[] | null {
    return periodicPoints(0, this.stepSize, [0], from, to, limit);
  }
  /** `gamma ** k` is monotone in k for gamma >= 0: the whole staircase is one piece; else its drops. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return powerTrend(this.gamma) === null ? this.pieces(from, to, limit) : [];
  }
}

/**
 * MultiStepLR. The recursion applies gamma at the milestones it reaches (>= 0); SequentialLR's switch
 * evaluates the closed formula at 0, which counts every milestone <= 0: `fromSwitch` counts those.
 */
export class MultiStepLRForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  private readonly counted: Float64Array;
  constructor(
    private readonly base: number,
    private readonly gamma: number,
    sortedMilestones: Float64Array,
    fromSwitch: boolean,
  ) {
    this.counted = fromSwitch ? sortedMilestones : sortedMilestones.filter((m) => m >= 0);
    this.trend = powerTrend(gamma) === null ? null : 0;
  }
  factor(t: number): number {
    return multiStepLRAt(1, this.gamma, this.counted, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.counted, from, to, limit);
  }
}

/**
 * ConstantLR. Constructed, its recursion takes the `last_epoch == 0` branch first, so with
 * total_iters = 0 it keeps base·factor forever (the closed formula, used from SequentialLR's
 * switch, gives base); with factor = 0 the restoring step divides by zero.
 */
export class ConstantLRForm implements RatioForm {
  readonly exact = false;
  readonly trend = 0;
  constructor(
    private readonly base: number,
    private readonly factorValue: number,
    private readonly totalIters: number,
    private readonly fromSwitch: boolean,
  ) {}
  factor(t: number): number {
    const f = this.factorValue;
    const total = this.totalIters;
    if (total === 0 && !this.fromSwitch) return f;
    // the restoring step: lr * (1.0 / factor)
    if (f === 0 && t >= total && total > 0) zeroDivision('float division by zero');
    return constantLRAt(1, f, total, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.totalIters], from, to, limit);
  }
}

/**
 * LinearLR. Constructed with total_iters = 0 its recursion keeps base·start_factor (the closed
 * formula, from SequentialLR's switch, divides by zero); start_factor = 0 divides by zero at the
 * first recursive step.
 */
export class LinearLRForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  constructor(
    private readonly base: number,
    private readonly start: number,
    private readonly end: number,
    private readonly totalIters: number,
    private readonly fromSwitch: boolean,
  ) {
    this.trend = totalIters === 0 || end === start ? 0 : end > start ? 1 : -1;
  }
  factor(t: number): number {
    const { start, end, totalIters } = this;
    if (totalIters === 0 && !this.fromSwitch) return start;
    // lr * (1. + (e - s) / (T * s + (last_epoch - 1) * (e - s))): 0 / 0 at last_epoch 1
    if (start === 0 && t >= 1 && totalIters > 0) zeroDivision('float division by zero');
    return linearLRAt(1, start, end, totalIters, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.totalIters], from, to, limit);
  }
}

/** ExponentialLR: monotone, or alternating in sign for a negative gamma. */
export class ExponentialLRForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  constructor(
    private readonly base: number,
    private readonly gamma: number,
  ) {
    this.trend = powerTrend(gamma);
  }
  factor(t: number): number {
    return exponentialLRAt(1, this.gamma, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.trend === null ? periodicPoints(0, 1, [0], from, to, limit) : [];
  }
}

/**
 * PolynomialLR. Constructed with total_iters = 0 its recursion never divides (every step is past
 * total_iters) and keeps the lr; the closed formula, from SequentialLR's switch, divides by zero.
 */
export class PolynomialLRForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  constructor(
    private readonly base: number,
    private readonly totalIters: number,
    private readonly power: number,
    private readonly fromSwitch: boolean,
  ) {
    this.trend = power === 0 || (totalIters === 0 && !fromSwitch) ? 0 : power > 0 ? -1 : 1;
  }
  factor(t: number): number {
    if (this.totalIters === 0 && !this.fromSwitch) return 1;
    return polynomialLRAt(1, this.totalIters, this.power, t);
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.totalIters], from, to, limit);
  }
}

/**
 * ChainedScheduler over chainable decays: each step multiplies the lr by every child's ratio in
 * turn, so the lr is the base times the product of the factors. Between the merged breakpoints the
 * product is monotone where the factors share one direction.
 */
export class ProductForm implements RatioForm {
  readonly exact = false;
  readonly trend: Trend;
  constructor(
    private readonly base: number,
    private readonly factors: readonly RatioForm[],
  ) {
    this.trend = productTrend(factors.map((f) => f.trend));
  }
  factor(t: number): number {
    let p = 1;
    for (const f of this.factors) p *= f.factor(t);
    return p;
  }
  at(t: number): number {
    return this.base * this.factor(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    if (this.trend === null) return null;
    return mergePoints(
      this.factors.map((f) => (f.pieces ? f.pieces(from, to, limit) : f.breakpoints(from, to, limit))),
      limit,
    );
  }
}
