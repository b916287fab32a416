/**
 * The training store's recovery from dead workers, against scripted fake workers (the real worker
 * runs in the browser tests): a worker that falls silent or crashes is replaced and every run it
 * held goes on from its checkpoint, paused ones paused; a run that fails alone goes on on the next
 * backend; a worker that dies again and again leaves its runs failed, with a message, after
 * MAX_AUTO_CONTINUATIONS.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { MAX_AUTO_CONTINUATIONS, momentumProblem, recoveryBackend, useTraining } from '../../src/state/training';
import type { ScheduleSpec } from '../../src/schedules';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import type { ScheduleEntry } from '../../src/state/studio';
import { SILENCE_LIMIT_MS } from '../../src/training/protocol';
import { FakeWorker } from './fakeWorker';
import type { RunCheckpoint } from '../../src/training/spec';
import type { RunState } from '../../src/training/trainer';

const entries: ScheduleEntry[] = [
  { id: 'a', name: 'StepLR', color: '#111111', visible: true, stepping: 'iteration', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 10 } } },
  { id: 'b', name: 'Cosine', color: '#222222', visible: true, stepping: 'iteration', spec: { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 100 } } },
];
const setup = { ...DEFAULT_TRAINING_SETUP, trainExamples: 640, batchSize: 32, epochs: 5 };

function checkpoint(step: number): RunCheckpoint {
  return {
    step,
    weights: { shapes: [[2]], values: Float32Array.from([step, 1]) },
    optimizer: { iterations: step, tensors: { shapes: [], values: new Float32Array(0) } },
    stepper: { calls: step, metrics: new Float64Array(0), state: null },
    firstLoss: 2.3,
  };
}

const run = (id: string) => useTraining.getState().runs.find((r) => r.id === id)!;

/** The worker reports `steps` updates of run `id` (attempt as the page knows it), with a checkpoint at the end. */
function progress(w: FakeWorker, id: string, from: number, steps: number, status: RunState['status'] = 'running', extra: Partial<RunState> = {}): void {
  const r = run(id);
  w.send({
    type: 'progress',
    batch: {
      chunks: [
        {
          runId: id,
          attempt: r.attempt,
          fromStep: from,
          loss: Float32Array.from({ length: steps }, (_, i) => 2 - (from + i) / 100),
          lr: new Float64Array(steps).fill(0.1),
          evals: [],
          computeMs: steps,
          checkpoint: checkpoint(from + steps),
        },
      ],
      states: [{ runId: id, attempt: r.attempt, status, step: from + steps, total: r.total, ...extra }],
    },
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
});

afterEach(() => {
  useTraining.getState().shutdown();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function startTwoRuns(backend: 'wasm' | 'webgl' = 'wasm'): FakeWorker {
  expect(useTraining.getState().train(entries, setup)).toBeNull();
  const main = FakeWorker.all.at(-1)!;
  main.send({ type: 'backend', backend, reason: '' });
  progress(main, 'a#0', 0, 40);
  progress(main, 'b#0', 0, 30);
  return main;
}

test('the policy: a dead worker is replaced on its own backend, a failed backend by the next one down', () => {
  const mlp = { backend: 'auto' as const, model: 'mlp' as const };
  expect(recoveryBackend('wasm', 'silent', mlp)).toBe('wasm');
  expect(recoveryBackend('webgl', 'crash', mlp)).toBe('webgl');
  expect(recoveryBackend('webgl', 'backend', mlp)).toBe('wasm');
  expect(recoveryBackend('webgl', 'backend', { ...mlp, model: 'cnn' })).toBe('cpu');
  expect(recoveryBackend('wasm', 'run', mlp)).toBe('cpu');
  expect(recoveryBackend('cpu', 'run', mlp)).toBe('cpu');
  expect(recoveryBackend(null, 'crash', { ...mlp, backend: 'webgl' })).toBe('webgl');
});

test('a worker that falls silent is taken for dead after the limit; all its runs go on from their checkpoints on a new worker, a paused one paused', () => {
  const main = startTwoRuns();
  // Run b is paused by the user.
  useTraining.getState().pause('b#0');
  expect(main.received.at(-1)).toEqual({ type: 'pause', runId: 'b#0' });
  progress(main, 'b#0', 30, 0, 'paused');
  // Heartbeats keep it alive, however long it trains.
  for (let i = 0; i < 2 * SILENCE_LIMIT_MS; i += 1000) {
    vi.advanceTimersByTime(1000);
    main.send({ type: 'alive' });
  }
  expect(FakeWorker.all).toHaveLength(1);
  expect(main.terminated).toBe(false);

  // Then nothing: closed, terminated or killed without an event.
  vi.advanceTimersByTime(SILENCE_LIMIT_MS - 2000);
  expect(main.terminated).toBe(false);
  vi.advanceTimersByTime(4000);
  expect(main.terminated).toBe(true);
  expect(FakeWorker.all).toHaveLength(2);
  const next = FakeWorker.all[1];
  expect(next.received[0]).toMatchObject({ type: 'init', backend: 'wasm' });
  const [start] = next.starts();
  expect(start.runs.map((p) => [p.id, p.resume?.step, p.paused ?? false])).toEqual([
    ['a#0', 40, false],
    ['b#0', 30, true],
  ]);
  const s = useTraining.getState();
  expect(s.workers.main.status).toBe('dead');
  expect(s.notice).toMatch(/^The training worker stopped responding \(no message for \d+ s\)\. 2 runs go on from their last checkpoints on a new WASM worker\.$/);
  const a = run('a#0');
  expect([a.status, a.step, a.count, a.continuedFrom, a.continuations]).toEqual(['queued', 40, 40, 40, 1]);
  expect(a.notice).toMatch(/stopped responding/);
  expect(a.attempt).toBe(start.runs[0].attempt);
  expect(run('b#0').status).toBe('paused');

  // The new worker's reports count; the dead one's would not (its attempt is stale).
  progress(next, 'a#0', 40, 10);
  expect(run('a#0').step).toBe(50);
  expect(Array.from(run('a#0').loss.subarray(38, 42))).toEqual([2 - 38 / 100, 2 - 39 / 100, 2 - 40 / 100, 2 - 41 / 100].map(Math.fround));
});

test('a worker that crashes again and again ends its runs failed after the bounded continuations, with the manual choice left', () => {
  startTwoRuns();
  for (let k = 1; k <= MAX_AUTO_CONTINUATIONS; k++) {
    FakeWorker.all.at(-1)!.crash(`boom ${k}`);
    expect(FakeWorker.all).toHaveLength(k + 1);
    expect(run('a#0').continuations).toBe(k);
    expect(run('a#0').status).toBe('queued');
    // Each continuation goes on from the same checkpoint: nothing newer came.
    expect(FakeWorker.all[k].starts()[0].runs[0].resume?.step).toBe(40);
  }
  FakeWorker.all.at(-1)!.crash('boom again');
  // No new worker: the runs are failed, with why, and the lab says so.
  expect(FakeWorker.all).toHaveLength(MAX_AUTO_CONTINUATIONS + 1);
  for (const id of ['a#0', 'b#0']) {
    expect(run(id).status).toBe('failed');
    expect(run(id).message).toMatch(/boom again; not continued again after 3 automatic continuations/);
  }
  expect(useTraining.getState().error).toMatch(/2 runs failed again after 3 automatic continuations/);
  // The user may still continue one by hand, on a backend of their choice, from its checkpoint.
  useTraining.getState().retry('a#0', 'cpu');
  const manual = FakeWorker.all.at(-1)!;
  expect(FakeWorker.all).toHaveLength(MAX_AUTO_CONTINUATIONS + 2);
  expect(manual.received[0]).toMatchObject({ type: 'init', backend: 'cpu' });
  expect(manual.starts()[0].runs[0].resume?.step).toBe(40);
  expect(run('a#0').status).toBe('queued');
});

test('a run that fails alone goes on on the next backend; the other run stays where it is; a schedule fault is not continued', () => {
  const main = startTwoRuns();
  progress(main, 'a#0', 40, 0, 'failed', { message: 'out of memory', fault: 'backend' });
  const next = FakeWorker.all.at(-1)!;
  expect(FakeWorker.all).toHaveLength(2);
  expect(main.terminated).toBe(false);
  expect(next.received[0]).toMatchObject({ type: 'init', backend: 'cpu' });
  expect(next.starts()[0].runs.map((p) => p.id)).toEqual(['a#0']);
  expect(run('a#0').worker).not.toBe('main');
  expect(run('b#0').worker).toBe('main');
  expect(run('b#0').status).toBe('running');
  expect(useTraining.getState().notice).toBe('StepLR failed (out of memory). It goes on from its last checkpoint on a new CPU worker.');

  progress(main, 'b#0', 30, 0, 'failed', { message: 'the schedule raised at update 30: ZeroDivisionError', fault: 'schedule' });
  expect(FakeWorker.all).toHaveLength(2);
  expect(run('b#0').status).toBe('failed');
  expect(run('b#0').fault).toBe('schedule');
});

test('a lost backend: the runs go on on the next backend, and the worker is let go', () => {
  const main = startTwoRuns('webgl');
  main.send({ type: 'fault', message: 'The WebGL context was lost.' });
  expect(main.terminated).toBe(true);
  const next = FakeWorker.all.at(-1)!;
  expect(next.received[0]).toMatchObject({ type: 'init', backend: 'wasm' });
  expect(next.starts()[0].runs.map((p) => [p.id, p.resume?.step])).toEqual([
    ['a#0', 40],
    ['b#0', 30],
  ]);
  expect(useTraining.getState().notice).toMatch(/^The backend failed \(The WebGL context was lost\.\)\. 2 runs go on/);
});

test('a stop or pause the dead worker never acted on is kept: the stopped run is not continued, the paused one goes on paused', () => {
  const main = startTwoRuns();
  // The worker is already gone (no answer): the user stops one run and pauses the other meanwhile.
  useTraining.getState().stop('a#0');
  useTraining.getState().pause('b#0');
  vi.advanceTimersByTime(SILENCE_LIMIT_MS + 2000);
  expect(main.terminated).toBe(true);
  expect(run('a#0').status).toBe('stopped');
  expect(run('a#0').message).toBe('stopped at update 40');
  const next = FakeWorker.all.at(-1)!;
  expect(next.starts()[0].runs.map((p) => [p.id, p.paused])).toEqual([['b#0', true]]);
  expect(run('b#0').status).toBe('paused');
  expect(useTraining.getState().notice).toMatch(/Its run goes on from its last checkpoint on a new WASM worker\.$/);
});

describe('momentumProblem: torch refuses cycle_momentum without a momentum or beta1', () => {
  const oneCycle: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 100 } };
  test('Adagrad with a schedule that cycles the momentum: torch’s message, before training', () => {
    expect(momentumProblem(oneCycle, 'adagrad')).toMatch(/^ValueError: optimizer must support momentum or beta1 with `cycle_momentum` option enabled/);
  });
  test('no problem with an optimizer that has one, with cycle_momentum=False, or with a schedule that leaves it', () => {
    for (const kind of ['sgd', 'momentum', 'rmsprop', 'adam'] as const) expect(momentumProblem(oneCycle, kind)).toBeNull();
    expect(momentumProblem({ ...oneCycle, params: { ...oneCycle.params, cycle_momentum: false } }, 'adagrad')).toBeNull();
    expect(momentumProblem({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } }, 'adagrad')).toBeNull();
  });
});
