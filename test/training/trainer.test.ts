import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ScheduleSpec } from '../../src/schedules';
import type { SplitData } from '../../src/training/data';
import { sliceSteps, Trainer, type ProgressBatch, type RunState } from '../../src/training/trainer';
import { smallSetup, smallSplit } from './fixtures';

let split: SplitData;
beforeAll(async () => {
  split = await smallSplit(100);
});

const specA: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 5, gamma: 0.5 } };
const specB: ScheduleSpec = { scheduler: 'torch.ExponentialLR', params: { lr: 0.05, gamma: 0.9 } };

function collect() {
  const batches: ProgressBatch[] = [];
  const latest = new Map<string, RunState>();
  const steps = new Map<string, number[]>();
  const emit = (b: ProgressBatch) => {
    batches.push(b);
    for (const s of b.states) latest.set(s.runId, s);
    for (const c of b.chunks) {
      const list = steps.get(c.runId) ?? [];
      for (let i = 0; i < c.loss.length; i++) list.push(c.fromStep + i);
      steps.set(c.runId, list);
    }
  };
  return { batches, latest, steps, emit };
}

test('runs interleave round-robin, metrics arrive in batches, every update exactly once', async () => {
  const c = collect();
  const trainer = new Trainer(c.emit, { sliceMs: 5, flushMs: 50 });
  const setup = smallSetup({ trainExamples: 480, batchSize: 16, evalInterval: 10 });
  const before = tf.memory().numTensors;
  await trainer.start(split, setup, [
    { id: 'a', spec: specA, stepping: 'iteration', seed: 1 },
    { id: 'b', spec: specB, stepping: 'iteration', seed: 1 },
  ]);
  // While both train, each has made progress before either finishes.
  let sawBoth = false;
  while (!sawBoth && [...c.latest.values()].every((s) => s.status !== 'done')) {
    await new Promise((r) => setTimeout(r, 5));
    const a = c.latest.get('a')?.step ?? 0;
    const b = c.latest.get('b')?.step ?? 0;
    sawBoth = a > 0 && b > 0 && a < 30 && b < 30;
  }
  expect(sawBoth).toBe(true);
  await trainer.idle;
  expect(c.latest.get('a')).toMatchObject({ status: 'done', step: 30, total: 30 });
  expect(c.latest.get('b')!.test!.accuracy).toBeGreaterThan(0);
  for (const id of ['a', 'b']) expect(c.steps.get(id)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  // Batched: far fewer messages than updates.
  expect(c.batches.length).toBeLessThan(60);
  await trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test('pause, resume, stop and reset act on one run or all', async () => {
  const c = collect();
  const trainer = new Trainer(c.emit, { sliceMs: 5, flushMs: 10 });
  const setup = smallSetup({ trainExamples: 640, batchSize: 16, evalInterval: 1000 });
  await trainer.start(split, setup, [
    { id: 'a', spec: specA, stepping: 'iteration', seed: 1 },
    { id: 'b', spec: specB, stepping: 'iteration', seed: 1 },
    { id: 'c', spec: specB, stepping: 'iteration', seed: 2 },
  ]);
  // Stop 'c' right away: waiting first let a fast machine finish its 40 updates before the stop.
  trainer.pause('a');
  trainer.stop('c');
  await new Promise((r) => setTimeout(r, 300));
  expect(c.latest.get('a')!.status).toBe('paused');
  const frozen = c.latest.get('a')!.step;
  expect(c.latest.get('c')).toMatchObject({ status: 'stopped' });
  const stoppedAt = c.latest.get('c')!.step;
  expect(stoppedAt).toBeLessThan(40);
  expect(c.latest.get('a')!.step).toBe(frozen);
  trainer.reset('b');
  await new Promise((r) => setTimeout(r, 50));
  expect(c.latest.get('b')!.attempt).toBe(1);
  trainer.resume('a');
  await trainer.idle;
  expect(c.latest.get('a')).toMatchObject({ status: 'done', step: 40 });
  expect(c.latest.get('b')).toMatchObject({ status: 'done', step: 40, attempt: 1 });
  expect(c.latest.get('c')).toMatchObject({ status: 'stopped', step: stoppedAt });
  // Stop all: nothing runs after.
  trainer.reset();
  trainer.pause();
  await new Promise((r) => setTimeout(r, 50));
  expect(trainer.states().every((s) => s.status === 'paused')).toBe(true);
  trainer.stop();
  await trainer.idle;
  expect(trainer.states().every((s) => s.status === 'stopped')).toBe(true);
  await trainer.dispose();
});

test('a fault in one run fails it with a message; the others finish', async () => {
  const c = collect();
  const trainer = new Trainer(c.emit, { sliceMs: 5, flushMs: 10 });
  await trainer.start(split, smallSetup({ trainExamples: 320, batchSize: 32, evalInterval: 1000 }), [
    { id: 'a', spec: specA, stepping: 'iteration', seed: 1 },
    { id: 'b', spec: specB, stepping: 'iteration', seed: 1 },
  ]);
  trainer.injectFault('a');
  await trainer.idle;
  expect(c.latest.get('a')).toMatchObject({ status: 'failed', message: 'injected fault (test)' });
  expect(c.latest.get('b')).toMatchObject({ status: 'done', step: 10 });
  await trainer.dispose();
});

describe('slice length', () => {
  test('about sliceMs of updates; updates slower than a slice are grouped a few at a time, within 400 ms; never more than the cap', () => {
    expect(sliceSteps(5, 40, 512)).toBe(8);
    expect(sliceSteps(3, 5, 512)).toBe(1);
    expect(sliceSteps(30, 40, 512)).toBe(1);
    expect(sliceSteps(97, 40, 512)).toBe(4); // software WebGL: one read-back per 4 updates, not per update
    expect(sliceSteps(150, 40, 512)).toBe(2);
    expect(sliceSteps(500, 40, 512)).toBe(1);
    expect(sliceSteps(Number.NaN, 40, 512)).toBe(1); // not measured yet
    expect(sliceSteps(0.01, 40, 512)).toBe(512);
  });
});
