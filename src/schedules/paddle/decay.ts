/**
 * Paddle's decays whose `get_lr()` is a function of `last_epoch` alone: NoamDecay, PiecewiseDecay,
 * NaturalExpDecay, InverseTimeDecay, PolynomialDecay, ExponentialDecay, MultiStepDecay, StepDecay
 * and LambdaDecay, each a {@link PaddleForm} computed operation by operation as in `lr.py`.
 */
import { periodicPoints, pointsIn, StepFunction, stepFunction } from '../closedForm';
import { zeroDivision } from '../errors';
import { pyPow } from '../numerics/pymath';
import { IntPowers, type PaddleForm } from './core';

export class NoamForm implements PaddleForm {
  readonly exact = true;
  private readonly c: number;
  private readonly wm: number;
  constructor(
    base: number,
    dModel: number,
    private readonly warmupSteps: number,
  ) {
    this.c = base * pyPow(dModel, -0.5);
    this.wm = pyPow(warmupSteps, -1.5);
  }
  value(t: number): number {
    // t ** -0.5: 1 / sqrt(t) is within 1 ulp of pow and several times faster.
    const a = t === 0 ? 1 : 1 / Math.sqrt(t);
    const b = this.wm * t;
    return this.c * (b < a ? b : a); // Python min(a, b): a unless b is smaller
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** Rises up to the peak at warmup_steps, falls after. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.warmupSteps], from, to, limit);
  }
}

/** A piecewise-constant Paddle schedule (PiecewiseDecay, MultiStepDecay) on a {@link StepFunction}. */
export class PaddleSteps implements PaddleForm {
  readonly exact = true;
  constructor(private readonly steps: StepFunction) {}
  value(t: number): number {
    return this.steps.at(t);
  }
  at(t: number): number {
    return this.steps.at(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    this.steps.fill(out, from, to, t0);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.steps.breakpoints(from, to, limit);
  }
}

/**
 * PiecewiseDecay: `values[i]` for the first i with `t < boundaries[i]`, else the LAST value. The
 * boundaries are not sorted, but the set of boundaries above t only shrinks as t grows, so the value
 * changes only at boundaries.
 */
export function piecewiseForm(boundaries: readonly number[], values: readonly number[]): PaddleSteps {
  return new PaddleSteps(
    stepFunction(boundaries, (t) => {
      for (let i = 0; i < boundaries.length; i++) if (t < boundaries[i]) return values[i];
      return values[values.length - 1];
    }),
  );
}

/** MultiStepDecay (strictly increasing milestones): `base * gamma**i` past the i-th milestone. */
export function multiStepForm(base: number, milestones: readonly number[], gamma: number): PaddleSteps {
  return new PaddleSteps(
    stepFunction(milestones, (t) => {
      let i = 0;
      while (i < milestones.length && !(t < milestones[i])) i++;
      return base * Math.pow(gamma, i);
    }),
  );
}

export class NaturalExpForm implements PaddleForm {
  readonly exact = true;
  private readonly negGamma: number;
  constructor(
    private readonly base: number,
    gamma: number,
  ) {
    this.negGamma = -1 * gamma;
  }
  value(t: number): number {
    return this.base * Math.exp(this.negGamma * t);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** Monotone (gamma > 0). */
  breakpoints(): number[] {
    return [];
  }
}

/** `base / (1 + gamma * t)`: ZeroDivisionError where `1 + gamma * t` is 0 (gamma is not checked). */
export class InverseTimeForm implements PaddleForm {
  readonly exact = true;
  constructor(
    private readonly base: number,
    private readonly gamma: number,
  ) {}
  value(t: number): number {
    const d = 1 + this.gamma * t;
    if (d === 0) zeroDivision('float division by zero');
    return this.base / d;
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /**
   * Monotone but for a negative gamma, where the rate grows towards the pole at t = -1/gamma and
   * comes back negative beyond it: the first step past the pole is the one breakpoint.
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const g = this.gamma;
    const pole = -1 / g;
    if (!(g < 0 && pole < to + 1)) return [];
    let p = Math.max(1, Math.ceil(pole));
    while (p > 1 && 1 + g * (p - 1) <= 0) p--;
    while (1 + g * p > 0) p++;
    return pointsIn([p], from, to, limit);
  }
}

/**
 * `x ** p` for x in [0, 1], p > 0. Powers 1, 2 and 0.5 are one correctly rounded operation (the
 * bits of CPython's pow); other powers use exp(p * log x), within |p * log x| ulp of pow
 * (< 1e-13 relative for x >= 1e-300) and several times faster than V8's Math.pow.
 */
function polyPow(x: number, p: number): number {
  if (p === 1) return x;
  if (p === 2) return x * x;
  if (p === 0.5) return Math.sqrt(x);
  return x > 1e-300 ? Math.exp(p * Math.log(x)) : Math.pow(x, p);
}

export class PolynomialForm implements PaddleForm {
  readonly exact = true;
  private readonly span: number;
  constructor(
    base: number,
    private readonly decaySteps: number,
    private readonly endLr: number,
    private readonly power: number,
    private readonly cycle: boolean,
  ) {
    this.span = base - endLr;
  }
  value(t: number): number {
    const d = this.decaySteps;
    let frac: number;
    if (this.cycle) {
      const k = t === 0 ? 1 : Math.ceil(t / d);
      frac = t / (d * k);
    } else {
      frac = (t < d ? t : d) / d;
    }
    return this.span * polyPow(1 - frac, this.power) + this.endLr;
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** Monotone, but with cycle the horizon grows at every multiple of decay_steps (a jump up after it). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const d = this.decaySteps;
    return this.cycle ? periodicPoints(d + 1, d, [0], from, to, limit) : [];
  }
}

export class ExponentialForm implements PaddleForm {
  readonly exact = true;
  private readonly powers: IntPowers;
  constructor(
    private readonly base: number,
    gamma: number,
  ) {
    this.powers = new IntPowers(gamma);
  }
  value(t: number): number {
    return this.base * this.powers.get(t);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** Monotone (0 < gamma < 1). */
  breakpoints(): number[] {
    return [];
  }
}

/** StepDecay: `base * gamma ** (t // step_size)`, computed once per stair. */
export class StepDecayForm implements PaddleForm {
  readonly exact = true;
  private stair = 0;
  private stairValue: number;
  constructor(
    private readonly base: number,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    this.stairValue = base * Math.pow(gamma, 0);
  }
  value(t: number): number {
    // Integer t and step_size: the float quotient's floor is t // step_size.
    const k = Math.floor(t / this.stepSize);
    if (k !== this.stair) {
      this.stair = k;
      this.stairValue = this.base * Math.pow(this.gamma, k);
    }
    return this.stairValue;
  }
  at(t: number): number {
    return this.value(t);
  }
  /** One `Float64Array.fill` per stair. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const s = this.stepSize;
    for (let i = from; i < to; ) {
      const t = t0 + (i - from);
      const end = Math.min(to, i + (s - (t % s)));
      out.fill(this.value(t), i, end);
      i = end;
    }
  }
  /** `gamma ** k` is monotone in k for gamma >= 0: one monotone piece; a negative gamma flips the sign at each stair. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.gamma < 0 ? periodicPoints(0, this.stepSize, [0], from, to, limit) : [];
  }
}

/** LambdaDecay: `base * lr_lambda(t)`; the lambda may raise at any step. */
export class LambdaForm implements PaddleForm {
  readonly exact = true;
  constructor(
    private readonly base: number,
    private readonly fn: (x: number) => number,
  ) {}
  value(t: number): number {
    return this.base * this.fn(t);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** A user function: no known shape. */
  breakpoints(): null {
    return null;
  }
}
