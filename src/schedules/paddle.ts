/**
 * PaddlePaddle `paddle.optimizer.lr` (catalog section B): the 17 dygraph `LRScheduler`s.
 *
 * Conventions reproduced from `python/paddle/optimizer/lr.py`:
 * - the constructor calls `step()` once, so the first optimizer update sees `get_lr()` at
 *   `last_epoch = 0`; every later `scheduler.step()` increments `last_epoch` and recomputes;
 * - all arithmetic is Python float64, operation by operation (same order as the source);
 * - `CosineAnnealingDecay` and `LinearLR` are recursive on `last_lr`; everything else is closed
 *   form (MultiplicativeDecay's product loop is a running product: same bits, O(1) per step);
 * - `LinearWarmup(scheduler)` calls `inner.step(t - W)` with an explicit epoch, which makes the
 *   inner use its closed form where it has one (`_get_closed_form_lr`) or its own explicit-epoch
 *   path (CosineAnnealingWarmRestarts). Inner schedulers are built here with {@link createPaddleInner}
 *   because that behaviour is Paddle-internal.
 */
import { PythonRuntimeError, paramError, zeroDivision } from './errors';
import { pyLogBase } from './numerics/crlog';
import { compileLambda } from './numerics/expr';
import { ConstPow } from './numerics/expr/intpow';
import { pyDiv, pyMax, pyPow } from './numerics/pymath';
import type { ParamDef, SchedulerDefinition, SliderHint, Stepper } from './types';
import { PAPERS } from './papers';

type Params = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Python float powers

/** A float `**` result: CPython raises OverflowError where the power overflows to infinity. */
function noOverflow(r: number): number {
  if (r === Infinity || r === -Infinity) {
    throw new PythonRuntimeError('OverflowError', "(34, 'Numerical result out of range')");
  }
  return r;
}

/**
 * Python `gamma ** k` for integers k >= 0 (float ** int): correctly rounded from expr's power
 * tables, `Math.pow` where those stop (near underflow or overflow).
 */
class IntPowers {
  private readonly table: ConstPow | null;
  /** First exponent from which the power is exactly 0 (|gamma| < 1). */
  private zeroFrom = Infinity;
  constructor(private readonly gamma: number) {
    const c = Math.abs(gamma);
    this.table = c > 0 && c < Infinity ? new ConstPow(c) : null;
  }
  get(k: number): number {
    const table = this.table;
    if (table !== null && k < table.limit) {
      const r = table.pow(k);
      return this.gamma < 0 && k % 2 === 1 ? -r : r;
    }
    if (k >= this.zeroFrom) return 0;
    const r = Math.pow(this.gamma, k);
    if (r === 0) this.zeroFrom = k;
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// Steppers. Each class has its own `step()` (monomorphic hot paths); the constructor performs
// Paddle's constructor step (t = 0).

/**
 * What every Paddle scheduler keeps: `last_epoch` (t) and `last_lr` (cur). Every `step()` is
 * failure-atomic: where Python raises, it throws before changing any state, and otherwise it
 * advances `t` by exactly one, so that {@link fill} knows where a batch stopped.
 */
abstract class PaddleStepper implements Stepper {
  protected t = 0;
  protected cur = 0;
  lr(): number {
    return this.cur;
  }
  abstract step(metric?: number): void;
  /**
   * The canonical loop over out[from..to). Each class repeats the same four-line loop on purpose:
   * in its own copy `this.step()` has a single receiver class and V8 inlines it; one shared loop
   * here would make that call megamorphic once several classes have run (measured 2-3x slower).
   */
  protected abstract run(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): void;
  /** `Stepper.fill`: returns `to`, or the step whose `step()` raised (state left before it). */
  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    const t0 = this.t;
    try {
      this.run(out, from, to, metrics);
      return to;
    } catch (e) {
      if (e instanceof PythonRuntimeError) return from + (this.t - t0);
      throw e;
    }
  }
}

class NoamStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly c: number;
  private readonly wm: number;
  constructor(base: number, dModel: number, warmup: number) {
    super();
    this.c = base * pyPow(dModel, -0.5);
    this.wm = pyPow(warmup, -1.5);
    this.cur = this.value(0);
  }
  private value(t: number): number {
    // t ** -0.5: 1 / sqrt(t) is within 1 ulp of pow and several times faster.
    const a = t === 0 ? 1 : 1 / Math.sqrt(t);
    const b = this.wm * t;
    return this.c * (b < a ? b : a); // Python min(a, b): a unless b is smaller
  }
  step(): void {
    this.cur = this.value(++this.t);
  }
}

class PiecewiseStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  /** First index i with t < boundaries[i]: non-decreasing in t even for unsorted boundaries. */
  private i = 0;
  constructor(
    private readonly boundaries: readonly number[],
    private readonly values: readonly number[],
  ) {
    super();
    this.cur = this.value(0);
  }
  private value(t: number): number {
    const b = this.boundaries;
    while (this.i < b.length && !(t < b[this.i])) this.i++;
    return this.i < b.length ? this.values[this.i] : this.values[this.values.length - 1];
  }
  step(): void {
    this.cur = this.value(++this.t);
  }
}

class NaturalExpStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly negGamma: number;
  constructor(
    private readonly base: number,
    gamma: number,
  ) {
    super();
    this.negGamma = -1 * gamma;
    this.cur = base * Math.exp(this.negGamma * 0);
  }
  step(): void {
    this.cur = this.base * Math.exp(this.negGamma * ++this.t);
  }
}

class InverseTimeStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  constructor(
    private readonly base: number,
    private readonly gamma: number,
  ) {
    super();
    this.cur = pyDiv(base, 1 + gamma * 0);
  }
  step(): void {
    const t = this.t + 1;
    const d = 1 + this.gamma * t;
    if (d === 0) zeroDivision('float division by zero');
    this.cur = this.base / d;
    this.t = t;
  }
}

/**
 * `x ** p` for x in [0, 1], p > 0. Powers 1, 2 and 0.5 are one correctly rounded operation (the
 * bits of CPython's pow); other powers use exp(p * log x), within |p * log x| ulp of pow
 * (< 1e-13 relative for x >= 1e-300) and several times faster than V8's Math.pow.
 */
function polyPow(x: number, p: number): number {
  if (p === 1) return x;
  if (p === 2) return x * x;
  if (p === 0.5) return Math.sqrt(x);
  return x > 1e-300 ? Math.exp(p * Math.log(x)) : Math.pow(x, p);
}

class PolynomialStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly span: number;
  constructor(
    base: number,
    private readonly decaySteps: number,
    private readonly endLr: number,
    private readonly power: number,
    private readonly cycle: boolean,
  ) {
    super();
    this.span = base - endLr;
    this.cur = this.value(0);
  }
  private value(t: number): number {
    const d = this.decaySteps;
    let frac: number;
    if (this.cycle) {
      const k = t === 0 ? 1 : Math.ceil(t / d);
      frac = t / (d * k);
    } else {
      frac = (t < d ? t : d) / d;
    }
    return this.span * polyPow(1 - frac, this.power) + this.endLr;
  }
  step(): void {
    this.cur = this.value(++this.t);
  }
}

/** `LinearWarmup`: linear ramp for t < W, then a constant or the inner scheduler at t - W. */
export class LinearWarmupStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly rise: number;
  constructor(
    private readonly after: number,
    private readonly inner: Stepper | null,
    private readonly warmupSteps: number,
    private readonly startLr: number,
    endLr: number,
  ) {
    super();
    this.rise = endLr - startLr;
    this.cur = startLr; // (end_lr - start_lr) * 0.0 / W + start_lr, W >= 1
  }
  step(): void {
    const t = this.t + 1;
    const w = this.warmupSteps;
    const inner = this.inner;
    if (t < w) {
      this.cur = (this.rise * t) / w + this.startLr;
    } else if (inner === null) {
      this.cur = this.after;
    } else {
      // inner.step(t - W); at t = W the inner already holds its epoch-0 value.
      if (t > w) inner.step();
      this.cur = inner.lr();
    }
    this.t = t;
  }
}

class ExponentialStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly powers: IntPowers;
  constructor(
    private readonly base: number,
    gamma: number,
  ) {
    super();
    this.powers = new IntPowers(gamma);
    this.cur = base * this.powers.get(0);
  }
  step(): void {
    this.cur = this.base * this.powers.get(++this.t);
  }
}

/** MultiStepDecay (strictly increasing milestones): `base * gamma**i` precomputed per segment. */
class MultiStepStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private i = 0;
  private readonly values: Float64Array;
  constructor(
    base: number,
    private readonly milestones: readonly number[],
    gamma: number,
  ) {
    super();
    this.values = new Float64Array(milestones.length + 1);
    for (let i = 0; i <= milestones.length; i++) this.values[i] = base * Math.pow(gamma, i);
    this.cur = this.value(0);
  }
  private value(t: number): number {
    const m = this.milestones;
    while (this.i < m.length && !(t < m[this.i])) this.i++;
    return this.values[this.i];
  }
  step(): void {
    this.cur = this.value(++this.t);
  }
}

class StepDecayStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  /** t % step_size and t // step_size, kept incrementally (exact integers). */
  private inStep = 0;
  private k = 0;
  constructor(
    private readonly base: number,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    super();
    this.cur = base * Math.pow(gamma, 0);
  }
  step(): void {
    this.t++;
    if (++this.inStep === this.stepSize) {
      this.inStep = 0;
      this.k++;
      this.cur = this.base * Math.pow(this.gamma, this.k);
    }
  }
}

class LambdaStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  constructor(
    private readonly base: number,
    private readonly fn: (x: number) => number,
  ) {
    super();
    this.cur = base * fn(0);
  }
  step(): void {
    const t = this.t + 1;
    this.cur = this.base * this.fn(t);
    this.t = t;
  }
}

/** MultiplicativeDecay: `b * λ(1) * λ(2) * ... * λ(t)` left to right, kept as a running product. */
class MultiplicativeStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private fixedPoint = NaN;
  private fixedLambda = NaN;
  constructor(
    base: number,
    private readonly fn: (x: number) => number,
  ) {
    super();
    this.cur = base;
  }
  step(): void {
    const t = this.t + 1;
    const lam = this.fn(t);
    const cur = this.cur;
    if (cur !== this.fixedPoint || lam !== this.fixedLambda) {
      const next = cur * lam;
      // A constant factor < 1 underflows to a subnormal that the product keeps returning
      // (10 ulp * 0.95 rounds back to 10 ulp); x86 multiplies subnormals ~20x slower, so the
      // fixed point is remembered: same operands, same bits.
      if (next === cur && cur !== 0) {
        this.fixedPoint = cur;
        this.fixedLambda = lam;
      }
      this.cur = next;
    }
    this.t = t;
  }
}

const MODE_MIN_REL = 0;
const MODE_MIN_ABS = 1;
const MODE_MAX_REL = 2;

class PlateauStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step(metrics?.[i]);
    }
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
}

/** CosineAnnealingDecay as `step()` computes it: recursive on `last_lr`. */
export class CosineAnnealingStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
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
  step(): void {
    const c = Math.cos((Math.PI * ++this.t) / this.tMax);
    if (++this.phase === this.twoT) this.phase = 0;
    if (this.phase === 0) {
      this.cur = this.cur + this.restartAdd;
    } else {
      this.cur = ((1 + c) / (1 + this.prevCos)) * (this.cur - this.etaMin) + this.etaMin;
    }
    this.prevCos = c;
  }
}

/** CosineAnnealingDecay at explicit epochs (`_get_closed_form_lr`), as LinearWarmup drives it. */
export class CosineAnnealingClosedStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  constructor(
    private readonly base: number,
    private readonly tMax: number,
    private readonly etaMin: number,
  ) {
    super();
    this.cur = this.value(0);
  }
  private value(t: number): number {
    const eta = this.etaMin;
    return eta + ((this.base - eta) * (1 + Math.cos((Math.PI * t) / this.tMax))) / 2;
  }
  step(): void {
    this.cur = this.value(++this.t);
  }
}

const ANNEAL_COS = 0;

class OneCycleStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  /** Phase table: `_step_config` (start and end step of each phase) and `_lr_config`. */
  private readonly config: number[];
  private readonly lrs: number[];
  private readonly last: number;
  /** The phase in use (the first with t <= its end, or the last): never moves back as t grows. */
  private phase = -1;
  private phaseStart = 0;
  private phaseEnd = 0;
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
  ) {
    super();
    const initial = maxLr / divideFactor;
    const T = totalSteps;
    this.config = threePhase ? [0, pct * T - 1, 2 * pct * T - 2, T - 1] : [0, pct * T - 1, T - 1];
    this.lrs = threePhase ? [initial, maxLr, initial, endLr] : [initial, maxLr, endLr];
    this.last = this.config.length - 2;
    this.enter(0);
    this.cur = this.value(0);
  }
  private enter(i: number): void {
    this.phase = i;
    this.phaseStart = this.config[i];
    this.phaseEnd = this.config[i + 1];
    this.phaseSize = this.config[i + 1] - this.config[i];
    this.lrStart = this.lrs[i];
    this.lrEnd = this.lrs[i + 1];
    this.halfSpan = (this.lrStart - this.lrEnd) / 2.0;
  }
  private value(t: number): number {
    if (t > this.totalSteps) {
      throw new PythonRuntimeError(
        'ValueError',
        `Tried to step ${t} times. However the number of total steps is ${this.totalSteps}`,
      );
    }
    while (this.phase < this.last && !(t <= this.phaseEnd)) this.enter(this.phase + 1);
    if (this.phaseSize === 0) zeroDivision('float division by zero');
    const pct = (t - this.phaseStart) / this.phaseSize;
    if (this.anneal === ANNEAL_COS) return this.lrEnd + this.halfSpan * (Math.cos(Math.PI * pct) + 1);
    return (this.lrEnd - this.lrStart) * pct + this.lrStart;
  }
  step(): void {
    const t = this.t + 1;
    this.cur = this.value(t);
    this.t = t;
  }
}

const SCALE_TRIANGULAR = 0;
const SCALE_TRIANGULAR2 = 1;
const SCALE_EXP_RANGE = 2;
const SCALE_CUSTOM = 3;

class CyclicStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly cycleSize: number;
  private readonly upPct: number;
  private readonly amplitude: number;
  /** triangular2 caches `1 / 2.0 ** (cycle - 1)` per cycle. */
  private cachedCycle = -1;
  private cachedScale = 1;
  private readonly powers: IntPowers;
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
    super();
    this.cycleSize = up + down;
    this.upPct = up / this.cycleSize;
    this.amplitude = maxLr - base;
    this.powers = new IntPowers(kind === SCALE_EXP_RANGE ? gamma : 1);
    this.cur = this.value(0);
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
  private value(t: number): number {
    // `1 + t // cycle_size`: both integer-valued, so the float floor division is floor(t / size).
    const cycle = 1 + Math.floor(t / this.cycleSize);
    const pct = 1.0 + t / this.cycleSize - cycle;
    const sf = pct <= this.upPct ? pct / this.upPct : (1 - pct) / (1 - this.upPct);
    return this.base + this.amplitude * sf * this.scale(cycle, t);
  }
  step(): void {
    const t = this.t + 1;
    this.cur = this.value(t);
    this.t = t;
  }
}

class LinearLRStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  private readonly baseLr: number;
  private readonly curFactor: number;
  constructor(
    base: number,
    private readonly totalSteps: number,
    startFactor: number,
    endFactor: number,
  ) {
    super();
    this.cur = base * startFactor;
    this.baseLr = totalSteps * startFactor;
    this.curFactor = endFactor - startFactor;
  }
  step(): void {
    const t = ++this.t;
    if (t > this.totalSteps) return;
    const factor = 1.0 + this.curFactor / (this.baseLr + (t - 1) * this.curFactor);
    this.cur = this.cur * factor;
  }
}

/** CosineAnnealingWarmRestarts driven by `step()`: integer bookkeeping of T_cur and T_i. */
class WarmRestartsStepper extends PaddleStepper {
  protected run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      out[i] = this.cur;
      this.step();
    }
  }
  protected tCur = 0;
  protected tI: number;
  constructor(
    protected readonly base: number,
    protected readonly t0: number,
    protected readonly tMult: number,
    protected readonly etaMin: number,
  ) {
    super();
    this.tI = t0;
    this.cur = this.value(0, t0);
  }
  protected value(tCur: number, tI: number): number {
    const eta = this.etaMin;
    return eta + ((this.base - eta) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  }
  step(): void {
    this.t++;
    this.tCur = this.tCur + 1;
    if (this.tCur >= this.tI) {
      this.tCur = this.tCur - this.tI;
      this.tI = this.tI * this.tMult;
    }
    this.cur = this.value(this.tCur, this.tI);
  }
}

/**
 * CosineAnnealingWarmRestarts driven by `step(epoch)` (inside LinearWarmup). For T_mult > 1 Paddle
 * takes the cycle index from `int(math.log(epoch / T_0 * (T_mult - 1) + 1, T_mult))`. Away from
 * a restart that is the exact index the integer bookkeeping holds; AT a restart the argument is
 * exactly T_mult ** k and CPython's log may give k - 1 (then T_cur = T_i: the rate is eta_min).
 */
class WarmRestartsExplicitStepper extends WarmRestartsStepper {
  step(): void {
    super.step();
    const m = this.tMult;
    if (m === 1 || this.tCur !== 0) return;
    const epoch = this.t;
    const t0 = this.t0;
    const n = Math.trunc(pyLogBase((epoch / t0) * (m - 1) + 1, m));
    let mn = 1;
    for (let i = 0; i < n; i++) mn *= m;
    const tI = t0 * mn;
    if (tI !== this.tI) this.cur = this.value(epoch - (t0 * (mn - 1)) / (m - 1), tI);
  }
}

// ---------------------------------------------------------------------------------------------
// Factories: `explicit` builds the stepper that `LinearWarmup` drives with `step(epoch)`.

type Factory = (p: Params, explicit: boolean) => Stepper;

const num = (p: Params, name: string): number => p[name] as number;

function lambdaOf(text: unknown): (x: number) => number {
  return compileLambda(text as string).fn;
}

const factories: Record<string, Factory> = {
  NoamDecay: (p) => new NoamStepper(num(p, 'learning_rate'), num(p, 'd_model'), num(p, 'warmup_steps')),
  PiecewiseDecay: (p) => new PiecewiseStepper(p.boundaries as number[], p.values as number[]),
  NaturalExpDecay: (p) => new NaturalExpStepper(num(p, 'learning_rate'), num(p, 'gamma')),
  InverseTimeDecay: (p) => new InverseTimeStepper(num(p, 'learning_rate'), num(p, 'gamma')),
  PolynomialDecay: (p) =>
    new PolynomialStepper(num(p, 'learning_rate'), num(p, 'decay_steps'), num(p, 'end_lr'), num(p, 'power'), p.cycle === true),
  LinearWarmup: (p) => {
    const lr = p.learning_rate;
    const inner = typeof lr === 'number' ? null : createPaddleInner(lr as { scheduler: string; params: Params });
    return new LinearWarmupStepper(
      typeof lr === 'number' ? lr : 0,
      inner,
      num(p, 'warmup_steps'),
      num(p, 'start_lr'),
      num(p, 'end_lr'),
    );
  },
  ExponentialDecay: (p) => new ExponentialStepper(num(p, 'learning_rate'), num(p, 'gamma')),
  MultiStepDecay: (p) => new MultiStepStepper(num(p, 'learning_rate'), p.milestones as number[], num(p, 'gamma')),
  StepDecay: (p) => new StepDecayStepper(num(p, 'learning_rate'), num(p, 'step_size'), num(p, 'gamma')),
  LambdaDecay: (p) => new LambdaStepper(num(p, 'learning_rate'), lambdaOf(p.lr_lambda)),
  ReduceOnPlateau: (p) =>
    new PlateauStepper(
      num(p, 'learning_rate'),
      p.mode as string,
      p.threshold_mode as string,
      num(p, 'factor'),
      num(p, 'patience'),
      num(p, 'threshold'),
      num(p, 'cooldown'),
      num(p, 'min_lr'),
      num(p, 'epsilon'),
    ),
  CosineAnnealingDecay: (p, explicit) =>
    explicit
      ? new CosineAnnealingClosedStepper(num(p, 'learning_rate'), num(p, 'T_max'), num(p, 'eta_min'))
      : new CosineAnnealingStepper(num(p, 'learning_rate'), num(p, 'T_max'), num(p, 'eta_min')),
  MultiplicativeDecay: (p) => new MultiplicativeStepper(num(p, 'learning_rate'), lambdaOf(p.lr_lambda)),
  OneCycleLR: (p) =>
    new OneCycleStepper(
      num(p, 'max_learning_rate'),
      num(p, 'total_steps'),
      num(p, 'divide_factor'),
      num(p, 'end_learning_rate'),
      num(p, 'phase_pct'),
      p.anneal_strategy === 'cos' ? ANNEAL_COS : 1,
      p.three_phase === true,
    ),
  CyclicLR: (p) => {
    const up = num(p, 'step_size_up');
    const down = p.step_size_down === null ? up : num(p, 'step_size_down');
    const custom = p.scale_fn !== null;
    const kind = custom
      ? SCALE_CUSTOM
      : p.mode === 'triangular'
        ? SCALE_TRIANGULAR
        : p.mode === 'triangular2'
          ? SCALE_TRIANGULAR2
          : SCALE_EXP_RANGE;
    return new CyclicStepper(
      num(p, 'base_learning_rate'),
      num(p, 'max_learning_rate'),
      up,
      down,
      kind,
      num(p, 'exp_gamma'),
      custom ? lambdaOf(p.scale_fn) : null,
      custom ? p.scale_mode === 'cycle' : true,
    );
  },
  LinearLR: (p) =>
    new LinearLRStepper(num(p, 'learning_rate'), num(p, 'total_steps'), num(p, 'start_factor'), num(p, 'end_factor')),
  CosineAnnealingWarmRestarts: (p, explicit) => {
    const args = [num(p, 'learning_rate'), num(p, 'T_0'), num(p, 'T_mult'), num(p, 'eta_min')] as const;
    return explicit ? new WarmRestartsExplicitStepper(...args) : new WarmRestartsStepper(...args);
  },
};

/**
 * Builds a validated Paddle child spec as `LinearWarmup` drives it: constructed (its constructor
 * step at epoch 0), then `step(e)` with explicit epochs e = 0, 1, 2, ... in order.
 */
export function createPaddleInner(spec: { scheduler: string; params: Params }): Stepper {
  const factory = factories[spec.scheduler.slice('paddle.'.length)];
  if (!spec.scheduler.startsWith('paddle.') || !factory) {
    throw new Error(`not a Paddle scheduler: ${spec.scheduler}`);
  }
  return factory(spec.params, true);
}

// ---------------------------------------------------------------------------------------------
// Definitions

const LR_SLIDER: SliderHint = { min: 1e-5, max: 1, scale: 'log' };
const FACTOR_SLIDER: SliderHint = { min: 0.01, max: 0.999, scale: 'log' };

/** A rate as Paddle checks it (float >= 0): required with an example unless a default is given. */
function rate(name: string, doc: string, value: { example: number } | { default: number } = { example: 0.1 }): ParamDef {
  return { name, type: { kind: 'number', min: 0, slider: LR_SLIDER }, ...value, doc, key: true };
}

/** `learning_rate` of the LRScheduler base class. */
function learningRate(doc = 'Initial learning rate (base_lr).'): ParamDef {
  return rate('learning_rate', doc);
}

/** `eta_min` (float or int, not range-checked by Paddle). */
const ETA_MIN: ParamDef = { name: 'eta_min', type: { kind: 'number', slider: LR_SLIDER }, default: 0, doc: 'Minimum learning rate.' };

function lrLambda(example: string, doc: string): ParamDef {
  return { name: 'lr_lambda', type: { kind: 'expression', argNames: ['epoch'] }, example, doc, key: true };
}


function def(
  name: string,
  rest: Omit<SchedulerDefinition, 'id' | 'framework' | 'name' | 'module' | 'precision' | 'create'>,
): SchedulerDefinition {
  const factory = factories[name];
  return {
    id: `paddle.${name}`,
    framework: 'paddle',
    name,
    module: `paddle.optimizer.lr.${name}`,
    precision: 'float64',
    ...rest,
    create: (params) => factory(params, false),
  };
}

const COSINE_EQUIVALENTS = [
  'torch.CosineAnnealingLR',
  'keras.CosineDecay',
  'optax.cosine_decay_schedule',
  'hf.cosine',
  'hf.cosine_with_min_lr',
  'timm.CosineLRScheduler',
];

export const paddleSchedulers: SchedulerDefinition[] = [
  def('NoamDecay', {
    family: 'inverse-sqrt',
    params: [
      {
        name: 'd_model',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 16, max: 8192, scale: 'log' } },
        example: 512,
        doc: 'Model dimension; the rate scales with d_model ** -0.5.',
        key: true,
      },
      {
        name: 'warmup_steps',
        type: { kind: 'integer', slider: { min: 1, max: 20000 } },
        example: 4000,
        doc: 'Steps of linear warmup; the peak is at t = warmup_steps.',
        key: true,
      },
      rate('learning_rate', 'Multiplier of the whole curve (1.0 in the paper).', { default: 1.0 }),
    ],
    check: (p, path) => {
      const w = p.warmup_steps as number;
      if (w === 0) paramError('warmup_steps', 'must not be 0: Paddle computes 0 ** -1.5 and raises ZeroDivisionError', path);
      if (w < 0) paramError('warmup_steps', `must be positive: Paddle computes (${w}) ** -1.5, a complex number, and raises TypeError`, path);
    },
    formula: String.raw`\begin{gathered} \eta_t = \eta_0 \cdot d_{model}^{-0.5} \cdot \min\!\left(t^{-0.5},\ t \cdot W^{-1.5}\right), \\ \eta_0\text{ at }t=0\text{ uses }\min(1, 0) = 0 \end{gathered}`,
    description:
      'The Transformer schedule ("Attention Is All You Need"): a linear warmup to the peak learning_rate·(d_model·W)^-0.5 at t = W, then decay as 1/sqrt(t). Counter starts at 0 and the first update gets exactly 0 (Paddle special-cases t = 0 as min(1, 0)). learning_rate is a multiplier, not the peak: the peak is much smaller than learning_rate for realistic d_model and W. The legacy static-graph noam_decay counts from 1 instead.',
    paper: PAPERS.transformer,
    equivalents: ['hf.inverse_sqrt'],
  }),
  def('PiecewiseDecay', {
    family: 'piecewise',
    params: [
      {
        name: 'boundaries',
        type: { kind: 'numberList', integer: true, minLength: 1 },
        example: [30, 60],
        doc: 'Steps at which the next value takes over (not checked for order).',
        key: true,
      },
      {
        name: 'values',
        type: { kind: 'numberList' },
        example: [0.1, 0.01, 0.001],
        doc: 'Learning rates: values[i] before boundaries[i]; the last item after the last boundary.',
        key: true,
      },
    ],
    check: (p, path) => {
      const b = p.boundaries as number[];
      const v = p.values as number[];
      if (v.length <= b.length) {
        paramError('values', `needs at least ${b.length + 1} items, one more than boundaries (got ${v.length})`, path);
      }
    },
    formula: String.raw`\eta_t = v_i\ \text{for the first } i \text{ with } t < b_i,\quad \text{else } v_{\text{last}}`,
    description:
      'Piecewise-constant learning rate given as absolute values; the switch happens at t = boundary. The boundaries are scanned in the given order (Paddle does not sort or check them), and after the last boundary the LAST item of values is used, so extra values beyond len(boundaries)+1 are skipped except the final one. There is no learning_rate argument.',
    equivalents: [
      'torch.MultiStepLR',
      'torch.ConstantLR',
      'keras.PiecewiseConstantDecay',
      'optax.piecewise_constant_schedule',
      'timm.MultiStepLRScheduler',
    ],
  }),
  def('NaturalExpDecay', {
    family: 'exponential',
    params: [
      learningRate(),
      {
        name: 'gamma',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1e-4, max: 1, scale: 'log' } },
        example: 0.1,
        doc: 'Decay rate per step: lr = learning_rate * exp(-gamma * t).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta_0\, e^{-\gamma t}`,
    description:
      'Continuous exponential decay written with the natural exponent: learning_rate·exp(−gamma·t), closed form. It equals ExponentialDecay with gamma\' = e^(−gamma) mathematically, with different rounding. gamma must be positive. Stepped per epoch in the docs; a per-iteration gamma must be much smaller.',
    equivalents: ['torch.ExponentialLR', 'keras.ExponentialDecay', 'optax.exponential_decay'],
  }),
  def('InverseTimeDecay', {
    family: 'inverse-time',
    params: [
      learningRate(),
      {
        name: 'gamma',
        type: { kind: 'number', slider: { min: 1e-4, max: 10, scale: 'log' } },
        example: 0.1,
        doc: 'Rate of the inverse decay: lr = learning_rate / (1 + gamma * t).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \frac{\eta_0}{1 + \gamma t}`,
    description:
      'Inverse-time decay learning_rate/(1 + gamma·t), closed form, no staircase and no decay_steps (the dygraph class divides by 1 per step; the legacy static function had decay_steps). Paddle does not validate gamma: a negative gamma grows the rate and raises ZeroDivisionError where 1 + gamma·t = 0.',
    equivalents: ['keras.InverseTimeDecay'],
  }),
  def('PolynomialDecay', {
    family: 'polynomial',
    params: [
      learningRate(),
      {
        name: 'decay_steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
        example: 1000,
        doc: 'Steps over which the rate decays to end_lr.',
        key: true,
      },
      {
        name: 'end_lr',
        type: { kind: 'number', slider: LR_SLIDER },
        default: 0.0001,
        doc: 'Final learning rate.',
      },
      {
        name: 'power',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 0.1, max: 5 } },
        default: 1.0,
        doc: 'Exponent of the polynomial (1 = linear).',
        key: true,
      },
      { name: 'cycle', type: { kind: 'boolean' }, default: false, doc: 'Stretch the horizon to the next multiple of decay_steps instead of holding end_lr.' },
    ],
    formula: String.raw`\begin{gathered} \eta_t = (\eta_0 - \eta_{end})\left(1 - \frac{\min(t, D)}{D}\right)^{p} + \eta_{end}; \\ \text{cycle: } \left(1 - \frac{t}{D\lceil t/D\rceil}\right)^{p},\ \lceil 0/D \rceil := 1 \end{gathered}`,
    description:
      'Polynomial decay from learning_rate to end_lr over decay_steps, then held at end_lr. With cycle=True the horizon becomes decay_steps·ceil(t/decay_steps): the rate hits end_lr at every multiple of decay_steps and then jumps to a LOWER peak each time (about (lr−end)/(k+1)^power + end), not back to learning_rate. Closed form, identical to Keras PolynomialDecay including the t = 0 special case.',
    equivalents: ['keras.PolynomialDecay', 'optax.polynomial_schedule', 'torch.PolynomialLR', 'hf.polynomial', 'timm.PolyLRScheduler'],
  }),
  def('LinearWarmup', {
    family: 'warmup',
    params: [
      {
        name: 'learning_rate',
        type: {
          kind: 'numberOrSchedule',
          frameworks: ['paddle'],
          exclude: ['paddle.ReduceOnPlateau'],
          slider: LR_SLIDER,
        },
        example: 0.1,
        doc: 'Rate after warmup: a number, or a Paddle scheduler evaluated at t - warmup_steps.',
        key: true,
      },
      {
        name: 'warmup_steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
        example: 100,
        doc: 'Steps of linear warmup.',
        key: true,
      },
      {
        name: 'start_lr',
        type: { kind: 'number', min: 0, slider: LR_SLIDER },
        example: 0,
        doc: 'Rate at t = 0.',
      },
      {
        name: 'end_lr',
        type: { kind: 'number', slider: LR_SLIDER },
        example: 0.1,
        doc: 'Rate the ramp heads for (reached only in the limit: at t = warmup_steps the wrapped rate takes over).',
      },
    ],
    check: (p, path) => {
      const s = p.start_lr as number;
      const e = p.end_lr as number;
      if (!(e > s)) paramError('end_lr', `must be greater than start_lr (${e} <= ${s})`, path);
    },
    formula: String.raw`\eta_t = \begin{cases} \dfrac{(\eta_{end} - \eta_{start})\,t}{W} + \eta_{start} & t < W \\ \text{lr}(t - W) & t \ge W \end{cases}`,
    description:
      'Linear warmup from start_lr towards end_lr over warmup_steps, then learning_rate: a constant, or a wrapped Paddle scheduler shifted by W (it sees epoch t − W). The ramp stops one step short of end_lr, and if end_lr differs from what the wrapped rate gives at W the curve JUMPS there. The wrapped scheduler is driven with explicit epochs, so it uses its closed form where it has one: CosineAnnealingDecay is evaluated in closed form (not by its recursion), CosineAnnealingWarmRestarts takes its log-based explicit-epoch path (one cycle too low at some exact restart boundaries, as in CPython). end_lr must exceed start_lr (no decreasing warmup).',
    paper: PAPERS.bagOfTricks,
    equivalents: [
      'optax.warmup_constant_schedule',
      'hf.constant_with_warmup',
      'optax.join_schedules',
      'torch.SequentialLR',
      'optax.warmup_cosine_decay_schedule',
      'hf.cosine',
    ],
  }),
  def('ExponentialDecay', {
    family: 'exponential',
    params: [
      learningRate(),
      {
        name: 'gamma',
        type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, slider: FACTOR_SLIDER },
        example: 0.9,
        doc: 'Factor per step, in (0, 1).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta_0\, \gamma^{t}`,
    description:
      'Exponential decay learning_rate·gamma**t, computed in closed form at every step (PyTorch ExponentialLR multiplies recursively, which differs in the last bits). gamma must lie strictly between 0 and 1. Per-step use needs gamma very close to 1.',
    equivalents: ['torch.ExponentialLR', 'keras.ExponentialDecay', 'optax.exponential_decay'],
  }),
  def('MultiStepDecay', {
    family: 'multistep',
    params: [
      learningRate(),
      {
        name: 'milestones',
        type: { kind: 'numberList', integer: true, order: 'increasing' },
        example: [30, 60, 80],
        doc: 'Steps at which the rate is multiplied by gamma (strictly increasing).',
        key: true,
      },
      {
        name: 'gamma',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: FACTOR_SLIDER },
        default: 0.1,
        doc: 'Factor applied at each milestone (< 1).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta_0\, \gamma^{\,\#\{i\,:\,m_i \le t\}}`,
    description:
      'Multiplies the rate by gamma when t reaches each milestone (the decay applies AT t = milestone), closed form learning_rate·gamma**i. Milestones must be strictly increasing and gamma < 1.',
    equivalents: ['torch.MultiStepLR', 'keras.PiecewiseConstantDecay', 'optax.piecewise_constant_schedule', 'timm.MultiStepLRScheduler'],
  }),
  def('StepDecay', {
    family: 'step',
    params: [
      learningRate(),
      {
        name: 'step_size',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000 } },
        example: 30,
        doc: 'Steps between two decays.',
        key: true,
      },
      {
        name: 'gamma',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: FACTOR_SLIDER },
        default: 0.1,
        doc: 'Factor applied every step_size steps (< 1).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}`,
    description:
      'Staircase decay learning_rate·gamma**(t // step_size), closed form (PyTorch StepLR multiplies recursively: same curve, last-bit differences). step_size must be a positive integer and gamma < 1.',
    equivalents: ['torch.StepLR', 'keras.ExponentialDecay', 'optax.exponential_decay', 'timm.StepLRScheduler'],
  }),
  def('LambdaDecay', {
    family: 'lambda',
    params: [learningRate(), lrLambda('lambda epoch: 0.95 ** epoch', 'Factor as a function of the epoch counter t.')],
    formula: String.raw`\eta_t = \eta_0\, \lambda(t)`,
    description:
      'learning_rate times a user function of the counter, lambda(0) included (the first update gets learning_rate·lambda(0)). Closed form; the lambda receives the integer step/epoch count.',
    equivalents: ['torch.LambdaLR'],
  }),
  def('ReduceOnPlateau', {
    family: 'plateau',
    metricDriven: true,
    params: [
      {
        name: 'learning_rate',
        type: { kind: 'number', slider: LR_SLIDER },
        example: 0.1,
        doc: 'Initial learning rate.',
        key: true,
      },
      { name: 'mode', type: { kind: 'enum', options: ['min', 'max'] }, default: 'min', doc: "'min': reduce when the metric stops falling; 'max': when it stops rising." },
      {
        name: 'factor',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: FACTOR_SLIDER },
        default: 0.1,
        doc: 'Multiplier applied at a reduction (< 1).',
        key: true,
      },
      {
        name: 'patience',
        type: { kind: 'integer', slider: { min: 0, max: 50 } },
        default: 10,
        doc: 'Non-improving steps tolerated; the reduction comes on the (patience+1)-th.',
        key: true,
      },
      { name: 'threshold', type: { kind: 'number', slider: { min: 1e-6, max: 0.1, scale: 'log' } }, default: 1e-4, doc: 'Minimum change that counts as an improvement.' },
      { name: 'threshold_mode', type: { kind: 'enum', options: ['rel', 'abs'] }, default: 'rel', doc: "'rel': best·threshold; 'abs': threshold." },
      { name: 'cooldown', type: { kind: 'integer', slider: { min: 0, max: 50 } }, default: 0, doc: 'Steps after a reduction during which metrics are ignored.' },
      { name: 'min_lr', type: { kind: 'number', slider: LR_SLIDER }, default: 0, doc: 'Lower bound of the learning rate.' },
      { name: 'epsilon', type: { kind: 'number', slider: { min: 1e-12, max: 1e-4, scale: 'log' } }, default: 1e-8, doc: 'Reductions smaller than this are skipped.' },
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(\eta \cdot f,\ \eta_{min})\ \text{ if } \eta - \max(\eta f, \eta_{min}) > \epsilon, \\ \text{after patience}+1 \text{ non-improving metrics} \end{gathered}`,
    description:
      'Metric-driven: step(metric) after each evaluation; the rate is multiplied by factor on the (patience+1)-th consecutive non-improving metric. Differences from PyTorch: during cooldown the metric is ignored entirely (best is not updated); the first metric always becomes best (best starts as None, so a NaN first metric blocks every later improvement); rel threshold is best − best·threshold. The learning rate is tracked internally and only one scalar min_lr exists.',
    equivalents: ['torch.ReduceLROnPlateau', 'hf.reduce_lr_on_plateau', 'timm.PlateauLRScheduler'],
  }),
  def('CosineAnnealingDecay', {
    family: 'cosine',
    params: [
      learningRate(),
      {
        name: 'T_max',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
        example: 100,
        doc: 'Half period: steps from learning_rate down to eta_min.',
        key: true,
      },
      ETA_MIN,
    ],
    formula: String.raw`\begin{aligned} \eta_t &= \frac{1 + \cos(\pi t / T)}{1 + \cos(\pi (t-1) / T)}(\eta_{t-1} - \eta_{min}) + \eta_{min} \\ &= \eta_{min} + \frac{(\eta_0 - \eta_{min})(1 + \cos(\pi t/T))}{2} \end{aligned}`,
    description:
      'Cosine annealing from learning_rate to eta_min over T_max steps, computed by step() RECURSIVELY from the previous rate (with an additive correction right after each minimum), exactly like PyTorch CosineAnnealingLR. It does not stop at T_max: the curve is periodic with period 2·T_max and climbs back to learning_rate at 2·T_max. Inside LinearWarmup it is evaluated in closed form instead (last-bit differences).',
    paper: PAPERS.sgdr,
    equivalents: COSINE_EQUIVALENTS,
  }),
  def('MultiplicativeDecay', {
    family: 'lambda',
    params: [learningRate(), lrLambda('lambda epoch: 0.95', 'Factor applied at each step t >= 1.')],
    formula: String.raw`\eta_t = \eta_0 \prod_{e=1}^{t} \lambda(e)`,
    description:
      'Multiplies the rate by lambda(t) at every step: learning_rate·lambda(1)·lambda(2)···lambda(t); lambda(0) is never called. Paddle recomputes the product from scratch at each step; the running product here has the same multiplication order, hence the same bits.',
    equivalents: ['torch.MultiplicativeLR'],
  }),
  def('OneCycleLR', {
    family: 'onecycle',
    params: [
      rate('max_learning_rate', 'Peak learning rate.'),
      {
        name: 'total_steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 100000, scale: 'log' } },
        example: 1000,
        doc: 'Number of steps in the cycle.',
        key: true,
      },
      {
        name: 'divide_factor',
        type: { kind: 'number', slider: { min: 1, max: 1000, scale: 'log' } },
        default: 25.0,
        doc: 'Initial rate = max_learning_rate / divide_factor.',
      },
      {
        name: 'end_learning_rate',
        type: { kind: 'number', min: 0, slider: { min: 1e-8, max: 0.1, scale: 'log' } },
        default: 0.0001,
        doc: 'Final learning rate (absolute).',
      },
      {
        name: 'phase_pct',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 0.3,
        doc: 'Fraction of the steps spent increasing.',
      },
      { name: 'anneal_strategy', type: { kind: 'enum', options: ['cos', 'linear'] }, default: 'cos', doc: 'Shape of each phase.' },
      { name: 'three_phase', type: { kind: 'boolean' }, default: false, doc: 'Up, down to the initial rate, then down to end_learning_rate.' },
    ],
    check: (p, path) => {
      const div = p.divide_factor as number;
      const max = p.max_learning_rate as number;
      if (div === 0) paramError('divide_factor', 'must not be 0: max_learning_rate / divide_factor raises ZeroDivisionError', path);
      if (max / div < 0) {
        paramError('divide_factor', `must be positive: the initial rate max_learning_rate / divide_factor = ${max / div} is negative`, path);
      }
      if (p.three_phase === true && !((p.phase_pct as number) < 0.5)) {
        paramError('phase_pct', `must be less than 0.5 when three_phase is true (got ${p.phase_pct})`, path);
      }
    },
    formula: String.raw`\begin{gathered} \eta_t = \eta_{e} + \frac{\eta_{s} - \eta_{e}}{2}\left(1 + \cos\!\left(\pi\,\frac{t - a_i}{b_i - a_i}\right)\right), \\ \text{phases } [0, pT-1],\ [pT-1, T-1] \end{gathered}`,
    description:
      '1cycle: from max_learning_rate/divide_factor up to max_learning_rate over the first phase_pct·total_steps − 1 steps, then down to end_learning_rate at step total_steps − 1 (cosine or linear). Unlike PyTorch, the final rate is ABSOLUTE (end_learning_rate), not max/(div·final_div). Step total_steps is still allowed (it extrapolates: cos rises again, linear may go below end_learning_rate or negative); one more step raises ValueError. three_phase requires phase_pct < 0.5. Degenerate phase lengths (phase_pct·total_steps = 1) raise ZeroDivisionError at step 0.',
    paper: PAPERS.superConvergence,
    equivalents: ['torch.OneCycleLR', 'optax.cosine_onecycle_schedule', 'optax.linear_onecycle_schedule'],
  }),
  def('CyclicLR', {
    family: 'cyclic',
    params: [
      rate('base_learning_rate', 'Lower bound of the cycle (and the rate at t = 0).', { example: 0.001 }),
      rate('max_learning_rate', 'Upper bound of the cycle (amplitude = max - base).', { example: 0.006 }),
      {
        name: 'step_size_up',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000, scale: 'log' } },
        example: 2000,
        doc: 'Steps of the increasing half.',
        key: true,
      },
      {
        name: 'step_size_down',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000, scale: 'log' } },
        default: null,
        nullable: true,
        doc: 'Steps of the decreasing half (None: same as step_size_up).',
      },
      {
        name: 'mode',
        type: { kind: 'enum', options: ['triangular', 'triangular2', 'exp_range'] },
        default: 'triangular',
        doc: 'Amplitude policy (ignored when scale_fn is given).',
      },
      {
        name: 'exp_gamma',
        type: { kind: 'number', slider: { min: 0.99, max: 1 } },
        default: 1.0,
        doc: "exp_range scale: exp_gamma ** t (t = iterations).",
      },
      {
        name: 'scale_fn',
        type: { kind: 'expression', argNames: ['x'] },
        default: null,
        nullable: true,
        doc: 'Custom amplitude scale (replaces mode), e.g. lambda x: 0.5 ** x.',
      },
      {
        name: 'scale_mode',
        type: { kind: 'enum', options: ['cycle', 'iterations'] },
        default: 'cycle',
        doc: 'Argument of scale_fn: the cycle number (from 1) or the iteration count.',
      },
    ],
    formula: String.raw`\begin{gathered} c = 1 + \left\lfloor \frac{t}{u + d} \right\rfloor,\quad x = 1 + \frac{t}{u+d} - c, \\ \eta_t = \eta_{b} + (\eta_{m} - \eta_{b}) \cdot f(x) \cdot s(\cdot), \\ f(x) = \begin{cases} x / r & x \le r \\ (1 - x)/(1 - r) & x > r \end{cases},\quad r = \frac{u}{u+d} \end{gathered}`,
    description:
      'Cyclical learning rate (Smith 2017), stepped per iteration: a triangle between base_learning_rate and max_learning_rate with step_size_up steps up and step_size_down down. triangular2 halves the amplitude every cycle; exp_range scales it by exp_gamma**t with t the ABSOLUTE iteration, not the position in the cycle. No momentum cycling (PyTorch cycles momentum by default). triangular2 raises OverflowError after 1024 cycles (2.0 ** 1024), as in Python.',
    paper: PAPERS.clr,
    equivalents: ['torch.CyclicLR'],
  }),
  def('LinearLR', {
    family: 'linear',
    params: [
      learningRate(),
      {
        name: 'total_steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
        example: 100,
        doc: 'Steps from start_factor to end_factor.',
        key: true,
      },
      {
        name: 'start_factor',
        type: { kind: 'number', min: 0, max: 1, minExclusive: true, slider: { min: 0.001, max: 1, scale: 'log' } },
        default: 1 / 3,
        doc: 'Factor of learning_rate at t = 0, in (0, 1].',
        key: true,
      },
      {
        name: 'end_factor',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 1.0,
        doc: 'Factor reached at t = total_steps, in [0, 1].',
      },
    ],
    formula: String.raw`\begin{aligned} \eta_t &= \eta_{t-1}\left(1 + \frac{e - s}{T s + (t-1)(e - s)}\right),\quad \eta_0 = s\,\eta_0' \\ &= \eta_0'\left(s + (e-s)\frac{\min(t, T)}{T}\right) \end{aligned}`,
    description:
      'Linear change of the factor from start_factor to end_factor over total_steps, then constant; computed recursively from the previous rate (same recursion as PyTorch LinearLR, last-bit differences from the closed form). Both factors are fractions of learning_rate, so it cannot ramp above learning_rate.',
    equivalents: ['torch.LinearLR', 'optax.linear_schedule'],
  }),
  def('CosineAnnealingWarmRestarts', {
    family: 'restarts',
    params: [
      learningRate(),
      {
        name: 'T_0',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000 } },
        example: 10,
        doc: 'Length of the first cycle.',
        key: true,
      },
      {
        name: 'T_mult',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 4 } },
        default: 1,
        doc: 'Factor by which each cycle is longer than the previous one.',
        key: true,
      },
      ETA_MIN,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_{min} + \frac{(\eta_0 - \eta_{min})\left(1 + \cos(\pi T_{cur} / T_i)\right)}{2}, \\ T_i = T_0 \cdot T_{mult}^{\,i} \end{gathered}`,
    description:
      'SGDR warm restarts: cosine from learning_rate towards eta_min over T_0 steps, then a restart at learning_rate with a cycle T_mult times longer, forever. step() keeps T_cur and T_i as integers (T_cur = T_cur − T_i at a restart), so eta_min itself is never reached. With explicit epochs (inside LinearWarmup) the cycle index comes from a logarithm, as in PyTorch.',
    paper: PAPERS.sgdr,
    equivalents: [
      'torch.CosineAnnealingWarmRestarts',
      'keras.CosineDecayRestarts',
      'timm.CosineLRScheduler',
      'optax.sgdr_schedule',
      'hf.cosine_with_restarts',
    ],
  }),
];
