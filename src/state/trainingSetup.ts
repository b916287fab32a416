/**
 * The training setup: everything that defines a training comparison apart from the schedules
 * themselves (model, optimizer and its hyperparameters, seeds, batch size, epochs, evaluation
 * interval, backend, data split). One zod schema is the single source of truth for the form's
 * validation, the persisted state and the shared link.
 *
 * Every field has a default, so an old or partial link still parses; `parseTrainingSetup` goes
 * further and keeps every valid field of a damaged setup, replacing only the bad ones.
 */
import { z } from 'zod';

export const MODEL_KINDS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export const BACKEND_CHOICES = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Size of the bundled data set's training split (10,000 digits: 8,000 / 1,000 / 1,000). */
export const BUNDLED_TRAIN_SIZE = 8000;

const int = (min: number, max: number) => z.number().int(`must be a whole number`).min(min).max(max);
const unit = (label: string) =>
  z.number().gt(0, `${label} must be greater than 0`).lt(1, `${label} must be less than 1`);
const epsilon = z.number().gt(0, 'epsilon must be greater than 0').max(1, 'epsilon must be at most 1');

export const momentumParamsSchema = z.object({
  momentum: z.number().min(0, 'momentum must be at least 0').lt(1, 'momentum must be less than 1').default(0.9),
  useNesterov: z.boolean().default(false),
});
export const adagradParamsSchema = z.object({
  initialAccumulatorValue: z.number().gt(0, 'must be greater than 0').max(10, 'must be at most 10').default(0.1),
});
export const rmspropParamsSchema = z.object({
  decay: unit('decay (rho)').default(0.9),
  momentum: z.number().min(0, 'momentum must be at least 0').lt(1, 'momentum must be less than 1').default(0),
  epsilon: epsilon.default(1e-7),
  centered: z.boolean().default(false),
});
export const adamParamsSchema = z.object({
  beta1: unit('beta1').default(0.9),
  beta2: unit('beta2').default(0.999),
  epsilon: epsilon.default(1e-7),
});

/** Each optimizer keeps its own hyperparameters, so switching optimizer loses nothing. */
export const optimizerParamsSchema = z.object({
  momentum: momentumParamsSchema.default({ momentum: 0.9, useNesterov: false }),
  adagrad: adagradParamsSchema.default({ initialAccumulatorValue: 0.1 }),
  rmsprop: rmspropParamsSchema.default({ decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false }),
  adam: adamParamsSchema.default({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
});
export type OptimizerParams = z.infer<typeof optimizerParamsSchema>;

export const trainingSetupSchema = z.object({
  model: z.enum(MODEL_KINDS).default('mlp'),
  /** Hidden layer sizes of the MLP (784-<hidden...>-10). */
  hiddenSizes: z
    .array(int(1, 2048))
    .min(1, 'at least one hidden layer')
    .max(6, 'at most 6 hidden layers')
    .default([128]),
  /** Filters of the CNN's two 3x3 conv layers. */
  cnnFilters: z.array(int(1, 64)).length(2, 'two conv layers').default([8, 16]),
  optimizer: z.enum(OPTIMIZER_KINDS).default('sgd'),
  optimizerParams: optimizerParamsSchema.default({
    momentum: { momentum: 0.9, useNesterov: false },
    adagrad: { initialAccumulatorValue: 0.1 },
    rmsprop: { decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  }),
  /** Seed of the initial weights and the batch order (run k of a schedule uses seed + k). */
  seed: int(0, 2 ** 31 - 1).default(1),
  /** Runs per schedule with seeds seed, seed+1, ...; drawn as mean with a min/max band. */
  seedsPerSchedule: int(1, 5).default(1),
  /** Seed of the train / validation / test split. */
  splitSeed: int(0, 2 ** 31 - 1).default(42),
  batchSize: int(1, 1024).default(64),
  epochs: int(1, 200).default(3),
  /** Training examples used (a prefix of the shuffled training split); fewer = faster runs. */
  trainExamples: int(16, 60000).default(BUNDLED_TRAIN_SIZE),
  /** Evaluate on the validation split every this many optimizer updates (and at every epoch end). */
  evalInterval: int(1, 100000).default(50),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
  /** Accuracy threshold of the results table's "steps to reach" column. */
  targetAccuracy: z.number().gt(0, 'must be greater than 0').max(1, 'must be at most 1').default(0.9),
});

export type TrainingSetup = z.infer<typeof trainingSetupSchema>;

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

/** Optimizer updates per epoch for a training split of `trainExamples` (the last batch may be short). */
export function stepsPerEpochOf(setup: Pick<TrainingSetup, 'batchSize'>, trainExamples: number): number {
  return Math.max(1, Math.ceil(trainExamples / setup.batchSize));
}
