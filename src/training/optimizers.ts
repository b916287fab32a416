/**
 * The five optimizers with their hyperparameters, and a uniform way to set the learning rate
 * before every update (tfjs has no schedule objects): SGD and Momentum take `setLearningRate`,
 * Adagrad, RMSprop and Adam read their `learningRate` field in every `applyGradients`.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerKind, TrainingSetup } from '../state/trainingSetup';

export const OPTIMIZER_LABELS: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  adagrad: 'Adagrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
};

export interface ScheduledOptimizer {
  readonly optimizer: tf.Optimizer;
  /** Sets the rate of the next update. */
  setLearningRate(lr: number): void;
  /** The rate the optimizer will apply on its next update (read back from tfjs). */
  learningRate(): number;
  dispose(): void;
}

type WithLr = tf.Optimizer & { learningRate: number; c?: tf.Scalar };

export function createOptimizer(setup: Pick<TrainingSetup, 'optimizer' | 'optimizerParams'>, lr: number): ScheduledOptimizer {
  const p = setup.optimizerParams;
  let opt: WithLr;
  switch (setup.optimizer) {
    case 'sgd':
      opt = tf.train.sgd(lr) as unknown as WithLr;
      break;
    case 'momentum':
      opt = tf.train.momentum(lr, p.momentum.momentum, p.momentum.useNesterov) as unknown as WithLr;
      break;
    case 'adagrad':
      opt = tf.train.adagrad(lr, p.adagrad.initialAccumulatorValue) as unknown as WithLr;
      break;
    case 'rmsprop':
      opt = tf.train.rmsprop(lr, p.rmsprop.decay, p.rmsprop.momentum, p.rmsprop.epsilon, p.rmsprop.centered) as unknown as WithLr;
      break;
    case 'adam':
      opt = tf.train.adam(lr, p.adam.beta1, p.adam.beta2, p.adam.epsilon) as unknown as WithLr;
      break;
  }
  const usesSetter = setup.optimizer === 'sgd' || setup.optimizer === 'momentum';
  let current = lr;
  return {
    optimizer: opt,
    setLearningRate(next) {
      if (next === current) return;
      current = next;
      if (usesSetter) (opt as unknown as tf.SGDOptimizer).setLearningRate(next);
      else opt.learningRate = next;
    },
    learningRate: () => opt.learningRate,
    dispose() {
      opt.dispose();
      // MomentumOptimizer.dispose() forgets the learning-rate scalar it inherits from SGD.
      if (setup.optimizer === 'momentum' && opt.c && !opt.c.isDisposed) opt.c.dispose();
    },
  };
}

/** One-line description, e.g. `Adam (beta1 0.9, beta2 0.999, eps 1e-7)`. */
export function describeOptimizer(setup: Pick<TrainingSetup, 'optimizer' | 'optimizerParams'>): string {
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
