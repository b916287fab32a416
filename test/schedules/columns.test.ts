/**
 * evaluateColumns against evaluate: per column, the minimum, maximum, first and last of the
 * full-resolution values (bit for bit where the closed form is exact, within 1e-12 of the curve's
 * scale for a recursive PyTorch form), for every scheduler and random configurations, zoomed
 * ranges, cycles shorter than a column, errors; and the work the closed-form path does at 1e8 steps.
 */
import { describe, expect, test } from 'vitest';
import {
  closedFormColumnsOf,
  closedFormOf,
  evaluate,
  evaluateColumns,
  evaluateColumnsInSlices,
  schedulers,
  ScheduleColumnsError,
  ScheduleParamError,
  ScheduleStepError,
  validateSpec,
  type Columns,
  type ColumnsOptions,
  type ScheduleSpec,
} from '../../src/schedules';
import { DEFAULT_METRIC, metricValues } from '../../src/curves/metric';

const previewMetrics = (n: number) => metricValues(DEFAULT_METRIC, n);
import { randomSpecs, rng } from './random-specs';
import { benchSpec, evaluateOrPartial, sampleSpec, scaleOf } from './samples';

const N = 1500;


function same(actual: number, expected: number, exact: boolean, scale: number, what: string): void {
  if (exact) {
    if (!Object.is(actual, expected)) expect.fail(`${what}: ${actual} !== ${expected}`);
  } else if (Number.isNaN(actual) || Number.isNaN(expected)) {
    // A smallest positive value within the tolerance of 0 may be 0 (none) in the other computation.
    const other = Number.isNaN(actual) ? expected : actual;
    if (!(Object.is(actual, expected) || (what.endsWith('minPositive') && Math.abs(other) <= 1e-12 * scale))) {
      expect.fail(`${what}: ${actual} vs ${expected}`);
    }
  } else if (!(Math.abs(actual - expected) <= 1e-12 * scale)) {
    expect.fail(`${what}: ${actual} vs ${expected} (scale ${scale})`);
  }
}

/**
 * The columns computed from the values, the obvious way; `upTo` steps known (the columns from the
 * one holding `upTo` on are NaN, the one holding it covers the steps before it).
 */
function expectedColumns(v: Float64Array, from: number, to: number, columns: number, upTo: number) {
  const span = to - from;
  const out = { min: [] as number[], max: [] as number[], first: [] as number[], last: [] as number[], minPositive: [] as number[] };
  for (let c = 0; c < columns; c++) {
    const s = from + Math.floor((c * span) / columns);
    const e = Math.min(upTo, from + Math.floor(((c + 1) * span) / columns));
    let lo = Infinity;
    let hi = -Infinity;
    let pos = Infinity;
    for (let t = s; t < e; t++) {
      lo = Math.min(lo, v[t]);
      hi = Math.max(hi, v[t]);
      if (v[t] > 0) pos = Math.min(pos, v[t]);
    }
    const has = e > s;
    out.min.push(has ? lo : NaN);
    out.max.push(has ? hi : NaN);
    out.first.push(has ? v[s] : NaN);
    out.last.push(has ? v[e - 1] : NaN);
    out.minPositive.push(has && pos !== Infinity ? pos : NaN);
  }
  return out;
}

function compare(got: Columns, want: ReturnType<typeof expectedColumns>, exact: boolean, scale: number, what: string): void {
  const n = want.min.length;
  expect(got.min.length, what).toBe(n);
  for (let c = 0; c < n; c++) {
    same(got.min[c], want.min[c], exact, scale, `${what} column ${c} min`);
    same(got.max[c], want.max[c], exact, scale, `${what} column ${c} max`);
    same(got.first[c], want.first[c], exact, scale, `${what} column ${c} first`);
    same(got.last[c], want.last[c], exact, scale, `${what} column ${c} last`);
    if (got.minPositive) same(got.minPositive[c], want.minPositive[c], exact, scale, `${what} column ${c} minPositive`);
  }
}

/**
 * evaluateColumns over [from, to) with `columns`, against the reference values; where evaluate
 * raises at step k, a {@link ScheduleColumnsError} at k with the columns before it.
 */
function check(spec: ScheduleSpec, steps: number, columns: number, range: { from?: number; to?: number } = {}, opts: ColumnsOptions = {}): Columns | null {
  const { values: v, error } = evaluateOrPartial(spec, steps, opts);
  const form = closedFormOf(spec);
  const exact = form === null || form.exact;
  const from = range.from ?? 0;
  const to = range.to ?? steps;
  const what = `${JSON.stringify(spec)} steps ${steps} [${from}, ${to}) / ${columns}`;
  const scale = scaleOf(v);
  let got: Columns;
  try {
    got = evaluateColumns(spec, steps, columns, { ...opts, ...range, positive: true });
  } catch (e) {
    if (!(e instanceof ScheduleColumnsError)) throw e;
    expect(error, `${what}: evaluate does not raise, evaluateColumns does at ${e.step}`).toBe(e.step);
    compare(e.columns, expectedColumns(v, from, to, columns, e.step), exact, scale, what);
    const firstMissing = from + Math.floor((e.filled * (to - from)) / columns);
    expect(firstMissing >= e.step || e.filled === columns, `${what}: filled ${e.filled}`).toBe(true);
    return null;
  }
  if (error !== null && error < to) expect.fail(`${what}: evaluate raises at ${error}, evaluateColumns does not`);
  compare(got, expectedColumns(v, from, to, columns, to), exact, scale, what);
  return got;
}

const ids = schedulers.map((d) => d.id);

function specsOf(id: string): ScheduleSpec[] {
  return [sampleSpec(id), benchSpec(id, N), ...randomSpecs(id, 10, 0xc01 ^ (id.length * 7919), N), ...randomSpecs(id, 6, 0xc02, 60)].filter(
    (spec) => validateSpec(spec) === null,
  );
}

describe('evaluateColumns equals the envelope of evaluate', () => {
  test.each(ids)('%s: random configurations, column counts and zoomed ranges', (id) => {
    const r = rng(id.length * 15485863);
    let checked = 0;
    const metricDriven = schedulers.find((d) => d.id === id)?.metricDriven === true;
    const opts: ColumnsOptions = metricDriven ? { metrics: previewMetrics(N) } : {};
    for (const spec of specsOf(id)) {
      for (const columns of [1, 7, 64, 499, N]) check(spec, N, columns, {}, opts);
      for (let k = 0; k < 3; k++) {
        const a = Math.floor(r() * (N - 1));
        const b = a + 1 + Math.floor(r() * (N - a - 1));
        check(spec, N, 1 + Math.floor(r() * (b - a)), { from: a, to: b }, opts);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('cycles shorter than a column, restarts, staircases, warmups', () => {
  const steps = 200_000;
  const specs: ScheduleSpec[] = [
    { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 3, step_size_down: 4 } },
    { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 2, mode: 'triangular2' } },
    { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 7, T_mult: 1, eta_min: 0.001 } },
    { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 5, T_mult: 2 } },
    { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 9, eta_min: 0.01 } },
    { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.999 } },
    { scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 0.1, decay_steps: 5, decay_rate: 0.9999, staircase: true } },
    { scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 0.1, first_decay_steps: 11, t_mul: 1, m_mul: 1 } },
    { scheduler: 'hf.cosine_with_restarts', params: { lr: 0.1, num_warmup_steps: 1000, num_training_steps: steps, num_cycles: 5000 } },
    { scheduler: 'optax.sgdr_schedule', params: sampleSpec('optax.sgdr_schedule').params },
    { scheduler: 'paddle.CyclicLR', params: { base_learning_rate: 0.001, max_learning_rate: 0.1, step_size_up: 5 } },
    { scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 13, cycle_limit: 100000, warmup_t: 50, warmup_lr_init: 0.0001 } },
    { scheduler: 'paddle.LinearWarmup', params: { learning_rate: 0.1, warmup_steps: 777, start_lr: 0, end_lr: 0.1 } },
    // Staircases drawn as one monotone piece (gamma >= 0), or stair by stair where the sign flips.
    { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 2, gamma: 1.0001 } },
    { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: -0.9999 } },
    { scheduler: 'paddle.StepDecay', params: { learning_rate: 0.1, step_size: 3, gamma: 0.9999 } },
    { scheduler: 'paddle.StepDecay', params: { learning_rate: 0.1, step_size: 3, gamma: -0.9999 } },
    { scheduler: 'timm.StepLRScheduler', params: { lr: 0.1, decay_t: 3, decay_rate: 0.9999, warmup_t: 100, warmup_lr_init: 0.0001 } },
    { scheduler: 'timm.StepLRScheduler', params: { lr: 0.1, decay_t: 2.5, decay_rate: 0.9999 } },
    { scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.001, staircase: true } },
    { scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 0.1, decay_steps: 3, decay_rate: -0.0001, staircase: true } },
    { scheduler: 'optax.exponential_decay', params: { init_value: 0.1, transition_steps: 3, decay_rate: 0.9999, transition_begin: 50, staircase: true, end_value: 0.05 } },
    {
      scheduler: 'torch.ChainedScheduler',
      params: {
        lr: 0.1,
        schedulers: [
          { scheduler: 'torch.LinearLR', params: { start_factor: 0.01, total_iters: 5000 } },
          { scheduler: 'torch.StepLR', params: { step_size: 3, gamma: 0.9999 } },
        ],
      },
    },
  ].filter((s) => validateSpec(s) === null);

  test('the specs are valid', () => expect(specs.length).toBeGreaterThanOrEqual(23));

  test.each(specs.map((s) => [s.scheduler, s] as const))('%s', (_id, spec) => {
    for (const columns of [10, 333, 2000]) check(spec, steps, columns);
    check(spec, steps, 100, { from: 12_345, to: 98_765 });
  });
});

describe('the stepping fallback', () => {
  const lambda: ScheduleSpec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.5 + 0.4 * math.sin(e / 37)' } };
  const multiplicative: ScheduleSpec = { scheduler: 'torch.MultiplicativeLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.9999' } };
  const plateau: ScheduleSpec = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 3 } };

  test('user lambdas and recursive schedules step, in chunks, with the same envelope', () => {
    for (const spec of [lambda, multiplicative]) {
      const got = check(spec, 300_000, 777);
      expect(got?.method).toBe('stepping');
      check(spec, 300_000, 50, { from: 100_001, to: 250_000 });
    }
  });

  test('metric-driven schedules read their metrics', () => {
    const metrics = previewMetrics(200_000);
    const got = check(plateau, 200_000, 300, {}, { metrics });
    expect(got?.method).toBe('stepping');
    expect(() => evaluateColumns(plateau, 1000, 10)).toThrow(ScheduleParamError);
  });

  test('the sliced form yields between chunks and returns the same columns', () => {
    const g = evaluateColumnsInSlices(lambda, 300_000, 100);
    let yields = 0;
    let s = g.next();
    while (!s.done) {
      yields++;
      s = g.next();
    }
    expect(yields).toBeGreaterThan(2);
    const direct = evaluateColumns(lambda, 300_000, 100);
    expect(Array.from(s.value.max)).toEqual(Array.from(direct.max));
  });

  test('past MAX_STEPS without a closed form: a typed error', () => {
    expect(() => evaluateColumns(lambda, 1e9, 1000)).toThrow(ScheduleParamError);
    expect(closedFormColumnsOf(lambda, 1e9, 1000)).toBeNull();
  });
});

describe('errors', () => {
  test('a framework error at step k: the columns before it, in both paths', () => {
    // OneCycleLR raises once stepped past total_steps; a lambda dividing by zero at step 500.
    const oneCycle: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 1234 } };
    const zeroDiv: ScheduleSpec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 1 / (e - 500)' } };
    for (const spec of [oneCycle, zeroDiv]) {
      for (const columns of [1, 10, 37, 1000]) {
        expect(check(spec, 2000, columns), JSON.stringify(spec)).toBeNull();
      }
      const e = (() => {
        try {
          evaluateColumns(spec, 2000, 20);
        } catch (err) {
          return err as ScheduleColumnsError;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(ScheduleColumnsError);
      expect(e).toBeInstanceOf(ScheduleStepError);
    }
  });

  test('past MAX_STEPS, a closed form that raises: the failing column is scanned to its step', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 50_000_000 } };
    try {
      evaluateColumns(spec, 100_000_000, 1000);
      expect.fail('no error');
    } catch (e) {
      if (!(e instanceof ScheduleColumnsError)) throw e;
      expect(e.step).toBe(50_000_001);
      expect(e.filled).toBe(501);
      expect(Number.isNaN(e.columns.max[501])).toBe(true);
      const form = closedFormOf(spec)!;
      expect(e.columns.last[500]).toBe(form.at(50_000_000));
    }
  });
});

describe('cost of the closed-form path', () => {
  test('1e8 steps: evaluations independent of steps, a few per column and breakpoint', () => {
    const cases: [ScheduleSpec, number][] = [
      [{ scheduler: 'hf.cosine', params: { lr: 0.1, num_warmup_steps: 1_000_000, num_training_steps: 1e8 } }, 0],
      [{ scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 2000 } }, 1e8 / 2000],
      [{ scheduler: 'hf.warmup_stable_decay', params: { lr: 0.1, num_warmup_steps: 1000, num_training_steps: 1e8, num_stable_steps: 9e7, num_decay_steps: 9_999_000 } }, 0],
    ];
    for (const [spec, turns] of cases) {
      expect(validateSpec(spec), JSON.stringify(spec)).toBeNull();
      const c = evaluateColumns(spec, 1e8, 1000, { positive: true });
      expect(c.method).toBe('closedForm');
      // Two ends per monotone piece (a column is cut at its breakpoints), first and last, and a
      // bisection (log2 of a column's steps) where a piece falls to 0 (minPositive).
      expect(c.evaluations, JSON.stringify(spec)).toBeLessThanOrEqual(4 * 1000 + 2 * turns + 64);
      expect(c.max.every((v) => v > 0 && v <= 0.1)).toBe(true);
      // The same at 1e9: the work depends on the columns and breakpoints, not the steps.
      if (turns === 0) expect(evaluateColumns(spec, 1e9, 1000).evaluations).toBeLessThanOrEqual(4 * 1000 + 64);
    }
  });

  test('a monotone staircase is one piece: its cost does not grow with its stairs', () => {
    const stairs: ScheduleSpec[] = [
      { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30, gamma: 0.9999 } },
      { scheduler: 'paddle.StepDecay', params: { learning_rate: 0.1, step_size: 30, gamma: 0.9999 } },
      { scheduler: 'timm.StepLRScheduler', params: { lr: 0.1, decay_t: 30, decay_rate: 0.9999, warmup_t: 1000, warmup_lr_init: 0.0001 } },
      { scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 0.1, decay_steps: 30, decay_rate: 0.9999, staircase: true } },
      { scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 0.1, decay_steps: 30, decay_rate: 0.001, staircase: true } },
      { scheduler: 'optax.exponential_decay', params: { init_value: 0.1, transition_steps: 30, decay_rate: 0.9999, staircase: true } },
    ];
    for (const spec of stairs) {
      expect(validateSpec(spec), JSON.stringify(spec)).toBeNull();
      const c = evaluateColumns(spec, 1e8, 1000);
      expect(c.method).toBe('closedForm');
      // 3.3M stairs at 1e8 steps: first, last and the two ends of one piece (two at the warmup end).
      expect(c.evaluations, JSON.stringify(spec)).toBeLessThanOrEqual(4 * 1000 + 4);
      check(spec, 100_000, 10);
    }
  });

  test('a cycle much shorter than a column, without an exact period, costs its breakpoints, without building long lists', () => {
    // CyclicLR's `1 + t / total_size - cycle` rounds differently in each cycle: no period is claimed.
    const spec: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 5 } };
    const c = evaluateColumns(spec, 10_000_000, 100);
    // Two turns per 10 steps: 2M pieces, two ends each, and the ends of the halves a column with
    // too many breakpoints is split into (one per 32 to 64 pieces).
    expect(c.evaluations).toBeLessThanOrEqual(4.2 * 1_000_000);
    check(spec, 100_000, 10);
    // With an exact period (SGDR, T_mult 1), one period's breakpoints serve every column.
    const sgdr: ScheduleSpec = { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 10 } };
    expect(evaluateColumns(sgdr, 10_000_000, 100).evaluations).toBeLessThanOrEqual(4 * 100 + 40);
    check(sgdr, 100_000, 10);
  });

  test('a budget: closedFormColumnsOf gives up past maxEvaluations', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 10 } };
    expect(closedFormColumnsOf(spec, 10_000_000, 100, {}, { evaluations: 10_000 })).toBeNull();
    expect(closedFormColumnsOf(spec, 10_000_000, 100, { from: 0, to: 50_000 }, { evaluations: 20_000 })?.method).toBe('closedForm');
  });

  test('a budget counts the steps a recursion replays, not time: the same input always gets the same answer', () => {
    // Paddle's CosineAnnealingDecay under step() is exact by replaying its recursion: a drawing of
    // 1M steps replays them all, few evaluations as it has.
    const spec: ScheduleSpec = { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 1000 } };
    const budget = { evaluations: 40_000, spent: false };
    expect(closedFormColumnsOf(spec, 1_000_000, 100, {}, budget)).toBeNull();
    expect(budget.spent).toBe(true);
    // Within the budget where the range replays less: 5k steps.
    const small = { evaluations: 40_000, spent: false };
    const c = closedFormColumnsOf(spec, 1_000_000, 100, { from: 0, to: 5_000 }, small);
    expect(c?.method).toBe('closedForm');
    expect(small.spent).toBe(false);
    // A closed form's drawing at 10M steps fits the same budget on every call.
    const cyc: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 20_000 } };
    for (let i = 0; i < 5; i++) expect(closedFormColumnsOf(cyc, 10_000_000, 2000, {}, { evaluations: 40_000 })?.method).toBe('closedForm');
  });
});

describe('drafts of replayed recursions (ColumnsOptions.draft): what a drag draws', () => {
  /** The columns of the draft against the envelope of the exact values, within 1e-8 of their scale. */
  function checkDraft(spec: ScheduleSpec, steps: number, columns: number): Columns {
    const v = evaluate(spec, steps);
    const scale = scaleOf(v);
    const got = evaluateColumns(spec, steps, columns, { draft: true });
    const want = expectedColumns(v, 0, steps, columns, steps);
    for (let c = 0; c < columns; c++) {
      for (const k of ['min', 'max', 'first', 'last'] as const) {
        if (!(Math.abs(got[k][c] - want[k][c]) <= 1e-8 * scale)) expect.fail(`${JSON.stringify(spec)} ${steps} column ${c} ${k}: ${got[k][c]} vs ${want[k][c]}`);
      }
    }
    return got;
  }
  const drafted = ids.filter((id) => specsOf(id).some((spec) => closedFormOf(spec)?.draft));

  test("Paddle's recursions have one: CosineAnnealingDecay, LinearLR, PaddleOCR's Cosine and TwoStepCosine", () => {
    expect(drafted).toEqual(expect.arrayContaining(['paddle.CosineAnnealingDecay', 'paddle.LinearLR', 'paddleocr.Cosine', 'paddleocr.TwoStepCosine']));
  });

  test.each(drafted)('%s: random configurations, within 1e-8 of the scale of the exact envelope', (id) => {
    for (const spec of specsOf(id).filter((s) => closedFormOf(s)?.draft)) for (const columns of [1, 64, 499]) checkDraft(spec, N, columns);
  });

  test('2M steps over many periods: still within 1e-8; at 1e9 steps the cost is that of the columns and turns', () => {
    const cos: ScheduleSpec = { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 70_001, eta_min: 0.001 } };
    const lin: ScheduleSpec = { scheduler: 'paddle.LinearLR', params: { learning_rate: 0.1, total_steps: 1_500_000, start_factor: 0.01 } };
    for (const spec of [cos, lin]) {
      expect(checkDraft(spec, 2_000_000, 1000).method).toBe('closedForm');
    }
    // TwoStepCosine past 200 epochs: 0 after T1 until its restart at T2 + 1, the T2 cosine after.
    const two: ScheduleSpec = { scheduler: 'paddleocr.TwoStepCosine', params: { learning_rate: 0.1, step_each_epoch: 100, epochs: 250 } };
    const drawn = checkDraft(two, 80_000, 400);
    expect(drawn.max[399]).toBeGreaterThan(0.001);
    expect(drawn.max[110]).toBe(0); // steps 22,000-22,200: past T1 = 20,000, before the restart at 25,001
    // O(columns + turns): at 1e9 steps as at 1e4, for a horizon with few turns.
    const long: ScheduleSpec[] = [
      { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 300_000_000 } },
      { scheduler: 'paddle.LinearLR', params: { learning_rate: 0.1, total_steps: 900_000_000, start_factor: 0.01 } },
    ];
    for (const spec of long) {
      expect(evaluateColumns(spec, 1e9, 1000, { draft: true }).evaluations).toBeLessThan(4100);
      // Without the option, the exact replay: the cost grows with the steps (budgeted by the chart).
      expect(closedFormColumnsOf(spec, 1e8, 1000, {}, { evaluations: 1e6 })).toBeNull();
    }
  });

  test('only where asked: the default is the exact recursion, bit for bit', () => {
    const spec: ScheduleSpec = { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 300 } };
    const exact = evaluateColumns(spec, 20_000, 100);
    const draft = evaluateColumns(spec, 20_000, 100, { draft: true });
    compare(exact, expectedColumns(evaluate(spec, 20_000), 0, 20_000, 100, 20_000), true, 1, 'exact');
    // The draft drifts by rounding: somewhere it differs in the last bits.
    expect([...draft.max].some((x, c) => x !== exact.max[c]) || [...draft.min].some((x, c) => x !== exact.min[c])).toBe(true);
  });
});

describe('a cycle shorter than a column: its exact bounds from one period (ClosedForm.period)', () => {
  const r = rng(0x9e71);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  /** Random exactly periodic configurations: periods of 2 to 50 steps, warmups, cycle limits. */
  const periodicSpecs = (): ScheduleSpec[] => {
    const out: ScheduleSpec[] = [];
    for (let i = 0; i < 4; i++) {
      const lr = 0.01 + r() * 0.5;
      out.push({ scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr, T_0: int(2, 50), eta_min: r() < 0.5 ? 0 : lr * r() * 0.1 } });
      out.push({ scheduler: 'paddle.CosineAnnealingWarmRestarts', params: { learning_rate: lr, T_0: int(2, 50), eta_min: r() < 0.5 ? 0 : lr * r() * 0.1 } });
      for (const id of ['timm.CosineLRScheduler', 'timm.TanhLRScheduler', 'timm.PolyLRScheduler']) {
        const t = int(2, 50);
        out.push({
          scheduler: id,
          params: { lr, t_initial: t, lr_min: lr * r() * 0.1, cycle_limit: r() < 0.7 ? 10 ** 9 : int(2, 5000000), warmup_t: r() < 0.5 ? 0 : int(1, 300), warmup_lr_init: 1e-5, warmup_prefix: r() < 0.5 },
        });
      }
    }
    return out.filter((spec) => validateSpec(spec) === null);
  };
  const specs = periodicSpecs();

  test('the forms claim their period, and it holds bit for bit', () => {
    expect(specs.length).toBeGreaterThanOrEqual(16);
    for (const spec of specs) {
      const form = closedFormOf(spec)!;
      const p = form.period!;
      expect(p, JSON.stringify(spec)).toBeDefined();
      for (let j = 0; j < 200; j++) {
        const t = p.start + Math.floor(r() * Math.min(p.end - p.start - p.length, 1e9));
        expect(Object.is(form.at(t + p.length), form.at(t)), `${JSON.stringify(spec)} at ${t}`).toBe(true);
      }
    }
    // Not claimed where the floats differ from cycle to cycle or the cycles differ.
    const none: ScheduleSpec[] = [
      { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 7 } },
      { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 10, T_mult: 2 } },
      { scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 10, cycle_limit: 100, cycle_decay: 0.5 } },
      { scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 10, cycle_limit: 100, noise_range_t: 5 } },
    ];
    for (const spec of none) expect(closedFormOf(spec)!.period, JSON.stringify(spec)).toBeUndefined();
  });

  test('10M steps: every column equal to the envelope of evaluate', () => {
    for (const spec of specs.filter((_, i) => i % 5 === 0).slice(0, 3)) check(spec, 10_000_000, int(100, 2000));
  });

  test('1e7 to 1e9 steps: sampled columns bit for bit (evaluate where affordable, else the exact form step by step); cost independent of steps', () => {
    specs.forEach((spec, i) => {
      const form = closedFormOf(spec)!;
      expect(form.exact).toBe(true);
      const L = form.period!.length;
      const columns = int(1000, 2000);
      const head = evaluate(spec, 1_000_000);
      const counts: number[] = [];
      for (const steps of [1e7, int(2e7, 1e9), 1e9]) {
        const c = evaluateColumns(spec, steps, columns, { positive: true });
        expect(c.method).toBe('closedForm');
        counts.push(c.evaluations);
        // Where evaluate is affordable, the columns inside its first 1e6 steps; and (for every other
        // spec, the cost of a check) two later columns step by step.
        const sampled = i % 2 === 0 ? [0, 1, 2, int(3, columns - 1), columns - 1] : [0, 1, 2];
        for (const k of sampled) {
          const s = Math.floor((k * steps) / columns);
          const e = Math.floor(((k + 1) * steps) / columns);
          const v = e <= head.length ? head.subarray(s, e) : Float64Array.from({ length: e - s }, (_, j) => form.at(s + j));
          let lo = Infinity;
          let hi = -Infinity;
          let pos = Infinity;
          for (const x of v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            if (x > 0) pos = Math.min(pos, x);
          }
          const what = `${JSON.stringify(spec)} steps ${steps} column ${k}/${columns}`;
          same(c.min[k], lo, true, 1, `${what} min`);
          same(c.max[k], hi, true, 1, `${what} max`);
          same(c.first[k], v[0], true, 1, `${what} first`);
          same(c.last[k], v[v.length - 1], true, 1, `${what} last`);
          same(c.minPositive![k], pos === Infinity ? NaN : pos, true, 1, `${what} minPositive`);
        }
      }
      // A few evaluations per column and per step of one period and of the warmup: the same at 1e7 and 1e9 steps.
      const w = Number((spec.params as Record<string, unknown>).warmup_t ?? 0);
      for (const n of counts) expect(n, JSON.stringify(spec)).toBeLessThanOrEqual(6 * columns + 4 * L + 4 * w + 4 * 60);
    });
  });
});

describe('arguments', () => {
  const spec: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } };
  test('every column covers at least one step', () => {
    expect(() => evaluateColumns(spec, 10, 11)).toThrow(ScheduleParamError);
    expect(() => evaluateColumns(spec, 10, 0)).toThrow(ScheduleParamError);
    expect(() => evaluateColumns(spec, 0, 1)).toThrow(ScheduleParamError);
    expect(() => evaluateColumns(spec, 10, 3, { from: 5, to: 5 })).toThrow(ScheduleParamError);
    expect(() => evaluateColumns(spec, 10, 3, { from: 2, to: 11 })).toThrow(ScheduleParamError);
    const one = evaluateColumns(spec, 10, 10);
    expect(Array.from(one.first)).toEqual(Array.from(evaluate(spec, 10)));
  });
  test('invalid params: the engine error', () => {
    expect(() => evaluateColumns({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: -1 } }, 10, 2)).toThrow(ScheduleParamError);
  });
  test('values <= 0: minPositive is the smallest positive value, NaN where there is none', () => {
    const specs: ScheduleSpec[] = [
      { scheduler: 'optax.linear_schedule', params: { init_value: 0.1, end_value: -0.1, transition_steps: 1001 } },
      { scheduler: 'optax.linear_schedule', params: { init_value: -0.1, end_value: 0.1, transition_steps: 999 } },
      { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: math.cos(e / 50)' } },
    ].filter((s) => validateSpec(s) === null);
    expect(specs.length).toBe(3);
    for (const s of specs) for (const columns of [1, 3, 17, 400]) check(s, 2000, columns);
  });
});
