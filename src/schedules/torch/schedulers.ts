/**
 * Every `torch.optim.lr_scheduler` class of PyTorch 1.13 except ReduceLROnPlateau (plateau.ts), each
 * transcribed operation by operation from its `get_lr()` / `_get_closed_form_lr()` / `step()`.
 * Comments quote the Python where the order of operations matters.
 */
import { PythonRuntimeError, zeroDivision } from '../errors';
import { compileLambda } from '../numerics/expr';
import { bisectRight, pyDiv, pyPow } from '../numerics/pymath';
import { LRScheduler, mulLr, type ParamGroup, type TorchScheduler } from './core';

type Params = Record<string, unknown>;
type Fn = (x: number) => number;

function overflow(): never {
  throw new PythonRuntimeError('OverflowError', "(34, 'Numerical result out of range')");
}

/** Python float `a ** b`: also raises OverflowError where the result is out of range. */
function pow(a: number, b: number): number {
  const r = pyPow(a, b);
  if (r - r !== 0 && a - a === 0 && b - b === 0) overflow();
  return r;
}

/**
 * `a ** b` for the powers computed at every step. V8's Math.pow costs ~6 times Math.exp, so for a > 0
 * this is exp(b·log a): within ~1e-13 relative of the correctly rounded power wherever that is a normal
 * number (|b·log a| < 746), far inside the 1e-9 parity budget. Other bases keep Python's rules.
 */
function powStep(a: number, b: number): number {
  if (!(a > 0)) return pow(a, b);
  return b === 1 ? a : expStep(b * Math.log(a));
}

/** exp(y) standing for a power: Python's `**` raises OverflowError where exp overflows. */
function expStep(y: number): number {
  const r = Math.exp(y);
  if (r === Infinity) overflow();
  return r;
}

/** LambdaLR: `base_lr * lmbda(last_epoch)`. */
class LambdaLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly fn: Fn,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.baseLr * this.fn(this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

/** MultiplicativeLR: `lr * lmbda(last_epoch)` once `last_epoch > 0`. No closed form. */
class MultiplicativeLR extends LRScheduler {
  private readonly memo = new Float64Array(3);
  constructor(
    group: ParamGroup,
    private readonly fn: Fn,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    return le > 0 ? mulLr(this.group.lr, this.fn(le), this.memo) : this.group.lr;
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class StepLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0 || le % this.stepSize !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }
  closedFormLr(): number {
    // base_lr * self.gamma ** (self.last_epoch // self.step_size)
    return this.baseLr * pow(this.gamma, Math.floor(this.lastEpoch / this.stepSize));
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

/** MultiStepLR: milestones are a Counter (duplicates compound, order irrelevant). */
class MultiStepLR extends LRScheduler {
  private readonly keys: Float64Array;
  /** Multiplicity of each distinct milestone. */
  private readonly counts: Float64Array;
  private readonly sorted: Float64Array;
  /** Index of the first key >= the last epoch looked up (amortised O(1) membership test). */
  private k = 0;

  constructor(
    group: ParamGroup,
    milestones: readonly number[],
    private readonly gamma: number,
  ) {
    super(group);
    this.sorted = Float64Array.from(milestones).sort();
    const keys: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.sorted.length; ) {
      let j = i;
      while (j < this.sorted.length && this.sorted[j] === this.sorted[i]) j++;
      keys.push(this.sorted[i]);
      counts.push(j - i);
      i = j;
    }
    this.keys = Float64Array.from(keys);
    this.counts = Float64Array.from(counts);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const keys = this.keys;
    let k = this.k;
    while (k > 0 && keys[k - 1] >= le) k--;
    while (k < keys.length && keys[k] < le) k++;
    this.k = k;
    if (k < keys.length && keys[k] === le) return this.group.lr * pow(this.gamma, this.counts[k]);
    return this.group.lr;
  }
  closedFormLr(): number {
    return this.baseLr * pow(this.gamma, bisectRight(this.sorted, this.lastEpoch));
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class ConstantLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly factor: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0) return this.group.lr * this.factor;
    if (le !== this.totalIters) return this.group.lr;
    return this.group.lr * pyDiv(1.0, this.factor);
  }
  closedFormLr(): number {
    // base_lr * (factor + (last_epoch >= total_iters) * (1 - factor))
    return this.baseLr * (this.factor + (this.lastEpoch >= this.totalIters ? 1 - this.factor : 0));
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class LinearLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly start: number,
    private readonly end: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0) return this.group.lr * this.start;
    if (le > this.totalIters) return this.group.lr;
    const s = this.start;
    const d = this.end - s;
    // lr * (1. + (e - s) / (T * s + (last_epoch - 1) * (e - s)))
    return this.group.lr * (1 + pyDiv(d, this.totalIters * s + (le - 1) * d));
  }
  closedFormLr(): number {
    const s = this.start;
    // base_lr * (s + (e - s) * min(T, last_epoch) / T)
    return this.baseLr * (s + pyDiv((this.end - s) * Math.min(this.totalIters, this.lastEpoch), this.totalIters));
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class ExponentialLR extends LRScheduler {
  private readonly memo = new Float64Array(3);
  constructor(
    group: ParamGroup,
    private readonly gamma: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.lastEpoch === 0 ? this.group.lr : mulLr(this.group.lr, this.gamma, this.memo);
  }
  closedFormLr(): number {
    return this.baseLr * pow(this.gamma, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class PolynomialLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly totalIters: number,
    private readonly power: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const t = this.totalIters;
    if (le === 0 || le > t) return this.group.lr;
    // ((1.0 - last_epoch / T) / (1.0 - (last_epoch - 1) / T)) ** power
    const factor = powStep((1.0 - le / t) / (1.0 - (le - 1) / t), this.power);
    return this.group.lr * factor;
  }
  closedFormLr(): number {
    const t = this.totalIters;
    // int / int: Python says "division by zero"
    if (t === 0) zeroDivision('division by zero');
    return this.baseLr * pow(1.0 - Math.min(t, this.lastEpoch) / t, this.power);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

class CosineAnnealingLR extends LRScheduler {
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
    const eta = this.etaMin;
    return eta + ((this.baseLr - eta) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2;
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
}

const enum CyclicScale {
  Triangular,
  Triangular2,
  ExpRange,
  Custom,
}

/**
 * CyclicLR: the group lr is set to `base_lr` before the base constructor, whose step still uses
 * `base_lrs = [initial_lr]` (the optimizer's earlier `initial_lr` if another scheduler set it);
 * `self.base_lrs = base_lr` only afterwards.
 */
class CyclicLR extends LRScheduler {
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
    group: ParamGroup,
    baseLr: number,
    private readonly maxLr: number,
    up: number,
    down: number | null,
    mode: string,
    private readonly gamma: number,
    private readonly scaleFn: Fn | null,
    scaleMode: string,
  ) {
    super(group);
    group.lr = baseLr;
    const down_ = down ?? up;
    this.totalSize = up + down_;
    this.stepRatio = pyDiv(up, this.totalSize);
    if (scaleFn) {
      this.scale = CyclicScale.Custom;
      this.byCycle = scaleMode === 'cycle';
    } else {
      this.scale = mode === 'triangular' ? CyclicScale.Triangular : mode === 'triangular2' ? CyclicScale.Triangular2 : CyclicScale.ExpRange;
      this.byCycle = mode !== 'exp_range';
    }
    this.logGamma = gamma > 0 ? Math.log(gamma) : NaN;
    this.init();
    this.baseLr = baseLr;
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
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const cycle = Math.floor(1 + le / this.totalSize);
    const x = 1 + le / this.totalSize - cycle;
    const r = this.stepRatio;
    const scaleFactor = x <= r ? pyDiv(x, r) : pyDiv(x - 1, r - 1);
    const baseHeight = (this.maxLr - this.baseLr) * scaleFactor;
    if (!this.byCycle) return this.baseLr + baseHeight * this.scaleAt(le);
    if (cycle !== this.cachedCycle) {
      this.cachedScale = this.scaleAt(cycle);
      this.cachedCycle = cycle;
    }
    return this.baseLr + baseHeight * this.cachedScale;
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

const enum GroupKey {
  Initial,
  Max,
  Min,
}

/**
 * OneCycleLR: writes `initial_lr`, `max_lr` and `min_lr` into the group at construction and reads
 * them back from the group at every step (a later OneCycleLR on the same optimizer overwrites them).
 */
class OneCycleLR extends LRScheduler {
  private readonly ends: Float64Array;
  private readonly startKeys: GroupKey[];
  private readonly endKeys: GroupKey[];
  private readonly cos: boolean;

  constructor(
    group: ParamGroup,
    maxLr: number,
    private readonly totalSteps: number,
    pctStart: number,
    anneal: string,
    divFactor: number,
    finalDivFactor: number,
    threePhase: boolean,
  ) {
    super(group);
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
    group.initialLr = pyDiv(maxLr, divFactor);
    group.hasInitialLr = true;
    group.maxLr = maxLr;
    group.minLr = pyDiv(group.initialLr, finalDivFactor);
    this.init();
  }
  private read(key: GroupKey): number {
    const g = this.group;
    return key === GroupKey.Initial ? g.initialLr : key === GroupKey.Max ? g.maxLr : g.minLr;
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const stepNum = this.lastEpoch;
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
        const start = this.read(this.startKeys[i]);
        const end = this.read(this.endKeys[i]);
        if (this.cos) {
          const cosOut = Math.cos(Math.PI * pct) + 1;
          return end + ((start - end) / 2.0) * cosOut;
        }
        return (end - start) * pct + start;
      }
      startStep = endStep;
    }
  }
  /**
   * Phase by phase: the phase's bounds and group values are read once (only this scheduler steps
   * meanwhile), the cosines' arguments computed in a first pass. The step at index i sets the lr of
   * index i + 1: out[i] is the lr before it. Past total_steps and in an empty phase the canonical
   * step raises.
   */
  run(out: Float64Array, from: number, to: number): void {
    const g = this.group;
    const ends = this.ends;
    const last = ends.length - 1;
    for (let i = from; i < to; ) {
      const s0 = this.lastEpoch + 1;
      let k = 0;
      while (k < last && !(s0 <= ends[k])) k++;
      const startStep = k === 0 ? 0 : ends[k - 1];
      const span = ends[k] - startStep;
      const n = Math.min(to - i, (k === last ? this.totalSteps : Math.floor(ends[k])) - s0 + 1);
      if (!(n > 0) || span === 0) {
        out[i++] = g.lr;
        this.step();
        continue;
      }
      const start = this.read(this.startKeys[k]);
      const end = this.read(this.endKeys[k]);
      out[i] = g.lr;
      // out[j] = the value stepNum s1 + j sets, for j = i + 1 .. i + n - 1; stepNum s1 + i + n sets g.lr.
      const s1 = s0 - 1 - i;
      if (this.cos) {
        const half = (start - end) / 2.0;
        for (let j = i + 1; j < i + n; j++) out[j] = Math.PI * ((s1 + j - startStep) / span);
        for (let j = i + 1; j < i + n; j++) out[j] = end + half * (Math.cos(out[j]) + 1);
        g.lr = end + half * (Math.cos(Math.PI * ((s1 + i + n - startStep) / span)) + 1);
      } else {
        for (let j = i + 1; j < i + n; j++) out[j] = (end - start) * ((s1 + j - startStep) / span) + start;
        g.lr = (end - start) * ((s1 + i + n - startStep) / span) + start;
      }
      this.lastEpoch += n;
      this.stepCount += n;
      i += n;
    }
  }
}

/** CosineAnnealingWarmRestarts overrides `step(epoch=None)` with its own T_cur / T_i bookkeeping. */
class CosineAnnealingWarmRestarts extends LRScheduler {
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
    const eta = this.etaMin;
    return eta + ((this.baseLr - eta) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2;
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
}

/** `step()` of SequentialLR/ChainedScheduler takes no epoch: SequentialLR's switch raises on them. */
function noEpochArgument(cls: string): never {
  throw new PythonRuntimeError(
    'TypeError',
    `${cls}.step() takes 1 positional argument but 2 were given ` +
      `(in PyTorch 1.13 a SequentialLR calls step(0) on the scheduler it switches to, which ${cls} does not accept)`,
  );
}

/** SequentialLR (1.13): never calls the base constructor; resets the lr and re-runs child 0's initial step. */
class SequentialLR implements TorchScheduler {
  lastEpoch: number;
  /** Milestones in nondecreasing order: each child's turn is one range of epochs. */
  private readonly sorted: boolean;

  constructor(
    private readonly group: ParamGroup,
    private readonly children: readonly TorchScheduler[],
    private readonly milestones: Float64Array,
  ) {
    this.sorted = milestones.every((m, k) => k === 0 || milestones[k - 1] <= m);
    this.lastEpoch = -1 + 1;
    group.lr = group.initialLr;
    for (const c of children) {
      if (c instanceof ChainedScheduler) {
        throw new PythonRuntimeError('AttributeError', "'ChainedScheduler' object has no attribute 'last_epoch'");
      }
      c.lastEpoch -= 1;
    }
    children[0].initialStep();
  }
  step(): void {
    this.lastEpoch += 1;
    const le = this.lastEpoch;
    const idx = bisectRight(this.milestones, le);
    const scheduler = this.children[idx];
    if (idx > 0 && this.milestones[idx - 1] === le) scheduler.stepEpoch(0);
    else scheduler.step();
  }
  stepEpoch(): void {
    noEpochArgument('SequentialLR');
  }
  initialStep(): void {
    this.step();
  }
  /** Between two milestones every step goes to one child: its own loop runs that range. */
  run(out: Float64Array, from: number, to: number): void {
    const m = this.milestones;
    for (let i = from; i < to; ) {
      const le = this.lastEpoch + 1;
      const idx = bisectRight(m, le);
      if (!this.sorted || (idx > 0 && m[idx - 1] === le)) {
        out[i++] = this.group.lr;
        this.step();
        continue;
      }
      const n = Math.min(to - i, idx < m.length ? m[idx] - le : Infinity);
      const child = this.children[idx];
      const childEpoch = child.lastEpoch;
      try {
        child.run(out, i, i + n);
      } finally {
        // One epoch per step the child took (the failing one included).
        this.lastEpoch += child.lastEpoch - childEpoch;
      }
      i += n;
    }
  }
}

/** ChainedScheduler (1.13): no constructor step, no `last_epoch`; `step()` steps every child in order. */
class ChainedScheduler implements TorchScheduler {
  /**
   * PyTorch's ChainedScheduler has no `last_epoch` (SequentialLR refuses it before reading one):
   * here it counts `step()` calls, as {@link TorchScheduler.run} requires.
   */
  lastEpoch = 0;
  constructor(
    private readonly group: ParamGroup,
    private readonly children: readonly TorchScheduler[],
  ) {}
  step(): void {
    this.lastEpoch++;
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) cs[i].step();
  }
  stepEpoch(): void {
    noEpochArgument('ChainedScheduler');
  }
  initialStep(): void {
    this.step();
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
}

interface ChildSpec {
  scheduler: string;
  params: Params;
}

function lambdaOf(params: Params, name: string): Fn {
  return compileLambda(params[name] as string).fn;
}

/**
 * Builds the scheduler `id` (a `torch.*` id other than ReduceLROnPlateau) on `group`, as its Python
 * constructor would: composite children are constructed first, in order, on the same group.
 */
export function buildTorchScheduler(id: string, p: Params, group: ParamGroup): TorchScheduler {
  const num = (k: string) => p[k] as number;
  switch (id) {
    case 'torch.LambdaLR':
      return new LambdaLR(group, lambdaOf(p, 'lr_lambda'));
    case 'torch.MultiplicativeLR':
      return new MultiplicativeLR(group, lambdaOf(p, 'lr_lambda'));
    case 'torch.StepLR':
      return new StepLR(group, num('step_size'), num('gamma'));
    case 'torch.MultiStepLR':
      return new MultiStepLR(group, p.milestones as number[], num('gamma'));
    case 'torch.ConstantLR':
      return new ConstantLR(group, num('factor'), num('total_iters'));
    case 'torch.LinearLR':
      return new LinearLR(group, num('start_factor'), num('end_factor'), num('total_iters'));
    case 'torch.ExponentialLR':
      return new ExponentialLR(group, num('gamma'));
    case 'torch.PolynomialLR':
      return new PolynomialLR(group, num('total_iters'), num('power'));
    case 'torch.CosineAnnealingLR':
      return new CosineAnnealingLR(group, num('T_max'), num('eta_min'));
    case 'torch.CyclicLR':
      return new CyclicLR(
        group,
        num('base_lr'),
        num('max_lr'),
        num('step_size_up'),
        p.step_size_down as number | null,
        p.mode as string,
        num('gamma'),
        p.scale_fn === null ? null : lambdaOf(p, 'scale_fn'),
        p.scale_mode as string,
      );
    case 'torch.OneCycleLR':
      return new OneCycleLR(
        group,
        num('max_lr'),
        oneCycleTotalSteps(p),
        num('pct_start'),
        p.anneal_strategy as string,
        num('div_factor'),
        num('final_div_factor'),
        p.three_phase as boolean,
      );
    case 'torch.CosineAnnealingWarmRestarts':
      return new CosineAnnealingWarmRestarts(group, num('T_0'), num('T_mult'), num('eta_min'));
    case 'torch.SequentialLR': {
      const children = (p.schedulers as ChildSpec[]).map((c) => buildTorchScheduler(c.scheduler, c.params, group));
      return new SequentialLR(group, children, Float64Array.from(p.milestones as number[]));
    }
    case 'torch.ChainedScheduler':
      return new ChainedScheduler(
        group,
        (p.schedulers as ChildSpec[]).map((c) => buildTorchScheduler(c.scheduler, c.params, group)),
      );
    default:
      throw new Error(`${id} is not a chainable torch scheduler`);
  }
}

/** OneCycleLR's `total_steps`, or `epochs * steps_per_epoch` when it is None. */
export function oneCycleTotalSteps(p: Params): number {
  return p.total_steps !== null ? (p.total_steps as number) : (p.epochs as number) * (p.steps_per_epoch as number);
}
