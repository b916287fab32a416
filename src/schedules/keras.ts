/**
 * Keras 3 `keras.optimizers.schedules` (catalog section C), in float32 as Keras computes them.
 *
 * Every schedule is a pure function of `optimizer.iterations` (0 for the first update, +1 per
 * `apply_gradients`). Keras casts `initial_learning_rate` with `convert_to_tensor` (float32 for a
 * Python float) and every other constant and the step to that dtype; we round with `Math.fround`
 * after each operation in the order of the Keras source.
 */
import { paramError } from './errors';
import * as F32 from './numerics/f32';
import { ConstBasePow, PowByConst, exactCounts } from './numerics/f32';
import { countDefinitions, stepFunction, type CountSchedule } from './legacyCount';
import type { ParamDef, SchedulerDefinition } from './types';
import { PAPERS } from './papers';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { EXACT_INT_F32, PI_F32, logF32, powF32 } = F32;

const MODULE = 'keras.optimizers.schedules';

const F32_NOTE =
  'Computed in float32 as Keras does (floatx); matches Keras to float32 precision (the backend\'s float32 cos/pow/log may differ by one ulp).';

const SOURCE_NOTE = 'The step is `optimizer.iterations`: 0 for the first update.';

const initialLr: ParamDef = {
  name: 'initial_learning_rate',
  type: { kind: 'number', slider: { min: 1e-6, max: 1, scale: 'log' } },
  example: 0.1,
  doc: 'Learning rate at step 0 (a Python float, so the schedule computes in float32).',
  key: true,
};

function decaySteps(doc: string, integer = true): ParamDef {
  return {
    name: 'decay_steps',
    type: {
      kind: integer ? 'integer' : 'number',
      min: 0,
      minExclusive: true,
      slider: { min: 1, max: 100_000, scale: 'log' },
    },
    example: 1000,
    doc,
    key: true,
  };
}

const decayRate: ParamDef = {
  name: 'decay_rate',
  type: { kind: 'number', slider: { min: 0.01, max: 1, scale: 'log' } },
  example: 0.96,
  doc: 'The decay rate (not validated by Keras; a negative rate gives NaN for fractional exponents).',
  key: true,
};

const staircase: ParamDef = {
  name: 'staircase',
  type: { kind: 'boolean' },
  default: false,
  doc: 'If true, step / decay_steps is floored: the rate drops at multiples of decay_steps.',
};

const alpha = (doc: string): ParamDef => ({
  name: 'alpha',
  type: { kind: 'number', slider: { min: 0, max: 1 } },
  default: 0.0,
  doc,
});

/**
 * Keras `_decay_function` of CosineDecay (alpha a Python float, weakly cast), and of
 * CosineDecayRestarts, in two halves: the cosine's argument `pi * completed` ...
 */
function cosineAngleF32(completed: number): number {
  return f32(PI_F32 * completed);
}

/**
 * ... and the value from it: `from * ((1 - alpha) * half * (1 + cos) + alpha)`; `half` is 0.5
 * for CosineDecay (exact in float32), `0.5 * m_mul ** i` for the restarts. The batch loops compute
 * all the arguments first, then all the cosines: float32 arithmetic pipelines well when no call
 * interrupts it.
 */
function cosineValueF32(angle: number, half: number, oneMinusAlpha: number, alpha32: number, from: number): number {
  const cosineDecayed = f32(half * f32(1 + f32(Math.cos(angle))));
  // alpha = 0: (1 - 0) * x + 0 is exactly x.
  const decayed = alpha32 === 0 ? cosineDecayed : f32(f32(oneMinusAlpha * cosineDecayed) + alpha32);
  return f32(from * decayed);
}

/** `cast(step, float32)`: integers up to 2^24 are exact, larger ones round. */
function stepF32(step: number): number {
  return step <= EXACT_INT_F32 && step >= -EXACT_INT_F32 ? step : f32(step);
}

/** ExponentialDecay / InverseTimeDecay arguments cast to float32 as Keras casts them. */
function rateDecayArgs(p: Record<string, unknown>): [number, number, number, boolean] {
  return [f32(p.initial_learning_rate as number), f32(p.decay_steps as number), f32(p.decay_rate as number), p.staircase as boolean];
}

class ExponentialDecaySchedule implements CountSchedule {
  private readonly rate: ConstBasePow;
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    rate: number,
    private readonly stair: boolean,
  ) {
    this.rate = new ConstBasePow(rate);
  }
  at(step: number): number {
    let p = f32(stepF32(step) / this.steps);
    if (this.stair) p = Math.floor(p);
    return f32(this.lr0 * this.rate.pow(p));
  }
  /** The exponents first (float32 arithmetic that pipelines), then the powers. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const steps = this.steps;
    const c0 = count - from;
    for (let i = from; i < to; i++) out[i] = f32((c0 + i) / steps);
    if (this.stair) for (let i = from; i < to; i++) out[i] = Math.floor(out[i]);
    const rate = this.rate;
    const lr0 = this.lr0;
    for (let i = from; i < to; i++) out[i] = f32(lr0 * rate.pow(out[i]));
  }
}

class PolynomialDecaySchedule implements CountSchedule {
  private readonly diff: number;
  private readonly power: PowByConst;
  constructor(
    lr0: number,
    private readonly end: number,
    power: number,
    private readonly steps: number,
    private readonly cycle: boolean,
  ) {
    this.diff = f32(lr0 - end);
    this.power = new PowByConst(power, false);
  }
  at(step: number): number {
    let s = stepF32(step);
    let d = this.steps;
    if (this.cycle) {
      const multiplier = s === 0 ? 1 : Math.ceil(f32(s / d));
      d = f32(d * multiplier);
    } else {
      s = Math.min(s, d);
    }
    const p = f32(s / d);
    return f32(f32(this.diff * this.power.pow(f32(1 - p))) + this.end);
  }
  /** Without cycle the step is clamped at decay_steps: the rest is one value. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (this.cycle || !exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const stop = Math.max(from, Math.min(to, from + Math.ceil(this.steps) - count));
    const d = this.steps;
    const c0 = count - from;
    for (let i = from; i < stop; i++) out[i] = f32(1 - f32((c0 + i) / d));
    const diff = this.diff;
    const power = this.power;
    const end = this.end;
    for (let i = from; i < stop; i++) out[i] = f32(f32(diff * power.pow(out[i])) + end);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
}

class InverseTimeDecaySchedule implements CountSchedule {
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    private readonly rate: number,
    private readonly stair: boolean,
  ) {}
  at(step: number): number {
    let p = f32(stepF32(step) / this.steps);
    if (this.stair) p = Math.floor(p);
    return f32(this.lr0 / f32(1 + f32(this.rate * p)));
  }
  fill(out: Float64Array, from: number, to: number, count: number): void {
    for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
  }
}

class CosineDecaySchedule implements CountSchedule {
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    private readonly oneMinusAlpha: number,
    private readonly alpha: number,
    /** NaN when warmup_target is None. */
    private readonly target: number,
    private readonly warmup: number,
  ) {}
  at(step: number): number {
    const s = stepF32(step);
    const warm = this.target === this.target;
    const t = Math.min(s, warm ? f32(this.steps + this.warmup) : this.steps);
    if (warm && t < this.warmup) return f32(f32(f32(this.target - this.lr0) * f32(t / this.warmup)) + this.lr0);
    return this.value(this.angle(t));
  }
  /** The cosine's argument at the clamped step `t` (past the warmup, if any). */
  private angle(t: number): number {
    const decayStep = this.target === this.target ? f32(t - this.warmup) : t;
    return cosineAngleF32(f32(decayStep / this.steps));
  }
  private value(angle: number): number {
    const from = this.target === this.target ? this.target : this.lr0;
    return cosineValueF32(angle, 0.5, this.oneMinusAlpha, this.alpha, from);
  }
  /**
   * The warmup; the cosine in two passes (arguments, then cosines); from decay_steps (+
   * warmup_steps) on the step is clamped: one value.
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const warm = this.target === this.target;
    const w = warm ? this.warmup : 0;
    // Exact steps: the warmup is the steps below warmup_steps, the clamp starts at ceil(end).
    const start = Math.max(from, Math.min(to, from + Math.ceil(w) - count));
    const stop = Math.max(start, Math.min(to, from + Math.ceil(warm ? f32(this.steps + w) : this.steps) - count));
    for (let i = from; i < start; i++) out[i] = this.at(count + (i - from));
    const steps = this.steps;
    const off = count - from - w; // off + i = step - warmup_steps: an exact integer
    for (let i = start; i < stop; i++) out[i] = cosineAngleF32(f32((off + i) / steps));
    const lr = warm ? this.target : this.lr0;
    const oneMinusAlpha = this.oneMinusAlpha;
    const alpha = this.alpha;
    for (let i = start; i < stop; i++) out[i] = cosineValueF32(out[i], 0.5, oneMinusAlpha, alpha, lr);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
}

class CosineDecayRestartsSchedule implements CountSchedule {
  private readonly oneMinusT: number;
  private readonly logT: number;
  private readonly oneMinusAlpha: number;
  /** Quantities that only depend on the restart index, for index `cachedI`. */
  private cachedI = NaN;
  private tPowI = 1;
  private sumR = 0;
  private halfM = 0.5;
  /** Below this step the restart index is certainly still `cachedI`: no log needed. */
  private sameIndexBelow = -Infinity;
  constructor(
    private readonly lr0: number,
    private readonly first: number,
    private readonly tMul: number,
    private readonly mMul: number,
    private readonly alpha: number,
  ) {
    this.oneMinusT = f32(1 - tMul);
    this.logT = logF32(tMul);
    this.oneMinusAlpha = f32(1 - alpha);
  }
  private restart(i: number): void {
    this.cachedI = i;
    this.tPowI = powF32(this.tMul, i);
    this.sumR = f32(f32(1 - this.tPowI) / this.oneMinusT);
    this.halfM = f32(0.5 * powF32(this.mMul, i));
    this.sameIndexBelow = this.tMul === 1 ? -Infinity : this.indexBound(i);
  }
  /**
   * The float32 index is floor(r) of a float32 approximation of the real ratio
   * r(t) = log(1 + (t/T0)(t_mul - 1)) / log(t_mul), nondecreasing in t, with an error far below
   * eps. Where the real r < i + 1 - eps, the float32 index cannot have reached i + 1 yet; that
   * holds for t < T0·(t_mul^(i+1-eps) - 1)/(t_mul - 1). Near each restart the log is computed.
   */
  private indexBound(i: number): number {
    const t = this.tMul;
    if (!(t > 0) || !Number.isFinite(i) || !Number.isFinite(t)) return -Infinity;
    const eps = 0.01 + 1e-5 / Math.abs(Math.log(t));
    if (eps >= 0.5) return -Infinity;
    const bound = (this.first * (Math.pow(t, i + 1 - eps) - 1)) / (t - 1);
    return bound > 0 ? bound : -Infinity;
  }
  at(step: number): number {
    let completed = f32(stepF32(step) / this.first);
    if (this.tMul === 1) {
      const i = Math.floor(completed);
      completed = f32(completed - i);
      if (i !== this.cachedI) this.restart(i);
    } else {
      if (!(step < this.sameIndexBelow)) {
        // The restart index is a float32 log ratio: at an exact restart step the floor can land
        // one cycle low when the rounded logs do not divide exactly (backend-dependent).
        const i = Math.floor(f32(f32(Math.log(f32(1 - f32(completed * this.oneMinusT)))) / this.logT));
        if (i !== this.cachedI) this.restart(i);
      }
      completed = f32(f32(completed - this.sumR) / this.tPowI);
    }
    return cosineValueF32(cosineAngleF32(completed), this.halfM, this.oneMinusAlpha, this.alpha, this.lr0);
  }
  /**
   * With t_mul != 1, the steps below `sameIndexBelow` certainly keep the restart index `at` found
   * last: they run as a loop over the cycle's constants (no log, no cursor).
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    const exact = exactCounts(count, to - from);
    for (let i = from; i < to; ) {
      out[i] = this.at(count + (i - from));
      i++;
      if (this.tMul === 1 || !exact) continue;
      const end = Math.min(to, i + Math.max(0, Math.ceil(this.sameIndexBelow - (count + (i - from)))));
      const first = this.first;
      const sumR = this.sumR;
      const tPowI = this.tPowI;
      const halfM = this.halfM;
      const oneMinusAlpha = this.oneMinusAlpha;
      const alpha = this.alpha;
      const lr0 = this.lr0;
      for (let j = i; j < end; j++) {
        out[j] = cosineAngleF32(f32(f32(f32((count - from + j) / first) - sumR) / tPowI));
      }
      for (; i < end; i++) out[i] = cosineValueF32(out[i], halfM, oneMinusAlpha, alpha, lr0);
    }
  }
}

/** Keras PiecewiseConstantDecay's literal sum of indicator-weighted values, in float32. */
function piecewiseValue(step: number, b: readonly number[], v: readonly number[]): number {
  const n = b.length;
  let r = 0;
  r = f32(r + f32((step <= b[0] ? 1 : 0) * v[0]));
  r = f32(r + f32((step > b[n - 1] ? 1 : 0) * v[n]));
  for (let i = 0; i + 1 < n; i++) {
    r = f32(r + f32((step > b[i] && step <= b[i + 1] ? 1 : 0) * v[i + 1]));
  }
  return r;
}

export const kerasSchedulers: SchedulerDefinition[] = countDefinitions([
  {
    id: 'keras.ExponentialDecay',
    framework: 'keras',
    name: 'ExponentialDecay',
    family: 'exponential',
    module: `${MODULE}.ExponentialDecay`,
    params: [
      initialLr,
      decaySteps('Steps per factor of decay_rate; must be > 0.'),
      decayRate,
      staircase,
    ],
    formula: String.raw`\eta_t = \eta_0 \cdot r^{\,p},\quad p = \begin{cases} \lfloor t / s \rfloor & \text{staircase} \\ t / s & \text{otherwise} \end{cases}`,
    description:
      'Multiplies initial_learning_rate by decay_rate every decay_steps steps, continuously or (staircase) in jumps at multiples of decay_steps. No lower bound and no begin offset: the rate keeps shrinking forever (or grows if decay_rate > 1). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    equivalents: [
      'torch.StepLR',
      'paddle.StepDecay',
      'optax.exponential_decay',
      'timm.StepLRScheduler',
      'torch.ExponentialLR',
      'paddle.ExponentialDecay',
      'paddle.NaturalExpDecay',
    ],
    precision: 'float32',
    schedule(p) {
      return new ExponentialDecaySchedule(...rateDecayArgs(p));
    },
  },
  {
    id: 'keras.PiecewiseConstantDecay',
    framework: 'keras',
    name: 'PiecewiseConstantDecay',
    family: 'piecewise',
    module: `${MODULE}.PiecewiseConstantDecay`,
    params: [
      {
        name: 'boundaries',
        type: { kind: 'numberList', integer: true, minLength: 1 },
        example: [1000, 2000],
        doc: 'Steps after which the next value starts (values[i+1] from step boundaries[i] + 1).',
        key: true,
      },
      {
        name: 'values',
        type: { kind: 'numberList', minLength: 2 },
        example: [0.1, 0.01, 0.001],
        doc: 'Absolute learning rates, one more than boundaries.',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = v_0[t \le b_0] + \sum_{i=1}^{n-1} v_i[b_{i-1} < t \le b_i] + v_n[t > b_{n-1}]`,
    description:
      'Holds values[0] up to and including step boundaries[0], then values[1] up to boundaries[1], and so on; values[-1] after the last boundary. Trap: the switch happens at step = boundary + 1 (Keras compares step > boundary), one step later than PyTorch MultiStepLR, Paddle and Optax (use boundaries = milestones - 1 to match them). Keras does not require increasing boundaries: overlapping ranges add their values up, and that sum is reproduced. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    equivalents: [
      'torch.MultiStepLR',
      'paddle.MultiStepDecay',
      'paddle.PiecewiseDecay',
      'optax.piecewise_constant_schedule',
      'timm.MultiStepLRScheduler',
      'torch.ConstantLR',
    ],
    precision: 'float32',
    check(p, path) {
      const b = p.boundaries as number[];
      const v = p.values as number[];
      if (v.length !== b.length + 1) {
        paramError('values', `must have one more item than boundaries (got ${v.length} values for ${b.length} boundaries)`, path);
      }
    },
    schedule(p) {
      const b = p.boundaries as number[];
      const v = (p.values as number[]).map(f32);
      return stepFunction(
        b.map((x) => x + 1),
        (t) => piecewiseValue(t, b, v),
      );
    },
  },
  {
    id: 'keras.PolynomialDecay',
    framework: 'keras',
    name: 'PolynomialDecay',
    family: 'polynomial',
    module: `${MODULE}.PolynomialDecay`,
    params: [
      initialLr,
      decaySteps('Steps to go from initial_learning_rate to end_learning_rate; must be > 0.'),
      {
        name: 'end_learning_rate',
        type: { kind: 'number', slider: { min: 0, max: 0.1 } },
        default: 0.0001,
        doc: 'Learning rate reached at decay_steps.',
      },
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5 } },
        default: 1.0,
        doc: 'Power of the polynomial (1 = linear).',
        key: true,
      },
      {
        name: 'cycle',
        type: { kind: 'boolean' },
        default: false,
        doc: 'If true, decay_steps grows to the next multiple of decay_steps instead of holding the end value.',
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = (\eta_0 - \eta_{end})\left(1 - \frac{\min(t, D)}{D}\right)^{p} + \eta_{end}; \\ \text{cycle: } D \to D\cdot\max(1, \lceil t/D \rceil) \end{gathered}`,
    description:
      'Polynomial decay from initial_learning_rate to end_learning_rate (default 1e-4, not 0) over decay_steps, then held at end_learning_rate. With cycle=True the horizon is stretched to the next multiple of decay_steps: the rate reaches end_learning_rate at every multiple and restarts from a lower peak each time (not a restart to the initial rate). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    equivalents: [
      'paddle.PolynomialDecay',
      'optax.polynomial_schedule',
      'torch.PolynomialLR',
      'hf.polynomial',
      'timm.PolyLRScheduler',
    ],
    precision: 'float32',
    schedule(p) {
      return new PolynomialDecaySchedule(
        f32(p.initial_learning_rate as number),
        f32(p.end_learning_rate as number),
        f32(p.power as number),
        f32(p.decay_steps as number),
        p.cycle as boolean,
      );
    },
  },
  {
    id: 'keras.InverseTimeDecay',
    framework: 'keras',
    name: 'InverseTimeDecay',
    family: 'inverse-time',
    module: `${MODULE}.InverseTimeDecay`,
    params: [
      initialLr,
      decaySteps('How often to apply decay (may be a float); must be > 0.', false),
      { ...decayRate, example: 0.5, doc: 'Decay rate: the rate is divided by 1 + decay_rate per decay_steps.' },
      staircase,
    ],
    formula: String.raw`\eta_t = \frac{\eta_0}{1 + r \cdot p},\quad p = \begin{cases} \lfloor t / s \rfloor & \text{staircase} \\ t / s & \text{otherwise} \end{cases}`,
    description:
      'Inverse-time (1/t) decay: initial_learning_rate / (1 + decay_rate * step / decay_steps), continuously or, with staircase, in steps at multiples of decay_steps. Never reaches zero. A negative decay_rate makes the denominator cross zero (infinite rate). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    equivalents: ['paddle.InverseTimeDecay'],
    precision: 'float32',
    schedule(p) {
      return new InverseTimeDecaySchedule(...rateDecayArgs(p));
    },
  },
  {
    id: 'keras.CosineDecay',
    framework: 'keras',
    name: 'CosineDecay',
    family: 'cosine',
    module: `${MODULE}.CosineDecay`,
    params: [
      initialLr,
      decaySteps('Length of the cosine decay (after the warmup); must be > 0.'),
      alpha('Final learning rate as a fraction of the decay start (warmup_target, or initial_learning_rate without warmup).'),
      {
        name: 'warmup_target',
        type: { kind: 'number', slider: { min: 1e-6, max: 1, scale: 'log' } },
        default: null,
        nullable: true,
        doc: 'Peak reached by a linear warmup from initial_learning_rate; None skips the warmup.',
      },
      {
        name: 'warmup_steps',
        type: { kind: 'integer', slider: { min: 0, max: 10_000 } },
        default: 0,
        doc: 'Length of the linear warmup (ignored when warmup_target is None).',
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (\eta_{w} - \eta_0)\,\frac{t}{W} + \eta_0 & t < W \\ \eta_{w}\left((1-\alpha)\,c + \alpha\right) & t \ge W \end{cases} \\ c = \tfrac12\left(1 + \cos\left(\pi \cdot \frac{\min(t - W, D)}{D}\right)\right) \end{gathered}`,
    description:
      'Cosine decay over decay_steps from initial_learning_rate (or, with warmup_target set, from warmup_target after a linear warmup of warmup_steps from initial_learning_rate) down to alpha times that peak, then held there forever (no restart, no rise). The decay lasts decay_steps steps after the warmup, so the schedule ends at step warmup_steps + decay_steps. warmup_steps is ignored when warmup_target is None. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    equivalents: [
      'torch.CosineAnnealingLR',
      'paddle.CosineAnnealingDecay',
      'optax.cosine_decay_schedule',
      'optax.warmup_cosine_decay_schedule',
      'hf.cosine',
      'hf.cosine_with_min_lr',
      'timm.CosineLRScheduler',
      'paddleocr.Cosine',
    ],
    precision: 'float32',
    schedule(p) {
      const a = p.alpha as number;
      const target = p.warmup_target as number | null;
      return new CosineDecaySchedule(
        f32(p.initial_learning_rate as number),
        f32(p.decay_steps as number),
        f32(1 - a),
        f32(a),
        target === null ? NaN : f32(target),
        f32(p.warmup_steps as number),
      );
    },
  },
  {
    id: 'keras.CosineDecayRestarts',
    framework: 'keras',
    name: 'CosineDecayRestarts',
    family: 'restarts',
    module: `${MODULE}.CosineDecayRestarts`,
    params: [
      initialLr,
      {
        name: 'first_decay_steps',
        type: { kind: 'integer', min: 0, minExclusive: true, slider: { min: 1, max: 100_000, scale: 'log' } },
        example: 1000,
        doc: 'Length of the first cosine cycle; must be > 0.',
        key: true,
      },
      {
        name: 't_mul',
        type: { kind: 'number', slider: { min: 1, max: 4 } },
        default: 2.0,
        doc: 'Each cycle is t_mul times longer than the previous one.',
        key: true,
      },
      {
        name: 'm_mul',
        type: { kind: 'number', slider: { min: 0.1, max: 1 } },
        default: 1.0,
        doc: 'Each cycle starts at m_mul times the previous cycle\'s peak (the alpha floor is not scaled).',
      },
      alpha('Floor of every cycle as a fraction of initial_learning_rate.'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_0\left((1-\alpha)\,\tfrac12\, m^{i}\left(1 + \cos(\pi f_i)\right) + \alpha\right), \\ i = \left\lfloor \frac{\log(1 - \frac{t}{T_0}(1 - t_{mul}))}{\log t_{mul}} \right\rfloor,\quad f_i = \frac{t/T_0 - \frac{1 - t_{mul}^{i}}{1 - t_{mul}}}{t_{mul}^{i}} \end{gathered}`,
    description:
      'SGDR: cosine cycles that restart forever, cycle i lasting first_decay_steps * t_mul^i steps and peaking at m_mul^i * initial_learning_rate; the floor alpha * initial_learning_rate is fixed (only the part above it decays with m_mul, unlike timm\'s cycle_decay). Trap: the cycle index is computed with a float32 log ratio (t_mul != 1), so at an exact restart step the floor can fall one cycle short and give the floor value instead of the restart peak: with first_decay_steps=5, t_mul=1.2 the first step of cycle 2 (step 11) gives alpha·initial_learning_rate, not initial_learning_rate; whether it happens can depend on the backend\'s float32 log (with t_mul=2 the start of cycle 13, step 8191·first_decay_steps, lands one cycle low with a correctly rounded log, as reproduced here, but not with numpy\'s). A t_mul below 1 makes the total length finite: past it the log argument turns negative and the rate is NaN. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    equivalents: [
      'torch.CosineAnnealingWarmRestarts',
      'paddle.CosineAnnealingWarmRestarts',
      'timm.CosineLRScheduler',
      'optax.sgdr_schedule',
      'hf.cosine_with_restarts',
    ],
    precision: 'float32',
    schedule(p) {
      return new CosineDecayRestartsSchedule(
        f32(p.initial_learning_rate as number),
        f32(p.first_decay_steps as number),
        f32(p.t_mul as number),
        f32(p.m_mul as number),
        f32(p.alpha as number),
      );
    },
  },
]);
