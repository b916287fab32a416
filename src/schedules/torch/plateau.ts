/** ReduceLROnPlateau (PyTorch 1.13): metric-driven, not an `_LRScheduler`, no constructor step. */
import { PythonRuntimeError } from '../errors';
import { pyMax } from '../numerics/pymath';
import type { Stepper, StepperState } from '../types';
import { decodeState, encodeState } from '../stepperState';

export interface PlateauParams {
  lr: number;
  mode: string;
  factor: number;
  patience: number;
  threshold: number;
  threshold_mode: string;
  cooldown: number;
  min_lr: number;
  eps: number;
}

const enum Better {
  MinRel,
  MinAbs,
  MaxRel,
  MaxAbs,
}

export class ReduceLROnPlateau implements Stepper {
  private lr_: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private readonly better: Better;
  /** `1. - threshold` (min/rel) or `threshold + 1.` (max/rel). */
  private readonly relEpsilon: number;
  private readonly threshold: number;
  private readonly factor: number;
  private readonly patience: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  private readonly eps: number;

  constructor(p: PlateauParams) {
    this.lr_ = p.lr;
    const min = p.mode === 'min';
    const rel = p.threshold_mode === 'rel';
    this.better = min ? (rel ? Better.MinRel : Better.MinAbs) : rel ? Better.MaxRel : Better.MaxAbs;
    this.relEpsilon = min ? 1 - p.threshold : p.threshold + 1;
    this.best = min ? Infinity : -Infinity;
    this.threshold = p.threshold;
    this.factor = p.factor;
    this.patience = p.patience;
    this.cooldown = p.cooldown;
    this.minLr = p.min_lr;
    this.eps = p.eps;
  }

  lr(): number {
    return this.lr_;
  }

  private isBetter(a: number, best: number): boolean {
    switch (this.better) {
      case Better.MinRel:
        return a < best * this.relEpsilon;
      case Better.MinAbs:
        return a < best - this.threshold;
      case Better.MaxRel:
        return a > best * this.relEpsilon;
      default:
        return a > best + this.threshold;
    }
  }

  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    let i = from;
    for (; metrics && i < to && typeof metrics[i] === 'number'; i++) {
      out[i] = this.lr_;
      this.step(metrics[i]);
    }
    return i; // a missing metric: step() raises there, in the canonical loop
  }

  /** The lr, the best metric (±Infinity before the first finite one) and the two counters. */
  save(): StepperState {
    return encodeState([this.lr_, this.best, this.numBadEpochs, this.cooldownCounter]);
  }

  restore(state: StepperState): void {
    [this.lr_, this.best, this.numBadEpochs, this.cooldownCounter] = decodeState(state);
  }

  step(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new PythonRuntimeError('TypeError', "float() argument must be a string or a real number, not 'NoneType'");
    }
    const current = metric;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const oldLr = this.lr_;
      const newLr = pyMax(oldLr * this.factor, this.minLr);
      if (oldLr - newLr > this.eps) this.lr_ = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }
}
