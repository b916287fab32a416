/** Paddle's ReduceOnPlateau: metric-driven, no closed form. */
import { PythonRuntimeError } from '../errors';
import { pyMax } from '../numerics/pymath';
import type { StepperState } from '../types';
import { PaddleStepper } from './core';

const MODE_MIN_REL = 0;
const MODE_MIN_ABS = 1;
const MODE_MAX_REL = 2;

/**
 * `best` in a saved state: a tag (none, a finite number, NaN, +inf, -inf) and the number, since JSON
 * keeps only finite numbers (a NaN first metric becomes best, as in Paddle).
 */
const BEST_NONE = 0;
const BEST_FINITE = 1;
const BEST_NAN = 2;
const BEST_INF = 3;
const BEST_NEG_INF = 4;

function bestTag(hasBest: boolean, best: number): number {
  if (!hasBest) return BEST_NONE;
  if (Number.isFinite(best)) return BEST_FINITE;
  return best === Infinity ? BEST_INF : best === -Infinity ? BEST_NEG_INF : BEST_NAN;
}

function bestOf(tag: number, value: number): number {
  return tag === BEST_FINITE ? value : tag === BEST_INF ? Infinity : tag === BEST_NEG_INF ? -Infinity : tag === BEST_NAN ? NaN : 0;
}

export class PlateauStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step(metrics?.[i]);
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
      this.step(metrics[i]);
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
  step(metric?: number): void {
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
  /** last_epoch, last_lr, best (tag and number), num_bad_epochs, cooldown_counter. */
  save(): StepperState {
    const tag = bestTag(this.hasBest, this.best);
    return [this.t, this.cur, tag, tag === BEST_FINITE ? this.best : 0, this.numBad, this.cooldownCounter];
  }
  restore(state: StepperState): void {
    this.t = state[0];
    this.cur = state[1];
    this.hasBest = state[2] !== BEST_NONE;
    this.best = bestOf(state[2], state[3]);
    this.numBad = state[4];
    this.cooldownCounter = state[5];
  }
}
