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

describe('a momentum cycled per update (torch cycle_momentum)', () => {
  /** Updates of w under loss = w · g with momentum (Adam: beta1) `ms[i]` at update i, read back. */
  function cycled(optimizer: 'sgd' | 'adam', ms: number[], g = 0.5, lr = 0.01) {
    const setup = { optimizer, optimizerParams: DEFAULT_TRAINING_SETUP.optimizerParams };
    const opt = createOptimizer(setup, lr, ms[0]);
    const w = tf.variable(tf.tensor1d([1]));
    const gt = tf.tensor1d([g]);
    for (const m of ms) {
      opt.setMomentum(m);
      opt.optimizer.minimize(() => tf.sum(tf.mul(w, gt)) as tf.Scalar);
    }
    const out = w.dataSync()[0];
    opt.dispose();
    tf.dispose([w, gt]);
    return out;
  }

  test("SGD becomes momentum SGD, as torch.optim.SGD whose momentum the scheduler sets: buf = m·buf + g", () => {
    const ms = [0.95, 0.9, 0.85];
    let w = 1;
    let buf = 0;
    for (const m of ms) {
      buf = m * buf + 0.5;
      w -= 0.01 * buf;
    }
    expect(cycled('sgd', ms)).toBeCloseTo(w, 6);
  });

  test("Adam's beta1 changes per update, bias-corrected by 1 - beta1 ** step with the beta1 in force (torch)", () => {
    const ms = [0.95, 0.9, 0.85];
    const { beta2, epsilon } = DEFAULT_TRAINING_SETUP.optimizerParams.adam;
    let w = 1;
    let m = 0;
    let v = 0;
    ms.forEach((b1, i) => {
      const t = i + 1;
      m = b1 * m + (1 - b1) * 0.5;
      v = beta2 * v + (1 - beta2) * 0.25;
      w -= (0.01 * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - beta2 ** t)) + epsilon);
    });
    expect(cycled('adam', ms)).toBeCloseTo(w, 6);
  });
});
