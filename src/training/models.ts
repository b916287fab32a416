/**
 * The two models of the lab, written as plain tfjs ops over our own variables: an MLP
 * (784-<hidden...>-10, ReLU) and a small CNN (two 3x3 conv + ReLU + 2x2 max-pool, then dense 10).
 *
 * Initial weights are drawn in JavaScript from the run's seed (Glorot uniform, zero biases), so
 * they are identical on every backend and shared by all runs of a comparison.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingSetup } from '../state/trainingSetup';
import { IMAGE_SIDE, IMAGE_SIZE, NUM_CLASSES } from './data';
import { deriveSeed, mulberry32 } from './rng';

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
