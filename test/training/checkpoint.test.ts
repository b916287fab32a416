/**
 * Checkpoints: a run stopped after N updates and rebuilt from its checkpoint in a fresh trainer
 * (the page's copy, after a structured clone, as a new worker gets it) goes on to 2N exactly as
 * the uninterrupted run: the same losses, applied learning rates and evaluations, bit for bit on
 * the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluate, type ScheduleSpec, type Stepping } from '../../src/schedules';
import type { TrainingSetup } from '../../src/training/setup';
import { TrainingRun, uploadData } from '../../src/training/core';
import type { SplitData } from '../../src/training/data';
import { initialWeights, type ComparisonPlan, type RunCheckpoint, type RunChunk, type RunPlan } from '../../src/training/spec';
import { Trainer, type ProgressBatch } from '../../src/training/trainer';
import { smallSetup, smallSplit } from './fixtures';

let split: SplitData;
beforeAll(async () => {
  split = await smallSplit(100);
});

interface Record {
  loss: number[];
  lr: number[];
  evals: RunChunk['evals'];
}

const empty = (): Record => ({ loss: [], lr: [], evals: [] });

function append(into: Record, c: RunChunk): void {
  expect(c.fromStep).toBe(into.loss.length);
  into.loss.push(...c.loss);
  into.lr.push(...c.lr);
  into.evals.push(...c.evals);
}

/** A run on freshly uploaded data (each "trainer" has its own device copy). */
function newRun(plan: RunPlan, setup: TrainingSetup, stepping: Stepping) {
  const data = uploadData(split, setup.trainExamples);
  const comparison: ComparisonPlan = { setup, trainCount: data.trainCount };
  const run = new TrainingRun({ ...plan, stepping }, comparison, data, plan.resume ? [] : initialWeights(setup, plan.seed));
  return { run, data };
}

/** Advances until `until` updates are done (slices of 3, cut short by evaluations), or the end. */
async function trainTo(run: TrainingRun, rec: Record, until: number): Promise<void> {
  while (run.step < until && run.outcome.status !== 'done') {
    append(rec, await run.advance(Math.min(3, until - run.step)));
    expect(run.outcome.status).not.toMatch(/failed|diverged/);
  }
}

const cases: { name: string; spec: ScheduleSpec; setup: Partial<TrainingSetup>; stepping: Stepping }[] = [
  { name: 'SGD, StepLR, iteration stepping', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.7 } }, setup: { optimizer: 'sgd' }, stepping: 'iteration' },
  {
    name: 'Momentum (Nesterov), OneCycleLR',
    spec: { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.2, total_steps: 24 } },
    setup: { optimizer: 'momentum', optimizerParams: { ...smallSetup().optimizerParams, momentum: { momentum: 0.9, useNesterov: true } } },
    stepping: 'iteration',
  },
  { name: 'Adam, cosine', spec: { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.01, T_max: 10, eta_min: 0.001 } }, setup: { optimizer: 'adam' }, stepping: 'iteration' },
  {
    name: 'RMSprop with momentum, ExponentialLR per epoch',
    spec: { scheduler: 'torch.ExponentialLR', params: { lr: 0.002, gamma: 0.5 } },
    setup: { optimizer: 'rmsprop', optimizerParams: { ...smallSetup().optimizerParams, rmsprop: { decay: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false } } },
    stepping: 'epoch',
  },
  {
    name: 'Adagrad, ReduceLROnPlateau fed the validation loss',
    // threshold 0.5 (rel): the plateau counts almost every evaluation, so the rate drops before and after the cut.
    spec: { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.3, factor: 0.5, patience: 0, threshold: 0.5 } },
    setup: { optimizer: 'adagrad' },
    stepping: 'iteration',
  },
];

describe('a run resumed from its checkpoint continues exactly as if uninterrupted (CPU backend)', () => {
  for (const c of cases) {
    test(c.name, async () => {
      // 24 updates: 3 epochs of 8, evaluations every 5 updates and at epoch ends.
      const setup = smallSetup({ trainExamples: 256, batchSize: 32, epochs: 3, evalInterval: 5, ...c.setup });
      const plan: RunPlan = { id: 'r', spec: c.spec, stepping: c.stepping, seed: 3 };
      const before = tf.memory().numTensors;

      const whole = newRun(plan, setup, c.stepping);
      const total = whole.run.total;
      expect(total).toBe(24);
      const straight = empty();
      await trainTo(whole.run, straight, total);
      expect(whole.run.outcome.status).toBe('done');
      whole.data.dispose();

      // N = 11: mid-epoch, between evaluations, after the schedule has changed the rate.
      const first = newRun(plan, setup, c.stepping);
      const resumed = empty();
      await trainTo(first.run, resumed, 11);
      expect(first.run.step).toBe(11);
      const cp: RunCheckpoint = structuredClone(await first.run.checkpoint());
      // The first trainer is gone (its worker, its backend's memory).
      first.run.dispose();
      first.data.dispose();
      expect(cp.step).toBe(11);

      const second = newRun({ ...plan, resume: cp }, setup, c.stepping);
      expect(second.run.step).toBe(11);
      await trainTo(second.run, resumed, total);
      expect(second.run.outcome.status).toBe('done');
      second.data.dispose();

      expect(resumed.loss).toEqual(straight.loss);
      expect(resumed.lr).toEqual(straight.lr);
      expect(resumed.evals).toEqual(straight.evals);
      if (!second.run.metricDriven) {
        const perEpoch = c.stepping === 'epoch' ? 8 : 1;
        const planned = evaluate(c.spec, total / perEpoch);
        expect(resumed.lr).toEqual(Array.from({ length: total }, (_, i) => planned[Math.floor(i / perEpoch)]));
      } else {
        // The plateau reduced the rate both before and after the checkpoint: its state came along.
        const drops = resumed.lr.flatMap((v, i) => (i > 0 && v < resumed.lr[i - 1] ? [i] : []));
        expect(drops.some((i) => i <= 11)).toBe(true);
        expect(drops.some((i) => i > 11)).toBe(true);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  test('without its optimizer state or its stepper, the continuation would differ (the test can fail)', async () => {
    const setup = smallSetup({ trainExamples: 256, batchSize: 32, epochs: 3, evalInterval: 5, optimizer: 'adam' });
    const spec: ScheduleSpec = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.01, factor: 0.5, patience: 0, threshold: 0.5 } };
    const plan: RunPlan = { id: 'r', spec, stepping: 'iteration', seed: 3 };
    const first = newRun(plan, setup, 'iteration');
    await trainTo(first.run, empty(), 11);
    const cp = structuredClone(await first.run.checkpoint());
    first.run.dispose();
    first.data.dispose();
    const continueFrom = async (resume: RunCheckpoint) => {
      const r = newRun({ ...plan, resume }, setup, 'iteration');
      const rec: Record = { loss: new Array<number>(11).fill(0), lr: new Array<number>(11).fill(0), evals: [] };
      await trainTo(r.run, rec, 24);
      r.data.dispose();
      return rec;
    };
    const good = await continueFrom(cp);
    // A fresh optimizer's state: zero moments, no updates counted.
    const noSlots = await continueFrom({ ...cp, optimizer: { iterations: 0, tensors: { ...cp.optimizer.tensors, values: new Float32Array(cp.optimizer.tensors.values.length) } } });
    // The stepper comes back from its saved state, not from a replay of its history.
    expect(cp.stepper.state).not.toBeNull();
    expect(cp.stepper.metrics.length).toBe(0);
    const noStepper = await continueFrom({ ...cp, stepper: { calls: 0, metrics: new Float64Array(0), state: null } });
    expect(noSlots.loss.slice(12)).not.toEqual(good.loss.slice(12));
    expect(noStepper.lr.slice(11)).not.toEqual(good.lr.slice(11));
  });
});

test('a checkpoint without a saved stepper state is resumed by replaying the stepper calls', async () => {
  const setup = smallSetup({ trainExamples: 256, batchSize: 32, epochs: 3, evalInterval: 5, optimizer: 'sgd' });
  const spec: ScheduleSpec = { scheduler: 'torch.MultiplicativeLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 0.9' } };
  const plan: RunPlan = { id: 'r', spec, stepping: 'iteration', seed: 4 };
  const straight = newRun(plan, setup, 'iteration');
  const all = empty();
  await trainTo(straight.run, all, 24);
  straight.data.dispose();
  const first = newRun(plan, setup, 'iteration');
  await trainTo(first.run, empty(), 11);
  const cp = structuredClone(await first.run.checkpoint());
  first.data.dispose();
  const r = newRun({ ...plan, resume: { ...cp, stepper: { ...cp.stepper, state: null } } }, setup, 'iteration');
  const rec: Record = { loss: new Array<number>(11).fill(0), lr: new Array<number>(11).fill(0), evals: [] };
  await trainTo(r.run, rec, 24);
  r.data.dispose();
  expect(rec.lr.slice(11)).toEqual(all.lr.slice(11));
  expect(rec.lr[11]).toBeLessThan(all.lr[0]);
});

test('the trainer sends checkpoints with its metrics; a fresh trainer resumes one and finishes the run', async () => {
  const setup = smallSetup({ trainExamples: 320, batchSize: 16, epochs: 2, evalInterval: 7, optimizer: 'momentum' });
  const spec: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 6, gamma: 0.5 } };
  const before = tf.memory().numTensors;
  const straight = empty();
  const reference = new Trainer((b) => b.chunks.forEach((c) => append(straight, c)), { sliceMs: 2, flushMs: 0 });
  await reference.start(split, setup, [{ id: 'r', spec, stepping: 'iteration', seed: 5 }]);
  await reference.idle;
  expect(reference.states()[0]).toMatchObject({ status: 'done', step: 40 });
  await reference.dispose();

  // checkpointMs 0: a checkpoint after every slice; stop the first trainer past update 15.
  let latest: RunCheckpoint | null = null;
  let paused = false;
  const seen: number[] = [];
  const first = new Trainer(
    (b: ProgressBatch) => {
      for (const c of b.chunks) {
        if (c.checkpoint) {
          expect(c.checkpoint.step).toBe(c.fromStep + c.loss.length);
          latest = structuredClone(c.checkpoint);
          seen.push(c.checkpoint.step);
        }
      }
      if (latest && latest.step > 15 && !paused) {
        paused = true;
        first.pause();
      }
    },
    { sliceMs: 2, flushMs: 0, checkpointMs: 0, maxSliceSteps: 4 },
  );
  await first.start(split, setup, [{ id: 'r', spec, stepping: 'iteration', seed: 5 }]);
  await first.idle;
  await first.dispose();
  const cp = latest as RunCheckpoint | null;
  expect(cp).not.toBeNull();
  expect(seen.length).toBeGreaterThan(2);
  expect(cp!.step).toBeGreaterThan(15);
  expect(cp!.step).toBeLessThan(40);

  const rest = empty();
  rest.loss.length = rest.lr.length = cp!.step;
  const second = new Trainer((b) => b.chunks.forEach((c) => append(rest, c)), { sliceMs: 2, flushMs: 0 });
  await second.start(split, setup, [{ id: 'r', spec, stepping: 'iteration', seed: 5, resume: cp! }]);
  await second.idle;
  expect(second.states()[0]).toMatchObject({ status: 'done', step: 40 });
  await second.dispose();
  expect(rest.loss.slice(cp!.step)).toEqual(straight.loss.slice(cp!.step));
  expect(rest.lr.slice(cp!.step)).toEqual(straight.lr.slice(cp!.step));
  expect(rest.evals).toEqual(straight.evals.filter((e) => e.step > cp!.step));
  expect(tf.memory().numTensors).toBe(before);
});
