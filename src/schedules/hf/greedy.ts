/**
 * transformers' GreedyLR (`get_greedy_schedule`, transformers 5): metric-driven, not a torch LRScheduler. After
 * each metric (optionally smoothed by a rolling mean) it counts improving and non-improving evaluations; more than
 * `patience` improvements in a row divide the lr by `factor` (up to `max_lr`), more than `patience` bad ones
 * multiply it by `factor` (down to `min_lr`); after `reset_start` reductions at `min_lr` it starts over from the
 * initial lr. Transcribed operation by operation from optimization.py (one param group).
 */
import { PythonRuntimeError } from '../errors';
import { pyMax, pyMin } from '../numerics/pymath';
import { decodeState, encodeState } from '../stepperState';
import type { Stepper, StepperState } from '../types';

export interface GreedyParams {
  lr: number;
  mode: string;
  factor: number;
  patience: number;
  threshold: number;
  threshold_mode: string;
  cooldown: number;
  warmup: number;
  min_lr: number;
  max_lr: number;
  eps: number;
  smooth: boolean;
  window_size: number;
  reset_start: number;
}

export class GreedyLR implements Stepper {
  private lr_: number;
  private best: number;
  private numBadEpochs = 0;
  private numGoodEpochs = 0;
  private cooldownCounter = 0;
  private warmupCounter = 0;
  private resetStart: number;
  /** StreamingAverage: the window, oldest first, and its running sum (updated, never recomputed, like Python). */
  private window: number[] = [];
  private sum = 0;

  constructor(private readonly p: GreedyParams) {
    this.lr_ = p.lr;
    this.best = p.mode === 'min' ? Infinity : -Infinity;
    this.resetStart = p.reset_start;
  }

  lr(): number {
    return this.lr_;
  }

  private streamAvg(value: number): number {
    this.window.push(value);
    this.sum += value;
    if (this.window.length > this.p.window_size) this.sum -= this.window.shift()!;
    return this.sum / this.window.length;
  }

  private isBetter(current: number, best: number): boolean {
    const { mode, threshold_mode: tm, threshold } = this.p;
    if (mode === 'min') return tm === 'rel' ? current < best * (1.0 - threshold) : current < best - threshold;
    return tm === 'rel' ? current > best * (1.0 + threshold) : current > best + threshold;
  }

  step(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new PythonRuntimeError('TypeError', "float() argument must be a string or a real number, not 'NoneType'");
    }
    const current = this.p.smooth ? this.streamAvg(metric) : metric;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
      this.numGoodEpochs = 0;
    } else if (this.warmupCounter > 0) {
      this.warmupCounter -= 1;
      this.numBadEpochs = 0;
      this.numGoodEpochs = 0;
    } else {
      if (this.isBetter(current, this.best)) {
        this.best = current;
        this.numBadEpochs = 0;
        this.numGoodEpochs += 1;
      } else {
        this.numBadEpochs += 1;
        this.numGoodEpochs = 0;
      }
      if (this.numGoodEpochs > this.p.patience) {
        this.increaseLr();
        this.warmupCounter = this.p.warmup;
        this.numGoodEpochs = 0;
      } else if (this.numBadEpochs > this.p.patience) {
        this.reduceLr();
        this.cooldownCounter = this.p.cooldown;
        this.numBadEpochs = 0;
      }
    }
  }

  private reduceLr(): void {
    const oldLr = this.lr_;
    const newLr = pyMax(oldLr * this.p.factor, this.p.min_lr);
    if (oldLr - newLr > this.p.eps) this.lr_ = newLr;
    if (!(this.lr_ > this.p.min_lr)) {
      // every group at min_lr
      this.resetStart -= 1;
      if (this.resetStart <= 0) this.reset();
    }
  }

  private increaseLr(): void {
    const oldLr = this.lr_;
    if (this.p.factor === 0) throw new PythonRuntimeError('ZeroDivisionError', 'float division by zero');
    const newLr = pyMin(oldLr / this.p.factor, this.p.max_lr);
    if (newLr - oldLr > this.p.eps) this.lr_ = newLr;
    this.resetStart = this.p.reset_start;
  }

  private reset(): void {
    this.lr_ = this.p.lr;
    this.best = this.p.mode === 'min' ? Infinity : -Infinity;
    this.numBadEpochs = 0;
    this.numGoodEpochs = 0;
    this.cooldownCounter = 0;
    this.warmupCounter = 0;
    this.resetStart = this.p.reset_start;
    if (this.p.smooth) {
      this.window = [];
      this.sum = 0;
    }
  }

  /** The metric loop, one copy per stepper class like the plateau schedulers' (its `step` call stays monomorphic). */
  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    let i = from;
    for (; metrics && i < to && typeof metrics[i] === 'number'; i++) {
      out[i] = this.lr_;
      this.step(metrics[i]);
    }
    return i; // a missing metric: step() raises there, in the canonical loop
  }

  /** The lr, the best metric, the counters, the rolling sum and the window (at most window_size values). */
  save(): StepperState {
    const head = [this.lr_, this.best, this.numBadEpochs, this.numGoodEpochs, this.cooldownCounter, this.warmupCounter];
    return encodeState([...head, this.resetStart, this.sum, ...this.window]);
  }

  restore(state: StepperState): void {
    const v = decodeState(state);
    [this.lr_, this.best, this.numBadEpochs, this.numGoodEpochs, this.cooldownCounter, this.warmupCounter, this.resetStart, this.sum] = v;
    this.window = v.slice(8);
  }
}
