/**
 * Hugging Face transformers schedules (`transformers.optimization`, the `get_scheduler` names).
 *
 * Every one but `reduce_lr_on_plateau` is a `torch.optim.lr_scheduler.LambdaLR`: lr(t) = b·λ(t)
 * with t = 0 at construction and the Trainer stepping once per optimizer update; λ is computed in
 * Python floats with HF's operation order, reproduced literally below. `reduce_lr_on_plateau` is
 * torch's `ReduceLROnPlateau`, built as a torch child.
 */
import { paramError } from './errors';
import { pyMax, pyPow } from './numerics/pymath';
import type { ParamDef, SchedulerDefinition, Stepper } from './types';
import { PAPERS } from './papers';

const MODULE = 'transformers.optimization';




// ---------------------------------------------------------------------------------------------
// Parameters

const LR: ParamDef = {
  name: 'lr',
  type: { kind: 'number', min: 0, slider: { min: 1e-6, max: 1, scale: 'log' } },
  default: 5e-5,
  doc: "The optimizer's learning rate (TrainingArguments.learning_rate, default 5e-5): the peak the schedule scales.",
  role: 'baseLr',
  key: true,
};

const WARMUP: ParamDef = {
  name: 'num_warmup_steps',
  type: { kind: 'integer', min: 0, slider: { min: 0, max: 2000 } },
  example: 100,
  doc: 'Optimizer updates of linear warmup from 0 (the Trainer passes warmup_steps or ceil(warmup_ratio·T)).',
};

const TRAINING: ParamDef = {
  name: 'num_training_steps',
  type: { kind: 'integer', min: 0, slider: { min: 1, max: 100000, scale: 'log' } },
  example: 1000,
  doc: 'Total optimizer updates (the Trainer passes max_steps); the schedule ends here.',
};

/** The parameter marked as worth showing in a chart legend. */
const key = (p: ParamDef): ParamDef => ({ ...p, key: true });

const HALF_CYCLES: ParamDef = {
  name: 'num_cycles',
  type: { kind: 'number', min: 0, slider: { min: 0, max: 4 } },
  default: 0.5,
  doc: 'Number of cosine waves over the decay (0.5: one half-cosine from the peak to the floor).',
};

// ---------------------------------------------------------------------------------------------
// Steppers: lr(t) = b·λ(t), one class per λ, constants precomputed, t a plain counter.

abstract class LambdaStepper implements Stepper {
  protected t = 0;
  constructor(protected readonly b: number) {}
  /** b·λ(t). */
  abstract at(t: number): number;
  /**
   * The batch loop, one copy per class: `this.at` then has one receiver type and V8 inlines it, where
   * one shared loop would see every class (a megamorphic call per step).
   */
  abstract fill(out: Float64Array, from: number, to: number): number;
  lr(): number {
    return this.at(this.t);
  }
  step(): void {
    this.t++;
  }
  /** Writes the warmup `b·(t / wDen)` while t < W; returns the index where it stops. */
  protected fillWarmup(out: Float64Array, from: number, to: number, W: number, wDen: number): number {
    const b = this.b;
    const t0 = this.t - from;
    let i = from;
    for (; i < to && t0 + i < W; i++) out[i] = b * ((t0 + i) / wDen);
    return i;
  }
}

class Constant extends LambdaStepper {
  at(): number {
    return this.b * 1;
  }
  fill(out: Float64Array, from: number, to: number): number {
    out.fill(this.b * 1, from, to);
    this.t += to - from;
    return to;
  }
}

/** `_get_constant_schedule_with_warmup_lr_lambda`. */
class ConstantWithWarmup extends LambdaStepper {
  private readonly wDen: number;
  constructor(
    b: number,
    private readonly W: number,
  ) {
    super(b);
    this.wDen = Math.max(1.0, W);
  }
  at(t: number): number {
    return this.b * (t < this.W ? t / this.wDen : 1.0);
  }
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i);
    this.t += to - from;
    return to;
  }
}

/** `_get_linear_schedule_with_warmup_lr_lambda`. */
class Linear extends LambdaStepper {
  private readonly wDen: number;
  private readonly dDen: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly T: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.b * pyMax(0.0, (this.T - t) / this.dDen);
  }
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i);
    this.t += to - from;
    return to;
  }
}

/**
 * `_get_cosine_schedule_with_warmup_lr_lambda` (the later definition, with `min_lr_rate`; `cosine`
 * binds it with 0.0, for which `f·(1 − 0.0) + 0.0 == f`).
 */
class CosineWithMinLr extends LambdaStepper {
  private readonly wDen: number;
  private readonly dDen: number;
  /** `math.pi * float(num_cycles) * 2.0`, associated left to right like Python. */
  private readonly piC2: number;
  private readonly oneMinusR: number;
  constructor(
    b: number,
    private readonly W: number,
    T: number,
    numCycles: number,
    private readonly r: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
    this.piC2 = Math.PI * numCycles * 2.0;
    this.oneMinusR = 1 - r;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.value(this.angle(t));
  }
  /** The cosine's argument after the warmup: `2π·c·progress`. */
  private angle(t: number): number {
    const progress = (t - this.W) / this.dDen;
    return this.piC2 * progress;
  }
  private value(angle: number): number {
    let factor = 0.5 * (1.0 + Math.cos(angle));
    factor = factor * this.oneMinusR + this.r;
    return this.b * pyMax(0, factor);
  }
  /** The warmup, then the arguments, then the cosines (arithmetic pipelines better without the call). */
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    const start = this.fillWarmup(out, from, to, this.W, this.wDen);
    for (let i = start; i < to; i++) out[i] = this.angle(t0 + i);
    for (let i = start; i < to; i++) out[i] = this.value(out[i]);
    this.t += to - from;
    return to;
  }
}

/** `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`. */
class CosineWithRestarts extends LambdaStepper {
  private readonly wDen: number;
  private readonly dDen: number;
  constructor(
    b: number,
    private readonly W: number,
    T: number,
    private readonly cycles: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, T - W);
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    const progress = (t - this.W) / this.dDen;
    if (progress >= 1.0) return this.b * 0.0;
    return this.value(this.angle(progress));
  }
  /**
   * `math.pi * ((num_cycles * progress) % 1.0)`. Python's float % is fmod for these non-negative
   * operands, and for x >= 0 `fmod(x, 1.0)` is exactly `x - floor(x)` (both are exact), which
   * avoids V8's slow float modulo.
   */
  private angle(progress: number): number {
    const x = this.cycles * progress;
    return Math.PI * (x - Math.floor(x));
  }
  private value(angle: number): number {
    return this.b * pyMax(0.0, 0.5 * (1.0 + Math.cos(angle)));
  }
  /** The warmup, the arguments, the cosines; from progress 1 on (t >= W + dDen) the lr is b·0. */
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    const start = this.fillWarmup(out, from, to, this.W, this.wDen);
    const end = Math.max(start, Math.min(to, this.W + this.dDen - t0));
    for (let i = start; i < end; i++) out[i] = this.angle((t0 + i - this.W) / this.dDen);
    for (let i = start; i < end; i++) out[i] = this.value(out[i]);
    out.fill(this.b * 0.0, end, to);
    this.t += to - from;
    return to;
  }
}

/** `_get_polynomial_decay_schedule_with_warmup_lr_lambda` with `lr_init = optimizer.defaults["lr"]`. */
class Polynomial extends LambdaStepper {
  private readonly wDen: number;
  private readonly endRatio: number;
  private readonly lrRange: number;
  private readonly decaySteps: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly T: number,
    private readonly lrEnd: number,
    private readonly power: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.endRatio = lrEnd / b;
    this.lrRange = b - lrEnd;
    this.decaySteps = T - W;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    if (t > this.T) return this.b * this.endRatio;
    const pctRemaining = 1 - (t - this.W) / this.decaySteps;
    const decay = this.lrRange * pyPow(pctRemaining, this.power) + this.lrEnd;
    return this.b * (decay / this.b);
  }
  /** pyPow may raise: the loop stops there and the canonical loop raises at that step. */
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    let i = from;
    try {
      for (; i < to; i++) out[i] = this.at(t0 + i);
    } catch {
      // raised again by lr() at step i
    }
    this.t += i - from;
    return i;
  }
}

/** `_get_inverse_sqrt_schedule_lr_lambda`. */
class InverseSqrt extends LambdaStepper {
  private readonly wDen: number;
  private readonly shift: number;
  constructor(
    b: number,
    private readonly W: number,
    private readonly timescale: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.shift = timescale - W;
  }
  at(t: number): number {
    if (t < this.W) return this.b * (t / this.wDen);
    return this.b * (1.0 / Math.sqrt((t + this.shift) / this.timescale));
  }
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i);
    this.t += to - from;
    return to;
  }
}

const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;
const enum Shape {
  Linear,
  Cosine,
  OneMinusSqrt,
}

/** `_get_wsd_scheduler_lambda`. */
class WarmupStableDecay extends LambdaStepper {
  private readonly wDen: number;
  private readonly dDen: number;
  private readonly stableEnd: number;
  private readonly decayEnd: number;
  private readonly piC2: number;
  private readonly oneMinusR: number;
  constructor(
    b: number,
    private readonly W: number,
    S: number,
    D: number,
    private readonly warmupShape: Shape,
    private readonly decayShape: Shape,
    private readonly r: number,
    numCycles: number,
  ) {
    super(b);
    this.wDen = Math.max(1, W);
    this.dDen = Math.max(1, D);
    this.stableEnd = W + S;
    this.decayEnd = W + S + D;
    this.piC2 = Math.PI * numCycles * 2.0;
    this.oneMinusR = 1.0 - r;
  }
  at(t: number): number {
    if (t < this.W) {
      const progress = t / this.wDen;
      let factor: number;
      if (this.warmupShape === Shape.Linear) factor = progress;
      else if (this.warmupShape === Shape.Cosine) factor = 0.5 * (1.0 - Math.cos(Math.PI * progress));
      else factor = 1.0 - Math.sqrt(1.0 - progress);
      factor = factor * this.oneMinusR + this.r;
      return this.b * pyMax(0.0, factor);
    }
    if (t < this.stableEnd) return this.b * 1.0;
    if (t < this.decayEnd) {
      const progress = (t - this.stableEnd) / this.dDen;
      let factor: number;
      if (this.decayShape === Shape.Linear) factor = 1.0 - progress;
      else if (this.decayShape === Shape.Cosine) factor = 0.5 * (1.0 + Math.cos(this.piC2 * progress));
      else factor = 1.0 - Math.sqrt(progress);
      factor = factor * this.oneMinusR + this.r;
      return this.b * pyMax(0.0, factor);
    }
    return this.b * this.r;
  }
  fill(out: Float64Array, from: number, to: number): number {
    const t0 = this.t - from;
    for (let i = from; i < to; i++) out[i] = this.at(t0 + i);
    this.t += to - from;
    return to;
  }
}

// ---------------------------------------------------------------------------------------------
// Definitions

type Def = Omit<SchedulerDefinition, 'id' | 'framework' | 'precision' | 'module'> & { fn: string };

function hf(d: Def): SchedulerDefinition {
  const { fn, ...rest } = d;
  return { id: `hf.${d.name}`, framework: 'hf', precision: 'float64', module: `${MODULE}.${fn}`, ...rest };
}

const num = (v: unknown): number => v as number;
const WARMUP_LATEX = String.raw`\lambda(t) = \frac{t}{\max(1, W)} \ \ (t < W)`;
const COSINE_EQUIVALENTS = [
  'torch.CosineAnnealingLR',
  'paddle.CosineAnnealingDecay',
  'keras.CosineDecay',
  'optax.cosine_decay_schedule',
  'optax.warmup_cosine_decay_schedule',
  'timm.CosineLRScheduler',
  'paddleocr.Cosine',
];

export const hfSchedulers: SchedulerDefinition[] = [
  hf({
    name: 'constant',
    fn: 'get_constant_schedule',
    family: 'constant',
    params: [LR],
    formula: String.raw`\eta_t = \eta`,
    description:
      "Keeps the optimizer's learning rate for every update (a LambdaLR whose lambda returns 1). get_scheduler " +
      'ignores num_warmup_steps and num_training_steps for it.',
    equivalents: ['optax.constant_schedule', 'torch.ConstantLR'],
    create: (p) => new Constant(num(p.lr)),
  }),
  hf({
    name: 'constant_with_warmup',
    fn: 'get_constant_schedule_with_warmup',
    family: 'warmup',
    params: [LR, key(WARMUP)],
    formula: String.raw`\eta_t = \eta \cdot \min\!\left(\frac{t}{\max(1, W)},\ 1\right)`,
    description:
      'Linear warmup from 0 over num_warmup_steps updates, then the constant learning rate. The first update ' +
      'runs at lr 0 (λ(0) = 0) and the full lr is reached at t = W. get_scheduler passes only num_warmup_steps.',
    equivalents: ['optax.warmup_constant_schedule', 'paddle.LinearWarmup'],
    create: (p) => new ConstantWithWarmup(num(p.lr), num(p.num_warmup_steps)),
  }),
  hf({
    name: 'linear',
    fn: 'get_linear_schedule_with_warmup',
    family: 'linear',
    params: [LR, key(WARMUP), key(TRAINING)],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \frac{T - t}{\max(1, T - W)}\right) \ \ (t \ge W) \end{gathered}`,
    description:
      'The Trainer default: linear warmup from 0 over W updates, then a linear decay to 0 at t = T ' +
      '(num_training_steps), clamped at 0 afterwards. The first update runs at lr 0. lr = lr·λ(t) with λ in ' +
      'Python floats.',
    equivalents: [
      'torch.LinearLR',
      'torch.PolynomialLR',
      'optax.linear_schedule',
      'keras.PolynomialDecay',
      'paddle.PolynomialDecay',
      'timm.PolyLRScheduler',
    ],
    create: (p) => new Linear(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps)),
  }),
  hf({
    name: 'cosine',
    fn: 'get_cosine_schedule_with_warmup',
    family: 'cosine',
    params: [LR, key(WARMUP), key(TRAINING), HALF_CYCLES],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \tfrac12\left(1 + \cos(2\pi c\, p)\right)\right), \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then num_cycles cosine waves over the remaining T − W updates ' +
      '(0.5: a half-cosine from lr to 0, reached at t = T). Trap: nothing clamps it after T: with the default ' +
      '0.5 cycles the curve rises again (back to lr at t = 2T − W).',
    paper: PAPERS.sgdr,
    equivalents: COSINE_EQUIVALENTS,
    create: (p) =>
      new CosineWithMinLr(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles), 0.0),
  }),
  hf({
    name: 'cosine_with_restarts',
    fn: 'get_cosine_with_hard_restarts_schedule_with_warmup',
    family: 'restarts',
    params: [
      LR,
      WARMUP,
      key(TRAINING),
      {
        name: 'num_cycles',
        type: { kind: 'integer', min: 0, slider: { min: 1, max: 10 } },
        default: 1,
        doc: 'Number of hard restarts: half-cosines from lr to 0 that fill T − W.',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \begin{cases} \tfrac12\left(1 + \cos(\pi\,((c\,p) \bmod 1))\right) & p < 1 \\ 0 & p \ge 1 \end{cases}, \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then num_cycles half-cosines from lr to 0, each restarting at lr ' +
      '(hard restarts), filling the T − W remaining updates; from t = T on the lr is exactly 0.',
    paper: PAPERS.sgdr,
    equivalents: [
      'torch.CosineAnnealingWarmRestarts',
      'paddle.CosineAnnealingWarmRestarts',
      'keras.CosineDecayRestarts',
      'optax.sgdr_schedule',
      'timm.CosineLRScheduler',
    ],
    create: (p) =>
      new CosineWithRestarts(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles)),
  }),
  hf({
    name: 'polynomial',
    fn: 'get_polynomial_decay_schedule_with_warmup',
    family: 'polynomial',
    params: [
      LR,
      WARMUP,
      TRAINING,
      {
        name: 'lr_end',
        type: { kind: 'number', min: 0, slider: { min: 1e-9, max: 0.01, scale: 'log' } },
        default: 1e-7,
        doc: 'The learning rate reached at t = T and kept afterwards (must be below lr).',
        key: true,
      },
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5, scale: 'log' } },
        default: 1.0,
        doc: 'Exponent of the decay (1: linear).',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \eta_t = \begin{cases} (\eta - \eta_{end})\left(1 - \frac{t - W}{T - W}\right)^{p} + \eta_{end} & W \le t \le T \\ \eta_{end} & t > T \end{cases} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then a polynomial decay from lr to lr_end at t = T, lr_end ' +
      'afterwards. HF computes λ = decay / lr_init with lr_init = optimizer.defaults["lr"] (= lr here) and ' +
      'LambdaLR multiplies back, so values are lr·(decay/lr), not decay, in the last bit. lr must exceed lr_end ' +
      '(ValueError); num_training_steps equal to num_warmup_steps divides 0 by 0 at t = W and is rejected.',
    equivalents: [
      'keras.PolynomialDecay',
      'paddle.PolynomialDecay',
      'optax.polynomial_schedule',
      'torch.PolynomialLR',
      'timm.PolyLRScheduler',
    ],
    check(p, path) {
      if (!(num(p.lr) > num(p.lr_end))) {
        paramError('lr_end', `must be smaller than the initial lr ${num(p.lr)} (got ${num(p.lr_end)})`, path);
      }
      if (num(p.num_training_steps) === num(p.num_warmup_steps)) {
        paramError(
          'num_training_steps',
          `must differ from num_warmup_steps (${num(p.num_warmup_steps)}): transformers divides by their difference at the end of warmup (ZeroDivisionError)`,
          path,
        );
      }
    },
    create: (p) =>
      new Polynomial(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.lr_end), num(p.power)),
  }),
  hf({
    name: 'inverse_sqrt',
    fn: 'get_inverse_sqrt_schedule',
    family: 'inverse-sqrt',
    params: [
      LR,
      key(WARMUP),
      {
        name: 'timescale',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 100000, scale: 'log' } },
        default: null,
        nullable: true,
        doc: 'Decay time scale; None means num_warmup_steps, or 10000 if that is 0. get_scheduler cannot set it.',
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \frac{1}{\sqrt{(t + \tau - W)/\tau}}\ \ (t \ge W) \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then decay proportional to 1/√t: with the default timescale = W, ' +
      'λ(t) = √(W/t), continuous at t = W — the Noam / Transformer schedule. It never ends. With W = 0 the ' +
      'timescale becomes 10000 and there is no warmup. timescale is an argument of get_inverse_sqrt_schedule ' +
      'only: get_scheduler passes num_warmup_steps alone.',
    paper: PAPERS.transformer,
    equivalents: ['paddle.NoamDecay'],
    create: (p) => {
      const W = num(p.num_warmup_steps);
      const timescale = p.timescale === null ? W || 10_000 : num(p.timescale);
      return new InverseSqrt(num(p.lr), W, timescale);
    },
  }),
  hf({
    name: 'reduce_lr_on_plateau',
    fn: 'get_reduce_on_plateau_schedule',
    family: 'plateau',
    metricDriven: true,
    params: [
      LR,
      {
        name: 'mode',
        type: { kind: 'enum', options: ['min', 'max'] },
        default: 'min',
        doc: "'min' for a loss (the metric should fall), 'max' for an accuracy.",
      },
      {
        name: 'factor',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: { min: 0.01, max: 0.9, scale: 'log' } },
        default: 0.1,
        doc: 'The lr is multiplied by factor at each reduction (torch requires factor < 1).',
        key: true,
      },
      {
        name: 'patience',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 50 } },
        default: 10,
        doc: 'Evaluations without improvement tolerated; the lr drops on the next one.',
        key: true,
      },
      {
        name: 'threshold',
        type: { kind: 'number', slider: { min: 0, max: 0.1 } },
        default: 1e-4,
        doc: 'How much better than the best a metric must be to count as an improvement.',
      },
      {
        name: 'threshold_mode',
        type: { kind: 'enum', options: ['rel', 'abs'] },
        default: 'rel',
        doc: "'rel': compare with best·(1 ∓ threshold); 'abs': with best ∓ threshold.",
      },
      {
        name: 'cooldown',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 20 } },
        default: 0,
        doc: 'Evaluations after a reduction during which bad evaluations are not counted.',
      },
      {
        name: 'min_lr',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 0.001 } },
        default: 0,
        doc: 'The lr never goes below this.',
      },
      {
        name: 'eps',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 1e-6 } },
        default: 1e-8,
        doc: 'A reduction smaller than eps is skipped.',
      },
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(f\,\eta,\ \eta_{min}) \\ \text{after } \text{patience}+1 \text{ evaluations} \\ \text{without improvement} \end{gathered}`,
    description:
      "transformers' get_reduce_on_plateau_schedule is torch.optim.lr_scheduler.ReduceLROnPlateau with the " +
      'scheduler_specific_kwargs: the lr starts at the optimizer lr and is multiplied by factor once the ' +
      'monitored metric has not improved for patience + 1 consecutive evaluations. The Trainer steps it with ' +
      'the eval metric after each evaluation (not after every update); here metrics[i] is reported after update i.',
    equivalents: ['torch.ReduceLROnPlateau', 'timm.PlateauLRScheduler'],
    create: (p, ctx) =>
      ctx.createChild(
        {
          scheduler: 'torch.ReduceLROnPlateau',
          params: {
            lr: p.lr,
            mode: p.mode,
            factor: p.factor,
            patience: p.patience,
            threshold: p.threshold,
            threshold_mode: p.threshold_mode,
            cooldown: p.cooldown,
            min_lr: p.min_lr,
            eps: p.eps,
          },
        },
        ctx.path,
      ),
  }),
  hf({
    name: 'cosine_with_min_lr',
    fn: 'get_cosine_with_min_lr_schedule_with_warmup',
    family: 'cosine',
    params: [
      LR,
      WARMUP,
      TRAINING,
      HALF_CYCLES,
      {
        name: 'min_lr',
        type: { kind: 'number', min: 0, slider: { min: 1e-8, max: 0.01, scale: 'log' } },
        default: null,
        nullable: true,
        doc: 'Floor of the cosine as an absolute lr (converted to min_lr / lr); set min_lr_rate to None to use it.',
        key: true,
      },
      {
        name: 'min_lr_rate',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 1 } },
        example: 0.1,
        nullable: true,
        doc: 'Floor of the cosine as a fraction of lr. Exactly one of min_lr and min_lr_rate must be set.',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \tfrac12\left(1 + \cos(2\pi c\, p)\right)(1 - r) + r\right), \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Like cosine, but the cosine runs from lr down to a floor r·lr instead of 0, with r = min_lr_rate or ' +
      'min_lr / lr. Linear warmup from 0 over W updates; the floor is reached at t = T and, as with cosine, the ' +
      'curve rises again afterwards. transformers raises unless exactly one of min_lr and min_lr_rate is given.',
    paper: PAPERS.sgdr,
    equivalents: COSINE_EQUIVALENTS,
    check(p, path) {
      const a = p.min_lr !== null;
      const b = p.min_lr_rate !== null;
      if (a && b) paramError('min_lr', 'set only one of min_lr and min_lr_rate (the other must be None)', path);
      if (!a && !b) paramError('min_lr_rate', 'set one of min_lr_rate and min_lr (both are None)', path);
      if (a && num(p.lr) === 0) paramError('lr', 'must not be 0 with min_lr: transformers divides min_lr by it', path);
    },
    create: (p) => {
      const r = p.min_lr !== null ? num(p.min_lr) / num(p.lr) : num(p.min_lr_rate);
      return new CosineWithMinLr(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles), r);
    },
  }),
  hf({
    name: 'warmup_stable_decay',
    fn: 'get_wsd_schedule',
    family: 'wsd',
    params: [
      LR,
      WARMUP,
      {
        name: 'num_decay_steps',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 10000 } },
        example: 200,
        doc: 'Updates of the final decay phase.',
        key: true,
      },
      {
        ...TRAINING,
        nullable: true,
        doc: 'Total updates; the stable phase is num_training_steps − W − num_decay_steps unless num_stable_steps is set.',
      },
      {
        name: 'num_stable_steps',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 100000 } },
        default: null,
        nullable: true,
        doc: 'Updates at the full lr; overrides num_training_steps when both are set.',
      },
      {
        name: 'warmup_type',
        type: { kind: 'enum', options: SHAPES },
        default: 'linear',
        doc: "Warmup shape: 'linear', 'cosine' or '1-sqrt'.",
      },
      {
        name: 'decay_type',
        type: { kind: 'enum', options: SHAPES },
        default: 'cosine',
        doc: "Decay shape: 'linear', 'cosine' or '1-sqrt'.",
        key: true,
      },
      {
        name: 'min_lr_ratio',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 1 } },
        default: 0,
        doc: 'Start of the warmup and end of the decay, as a fraction of lr.',
      },
      { ...HALF_CYCLES, doc: 'Cosine waves of the cosine decay (0.5: one half-cosine).' },
    ],
    formula: String.raw`\lambda(t) = \begin{cases} r + (1 - r) f_w\!\left(\frac{t}{\max(1,W)}\right) & t < W \\ 1 & t < W + S \\ r + (1 - r) f_d\!\left(\frac{t - W - S}{\max(1, D)}\right) & t < W + S + D \\ r & \text{otherwise} \end{cases}`,
    description:
      'Warmup–stable–decay (trapezoidal): warmup from r·lr to lr over W updates (linear, cosine or 1-sqrt; ' +
      'r = min_lr_ratio, so the first update runs at r·lr), the full lr for S updates, a decay to r·lr over D ' +
      'updates, then r·lr for good. S = num_stable_steps, or num_training_steps − W − D when that is None; ' +
      'transformers raises when both are None. As in recent transformers (warmup_type/decay_type arguments); ' +
      'the first WSD release had a fixed linear warmup from 0 and cosine decay.',
    paper: PAPERS.minicpm,
    equivalents: ['optax.join_schedules'],
    check(p, path) {
      if (p.num_training_steps === null && p.num_stable_steps === null) {
        paramError('num_training_steps', 'set num_training_steps or num_stable_steps (both are None)', path);
      }
    },
    create: (p) => {
      const W = num(p.num_warmup_steps);
      const D = num(p.num_decay_steps);
      const S = p.num_stable_steps !== null ? num(p.num_stable_steps) : num(p.num_training_steps) - W - D;
      const shape = (v: unknown) => SHAPES.indexOf(v as (typeof SHAPES)[number]) as Shape;
      return new WarmupStableDecay(
        num(p.lr),
        W,
        S,
        D,
        shape(p.warmup_type),
        shape(p.decay_type),
        num(p.min_lr_ratio),
        num(p.num_cycles),
      );
    },
  }),
];
