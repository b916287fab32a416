/**
 * The object model of `torch.optim.lr_scheduler` (PyTorch 1.13, default `last_epoch=-1`), reproduced
 * literally: one optimizer param group shared by every scheduler built on it, and each scheduler an
 * explicit stepper over that group (constructor step, chainable `get_lr`, `_get_closed_form_lr` where
 * SequentialLR's milestone switch uses it).
 */
import { PythonRuntimeError } from '../errors';
import type { Stepper } from '../types';

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

/** What SequentialLR and ChainedScheduler call on their children. */
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
