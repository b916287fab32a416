/**
 * The cycle schedulers, CosineLRScheduler, TanhLRScheduler and PolyLRScheduler: timm's cycle
 * bookkeeping (`cycle_mul` via CPython's `math.log(x, m)`, reproduced with a correctly rounded log,
 * `cycle_decay`, `cycle_limit`, k-decay) and each curve within a cycle.
 */
import { PythonRuntimeError } from '../errors';
import { crLog } from '../numerics/crlog';
import { pyPow } from '../numerics/pymath';
import { indexChanges } from '../pythonClosedForm';
import { TimmForm } from './form';
import { num } from './params';
import type { Periodicity } from '../types';

/**
 * The cycle bookkeeping of Cosine/Tanh/Poly: `i` (cycle index), `t_i` (cycle length), `t_curr`
 * (time inside the cycle), `lr_max = lr·cycle_decay**i`, as timm computes them.
 */
abstract class CycleForm extends TimmForm {
  protected readonly lrMin: number;
  private readonly t0: number;
  private readonly m: number;
  private readonly decay: number;
  protected readonly limit: number;
  /** V8's log(m), for the fast path, and the correctly rounded one CPython uses. */
  private readonly lnM: number;
  private readonly crLnM: number;
  private readonly oneMinusM: number;
  /** k_decay (Cosine, Poly); 1 for Tanh. */
  protected k = 1;
  // Per-cycle values, recomputed when i changes.
  private cachedI = NaN;
  private mPowI = 1;
  /** `lr_max` of the current cycle. */
  protected lrMax = 0;
  /** `t_i ** k` of the current cycle (Python recomputes the same value at every step). */
  protected tiK = 0;
  // Outputs of cycle().
  protected i = 0;
  protected ti = 0;
  protected tCurr = 0;

  constructor(p: Record<string, unknown>) {
    super(p);
    this.lrMin = num(p.lr_min);
    this.t0 = num(p.t_initial);
    this.m = num(p.cycle_mul);
    this.decay = num(p.cycle_decay);
    this.limit = num(p.cycle_limit);
    this.lnM = Math.log(this.m);
    this.crLnM = crLog(this.m);
    this.oneMinusM = 1 - this.m;
  }

  /** Sets i, ti, tCurr and lrMax for time `t` (timm's `_get_lr` after the warmup branch). */
  protected cycle(t: number): void {
    const t0 = this.t0;
    let i: number;
    if (this.m !== 1) {
      // i = math.floor(math.log(1 - t / t_initial * (1 - m), m))
      const x = 1 - (t / t0) * this.oneMinusM;
      if (!(x > 0)) throw new PythonRuntimeError('ValueError', 'math domain error (cycle_mul < 1: no cycle left)');
      const q = Math.log(x) / this.lnM;
      const near = Math.round(q);
      // V8's log is within an ulp of CPython's: only a ratio this close to an integer can floor differently.
      if (Math.abs(q - near) > 1e-9 * Math.max(1, Math.abs(q))) i = Math.floor(q);
      else i = Math.floor(crLog(x) / this.crLnM);
      if (i !== this.cachedI) this.setCycle(i);
      this.tCurr = t - ((1 - this.mPowI) / this.oneMinusM) * t0;
    } else {
      i = Math.floor(t / t0);
      if (i !== this.cachedI) this.setCycle(i);
      this.tCurr = t - t0 * i;
    }
    this.i = i;
  }

  /**
   * `cycle(t)`, then how many times from `t` on (t, t + 1, ...) fall in that cycle, `tCurr` advancing
   * by exactly 1 each time: the rest of the cycle when cycle_mul is 1 (everything once the cycles are
   * used up), else 1 (the cycle index is a log, taken at every step).
   */
  private span(t: number): number {
    this.cycle(t);
    if (this.m !== 1) return 1;
    return this.i < this.limit ? (this.i + 1) * this.t0 - t : Infinity;
  }

  protected curve(t: number): number {
    this.cycle(t);
    return this.current();
  }

  /** The value at the time `cycle` was last given. */
  protected abstract current(): number;

  /**
   * Steps `from..to-1` of the current cycle (k = 1): t_curr runs from `tCurr` by 1. One copy per
   * class, called once per cycle.
   */
  protected abstract cycleFill(out: Float64Array, from: number, to: number): void;

  /** Cycle by cycle: a cycle's own loop, one value once the cycles are used up. */
  protected curveFill(out: Float64Array, from: number, to: number, tc: number): void {
    for (let i = from; i < to; ) {
      const end = Math.min(to, i + this.span(tc + (i - from)));
      if (end === i + 1 || !(this.i < this.limit)) {
        out.fill(this.current(), i, end);
      } else if (this.k !== 1) {
        for (let j = i; j < end; j++) out[j] = this.curve(tc + (j - from));
      } else {
        this.cycleFill(out, i, end);
      }
      i = end;
    }
  }

  /**
   * cycle_mul 1 and cycle_decay 1 over whole-step cycles: i = floor(t / t_initial) and t_curr =
   * t - t_initial·i are exact integers, lr_max = lr·1**i = lr, so every cycle before cycle_limit is
   * the same values bit for bit.
   */
  protected curvePeriod(): Periodicity | null {
    if (this.m !== 1 || this.decay !== 1 || !Number.isInteger(this.t0) || this.t0 < 1) return null;
    return { start: 0, length: this.t0, end: this.limit * this.t0 };
  }

  /** The cycle index at curve time t, Infinity where Python raises (no cycle left). */
  private cycleIndex(t: number): number {
    try {
      this.cycle(t);
    } catch (e) {
      if (e instanceof PythonRuntimeError) return Infinity;
      throw e;
    }
    return this.i;
  }

  /**
   * The restarts, where the cycle index (CPython's log) changes, up to the end of the last cycle;
   * within a cycle the curve runs one way, from lr_max towards lr_min.
   */
  protected curveBreakpoints(from: number, to: number, limit: number): number[] | null {
    const t0 = this.t0;
    const m = this.m;
    const startOf = m !== 1 ? (k: number) => (t0 * (1 - Math.pow(m, k))) / this.oneMinusM : (k: number) => t0 * k;
    return indexChanges((t) => this.cycleIndex(t), startOf, this.limit, from, to, limit);
  }

  private setCycle(i: number): void {
    this.cachedI = i;
    if (this.m !== 1) {
      this.mPowI = pyPow(this.m, i);
      this.ti = this.mPowI * this.t0;
    } else {
      this.ti = this.t0;
    }
    this.tiK = this.k === 1 ? this.ti : pyPow(this.ti, this.k);
    this.lrMax = this.b * pyPow(this.decay, i);
  }
}

export class CosineForm extends CycleForm {
  constructor(p: Record<string, unknown>) {
    super(p);
    this.k = num(p.k_decay);
    this.initWarmup(this.b);
  }
  protected current(): number {
    if (!(this.i < this.limit)) return this.lrMin;
    const k = this.k;
    const ratio = (Math.PI * (k === 1 ? this.tCurr : pyPow(this.tCurr, k))) / this.tiK;
    return this.lrMin + 0.5 * (this.lrMax - this.lrMin) * (1 + Math.cos(ratio));
  }
  /** The cosines' arguments first: the arithmetic pipelines better without the call in the loop. */
  protected cycleFill(out: Float64Array, from: number, to: number): void {
    const lrMin = this.lrMin;
    const half = 0.5 * (this.lrMax - lrMin);
    const tiK = this.tiK;
    const t0 = this.tCurr - from;
    for (let j = from; j < to; j++) out[j] = (Math.PI * (t0 + j)) / tiK;
    for (let j = from; j < to; j++) out[j] = lrMin + half * (1 + Math.cos(out[j]));
  }
}

export class TanhForm extends CycleForm {
  private readonly lb: number;
  private readonly ub: number;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.lb = num(p.lb);
    this.ub = num(p.ub);
    // Without prefix the warmup ramps to the curve's value at warmup_t (computed at construction, no noise).
    const w = num(p.warmup_t);
    if (w) this.initWarmup(p.warmup_prefix ? this.b : this.curve(w));
  }
  protected current(): number {
    if (!(this.i < this.limit)) return this.lrMin;
    const tr = this.tCurr / this.ti;
    return this.lrMin + 0.5 * (this.lrMax - this.lrMin) * (1 - Math.tanh(this.lb * (1 - tr) + this.ub * tr));
  }
  /** The tanh arguments first, then the tanh. */
  protected cycleFill(out: Float64Array, from: number, to: number): void {
    const lrMin = this.lrMin;
    const half = 0.5 * (this.lrMax - lrMin);
    const ti = this.ti;
    const lb = this.lb;
    const ub = this.ub;
    const t0 = this.tCurr - from;
    for (let j = from; j < to; j++) {
      const tr = (t0 + j) / ti;
      out[j] = lb * (1 - tr) + ub * tr;
    }
    for (let j = from; j < to; j++) out[j] = lrMin + half * (1 - Math.tanh(out[j]));
  }
}

export class PolyForm extends CycleForm {
  private readonly power: number;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.k = num(p.k_decay);
    this.power = num(p.power);
    this.initWarmup(this.b);
  }
  protected current(): number {
    if (!(this.i < this.limit)) return this.lrMin;
    const k = this.k;
    const ratio = (k === 1 ? this.tCurr : pyPow(this.tCurr, k)) / this.tiK;
    return this.lrMin + (this.lrMax - this.lrMin) * pyPow(1 - ratio, this.power);
  }
  /** The bases 1 - t_curr/t_i first, then the powers. */
  protected cycleFill(out: Float64Array, from: number, to: number): void {
    const lrMin = this.lrMin;
    const diff = this.lrMax - lrMin;
    const tiK = this.tiK;
    const power = this.power;
    const t0 = this.tCurr - from;
    for (let j = from; j < to; j++) out[j] = 1 - (t0 + j) / tiK;
    for (let j = from; j < to; j++) out[j] = lrMin + diff * pyPow(out[j], power);
  }
}
