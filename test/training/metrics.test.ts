import { expect, test } from 'vitest';
import type { Comparison, RunRecord } from '../../src/state/training';
import { applyBatch, plannedLr, plannedSteps } from '../../src/state/training';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import { aggregate, aggregateEvals, bestPerColumn, groupRuns, metricsCsvChunks, resultRows, smoothEma } from '../../src/ui/training/metrics';
import { evaluate } from '../../src/schedules';

function run(patch: Omit<Partial<RunRecord>, 'loss'> & { loss?: number[] }): RunRecord {
  const loss = Float32Array.from(patch.loss ?? [2, 1.5, 1, 0.5]);
  return {
    id: 'a#0',
    entryId: 'a',
    seedIndex: 0,
    seed: 1,
    name: 'A',
    color: '#123456',
    spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 2 } },
    stepping: 'iteration',
    optimizer: { optimizer: 'sgd', optimizerParams: DEFAULT_TRAINING_SETUP.optimizerParams },
    reported: null,
    metricDriven: false,
    status: 'done',
    message: null,
    fault: null,
    attempt: 0,
    step: loss.length,
    total: loss.length,
    count: loss.length,
    lr: Float64Array.from(loss, () => 0.1),
    evals: [],
    test: null,
    computeMs: 1000,
    startedAt: 0,
    endedAt: 1000,
    rate: null,
    tick: null,
    worker: 'main',
    planned: null,
    plannedError: null,
    checkpoint: null,
    continuedFrom: null,
    continuations: 0,
    notice: null,
    ...patch,
    loss,
  };
}

test('smoothing is TensorBoard\'s debiased EMA; 0 leaves the values as they are', () => {
  expect(Array.from(smoothEma([1, 2, 3], 3, 0))).toEqual([1, 2, 3]);
  const s = smoothEma([4, 4, 4, 0], 4, 0.5);
  // Debiased: a constant series stays constant (no pull towards 0 at the start).
  expect(s[0]).toBeCloseTo(4);
  expect(s[2]).toBeCloseTo(4);
  expect(s[3]).toBeCloseTo((0.5 * (0.5 * (0.5 * 0.5 * 4 + 0.5 * 4) + 0.5 * 4)) / (1 - 0.0625));
});

test('seeds of a schedule aggregate into mean and min/max band over the updates all of them have', () => {
  const a = aggregate([
    { values: [1, 2, 3], count: 3 },
    { values: [3, 4], count: 2 },
  ]);
  expect(a.count).toBe(2);
  expect(Array.from(a.mean)).toEqual([2, 3]);
  expect(Array.from(a.lo)).toEqual([1, 2]);
  expect(Array.from(a.hi)).toEqual([3, 4]);
  const e = aggregateEvals(
    [
      run({ evals: [{ step: 5, loss: 1, accuracy: 0.5 }, { step: 10, loss: 0.5, accuracy: 0.7 }] }),
      run({ id: 'a#1', evals: [{ step: 5, loss: 2, accuracy: 0.3 }] }),
    ],
    'accuracy',
  );
  expect(Array.from(e.steps)).toEqual([5]);
  expect(e.mean[0]).toBeCloseTo(0.4);
});

test('results: one row per schedule, means over seeds, steps to the target, best per column', () => {
  const runs = [
    run({ evals: [{ step: 2, loss: 1, accuracy: 0.8 }, { step: 4, loss: 0.6, accuracy: 0.92 }], test: { loss: 0.6, accuracy: 0.91 } }),
    run({ id: 'a#1', seedIndex: 1, evals: [{ step: 2, loss: 0.9, accuracy: 0.91 }, { step: 4, loss: 0.7, accuracy: 0.9 }], test: { loss: 0.7, accuracy: 0.89 } }),
    run({ id: 'b#0', entryId: 'b', name: 'B', evals: [{ step: 4, loss: 1.2, accuracy: 0.6 }], test: { loss: 1.2, accuracy: 0.6 }, computeMs: 500 }),
  ];
  const groups = groupRuns(runs);
  expect(groups.map((g) => g.runs.length)).toEqual([2, 1]);
  const rows = resultRows(groups, 0.9);
  expect(rows[0]).toMatchObject({ name: 'A', seeds: 2, reached: 2, stepsToTarget: 3, status: 'done' });
  expect(rows[0].testAcc).toBeCloseTo(0.9);
  expect(rows[0].bestValAcc).toBeCloseTo((0.92 + 0.91) / 2);
  expect(rows[0].finalTrainLoss).toBeCloseTo(1.25);
  expect(rows[1]).toMatchObject({ name: 'B', stepsToTarget: null, reached: 0, seconds: 0.5 });
  expect(bestPerColumn(rows)).toMatchObject({ testAcc: 'a', finalValLoss: 'a', seconds: 'b', stepsToTarget: 'a' });
});

test('the metrics CSV has one row per run and update, evaluations after their update, test at the end', () => {
  const comparison = { stepsPerEpoch: 2, setup: DEFAULT_TRAINING_SETUP } as Comparison;
  const r = run({ name: 'Warmup, cosine', planned: Float64Array.from([0.1, 0.1, 0.01, 0.01]), evals: [{ step: 2, loss: 1.1, accuracy: 0.5 }], test: { loss: 0.9, accuracy: 0.7 } });
  const csv = [...metricsCsvChunks([r], comparison, 2, () => 'WebGL')].join('');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'run,schedule,scheduler,stepping,optimizer,optimizer_params,model,seed,backend,step,epoch,lr_planned,lr_applied,train_loss,val_loss,val_accuracy,test_loss,test_accuracy',
  );
  expect(lines).toHaveLength(5);
  const what = 'a#0,"Warmup, cosine",torch.StepLR,iteration,SGD,,MLP 784-128-10,1,WebGL';
  expect(lines[1]).toBe(`${what},0,0,0.1,0.1,2,,,,`);
  expect(lines[2]).toBe(`${what},1,0,0.1,0.1,1.5,1.1,0.5,,`);
  expect(lines[4]).toBe(`${what},3,1,0.01,0.1,0.5,,,0.9,0.7`);
});

test('each run in the CSV carries its own optimizer and hyperparameters', () => {
  const comparison = { stepsPerEpoch: 2, setup: DEFAULT_TRAINING_SETUP } as Comparison;
  const p = DEFAULT_TRAINING_SETUP.optimizerParams;
  const adam = run({ id: 'b#0', entryId: 'b', name: 'Adam', stepping: 'epoch', optimizer: { optimizer: 'adam', optimizerParams: { ...p, adam: { beta1: 0.5, beta2: 0.999, epsilon: 1e-7 } } } });
  const mom = run({ id: 'c#0', entryId: 'c', name: 'Momentum', optimizer: { optimizer: 'momentum', optimizerParams: p } });
  const lines = [...metricsCsvChunks([adam, mom], comparison)].join('').trim().split('\n');
  expect(lines[1]).toMatch(/^b#0,Adam,torch\.StepLR,epoch,Adam,beta1=0\.5 beta2=0\.999 epsilon=1e-7,MLP 784-128-10,1,,0,/);
  expect(lines[5]).toMatch(/^c#0,Momentum,torch\.StepLR,iteration,Momentum,momentum=0\.9 nesterov=false,/);
});

test('a diverged schedule is never the best of a column, whatever its numbers', () => {
  const rows = resultRows(
    groupRuns([
      run({ status: 'diverged', evals: [{ step: 2, loss: 0.1, accuracy: 0.99 }] }),
      run({ id: 'b#0', entryId: 'b', name: 'B', evals: [{ step: 4, loss: 0.5, accuracy: 0.8 }] }),
    ]),
    0.9,
  );
  expect(rows[0].broken).toBe(true);
  expect(bestPerColumn(rows)).toMatchObject({ bestValAcc: 'b', finalValLoss: 'b', finalValAcc: 'b' });
});

test('worker batches append in place, ignore stale attempts, and keep the ETA rate', () => {
  const r = run({ loss: [], status: 'queued', step: 0, count: 0, total: 6 });
  let runs = [r];
  runs = applyBatch(runs, { chunks: [{ runId: 'a#0', attempt: 0, fromStep: 0, loss: Float32Array.from([3, 2]), lr: Float64Array.from([0.1, 0.1]), evals: [], computeMs: 10 }], states: [{ runId: 'a#0', attempt: 0, status: 'running', step: 2, total: 6 }] }, 100);
  expect(runs[0]).not.toBe(r);
  expect(runs[0].count).toBe(2);
  runs = applyBatch(runs, { chunks: [{ runId: 'a#0', attempt: 0, fromStep: 2, loss: Float32Array.from([1]), lr: Float64Array.from([0.05]), evals: [{ step: 3, loss: 1, accuracy: 0.5 }], computeMs: 5 }], states: [{ runId: 'a#0', attempt: 0, status: 'running', step: 3, total: 6 }] }, 600);
  expect(Array.from(runs[0].loss.subarray(0, runs[0].count))).toEqual([3, 2, 1]);
  expect(runs[0].rate).toBeCloseTo(2);
  expect(runs[0].evals).toHaveLength(1);
  const stale = applyBatch(runs, { chunks: [{ runId: 'a#0', attempt: 1, fromStep: 0, loss: Float32Array.from([9]), lr: Float64Array.from([9]), evals: [], computeMs: 1 }], states: [] }, 700);
  expect(stale[0].count).toBe(3);
  expect(stale[0].loss[0]).toBe(3);
});

test('the ETA rate is measured while running: a pause does not count as slow training', () => {
  let runs = [run({ loss: [], status: 'queued', step: 0, count: 0, total: 100 })];
  const state = (status: 'running' | 'paused', step: number, t: number) =>
    (runs = applyBatch(runs, { chunks: [], states: [{ runId: 'a#0', attempt: 0, status, step, total: 100 }] }, t));
  state('running', 0, 0);
  state('running', 10, 1000);
  expect(runs[0].rate).toBeCloseTo(10);
  state('paused', 12, 1200);
  // 60 s paused, then it goes on at the same speed.
  state('running', 12, 61_200);
  state('running', 22, 62_200);
  expect(runs[0].rate).toBeCloseTo(10);
});

test('the planned LR is evaluate(), per epoch when epoch-stepped; metric-driven schedules have none', () => {
  const spec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 1, gamma: 0.5 } };
  expect(Array.from(plannedLr(spec, 'iteration', 3, 4).values!)).toEqual(Array.from(evaluate(spec, 4)));
  expect(Array.from(plannedLr(spec, 'epoch', 2, 5).values!)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  expect(plannedLr({ scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1 } }, 'iteration', 2, 4).values).toBeNull();
  expect(plannedLr({ scheduler: 'torch.StepLR', params: { lr: 0.1 } }, 'iteration', 2, 4).error).toMatch(/step_size/);
  expect(plannedSteps({ ...DEFAULT_TRAINING_SETUP, trainExamples: 100000 }, 8000)).toEqual({ trainCount: 8000, stepsPerEpoch: 125, totalSteps: 375 });
});
