/**
 * The training setup as the training code takes it: everything that defines a training comparison
 * apart from the schedules themselves (model, optimizer and its hyperparameters, seeds, batch size,
 * epochs, evaluation interval, backend, data split). The page validates, defaults and persists it
 * (src/state/trainingSetup.ts, whose schema parses to exactly this type); the worker only reads it.
 */

export const MODEL_KINDS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export const BACKEND_CHOICES = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface MomentumParams {
  momentum: number;
  useNesterov: boolean;
}

export interface AdagradParams {
  initialAccumulatorValue: number;
}

export interface RmspropParams {
  /** rho */
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}

export interface AdamParams {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Each optimizer keeps its own hyperparameters, so switching optimizer loses nothing. */
export interface OptimizerParams {
  momentum: MomentumParams;
  adagrad: AdagradParams;
  rmsprop: RmspropParams;
  adam: AdamParams;
}

/**
 * An optimizer with its hyperparameters: the setup's, or one run's own (a schedule of the lab may
 * carry its own, so an optimizer comparison runs side by side with an lr sweep).
 */
export interface RunOptimizer {
  optimizer: OptimizerKind;
  optimizerParams: OptimizerParams;
}

export interface TrainingSetup {
  model: ModelKind;
  /** Hidden layer sizes of the MLP (784-<hidden...>-10). */
  hiddenSizes: number[];
  /** Filters of the CNN's two 3x3 conv layers. */
  cnnFilters: number[];
  optimizer: OptimizerKind;
  optimizerParams: OptimizerParams;
  /** Seed of the initial weights and the batch order (run k of a schedule uses seed + k). */
  seed: number;
  /** Runs per schedule with seeds seed, seed+1, ...; drawn as mean with a min/max band. */
  seedsPerSchedule: number;
  /** Seed of the train / validation / test split. */
  splitSeed: number;
  batchSize: number;
  epochs: number;
  /** Training examples used (a prefix of the shuffled training split); fewer = faster runs. */
  trainExamples: number;
  /** Evaluate on the validation split every this many optimizer updates (and at every epoch end). */
  evalInterval: number;
  backend: BackendChoice;
  /** Accept a software (CPU-emulated) WebGL renderer such as SwiftShader. */
  allowSoftwareWebgl: boolean;
  /** Accuracy threshold of the results table's "steps to reach" column. */
  targetAccuracy: number;
}

/** Optimizer updates per epoch for a training split of `trainExamples` (the last batch may be short). */
export function stepsPerEpochOf(setup: Pick<TrainingSetup, 'batchSize'>, trainExamples: number): number {
  return Math.max(1, Math.ceil(trainExamples / setup.batchSize));
}
