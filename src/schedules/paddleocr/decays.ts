/**
 * PaddleOCR's own LRScheduler subclasses (`ppocr/optimizer/lr_scheduler.py`): CyclicalCosineDecay
 * and TwoStepCosineDecay. (OneCycleDecay computes what Paddle's OneCycleForm does, see ../paddle.)
 * Python float64, operation by operation as the source writes them.
 */
import { mergePoints, periodicPoints, pointsIn } from '../closedForm';
import { pyMod } from '../numerics/pymath';
import { PaddleStepper, type PaddleForm } from '../paddle/core';
import type { StepperState } from '../types';

/**
 * CyclicalCosineDecay's `get_lr()`, a function of `last_epoch` alone (`step()` and `step(epoch)`
 * agree): the base rate at t = 0, else `eta_min + 0.5 * (base - eta_min) * (1 + cos(pi * (t % cycle)
 * / cycle))`, a cosine from the base down towards eta_min that restarts every `cycle` iterations
 * (at t = cycle, 2 cycle, ... the rate is the base again).
 */
export class CyclicalCosineForm implements PaddleForm {
  readonly exact = true;
  constructor(
    private readonly base: number,
    private readonly cycle: number,
    private readonly etaMin: number,
  ) {}
  value(t: number): number {
    if (t === 0) return this.base;
    const rel = t % this.cycle;
    return this.etaMin + 0.5 * (this.base - this.etaMin) * (1 + Math.cos((Math.PI * rel) / this.cycle));
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const { base, cycle, etaMin } = this;
    if (!(Number.isInteger(cycle) && cycle > 0 && Number.isInteger(t0) && t0 >= 0)) {
      for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
      return;
    }
    // t % cycle of whole numbers is exact: counting it up and wrapping gives the same integers
    // without a float remainder per step (the loop stays monomorphic and cheap).
    let i = from;
    if (t0 === 0 && i < to) out[i++] = base;
    let rel = (t0 + (i - from)) % cycle;
    const half = 0.5 * (base - etaMin);
    for (; i < to; i++) {
      out[i] = etaMin + half * (1 + Math.cos((Math.PI * rel) / cycle));
      if (++rel === cycle) rel = 0;
    }
  }
  /** Decreasing within a cycle; it jumps back up at every multiple of the cycle. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return periodicPoints(0, this.cycle, [0], from, to, limit);
  }
}

/**
 * Where TwoStepCosine turns: at T1 (the first cosine ends) and the step after, and at every multiple
 * of T2 and the step after (the second cosine's turns, and its restart step `t - 1 - T2 ≡ 0 (mod 2 T2)`).
 */
export function twoStepTurns(t1: number, t2: number, from: number, to: number, limit: number): number[] | null {
  return mergePoints([pointsIn([t1, t1 + 1], from, to, limit), periodicPoints(0, t2, [0, 1], from, to, limit)], limit);
}

/**
 * TwoStepCosineDecay under `step()`: CosineAnnealingDecay's recursion on `last_lr` with T_max1 while
 * t <= T_max1, with T_max2 after. At t = T_max1 the first cosine reaches eta_min exactly (1 + cos(pi)
 * is 0), and the recursion multiplies (last_lr - eta_min) = 0 from then on: the rate stays at eta_min
 * except at the restart steps t - 1 - T_max2 ≡ 0 (mod 2 T_max2), which add
 * (base - eta_min) * (1 - cos(pi / T_max2)) / 2.
 */
export class TwoStepCosineStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance();
    }
  }
  constructor(
    private readonly base: number,
    private readonly t1: number,
    private readonly t2: number,
    private readonly etaMin: number,
  ) {
    super();
    this.cur = base; // get_lr() at last_epoch 0
  }
  protected advance(): void {
    const t = this.t + 1;
    const T = t <= this.t1 ? this.t1 : this.t2;
    const eta = this.etaMin;
    if (pyMod(t - 1 - T, 2 * T) === 0) {
      this.cur = this.cur + ((this.base - eta) * (1 - Math.cos(Math.PI / T))) / 2;
    } else {
      this.cur = ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (this.cur - eta) + eta;
    }
    this.t = t;
  }
  save(): StepperState {
    return [this.t, this.cur];
  }
  restore(state: StepperState): void {
    [this.t, this.cur] = state;
  }
}

/**
 * What {@link TwoStepCosineStepper}'s recursion tracks (eta_min 0), as a function of t: its draft
 * (ClosedForm.draft). The class's closed form ({@link TwoStepCosineForm}: the T1 cosine up to T1,
 * where it is exactly 0, then the T2 cosine), except that the recursion stays at 0 from T1 until
 * its first restart step after T1, r = T2 + 1 + 2k·T2 (it multiplies 0); from r on the restart's
 * added term and the ratios after it follow the T2 cosine.
 */
export class TwoStepCosineDraft implements PaddleForm {
  readonly exact = false;
  private readonly form: TwoStepCosineForm;
  /** The first restart step after T1. */
  private readonly restart: number;
  constructor(
    base: number,
    private readonly t1: number,
    t2: number,
  ) {
    this.form = new TwoStepCosineForm(base, t1, t2, 0.0);
    this.restart = t2 + 1 + 2 * t2 * (t1 < t2 + 1 ? 0 : Math.floor((t1 - t2 - 1) / (2 * t2)) + 1);
  }
  value(t: number): number {
    return t > this.t1 && t < this.restart ? 0 : this.form.value(t);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** The recursion's turns: the draft turns and jumps at the same steps. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.form.breakpoints(from, to, limit);
  }
}

/**
 * TwoStepCosineDecay's `_get_closed_form_lr`, what `step(epoch)` computes (as LinearWarmup drives
 * it): the cosine of period T_max1 while t <= T_max1, then the cosine of period T_max2 evaluated at
 * the same t, which jumps where T_max2 differs from T_max1.
 */
export class TwoStepCosineForm implements PaddleForm {
  readonly exact = true;
  constructor(
    private readonly base: number,
    private readonly t1: number,
    private readonly t2: number,
    private readonly etaMin: number,
  ) {}
  value(t: number): number {
    const T = t <= this.t1 ? this.t1 : this.t2;
    return this.etaMin + ((this.base - this.etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2;
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return twoStepTurns(this.t1, this.t2, from, to, limit);
  }
}
