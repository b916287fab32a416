/**
 * The lab's history against an in-memory backend (the real IndexedDB is exercised in
 * test/browser/lab-compare.test.ts), and the per-run optimizer reaching the worker plan.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useTraining } from '../../src/state/training';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import type { ScheduleEntry } from '../../src/state/studio';
import {
  comparisonName,
  MAX_SAVED,
  memoryBackend,
  resetHistoryForTests,
  startHistory,
  useHistory,
  type HistoryBackend,
  type SavedComparison,
} from '../../src/state/trainingHistory';
import { FakeWorker } from './fakeWorker';

const p = DEFAULT_TRAINING_SETUP.optimizerParams;
const entries: ScheduleEntry[] = [
  { id: 'a', name: 'SGD', color: '#111111', visible: true, stepping: 'iteration', spec: { scheduler: 'hf.constant', params: { lr: 0.01 } } },
  {
    id: 'b',
    name: 'Adam',
    color: '#222222',
    visible: true,
    stepping: 'iteration',
    spec: { scheduler: 'hf.constant', params: { lr: 0.01 } },
    run: { optimizer: 'adam', optimizerParams: { ...p, adam: { beta1: 0.5, beta2: 0.999, epsilon: 1e-7 } } },
    reported: 'notes: 0.98',
  },
];
const setup = { ...DEFAULT_TRAINING_SETUP, trainExamples: 64, batchSize: 32, epochs: 1 };

function finish(w: FakeWorker, id: string, steps = 2): void {
  const r = useTraining.getState().runs.find((x) => x.id === id)!;
  w.send({
    type: 'progress',
    batch: {
      chunks: [{ runId: id, attempt: r.attempt, fromStep: 0, loss: Float32Array.from({ length: steps }, () => 2), lr: new Float64Array(steps).fill(0.01), evals: [{ step: steps, loss: 1, accuracy: 0.5 }], computeMs: 1 }],
      states: [{ runId: id, attempt: r.attempt, status: 'done', step: steps, total: r.total, test: { loss: 1, accuracy: 0.5 } }],
    },
  });
}

/** Lets the backend's promises settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  resetHistoryForTests();
});

afterEach(() => {
  useTraining.getState().shutdown();
  useTraining.setState({ runs: [], comparison: null });
  vi.unstubAllGlobals();
});

test('each run goes to the worker with its own optimizer (else the setup\'s), and records it with what the source reported', () => {
  expect(useTraining.getState().train(entries, setup)).toBeNull();
  const start = FakeWorker.all.at(-1)!.starts()[0];
  expect(start.runs.map((r) => r.optimizer?.optimizer)).toEqual(['sgd', 'adam']);
  expect(start.runs[1].optimizer?.optimizerParams.adam.beta1).toBe(0.5);
  expect(useTraining.getState().runs.map((r) => r.reported)).toEqual([null, 'notes: 0.98']);
});

test('a finished comparison is saved once; one replaced midway is saved as it stood; rename, overlay and delete', async () => {
  const store = memoryBackend();
  await startHistory(store);
  useTraining.getState().train(entries, setup);
  const w = FakeWorker.all.at(-1)!;
  w.send({ type: 'backend', backend: 'cpu', reason: '' });
  finish(w, 'a#0');
  expect(useHistory.getState().items).toHaveLength(0);
  finish(w, 'b#0');
  await settle();
  let saved = await store.list();
  expect(saved).toHaveLength(1);
  expect(saved[0].name).toBe('SGD, Adam');
  expect(saved[0].runs.map((r) => [r.status, r.count, r.backend, r.optimizer.optimizer, r.checkpoint])).toEqual([
    ['done', 2, 'CPU', 'sgd', null],
    ['done', 2, 'CPU', 'adam', null],
  ]);

  // Train again: a comparison that never finishes is kept too, its runs as stopped where they were.
  useTraining.getState().train(entries, setup);
  const r = useTraining.getState().runs[0];
  w.send({ type: 'progress', batch: { chunks: [{ runId: r.id, attempt: r.attempt, fromStep: 0, loss: Float32Array.from([2]), lr: Float64Array.from([0.01]), evals: [], computeMs: 1 }], states: [{ runId: r.id, attempt: r.attempt, status: 'running', step: 1, total: 2 }] } });
  useTraining.getState().train(entries, setup);
  await settle();
  saved = await store.list();
  expect(saved).toHaveLength(2);
  const partial = saved.find((x) => x.id !== useHistory.getState().items[1].id)!;
  expect(partial.runs[0]).toMatchObject({ status: 'stopped', count: 1, message: 'not finished (saved at update 1)' });

  const first = useHistory.getState().items[1];
  await useHistory.getState().rename(first.id, '  optimizers, first try ');
  useHistory.getState().setOverlay(first.id);
  expect((await store.list()).find((x) => x.id === first.id)!.name).toBe('optimizers, first try');
  await useHistory.getState().remove(first.id);
  expect(useHistory.getState().overlayId).toBeNull();
  expect((await store.list()).map((x) => x.id)).not.toContain(first.id);
});

test('reopening is refused while runs are in progress, and then shows the saved runs read-only, not saved again', async () => {
  const store = memoryBackend();
  await startHistory(store);
  useTraining.getState().train(entries, setup);
  const w = FakeWorker.all.at(-1)!;
  finish(w, 'a#0');
  finish(w, 'b#0');
  await settle();
  const id = useHistory.getState().items[0].id;
  useTraining.getState().train(entries, setup);
  expect(useHistory.getState().reopen(id)).toMatch(/in progress/);
  useTraining.getState().stop();
  useTraining.setState({ runs: useTraining.getState().runs.map((r) => ({ ...r, status: 'stopped' as const })) });
  await settle();
  const before = (await store.list()).length;
  expect(useHistory.getState().reopen(id)).toBeNull();
  const shown = useTraining.getState();
  expect(shown.comparison!.savedId).toBe(id);
  expect(shown.runs.map((r) => [r.name, r.worker, r.count])).toEqual([
    ['SGD', 'saved', 2],
    ['Adam', 'saved', 2],
  ]);
  await settle();
  expect((await store.list()).length).toBe(before);
});

test(`at most ${MAX_SAVED} comparisons are kept, the oldest dropped`, async () => {
  const store = memoryBackend();
  const base = { comparison: { id: 1 } as SavedComparison['comparison'], runs: [] };
  for (let i = 0; i < MAX_SAVED + 3; i++) await store.put({ ...base, id: `h${i}`, name: `c${i}`, savedAt: i });
  await startHistory(store);
  const items = useHistory.getState().items;
  expect(items).toHaveLength(MAX_SAVED);
  expect(items[0].id).toBe(`h${MAX_SAVED + 2}`);
  expect((await store.list()).map((x) => x.id)).not.toContain('h0');
});

test('storage that fails (private mode) gives a message, never a crash, and the history lasts for the tab', async () => {
  const broken: HistoryBackend = {
    list: () => Promise.reject(new Error('The operation is insecure')),
    put: () => Promise.reject(new Error('no')),
    delete: () => Promise.reject(new Error('no')),
  };
  await startHistory(broken);
  expect(useHistory.getState().status).toBe('unavailable');
  expect(useHistory.getState().message).toMatch(/cannot be stored in this browser \(IndexedDB\): The operation is insecure\. Comparisons are kept only while this tab is open/);
  useTraining.getState().train(entries, setup);
  const w = FakeWorker.all.at(-1)!;
  finish(w, 'a#0');
  finish(w, 'b#0');
  await settle();
  expect(useHistory.getState().items).toHaveLength(1);
});

test('names say which schedules were compared', () => {
  const r = (entryId: string, name: string) => ({ entryId, name });
  expect(comparisonName([r('a', 'A'), r('a', 'A'), r('b', 'B')])).toBe('A, B');
  expect(comparisonName([r('a', 'A'), r('b', 'B'), r('c', 'C'), r('d', 'D'), r('e', 'E')])).toBe('A, B, C +2');
  expect(comparisonName([])).toBe('Comparison');
});
