/**
 * Paddle's schedulers recursive on `last_lr`: LinearLR, MultiplicativeDecay (no closed form: a
 * running product of a user lambda), and the exact closed form of a recursion, replayed from
 * checkpoints.
 */
import type { StepperState } from '../types';
import { replayWork } from '../work';
import { PaddleStepper, type PaddleForm } from './core';

export class LinearLRStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance();
    }
  }
  /** `total_steps * start_factor` and `end_factor - start_factor`, as Paddle names them. */
  private readonly baseLr: number;
  private readonly curFactor: number;
  constructor(
    base: number,
    private readonly totalSteps: number,
    startFactor: number,
    endFactor: number,
  ) {
    super();
    this.cur = base * startFactor;
    this.baseLr = totalSteps * startFactor;
    this.curFactor = endFactor - startFactor;
  }
  /** `get_lr()`: `last_lr * (1 + (e - s) / (T·s + (t - 1)·(e - s)))` up to total_steps, then last_lr. */
  protected advance(): void {
    const t = ++this.t;
    if (t > this.totalSteps) return;
    const factor = 1.0 + this.curFactor / (this.baseLr + (t - 1) * this.curFactor);
    this.cur = this.cur * factor;
  }
  save(): StepperState {
    return [this.t, this.cur];
  }
  restore(state: StepperState): void {
    [this.t, this.cur] = state;
  }
}

/**
 * LinearLR's documented closed form, `base * (s + (e - s) * min(t, T) / T)`: the draft of its
 * recursion (equal to rounding, see {@link ClosedForm.draft}).
 */
export class LinearFactorForm implements PaddleForm {
  readonly exact = false;
  constructor(
    private readonly base: number,
    private readonly totalSteps: number,
    private readonly startFactor: number,
    private readonly endFactor: number,
  ) {}
  value(t: number): number {
    const s = this.startFactor;
    return this.base * (s + ((this.endFactor - s) * Math.min(t, this.totalSteps)) / this.totalSteps);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /** One way up to total_steps (or down), then constant: monotone throughout. */
  breakpoints(): number[] {
    return [];
  }
}

/** Steps between two checkpoints of a {@link RecursionForm}: random access replays at most this many. */
const CHECKPOINT_EVERY = 256;

/**
 * The exact closed form of a recursive Paddle scheduler (LinearLR, CosineAnnealingDecay): its own
 * stepper, replayed from the nearest saved state at or below t, or on from the last step asked for
 * (sequential access costs one step per step). Memory: one saved state per {@link CHECKPOINT_EVERY}
 * steps reached.
 */
export class RecursionForm implements PaddleForm {
  readonly exact = true;
  /** `checkpoints[c]`: the stepper's state at step c·CHECKPOINT_EVERY, for every such step reached. */
  private readonly checkpoints: StepperState[];
  /** The step the stepper is at. */
  private t = 0;
  /**
   * @param holdsFrom the step from which the rate no longer changes (LinearLR's total_steps), or
   *   Infinity: steps past it are not replayed.
   */
  constructor(
    private readonly stepper: PaddleStepper,
    private readonly holdsFrom: number,
    readonly breakpoints: (from: number, to: number, limit: number) => number[] | null,
    /** The recursion's documented closed form: {@link ClosedForm.draft}. */
    readonly draft?: PaddleForm,
  ) {
    this.checkpoints = [stepper.save()];
  }
  /** Moves the stepper to step t. */
  private seek(t: number): void {
    const c = Math.min(Math.floor(t / CHECKPOINT_EVERY), this.checkpoints.length - 1);
    if (t < this.t || c * CHECKPOINT_EVERY > this.t) {
      this.stepper.restore(this.checkpoints[c]);
      this.t = c * CHECKPOINT_EVERY;
    }
    replayWork.steps += t > this.t ? t - this.t : 0;
    while (this.t < t) {
      this.stepper.step();
      if (++this.t === this.checkpoints.length * CHECKPOINT_EVERY) this.checkpoints.push(this.stepper.save());
    }
  }
  value(t: number): number {
    this.seek(t < this.holdsFrom ? t : this.holdsFrom);
    return this.stepper.lr();
  }
  at(t: number): number {
    return this.value(t);
  }
  /** The stepper's own batch loop, one checkpoint interval at a time. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const hold = this.holdsFrom;
    this.seek(t0 < hold ? t0 : hold);
    let i = from;
    while (i < to && this.t < hold) {
      const end = Math.min(to, i + (CHECKPOINT_EVERY - (this.t % CHECKPOINT_EVERY)), i + (hold - this.t));
      this.stepper.fill(out, i, end);
      this.t += end - i;
      if (this.t === this.checkpoints.length * CHECKPOINT_EVERY) this.checkpoints.push(this.stepper.save());
      i = end;
    }
    if (i < to) out.fill(this.stepper.lr(), i, to);
  }
}

/** MultiplicativeDecay: `b * λ(1) * λ(2) * ... * λ(t)` left to right, kept as a running product. */
export class MultiplicativeStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance();
    }
  }
  private fixedPoint = NaN;
  private fixedLambda = NaN;
  constructor(
    base: number,
    private readonly fn: (x: number) => number,
  ) {
    super();
    this.cur = base;
  }
  protected advance(): void {
    const t = this.t + 1;
    const lam = this.fn(t);
    const cur = this.cur;
    if (cur !== this.fixedPoint || lam !== this.fixedLambda) {
      const next = cur * lam;
      // A constant factor < 1 underflows to a subnormal that the product keeps returning
      // (10 ulp * 0.95 rounds back to 10 ulp); x86 multiplies subnormals ~20x slower, so the
      // fixed point is remembered: same operands, same bits.
      if (next === cur && cur !== 0) {
        this.fixedPoint = cur;
        this.fixedLambda = lam;
      }
      this.cur = next;
    }
    this.t = t;
  }
  /** The lambda is stateless: the step count and the running product are the whole state. */
  save(): StepperState {
    return [this.t, this.cur];
  }
  restore(state: StepperState): void {
    [this.t, this.cur] = state;
  }
}
