/**
 * timm schedulers (`timm.scheduler`): stateless functions of the counter the training loop passes
 * (`step(epoch)` when t_in_epochs, else `step_update(num_updates)`), with timm's warmup (prefix or
 * overlay), cycles (`cycle_mul` via CPython's `math.log(x, m)`, reproduced with a correctly rounded
 * log), k-decay and noise (torch's MT19937 seeded `noise_seed + t`, as timm draws it).
 * PlateauLRScheduler wraps torch's ReduceLROnPlateau.
 *
 * `result[i]` is the lr `step(i)` / `step_update(i)` sets; for PlateauLRScheduler, the lr after
 * construction and then after `step(i + 1, metrics[i])` as timm's train.py calls it.
 */
import { crLog } from './numerics/crlog';
import { paramError, PythonRuntimeError } from './errors';
import { TimmNoise } from './numerics/mt19937';
import { bisectRight, pyFloorDiv, pyPow } from './numerics/pymath';
import type { CreateContext, ParamDef, SchedulerDefinition, Stepper } from './types';
import { PAPERS } from './papers';



const KDECAY_DOC = 'k-decay exponent (arXiv:2004.05909): the curve uses t_curr^k / t_i^k; 1 gives the plain curve.';

// ---------------------------------------------------------------------------------------------
// Parameters

const LR: ParamDef = {
  name: 'lr',
  type: { kind: 'number', min: 0, slider: { min: 1e-5, max: 1, scale: 'log' } },
  example: 0.1,
  doc: "The optimizer's learning rate; timm stores it as the base value (initial_lr) the schedule scales.",
  role: 'baseLr',
  key: true,
};

const T_INITIAL: ParamDef = {
  name: 't_initial',
  type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000, scale: 'log' } },
  example: 100,
  doc: 'Length of the first cycle, in epochs (t_in_epochs) or updates.',
  key: true,
};

const LR_MIN: ParamDef = {
  name: 'lr_min',
  type: { kind: 'number', min: 0, slider: { min: 0, max: 0.01 } },
  default: 0,
  doc: 'Floor of the curve, and the lr once cycle_limit cycles are done.',
};

const CYCLE_PARAMS: ParamDef[] = [
  {
    name: 'cycle_mul',
    type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 0.5, max: 4 } },
    default: 1.0,
    doc: 'Each cycle is cycle_mul times longer than the previous one (1: equal cycles).',
  },
  {
    name: 'cycle_decay',
    type: { kind: 'number', min: 0, slider: { min: 0.1, max: 1 } },
    default: 1.0,
    doc: 'The peak of cycle i is lr·cycle_decay^i.',
  },
  {
    name: 'cycle_limit',
    type: { kind: 'integer', min: 0, slider: { min: 0, max: 20 } },
    default: 1,
    doc: 'Number of cycles; afterwards the lr stays at lr_min.',
  },
];

function warmupParams(prefixDefault: boolean): ParamDef[] {
  return [
    {
      name: 'warmup_t',
      type: { kind: 'integer', min: 0, slider: { min: 0, max: 100 } },
      default: 0,
      doc: 'Length of the linear warmup, in the same unit as t.',
    },
    {
      name: 'warmup_lr_init',
      type: { kind: 'number', min: 0, slider: { min: 0, max: 0.01 } },
      default: 0,
      doc: 'The lr at t = 0 of the warmup.',
    },
    {
      name: 'warmup_prefix',
      type: { kind: 'boolean' },
      default: prefixDefault,
      doc: 'True: the schedule starts after the warmup (t − warmup_t); False: the warmup overlays its first steps.',
    },
  ];
}

const T_IN_EPOCHS: ParamDef = {
  name: 't_in_epochs',
  type: { kind: 'boolean' },
  default: true,
  doc: 'True: step(epoch) drives it; False: step_update(num_updates). Same curve of its counter.',
};

function noiseParams(plateau: boolean): ParamDef[] {
  const out: ParamDef[] = [
    {
      name: 'noise_range_t',
      type: { kind: 'numberList', orNumber: true, minLength: 2, maxLength: 2, order: 'none' },
      default: null,
      nullable: true,
      doc: 'Where noise is added: a number n (every t >= n) or [lo, hi] (lo <= t < hi). None: no noise.',
    },
  ];
  if (plateau) {
    out.push({
      name: 'noise_type',
      type: { kind: 'enum', options: ['normal', 'uniform'] },
      default: 'normal',
      doc: "'normal': a standard normal redrawn until |noise| < noise_pct; otherwise uniform in ±noise_pct.",
    });
  }
  out.push(
    {
      name: 'noise_pct',
      type: { kind: 'number', min: 0, slider: { min: 0.01, max: 1 } },
      default: 0.67,
      doc: 'Noise bound: lr becomes lr·(1 + noise) with |noise| < noise_pct.',
    },
    {
      name: 'noise_std',
      type: { kind: 'number', min: 0, slider: { min: 0.1, max: 2 } },
      default: 1.0,
      doc: 'Stored by timm but unused: the normal noise is always a standard normal.',
    },
    plateau
      ? {
          name: 'noise_seed',
          type: { kind: 'integer', slider: { min: 0, max: 1000 } },
          default: null,
          nullable: true,
          doc: 'The noise at t comes from torch.Generator().manual_seed(noise_seed + t); None means 42.',
        }
      : {
          name: 'noise_seed',
          type: { kind: 'integer', slider: { min: 0, max: 1000 } },
          default: 42,
          doc: 'The noise at t comes from torch.Generator().manual_seed(noise_seed + t).',
        },
  );
  return out;
}

const num = (v: unknown): number => v as number;

/** Rejects a noise bound for which timm's `while abs(noise) >= noise_pct` loop would (nearly) never end. */
function checkNoise(p: Record<string, unknown>, path: string): void {
  if (p.noise_range_t === null || (p.noise_type ?? 'normal') !== 'normal') return;
  if (num(p.noise_pct) < 0.001) {
    paramError(
      'noise_pct',
      `must be at least 0.001 with normal noise: timm redraws until |noise| < noise_pct, over a thousand draws per step below that (got ${num(p.noise_pct)})`,
      path,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Noise and warmup, shared by the stateless schedulers

/** `_is_apply_noise` / `_calculate_noise`: a noise source for one scheduler. */
class Noise {
  /** Noise applies for lo <= t < hi (a number n is [n, ∞)). */
  readonly lo: number;
  readonly hi: number;
  readonly seed: number;
  readonly gen: TimmNoise | null;
  constructor(p: Record<string, unknown>) {
    const range = p.noise_range_t as number | number[] | null;
    this.seed = p.noise_seed === null ? 42 : num(p.noise_seed);
    if (range === null) {
      this.lo = Infinity;
      this.hi = -Infinity;
      this.gen = null;
      return;
    }
    this.lo = typeof range === 'number' ? range : range[0];
    this.hi = typeof range === 'number' ? Infinity : range[1];
    this.gen = new TimmNoise(num(p.noise_pct), (p.noise_type ?? 'normal') === 'normal');
  }
  /** `_add_noise(v, t)`: `v + v * noise` inside the range. */
  apply(v: number, t: number): number {
    if (this.gen !== null && this.lo <= t && t < this.hi) return v + v * this.gen.noise(this.seed + t);
    return v;
  }
  /** {@link apply} to `out[from..to)`, the values at t = t0, t0 + 1, .... */
  applyAll(out: Float64Array, from: number, to: number, t0: number): void {
    const gen = this.gen;
    if (gen === null) return;
    const start = Math.max(from, Math.ceil(this.lo - t0 + from));
    const end = Math.min(to, Math.ceil(this.hi - t0 + from));
    for (let i = start; i < end; i++) out[i] = out[i] + out[i] * gen.noise(this.seed + t0 + (i - from));
  }
}

/** `_get_lr(t)` then `_add_noise`; warmup `warmup_lr_init + t * s` for t < warmup_t. */
abstract class TimmStepper implements Stepper {
  private t = 0;
  protected readonly b: number;
  private readonly warmupT: number;
  private readonly warmupInit: number;
  private readonly prefix: boolean;
  /** `warmup_steps[0]`: (target − warmup_lr_init) / warmup_t. */
  private warmupStep = 1;
  private readonly noise: Noise;

  constructor(p: Record<string, unknown>) {
    this.b = num(p.lr);
    this.warmupT = num(p.warmup_t);
    this.warmupInit = num(p.warmup_lr_init);
    this.prefix = p.warmup_prefix as boolean;
    this.noise = new Noise(p);
  }

  /** Call at the end of the subclass constructor: warmup towards `target` (timm: the base lr). */
  protected initWarmup(target: number): void {
    if (this.warmupT) this.warmupStep = (target - this.warmupInit) / this.warmupT;
  }

  /** The schedule after warmup at its own time `t` (already shifted when warmup_prefix). */
  protected abstract curve(t: number): number;

  /**
   * `out[from + j] = curve(tc + j)`. Its per-step calls must see few receiver types (V8 inlines up to
   * four) however many classes the process has used: one copy per class, or per cycle family.
   */
  protected abstract curveFill(out: Float64Array, from: number, to: number, tc: number): void;

  /** `_get_lr(t)` without noise. */
  protected getLr(t: number): number {
    if (t < this.warmupT) return this.warmupInit + t * this.warmupStep;
    return this.curve(this.prefix ? t - this.warmupT : t);
  }

  lr(): number {
    return this.noise.apply(this.getLr(this.t), this.t);
  }

  step(): void {
    this.t++;
  }

  /** The warmup, then the curve by the class's own loop, then the noise over both. */
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t;
    const w = this.warmupT;
    const init = this.warmupInit;
    const slope = this.warmupStep;
    let i = from;
    for (; i < to && t0 + (i - from) < w; i++) out[i] = init + (t0 + (i - from)) * slope;
    if (i < to) {
      const t = t0 + (i - from);
      try {
        this.curveFill(out, i, to, this.prefix ? t - w : t);
        i = to;
      } catch {
        // Python raised somewhere in the curve: the canonical loop takes over from its start.
      }
    }
    this.noise.applyAll(out, from, i, t0);
    this.t = t0 + (i - from);
    return i;
  }
}

/**
 * The cycle bookkeeping of Cosine/Tanh/Poly: `i` (cycle index), `t_i` (cycle length), `t_curr`
 * (time inside the cycle), `lr_max = lr·cycle_decay**i`, as timm computes them.
 */
abstract class CycleStepper extends TimmStepper {
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

class CosineStepper extends CycleStepper {
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

class TanhStepper extends CycleStepper {
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

class PolyStepper extends CycleStepper {
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

/** `lr · decay_rate ** k` with the power cached while k stays the same. */
abstract class DecayStepper extends TimmStepper {
  private readonly rate: number;
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

class StepStepper extends DecayStepper {
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
}

class MultiStepStepper extends DecayStepper {
  private readonly decayT: Float64Array;
  constructor(p: Record<string, unknown>) {
    super(p);
    this.decayT = Float64Array.from(p.decay_t as number[]);
  }
  protected curve(t: number): number {
    return this.decayed(bisectRight(this.decayT, t + 1));
  }
  protected curveFill(out: Float64Array, from: number, to: number, tc: number): void {
    for (let i = from; i < to; i++) out[i] = this.curve(tc + (i - from));
  }
}

/**
 * PlateauLRScheduler as train.py drives it: the lr after construction, then `step(i + 1, metric)`.
 * Epochs 1..warmup_t (inclusive) set the warmup lr without stepping the plateau logic; later epochs
 * step torch's ReduceLROnPlateau on the un-noised lr (timm restores it), then add noise.
 */
class PlateauStepper implements Stepper {
  private epoch = 0;
  private current: number;
  private readonly warmupT: number;
  private readonly warmupInit: number;
  private readonly warmupStep: number;
  private readonly noise: Noise;
  private readonly rlrop: Stepper;

  constructor(p: Record<string, unknown>, ctx: CreateContext) {
    const b = num(p.lr);
    this.warmupT = num(p.warmup_t);
    this.warmupInit = num(p.warmup_lr_init);
    this.warmupStep = this.warmupT ? (b - this.warmupInit) / this.warmupT : 1;
    this.noise = new Noise(p);
    this.current = this.warmupT ? this.warmupInit : b;
    // The lr the plateau logic first sees: the last warmup value (or the base lr without warmup).
    const start = this.warmupT ? this.warmupInit + this.warmupT * this.warmupStep : b;
    this.rlrop = ctx.createChild(
      {
        scheduler: 'torch.ReduceLROnPlateau',
        params: {
          lr: start,
          mode: p.mode,
          factor: p.decay_rate,
          patience: p.patience_t,
          threshold: p.threshold,
          threshold_mode: 'rel',
          cooldown: p.cooldown_t,
          min_lr: p.lr_min,
          eps: 1e-8,
        },
      },
      ctx.path,
    );
  }

  lr(): number {
    return this.current;
  }

  step(metric?: number): void {
    const epoch = ++this.epoch;
    if (epoch <= this.warmupT) {
      this.current = this.warmupInit + epoch * this.warmupStep;
      return;
    }
    this.rlrop.step(metric);
    this.current = this.noise.apply(this.rlrop.lr(), epoch);
  }

  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    let i = from;
    for (; metrics && i < to && typeof metrics[i] === 'number'; i++) {
      out[i] = this.current;
      this.step(metrics[i]);
    }
    return i; // a missing metric: the canonical loop raises there as torch does
  }
}

// ---------------------------------------------------------------------------------------------
// Definitions

type Def = Omit<SchedulerDefinition, 'id' | 'framework' | 'precision' | 'module'>;

function timm(d: Def): SchedulerDefinition {
  return { id: `timm.${d.name}`, framework: 'timm', precision: 'float64', module: `timm.scheduler.${d.name}`, ...d };
}

const WARMUP_NOTE =
  'Warmup: for t < warmup_t the lr is warmup_lr_init + t·(lr − warmup_lr_init)/warmup_t; with warmup_prefix the ' +
  'schedule then starts at t − warmup_t, otherwise the warmup replaces its first warmup_t steps (a jump from ≈lr ' +
  'to the curve at warmup_t). Noise (noise_range_t): lr·(1 + n), n a float32 standard normal from ' +
  'torch.Generator().manual_seed(noise_seed + t), redrawn until |n| < noise_pct — reproduced draw for draw.';

const CYCLE_NOTE =
  'Cycles: with cycle_mul = m ≠ 1 cycle i spans t_initial·m^i steps and i = floor(math.log(1 − t/t_initial·(1 − m), m)) ' +
  "as CPython computes it (its log is one ulp below an integer at some exact restarts, e.g. math.log(243, 3) " +
  '= 4.999999999999999, putting that step at the end of the previous cycle: reproduced). After cycle_limit cycles ' +
  'the lr stays at lr_min — no periodic rise.';

export const timmSchedulers: SchedulerDefinition[] = [
  timm({
    name: 'CosineLRScheduler',
    family: 'cosine',
    params: [
      LR,
      T_INITIAL,
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupParams(false),
      T_IN_EPOCHS,
      ...noiseParams(false),
      { name: 'k_decay', type: { kind: 'number', min: 0, slider: { min: 0.1, max: 5, scale: 'log' } }, default: 1.0, doc: KDECAY_DOC },
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} \eta_{min} + \tfrac12\left(\eta\,\gamma^{i} - \eta_{min}\right)(1 + c) & i < L \\ \eta_{min} & i \ge L \end{cases} \\ c = \cos\frac{\pi\, t_{cur}^{\,k}}{t_i^{\,k}} \end{gathered}`,
    description:
      'Cosine annealing from lr to lr_min over t_initial steps (SGDR), optionally restarted: cycle_limit cycles, ' +
      'each cycle_mul times longer with its peak multiplied by cycle_decay. With the defaults one cosine runs over ' +
      '[0, t_initial) and the lr is lr_min from t_initial on. ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    paper: PAPERS.sgdr,
    equivalents: [
      'torch.CosineAnnealingLR',
      'torch.CosineAnnealingWarmRestarts',
      'paddle.CosineAnnealingDecay',
      'paddle.CosineAnnealingWarmRestarts',
      'keras.CosineDecay',
      'keras.CosineDecayRestarts',
      'optax.cosine_decay_schedule',
      'optax.warmup_cosine_decay_schedule',
      'optax.sgdr_schedule',
      'hf.cosine',
      'hf.cosine_with_min_lr',
    ],
    check: checkNoise,
    create: (p) => new CosineStepper(p),
  }),
  timm({
    name: 'TanhLRScheduler',
    family: 'tanh',
    params: [
      LR,
      T_INITIAL,
      { name: 'lb', type: { kind: 'number', slider: { min: -10, max: 0 } }, default: -7.0, doc: 'tanh argument at the start of a cycle (must be below ub).' },
      { name: 'ub', type: { kind: 'number', slider: { min: 0, max: 10 } }, default: 3.0, doc: 'tanh argument at the end of a cycle.' },
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupParams(false),
      T_IN_EPOCHS,
      ...noiseParams(false),
    ],
    formula: String.raw`\begin{gathered} \begin{aligned} \eta_t = \eta_{min} &+ \tfrac12\left(\eta\,\gamma^{i} - \eta_{min}\right) \\ &\cdot \left(1 - \tanh\!\left(lb\,(1 - r) + ub\, r\right)\right), \end{aligned} \\ r = \frac{t_{cur}}{t_i} \end{gathered}`,
    description:
      'Hyperbolic-tangent decay: within a cycle the lr follows ½(1 − tanh(lb·(1 − r) + ub·r)) from ≈lr (0.99999917·lr ' +
      'with lb = −7) towards lr_min (≈0.00247 of the range above it at r → 1), with cycles like CosineLRScheduler. ' +
      'Without warmup_prefix the warmup ramps to the tanh curve’s value at warmup_t (continuous). ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    paper: PAPERS.tanhDecay,
    check(p, path) {
      if (!(num(p.lb) < num(p.ub))) paramError('lb', `must be less than ub (${num(p.ub)}) (got ${num(p.lb)})`, path);
      checkNoise(p, path);
    },
    create: (p) => new TanhStepper(p),
  }),
  timm({
    name: 'StepLRScheduler',
    family: 'step',
    params: [
      LR,
      {
        name: 'decay_t',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 100 } },
        example: 30,
        doc: 'The lr is multiplied by decay_rate every decay_t steps (t // decay_t; may be fractional).',
        key: true,
      },
      {
        name: 'decay_rate',
        type: { kind: 'number', min: 0, slider: { min: 0.01, max: 1, scale: 'log' } },
        default: 1.0,
        doc: 'Multiplicative factor per decay (the class default 1.0 means no decay).',
        key: true,
      },
      ...warmupParams(true),
      T_IN_EPOCHS,
      ...noiseParams(false),
    ],
    formula: String.raw`\eta_t = \eta \cdot r^{\lfloor t / d \rfloor}`,
    description:
      'Step decay: lr·decay_rate^(t // decay_t), the drop taking effect at t = decay_t, 2·decay_t, … (like torch ' +
      'StepLR, but computed as a power, not a running product). warmup_prefix defaults to True here. ' +
      WARMUP_NOTE,
    equivalents: ['torch.StepLR', 'paddle.StepDecay', 'keras.ExponentialDecay', 'optax.exponential_decay'],
    check: checkNoise,
    create: (p) => new StepStepper(p),
  }),
  timm({
    name: 'MultiStepLRScheduler',
    family: 'multistep',
    params: [
      LR,
      {
        name: 'decay_t',
        type: { kind: 'numberList', integer: true, order: 'nondecreasing' },
        example: [30, 60, 90],
        doc: 'Milestones (sorted). Trap: the decay takes effect at t = m − 1, one step before the milestone.',
        key: true,
      },
      {
        name: 'decay_rate',
        type: { kind: 'number', min: 0, slider: { min: 0.01, max: 1, scale: 'log' } },
        default: 1.0,
        doc: 'Multiplicative factor per milestone passed (the class default 1.0 means no decay).',
        key: true,
      },
      ...warmupParams(true),
      T_IN_EPOCHS,
      ...noiseParams(false),
    ],
    formula: String.raw`\eta_t = \eta \cdot r^{\#\{m \in M\,:\, m \le t + 1\}}`,
    description:
      'Multi-step decay: lr·decay_rate^k with k = bisect_right(decay_t, t + 1) — the + 1 makes each decay happen ' +
      'at t = m − 1, one step earlier than torch MultiStepLR (use decay_t = [m + 1, …] to match it). ' +
      WARMUP_NOTE,
    equivalents: [
      'torch.MultiStepLR',
      'paddle.MultiStepDecay',
      'paddle.PiecewiseDecay',
      'optax.piecewise_constant_schedule',
      'keras.PiecewiseConstantDecay',
    ],
    check: checkNoise,
    create: (p) => new MultiStepStepper(p),
  }),
  timm({
    name: 'PlateauLRScheduler',
    family: 'plateau',
    metricDriven: true,
    params: [
      { ...LR, key: false },
      {
        name: 'decay_rate',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: { min: 0.01, max: 0.9, scale: 'log' } },
        default: 0.1,
        doc: 'The lr is multiplied by decay_rate at each reduction (torch requires < 1).',
        key: true,
      },
      {
        name: 'patience_t',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 50 } },
        default: 10,
        doc: 'Epochs without improvement tolerated; the lr drops on the next one.',
        key: true,
      },
      {
        name: 'threshold',
        type: { kind: 'number', slider: { min: 0, max: 0.1 } },
        default: 1e-4,
        doc: 'Relative improvement needed over the best metric (threshold_mode rel).',
      },
      {
        name: 'cooldown_t',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 20 } },
        default: 0,
        doc: 'Epochs after a reduction during which bad epochs are not counted.',
      },
      {
        name: 'warmup_t',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 100 } },
        default: 0,
        doc: 'Warmup epochs: step(epoch) with epoch <= warmup_t sets the warmup lr and ignores the metric.',
      },
      {
        name: 'warmup_lr_init',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 0.01 } },
        default: 0,
        doc: 'The lr before the first step when warmup_t > 0.',
      },
      LR_MIN,
      {
        name: 'mode',
        type: { kind: 'enum', options: ['min', 'max'] },
        default: 'max',
        doc: "Default 'max' (an accuracy should rise); use 'min' for a loss.",
        key: true,
      },
      ...noiseParams(true),
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(r\,\eta,\ \eta_{min}) \\ \text{after } \text{patience\_t}+1 \text{ epochs without improvement} \end{gathered}`,
    description:
      "torch's ReduceLROnPlateau (patience=patience_t, factor=decay_rate, cooldown=cooldown_t, min_lr=lr_min, " +
      "threshold_mode 'rel', eps 1e-8) with warmup and noise. Trap: mode defaults to 'max'. Driven as in timm's " +
      'train.py: step(epoch + 1, metric) after each epoch, so the first value is the lr after construction ' +
      '(warmup_lr_init with warmup, else lr) and metrics[i] produces value i + 1. Epochs up to warmup_t ' +
      '(inclusive) set warmup_lr_init + epoch·(lr − warmup_lr_init)/warmup_t and ignore the metric; afterwards the ' +
      'plateau logic acts on the un-noised lr and noise is added on top (seeded noise_seed + epoch, None → 42). ' +
      'Without warmup and noise it equals torch ReduceLROnPlateau fed the same metrics, value for value.',
    equivalents: ['torch.ReduceLROnPlateau', 'hf.reduce_lr_on_plateau'],
    check: checkNoise,
    create: (p, ctx) => new PlateauStepper(p, ctx),
  }),
  timm({
    name: 'PolyLRScheduler',
    family: 'polynomial',
    params: [
      LR,
      T_INITIAL,
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5, scale: 'log' } },
        default: 0.5,
        doc: 'Exponent of the decay (class default 0.5; create_scheduler_v2 passes decay_rate, 0.1 by default).',
        key: true,
      },
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupParams(false),
      T_IN_EPOCHS,
      ...noiseParams(false),
      { name: 'k_decay', type: { kind: 'number', min: 0, slider: { min: 0.1, max: 5, scale: 'log' } }, default: 1.0, doc: KDECAY_DOC },
    ],
    formula: String.raw`\eta_t = \begin{cases} \eta_{min} + \left(\eta\,\gamma^{i} - \eta_{min}\right)\left(1 - \frac{t_{cur}^{\,k}}{t_i^{\,k}}\right)^{p} & i < L \\ \eta_{min} & i \ge L \end{cases}`,
    description:
      'Polynomial decay from lr to lr_min over t_initial steps: (lr − lr_min)(1 − t/t_initial)^power + lr_min, with ' +
      'the cycles of CosineLRScheduler (defaults: one cycle, then lr_min). ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    equivalents: ['torch.PolynomialLR', 'keras.PolynomialDecay', 'paddle.PolynomialDecay', 'optax.polynomial_schedule', 'hf.polynomial'],
    check: checkNoise,
    create: (p) => new PolyStepper(p),
  }),
];
