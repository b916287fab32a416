import { describe, expect, test, vi } from 'vitest';
import { closedFormColumnsOf, evaluate, evaluateColumns, type ScheduleSpec } from '../../src/schedules';
import {
  computeCurve,
  computeResult,
  computeStats,
  CurveJobRunner,
  CurveManager,
  CurveWorkerPool,
  decimateColumns,
  decimateMinMax,
  previewInSlices,
  defaultPoolSize,
  expandEpochs,
  toPreview,
  type AsyncCurveEvaluator,
  type CurveResult,
  type CurveSettings,
  type CurveWorkerMessage,
  type CurveWorkerResponse,
  type PreviewView,
} from '../../src/curves';
import type { ScheduleEntry } from '../../src/state/studio';

const SETTINGS: CurveSettings = { totalSteps: 1000, stepsPerEpoch: 10, stepping: 'iteration' };

/** A studio entry: the manager takes it as a CurveEntry and ignores its name and colour. */
function entry(id: string, spec: ScheduleSpec, visible = true): ScheduleEntry {
  return { id, name: id, color: '#000', visible, spec, stepping: 'iteration' };
}

const step = (lr: number): ScheduleSpec => ({ scheduler: 'torch.StepLR', params: { lr, step_size: 100, gamma: 0.5 } });
const cosine = (lr: number): ScheduleSpec => ({ scheduler: 'torch.CosineAnnealingLR', params: { lr, T_max: 500 } });

/** A manager whose synchronous computations are counted per spec. */
function counting(opts: { evaluator?: () => AsyncCurveEvaluator | null; asyncThreshold?: number } = {}) {
  const calls: ScheduleSpec[] = [];
  const m = new CurveManager({
    ...opts,
    compute: (spec, settings) => {
      calls.push(spec);
      return computeResult(spec, settings);
    },
  });
  return { m, calls };
}

describe('computeCurve', () => {
  test('per-iteration stepping is the engine evaluate, at full resolution', () => {
    const c = computeCurve(step(0.1), SETTINGS);
    expect(c.error).toBeNull();
    expect(Array.from(c.values)).toEqual(Array.from(evaluate(step(0.1), 1000)));
  });

  test('epoch stepping holds each epoch value across its iterations', () => {
    const c = computeCurve(step(0.1), { totalSteps: 1005, stepsPerEpoch: 10, stepping: 'epoch' });
    const perEpoch = evaluate(step(0.1), 101);
    expect(c.values.length).toBe(1005);
    for (let i = 0; i < 1005; i++) expect(c.values[i]).toBe(perEpoch[Math.floor(i / 10)]);
    expect(Array.from(expandEpochs(Float64Array.from([1, 2]), 3, 5))).toEqual([1, 1, 1, 2, 2]);
  });

  test('a framework error keeps the partial curve and says where', () => {
    const spec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (3 - epoch)' } };
    const c = computeCurve(spec, { totalSteps: 100, stepsPerEpoch: 4, stepping: 'epoch' });
    expect(c.errorStep).toBe(12); // epoch 3, in steps
    expect(c.values.length).toBe(12);
    expect(c.error).toMatch(/ZeroDivisionError/);
  });

  test('invalid params and unknown schedulers give a message and no values, never a throw', () => {
    const bad = computeCurve({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: -3 } }, SETTINGS);
    expect(bad.values.length).toBe(0);
    expect(bad.error).toMatch(/step_size/);
    const unknown = computeCurve({ scheduler: 'nope.Nothing', params: {} }, SETTINGS);
    expect(unknown.error).toMatch(/unknown scheduler/);
  });
});

describe('computeStats', () => {
  test('initial, peak, final, mean, minimum, area and warmup of a warmup + decay', () => {
    const v = Float64Array.from([0, 0.05, 0.1, 0.1, 0.08, 0.02, 0]);
    const s = computeStats(v)!;
    expect(s).toMatchObject({ initial: 0, peak: 0.1, peakStep: 2, final: 0, min: 0, minStep: 0, warmup: 2, nonPositive: 2 });
    expect(s.auc).toBeCloseTo(0.35, 15);
    expect(s.mean).toBeCloseTo(0.05, 15);
  });

  test('mean and area of a curve whose sum overflows float64 stay finite (lr near 1e308)', () => {
    const big = evaluate({ scheduler: 'torch.ExponentialLR', params: { lr: 1e308, gamma: 0.999 } }, 1000);
    const s = computeStats(big)!;
    let mean = 0;
    for (let i = 0; i < big.length; i++) mean += big[i] / 1e308;
    mean = (mean / big.length) * 1e308;
    expect(Number.isFinite(s.mean)).toBe(true);
    expect(s.mean / mean).toBeCloseTo(1, 12);
    expect(s.auc).toBeNull();
    expect(s.aucLog10).toBeCloseTo(Math.log10(mean * 1e-300) + Math.log10(big.length) + 300, 10);
    // 100 steps at 1e307, then 100 at 1.5e307: the sum, 2.5e309, is past float64's range.
    const steps = computeStats(evaluate({ scheduler: 'torch.StepLR', params: { lr: 1e307, step_size: 100, gamma: 1.5 } }, 200))!;
    expect(steps.mean / 1.25e307).toBeCloseTo(1, 12);
    expect(steps.auc).toBeNull();
    expect(steps.aucLog10).toBeCloseTo(Math.log10(2.5) + 309, 12);
    // An ordinary curve keeps its exact sum.
    const small = computeStats(Float64Array.from([0.1, 0.2]))!;
    expect(small.auc).toBe(0.1 + 0.2);
    expect(small.aucLog10).toBe(Math.log10(0.1 + 0.2));
  });

  test('no warmup for a schedule starting at its peak; stable phase after warmup ends it', () => {
    expect(computeStats(evaluate(step(0.1), 1000))!.warmup).toBe(0);
    expect(computeStats(Float64Array.from([1, 2, 3, 3, 3, 2]))!.warmup).toBe(2);
    expect(computeStats(new Float64Array(0))).toBeNull();
  });
});

describe('CurveManager', () => {
  test('editing one schedule recomputes only that one', () => {
    const { m, calls } = counting();
    const a = entry('a', step(0.1));
    const b = entry('b', cosine(0.1));
    m.update([a, b], SETTINGS);
    expect(calls.length).toBe(2);
    const first = m.getSnapshot();
    // A new spec object for b only (what a slider does), a in the same object.
    const b2 = { ...b, spec: cosine(0.05) };
    m.update([a, b2], SETTINGS);
    expect(calls.length).toBe(3);
    expect(calls[2]).toBe(b2.spec);
    const second = m.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.results.get('a')).toBe(first.results.get('a'));
    expect(second.results.get('b')!.curve.values[0]).toBe(0.05);
    // Renaming, recolouring or reordering does not recompute anything.
    const renamed: ScheduleEntry = { ...b2, name: 'renamed', color: '#fff' };
    m.update([renamed, { ...a }], SETTINGS);
    expect(calls.length).toBe(3);
  });

  test('a settings change recomputes every visible schedule; hidden ones wait until shown', () => {
    const { m, calls } = counting();
    const a = entry('a', step(0.1));
    const h = entry('h', cosine(0.1), false);
    m.update([a, h], SETTINGS);
    expect(calls).toEqual([a.spec]);
    m.update([a, h], { ...SETTINGS, totalSteps: 2000 });
    expect(calls.length).toBe(2);
    expect(m.getSnapshot().results.get('a')!.curve.values.length).toBe(2000);
    m.update([a, { ...h, visible: true }], { ...SETTINGS, totalSteps: 2000 });
    expect(calls.length).toBe(3);
    // Same settings values in a new object: nothing to do.
    m.update([a, { ...h, visible: true }], { ...SETTINGS, totalSteps: 2000 });
    expect(calls.length).toBe(3);
  });

  test('schedules beyond the memory budget are not computed and say why; hiding one lets the next in', () => {
    const { m, calls } = counting({ asyncThreshold: 1e9 });
    const m2 = new CurveManager({ maxValues: 2500, compute: (spec, st) => (calls.push(spec), computeResult(spec, st)) });
    const list = [entry('a', step(0.1)), entry('b', step(0.2)), entry('c', step(0.3))];
    m2.update(list, SETTINGS);
    expect(calls.length).toBe(2);
    const c = m2.getSnapshot().results.get('c')!;
    expect(c.curve.values.length).toBe(0);
    expect(c.curve.error).toMatch(/^not computed: 3 schedules × 1,000 steps .*\(2 of them fit\)/);
    m2.update([{ ...list[0], visible: false }, list[1], list[2]], SETTINGS);
    expect(calls.length).toBe(3);
    expect(m2.getSnapshot().results.get('c')!.curve.error).toBeNull();
    expect(m2.getSnapshot().results.get('c')!.curve.values.length).toBe(1000);
    expect(m.getSnapshot().results.size).toBe(0);
  });

  test('removed schedules are dropped', () => {
    const { m } = counting();
    m.update([entry('a', step(0.1)), entry('b', step(0.2))], SETTINGS);
    m.update([entry('a', step(0.1))], SETTINGS);
    expect([...m.getSnapshot().results.keys()]).toEqual(['a']);
  });

  test('long horizons go to the async evaluator; the latest spec wins; a late older result never replaces a newer one', async () => {
    const requests: { key: string; spec: ScheduleSpec; settings: CurveSettings; done: (r: CurveResult) => void }[] = [];
    const fake: AsyncCurveEvaluator = {
      request: (key, spec, settings, done) => requests.push({ key, spec, settings, done }),
      cancel: () => {},
      dispose: () => {},
    };
    const { m, calls } = counting({ evaluator: () => fake, asyncThreshold: 500 });
    let notified = 0;
    m.subscribe(() => notified++);
    const a1 = entry('a', step(0.1));
    m.update([a1], SETTINGS);
    expect(calls.length).toBe(0);
    expect(requests.length).toBe(1);
    expect(m.getSnapshot().pending.has('a')).toBe(true);
    const idle = m.whenIdle();
    const a2 = { ...a1, spec: step(0.2) };
    const a3 = { ...a1, spec: step(0.3) };
    m.update([a2], SETTINGS);
    m.update([a3], SETTINGS);
    expect(requests.length).toBe(3);
    // The newest finishes first, then an older one arrives late.
    requests[2].done(computeResult(requests[2].spec, requests[2].settings));
    expect(m.getSnapshot().results.get('a')!.spec).toBe(a3.spec);
    expect(m.getSnapshot().pending.size).toBe(0);
    await idle;
    requests[0].done(computeResult(requests[0].spec, requests[0].settings));
    expect(m.getSnapshot().results.get('a')!.spec).toBe(a3.spec);
    expect(m.getSnapshot().results.get('a')!.curve.values[0]).toBe(0.3);
    expect(notified).toBeGreaterThanOrEqual(4);
  });

  test('an intermediate result is shown while the newest is still computing', () => {
    const requests: ((r: CurveResult) => void)[] = [];
    const specs: ScheduleSpec[] = [];
    const fake: AsyncCurveEvaluator = {
      request: (_k, spec, _s, done) => {
        requests.push(done);
        specs.push(spec);
      },
      cancel: () => {},
      dispose: () => {},
    };
    const m = new CurveManager({ evaluator: () => fake, asyncThreshold: 10 });
    m.update([entry('a', step(0.1))], SETTINGS);
    m.update([entry('a', step(0.2))], SETTINGS);
    requests[0](computeResult(specs[0], SETTINGS));
    const snap = m.getSnapshot();
    expect(snap.results.get('a')!.curve.values[0]).toBe(0.1);
    expect(snap.pending.has('a')).toBe(true);
  });

  test('slow schedulers measured on the main thread move to the worker below the step threshold', () => {
    const requests: string[] = [];
    const fake: AsyncCurveEvaluator = { request: (k) => requests.push(k), cancel: () => {}, dispose: () => {} };
    const m = new CurveManager({
      evaluator: () => fake,
      syncBudgetMs: 6,
      // Pretend each computation took 50 ms.
      compute: (spec, settings) => ({ ...computeResult(spec, settings), ms: 50 }),
    });
    const settings = { ...SETTINGS, totalSteps: 20_000 };
    m.update([entry('a', step(0.1))], settings);
    expect(requests.length).toBe(0);
    expect(m.offMainThread(step(0.2), settings)).toBe(true);
    m.update([entry('a', step(0.2))], settings);
    expect(requests).toEqual(['a']);
    // Other schedulers are not affected by torch.StepLR's cost.
    expect(m.offMainThread(cosine(0.1), settings)).toBe(false);
  });
  test('a slow first (cold) measurement is outweighed by the faster ones that follow: the curves come back to the main thread', () => {
    const requests: { key: string; done: (r: CurveResult) => void; spec: ScheduleSpec }[] = [];
    const fake: AsyncCurveEvaluator = {
      request: (key, spec, _s, done) => requests.push({ key, done, spec }),
      cancel: () => {},
      dispose: () => {},
    };
    const timings = [50, 0.5, 11];
    const m = new CurveManager({
      evaluator: () => fake,
      syncBudgetMs: 6,
      compute: (spec, settings) => ({ ...computeResult(spec, settings), ms: timings.shift() ?? 0.5 }),
    });
    const settings = { ...SETTINGS, totalSteps: 20_000 };
    m.update([entry('a', step(0.1))], settings); // 50 ms: the JIT had not compiled it yet
    expect(m.offMainThread(step(0.2), settings)).toBe(true);
    m.update([entry('a', step(0.2))], settings);
    expect(requests.map((r) => r.key)).toEqual(['a']);
    // The worker, warm, measured 0.5 ms: back on the main thread, where the curve is drawn in the same frame.
    requests[0].done({ ...computeResult(requests[0].spec, settings), ms: 0.5 });
    expect(m.offMainThread(step(0.3), settings)).toBe(false);
    m.update([entry('a', step(0.3))], settings); // 0.5 ms, on the main thread
    expect(requests.length).toBe(1);
    // One slow sample (a GC pause: 11 ms) moves the estimate halfway only, to 5.75 ms: still in budget.
    m.update([entry('a', step(0.4))], settings);
    expect(requests.length).toBe(1);
    expect(m.offMainThread(step(0.5), settings)).toBe(false);
  });
});

describe('drag previews on long horizons', () => {
  const VIEW: PreviewView = { s0: 0, s1: 1000, columns: 100, mode: 'all' };

  test('a preview is the exact per-column drawing of the full curve, without the values', () => {
    const full = computeResult(cosine(0.1), SETTINGS);
    const p = toPreview(full, VIEW);
    expect(p.curve.values.length).toBe(0);
    expect(p.preview!.length).toBe(1000);
    expect(p.stats).toEqual(full.stats);
    const d = decimateMinMax(full.curve.values, 0, 1000, 100);
    expect(Array.from(p.preview!.dec.y)).toEqual(Array.from(d.y));
    expect(Array.from(p.preview!.dec.x)).toEqual(Array.from(d.x));
  });

  test('rapid edits get previews for the chart view; the full curve follows once they stop', () => {
    vi.useFakeTimers();
    try {
      const asks: { spec: ScheduleSpec; preview: PreviewView | null | undefined; done: (r: CurveResult) => void }[] = [];
      const fake: AsyncCurveEvaluator = {
        request: (_k, spec, _s, done, preview) => asks.push({ spec, preview, done }),
        cancel: () => {},
        dispose: () => {},
      };
      // Drawings left to the evaluator (columnsBudget 0): how the worker's previews are asked for.
      const m = new CurveManager({ evaluator: () => fake, asyncThreshold: 10, burstMs: 300, quietMs: 150, columnsBudget: null });
      m.setView(VIEW);
      const specs = [0.1, 0.2, 0.3].map(cosine);
      m.update([entry('a', specs[0])], SETTINGS);
      expect(asks[0].preview).toBeNull(); // a first request is a full one
      vi.advanceTimersByTime(50);
      m.update([entry('a', specs[1])], SETTINGS);
      vi.advanceTimersByTime(50);
      m.update([entry('a', specs[2])], SETTINGS);
      expect(asks.map((a) => a.preview)).toEqual([null, VIEW, VIEW]);
      asks[2].done(toPreview(computeResult(specs[2], SETTINGS), VIEW));
      expect(m.getSnapshot().results.get('a')!.preview).toBeDefined();
      // Still pending: the full curve of the last spec is asked for once the drag stops.
      expect(m.getSnapshot().pending.has('a')).toBe(true);
      vi.advanceTimersByTime(149);
      expect(asks.length).toBe(3);
      vi.advanceTimersByTime(1);
      expect(asks.length).toBe(4);
      expect(asks[3].spec).toBe(specs[2]);
      expect(asks[3].preview).toBeNull();
      asks[3].done(computeResult(specs[2], SETTINGS));
      const r = m.getSnapshot().results.get('a')!;
      expect(r.preview).toBeUndefined();
      expect(r.curve.values.length).toBe(1000);
      expect(m.getSnapshot().pending.size).toBe(0);
      // A late preview of an older input never replaces it.
      asks[1].done(toPreview(computeResult(specs[1], SETTINGS), VIEW));
      expect(m.getSnapshot().results.get('a')).toBe(r);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('drawings from columns', () => {
  const LONG: CurveSettings = { totalSteps: 5_000_000, stepsPerEpoch: 1000, stepping: 'iteration' };
  const VIEW: PreviewView = { s0: 0, s1: 5_000_000, columns: 400, mode: 'all' };
  const cyclic = (lr: number): ScheduleSpec => ({ scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: lr, step_size_up: 2000 } });
  /** The budget in evaluations only (the app's also has milliseconds, which a loaded machine may spend). */
  const BUDGET = { evaluations: 40_000 };

  function fakeEvaluator() {
    const asks: { spec: ScheduleSpec; preview: PreviewView | null | undefined; done: (r: CurveResult) => void }[] = [];
    const cancels: string[] = [];
    const fake: AsyncCurveEvaluator = {
      request: (_k, spec, _s, done, preview) => asks.push({ spec, preview, done }),
      cancel: (k) => cancels.push(k),
      dispose: () => {},
    };
    return { fake, asks, cancels };
  }

  test('decimateColumns: each column drawn with its exact extent, first and last', () => {
    const spec = cyclic(0.1);
    const c = evaluateColumns(spec, 1_000_000, 300);
    const dec = decimateColumns(c, 300);
    for (let k = 0; k < 300; k++) {
      const a = Math.floor((k * 1_000_000) / 300);
      const b = Math.floor(((k + 1) * 1_000_000) / 300);
      const ys = Array.from(dec.y.subarray(0, dec.length)).filter((_, i) => dec.x[i] >= a && dec.x[i] < b);
      expect([k, Math.min(...ys), Math.max(...ys)]).toEqual([k, c.min[k], c.max[k]]);
      expect(ys[0]).toBe(c.first[k]);
      expect(ys[ys.length - 1]).toBe(c.last[k]);
    }
  });

  test('a long closed-form curve dragged: every input drawn at once from its columns, the full curve after the drag', () => {
    vi.useFakeTimers();
    try {
      const { fake, asks, cancels } = fakeEvaluator();
      const m = new CurveManager({ evaluator: () => fake, burstMs: 300, quietMs: 150, columnsBudget: BUDGET });
      m.setView(VIEW);
      const specs = [0.1, 0.2, 0.3].map(cyclic);
      m.update([entry('a', specs[0])], LONG);
      // A single edit: drawn now, and its full curve asked for at once.
      const first = m.getSnapshot().results.get('a')!;
      expect(first.spec).toBe(specs[0]);
      expect(first.preview).toBeDefined();
      expect(asks.map((a) => a.preview)).toEqual([null]);
      for (const spec of specs.slice(1)) {
        vi.advanceTimersByTime(16);
        m.update([entry('a', spec)], LONG);
        const r = m.getSnapshot().results.get('a')!;
        expect(r.spec).toBe(spec);
        const want = decimateColumns(evaluateColumns(spec, LONG.totalSteps, 400), 400);
        expect(Array.from(r.preview!.dec.y)).toEqual(Array.from(want.y));
        expect(m.getSnapshot().pending.has('a')).toBe(true);
      }
      // While dragging nothing goes to the worker, and the running full curve is cancelled.
      expect(asks.length).toBe(1);
      expect(cancels).toEqual(['a', 'a']);
      // The first input's full curve, late, does not replace the newer drawing.
      asks[0].done(computeResult(specs[0], LONG));
      expect(m.getSnapshot().results.get('a')!.spec).toBe(specs[2]);
      vi.advanceTimersByTime(150);
      expect(asks.length).toBe(2);
      expect(asks[1].spec).toBe(specs[2]);
      expect(asks[1].preview).toBeNull();
      asks[1].done(computeResult(specs[2], LONG));
      expect(m.getSnapshot().results.get('a')!.curve.values.length).toBe(LONG.totalSteps);
      expect(m.getSnapshot().pending.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  test("a replayed recursion (Paddle's CosineAnnealingDecay) is drawn at once from its draft; the exact curve replaces it, and a redraw at rest is exact", () => {
    vi.useFakeTimers();
    try {
      const { fake, asks } = fakeEvaluator();
      const m = new CurveManager({ evaluator: () => fake, burstMs: 300, quietMs: 150, columnsBudget: BUDGET });
      m.setView(VIEW);
      const paddle = (lr: number): ScheduleSpec => ({ scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: lr, T_max: 1_000_000 } });
      // Exact, the drawing replays 5M steps: past the budget of the main thread.
      expect(closedFormColumnsOf(paddle(0.1), LONG.totalSteps, 400, {}, { ...BUDGET })).toBeNull();
      m.update([entry('a', paddle(0.1))], LONG);
      vi.advanceTimersByTime(16);
      m.update([entry('a', paddle(0.2))], LONG);
      const r = m.getSnapshot().results.get('a')!;
      expect(r.spec).toEqual(paddle(0.2));
      const want = decimateColumns(evaluateColumns(paddle(0.2), LONG.totalSteps, 400, { draft: true }), 400);
      expect(Array.from(r.preview!.dec.y)).toEqual(Array.from(want.y));
      // Nothing but the first edit's full curve went to the worker; the drag's follows when it stops.
      expect(asks.map((a) => a.preview)).toEqual([null]);
      vi.advanceTimersByTime(150);
      expect(asks.map((a) => a.preview)).toEqual([null, null]);
      asks[1].done(computeResult(paddle(0.2), LONG));
      const full = m.getSnapshot().results.get('a')!;
      expect(full.preview).toBeUndefined();
      // The exact values (a plain loop: a deep equality over 5M values takes many seconds).
      const exact = evaluate(paddle(0.2), LONG.totalSteps);
      expect(full.curve.values.length).toBe(exact.length);
      expect(exact.findIndex((v, t) => !Object.is(v, full.curve.values[t]))).toBe(-1);
      // A zoom at rest: no draft (the exact replay is past the budget, so the full values are drawn).
      m.setView({ ...VIEW, s1: 2_000_000 });
      expect(m.getSnapshot().results.get('a')!.drawing).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  test('a single edit: its drawing, then its full curve replaces it', () => {
    const { fake, asks } = fakeEvaluator();
    const m = new CurveManager({ evaluator: () => fake, columnsBudget: BUDGET });
    m.setView(VIEW);
    m.update([entry('a', cyclic(0.1))], LONG);
    expect(m.getSnapshot().results.get('a')!.preview).toBeDefined();
    expect(m.getSnapshot().pending.has('a')).toBe(true);
    asks[0].done(computeResult(cyclic(0.1), LONG));
    const r = m.getSnapshot().results.get('a')!;
    expect(r.preview).toBeUndefined();
    expect(m.getSnapshot().pending.size).toBe(0);
  });

  test('drawings too costly for the main thread, or without a closed form, are the worker\'s', () => {
    vi.useFakeTimers();
    try {
      const { fake, asks } = fakeEvaluator();
      const m = new CurveManager({ evaluator: () => fake, columnsBudget: { evaluations: 100 } });
      m.setView(VIEW);
      m.update([entry('a', cyclic(0.1))], LONG);
      vi.advanceTimersByTime(16);
      m.update([entry('a', cyclic(0.2))], LONG);
      expect(asks.map((a) => a.preview)).toEqual([null, VIEW]);
      const lambda: ScheduleSpec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.99' } };
      const m2 = new CurveManager({ evaluator: () => fake, columnsBudget: BUDGET });
      m2.setView(VIEW);
      m2.update([entry('b', lambda)], LONG);
      expect(m2.getSnapshot().results.get('b')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  test('past the budget, a scheduler\'s drawings go to the worker for a second, then are tried here again', () => {
    const clock = vi.spyOn(performance, 'now').mockReturnValue(10_000);
    try {
      const { fake, asks } = fakeEvaluator();
      const m = new CurveManager({ evaluator: () => fake, columnsBudget: { evaluations: 5000 } });
      m.setView(VIEW);
      const slow = cyclic(0.1); // 2,500 turns: over 5,000 evaluations
      const fast: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 1_000_000 } };
      m.update([entry('a', slow)], LONG);
      expect(m.getSnapshot().results.get('a')).toBeUndefined();
      clock.mockReturnValue(10_500);
      m.update([entry('a', fast)], LONG);
      expect(m.getSnapshot().results.get('a')).toBeUndefined();
      clock.mockReturnValue(11_001);
      m.update([entry('a', { ...fast })], LONG);
      expect(m.getSnapshot().results.get('a')!.preview).toBeDefined();
      expect(asks.length).toBe(3);
    } finally {
      clock.mockRestore();
    }
  });

  test('a full long curve comes with its drawing from columns, for each view', () => {
    const { fake, asks } = fakeEvaluator();
    const m = new CurveManager({ evaluator: () => fake, columnsBudget: BUDGET });
    m.setView(VIEW);
    m.update([entry('a', cyclic(0.1))], LONG);
    asks[0].done(computeResult(cyclic(0.1), LONG));
    const r = m.getSnapshot().results.get('a')!;
    expect(r.curve.values.length).toBe(LONG.totalSteps);
    expect(r.preview).toBeUndefined();
    expect(m.getSnapshot().pending.size).toBe(0);
    expect(Array.from(r.drawing!.dec.y)).toEqual(Array.from(decimateColumns(evaluateColumns(cyclic(0.1), LONG.totalSteps, 400), 400).y));
    const zoom: PreviewView = { s0: 2_000_000, s1: 2_100_000, columns: 400, mode: 'all' };
    m.setView(zoom);
    const z = m.getSnapshot().results.get('a')!;
    expect(z.curve).toBe(r.curve);
    expect(z.drawing!.view).toBe(zoom);
  });

  test('a zoom while only a drawing is here draws the zoomed range from its columns', () => {
    const { fake } = fakeEvaluator();
    const m = new CurveManager({ evaluator: () => fake, columnsBudget: BUDGET });
    m.setView(VIEW);
    m.update([entry('a', cyclic(0.1))], LONG);
    const zoom: PreviewView = { s0: 1_000_000, s1: 1_010_000, columns: 400, mode: 'positive' };
    m.setView(zoom);
    const r = m.getSnapshot().results.get('a')!;
    expect(r.preview!.view).toBe(zoom);
    const want = decimateColumns(evaluateColumns(cyclic(0.1), LONG.totalSteps, 400, { from: 1_000_000, to: 1_010_000, positive: true }), 400, 'positive');
    expect(Array.from(r.preview!.dec.x)).toEqual(Array.from(want.x));
  });

  test('a curve over the memory budget is still drawn from its columns, and says what it lacks', () => {
    const { fake, asks } = fakeEvaluator();
    const m = new CurveManager({ evaluator: () => fake, columnsBudget: BUDGET, maxValues: 6_000_000 });
    m.update([entry('a', cyclic(0.1)), entry('b', cyclic(0.2))], LONG);
    // No view yet (first render): not drawn; the chart's view then draws it.
    expect(m.getSnapshot().results.get('b')!.preview).toBeUndefined();
    m.setView(VIEW);
    const b = m.getSnapshot().results.get('b')!;
    expect(b.curve.error).toMatch(/^drawn from its columns, not kept at full resolution .*2 schedules × 5,000,000 steps/);
    expect(Array.from(b.preview!.dec.y)).toEqual(Array.from(decimateColumns(evaluateColumns(cyclic(0.2), LONG.totalSteps, 400), 400).y));
    expect(m.getSnapshot().pending.has('b')).toBe(false);
    expect(asks.length).toBe(1); // only a's full curve
  });

  test('the worker\'s drawing: the columns of the view, stepped in slices where there is no closed form', () => {
    const lambda: ScheduleSpec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.5 + 0.4 * math.sin(e / 3000)' } };
    const settings: CurveSettings = { totalSteps: 300_000, stepsPerEpoch: 1000, stepping: 'iteration' };
    const view: PreviewView = { s0: 0, s1: 300_000, columns: 200, mode: 'all' };
    const g = previewInSlices(lambda, settings, view, 50_000);
    let s = g.next();
    let slices = 0;
    while (!s.done) {
      slices++;
      s = g.next();
    }
    expect(slices).toBeGreaterThanOrEqual(5);
    const want = decimateColumns(evaluateColumns(lambda, 300_000, 200), 200);
    expect(Array.from(s.value.preview!.dec.y)).toEqual(Array.from(want.y));
    expect(s.value.curve.values.length).toBe(0);
    expect(s.value.preview!.length).toBe(300_000);
  });
});

/**
 * A fake Worker running the real worker side (CurveJobRunner) asynchronously: messages cross in
 * tasks, and the runner gives its thread back between slices of 100 steps.
 */
class FakeWorker {
  onmessage: ((ev: MessageEvent<CurveWorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  received: CurveWorkerMessage[] = [];
  answers: CurveWorkerResponse[] = [];
  terminated = false;
  private runner = new CurveJobRunner({
    post: (msg) => {
      this.answers.push(msg);
      setTimeout(() => this.onmessage?.({ data: msg } as MessageEvent<CurveWorkerResponse>), 0);
    },
    giveBack: () => new Promise((resolve) => setTimeout(resolve, 0)),
    slice: 100,
  });
  constructor(private readonly fail = false) {}
  postMessage(msg: CurveWorkerMessage) {
    this.received.push(msg);
    setTimeout(() => {
      if (this.fail) this.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
      else this.runner.receive(msg);
    }, 0);
  }
  terminate() {
    this.terminated = true;
  }
}

function fakePool(size: number, workers: FakeWorker[]): CurveWorkerPool {
  return new CurveWorkerPool({
    size,
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    fallback: computeResult,
  });
}

const lrOf = (m: CurveWorkerMessage) => (m.type === 'curve' ? (m.spec.params as { lr: number }).lr : null);

describe('CurveWorkerPool', () => {
  test('leaves one core to the page: one worker on 2 cores, at most 4', () => {
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(3)).toBe(2);
    expect(defaultPoolSize(16)).toBe(4);
  });

  test('a drag: the worker computing an entry takes its newer requests; waiting ones keep only the newest', async () => {
    const workers: FakeWorker[] = [];
    const pool = fakePool(2, workers);
    const got: number[] = [];
    await new Promise<void>((resolve) => {
      for (const lr of [0.1, 0.2, 0.3, 0.4, 0.5]) {
        pool.request('a', step(lr), SETTINGS, (r) => {
          got.push(r.curve.values[0]);
          if (lr === 0.5) resolve();
        });
      }
    });
    // One worker (the second stays unborn), every request sent to it. The entry has no result yet,
    // so the running one finishes; of those waiting behind it only the newest is computed.
    expect(workers.length).toBe(1);
    expect(workers[0].received.map(lrOf)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(got).toEqual([0.1, 0.5]);
    expect(workers[0].answers.map((a) => a.type)).toEqual(['superseded', 'superseded', 'superseded', 'curve', 'curve']);
    pool.dispose();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  test('different entries run on idle workers at once; a waiting entry keeps only its newest request', async () => {
    const workers: FakeWorker[] = [];
    const pool = fakePool(2, workers);
    const got: Record<string, number[]> = { a: [], b: [], c: [] };
    await new Promise<void>((resolve) => {
      let left = 3;
      const ask = (key: string, lr: number) =>
        pool.request(key, step(lr), SETTINGS, (r) => {
          got[key].push(r.curve.values[0]);
          if (--left === 0) resolve();
        });
      ask('a', 0.1);
      ask('b', 0.2);
      ask('c', 0.3); // waits: both workers busy
      ask('c', 0.4); // replaces it in the queue
    });
    expect(workers.length).toBe(2);
    expect(got).toEqual({ a: [0.1], b: [0.2], c: [0.4] });
    const sent = workers.flatMap((w) => w.received.map(lrOf)).sort();
    expect(sent).toEqual([0.1, 0.2, 0.4]);
    pool.dispose();
  });

  test('cancel stops the computation in the worker, and the worker takes other work', async () => {
    const workers: FakeWorker[] = [];
    const pool = fakePool(1, workers);
    const got: string[] = [];
    await new Promise<void>((resolve) => {
      pool.request('gone', step(0.1), SETTINGS, () => got.push('gone'));
      pool.cancel('gone');
      pool.request('kept', step(0.2), SETTINGS, (r) => {
        got.push(`kept ${r.curve.values[0]}`);
        resolve();
      });
    });
    expect(got).toEqual(['kept 0.2']);
    expect(workers.length).toBe(1);
    expect(workers[0].received.map((m) => m.type)).toEqual(['curve', 'cancel', 'curve']);
    expect(workers[0].answers.map((a) => a.type)).toEqual(['superseded', 'curve']);
    pool.dispose();
  });

  test('a failing worker falls back to the main thread, and the result still arrives', async () => {
    const pool = new CurveWorkerPool({
      size: 1,
      create: () => new FakeWorker(true) as unknown as Worker,
      fallback: computeResult,
    });
    const r = await new Promise<CurveResult>((resolve) => pool.request('a', step(0.25), SETTINGS, resolve));
    expect(r.curve.values[0]).toBe(0.25);
    const r2 = await new Promise<CurveResult>((resolve) => pool.request('a', step(0.5), SETTINGS, resolve));
    expect(r2.curve.values[0]).toBe(0.5);
  });
});

describe('CurveJobRunner', () => {
  /** A runner whose slices advance only when the test says so, on the test's clock. */
  function manualRunner() {
    let clock = 0;
    const answers: CurveWorkerResponse[] = [];
    const gates: (() => void)[] = [];
    const runner = new CurveJobRunner({
      post: (msg) => answers.push(msg),
      giveBack: () => new Promise<void>((resolve) => gates.push(resolve)),
      slice: 100,
      now: () => clock,
    });
    const job = (n: number, lr: number): CurveWorkerMessage => ({ type: 'curve', job: n, key: 'a', spec: step(lr), settings: SETTINGS, preview: null });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    /** Lets the running job go on by `slices` slices. */
    const advance = async (slices: number) => {
      for (let i = 0; i < slices && gates.length > 0; i++) {
        gates.shift()!();
        await tick();
      }
    };
    /** Lets the jobs run until `count` answers have been sent. */
    const until = async (count: number) => {
      while (answers.length < count && gates.length > 0) {
        gates.shift()!();
        await tick();
      }
    };
    return { runner, answers, job, advance, until, setClock: (t: number) => (clock = t) };
  }

  test('a newer request stops the running job only within one computation of the last result, so a drag never starves', async () => {
    const { runner, answers, job, advance, until, setClock } = manualRunner();
    const types = () => answers.map((a) => `${a.job}:${a.type}`);
    // The first job of an entry runs to its end even when a newer one arrives.
    runner.receive(job(1, 0.1));
    await advance(2);
    runner.receive(job(2, 0.2));
    await until(1);
    expect(types()).toEqual(['1:curve']);
    const ms = (answers[0] as { ms: number }).ms;
    expect(ms).toBeGreaterThan(0);
    // Job 2 runs; a request within `ms` of job 1's result stops it at the next slice.
    await advance(2);
    setClock(ms / 2);
    runner.receive(job(3, 0.3));
    await until(2);
    expect(types()).toEqual(['1:curve', '2:superseded']);
    // Later than that, the running job (3) is let finish; the newest waits behind it.
    await advance(2);
    setClock(ms * 2);
    runner.receive(job(4, 0.4));
    await until(4);
    expect(types()).toEqual(['1:curve', '2:superseded', '3:curve', '4:curve']);
    // A cancel always stops the running job.
    runner.receive(job(5, 0.5));
    await advance(2);
    runner.receive({ type: 'cancel', key: 'a' });
    await until(5);
    expect(types().slice(4)).toEqual(['5:superseded']);
  });
});
