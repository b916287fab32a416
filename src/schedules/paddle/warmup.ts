/**
 * Paddle's LinearWarmup: a linear ramp for t < W, then a constant or the wrapped scheduler at
 * t - W. The wrapped one was constructed before (its constructor step at epoch 0), and LinearWarmup
 * calls `inner.step(t - W)` with an explicit epoch, which makes it use its closed form where it has
 * one (`_get_closed_form_lr`) or its own explicit-epoch path.
 */
import { PythonRuntimeError } from '../errors';
import { mergePoints, pointsIn } from '../closedForm';
import type { Stepper, StepperState } from '../types';
import { PaddleStepper, type PaddleForm } from './core';

/** LinearWarmup over a number (`inner` null) or over a wrapped scheduler's explicit-epoch form. */
export class LinearWarmupForm implements PaddleForm {
  readonly exact: boolean;
  private readonly rise: number;
  /** What the wrapped scheduler's constructor raised: LinearWarmup is never built then. */
  private readonly constructionError: PythonRuntimeError | null = null;
  constructor(
    private readonly after: number,
    private readonly inner: PaddleForm | null,
    private readonly warmupSteps: number,
    private readonly startLr: number,
    endLr: number,
  ) {
    this.rise = endLr - startLr;
    this.exact = inner === null || inner.exact;
    try {
      inner?.value(0);
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
      this.constructionError = e;
    }
  }
  /** `(end_lr - start_lr) * t / W + start_lr` (at t = 0 exactly start_lr, W >= 1). */
  private ramp(t: number): number {
    return (this.rise * t) / this.warmupSteps + this.startLr;
  }
  value(t: number): number {
    if (this.constructionError !== null) throw this.constructionError;
    if (t < this.warmupSteps) return this.ramp(t);
    return this.inner === null ? this.after : this.inner.value(t - this.warmupSteps);
  }
  /** At t = W - 1 the next step calls `inner.step(0)`, which cannot raise once the inner is built. */
  at(t: number): number {
    if (this.constructionError !== null) throw this.constructionError;
    if (t < this.warmupSteps) return this.ramp(t);
    return this.inner === null ? this.after : this.inner.at(t - this.warmupSteps);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    if (this.constructionError !== null && to > from) throw this.constructionError;
    const w = this.warmupSteps;
    let i = from;
    for (; i < to && t0 + (i - from) < w; i++) out[i] = this.ramp(t0 + (i - from));
    if (i === to) return;
    if (this.inner === null) out.fill(this.after, i, to);
    else this.inner.fill(out, i, to, t0 + (i - from) - w);
  }
  /** The ramp rises; the wrapped schedule takes over at W with its own breakpoints, shifted by W. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const w = this.warmupSteps;
    const end = pointsIn([w], from, to, limit);
    if (this.inner === null || to <= w) return end;
    const shifted = this.inner.breakpoints(Math.max(0, from - w), to - w, limit);
    return mergePoints([end, shifted === null ? null : shifted.map((p) => p + w)], limit);
  }
}

/** LinearWarmup over a wrapped scheduler without a closed form, stepped at t - W. */
export class LinearWarmupStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance();
    }
  }
  private readonly rise: number;
  constructor(
    private readonly inner: Stepper,
    private readonly warmupSteps: number,
    private readonly startLr: number,
    endLr: number,
  ) {
    super();
    this.rise = endLr - startLr;
    this.cur = startLr; // (end_lr - start_lr) * 0.0 / W + start_lr, W >= 1
  }
  protected advance(): void {
    const t = this.t + 1;
    const w = this.warmupSteps;
    if (t < w) {
      this.cur = (this.rise * t) / w + this.startLr;
    } else {
      // inner.step(t - W); at t = W the inner already holds its epoch-0 value.
      if (t > w) this.inner.step();
      this.cur = this.inner.lr();
    }
    this.t = t;
  }
  /** last_epoch, last_lr, then the wrapped scheduler's state (`LinearWarmup_LR` in Paddle's state_dict). */
  save(): StepperState {
    if (!this.inner.save) throw new Error('LinearWarmup: the wrapped scheduler cannot save its state');
    return [this.t, this.cur, ...this.inner.save()];
  }
  restore(state: StepperState): void {
    this.t = state[0];
    this.cur = state[1];
    this.inner.restore?.(state.slice(2));
  }
}
