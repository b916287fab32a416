/**
 * Throughput measurement: the app's trainer loop against a bare tfjs loop (same model, batch
 * size, batches, optimizer and backend, same final evaluation), and N interleaved runs against
 * one. Used by the worker's `bench` message (browser backends) and by bench/training.bench.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ScheduleSpec } from '../schedules';
import type { TrainingSetup } from '../state/trainingSetup';
import { epochOrder, uploadData } from './core';
import { IMAGE_SIZE, NUM_CLASSES, type SplitData } from './data';
import { createModel } from './models';
import { initialWeights, type RunPlan } from './spec';
import { createOptimizer } from './optimizers';
import { Trainer, type TrainerOptions } from './trainer';

export interface ThroughputRequest {
  setup: TrainingSetup;
  /** Updates per run. */
  steps: number;
  /** Runs of the interleaved measurement. */
  runs: number;
  spec: ScheduleSpec;
}

export interface ThroughputResult {
  bareSamplesPerSec: number;
  appSamplesPerSec: number;
  oneRunMs: number;
  manyRunsMs: number;
}

/** One epoch of exactly `steps` updates (at most what the training split holds), evaluated once at its end. */
function benchSetup(req: ThroughputRequest, trainCount: number): TrainingSetup {
  const steps = Math.max(1, Math.min(req.steps, Math.floor(trainCount / req.setup.batchSize)));
  return { ...req.setup, epochs: 1, trainExamples: steps * req.setup.batchSize, evalInterval: steps };
}

/**
 * A minimal custom loop from the same split: upload, gather each batch, minimize, no recording;
 * then the same final evaluation (validation and test). Returns wall ms.
 */
export async function bareLoop(split: SplitData, setup: TrainingSetup, lr: number): Promise<number> {
  const t0 = performance.now();
  const data = uploadData(split, setup.trainExamples);
  const steps = Math.ceil(data.trainCount / setup.batchSize) * setup.epochs;
  const model = createModel(setup, initialWeights(setup, 1));
  const opt = createOptimizer(setup, lr);
  const b = setup.batchSize;
  const perEpoch = Math.ceil(data.trainCount / b);
  let order = epochOrder(1, 0, data.trainCount);
  for (let s = 0; s < steps; s++) {
    if (s % perEpoch === 0) order = epochOrder(1, s / perEpoch, data.trainCount);
    const p = s % perEpoch;
    tf.tidy(() => {
      const ids = tf.tensor1d(order.subarray(p * b, (p + 1) * b), 'int32');
      const xs = tf.gather(data.trainX, ids) as tf.Tensor2D;
      const ys = tf.gather(data.trainY, ids);
      opt.optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(ys, NUM_CLASSES), model.apply(xs), undefined, 0, tf.Reduction.MEAN) as tf.Scalar,
        false,
        model.variables,
      );
    });
  }
  for (const [x, y] of [
    [data.valX, data.valY],
    [data.testX, data.testY],
  ] as const) {
    const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.apply(tf.reshape(x, [-1, IMAGE_SIZE])), 1), y), 'float32')));
    await acc.data();
    acc.dispose();
  }
  model.dispose();
  opt.dispose();
  data.dispose();
  return performance.now() - t0;
}

/** Wall ms of the trainer running `runs` runs (seeds 1..runs) to the end. */
export async function trainerLoop(split: SplitData, setup: TrainingSetup, spec: ScheduleSpec, runs: number, opts: TrainerOptions = {}): Promise<number> {
  const trainer = new Trainer(() => {}, opts);
  const plans: RunPlan[] = Array.from({ length: runs }, (_, i) => ({ id: `bench${i}`, spec, seed: 1 + i }));
  const t0 = performance.now();
  await trainer.start(split, setup, 'iteration', plans);
  await trainer.idle;
  const ms = performance.now() - t0;
  const failed = trainer.states().find((s) => s.status !== 'done');
  await trainer.dispose();
  if (failed) throw new Error(`benchmark run ${failed.runId} ended ${failed.status}: ${failed.message ?? ''}`);
  return ms;
}

export async function measureThroughput(split: SplitData, req: ThroughputRequest, opts: TrainerOptions = {}): Promise<ThroughputResult> {
  const setup = benchSetup(req, split.train.count);
  const lr = 0.05;
  const samples = setup.trainExamples * setup.epochs;
  // Warm-up (shader compilation, allocator), then alternate to even out drift.
  const warm = { ...setup, trainExamples: Math.min(5 * setup.batchSize, setup.trainExamples), evalInterval: 5 };
  await bareLoop(split, warm, lr);
  await trainerLoop(split, warm, req.spec, 1, opts);
  const bare: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Alternate the order so neither loop always runs right after the other's garbage.
    if (i % 2 === 0) {
      bare.push(await bareLoop(split, setup, lr));
      app.push(await trainerLoop(split, setup, req.spec, 1, opts));
    } else {
      app.push(await trainerLoop(split, setup, req.spec, 1, opts));
      bare.push(await bareLoop(split, setup, lr));
    }
  }
  const manyRunsMs = await trainerLoop(split, setup, req.spec, req.runs, opts);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const bareMs = median(bare);
  const appMs = median(app);
  return {
    bareSamplesPerSec: (samples / bareMs) * 1000,
    appSamplesPerSec: (samples / appMs) * 1000,
    oneRunMs: appMs,
    manyRunsMs,
  };
}
