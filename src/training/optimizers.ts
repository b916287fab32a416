/**
 * The five optimizers with their hyperparameters, and a uniform way to set the learning rate
 * before every update (tfjs has no schedule objects): SGD and Momentum take `setLearningRate`,
 * Adagrad, RMSprop and Adam read their `learningRate` field in every `applyGradients`.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingSetup } from '../state/trainingSetup';

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
