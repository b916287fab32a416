/**
 * Sample specs derived from the definitions (framework defaults, plus each definition's example
 * for required arguments), shared by the registry tests and the benchmark.
 */
import { evaluate, getDefinition, ScheduleStepError, type EvaluateOptions, type ScheduleSpec } from '../../src/schedules';

/** Every scheduler id the engine issue requires. */
export const REQUIRED_IDS = [
  'torch.LambdaLR', 'torch.MultiplicativeLR', 'torch.StepLR', 'torch.MultiStepLR', 'torch.ConstantLR',
  'torch.LinearLR', 'torch.ExponentialLR', 'torch.PolynomialLR', 'torch.CosineAnnealingLR', 'torch.SequentialLR',
  'torch.ChainedScheduler', 'torch.ReduceLROnPlateau', 'torch.CyclicLR', 'torch.OneCycleLR',
  'torch.CosineAnnealingWarmRestarts',
  'paddle.NoamDecay', 'paddle.PiecewiseDecay', 'paddle.NaturalExpDecay', 'paddle.InverseTimeDecay',
  'paddle.PolynomialDecay', 'paddle.LinearWarmup', 'paddle.ExponentialDecay', 'paddle.MultiStepDecay',
  'paddle.StepDecay', 'paddle.LambdaDecay', 'paddle.ReduceOnPlateau', 'paddle.CosineAnnealingDecay',
  'paddle.MultiplicativeDecay', 'paddle.OneCycleLR', 'paddle.CyclicLR', 'paddle.LinearLR',
  'paddle.CosineAnnealingWarmRestarts', 'paddleocr.Cosine', 'paddleocr.CyclicalCosine', 'paddleocr.OneCycle',
  'paddleocr.TwoStepCosine',
  'keras.ExponentialDecay', 'keras.PiecewiseConstantDecay', 'keras.PolynomialDecay', 'keras.InverseTimeDecay',
  'keras.CosineDecay', 'keras.CosineDecayRestarts',
  'optax.constant_schedule', 'optax.polynomial_schedule', 'optax.linear_schedule',
  'optax.piecewise_constant_schedule', 'optax.exponential_decay', 'optax.cosine_decay_schedule',
  'optax.join_schedules', 'optax.warmup_constant_schedule', 'optax.warmup_cosine_decay_schedule',
  'optax.warmup_exponential_decay_schedule', 'optax.sgdr_schedule', 'optax.piecewise_interpolate_schedule',
  'optax.linear_onecycle_schedule', 'optax.cosine_onecycle_schedule',
  'hf.constant', 'hf.constant_with_warmup', 'hf.linear', 'hf.cosine', 'hf.cosine_with_restarts', 'hf.polynomial',
  'hf.inverse_sqrt', 'hf.reduce_lr_on_plateau', 'hf.cosine_with_min_lr', 'hf.warmup_stable_decay',
  'timm.CosineLRScheduler', 'timm.TanhLRScheduler', 'timm.StepLRScheduler', 'timm.MultiStepLRScheduler',
  'timm.PlateauLRScheduler', 'timm.PolyLRScheduler',
] as const;

/**
 * The spec a new form starts with: each definition's example where it gives one (required
 * arguments, and None defaults that need a value to draw, such as OneCycleLR's total_steps),
 * framework defaults elsewhere.
 */
export function sampleSpec(id: string): ScheduleSpec {
  const def = getDefinition(id);
  if (!def) throw new Error(`unknown scheduler ${id}`);
  const params: Record<string, unknown> = {};
  for (const p of def.params) {
    if (p.example !== undefined) params[p.name] = structuredClone(p.example);
  }
  return { scheduler: id, params };
}

/**
 * Arguments that set a schedule's horizon; the benchmark stretches them to the measured length so
 * every scheduler runs its whole shape over N steps (OneCycleLR raises past total_steps).
 */
const HORIZON_PARAMS = ['total_steps', 'num_training_steps', 'transition_steps', 't_initial', 'decay_steps', 'T_max'];

export function benchSpec(id: string, n: number): ScheduleSpec {
  const spec = sampleSpec(id);
  const def = getDefinition(id)!;
  for (const p of def.params) {
    if (HORIZON_PARAMS.includes(p.name) && (p.type.kind === 'integer' || p.type.kind === 'number')) {
      spec.params[p.name] = n;
    }
  }
  // PaddleOCR's schedulers last epochs * step_each_epoch iterations (OneCycle raises past them).
  const epochs = spec.params.epochs;
  if (typeof epochs === 'number' && typeof spec.params.step_each_epoch === 'number') {
    spec.params.step_each_epoch = Math.ceil(n / epochs);
  }
  return spec;
}

/** The values of `evaluate`, or where it raises, the values before that step and the step. */
export function evaluateOrPartial(spec: ScheduleSpec, steps: number, opts: EvaluateOptions = {}): { values: Float64Array; error: number | null } {
  try {
    return { values: evaluate(spec, steps, opts), error: null };
  } catch (e) {
    if (e instanceof ScheduleStepError) return { values: e.partial, error: e.step };
    throw e;
  }
}

/** The largest |value|: the scale that a recursive form's 1e-12 tolerance is relative to. */
export function scaleOf(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
