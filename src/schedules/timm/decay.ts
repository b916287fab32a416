/** StepLRScheduler and MultiStepLRScheduler: `lr · decay_rate ** k`, k from a floor division or a bisection. */
import { pointsIn } from '../closedForm';
import { bisectRight, pyFloorDiv, pyPow } from '../numerics/pymath';
import { indexChanges } from '../pythonClosedForm';
import { TimmForm } from './form';
import { num } from './params';

/** `lr · decay_rate ** k` with the power cached while k stays the same. */
abstract class DecayForm extends TimmForm {
  protected readonly rate: number;
  private cachedK = NaN;
  private value = 0;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.rate = num(p.decay_rate);
    this.initWarmup(this.b);
  }
  protected decayed(k: number): number {
    if (k !== this.cachedK) {
      this.cachedK = k;
      this.value = this.b * pyPow(this.rate, k);
    }
    return this.value;
  }
}

export class StepForm extends DecayForm {
  private readonly decayT: number;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.decayT = num(p.decay_t);
  }
  protected curve(t: number): number {
    return this.decayed(pyFloorDiv(t, this.decayT));
  }
  protected curveFill(out: Float64Array, from: number, to: number, tc: number): void {
    for (let i = from; i < to; i++) out[i] = this.curve(tc + (i - from));
  }
  /**
   * None where `decay_rate ** k` is monotone in k (decay_rate >= 0: the staircase is one monotone
   * piece); else each decay, where `t // decay_t` (a float floor division for a fractional decay_t)
   * changes.
   */
  protected curveBreakpoints(from: number, to: number, limit: number): number[] | null {
    if (!(this.rate < 0)) return [];
    const d = this.decayT;
    return indexChanges((t) => pyFloorDiv(t, d), (k) => k * d, Infinity, from, to, limit);
  }
}

export class MultiStepForm extends DecayForm {
  private readonly decayT: Float64Array;
  /** The steps where each decay takes effect: `bisect_right(decay_t, t + 1)` counts m at t = m − 1. */
  private readonly decays: Float64Array;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.decayT = Float64Array.from(p.decay_t as number[]);
    this.decays = this.decayT.map((m) => m - 1);
  }
  protected curve(t: number): number {
    return this.decayed(bisectRight(this.decayT, t + 1));
  }
  protected curveFill(out: Float64Array, from: number, to: number, tc: number): void {
    for (let i = from; i < to; i++) out[i] = this.curve(tc + (i - from));
  }
  protected curveBreakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.decays, from, to, limit);
  }
}
