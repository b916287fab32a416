import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createOptimizer } from '../../src/training/optimizers';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two RMSprop updates of w under loss = w · g (a constant gradient g), read back. */
function rmsprop(centered: boolean, g: number[], lr = 0.01) {
  const rms = { decay: 0.9, momentum: 0, epsilon: 1e-7, centered };
  const setup = { optimizer: 'rmsprop' as const, optimizerParams: { ...DEFAULT_TRAINING_SETUP.optimizerParams, rmsprop: rms } };
  const opt = createOptimizer(setup, lr);
  const w = tf.variable(tf.tensor1d([1, 1]));
  const gt = tf.tensor1d(g);
  for (let i = 0; i < 2; i++) opt.optimizer.minimize(() => tf.sum(tf.mul(w, gt)) as tf.Scalar);
  const out = Array.from(w.dataSync());
  opt.dispose();
  tf.dispose([w, gt]);
  return { out, rms };
}

describe('optimizers', () => {
  test('centered RMSprop: finite where a gradient is zero, and the textbook update elsewhere', () => {
    const g = [0.5, 0];
    const { out, rms } = rmsprop(true, g);
    // By hand: ms and mg are the decayed means of g^2 and g; the step is lr * g / sqrt(ms - mg^2 + eps).
    let w = 1;
    let ms = 0;
    let mg = 0;
    for (let i = 0; i < 2; i++) {
      ms = rms.decay * ms + (1 - rms.decay) * g[0] ** 2;
      mg = rms.decay * mg + (1 - rms.decay) * g[0];
      w -= (0.01 * g[0]) / Math.sqrt(ms - mg * mg + rms.epsilon);
    }
    expect(out.every(Number.isFinite)).toBe(true);
    expect(out[1]).toBe(1); // no gradient, no move (tfjs alone gives NaN here)
    expect(out[0]).toBeCloseTo(w, 5);
  });

  test('plain RMSprop is unchanged: lr * g / sqrt(ms + eps)', () => {
    const g = [0.5, 0];
    const { out, rms } = rmsprop(false, g);
    let w = 1;
    let ms = 0;
    for (let i = 0; i < 2; i++) {
      ms = rms.decay * ms + (1 - rms.decay) * g[0] ** 2;
      w -= (0.01 * g[0]) / Math.sqrt(ms + rms.epsilon);
    }
    expect(out[0]).toBeCloseTo(w, 5);
    expect(out[1]).toBe(1);
  });
});
