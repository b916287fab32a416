/**
 * What every Paddle computation shares: the closed form of a scheduler as Paddle computes it
 * ({@link PaddleForm}), the stepper over such a form, the base of the recursive steppers, and
 * Python's float powers.
 *
 * Paddle's loop (`python/paddle/optimizer/lr.py`): the constructor calls `step()` once, so the first
 * optimizer update sees `get_lr()` at `last_epoch = 0`; every later `scheduler.step()` increments
 * `last_epoch` and recomputes. All arithmetic is Python float64, operation by operation.
 */
import { PythonRuntimeError } from '../errors';
import { ConstPow } from '../numerics/expr/intpow';
import type { ClosedForm, Stepper, StepperState } from '../types';

/**
 * A Paddle scheduler whose `get_lr()` is a function of `last_epoch`.
 *
 * `value(t)` is `get_lr()` at `last_epoch = t`, raising where Python raises, and `at(t)` is the rate in
 * force for update t, the same value: as for PyTorch, a Paddle error at step k means that the k-th `step()` raised,
 * computing the rate of update k, so that the rates of updates 0..k-1 are all kept (OneCycleLR's value at
 * total_steps included).
 *
 * Each class has its own `fill` loop over its own `value`, so that the call has one receiver type
 * and V8 inlines it; a shared loop would make it megamorphic once several classes have run.
 */
export interface PaddleForm extends ClosedForm {
  value(t: number): number;
}

/** Steps per call of a form's `fill` in {@link PaddleFormStepper.fill}. */
const FILL_CHUNK = 1 << 14;

/**
 * The stepper of a {@link PaddleForm}, Paddle's loop over `last_epoch` (t) and `last_lr` (cur): the
 * constructor computes the value at t = 0 (raising where Paddle's constructor raises), `step()` the
 * value at t + 1, raising before it changes any state.
 */
export class PaddleFormStepper implements Stepper {
  private t = 0;
  private cur: number;
  /** What the last `step()` raised: the rate it computed does not exist, so reading it raises. */
  private pending: PythonRuntimeError | null = null;
  constructor(private readonly form: PaddleForm) {
    this.cur = form.value(0);
  }
  lr(): number {
    if (this.pending) throw this.pending;
    return this.cur;
  }
  step(): void {
    if (this.pending) throw this.pending;
    this.t += 1;
    this.compute();
  }
  /** The rate at `t`, or the error Paddle raises computing it. */
  private compute(): void {
    try {
      this.cur = this.form.value(this.t);
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
      this.pending = e;
    }
  }
  /**
   * The form's own batch loop, a chunk at a time. Where a `step()` in a chunk raises, returns the
   * chunk's start with the state there: the canonical loop then finds the step that raises, within
   * one chunk.
   */
  fill(out: Float64Array, from: number, to: number): number {
    if (this.pending) return from;
    const t0 = this.t;
    let i = from;
    try {
      for (; i < to; i += FILL_CHUNK) this.form.fill(out, i, Math.min(to, i + FILL_CHUNK), t0 + (i - from));
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
    }
    i = Math.min(i, to);
    // The rates before chunk i were computed; the stepper moves to its start (whose rate may raise).
    if (i > from) {
      this.t = t0 + (i - from);
      this.compute();
    }
    return i;
  }
  /** last_epoch and last_lr (a stepper whose last step raised is not saved: the run ends there). */
  save(): StepperState {
    return [this.t, this.cur];
  }
  restore(state: StepperState): void {
    this.t = state[0];
    this.cur = state[1];
    this.pending = null;
  }
}

/**
 * What every recursive Paddle stepper keeps: `last_epoch` (t) and `last_lr` (cur). Every `step()` is
 * failure-atomic: where Python raises, it throws before changing any state, and otherwise it
 * advances `t` by exactly one, so that {@link fill} knows where a batch stopped.
 */
export abstract class PaddleStepper implements Stepper {
  protected t = 0;
  protected cur = 0;
  /** What the last `step()` raised: the rate it was computing does not exist, so reading it raises. */
  private pending: PythonRuntimeError | null = null;
  lr(): number {
    if (this.pending) throw this.pending;
    return this.cur;
  }
  /** `step()`: where Paddle raises, the error comes with the rate it was computing (the next `lr()`). */
  step(metric?: number): void {
    if (this.pending) throw this.pending;
    try {
      this.advance(metric);
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
      this.pending = e;
    }
  }
  /** Paddle's `step()`, failure-atomic: it raises before changing any state. */
  protected abstract advance(metric?: number): void;
  /**
   * The canonical loop over out[from..to). Each class repeats the same four-line loop on purpose:
   * in its own copy `this.advance()` has a single receiver class and V8 inlines it; one shared loop
   * here would make that call megamorphic once several classes have run (measured 2-3x slower).
   */
  protected abstract run(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): void;
  /** `Stepper.fill`: returns `to`, or the update whose `step()` raised (state left before that step). */
  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    if (this.pending) return from;
    const t0 = this.t;
    try {
      this.run(out, from, to, metrics);
      return to;
    } catch (e) {
      if (e instanceof PythonRuntimeError) return from + (this.t - t0);
      throw e;
    }
  }
  abstract save(): StepperState;
  abstract restore(state: StepperState): void;
}

// ---------------------------------------------------------------------------------------------
// Python float powers

/** A float `**` result: CPython raises OverflowError where the power overflows to infinity. */
export function noOverflow(r: number): number {
  if (r === Infinity || r === -Infinity) {
    throw new PythonRuntimeError('OverflowError', "(34, 'Numerical result out of range')");
  }
  return r;
}

/**
 * Python `gamma ** k` for integers k >= 0 (float ** int): correctly rounded from expr's power
 * tables, `Math.pow` where those stop (near underflow or overflow).
 */
export class IntPowers {
  private readonly table: ConstPow | null;
  /** First exponent from which the power is exactly 0 (|gamma| < 1). */
  private zeroFrom = Infinity;
  constructor(private readonly gamma: number) {
    const c = Math.abs(gamma);
    this.table = c > 0 && c < Infinity ? new ConstPow(c) : null;
  }
  get(k: number): number {
    const table = this.table;
    if (table !== null && k < table.limit) {
      const r = table.pow(k);
      return this.gamma < 0 && k % 2 === 1 ? -r : r;
    }
    if (k >= this.zeroFrom) return 0;
    const r = Math.pow(this.gamma, k);
    if (r === 0) this.zeroFrom = k;
    return r;
  }
}
