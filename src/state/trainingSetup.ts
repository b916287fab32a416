/**
 * The training setup as the page holds it: one zod schema is the single source of truth for the
 * form's validation, the persisted state and the shared link, and it parses to the training code's
 * own {@link TrainingSetup} (src/training/setup.ts).
 *
 * Every field has a default, so an old or partial link still parses; `parseTrainingSetup` goes
 * further and keeps every valid field of a damaged setup, replacing only the bad ones.
 */
// zod/mini (functional checks): the same validation as full zod at a fraction of the bundle size.
import * as z from 'zod/mini';
import { BUNDLED_TRAIN_SIZE } from '../training/data';
import { BACKEND_CHOICES, MODEL_KINDS, OPTIMIZER_KINDS, type OptimizerParams, type TrainingSetup } from '../training/setup';

const int = (min: number, max: number) =>
  z.int('must be a whole number').check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`));
const unit = (label: string) =>
  z.number().check(z.gt(0, `${label} must be greater than 0`), z.lt(1, `${label} must be less than 1`));
const epsilon = z.number().check(z.gt(0, 'epsilon must be greater than 0'), z.lte(1, 'epsilon must be at most 1'));
const momentumValue = z.number().check(z.gte(0, 'momentum must be at least 0'), z.lt(1, 'momentum must be less than 1'));
const d = z._default;

export const momentumParamsSchema = z.object({
  momentum: d(momentumValue, 0.9),
  useNesterov: d(z.boolean(), false),
});
export const adagradParamsSchema = z.object({
  initialAccumulatorValue: d(z.number().check(z.gt(0, 'must be greater than 0'), z.lte(10, 'must be at most 10')), 0.1),
});
export const rmspropParamsSchema = z.object({
  decay: d(unit('decay (rho)'), 0.9),
  momentum: d(momentumValue, 0),
  epsilon: d(epsilon, 1e-7),
  centered: d(z.boolean(), false),
});
export const adamParamsSchema = z.object({
  beta1: d(unit('beta1'), 0.9),
  beta2: d(unit('beta2'), 0.999),
  epsilon: d(epsilon, 1e-7),
});

export const optimizerParamsSchema = z.object({
  momentum: d(momentumParamsSchema, { momentum: 0.9, useNesterov: false }),
  adagrad: d(adagradParamsSchema, { initialAccumulatorValue: 0.1 }),
  rmsprop: d(rmspropParamsSchema, { decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false }),
  adam: d(adamParamsSchema, { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
});

/** Field by field as documented on {@link TrainingSetup}. */
export const trainingSetupSchema = z.object({
  model: d(z.enum(MODEL_KINDS), 'mlp'),
  hiddenSizes: d(
    z.array(int(1, 2048)).check(z.minLength(1, 'at least one hidden layer'), z.maxLength(6, 'at most 6 hidden layers')),
    [128],
  ),
  cnnFilters: d(z.array(int(1, 64)).check(z.length(2, 'two conv layers')), [8, 16]),
  optimizer: d(z.enum(OPTIMIZER_KINDS), 'sgd'),
  optimizerParams: d(optimizerParamsSchema, {
    momentum: { momentum: 0.9, useNesterov: false },
    adagrad: { initialAccumulatorValue: 0.1 },
    rmsprop: { decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  }),
  seed: d(int(0, 2 ** 31 - 1), 1),
  seedsPerSchedule: d(int(1, 5), 1),
  splitSeed: d(int(0, 2 ** 31 - 1), 42),
  batchSize: d(int(1, 1024), 64),
  epochs: d(int(1, 200), 3),
  trainExamples: d(int(16, 60000), BUNDLED_TRAIN_SIZE),
  evalInterval: d(int(1, 100000), 50),
  backend: d(z.enum(BACKEND_CHOICES), 'auto'),
  // Links made before this field existed load it as false.
  allowSoftwareWebgl: d(z.boolean(), false),
  targetAccuracy: d(z.number().check(z.gt(0, 'must be greater than 0'), z.lte(1, 'must be at most 1')), 0.9),
});

export const DEFAULT_TRAINING_SETUP: TrainingSetup = trainingSetupSchema.parse({});

/**
 * Parses a setup from storage or a link. Invalid or missing fields take their default; valid
 * fields are kept. Never throws.
 */
export function parseTrainingSetup(raw: unknown): TrainingSetup {
  const whole = trainingSetupSchema.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return structuredClone(DEFAULT_TRAINING_SETUP);
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const shape = trainingSetupSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (key === 'optimizerParams') {
      const op = src.optimizerParams;
      const opSrc = typeof op === 'object' && op !== null ? (op as Record<string, unknown>) : {};
      const merged: Record<string, unknown> = {};
      for (const k of Object.keys(optimizerParamsSchema.shape) as (keyof OptimizerParams)[]) {
        const r = optimizerParamsSchema.shape[k].safeParse(opSrc[k]);
        if (r.success) merged[k] = r.data;
      }
      out[key] = merged;
      continue;
    }
    const r = shape[key].safeParse(src[key]);
    if (r.success) out[key] = r.data;
  }
  const again = trainingSetupSchema.safeParse(out);
  return again.success ? again.data : structuredClone(DEFAULT_TRAINING_SETUP);
}
