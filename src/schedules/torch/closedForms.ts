/**
 * Closed forms of the torch schedulers that are not chainable decays (those are in ratioForms.ts):
 * the classes PyTorch computes from the counter (LambdaLR, CyclicLR, OneCycleLR,
 * CosineAnnealingWarmRestarts: `exact`, the steppers compute their lr through the same code),
 * CosineAnnealingLR's documented closed form, SequentialLR's shifted segments, and the form of a
 * scheduler that raises.
 */
import { periodicPoints, pointsIn } from '../closedForm';
import { PythonRuntimeError, zeroDivision } from '../errors';
import { bisectRight, pyDiv } from '../numerics/pymath';
import type { ClosedForm, Periodicity } from '../types';
import { expStep, pow, type ParamGroup } from './core';

type Fn = (x: number) => number;

/** LambdaLR: `base_lr * lmbda(last_epoch)`. */
export class LambdaLRForm implements ClosedForm {
  readonly exact = true;
  constructor(
    private readonly base: number,
    private readonly fn: Fn,
  ) {}
  at(t: number): number {
    return this.base * this.fn(t);
  }
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }
  /** A user lambda: its shape is unknown. */
  breakpoints(): null {
    return null;
  }
}

/** CosineAnnealingLR's `_get_closed_form_lr`: `eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2`. */
export function cosineAnnealingLRAt(base: number, etaMin: number, tMax: number, t: number): number {
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
}

/**
 * CosineAnnealingLR: the documented closed form up to T_max, then the restarts as the recursion
 * makes them. With an integer T_max the lr is eta_min exactly at each odd multiple of T_max (the
 * ratio's numerator 1 + cos is exactly 0 there); the next step adds the base-lr increment, and from
 * there the recursion scales `lr - eta_min` by ratios of 1 + cos(pi * e / T_max) that telescope. So
 * after the restart at s the lr is `eta_min + d * c(t) / c(s)`, with d the increment as rounded in
 * the lr and c(e) = 1 + cos(pi * e / T_max) the very doubles the recursion divides by: c(s) comes
 * out of a cancellation, and its last bit moves the whole period by up to ~0.2·T_max²·ε, which the
 * documented form alone would miss. The cosine turns at every multiple of T_max.
 *
 * With a non-integer T_max there are no restarts, and a step whose denominator
 * 1 + cos(pi * (t - 1) / T_max) is 0 raises ZeroDivisionError in the recursion.
 */
export class CosineAnnealingLRForm implements ClosedForm {
  readonly exact = false;
  private readonly integerPeriod: boolean;
  /** `lr - eta_min` right after a restart: the increment, as rounded in the lr. */
  private readonly restartHeight: number;

  constructor(
    private readonly base: number,
    private readonly etaMin: number,
    private readonly tMax: number,
    restartIncrement: number,
  ) {
    this.integerPeriod = Number.isInteger(tMax);
    this.restartHeight = etaMin + restartIncrement - etaMin;
  }

  /** 1 + cos(pi * e / T_max), computed as the recursion computes it. */
  private cosTerm(e: number): number {
    return 1 + Math.cos((Math.PI * e) / this.tMax);
  }

  at(t: number): number {
    const tMax = this.tMax;
    if (!this.integerPeriod) {
      if (t >= 2 && this.cosTerm(t - 1) === 0) zeroDivision('float division by zero');
    } else if (t > tMax) {
      const restart = tMax + 1 + 2 * tMax * Math.floor((t - tMax - 1) / (2 * tMax));
      return this.etaMin + this.restartHeight * (this.cosTerm(t) / this.cosTerm(restart));
    }
    return cosineAnnealingLRAt(this.base, this.etaMin, tMax, t);
  }

  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }

  breakpoints(from: number, to: number, limit: number): number[] | null {
    return periodicPoints(0, this.tMax, [0], from, to, limit);
  }
}

const enum CyclicScale {
  Triangular,
  Triangular2,
  ExpRange,
  Custom,
}

/**
 * CyclicLR's `get_lr()` at a counter. The scheduler computes its lr through {@link lrAt} (with the
 * base it holds at that step: the construction step still uses the optimizer's initial_lr), so the
 * closed form is its values bit for bit.
 */
export class CyclicLRForm implements ClosedForm {
  readonly exact = true;
  private readonly up: number;
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly scale: CyclicScale;
  private readonly byCycle: boolean;
  /** log(gamma) for exp_range's gamma ** t (NaN where gamma <= 0: Python's rules then). */
  private readonly logGamma: number;
  /** The scale of the last cycle seen: per-cycle scales change once a cycle. */
  private cachedCycle = NaN;
  private cachedScale = 0;

  constructor(
    private readonly base: number,
    private readonly maxLr: number,
    up: number,
    down: number | null,
    mode: string,
    private readonly gamma: number,
    private readonly scaleFn: Fn | null,
    scaleMode: string,
  ) {
    this.up = up;
    this.totalSize = up + (down ?? up);
    this.stepRatio = pyDiv(up, this.totalSize);
    if (scaleFn) {
      this.scale = CyclicScale.Custom;
      this.byCycle = scaleMode === 'cycle';
    } else {
      this.scale = mode === 'triangular' ? CyclicScale.Triangular : mode === 'triangular2' ? CyclicScale.Triangular2 : CyclicScale.ExpRange;
      this.byCycle = mode !== 'exp_range';
    }
    this.logGamma = gamma > 0 ? Math.log(gamma) : NaN;
  }

  private scaleAt(x: number): number {
    switch (this.scale) {
      case CyclicScale.Triangular:
        return 1.0;
      case CyclicScale.Triangular2:
        return 1 / pow(2.0, x - 1);
      case CyclicScale.ExpRange:
        return this.logGamma === this.logGamma ? expStep(x * this.logGamma) : pow(this.gamma, x);
      default:
        return (this.scaleFn as Fn)(x);
    }
  }

  /** `cycle = floor(1 + t / total_size)`. */
  private cycleOf(t: number): number {
    return Math.floor(1 + t / this.totalSize);
  }

  /** On the decreasing side of its cycle (`x > step_ratio`). */
  private fallingAt(t: number): boolean {
    return 1 + t / this.totalSize - this.cycleOf(t) > this.stepRatio;
  }

  /** `scale_factor`: the position in the cycle, 0 at its start, 1 at its top. */
  private factorAt(t: number): number {
    const x = 1 + t / this.totalSize - this.cycleOf(t);
    const r = this.stepRatio;
    return x <= r ? pyDiv(x, r) : pyDiv(x - 1, r - 1);
  }

  /** `scale_fn(cycle)` or `scale_fn(last_epoch)`, per scale_mode. */
  private amplitudeAt(t: number): number {
    if (!this.byCycle) return this.scaleAt(t);
    const cycle = this.cycleOf(t);
    if (cycle !== this.cachedCycle) {
      this.cachedScale = this.scaleAt(cycle);
      this.cachedCycle = cycle;
    }
    return this.cachedScale;
  }

  lrAt(t: number, base: number): number {
    const baseHeight = (this.maxLr - base) * this.factorAt(t);
    return base + baseHeight * this.amplitudeAt(t);
  }

  /** The momentum `get_lr()` sets with cycle_momentum: the same position, from max_momentum down. */
  momentumAt(t: number, baseMomentum: number, maxMomentum: number): number {
    const baseHeight = (maxMomentum - baseMomentum) * this.factorAt(t);
    return maxMomentum - baseHeight * this.amplitudeAt(t);
  }

  at(t: number): number {
    return this.lrAt(t, this.base);
  }

  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }

  /**
   * The cycle starts and the turns from rising to falling, located with the formula's own
   * arithmetic (not `k * total_size`, which may round to the neighbouring step); for exp_range also
   * the top of `(t - c) * gamma ** t` on either side (c the side's zero). A custom scale of the
   * iteration has no known shape.
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const expRange = this.scale === CyclicScale.ExpRange;
    if (!this.byCycle && !(expRange && this.gamma > 0)) return null;
    const total = this.totalSize;
    const points: number[] = [];
    for (let k = Math.max(0, Math.floor(from / total) - 1); k * total < to; k++) {
      const start = firstStep(k * total, (t) => this.cycleOf(t) > k);
      const top = firstStep(k * total + this.up, (t) => this.cycleOf(t) > k + 1 || (this.cycleOf(t) > k && this.fallingAt(t)));
      points.push(start, top);
      if (expRange && this.logGamma !== 0) {
        for (const zero of [k * total, (k + 1) * total]) {
          const critical = Math.floor(zero - 1 / this.logGamma);
          points.push(critical, critical + 1);
        }
      }
      if (points.length > 4 * limit + 8) return null;
    }
    points.sort((a, b) => a - b);
    return pointsIn(points, from, to, limit);
  }
}

/** The first integer step >= 0 where the monotone `reached` holds, searched from near `guess`. */
function firstStep(guess: number, reached: (t: number) => boolean): number {
  let t = Math.max(0, Math.ceil(guess));
  while (t > 0 && reached(t - 1)) t--;
  while (!reached(t)) t++;
  return t;
}

/** Where each OneCycleLR phase starts and ends: the param group's keys. */
const enum GroupKey {
  Initial,
  Max,
  Min,
}

/** A phase's momentum bound: base_momentum where the lr bound is max_lr, max_momentum where it is initial_lr or min_lr. */
function momentumFor(key: GroupKey, [base, max]: readonly [number, number]): number {
  return key === GroupKey.Max ? base : max;
}

/**
 * OneCycleLR's `get_lr()` at a counter. The phases' start and end lrs are the param group's
 * initial_lr, max_lr and min_lr, read from the group at every step as PyTorch does (a later
 * OneCycleLR on the same optimizer overwrites them); only constructors write them, so the values
 * are a function of the counter once the schedulers are built. The scheduler computes its lr through
 * {@link at}.
 */
export class OneCycleLRForm implements ClosedForm {
  readonly exact = true;
  /** `end_step` of each phase. */
  readonly ends: Float64Array;
  readonly cos: boolean;
  private readonly startKeys: GroupKey[];
  private readonly endKeys: GroupKey[];

  constructor(
    private readonly group: ParamGroup,
    readonly totalSteps: number,
    pctStart: number,
    anneal: string,
    threePhase: boolean,
  ) {
    const total = totalSteps;
    if (threePhase) {
      this.ends = Float64Array.of(pctStart * total - 1, 2 * pctStart * total - 2, total - 1);
      this.startKeys = [GroupKey.Initial, GroupKey.Max, GroupKey.Initial];
      this.endKeys = [GroupKey.Max, GroupKey.Initial, GroupKey.Min];
    } else {
      this.ends = Float64Array.of(pctStart * total - 1, total - 1);
      this.startKeys = [GroupKey.Initial, GroupKey.Max];
      this.endKeys = [GroupKey.Max, GroupKey.Min];
    }
    this.cos = anneal === 'cos';
  }

  private read(key: GroupKey): number {
    const g = this.group;
    return key === GroupKey.Initial ? g.initialLr : key === GroupKey.Max ? g.maxLr : g.minLr;
  }

  /** The lr phase `k` starts from. */
  startOf(k: number): number {
    return this.read(this.startKeys[k]);
  }

  /** The lr phase `k` ends at. */
  endOf(k: number): number {
    return this.read(this.endKeys[k]);
  }

  at(stepNum: number): number {
    return this.annealAt(stepNum, null);
  }

  /**
   * The momentum `get_lr()` sets with cycle_momentum: the lr's phases and pct, annealed from max_momentum to
   * base_momentum in the first phase and back after (three_phase: held at max_momentum in the third).
   */
  momentumAt(stepNum: number, baseMomentum: number, maxMomentum: number): number {
    return this.annealAt(stepNum, [baseMomentum, maxMomentum]);
  }

  /** The lr (`momentum` null) or the momentum (`[base, max]`) at a step, with get_lr()'s arithmetic. */
  private annealAt(stepNum: number, momentum: readonly [number, number] | null): number {
    if (stepNum > this.totalSteps) {
      throw new PythonRuntimeError(
        'ValueError',
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    const ends = this.ends;
    const last = ends.length - 1;
    let startStep = 0;
    for (let i = 0; ; i++) {
      const endStep = ends[i];
      if (stepNum <= endStep || i === last) {
        const pct = pyDiv(stepNum - startStep, endStep - startStep);
        // The momentum's start and end mirror the lr's: max_momentum where the lr is at its lowest.
        const start = momentum ? momentumFor(this.startKeys[i], momentum) : this.read(this.startKeys[i]);
        const end = momentum ? momentumFor(this.endKeys[i], momentum) : this.read(this.endKeys[i]);
        if (this.cos) {
          const cosOut = Math.cos(Math.PI * pct) + 1;
          return end + ((start - end) / 2.0) * cosOut;
        }
        return (end - start) * pct + start;
      }
      startStep = endStep;
    }
  }

  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }

  /** The first step of each phase after the first, and total_steps, where the last phase overshoots. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const starts = Array.from(this.ends.subarray(0, -1), (e) => Math.floor(e) + 1);
    return pointsIn([...starts, this.totalSteps].sort((a, b) => a - b), from, to, limit);
  }
}

/** CosineAnnealingWarmRestarts' `get_lr()`: `eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`. */
export function warmRestartsLRAt(base: number, etaMin: number, tCur: number, tI: number): number {
  return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
}

/**
 * CosineAnnealingWarmRestarts: stepped without an epoch, T_cur and T_i are exact integers, so the
 * period of step t and the position in it are found with the same integer arithmetic, and the values
 * are the stepper's bit for bit.
 */
export class WarmRestartsForm implements ClosedForm {
  readonly exact = true;
  /** The period found last (a cursor: steps are mostly asked in order). */
  private periodStart = 0;
  private periodLength: number;

  constructor(
    private readonly base: number,
    private readonly etaMin: number,
    private readonly t0: number,
    private readonly tMult: number,
  ) {
    this.periodLength = t0;
    // T_mult = 1: T_cur = t % T_0, an exact integer, and nothing else depends on t.
    if (tMult === 1) this.period = { start: 0, length: t0, end: Infinity };
  }

  readonly period?: Periodicity;

  /** Moves the cursor to the period holding step t. */
  private seek(t: number): void {
    if (t < this.periodStart) {
      this.periodStart = 0;
      this.periodLength = this.t0;
    }
    if (this.tMult === 1) {
      this.periodStart = t - (t % this.t0);
      return;
    }
    while (t >= this.periodStart + this.periodLength) {
      this.periodStart += this.periodLength;
      this.periodLength *= this.tMult;
    }
  }

  at(t: number): number {
    this.seek(t);
    return warmRestartsLRAt(this.base, this.etaMin, t - this.periodStart, this.periodLength);
  }

  fill(out: Float64Array, from: number, to: number, t0: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i - from);
  }

  /** The restarts. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    if (this.tMult === 1) return periodicPoints(0, this.t0, [0], from, to, limit);
    const points: number[] = [];
    for (let start = 0, length = this.t0; start < to; start += length, length *= this.tMult) {
      if (start <= from) continue;
      if (points.length >= limit) return null;
      points.push(start);
    }
    return points;
  }
}

/**
 * SequentialLR with sorted milestones >= 1: the children's closed forms, each shifted to start at
 * its milestone (its switch form: PyTorch restarts it with `step(0)` there).
 */
export class SequentialForm implements ClosedForm {
  readonly exact: boolean;
  /**
   * @param forms child k's form, for steps [milestones[k-1], milestones[k]); `null` for a child whose
   *   range is empty (two equal milestones: it is never stepped).
   */
  constructor(
    private readonly milestones: Float64Array,
    private readonly forms: readonly (ClosedForm | null)[],
  ) {
    this.exact = forms.every((f) => f === null || f.exact);
  }

  private startOf(k: number): number {
    return k === 0 ? 0 : this.milestones[k - 1];
  }

  at(t: number): number {
    const k = bisectRight(this.milestones, t);
    return this.forms[k]!.at(t - this.startOf(k));
  }

  /** Segment by segment, in each child's own loop. */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const m = this.milestones;
    for (let i = from; i < to; ) {
      const t = t0 + i - from;
      const k = bisectRight(m, t);
      const end = k < m.length ? Math.min(to, i + (m[k] - t)) : to;
      this.forms[k]!.fill(out, i, end, t - this.startOf(k));
      i = end;
    }
  }

  /** The milestones and each segment's own breakpoints, shifted. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const m = this.milestones;
    const out: number[] = [];
    for (let k = bisectRight(m, from); k <= m.length; k++) {
      const start = this.startOf(k);
      if (start >= to) break;
      if (start > from && start !== out[out.length - 1]) out.push(start);
      const end = k < m.length ? Math.min(to, m[k]) : to;
      const form = this.forms[k];
      if (form === null || end <= start) continue;
      const inner = form.breakpoints(Math.max(from, start) - start, end - start, limit);
      if (inner === null) return null;
      for (const p of inner) out.push(p + start);
      if (out.length > limit) return null;
    }
    return out;
  }
}

/** A scheduler whose first step (its construction, SequentialLR's switch to it) raises. */
export class RaisingForm implements ClosedForm {
  readonly exact = true;
  constructor(private readonly error: PythonRuntimeError) {}
  at(): number {
    throw this.error;
  }
  fill(_out: Float64Array, from: number, to: number): void {
    if (to > from) throw this.error;
  }
  breakpoints(): number[] {
    return [];
  }
}
