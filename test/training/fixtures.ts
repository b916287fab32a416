/** Shared fixtures of the training tests: the bundled digits, split once, on the tfjs CPU backend. */
import * as tf from '@tensorflow/tfjs';
import { bundledMnistIdx } from '../../tools/vite-plugin-mnist';
import { loadBundled, type SplitData } from '../../src/training/data';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import type { TrainingSetup } from '../../src/training/setup';

let split: Promise<SplitData> | null = null;

/** The bundled 10,000 digits split with seed 42 (8,000 / 1,000 / 1,000). */
export function bundledSplit(): Promise<SplitData> {
  split ??= (async () => {
    await tf.setBackend('cpu');
    const { images, labels } = bundledMnistIdx();
    return loadBundled(images, labels, 42);
  })();
  return split;
}

/** A small, fast setup: a narrow MLP on a few hundred examples. */
export function smallSetup(patch: Partial<TrainingSetup> = {}): TrainingSetup {
  return { ...DEFAULT_TRAINING_SETUP, hiddenSizes: [16], batchSize: 32, trainExamples: 320, epochs: 1, evalInterval: 5, ...patch };
}

/** A split whose validation and test sets are small too (evaluation dominates on tiny runs). */
export async function smallSplit(val = 200): Promise<SplitData> {
  const s = await bundledSplit();
  const cut = (d: SplitData['val']) => ({ images: d.images.subarray(0, val * 784), labels: d.labels.subarray(0, val), count: val });
  return { ...s, val: cut(s.val), test: cut(s.test) };
}
