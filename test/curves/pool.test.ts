/**
 * The curve-worker pool's liveness: a worker that dies without a word (closed, killed) leaves its
 * curve pending only until its silence gives it away; then a new worker computes the curve. A
 * worker that keeps dying ends with the curves computed on the main thread, not a loop.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ScheduleSpec } from '../../src/schedules';
import {
  computeResult,
  CURVE_SILENCE_LIMIT_MS,
  CurveWorkerPool,
  MAX_CURVE_RESTARTS,
  type CurveResult,
  type CurveSettings,
  type CurveWorkerMessage,
  type CurveWorkerResponse,
} from '../../src/curves';

const SETTINGS: CurveSettings = { totalSteps: 1000, stepsPerEpoch: 10, stepping: 'iteration' };
const step = (lr: number): ScheduleSpec => ({ scheduler: 'torch.StepLR', params: { lr, step_size: 100, gamma: 0.5 } });

/** A worker that answers pings and computes each request in a later task, until it is `dead`. */
class ScriptedWorker {
  onmessage: ((ev: { data: CurveWorkerResponse | { type: 'pong' } }) => void) | null = null;
  onerror: ((ev: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  received: (CurveWorkerMessage | { type: 'ping' })[] = [];
  terminated = false;
  constructor(
    public dead = false,
    private readonly finishes = true,
  ) {}
  postMessage(msg: CurveWorkerMessage | { type: 'ping' }): void {
    this.received.push(msg);
    if (this.dead || this.terminated) return;
    setTimeout(() => {
      if (msg.type === 'ping') this.onmessage?.({ data: { type: 'pong' } });
      else if (msg.type === 'curve' && this.finishes) {
        const r = computeResult(msg.spec, msg.settings);
        this.onmessage?.({ data: { type: 'curve', job: msg.job, settingsKey: r.settingsKey, curve: r.curve, stats: r.stats, ms: r.ms } });
      }
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function pool(make: (n: number) => ScriptedWorker) {
  const workers: ScriptedWorker[] = [];
  const p = new CurveWorkerPool({
    size: 1,
    create: () => {
      const w = make(workers.length);
      workers.push(w);
      return w as unknown as Worker;
    },
    fallback: computeResult,
  });
  return { p, workers };
}

test('a busy worker that answers its pings is never taken for dead, however long it computes', () => {
  // This one answers pings but never finishes its curve.
  const { p, workers } = pool(() => new ScriptedWorker(false, false));
  p.request('a', step(0.1), SETTINGS, () => {});
  vi.advanceTimersByTime(5 * CURVE_SILENCE_LIMIT_MS);
  expect(workers).toHaveLength(1);
  expect(workers[0].terminated).toBe(false);
  expect(workers[0].received.filter((m) => m.type === 'ping').length).toBeGreaterThan(10);
  p.dispose();
});

test('a worker that died silently: the pending curve is computed by a new worker once the silence gives it away', () => {
  // The first worker is dead from the start (closed before its first job); the next one works.
  const { p, workers } = pool((n) => new ScriptedWorker(n === 0));
  const got: CurveResult[] = [];
  p.request('a', step(0.1), SETTINGS, (r) => got.push(r));
  // A newer edit of the same entry goes to the worker that "computes" it: pending too.
  p.request('a', step(0.3), SETTINGS, (r) => got.push(r));
  vi.advanceTimersByTime(CURVE_SILENCE_LIMIT_MS - 1000);
  expect(got).toEqual([]);
  expect(workers).toHaveLength(1);
  vi.advanceTimersByTime(2000 + CURVE_SILENCE_LIMIT_MS / 10);
  expect(workers[0].terminated).toBe(true);
  expect(workers).toHaveLength(2);
  vi.advanceTimersByTime(10);
  // The newest edit's curve, once.
  expect(got.map((r) => r.curve.values[0])).toEqual([0.3]);
  expect(workers[1].received.filter((m) => m.type === 'curve')).toHaveLength(1);
  // The pool goes on with the new worker.
  p.request('a', step(0.5), SETTINGS, (r) => got.push(r));
  vi.advanceTimersByTime(10);
  expect(got.map((r) => r.curve.values[0])).toEqual([0.3, 0.5]);
  p.dispose();
});

test('workers that keep dying: after the bounded restarts the curve is computed on the main thread', () => {
  const { p, workers } = pool(() => new ScriptedWorker(true));
  const got: number[] = [];
  p.request('a', step(0.2), SETTINGS, (r) => got.push(r.curve.values[0]));
  vi.advanceTimersByTime((MAX_CURVE_RESTARTS + 2) * (CURVE_SILENCE_LIMIT_MS + 2000));
  expect(workers).toHaveLength(MAX_CURVE_RESTARTS + 1);
  expect(got).toEqual([0.2]);
  // From then on, on the main thread at once; no new worker.
  p.request('a', step(0.4), SETTINGS, (r) => got.push(r.curve.values[0]));
  expect(got).toEqual([0.2, 0.4]);
  expect(workers).toHaveLength(MAX_CURVE_RESTARTS + 1);
});

test('a worker that crashes with an error event is replaced at once and the curve still arrives from a worker', () => {
  const { p, workers } = pool(() => new ScriptedWorker());
  const got: number[] = [];
  p.request('a', step(0.7), SETTINGS, (r) => got.push(r.curve.values[0]));
  workers[0].dead = true;
  workers[0].onerror?.({ message: 'out of memory', preventDefault() {} });
  expect(workers[0].terminated).toBe(true);
  expect(workers).toHaveLength(2);
  vi.advanceTimersByTime(10);
  expect(got).toEqual([0.7]);
  p.dispose();
});
