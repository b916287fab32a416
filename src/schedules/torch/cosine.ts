/**
 * CosineAnnealingLR (recursive, with PyTorch's additive step after each minimum) and
 * CosineAnnealingWarmRestarts (its own `step()` with exact integer T_cur / T_i bookkeeping).
 */
import { pyDiv } from '../numerics/pymath';
import type { ClosedForm, StepperState } from '../types';
import { CosineAnnealingLRForm, cosineAnnealingLRAt, WarmRestartsForm, warmRestartsLRAt } from './closedForms';
import { LRScheduler, type ParamGroup } from './core';

export class CosineAnnealingLR extends LRScheduler {
  /** `(base_lr - eta_min) * (1 - cos(pi / T_max)) / 2`, added right after each minimum. */
  private readonly restartIncrement: number;
  /** 2·T_max when T_max is an integer below 2^29 (int32 arithmetic), else 0. */
  private readonly twoT: number;
  /** cos(pi * e / T_max) for the epoch e it was last computed at: the next step's denominator. */
  private cosEpoch = NaN;
  private cosValue = 0;

  constructor(
    group: ParamGroup,
    private readonly tMax: number,
    private readonly etaMin: number,
  ) {
    super(group);
    this.init();
    this.restartIncrement = ((this.baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    this.twoT = Number.isInteger(tMax) && tMax < 2 ** 29 ? 2 * tMax : 0;
  }
  private cosAt(e: number): number {
    if (e !== this.cosEpoch) {
      this.cosValue = Math.cos((Math.PI * e) / this.tMax);
      this.cosEpoch = e;
    }
    return this.cosValue;
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const eta = this.etaMin;
    const t = this.tMax;
    if (le === 0) return this.group.lr;
    if (this.stepCount === 1 && le > 0) {
      return eta + ((this.baseLr - eta) * (1 + Math.cos((le * Math.PI) / t))) / 2;
    }
    // (last_epoch - 1 - T_max) % (2 * T_max) == 0; integer T_max avoids a (slow) float fmod
    if (this.twoT > 0 ? le > t && ((le - 1 - t) | 0) % this.twoT === 0 : (le - 1 - t) % (2 * t) === 0) {
      return this.group.lr + this.restartIncrement;
    }
    // (1 + cos(pi * e / T)) / (1 + cos(pi * (e - 1) / T)) * (lr - eta_min) + eta_min
    const den = 1 + this.cosAt(le - 1);
    const num = 1 + this.cosAt(le);
    return pyDiv(num, den) * (this.group.lr - eta) + eta;
  }
  closedFormLr(): number {
    return cosineAnnealingLRAt(this.baseLr, this.etaMin, this.tMax, this.lastEpoch);
  }
  /**
   * Past its first step the recursion only needs the ratios of 1 + cos(pi·e/T_max) at consecutive
   * epochs: they are computed first, into `out` (loops without the recursion's dependency chain),
   * then the recursion runs over them, the lr before each step taking its ratio's slot. With an
   * integer T_max the restarts fall every 2·T_max epochs from T_max + 1 on.
   */
  run(out: Float64Array, from: number, to: number): void {
    const g = this.group;
    let i = from;
    for (; i < to && (this.stepCount < 1 || this.lastEpoch < 0 || this.twoT === 0); i++, this.step()) out[i] = g.lr;
    if (i >= to) return;
    const t = this.tMax;
    const eta = this.etaMin;
    const inc = this.restartIncrement;
    const twoT = this.twoT;
    const start = i;
    const e0 = this.lastEpoch - start; // the step at index j goes to epoch e0 + j + 1
    for (let j = start; j < to; j++) out[j] = (Math.PI * (e0 + j + 1)) / t;
    for (let j = start; j < to; j++) out[j] = Math.cos(out[j]);
    // The ratios (1 + cos e) / (1 + cos(e - 1)), in place, last to first; a zero denominator gives a
    // non-finite ratio, where the canonical step below raises ZeroDivisionError.
    const cosStart = this.cosAt(e0 + start);
    for (let j = to - 1; j > start; j--) out[j] = (1 + out[j]) / (1 + out[j - 1]);
    out[start] = (1 + out[start]) / (1 + cosStart);
    let restart = t + 1 + Math.max(0, Math.ceil((e0 + start - t) / twoT)) * twoT;
    let lr = g.lr;
    for (; i < to; i++) {
      const q = out[i];
      out[i] = lr;
      if (e0 + i + 1 === restart) {
        lr = lr + inc;
        restart += twoT;
      } else {
        if (q - q !== 0) break;
        lr = q * (lr - eta) + eta;
      }
    }
    this.stepCount += i - start;
    this.lastEpoch += i - start;
    g.lr = lr;
    this.cosEpoch = NaN; // the cosines were overwritten: recomputed on demand
    for (; i < to; i++, this.step()) out[i] = g.lr;
  }
  /**
   * The closed form (documented, with the restarts as the recursion makes them), where the recursion
   * stays within ~2e-13 of the curve's scale. Each step rounds `lr - eta_min`, and past a minimum
   * the rising ratios of cosines scale that rounding by up to ~0.4·T_max² (measured: a drift of
   * ~2e-17·|eta_min|·T_max² over the scale); with a non-integer T_max the minima fall between steps,
   * where 1 + cos can be arbitrarily small. Hence: eta_min = 0 (nothing rounds), a constant
   * (base = eta_min), or an integer T_max with |eta_min|·T_max² <= 1e4·max(|base|, |eta_min|);
   * `null` otherwise. Started from another lr than its base, its restarts still add base-lr
   * increments: `null` too.
   */
  closedForm(lrBefore: number): ClosedForm | null {
    const base = this.baseLr;
    const eta = this.etaMin;
    const t = this.tMax;
    if (lrBefore !== base) return null;
    const drifts = Number.isInteger(t) ? Math.abs(eta) * t * t > 1e4 * Math.max(Math.abs(base), Math.abs(eta)) : true;
    if (eta !== 0 && base !== eta && drifts) return null;
    return new CosineAnnealingLRForm(base, eta, t, this.restartIncrement);
  }
  restore(state: StepperState, at: number): number {
    this.cosEpoch = NaN;
    return super.restore(state, at);
  }
}

/** CosineAnnealingWarmRestarts overrides `step(epoch=None)` with its own T_cur / T_i bookkeeping. */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  private tI: number;
  private tCur: number;

  constructor(
    group: ParamGroup,
    private readonly t0: number,
    private readonly tMult: number,
    private readonly etaMin: number,
  ) {
    super(group);
    this.tI = t0;
    this.tCur = -1;
    this.init();
  }
  step(): void {
    if (this.lastEpoch < 0) {
      this.stepEpoch(0);
      return;
    }
    this.tCur = this.tCur + 1;
    if (this.tCur >= this.tI) {
      this.tCur = this.tCur - this.tI;
      this.tI = this.tI * this.tMult;
    }
    this.lastEpoch = this.lastEpoch + 1;
    this.group.lr = this.getLr();
  }
  /** `step(epoch)`; only epoch 0 is ever passed (constructor, SequentialLR switch): 0 < T_0. */
  stepEpoch(epoch: number): void {
    this.tI = this.t0;
    this.tCur = epoch;
    this.lastEpoch = Math.floor(epoch);
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return warmRestartsLRAt(this.baseLr, this.etaMin, this.tCur, this.tI);
  }
  /**
   * Period by period: between restarts only T_cur moves (by exactly 1 per step); the cosines'
   * arguments are computed first. The step at index i sets the lr of index i + 1.
   */
  run(out: Float64Array, from: number, to: number): void {
    const g = this.group;
    for (let i = from; i < to; ) {
      const n = Math.min(to - i, this.tI - 1 - this.tCur);
      if (!(n > 0) || this.lastEpoch < 0) {
        out[i++] = g.lr;
        this.step();
        continue;
      }
      const eta = this.etaMin;
      const amp = this.baseLr - eta;
      const tI = this.tI;
      const tc = this.tCur - i; // the step at index j - 1 sets T_cur = tc + j
      out[i] = g.lr;
      for (let j = i + 1; j < i + n; j++) out[j] = (Math.PI * (tc + j)) / tI;
      for (let j = i + 1; j < i + n; j++) out[j] = eta + (amp * (1 + Math.cos(out[j]))) / 2;
      g.lr = eta + (amp * (1 + Math.cos((Math.PI * (tc + i + n)) / tI))) / 2;
      this.tCur = tc + i + n;
      this.lastEpoch += n;
      i += n;
    }
  }
  closedForm(): ClosedForm {
    return new WarmRestartsForm(this.baseLr, this.etaMin, this.t0, this.tMult);
  }
  save(out: number[]): void {
    super.save(out);
    out.push(this.tI, this.tCur);
  }
  restore(state: StepperState, at: number): number {
    const i = super.restore(state, at);
    this.tI = state[i];
    this.tCur = state[i + 1];
    return i + 2;
  }
}
