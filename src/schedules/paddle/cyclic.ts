/** Paddle's cycles, closed forms of `last_epoch`: OneCycleLR and CyclicLR. */
import { PythonRuntimeError, zeroDivision } from '../errors';
import { periodicPoints, pointsIn } from '../closedForm';
import { pyPow } from '../numerics/pymath';
import { IntPowers, noOverflow, type PaddleForm } from './core';

export const ANNEAL_COS = 0;
export const ANNEAL_LINEAR = 1;

/**
 * OneCycleLR: the phase table `_step_config` (start and end step of each phase) with `_lr_config`.
 * Step total_steps still has a value (it extrapolates); the rate of the step after it raises ValueError.
 */
export class OneCycleForm implements PaddleForm {
  readonly exact = true;
  private readonly config: number[];
  private readonly lrs: number[];
  private readonly last: number;
  /**
   * The phase of the last step asked for, with its constants in fields (the hot path reads no
   * table): it holds for `after < t <= end` (any t past the others' ends, for the last phase).
   */
  private after = -Infinity;
  private phaseStart = 0;
  private phaseEnd = -Infinity;
  private phaseSize = 0;
  private lrStart = 0;
  private lrEnd = 0;
  private halfSpan = 0;
  constructor(
    maxLr: number,
    private readonly totalSteps: number,
    divideFactor: number,
    endLr: number,
    pct: number,
    private readonly anneal: number,
    threePhase: boolean,
    /** The ValueError's text past total_steps (PaddleOCR's copy of the class words it differently). */
    private readonly tooFar: (t: number, total: number) => string = (t, total) => `Tried to step ${t} times. However the number of total steps is ${total}`,
  ) {
    const initial = maxLr / divideFactor;
    const T = totalSteps;
    this.config = threePhase ? [0, pct * T - 1, 2 * pct * T - 2, T - 1] : [0, pct * T - 1, T - 1];
    this.lrs = threePhase ? [initial, maxLr, initial, endLr] : [initial, maxLr, endLr];
    this.last = this.config.length - 2;
  }
  /** Makes the phase of step t (the first with t <= its end, or the last) current. */
  private enter(t: number): void {
    const c = this.config;
    let i = 0;
    let after = -Infinity;
    while (i < this.last && !(t <= c[i + 1])) after = Math.max(after, c[++i]);
    this.after = after;
    this.phaseStart = c[i];
    this.phaseEnd = i === this.last ? Infinity : c[i + 1];
    this.phaseSize = c[i + 1] - c[i];
    this.lrStart = this.lrs[i];
    this.lrEnd = this.lrs[i + 1];
    this.halfSpan = (this.lrStart - this.lrEnd) / 2.0;
  }
  /** Raises where Paddle does at step t, and leaves its phase current. */
  private check(t: number): void {
    if (t > this.totalSteps) {
      throw new PythonRuntimeError('ValueError', this.tooFar(t, this.totalSteps));
    }
    if (!(t > this.after && t <= this.phaseEnd)) this.enter(t);
    if (this.phaseSize === 0) zeroDivision('float division by zero');
  }
  value(t: number): number {
    this.check(t);
    const pct = (t - this.phaseStart) / this.phaseSize;
    if (this.anneal === ANNEAL_COS) return this.lrEnd + this.halfSpan * (Math.cos(Math.PI * pct) + 1);
    return (this.lrEnd - this.lrStart) * pct + this.lrStart;
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  /**
   * Each phase anneals monotonically: a new phase starts at the first step past a phase end; step total_steps,
   * past the last phase's end, extrapolates it (a cosine rises again).
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const starts = this.config.slice(1).map((e) => Math.floor(e) + 1);
    return pointsIn(starts.sort((a, b) => a - b), from, to, limit);
  }
}

export const SCALE_TRIANGULAR = 0;
export const SCALE_TRIANGULAR2 = 1;
export const SCALE_EXP_RANGE = 2;
export const SCALE_CUSTOM = 3;

export class CyclicForm implements PaddleForm {
  readonly exact = true;
  private readonly cycleSize: number;
  private readonly upPct: number;
  private readonly amplitude: number;
  /** triangular2 caches `1 / 2.0 ** (cycle - 1)` per cycle. */
  private cachedCycle = -1;
  private cachedScale = 1;
  private readonly powers: IntPowers;
  /** Offsets in a cycle where the rate turns or jumps (`null`: not known). */
  private readonly turns: number[] | null;
  constructor(
    private readonly base: number,
    maxLr: number,
    up: number,
    down: number,
    private readonly kind: number,
    gamma: number,
    private readonly fn: ((x: number) => number) | null,
    private readonly byCycle: boolean,
  ) {
    this.cycleSize = up + down;
    this.upPct = up / this.cycleSize;
    this.amplitude = maxLr - base;
    this.powers = new IntPowers(kind === SCALE_EXP_RANGE ? gamma : 1);
    this.turns = cycleTurns(up, down, kind, gamma);
  }
  private scale(cycle: number, t: number): number {
    switch (this.kind) {
      case SCALE_TRIANGULAR:
        return 1.0;
      case SCALE_TRIANGULAR2:
        if (cycle !== this.cachedCycle) {
          this.cachedScale = 1 / noOverflow(pyPow(2.0, cycle - 1));
          this.cachedCycle = cycle;
        }
        return this.cachedScale;
      case SCALE_EXP_RANGE:
        return noOverflow(this.powers.get(t));
      default:
        return (this.fn as (x: number) => number)(this.byCycle ? cycle : t);
    }
  }
  /** `1 + t // cycle_size`: both integer-valued, so the float floor division is floor(t / size). */
  private cycle(t: number): number {
    return 1 + Math.floor(t / this.cycleSize);
  }
  value(t: number): number {
    const cycle = this.cycle(t);
    const pct = 1.0 + t / this.cycleSize - cycle;
    const sf = pct <= this.upPct ? pct / this.upPct : (1 - pct) / (1 - this.upPct);
    return this.base + this.amplitude * sf * this.scale(cycle, t);
  }
  at(t: number): number {
    return this.value(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from, t = t0; i < to; i++, t++) out[i] = this.value(t);
  }
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return this.turns === null ? null : periodicPoints(0, this.cycleSize, this.turns, from, to, limit);
  }
}

/**
 * The offsets in a cycle where CyclicLR turns: its start and its peak. exp_range scales the triangle
 * by gamma ** t: x·gamma^x (up, gamma < 1) and (L - x)·gamma^x (down, gamma > 1) are unimodal, with
 * their top at the same offset in every cycle, so the two steps around it cut those halves into
 * monotone pieces. `null` for a user scale (no known shape) and a negative gamma (the sign flips at
 * every step).
 */
function cycleTurns(up: number, down: number, kind: number, gamma: number): number[] | null {
  if (kind === SCALE_CUSTOM || (kind === SCALE_EXP_RANGE && gamma < 0)) return null;
  const turns = [0, up];
  if (kind === SCALE_EXP_RANGE && gamma !== 1 && gamma > 0) {
    const top = gamma < 1 ? -1 / Math.log(gamma) : up + down - 1 / Math.log(gamma);
    const lo = gamma < 1 ? 0 : up;
    const hi = gamma < 1 ? up : up + down;
    if (top > lo && top < hi) turns.push(Math.floor(top), Math.floor(top) + 1);
    turns.sort((a, b) => a - b);
  }
  return turns;
}
