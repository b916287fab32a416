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
  | ({ kind: 'number'; slider?: SliderHint } & RangeRule)
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
}

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
}

export interface CreateContext {
  /** Path of this spec inside the root spec, for error messages (e.g. `schedulers[1]`). */
  path: string;
  /** Builds the stepper of a validated child spec (any framework). */
  createChild(spec: { scheduler: string; params: Record<string, unknown> }, path: string): Stepper;
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
  /** LaTeX of the schedule's formula (KaTeX-renderable). */
  formula: string;
  /** One paragraph: what it does, counter conventions, traps. */
  description: string;
  paper?: Paper;
  /** Ids of schedulers of other frameworks that compute the same function (catalog section H). */
  equivalents?: readonly string[];
  /** Needs a metric after every step (plateau schedulers). */
  metricDriven?: boolean;
  /** Arithmetic the framework uses by default. Keras and Optax compute in float32. */
  precision: 'float64' | 'float32';
  /**
   * Cross-field validation beyond what the schema expresses, with the framework's own rules.
   * Receives params with defaults filled in. Throw {@link ScheduleParamError} (via `paramError`).
   */
  check?(params: Record<string, unknown>, path: string): void;
  /** Build a stepper from validated params (defaults filled, children validated). */
  create(params: Record<string, unknown>, ctx: CreateContext): Stepper;
}

export interface EvaluateOptions {
  /** `metrics[i]` is the metric reported after update i (metric-driven schedulers). */
  metrics?: ArrayLike<number>;
}

/** Upper bound on the number of steps `evaluate` computes in one call. */
export const MAX_STEPS = 10_000_000;
