/**
 * Throughput measurement: the app's trainer loop against a bare tfjs loop (same model, batch
 * size, batches, optimizer and backend), timed over the same window of updates after a warm-up
 * and before the final evaluation; and N interleaved runs against one (whole runs, wall time).
 * Used by the worker's `bench` message (browser backends) and by bench/training.bench.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ScheduleSpec } from '../schedules';
import type { TrainingSetup } from './setup';
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
  /** Rounds of the bare/app comparison (default 5). */
  rounds?: number;
  spec: ScheduleSpec;
}

export interface ThroughputResult {
  bareSamplesPerSec: number;
  appSamplesPerSec: number;
  /** Median over the rounds of app / bare, each round's pair timed back to back. */
  ratio: number;
  /** Lowest and highest round ratio. */
  ratioRange: [number, number];
  /** Updates timed for the throughput (after a warm-up, before the final evaluation). */
  timedSteps: number;
  oneRunMs: number;
  manyRunsMs: number;
}

/** One epoch of exactly `steps` updates (at most what the training split holds), evaluated once at its end. */
/** `req.steps` updates: one epoch of that many batches, or several epochs of all the training data. */
function benchSetup(req: ThroughputRequest, trainCount: number): TrainingSetup {
  const perEpoch = Math.max(1, Math.floor(trainCount / req.setup.batchSize));
  const steps = Math.max(1, req.steps);
  if (steps <= perEpoch) return { ...req.setup, epochs: 1, trainExamples: steps * req.setup.batchSize, evalInterval: steps };
  const epochs = Math.ceil(steps / perEpoch);
  return { ...req.setup, epochs, trainExamples: perEpoch * req.setup.batchSize, evalInterval: perEpoch * epochs };
}

/** The window timed for throughput: updates [from, to), clear of warm-up and final evaluation. */
function timedWindow(steps: number): { from: number; to: number } {
  return { from: Math.min(10, Math.floor(steps / 4)), to: Math.max(1, Math.floor(steps * 0.9)) };
}

/**
 * A minimal custom loop from the same split: upload, gather each batch, minimize, no recording;
 * then the same final evaluation (validation and test). Returns the wall ms of the timed window
 * (synchronised with the device at both ends) and of the whole loop.
 */
export async function bareLoop(split: SplitData, setup: TrainingSetup, lr: number): Promise<{ windowMs: number; totalMs: number; steps: number }> {
  const t0 = performance.now();
  const data = uploadData(split, setup.trainExamples);
  const steps = Math.ceil(data.trainCount / setup.batchSize) * setup.epochs;
  const { from, to } = timedWindow(steps);
  const model = createModel(setup, initialWeights(setup, 1));
  const opt = createOptimizer(setup, lr);
  const sync = async () => {
    const probe = tf.add(model.variables[0], 0);
    await probe.data();
    probe.dispose();
  };
  const b = setup.batchSize;
  const perEpoch = Math.ceil(data.trainCount / b);
  let order = epochOrder(1, 0, data.trainCount);
  let w0 = 0;
  let w1 = 0;
  for (let s = 0; s < steps; s++) {
    if (s === from) {
      await sync();
      w0 = performance.now();
    }
    if (s === to) {
      await sync();
      w1 = performance.now();
    }
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
  return { windowMs: w1 - w0, totalMs: performance.now() - t0, steps: to - from };
}

/**
 * The trainer running `runs` runs (seeds 1..runs) to the end. Returns its wall ms and, for the
 * first run, the ms between the slices that crossed updates `from` and `to` of the timed window.
 */
export async function trainerLoop(
  split: SplitData,
  setup: TrainingSetup,
  spec: ScheduleSpec,
  runs: number,
  opts: TrainerOptions = {},
): Promise<{ windowMs: number; totalMs: number; steps: number }> {
  const total = Math.ceil(Math.min(setup.trainExamples, split.train.count) / setup.batchSize) * setup.epochs;
  const { from, to } = timedWindow(total);
  let w0: { t: number; step: number } | null = null;
  let w1: { t: number; step: number } | null = null;
  // flushMs 0: a batch after every slice, so the window's ends are timed to the slice.
  const trainer = new Trainer(
    (batch) => {
      const t = performance.now();
      for (const c of batch.chunks) {
        if (c.runId !== 'bench0' || c.evals.length > 0) continue;
        const step = c.fromStep + c.loss.length;
        if (!w0 && step >= from) w0 = { t, step };
        else if (w0 && step <= to) w1 = { t, step };
      }
    },
    { ...opts, flushMs: 0 },
  );
  const plans: RunPlan[] = Array.from({ length: runs }, (_, i) => ({ id: `bench${i}`, spec, stepping: 'iteration', seed: 1 + i }));
  const t0 = performance.now();
  await trainer.start(split, setup, plans);
  await trainer.idle;
  const totalMs = performance.now() - t0;
  const failed = trainer.states().find((s) => s.status !== 'done');
  await trainer.dispose();
  if (failed) throw new Error(`benchmark run ${failed.runId} ended ${failed.status}: ${failed.message ?? ''}`);
  const a = w0 as { t: number; step: number } | null;
  const b = w1 as { t: number; step: number } | null;
  return a && b && b.step > a.step ? { windowMs: b.t - a.t, totalMs, steps: b.step - a.step } : { windowMs: totalMs, totalMs, steps: total };
}

export async function measureThroughput(split: SplitData, req: ThroughputRequest, opts: TrainerOptions = {}): Promise<ThroughputResult> {
  const setup = benchSetup(req, split.train.count);
  const lr = 0.05;
  const b = setup.batchSize;
  // Warm-up (shader compilation, allocator), then alternate to even out drift.
  const warm = { ...setup, trainExamples: Math.min(5 * b, setup.trainExamples), evalInterval: 5 };
  await bareLoop(split, warm, lr);
  await trainerLoop(split, warm, req.spec, 1, opts);
  const bare: number[] = [];
  const app: number[] = [];
  const oneRun: number[] = [];
  let timedSteps = 0;
  const rounds = req.rounds ?? 5;
  for (let i = 0; i < rounds; i++) {
    // Alternate the order so neither loop always runs right after the other's garbage.
    const runBare = async () => {
      const r = await bareLoop(split, setup, lr);
      bare.push((r.steps * b * 1000) / r.windowMs);
      timedSteps = r.steps;
    };
    const runApp = async () => {
      const r = await trainerLoop(split, setup, req.spec, 1, opts);
      app.push((r.steps * b * 1000) / r.windowMs);
      oneRun.push(r.totalMs);
    };
    if (i % 2 === 0) {
      await runBare();
      await runApp();
    } else {
      await runApp();
      await runBare();
    }
  }
  const manyRunsMs = (await trainerLoop(split, setup, req.spec, req.runs, opts)).totalMs;
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  // Each round's two loops ran back to back: their ratio cancels the machine's drift between rounds.
  const ratios = app.map((a, i) => a / bare[i]);
  return {
    bareSamplesPerSec: median(bare),
    appSamplesPerSec: median(app),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    timedSteps,
    oneRunMs: median(oneRun),
    manyRunsMs,
  };
}
