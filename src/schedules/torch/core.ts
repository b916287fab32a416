/**
 * The object model of `torch.optim.lr_scheduler` (PyTorch 1.13, default `last_epoch=-1`), reproduced
 * literally: one optimizer param group shared by every scheduler built on it, and each scheduler an
 * explicit stepper over that group (constructor step, chainable `get_lr`, `_get_closed_form_lr` where
 * SequentialLR's milestone switch uses it). This file holds the group, the contract every scheduler
 * class meets, their base class, the root stepper and the Python float arithmetic they share.
 */
import { PythonRuntimeError } from '../errors';
import { pyPow } from '../numerics/pymath';
import type { ClosedForm, Stepper, StepperState } from '../types';
import { decodeState, encodeState } from '../stepperState';

/**
 * Direction of a factor between consecutive breakpoints, where all its values are >= 0: -1
 * non-increasing, 1 non-decreasing, 0 constant; `null` where unknown or the sign changes.
 */
export type Trend = -1 | 0 | 1 | null;

/** A chainable decay's closed form and its factor (ratioForms.ts builds them; the chain multiplies them). */
export interface RatioForm extends ClosedForm {
  /** `f(t)`: the lr at step t over the lr before the construction step. */
  factor(t: number): number;
  /** The factor's direction between the points of {@link RatioForm.pieces} (0: constant there). */
  readonly trend: Trend;
  /**
   * Where the factor jumps or turns, between which it follows `trend`: what a product of factors
   * (ChainedScheduler) merges. Absent: its `breakpoints`. A staircase lists its drops here, while
   * its own `breakpoints` may be none (a monotone staircase is one monotone piece).
   */
  pieces?(from: number, to: number, limit: number): number[] | null;
}

/** `optimizer.param_groups[0]`: the keys schedulers read and write. */
export interface ParamGroup {
  lr: number;
  /** `group['initial_lr']`, set by the first scheduler built on the optimizer (`setdefault`). */
  initialLr: number;
  hasInitialLr: boolean;
  /** `group['max_lr']` / `group['min_lr']`, written by OneCycleLR and read by it at every step. */
  maxLr: number;
  minLr: number;
}

/** A fresh SGD param group with learning rate `lr`. */
export function newGroup(lr: number): ParamGroup {
  return { lr, initialLr: 0, hasInitialLr: false, maxLr: 0, minLr: 0 };
}

/** What the root stepper, SequentialLR and ChainedScheduler call on a scheduler. */
export interface TorchScheduler {
  /** `last_epoch`; SequentialLR's constructor decrements it on each child. */
  lastEpoch: number;
  /** `step()`. */
  step(): void;
  /** `step(epoch)` with an explicit epoch (SequentialLR passes 0 at a milestone). */
  stepEpoch(epoch: number): void;
  /** `_initial_step()`: `_step_count = 0` then `step()`. */
  initialStep(): void;
  /**
   * The canonical loop for updates `from..to-1`: `out[i]` = the group's lr, then `step()`. Each class
   * has its own copy, so that `this.step()` in it has one receiver type (inlined by V8) however many
   * scheduler classes the process has used. Where a step raises, the error propagates with
   * `lastEpoch` already advanced for that step (every `step()` advances it once before it can raise):
   * {@link TorchRoot.fill} locates the failing update from it.
   */
  run(out: Float64Array, from: number, to: number): void;
  /**
   * The closed form of the lrs this freshly built scheduler sets from its construction step on, when
   * it alone steps the group and the group's lr was `lrBefore` before that step; `null` where it has
   * none.
   */
  closedForm(lrBefore: number): ClosedForm | null;
  /** The closed form of the lrs it sets from SequentialLR's milestone switch (`step(0)`) on. */
  switchForm(): ClosedForm | null;
  /**
   * Where each step multiplies the current lr by `f(t) / f(t - 1)` of a closed-form factor `f` (the
   * chainable decays), that factor: inside ChainedScheduler the lrs are then the product of the
   * factors. `null` for the others.
   */
  ratioForm(): RatioForm | null;
  /** Appends the scheduler's state (counters; children's states in order) to `out`. */
  save(out: number[]): void;
  /** Reads back what {@link save} wrote from `state[at]` on; returns the index after it. */
  restore(state: StepperState, at: number): number;
}

/** `_LRScheduler`: the base class of every chainable/closed-form scheduler. */
export abstract class LRScheduler implements TorchScheduler {
  lastEpoch = -1;
  /** `_step_count` (CosineAnnealingLR reads it). */
  stepCount = 0;
  /** `base_lrs[0]`. */
  baseLr = 0;

  constructor(readonly group: ParamGroup) {}

  /** `_LRScheduler.__init__(optimizer, last_epoch=-1)`: call at the end of the subclass constructor. */
  protected init(): void {
    const g = this.group;
    if (!g.hasInitialLr) {
      g.initialLr = g.lr;
      g.hasInitialLr = true;
    }
    this.baseLr = g.initialLr;
    this.lastEpoch = -1;
    this.initialStep();
  }

  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * `step()`: `_step_count += 1; last_epoch += 1; lr = get_lr()`. Every subclass repeats these three
   * lines on purpose: in its own method the `getLr()` call has one receiver class and V8 inlines it,
   * where this shared method would make it a megamorphic call on the hot path (2-3x slower).
   */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }

  stepEpoch(epoch: number): void {
    this.stepCount++;
    this.lastEpoch = epoch;
    this.group.lr = this.closedFormLr();
  }

  /** The chainable `get_lr()` at `lastEpoch`. */
  abstract getLr(): number;

  abstract run(out: Float64Array, from: number, to: number): void;

  /** `_get_closed_form_lr()` where the class defines it, else `get_lr()`. */
  closedFormLr(): number {
    return this.getLr();
  }

  abstract closedForm(lrBefore: number): ClosedForm | null;

  /** At the switch the closed-form classes restart from their own base lr, as from construction. */
  switchForm(): ClosedForm | null {
    return this.closedForm(this.baseLr);
  }

  ratioForm(): RatioForm | null {
    return null;
  }

  save(out: number[]): void {
    out.push(this.lastEpoch, this.stepCount);
  }

  restore(state: StepperState, at: number): number {
    this.lastEpoch = state[at];
    this.stepCount = state[at + 1];
    return at + 2;
  }
}

/**
 * The canonical loop over a scheduler tree: `lr()` reads `param_groups[0]['lr']`, `step()` calls
 * `scheduler.step()`. When Python raises inside `step()`, the error is reported when the next lr is
 * read: every update before it really ran with the values returned so far.
 */
export class TorchRoot implements Stepper {
  private error: PythonRuntimeError | null = null;

  constructor(
    private readonly group: ParamGroup,
    private readonly scheduler: TorchScheduler,
  ) {}

  lr(): number {
    if (this.error !== null) throw this.error;
    return this.group.lr;
  }

  step(): void {
    if (this.error !== null) return;
    try {
      this.scheduler.step();
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
      this.error = e;
    }
  }

  /** The scheduler's own loop; an error raised by the step after update k surfaces at update k + 1. */
  fill(out: Float64Array, from: number, to: number): number {
    if (this.error !== null) return from;
    const s = this.scheduler;
    const epoch0 = s.lastEpoch;
    try {
      s.run(out, from, to);
      return to;
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) throw e;
      this.error = e;
      return from + (s.lastEpoch - epoch0);
    }
  }

  /**
   * The group's lr and initial_lr, then the tree's counters. The other group keys are constants of
   * the spec, which a fresh stepper's construction writes again. A stepper that has raised has no
   * state to continue from: its error is thrown again.
   */
  save(): StepperState {
    if (this.error !== null) throw this.error;
    const out = [this.group.lr, this.group.initialLr];
    this.scheduler.save(out);
    return encodeState(out);
  }

  restore(state: StepperState): void {
    const values = decodeState(state);
    this.group.lr = values[0];
    this.group.initialLr = values[1];
    this.scheduler.restore(values, 2);
    this.error = null;
  }
}

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * `lr * f`, for the recursive decays. An exponential decay ends stuck on the smallest subnormal
 * (5e-324 * 0.95 rounds back to 5e-324) and x86 multiplies subnormals ~50 times slower than normal
 * numbers; for a subnormal lr the last product is reused when lr and f repeat (`memo`: lr, f, lr·f).
 * The result is always exactly `lr * f`.
 */
export function mulLr(lr: number, f: number, memo: Float64Array): number {
  if (lr >= MIN_NORMAL || lr <= -MIN_NORMAL || lr === 0 || f === 0) return lr * f;
  if (lr === memo[0] && f === memo[1]) return memo[2];
  const r = lr * f;
  memo[0] = lr;
  memo[1] = f;
  memo[2] = r;
  return r;
}

function overflow(): never {
  throw new PythonRuntimeError('OverflowError', "(34, 'Numerical result out of range')");
}

/** Python float `a ** b`: also raises OverflowError where the result is out of range. */
export function pow(a: number, b: number): number {
  const r = pyPow(a, b);
  if (r - r !== 0 && a - a === 0 && b - b === 0) overflow();
  return r;
}

/**
 * `a ** b` for the powers computed at every step. V8's Math.pow costs ~6 times Math.exp, so for a > 0
 * this is exp(b·log a): within ~1e-13 relative of the correctly rounded power wherever that is a normal
 * number (|b·log a| < 746), far inside the 1e-9 parity budget. Other bases keep Python's rules.
 */
export function powStep(a: number, b: number): number {
  if (!(a > 0)) return pow(a, b);
  return b === 1 ? a : expStep(b * Math.log(a));
}

/** exp(y) standing for a power: Python's `**` raises OverflowError where exp overflows. */
export function expStep(y: number): number {
  const r = Math.exp(y);
  if (r === Infinity) overflow();
  return r;
}
