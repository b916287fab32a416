/**
 * `torch.optim.swa_utils.SWALR` (PyTorch 2), the schedule of stochastic weight averaging: from the optimizer's lr
 * it anneals to `swa_lr` over `anneal_epochs` steps (cos or linear), then holds it. Recursive like torch: each step
 * recovers the lr it started from out of the group's current lr and the previous annealing weight, then mixes it
 * with swa_lr; transcribed operation by operation (one param group, the default last_epoch=-1).
 */
import { decodeState, encodeState } from '../stepperState';
import type { Stepper, StepperState } from '../types';

export interface SwaParams {
  lr: number;
  swa_lr: number;
  anneal_epochs: number;
  anneal_strategy: string;
}

/** `_cosine_anneal` and `_linear_anneal`. */
function anneal(cos: boolean, t: number): number {
  return cos ? (1 - Math.cos(Math.PI * t)) / 2 : t;
}

export class SWALR implements Stepper {
  private lr_: number;
  /** `_step_count`: 1 after the constructor's step. */
  private stepCount = 0;
  private readonly cos: boolean;

  constructor(private readonly p: SwaParams) {
    this.cos = p.anneal_strategy === 'cos';
    this.lr_ = p.lr;
    this.step();
  }

  lr(): number {
    return this.lr_;
  }

  /** `_get_initial_lr`. */
  private initialLr(lr: number, alpha: number): number {
    if (alpha === 1) return this.p.swa_lr;
    return (lr - alpha * this.p.swa_lr) / (1 - alpha);
  }

  step(): void {
    this.stepCount++;
    const A = this.p.anneal_epochs;
    let step = this.stepCount - 1;
    if (A === 0) step = Math.max(1, step);
    const den = Math.max(1, A);
    const prevT = Math.max(0, Math.min(1, (step - 1) / den));
    const prevLr = this.initialLr(this.lr_, anneal(this.cos, prevT));
    const alpha = anneal(this.cos, Math.max(0, Math.min(1, step / den)));
    this.lr_ = this.p.swa_lr * alpha + prevLr * (1 - alpha);
  }

  /**
   * Whether the annealing is over: the last step had both of its weights clamped to 1, so every later step
   * computes the same lr from the same inputs (bit for bit), and need not be computed.
   */
  private settled(): boolean {
    const A = this.p.anneal_epochs;
    const lastStep = A === 0 ? Math.max(1, this.stepCount - 1) : this.stepCount - 1;
    return lastStep >= Math.max(1, A) + 1;
  }

  fill(out: Float64Array, from: number, to: number): number {
    let i = from;
    for (; i < to && !this.settled(); i++) {
      out[i] = this.lr_;
      this.step();
    }
    if (i < to) {
      out.fill(this.lr_, i, to);
      this.stepCount += to - i;
    }
    return to;
  }

  save(): StepperState {
    return encodeState([this.lr_, this.stepCount]);
  }

  restore(state: StepperState): void {
    [this.lr_, this.stepCount] = decodeState(state);
  }
}
