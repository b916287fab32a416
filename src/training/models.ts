/**
 * The two models of the lab, written as plain tfjs ops over our own variables: an MLP
 * (784-<hidden...>-10, ReLU) and a small CNN (two 3x3 conv + ReLU + 2x2 max-pool, then dense 10).
 * Their shapes and seeded initial weights live in ./spec.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_SIDE } from './data';
import type { InitTensor, ModelSetup } from './spec';

export interface Model {
  readonly variables: tf.Variable[];
  /** Logits [batch, 10] of images [batch, 784] scaled to [0, 1]. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Creates the model's variables on the current backend from `init`. */
export function createModel(m: ModelSetup, init: readonly InitTensor[]): Model {
  const variables = init.map((w) => {
    const t = tf.tensor(w.values, w.shape, 'float32');
    const v = tf.variable(t, true);
    t.dispose();
    return v;
  });
  const v = variables;
  const apply =
    m.model === 'mlp'
      ? (x: tf.Tensor2D): tf.Tensor2D => {
          let h: tf.Tensor2D = x;
          for (let i = 0; i < v.length; i += 2) {
            const z = tf.add(tf.matMul(h, v[i] as tf.Tensor2D), v[i + 1]) as tf.Tensor2D;
            h = i + 2 < v.length ? tf.relu(z) : z;
          }
          return h;
        }
      : (x: tf.Tensor2D): tf.Tensor2D => {
          let h = tf.reshape(x, [-1, IMAGE_SIDE, IMAGE_SIDE, 1]) as tf.Tensor4D;
          for (let i = 0; i < 4; i += 2) {
            h = tf.relu(tf.add(tf.conv2d(h, v[i] as tf.Tensor4D, 1, 'valid'), v[i + 1])) as tf.Tensor4D;
            h = tf.maxPool(h, 2, 2, 'valid');
          }
          const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
          return tf.add(tf.matMul(flat, v[4] as tf.Tensor2D), v[5]) as tf.Tensor2D;
        };
  return {
    variables,
    apply,
    dispose() {
      for (const x of variables) x.dispose();
    },
  };
}
