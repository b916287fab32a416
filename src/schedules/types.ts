/**
 * Core types of the schedule engine. Every scheduler is described once by a
 * {@link SchedulerDefinition}; validation, forms, docs, code export and tests derive from it.
 *
 * The engine is pure: no DOM, no React, no tfjs.
 */

export type Framework = 'torch' | 'paddle' | 'paddleocr' | 'keras' | 'optax' | 'hf' | 'timm';

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  torch: 'PyTorch',
  paddle: 'PaddlePaddle',
  paddleocr: 'PaddleOCR',
  keras: 'Keras',
  optax: 'Optax',
  hf: 'Hugging Face',
  timm: 'timm',
};

/** Shape families, used to group the picker and find equivalents. */
export type Family =
  | 'constant'
  | 'step'
  | 'multistep'
  | 'exponential'
  | 'inverse-time'
  | 'polynomial'
  | 'linear'
  | 'cosine'
  | 'restarts'
  | 'tanh'
  | 'cyclic'
  | 'onecycle'
  | 'inverse-sqrt'
  | 'warmup'
  | 'wsd'
  | 'piecewise'
  | 'plateau'
  | 'lambda'
  | 'composite';

/**
 * When a schedule's `step()` is called: after every optimizer update ("iteration") or once per
 * epoch. Declared once here; the studio, presets, code export and training import it.
 */
export const STEPPINGS = ['iteration', 'epoch'] as const;
export type Stepping = (typeof STEPPINGS)[number];

/** Arithmetic a framework computes its schedules in. Keras and Optax compute in float32. */
export type Precision = 'float64' | 'float32';

/** A scheduler spec as the user (and the URL) holds it. */
export interface ScheduleSpec {
  /** `<framework>.<name as in the framework>`, e.g. `torch.StepLR`. */
  scheduler: string;
  /** Arguments by the framework's own names. Missing ones take the framework default. */
  params: Record<string, unknown>;
}

/** Numeric range rule; bounds are inclusive unless the matching `*Exclusive` flag is set. */
export interface RangeRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Hint for the form's slider. `log` suits learning rates and factors spanning decades. */
export interface SliderHint {
  min: number;
  max: number;
  scale?: 'linear' | 'log';
}

export type ParamType =
  | ({
      kind: 'number';
      slider?: SliderHint;
      /**
       * An integral value is a Python int (a step count, Optax's power applied as exact products), so the code
       * export writes `4`, not `4.0`: the literal whose curve the engine shows.
       */
      integralAsInt?: boolean;
    } & RangeRule)
  | ({ kind: 'integer'; slider?: SliderHint } & RangeRule)
  | { kind: 'boolean' }
  | { kind: 'enum'; options: readonly string[] }
  /** A list of numbers such as `milestones`. */
  | ({
      kind: 'numberList';
      integer?: boolean;
      order?: 'none' | 'nondecreasing' | 'increasing';
      minLength?: number;
      maxLength?: number;
      /** A bare number is valid too: Python takes a number or a list (timm's `noise_range_t`). */
      orNumber?: boolean;
    } & RangeRule)
  /**
   * A mapping from integer step to number, such as Optax's `boundaries_and_scales`.
   * Held as an object with integer-string keys.
   */
  | ({ kind: 'numberMap' } & RangeRule)
  /** A plain Python string that does not change the curve (Keras's `name`). */
  | { kind: 'string' }
  /** Python lambda text, e.g. `lambda epoch: 0.95 ** epoch`. Parsed by src/schedules/expr. */
  | { kind: 'expression'; argNames?: readonly string[] }
  /** One child spec. `frameworks`: which child schedulers are allowed. */
  | { kind: 'schedule'; frameworks: readonly Framework[]; exclude?: readonly string[]; omitBaseLr?: boolean }
  /** A list of child specs (torch SequentialLR / ChainedScheduler, optax join_schedules). */
  | {
      kind: 'scheduleList';
      frameworks: readonly Framework[];
      exclude?: readonly string[];
      omitBaseLr?: boolean;
      minLength?: number;
    }
  /** A number, or a child spec (Paddle LinearWarmup's `learning_rate`). */
  | ({ kind: 'numberOrSchedule'; frameworks: readonly Framework[]; exclude?: readonly string[] } & RangeRule & {
        slider?: SliderHint;
      })
  /** A list of records with their own field schema (Optax sgdr_schedule's `cosine_kwargs`). */
  | { kind: 'recordList'; fields: readonly ParamDef[]; minLength?: number };

export type ParamKind = ParamType['kind'];

export interface ParamDef {
  /** Argument name exactly as in the framework (`gamma`, `T_max`, `eta_min`, ...). */
  name: string;
  type: ParamType;
  /**
   * The framework's default, exactly. `undefined` means the framework requires the argument;
   * `null` means the framework default is `None`.
   */
  default?: unknown;
  /** Initial value in a new form when the framework has no default (required argument). */
  example?: unknown;
  /** The value may be `null` (Python `None`). */
  nullable?: boolean;
  /** One-line doc shown on hover/focus. */
  doc: string;
  /**
   * `baseLr`: the optimizer's initial learning rate (torch/hf/timm `lr`). Child specs of torch
   * SequentialLR/ChainedScheduler omit it: they share the parent's optimizer.
   */
  role?: 'baseLr';
  /** Key parameter worth showing in the chart legend. */
  key?: boolean;
  /**
   * A count on the experiment's time axis: `steps` counts scheduler steps (T_max, milestones, warmup
   * lengths; in epochs for a schedule stepped every epoch), `epochs` counts epochs whatever the
   * stepping (PaddleOCR's `epochs`). Its slider spans a range derived from the horizon (src/ui/forms),
   * and {@link fit} says what a new schedule sets it to. test/schedules/steps-marks.test.ts lists
   * every integral parameter that is not marked, each with its reason.
   */
  unit?: ParamUnit;
  /** How a new schedule sets this count from the horizon (src/schedules/fit.ts); unset: its default or example. */
  fit?: StepFit;
}

export type ParamUnit = 'steps' | 'epochs';

/**
 * What a step count is for, which fixes its value in a new schedule fitted to a horizon of H steps:
 * `horizon` H (a decay that ends at the horizon), `warmup` 5% of H, `cooldown` 20%, `interval` a third
 * (a staircase's step: three levels), `cycle` a quarter (a restart or half-cycle length), `scale` a
 * tenth (the unit of a continuous rate, `decay_rate ** (t / decay_steps)`), `spread` a list of
 * boundaries spaced evenly over H, as many as the example has, `perEpoch` the steps per epoch, and
 * `epochs` the horizon in epochs.
 */
export type StepFit = 'horizon' | 'warmup' | 'cooldown' | 'interval' | 'cycle' | 'scale' | 'spread' | 'perEpoch' | 'epochs';

export interface Paper {
  title: string;
  authors: string;
  year: number;
  url: string;
}

/**
 * A stepper reproduces the framework's canonical loop: `lr()` is the learning rate in force for the
 * next optimizer update, `step(metric)` advances the scheduler once (after the update).
 */
export interface Stepper {
  lr(): number;
  step(metric?: number): void;
  /**
   * Optional batch form of the canonical loop, used by `evaluate`: for i = from .. to-1, writes
   * `lr()` to `out[i]` and steps (with `metrics[i]` for metric-driven schedulers). Returns `to`,
   * or a step `k < to` where it stopped, at the latest the step at which the loop raises:
   * `out[from..k)` is written and the stepper is left as the canonical loop finds it before reading
   * `lr()` at step `k`, so that running `lr()`/`step()` from `k` on gives the remaining values and
   * raises the same error at the same step. Values are the same, bit for bit, as those of
   * `lr()`/`step()`.
   */
  fill?(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number;
  /**
   * The stepper's state after the steps taken so far, where that is a few numbers (recursive
   * steppers, counters). Absent where it is not cheap (user lambdas of recursive schedulers): a
   * resumed run replays the steps instead.
   */
  save?(): StepperState;
  /** Continues from a state that {@link save} returned on a stepper of the same spec. */
  restore?(state: StepperState): void;
}

/**
 * A schedule whose value at step t is a function of t: the framework's own closed form (every Keras,
 * Optax, Hugging Face and timm scheduler but plateau, Paddle's and PyTorch's closed-form ones), or
 * PyTorch's documented closed form of a recursive ("chainable") scheduler.
 *
 * Steps are the canonical loop's: `at(t)` is the learning rate in force for the t-th optimizer
 * update (t = 0 for the first), the value `evaluate(spec, n)[t]` holds.
 */
export interface ClosedForm {
  /**
   * `true` where `at(t)` is the framework's own computation, bit for bit the stepper's values;
   * `false` for a recursive PyTorch scheduler drawn from its documented closed form (within 1e-12
   * relative of the recursive sequence).
   */
  readonly exact: boolean;
  /** The value at integer step `t >= 0`. May throw {@link PythonRuntimeError} where the framework raises. */
  at(t: number): number;
  /**
   * Batch form: `out[from + j] = at(t0 + j)` for `from + j < to`. Each class has its own copy of
   * the loop, so that `this.at` in it sees one receiver type (V8 inlines it) however many schedule
   * classes the process has used; a shared loop would make that call megamorphic.
   */
  fill(out: Float64Array, from: number, to: number, t0: number): void;
  /**
   * The steps in the open range (from, to) where the schedule may jump or change direction (step
   * boundaries, cycle turns, restarts, warmup end), sorted ascending: between two consecutive points
   * of [from, ...breakpoints, to) the values at the integer steps are monotone (non-decreasing or
   * non-increasing), so the exact minimum and maximum over [from, to) are among the values at the
   * ends of those pieces. `null` where there are more than `limit` of them, or where the shape is
   * not known (a user lambda): then every step has to be visited.
   */
  breakpoints(from: number, to: number, limit: number): number[] | null;
  /**
   * Where the values repeat exactly: `at(t + length) === at(t)`, bit for bit, for every integer t
   * with `start <= t` and `t + length < end` (the form finds the position in its period with exact
   * integer arithmetic, and nothing else depends on t there). Claimed only where that holds in
   * floating point, not merely on paper: a form computing `t / period` in floats (PyTorch's
   * CyclicLR) rounds differently in each cycle and has none. Any window of `length` steps inside
   * [start, end) then holds every value of the pattern: a chart column spanning such a window has the
   * extremes of one period (evaluateColumns), whatever the horizon.
   */
  readonly period?: Periodicity;
  /**
   * Where this form is exact only by replaying a recursion (cost O(t) for the first look at step t):
   * its documented closed form, cheap at any t and within 1e-8 of the scale of the exact values
   * (the recursion drifts from it by about an ulp per step). What a slider drag draws in the input's
   * own frame on a long horizon (`ColumnsOptions.draft`); the exact values follow when it settles.
   */
  readonly draft?: ClosedForm;
}

/** See {@link ClosedForm.period}. */
export interface Periodicity {
  start: number;
  /** Whole steps, >= 1. */
  length: number;
  /** Exclusive; Infinity where the pattern never ends. */
  end: number;
}

/**
 * Saved state of a stepper: a few numbers (JSON- and structured-clone-safe), enough for
 * {@link Stepper.restore} on a fresh stepper of the same spec to continue exactly where it was.
 */
export type StepperState = readonly number[];

export interface CreateContext {
  /** Path of this spec inside the root spec, for error messages (e.g. `schedulers[1]`). */
  path: string;
  /** Builds the stepper of a validated child spec (any framework). */
  createChild(spec: { scheduler: string; params: Record<string, unknown> }, path: string): Stepper;
  /** The closed form of a validated child spec, or `null` where it has none. */
  closedFormOfChild(spec: { scheduler: string; params: Record<string, unknown> }, path: string): ClosedForm | null;
}

export interface SchedulerDefinition {
  /** `<framework>.<name>` */
  id: string;
  framework: Framework;
  /** Name as in the framework (`StepLR`, `cosine_decay_schedule`, `cosine`). */
  name: string;
  /** Family the picker groups it under. */
  family: Family;
  /** Python import path, e.g. `torch.optim.lr_scheduler.StepLR`. */
  module: string;
  params: readonly ParamDef[];
  /**
   * The framework signature's positional order, after the optimizer argument of torch, Hugging Face
   * and timm, where it is not the order of `params` less the base lr: names not in `params` are
   * arguments the engine does not model (`verbose`, Keras's `name`, `cycle_momentum`), kept so that a
   * positional call lines up. Read by the code importer.
   */
  positional?: readonly string[];
  /** LaTeX of the schedule's formula (KaTeX-renderable). */
  formula: string;
  /** One paragraph: what it does, counter conventions, traps. */
  description: string;
  paper?: Paper;
  /** Needs a metric after every step (plateau schedulers). */
  metricDriven?: boolean;
  /** Arithmetic the framework uses by default. Keras and Optax compute in float32. */
  precision: Precision;
  /**
   * Cross-field validation beyond what the schema expresses, with the framework's own rules.
   * Receives params with defaults filled in. Throw {@link ScheduleParamError} (via `paramError`).
   */
  check?(params: Record<string, unknown>, path: string): void;
  /** Build a stepper from validated params (defaults filled, children validated). */
  create(params: Record<string, unknown>, ctx: CreateContext): Stepper;
  /**
   * The closed form, where the framework's value at step t is a function of t (see
   * {@link ClosedForm}); absent for metric-driven and purely recursive schedulers, `null` for the
   * configurations that have none (a composite over a child without one). Params are validated,
   * defaults filled.
   */
  closedForm?(params: Record<string, unknown>, ctx: CreateContext): ClosedForm | null;
  /**
   * The optimizer momentum (SGD's `momentum`, Adam's `betas[0]`) the scheduler sets alongside the lr at every step
   * (torch's CyclicLR and OneCycleLR with cycle_momentum): its value in force for update t, on the same step index as
   * {@link ClosedForm.at}; may throw {@link PythonRuntimeError} where the lr's step raises. `null` where the
   * configuration does not cycle the momentum. Params are validated, defaults filled.
   */
  momentum?(params: Record<string, unknown>): MomentumAt | null;
  /**
   * Notes on this configuration over `steps` scheduler steps, where it is affected by a trap of the real framework
   * that the curve (the framework's eager values) does not show, such as what jax.jit changes (src/schedules/jitTraps.ts).
   * Params are validated, defaults filled. Empty or absent where there is nothing to say.
   */
  notes?(params: Record<string, unknown>, steps: number): string[];
}

/** The momentum in force for update `t` (see {@link SchedulerDefinition.momentum}). */
export type MomentumAt = (t: number) => number;

export interface EvaluateOptions {
  /** `metrics[i]` is the metric reported after update i (metric-driven schedulers). */
  metrics?: ArrayLike<number>;
}

/** Upper bound on the number of steps `evaluate` computes in one call. */
export const MAX_STEPS = 10_000_000;
