/** Paddle's ReduceOnPlateau: metric-driven, no closed form. */
import { PythonRuntimeError } from '../errors';
import { pyMax } from '../numerics/pymath';
import type { StepperState } from '../types';
import { decodeState, encodeState } from '../stepperState';
import { PaddleStepper } from './core';

const MODE_MIN_REL = 0;
const MODE_MIN_ABS = 1;
const MODE_MAX_REL = 2;

export class PlateauStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance(metrics?.[i]);
    }
  }
  /**
   * Its own batch loop, not the shared PaddleStepper.fill around `run`: in a process that has run
   * many Paddle schedulers, that shared path made this loop's `step()` call megamorphic (the engine
   * bench's mixed ratio went from ~1.1 to ~2.6). Stops at a missing metric: step() raises there.
   */
  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    let i = from;
    for (; metrics && i < to && typeof metrics[i] === 'number'; i++) {
      out[i] = this.cur;
      this.advance(metrics[i]);
    }
    return i;
  }
  private best = 0;
  private hasBest = false;
  private numBad = 0;
  private cooldownCounter = 0;
  private readonly mode: number;
  constructor(
    base: number,
    mode: string,
    thresholdMode: string,
    private readonly factor: number,
    private readonly patience: number,
    private readonly threshold: number,
    private readonly cooldown: number,
    private readonly minLr: number,
    private readonly epsilon: number,
  ) {
    super();
    this.cur = base;
    this.mode = (mode === 'min' ? MODE_MIN_REL : MODE_MAX_REL) + (thresholdMode === 'rel' ? 0 : MODE_MIN_ABS);
  }
  private isBetter(a: number): boolean {
    const best = this.best;
    switch (this.mode) {
      case MODE_MIN_REL:
        return a < best - best * this.threshold;
      case MODE_MIN_ABS:
        return a < best - this.threshold;
      case MODE_MAX_REL:
        return a > best + best * this.threshold;
      default: // MODE_MAX_ABS
        return a > best + this.threshold;
    }
  }
  protected advance(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new PythonRuntimeError('TypeError', "ReduceOnPlateau.step() needs a metric ('int', 'float', ...)");
    }
    this.t++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      return;
    }
    if (!this.hasBest || this.isBetter(metric)) {
      this.best = metric;
      this.hasBest = true;
      this.numBad = 0;
    } else {
      this.numBad += 1;
    }
    if (this.numBad > this.patience) {
      this.cooldownCounter = this.cooldown;
      this.numBad = 0;
      const newLr = pyMax(this.cur * this.factor, this.minLr);
      if (this.cur - newLr > this.epsilon) this.cur = newLr;
    }
  }
  /** last_epoch, last_lr, whether there is a best yet, best (NaN or ±inf after such a metric), num_bad_epochs, cooldown_counter. */
  save(): StepperState {
    return encodeState([this.t, this.cur, this.hasBest ? 1 : 0, this.best, this.numBad, this.cooldownCounter]);
  }
  restore(state: StepperState): void {
    const [t, cur, hasBest, best, numBad, cooldown] = decodeState(state);
    this.t = t;
    this.cur = cur;
    this.hasBest = hasBest === 1;
    this.best = best;
    this.numBad = numBad;
    this.cooldownCounter = cooldown;
  }
}
