/**
 * What a run is, without tfjs: statuses and records of the protocol, the model's layer shapes,
 * description and seeded initial weights, the optimizers' names. The page imports this module
 * (never tfjs); the worker's core builds on it.
 */
import type { ScheduleSpec, StepperState, Stepping } from '../schedules';
import { stepsPerEpochOf, type OptimizerKind, type RunOptimizer, type TrainingSetup } from './setup';
import { IMAGE_SIDE, IMAGE_SIZE, NUM_CLASSES } from './data';
import { deriveSeed, mulberry32 } from './rng';

export type RunStatus = 'queued' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed';

/** True for statuses a run never leaves by itself. */
export const isFinished = (s: RunStatus): boolean => s === 'done' || s === 'stopped' || s === 'diverged' || s === 'failed';

export interface EvalPoint {
  /** Updates done when measured. */
  step: number;
  loss: number;
  accuracy: number;
}

/** What one slice of a run produced; the main thread appends it. */
export interface RunChunk {
  runId: string;
  /** Index of the first update in `loss` / `lr`. */
  fromStep: number;
  /** Training loss of each update (on its batch, before the update). */
  loss: Float32Array;
  /** Learning rate applied at each update. */
  lr: Float64Array;
  evals: EvalPoint[];
  /** Milliseconds this run computed during the chunk. */
  computeMs: number;
  /** The run's state after the chunk's last update, when one was taken (see {@link RunCheckpoint}). */
  checkpoint?: RunCheckpoint;
}

/** Tensors packed into one array: `values` holds each shape's elements in turn. */
export interface PackedTensors {
  shapes: number[][];
  values: Float32Array;
}

/**
 * A run's state between two updates, in plain typed arrays so that it survives its worker and
 * its backend: the worker sends it along with a metrics batch and the page keeps it, so a run
 * that failed can go on from `step` in a fresh worker on another backend. The batch order needs
 * nothing: it is a function of the seed and the update number.
 */
export interface RunCheckpoint {
  /** Updates done; the metrics of updates [0, step) are the page's already. */
  step: number;
  /** The model's variables (kernel, bias, ...). */
  weights: PackedTensors;
  /** The optimizer's update count and state tensors (slots, Adam's beta powers). */
  optimizer: { iterations: number; tensors: PackedTensors };
  /**
   * The stepper: its saved state (`Stepper.save()`), restored on a fresh stepper of the same spec;
   * where it has none (recursive user lambdas), the calls of `step()` made so far, which a fresh
   * stepper replays (the engine is deterministic). `metrics[i]`: the metric of call i (metric-driven
   * schedulers without a saved state only; empty otherwise).
   */
  stepper: { calls: number; metrics: Float64Array; state: StepperState | null };
  /** Training loss of update 0 (the divergence limit). */
  firstLoss: number;
}

/** What is common to every run of a comparison. */
export interface ComparisonPlan {
  setup: TrainingSetup;
  /** Training examples actually used (the data may hold fewer than `setup.trainExamples`). */
  trainCount: number;
}

export function stepsPerEpoch(plan: Pick<ComparisonPlan, 'setup' | 'trainCount'>): number {
  return stepsPerEpochOf(plan.setup, plan.trainCount);
}

export function totalSteps(plan: Pick<ComparisonPlan, 'setup' | 'trainCount'>): number {
  return stepsPerEpoch(plan) * plan.setup.epochs;
}

export interface RunPlan {
  id: string;
  spec: ScheduleSpec;
  /** When this run's scheduler steps: after every update, or at the end of every epoch (its schedule's own). */
  stepping: Stepping;
  /** Seed of the initial weights and batch order. */
  seed: number;
  /** This run's own optimizer (absent: the setup's). Weights and batches stay the comparison's. */
  optimizer?: RunOptimizer;
  /** Attempt number the page knows this run by (a retry on another worker continues the count). */
  attempt?: number;
  /** Go on from this state instead of update 0 (continuing a failed run on another backend). */
  resume?: RunCheckpoint;
  /** Starts paused (a paused run continued on a new worker stays paused). */
  paused?: boolean;
}

export interface RunOutcome {
  status: RunStatus;
  /** Why a run diverged or failed. */
  message?: string;
  /**
   * What made a failed run fail: its schedule (an error the engine raises at that update, which
   * would raise again anywhere) or its backend (an exception or a lost device: another worker may
   * well go on).
   */
  fault?: 'schedule' | 'backend';
  test?: { loss: number; accuracy: number };
}


export type ModelSetup = Pick<TrainingSetup, 'model' | 'hiddenSizes' | 'cnnFilters'>;

/** One weight tensor's initial values. */
export interface InitTensor {
  shape: number[];
  values: Float32Array;
}

interface LayerShape {
  kernel: number[];
  fanIn: number;
  fanOut: number;
  bias: number;
}

const CONV_K = 3;

/** Spatial side after a valid 3x3 conv and a 2x2 max-pool. */
const convPool = (side: number) => Math.floor((side - CONV_K + 1) / 2);

function layerShapes(m: ModelSetup): LayerShape[] {
  if (m.model === 'mlp') {
    const sizes = [IMAGE_SIZE, ...m.hiddenSizes, NUM_CLASSES];
    return sizes.slice(1).map((out, i) => ({ kernel: [sizes[i], out], fanIn: sizes[i], fanOut: out, bias: out }));
  }
  const [f1, f2] = m.cnnFilters;
  const side = convPool(convPool(IMAGE_SIDE));
  const flat = side * side * f2;
  return [
    { kernel: [CONV_K, CONV_K, 1, f1], fanIn: CONV_K * CONV_K, fanOut: CONV_K * CONV_K * f1, bias: f1 },
    { kernel: [CONV_K, CONV_K, f1, f2], fanIn: CONV_K * CONV_K * f1, fanOut: CONV_K * CONV_K * f2, bias: f2 },
    { kernel: [flat, NUM_CLASSES], fanIn: flat, fanOut: NUM_CLASSES, bias: NUM_CLASSES },
  ];
}

/** Number of trainable parameters. */
export function parameterCount(m: ModelSetup): number {
  return layerShapes(m).reduce((n, l) => n + l.kernel.reduce((a, b) => a * b, 1) + l.bias, 0);
}

/** A human-readable architecture, e.g. `MLP 784-128-10` or `CNN conv8-conv16-10`. */
export function describeModel(m: ModelSetup): string {
  return m.model === 'mlp'
    ? `MLP ${[IMAGE_SIZE, ...m.hiddenSizes, NUM_CLASSES].join('-')}`
    : `CNN conv${m.cnnFilters[0]}-conv${m.cnnFilters[1]}-${NUM_CLASSES}`;
}

/** Initial weights for `seed`: kernel, bias, kernel, bias, ... (Glorot uniform kernels, zero biases). */
export function initialWeights(m: ModelSetup, seed: number): InitTensor[] {
  const out: InitTensor[] = [];
  layerShapes(m).forEach((l, i) => {
    const rand = mulberry32(deriveSeed(seed, 1, i));
    const limit = Math.sqrt(6 / (l.fanIn + l.fanOut));
    const n = l.kernel.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let k = 0; k < n; k++) values[k] = (2 * rand() - 1) * limit;
    out.push({ shape: l.kernel, values });
    out.push({ shape: [l.bias], values: new Float32Array(l.bias) });
  });
  return out;
}


export const OPTIMIZER_LABELS: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  adagrad: 'Adagrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
};

/** One-line description, e.g. `Adam (beta1 0.9, beta2 0.999, eps 1e-7)`. */
export function describeOptimizer(setup: RunOptimizer): string {
  const p = setup.optimizerParams;
  switch (setup.optimizer) {
    case 'sgd':
      return 'SGD';
    case 'momentum':
      return `Momentum (${p.momentum.momentum}${p.momentum.useNesterov ? ', Nesterov' : ''})`;
    case 'adagrad':
      return `Adagrad (initial accumulator ${p.adagrad.initialAccumulatorValue})`;
    case 'rmsprop':
      return `RMSprop (rho ${p.rmsprop.decay}, momentum ${p.rmsprop.momentum}, eps ${p.rmsprop.epsilon}${p.rmsprop.centered ? ', centered' : ''})`;
    case 'adam':
      return `Adam (beta1 ${p.adam.beta1}, beta2 ${p.adam.beta2}, eps ${p.adam.epsilon})`;
  }
}

/** torch's message where a scheduler with cycle_momentum gets an optimizer without momentum or betas (torch 2). */
export const CYCLE_MOMENTUM_ERROR = 'optimizer must support momentum or beta1 with `cycle_momentum` option enabled';

/**
 * The lab's optimizers that have what torch's cycle_momentum sets: a `momentum` (torch's SGD always has one,
 * 0 by default, so the lab's SGD becomes momentum SGD as torch.optim.SGD does; Momentum; RMSprop) or Adam's beta1.
 * Adagrad has neither: torch raises in the scheduler's constructor.
 */
export function takesCycledMomentum(kind: OptimizerKind): boolean {
  return kind !== 'adagrad';
}
