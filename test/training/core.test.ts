import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createStepper, evaluate, evaluateMomentum, type ScheduleSpec, type Stepping } from '../../src/schedules';
import { expandEpochs } from '../../src/curves';
import { TrainingRun, uploadData, type DeviceData } from '../../src/training/core';
import type { ComparisonPlan, RunChunk } from '../../src/training/spec';
import type { SplitData } from '../../src/training/data';
import { initialWeights } from '../../src/training/spec';
import type { RunOptimizer, TrainingSetup } from '../../src/training/setup';
import { smallSetup, smallSplit } from './fixtures';

let split: SplitData;
beforeAll(async () => {
  split = await smallSplit();
});

function makeRun(spec: ScheduleSpec, setup: TrainingSetup, opts: { seed?: number; stepping?: Stepping; data?: DeviceData; optimizer?: RunOptimizer } = {}) {
  const data = opts.data ?? uploadData(split, setup.trainExamples);
  const plan: ComparisonPlan = { setup, trainCount: data.trainCount };
  const seed = opts.seed ?? 1;
  const run = new TrainingRun({ id: spec.scheduler, spec, stepping: opts.stepping ?? 'iteration', seed, optimizer: opts.optimizer }, plan, data, initialWeights(setup, seed));
  return { run, data };
}

/** Trains to the end (or divergence / failure) and concatenates the chunks. */
async function trainAll(run: TrainingRun, slice = 7) {
  const chunks: RunChunk[] = [];
  do chunks.push(await run.advance(slice));
  while (run.outcome.status === 'running');
  return {
    loss: chunks.flatMap((c) => Array.from(c.loss)),
    lr: chunks.flatMap((c) => Array.from(c.lr)),
    evals: chunks.flatMap((c) => c.evals),
  };
}

const stepLR: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 4, gamma: 0.5 } };

describe('the learning rate applied at each update', () => {
  test('equals evaluate() with iteration stepping, as the optimizer holds it (Adam)', async () => {
    const setup = smallSetup({ optimizer: 'adam', trainExamples: 256 });
    const spec: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.01, T_max: 5, eta_min: 0.001 } };
    const { run, data } = makeRun(spec, setup);
    const expected = evaluate(spec, run.total);
    for (let i = 0; i < run.total; i++) {
      const c = await run.advance(1);
      expect(c.lr[0]).toBe(expected[i]);
      if (run.outcome.status === 'running') expect(run.optimizerLearningRate()).toBe(expected[i]);
    }
    expect(run.outcome.status).toBe('done');
    data.dispose();
  });

  test('equals evaluate() per epoch, held across the epoch, with epoch stepping (SGD)', async () => {
    const setup = smallSetup({ trainExamples: 96, epochs: 4, evalInterval: 1000 });
    const { run, data } = makeRun({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 1, gamma: 0.5 } }, setup, { stepping: 'epoch' });
    const got = await trainAll(run);
    expect(run.perEpoch).toBe(3);
    const expected = expandEpochs(evaluate({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 1, gamma: 0.5 } }, 4), 3, 12);
    expect(got.lr).toEqual(Array.from(expected));
    expect(got.lr.slice(0, 4)).toEqual([0.1, 0.1, 0.1, 0.05]);
    data.dispose();
  });
});

describe('a controlled comparison', () => {
  test('two runs with the same seed give identical losses', async () => {
    const setup = smallSetup({ optimizer: 'momentum' });
    const a = await trainAll(makeRun(stepLR, setup).run);
    const b = await trainAll(makeRun(stepLR, setup).run);
    expect(a.loss.length).toBe(10);
    expect(b.loss).toEqual(a.loss);
    expect(b.evals).toEqual(a.evals);
  });

  test('runs of a comparison share initial weights and batch order; only the schedule differs', async () => {
    const setup = smallSetup();
    const data = uploadData(split, setup.trainExamples);
    const one = makeRun(stepLR, setup, { data }).run;
    const two = makeRun({ scheduler: 'torch.ConstantLR', params: { lr: 0.5, factor: 1, total_iters: 0 } }, setup, { data }).run;
    const otherSeed = makeRun(stepLR, setup, { data, seed: 2 }).run;
    const [w1, w2, w3] = await Promise.all([one.weights(), two.weights(), otherSeed.weights()]);
    expect(w2).toEqual(w1);
    expect(w3[0]).not.toEqual(w1[0]);
    for (let s = 0; s < one.total; s++) expect(Array.from(two.batchIndices(s))).toEqual(Array.from(one.batchIndices(s)));
    expect(Array.from(otherSeed.batchIndices(0))).not.toEqual(Array.from(one.batchIndices(0)));
    // Every example once per epoch.
    const seen = new Set<number>();
    for (let s = 0; s < one.perEpoch; s++) for (const i of one.batchIndices(s)) seen.add(i);
    expect(seen.size).toBe(setup.trainExamples);
    const a = await trainAll(one);
    const b = await trainAll(two);
    // Same weights, same first batch: the first loss is identical; then the rates make them differ.
    expect(b.loss[0]).toBe(a.loss[0]);
    expect(b.loss[3]).not.toBe(a.loss[3]);
    otherSeed.dispose();
    data.dispose();
  });
});

test('a plateau scheduler reduces the LR in response to the real validation loss', async () => {
  // threshold 0.5 (rel): only halving the validation loss counts as improvement.
  const spec: ScheduleSpec = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.2, factor: 0.5, patience: 0, threshold: 0.5 } };
  const setup = smallSetup({ trainExamples: 320, evalInterval: 2 });
  const { run, data } = makeRun(spec, setup);
  expect(run.metricDriven).toBe(true);
  const got = await trainAll(run, 3);
  expect(got.evals.map((e) => e.step)).toEqual([2, 4, 6, 8, 10]);
  // Replaying the measured validation losses through the engine gives the applied rates exactly.
  const replay = createStepper(spec);
  const expected: number[] = [];
  for (let s = 0; s < run.total; s++) {
    expected.push(replay.lr());
    const ev = got.evals.find((e) => e.step === s + 1);
    if (ev) replay.step(ev.loss);
  }
  expect(got.lr).toEqual(expected);
  expect(Math.min(...got.lr)).toBeLessThan(0.2);
  // The rate changes only right after an evaluation.
  for (let s = 1; s < got.lr.length; s++) if (got.lr[s] !== got.lr[s - 1]) expect(s % 2).toBe(0);
  // A different (fake) metric would have given different rates: the loop used the real one.
  const fake = createStepper(spec);
  const fakeLrs: number[] = [];
  for (let s = 0; s < run.total; s++) {
    fakeLrs.push(fake.lr());
    if ((s + 1) % 2 === 0) fake.step(10 / (s + 1));
  }
  expect(fakeLrs).not.toEqual(got.lr);
  data.dispose();
});

test('tensors do not leak over many steps, and a finished run frees its own', async () => {
  const setup = smallSetup({ trainExamples: 640, batchSize: 16, evalInterval: 10, optimizer: 'rmsprop' });
  const slow: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.001, step_size: 4, gamma: 0.5 } };
  const before = tf.memory().numTensors;
  const { run, data } = makeRun(slow, setup);
  await run.advance(3);
  expect(run.outcome).toEqual({ status: 'running' });
  const afterFirst = tf.memory().numTensors;
  const counts: number[] = [];
  while (run.outcome.status === 'running') {
    await run.advance(6);
    if (run.outcome.status === 'running') counts.push(tf.memory().numTensors);
  }
  expect(run.step).toBe(40);
  expect(counts.length).toBeGreaterThan(4);
  for (const c of counts) expect(c).toBe(afterFirst);
  data.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test('a short run of the default MLP reaches clearly better than chance accuracy', async () => {
  const setup = smallSetup({ hiddenSizes: [128], batchSize: 64, trainExamples: 3200, evalInterval: 1000 });
  const { run, data } = makeRun({ scheduler: 'torch.ConstantLR', params: { lr: 0.1, factor: 1, total_iters: 0 } }, setup);
  const got = await trainAll(run, 25);
  expect(run.outcome.status).toBe('done');
  expect(got.loss.length).toBe(50);
  expect(got.evals.at(-1)!.accuracy).toBeGreaterThan(0.75);
  expect(run.outcome.test!.accuracy).toBeGreaterThan(0.75);
  expect(got.loss.at(-1)!).toBeLessThan(got.loss[0]);
  data.dispose();
});

test('the small CNN trains too', async () => {
  const setup = smallSetup({ model: 'cnn', cnnFilters: [4, 8], trainExamples: 64, evalInterval: 1000 });
  const { run, data } = makeRun(stepLR, setup);
  const got = await trainAll(run);
  expect(run.outcome.status).toBe('done');
  expect(got.loss.every(Number.isFinite)).toBe(true);
  data.dispose();
});

test('a huge learning rate is stopped and labelled diverged, with no NaN recorded', async () => {
  const setup = smallSetup({ trainExamples: 320, evalInterval: 1000 });
  const { run, data } = makeRun({ scheduler: 'torch.ConstantLR', params: { lr: 1e6, factor: 1, total_iters: 0 } }, setup);
  const got = await trainAll(run, 4);
  expect(run.outcome.status).toBe('diverged');
  expect(run.outcome.message).toMatch(/diverged at update \d+: the loss (is NaN|is Infinity|exploded)/);
  expect(got.loss.every(Number.isFinite)).toBe(true);
  expect(got.lr.length).toBe(got.loss.length);
  expect(run.step).toBe(got.loss.length);
  data.dispose();
});

test('a schedule that raises mid-run fails the run with the engine message and keeps what was done', async () => {
  // OneCycleLR raises when stepped past total_steps (here 4 of the run's 10 updates).
  const spec: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 4 } };
  const { run, data } = makeRun(spec, smallSetup({ evalInterval: 1000 }));
  const got = await trainAll(run, 3);
  expect(run.outcome.status).toBe('failed');
  expect(run.outcome.message).toMatch(/the schedule raised at update/);
  expect(got.loss.length).toBeGreaterThanOrEqual(3);
  expect(got.loss.length).toBeLessThan(10);
  data.dispose();
});

describe('a run with its own optimizer', () => {
  test('trains exactly as a comparison whose setup has that optimizer, from the same weights and batches', async () => {
    const spec: ScheduleSpec = { scheduler: 'hf.constant', params: { lr: 0.01 } };
    const sgdSetup = smallSetup({ trainExamples: 96, evalInterval: 1000 });
    const adamSetup = smallSetup({ trainExamples: 96, evalInterval: 1000, optimizer: 'adam' });
    const own = makeRun(spec, sgdSetup, { optimizer: { optimizer: 'adam', optimizerParams: sgdSetup.optimizerParams } });
    const viaSetup = makeRun(spec, adamSetup, { data: own.data });
    const plain = makeRun(spec, sgdSetup, { data: own.data });
    expect(own.run.optimizerSetup.optimizer).toBe('adam');
    const [a, b, c] = [await trainAll(own.run), await trainAll(viaSetup.run), await trainAll(plain.run)];
    // Same first loss (same initial weights and batch), then Adam's path, not SGD's.
    expect(a.loss[0]).toBe(c.loss[0]);
    expect(a.loss).toEqual(b.loss);
    expect(a.loss.at(-1)).not.toBe(c.loss.at(-1));
    own.data.dispose();
  });
});

describe('cycle_momentum: the momentum the scheduler sets is applied at each update', () => {
  const oneCycle: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.001, total_steps: 10 } };

  for (const optimizer of ['sgd', 'momentum', 'rmsprop', 'adam'] as const) {
    test(`${optimizer}: the optimizer holds evaluateMomentum's value before every update`, async () => {
      const setup = smallSetup({ optimizer, evalInterval: 1000 });
      const { run, data } = makeRun(oneCycle, setup);
      const expected = evaluateMomentum(oneCycle, run.total)!;
      expect(run.optimizerMomentum()).toBe(expected[0]);
      for (let i = 0; i < run.total; i++) {
        // tfjs keeps the value as a number: read back after update i, it is the one update i used.
        await run.advance(1);
        if (run.outcome.status === 'running') expect(run.optimizerMomentum()).toBe(expected[i]);
      }
      expect(run.outcome.status).toBe('done');
      data.dispose();
    });
  }

  test('epoch stepping: the momentum of the epoch is held across its updates', async () => {
    const setup = smallSetup({ optimizer: 'momentum', trainExamples: 96, epochs: 4, evalInterval: 1000 });
    const spec: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.01, max_lr: 0.1, step_size_up: 2 } };
    const { run, data } = makeRun(spec, setup, { stepping: 'epoch' });
    const perEpoch = evaluateMomentum(spec, 4)!;
    for (let i = 0; i < run.total; i++) {
      await run.advance(1);
      if (run.outcome.status === 'running') expect(run.optimizerMomentum()).toBe(perEpoch[Math.floor(i / run.perEpoch)]);
    }
    data.dispose();
  });

  test('an optimizer without momentum or beta1 (Adagrad) fails the run before any update, with torch’s message', async () => {
    const { run, data } = makeRun(oneCycle, smallSetup({ optimizer: 'adagrad' }));
    const got = await trainAll(run);
    expect(run.outcome.status).toBe('failed');
    expect(run.outcome.message).toBe(
      'the schedule raised at update 0: ValueError: optimizer must support momentum or beta1 with `cycle_momentum` option enabled',
    );
    expect(got.loss).toEqual([]);
    data.dispose();
  });

  test('cycle_momentum=False leaves Adagrad and the momentum alone', async () => {
    const spec: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 10, cycle_momentum: false } };
    const adagrad = makeRun(spec, smallSetup({ optimizer: 'adagrad', evalInterval: 1000 }));
    await trainAll(adagrad.run);
    expect(adagrad.run.outcome.status).toBe('done');
    adagrad.data.dispose();
    const momentum = makeRun(spec, smallSetup({ optimizer: 'momentum', evalInterval: 1000 }));
    await momentum.run.advance(3);
    expect(momentum.run.optimizerMomentum()).toBe(smallSetup({ optimizer: 'momentum' }).optimizerParams.momentum.momentum);
    momentum.data.dispose();
  });
});
