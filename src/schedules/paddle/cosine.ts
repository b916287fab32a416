/**
 * Paddle's cosines: CosineAnnealingDecay (recursive on `last_lr` under `step()`, closed form at
 * explicit epochs) and CosineAnnealingWarmRestarts (integer bookkeeping of T_cur and T_i under
 * `step()`, a logarithm at explicit epochs).
 */
import { periodicPoints } from '../closedForm';
import { pyLogBase } from '../numerics/crlog';
import type { Periodicity, StepperState } from '../types';
import { PaddleStepper, type PaddleForm } from './core';
import { RecursionForm } from './recursive';

/** CosineAnnealingDecay as `step()` computes it: recursive on `last_lr`. */
export class CosineAnnealingStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.advance();
    }
  }
  /** `cos(pi * (t - 1) / T)` of the previous step: the same bits the next step's denominator needs. */
  private prevCos = 1;
  /** `(t - 1 - T) % (2 T)`, kept incrementally (it is T at t = 1). */
  private phase: number;
  private readonly restartAdd: number;
  private readonly twoT: number;
  constructor(
    base: number,
    private readonly tMax: number,
    private readonly etaMin: number,
  ) {
    super();
    this.cur = base;
    this.restartAdd = ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    this.twoT = 2 * tMax;
    this.phase = tMax - 1;
  }
  protected advance(): void {
    const c = Math.cos((Math.PI * ++this.t) / this.tMax);
    if (++this.phase === this.twoT) this.phase = 0;
    if (this.phase === 0) {
      this.cur = this.cur + this.restartAdd;
    } else {
      this.cur = ((1 + c) / (1 + this.prevCos)) * (this.cur - this.etaMin) + this.etaMin;
    }
    this.prevCos = c;
  }
  save(): StepperState {
    return [this.t, this.cur, this.prevCos, this.phase];
  }
  restore(state: StepperState): void {
    [this.t, this.cur, this.prevCos, this.phase] = state;
  }
}

/**
 * `eta_min + (base - eta_min) * (1 + cos(pi * t / T_max)) / 2`: CosineAnnealingDecay's
 * `_get_closed_form_lr`, what it computes at explicit epochs (as LinearWarmup drives it).
 */
export class CosineAnnealingForm implements PaddleForm {
  constructor(
    private readonly base: number,
    private readonly tMax: number,
    private readonly etaMin: number,
  ) {}
  readonly exact = true;
  value(t: number): number {
    const eta = this.etaMin;
    return eta + ((this.base - eta) * (1 + Math.cos((Math.PI * t) / this.tMax))) / 2;
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return cosineTurns(this.tMax, from, to, limit);
  }
}

/** The cosine is periodic with period 2 T_max, recursion and closed form alike: it turns at every multiple of T_max. */
function cosineTurns(tMax: number, from: number, to: number, limit: number): number[] | null {
  return periodicPoints(0, tMax, [0], from, to, limit);
}

/**
 * CosineAnnealingDecay's rate under `step()` as a function of t: the recursion itself, replayed (its
 * documented closed form drifts from it by about an ulp per step: 1e-12 of the scale after a few
 * thousand steps). That closed form is its draft (ClosedForm.draft): what a drag draws.
 */
export function cosineAnnealingRecursion(base: number, tMax: number, etaMin: number): RecursionForm {
  const stepper = new CosineAnnealingStepper(base, tMax, etaMin);
  const turns = (from: number, to: number, limit: number) => cosineTurns(tMax, from, to, limit);
  return new RecursionForm(stepper, Infinity, turns, new CosineAnnealingForm(base, tMax, etaMin));
}

/**
 * CosineAnnealingWarmRestarts. Under `step()`, Paddle keeps T_cur and T_i as integers (T_cur = T_cur
 * - T_i at a restart): cycle n starts at T_0·(T_mult^n - 1)/(T_mult - 1) and lasts T_0·T_mult^n, the
 * same integers computed here from t. Under `step(epoch)` (inside LinearWarmup, `explicitEpochs`),
 * for T_mult > 1 Paddle takes the cycle index from `int(math.log(epoch / T_0 * (T_mult - 1) + 1,
 * T_mult))`. Away from a restart that is the exact index; AT a restart the argument is exactly
 * T_mult ** k and CPython's log may give k - 1 (then T_cur = T_i: the rate is eta_min).
 */
export class WarmRestartsForm implements PaddleForm {
  readonly exact = true;
  /** The cycle of the last step asked for: its first step and length (the cache of `value`). */
  private cycleStart = 0;
  private cycleLength: number;
  constructor(
    private readonly base: number,
    private readonly t0: number,
    private readonly tMult: number,
    private readonly etaMin: number,
    private readonly explicitEpochs: boolean,
  ) {
    this.cycleLength = t0;
    // T_mult = 1: T_cur = t - floor(t / T_0)·T_0, an exact integer, and nothing else depends on t.
    if (tMult === 1) this.period = { start: 0, length: t0, end: Infinity };
  }

  readonly period?: Periodicity;
  private cosine(tCur: number, tI: number): number {
    const eta = this.etaMin;
    return eta + ((this.base - eta) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  }
  /** Moves the cycle cache to the cycle of step t. */
  private seek(t: number): void {
    const m = this.tMult;
    if (t < this.cycleStart) {
      this.cycleStart = 0;
      this.cycleLength = this.t0;
    }
    if (m === 1) {
      const k = Math.floor(t / this.t0);
      this.cycleStart = k * this.t0;
      return;
    }
    while (t >= this.cycleStart + this.cycleLength) {
      this.cycleStart += this.cycleLength;
      this.cycleLength *= m;
    }
  }
  /** At a restart of the explicit-epoch path: the cycle the logarithm gives, where it is one too low. */
  private explicitRestart(epoch: number): number {
    const m = this.tMult;
    const t0 = this.t0;
    const n = Math.trunc(pyLogBase((epoch / t0) * (m - 1) + 1, m));
    let mn = 1;
    for (let i = 0; i < n; i++) mn *= m;
    const tI = t0 * mn;
    if (tI === this.cycleLength) return this.cosine(0, tI);
    return this.cosine(epoch - (t0 * (mn - 1)) / (m - 1), tI);
  }
  value(t: number): number {
    this.seek(t);
    const tCur = t - this.cycleStart;
    if (tCur === 0 && this.explicitEpochs && this.tMult !== 1) return this.explicitRestart(t);
    return this.cosine(tCur, this.cycleLength);
  }
  at(t: number): number {
    return this.value(t);
  }
  /** The step() bookkeeping, one cycle after the other. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; ) {
      const t = t0 + (i - from);
      out[i] = this.value(t);
      const end = Math.min(to, i + (this.cycleStart + this.cycleLength - t));
      for (let tCur = t - this.cycleStart + 1, j = i + 1; j < end; j++, tCur++) out[j] = this.cosine(tCur, this.cycleLength);
      i = end;
    }
  }
  /** The restarts (and the step after each, where the explicit path may give eta_min at the restart). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const phases = this.explicitEpochs && this.tMult !== 1 ? [0, 1] : [0];
    if (this.tMult === 1) return periodicPoints(0, this.t0, phases, from, to, limit);
    const out: number[] = [];
    for (let start = 0, length = this.t0; start < to; start += length, length *= this.tMult) {
      for (const ph of phases) {
        const p = start + ph;
        if (p <= from || p >= to || p <= out[out.length - 1]) continue;
        if (out.length >= limit) return null;
        out.push(p);
      }
    }
    return out;
  }
}
