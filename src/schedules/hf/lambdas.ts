/**
 * The Hugging Face lambdas as closed forms: lr(t) = b·λ(t), t the LambdaLR epoch (0 at construction,
 * +1 per optimizer update), λ in Python floats with transformers' operation order, reproduced
 * literally; one class per λ, constants precomputed.
 */
import { mergePoints, periodicPoints, pointsIn } from '../closedForm';
import { pyMax, pyPow } from '../numerics/pymath';
import { indexChanges } from '../pythonClosedForm';
import type { ClosedForm } from '../types';

abstract class LambdaForm implements ClosedForm {
  readonly exact = true;
  constructor(protected readonly b: number) {}
  /** b·λ(t). */
  abstract at(t: number): number;
  /**
   * The batch loop, one copy per class: `this.at` then has one receiver type and V8 inlines it, where
   * one shared loop would see every class (a megamorphic call per step).
   */
  abstract fill(out: Float64Array, from: number, to: number, t0: number): void;
  abstract breakpoints(from: number, to: number, limit: number): number[] | null;
  /**
   * Writes the warmup `b·(t / wDen)` while t < W, `t = offset + i` at index i; returns the index where
   * it stops.
   */
  protected fillWarmup(out: Float64Array, from: number, to: number, offset: number, W: number, wDen: number): number {
    const b = this.b;
    let i = from;
    for (; i < to && offset + i < W; i++) out[i] = b * ((offset + i) / wDen);
    return i;
  }
}

export class Constant extends LambdaForm {
  at(): number {
    return this.b * 1;
  }
  fill(out: Float64Array, from: number, to: number): void {
    out.fill(this.b * 1, from, to);
  }
  breakpoints(): number[] {
    return [];
  }
}

/** `_get_constant_schedule_with_warmup_lr_lambda`. */
export class ConstantWithWarmup extends LambdaForm {
  private readonly wDen: number;
  constructor(
    b: number,
    private readonly W: number,
  ) {
    super(b);
    this.wDen = Math.max(1.0, W);
  }
  at(t: number): number {
    return this.b * (t < this.W ? t / this.wDen : 1.0);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.W], from, to, limit);
  }
}

/** `_get_linear_schedule_with_warmup_lr_lambda`. */
export class Linear extends LambdaForm {
  private readonly wDen: number;
  private readonly dDen: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly T: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.b * pyMax(0.0, (this.T - t) / this.dDen);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  /** The warmup rises, the decay falls: the warmup end turns it. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.W], from, to, limit);
  }
}

/**
 * `_get_cosine_schedule_with_warmup_lr_lambda` (the later definition, with `min_lr_rate`; `cosine`
 * binds it with 0.0, for which `f·(1 − 0.0) + 0.0 == f`).
 */
export class CosineWithMinLr extends LambdaForm {
  private readonly wDen: number;
  protected readonly dDen: number;
  /** `math.pi * float(num_cycles) * 2.0`, associated left to right like Python. */
  protected readonly piC2: number;
  private readonly oneMinusR: number;
  constructor(
    b: number,
    protected readonly W: number,
    T: number,
    protected readonly numCycles: number,
    private readonly r: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
    this.piC2 = Math.PI * numCycles * 2.0;
    this.oneMinusR = 1 - r;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.value(this.angle(t));
  }
  /** The cosine's argument after the warmup: `2π·c·progress`. */
  private angle(t: number): number {
    const progress = (t - this.W) / this.dDen;
    return this.piC2 * progress;
  }
  protected value(angle: number): number {
    let factor = 0.5 * (1.0 + Math.cos(angle));
    factor = factor * this.oneMinusR + this.r;
    return this.b * pyMax(0, factor);
  }
  /** The warmup, then the arguments, then the cosines (arithmetic pipelines better without the call). */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    const start = this.fillWarmup(out, from, to, offset, this.W, this.wDen);
    for (let i = start; i < to; i++) out[i] = this.angle(offset + i);
    for (let i = start; i < to; i++) out[i] = this.value(out[i]);
  }
  /** The warmup end, then every half wave of the cosine (it is not clamped after T: the waves go on). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    if (!(this.numCycles > 0)) return pointsIn([this.W], from, to, limit);
    return periodicPoints(this.W, this.dDen / (2 * this.numCycles), [0], from, to, limit);
  }
}

/** `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`. */
export class CosineWithRestarts extends LambdaForm {
  private readonly wDen: number;
  private readonly dDen: number;
  constructor(
    b: number,
    private readonly W: number,
    T: number,
    private readonly cycles: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    const progress = (t - this.W) / this.dDen;
    if (progress >= 1.0) return this.b * 0.0;
    return this.value(this.angle(progress));
  }
  /**
   * `math.pi * ((num_cycles * progress) % 1.0)`. Python's float % is fmod for these non-negative
   * operands, and for x >= 0 `fmod(x, 1.0)` is exactly `x - floor(x)` (both are exact), which
   * avoids V8's slow float modulo.
   */
  private angle(progress: number): number {
    const x = this.cycles * progress;
    return Math.PI * (x - Math.floor(x));
  }
  private value(angle: number): number {
    return this.b * pyMax(0.0, 0.5 * (1.0 + Math.cos(angle)));
  }
  /** The warmup, the arguments, the cosines; from progress 1 on (t >= W + dDen) the lr is b·0. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    const start = this.fillWarmup(out, from, to, offset, this.W, this.wDen);
    const end = Math.max(start, Math.min(to, this.W + this.dDen - offset));
    for (let i = start; i < end; i++) out[i] = this.angle((offset + i - this.W) / this.dDen);
    for (let i = start; i < end; i++) out[i] = this.value(out[i]);
    out.fill(this.b * 0.0, end, to);
  }
  /** The cycle `floor(num_cycles · progress)` of step t as the angle computes it. */
  private cycleOf(t: number): number {
    return t < this.W ? -1 : Math.floor(this.cycles * ((t - this.W) / this.dDen));
  }
  /** The warmup end, each restart (where the float cycle index changes), and the end of the cycles. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const W = this.W;
    const end = W + this.dDen;
    const restarts = indexChanges(
      (t) => this.cycleOf(t),
      (k) => W + (k * this.dDen) / this.cycles,
      this.cycles - 1,
      Math.max(from, W),
      Math.min(to, end),
      limit,
    );
    return mergePoints([pointsIn([W, end], from, to, limit), restarts], limit);
  }
}

/** `_get_polynomial_decay_schedule_with_warmup_lr_lambda` with `lr_init = optimizer.defaults["lr"]`. */
export class Polynomial extends LambdaForm {
  private readonly wDen: number;
  private readonly endRatio: number;
  private readonly lrRange: number;
  private readonly decaySteps: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly T: number,
    private readonly lrEnd: number,
    private readonly power: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.endRatio = lrEnd / b;
    this.lrRange = b - lrEnd;
    this.decaySteps = T - W;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    if (t > this.T) return this.b * this.endRatio;
    const pctRemaining = 1 - (t - this.W) / this.decaySteps;
    const decay = this.lrRange * pyPow(pctRemaining, this.power) + this.lrEnd;
    return this.b * (decay / this.b);
  }
  /** pyPow may raise: its stepper (ClosedFormStepper) then finds the step. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  /** The warmup end and the end of the decay (lr_end·(lr/lr) after it, a jump with a negative power). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.W <= this.T ? [this.W, this.T + 1] : [this.W], from, to, limit);
  }
}

/** `_get_inverse_sqrt_schedule_lr_lambda`. */
export class InverseSqrt extends LambdaForm {
  private readonly wDen: number;
  private readonly shift: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly timescale: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.shift = timescale - W;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.b * (1.0 / Math.sqrt((t + this.shift) / this.timescale));
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.W], from, to, limit);
  }
}

export const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;
export const enum Shape {
  Linear,
  Cosine,
  OneMinusSqrt,
}

/** `_get_wsd_scheduler_lambda`. */
export class WarmupStableDecay extends LambdaForm {
  private readonly wDen: number;
  private readonly dDen: number;
  private readonly stableEnd: number;
  private readonly decayEnd: number;
  private readonly piC2: number;
  private readonly oneMinusR: number;
  constructor(
    b: number,
    private readonly W: number,
    S: number,
    D: number,
    private readonly warmupShape: Shape,
    private readonly decayShape: Shape,
    private readonly r: number,
    private readonly numCycles: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, D);
    this.stableEnd = W + S;
    this.decayEnd = W + S + D;
    this.piC2 = Math.PI * numCycles * 2.0;
    this.oneMinusR = 1.0 - r;
  }
  at(t: number): number {
    if (t < this.W) {
      const progress = t / this.wDen;
      let factor: number;
      if (this.warmupShape === Shape.Linear) factor = progress;
      else if (this.warmupShape === Shape.Cosine) factor = 0.5 * (1.0 - Math.cos(Math.PI * progress));
      else factor = 1.0 - Math.sqrt(1.0 - progress);
      factor = factor * this.oneMinusR + this.r;
      return this.b * pyMax(0.0, factor);
    }
    if (t < this.stableEnd) return this.b * 1.0;
    if (t < this.decayEnd) {
      const progress = (t - this.stableEnd) / this.dDen;
      let factor: number;
      if (this.decayShape === Shape.Linear) factor = 1.0 - progress;
      else if (this.decayShape === Shape.Cosine) factor = 0.5 * (1.0 + Math.cos(this.piC2 * progress));
      else factor = 1.0 - Math.sqrt(progress);
      factor = factor * this.oneMinusR + this.r;
      return this.b * pyMax(0.0, factor);
    }
    return this.b * this.r;
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  /** The phase ends, and the half waves of a cosine decay of more than half a cycle. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const phases = [this.W, this.stableEnd, this.decayEnd].sort((a, b) => a - b);
    const waves =
      this.decayShape === Shape.Cosine && this.numCycles > 0
        ? periodicPoints(this.stableEnd, this.dDen / (2 * this.numCycles), [0], from, Math.min(to, this.decayEnd), limit)
        : [];
    return mergePoints([pointsIn(phases, from, to, limit), waves], limit);
  }
}

/**
 * `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda` (cosine_warmup_with_min_lr): the step and
 * lengths as floats; the warmup starts at (t + 1)/W (or at warmup_lr_rate, reaching 1 at t = W − 1), and the
 * cosine's progress is (t − W + 1)/max(1, T − W), one step ahead of `cosine_with_min_lr`'s; the factor from the
 * angle is the same.
 */
export class CosineWarmupWithMinLr extends CosineWithMinLr {
  private readonly warmDen: number;
  /** NaN when warmup_lr_rate is None. */
  private readonly warmupRate: number;
  /** `max(1, num_warmup_steps - 1)`. */
  private readonly rateDen: number;
  constructor(b: number, W: number, T: number, numCycles: number, r: number, warmupLrRate: number | null) {
    super(b, W, T, numCycles, r);
    this.warmDen = Math.max(1.0, W);
    this.warmupRate = warmupLrRate === null ? NaN : warmupLrRate;
    this.rateDen = Math.max(1, W - 1);
  }
  at(t: number): number {
    if (t < this.W) {
      const wr = this.warmupRate;
      if (wr !== wr) return this.b * ((t + 1.0) / this.warmDen);
      return this.b * (wr + ((1.0 - wr) * t) / this.rateDen);
    }
    return this.value(this.piC2 * ((t - this.W + 1.0) / this.dDen));
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const offset = t0 - from;
    for (let i = from; i < to; i++) out[i] = this.at(offset + i);
  }
  /** The warmup end, then every half wave of the cosine, whose angle is 0 at t = W − 1 (not clamped after T). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const end = pointsIn([this.W], from, to, limit);
    if (!(this.numCycles > 0)) return end;
    const waves = periodicPoints(this.W - 1, this.dDen / (2 * this.numCycles), [0], Math.max(from, this.W - 1), to, limit);
    return mergePoints([end, waves], limit);
  }
}
