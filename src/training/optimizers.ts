/**
 * The five optimizers with their hyperparameters, and a uniform way to set the learning rate
 * before every update (tfjs has no schedule objects): SGD and Momentum take `setLearningRate`,
 * Adagrad, RMSprop and Adam read their `learningRate` field in every `applyGradients`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RunOptimizer } from './setup';

export interface ScheduledOptimizer {
  readonly optimizer: tf.Optimizer;
  /** Sets the rate of the next update. */
  setLearningRate(lr: number): void;
  /**
   * Sets the momentum of the next update where a scheduler cycles it (torch's cycle_momentum): SGD's and RMSprop's
   * `momentum`, Adam's beta1 (with torch's bias correction 1 - beta1 ** step for the beta1 in force).
   */
  setMomentum(momentum: number): void;
  /** The momentum (Adam: beta1) of its next update, read back from tfjs; undefined for Adagrad and plain SGD. */
  momentum(): number | undefined;
  /** The rate the optimizer will apply on its next update (read back from tfjs). */
  learningRate(): number;
  /**
   * Its state: the update count and its slot tensors (live: read them, never dispose them), in
   * tfjs `getWeights` order, then Adam's running beta powers (restored as they are, not recomputed
   * by `setWeights` as pow(beta, t + 1), which differs from the repeated products in the last bits).
   */
  state(): Promise<{ iterations: number; tensors: tf.Tensor[] }>;
  /** Takes the {@link state} of an optimizer of the same setup over the same variables (copies the tensors). */
  restore(iterations: number, tensors: readonly tf.Tensor[]): Promise<void>;
  dispose(): void;
}

type WithLr = tf.Optimizer & {
  learningRate: number;
  c?: tf.Scalar;
  /** MomentumOptimizer's momentum scalar (its setMomentum leaves it as it was). */
  m?: tf.Scalar;
  momentum?: number;
  beta1?: number;
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
};

/**
 * `momentum`: the first momentum a scheduler with cycle_momentum sets (null: none); then the lab's SGD is
 * momentum SGD, as torch.optim.SGD whose momentum a scheduler sets.
 */
export function createOptimizer(setup: RunOptimizer, lr: number, momentum: number | null = null): ScheduledOptimizer {
  const p = setup.optimizerParams;
  let opt: WithLr;
  const withMomentum = setup.optimizer === 'momentum' || (setup.optimizer === 'sgd' && momentum !== null);
  switch (setup.optimizer) {
    case 'sgd':
      opt = (momentum === null ? tf.train.sgd(lr) : tf.train.momentum(lr, momentum, false)) as unknown as WithLr;
      break;
    case 'momentum':
      opt = tf.train.momentum(lr, p.momentum.momentum, p.momentum.useNesterov) as unknown as WithLr;
      break;
    case 'adagrad':
      opt = tf.train.adagrad(lr, p.adagrad.initialAccumulatorValue) as unknown as WithLr;
      break;
    case 'rmsprop': {
      // tfjs's centered form divides by sqrt(ms - (mg^2 + eps)): NaN wherever a gradient stays 0
      // (MNIST's blank border pixels). With -eps it computes sqrt(ms - mg^2 + eps), the centered
      // RMSprop of TensorFlow and PyTorch.
      const { decay, momentum, epsilon, centered } = p.rmsprop;
      opt = tf.train.rmsprop(lr, decay, momentum, centered ? -epsilon : epsilon, centered) as unknown as WithLr;
      break;
    }
    case 'adam':
      opt = tf.train.adam(lr, p.adam.beta1, p.adam.beta2, p.adam.epsilon) as unknown as WithLr;
      break;
  }
  const usesSetter = setup.optimizer === 'sgd' || setup.optimizer === 'momentum';
  let current = lr;
  let currentMomentum = NaN;
  const setMomentum = (next: number) => {
    if (next === currentMomentum && setup.optimizer !== 'adam') return;
    currentMomentum = next;
    if (withMomentum) {
      opt.m!.dispose();
      opt.m = tf.keep(tf.scalar(next));
      opt.momentum = next;
    } else if (setup.optimizer === 'rmsprop') {
      opt.momentum = next;
    } else if (setup.optimizer === 'adam') {
      opt.beta1 = next;
      // tfjs corrects by the product of the beta1s so far; torch by 1 - beta1 ** step with the beta1 in force.
      const power = tf.scalar(next ** (opt.iterations + 1));
      opt.accBeta1!.assign(power);
      power.dispose();
    }
  };
  if (momentum !== null) setMomentum(momentum);
  return {
    optimizer: opt,
    setLearningRate(next) {
      if (next === current) return;
      current = next;
      if (usesSetter) (opt as unknown as tf.SGDOptimizer).setLearningRate(next);
      else opt.learningRate = next;
    },
    setMomentum,
    momentum: () => (setup.optimizer === 'adam' ? opt.beta1 : opt.momentum),
    learningRate: () => opt.learningRate,
    async state() {
      const [iter, ...slots] = await opt.getWeights();
      iter.tensor.dispose();
      const extras = setup.optimizer === 'adam' ? [opt.accBeta1!, opt.accBeta2!] : [];
      return { iterations: opt.iterations, tensors: [...slots.map((w) => w.tensor), ...extras] };
    },
    async restore(iterations, tensors) {
      const extras = setup.optimizer === 'adam' ? 2 : 0;
      const slots = tensors.slice(0, tensors.length - extras).map((t) => ({ name: 'slot', tensor: tf.clone(t) }));
      const iter = tf.scalar(iterations, 'int32');
      try {
        await opt.setWeights([{ name: 'iter', tensor: iter }, ...slots]);
      } finally {
        tf.dispose([iter, ...slots.map((w) => w.tensor)]);
      }
      if (extras) {
        opt.accBeta1!.assign(tensors[tensors.length - 2]);
        opt.accBeta2!.assign(tensors[tensors.length - 1]);
      }
    },
    dispose() {
      opt.dispose();
      // MomentumOptimizer.dispose() forgets the learning-rate scalar it inherits from SGD.
      if (withMomentum && opt.c && !opt.c.isDisposed) opt.c.dispose();
    },
  };
}
