/**
 * The batch form `Stepper.fill` (what `evaluate` runs) against the canonical loop it stands for:
 * `lr()` then `step(metric)` once per update, on a stepper built from the same spec. Values must be
 * identical bit for bit, errors must surface at the same step with the same partial values, and a
 * fill split into chunks must resume exactly where the previous one stopped.
 */
import { describe, expect, test } from 'vitest';
import {
  createStepper,
  evaluate,
  evaluateInSlices,
  getDefinition,
  schedulers,
  ScheduleStepError,
  type ScheduleSpec,
} from '../../src/schedules';
import { benchSpec, sampleSpec } from './samples';

type Outcome = { values: Float64Array } | { step: number; message: string; partial: Float64Array };

function metricsFor(n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = 1 + Math.sin(i / 7) * 0.1 + 30 / (i + 3);
  return m;
}

/** The canonical loop, without `fill`, with evaluate's error reporting. */
function canonical(spec: ScheduleSpec, n: number, metrics?: Float64Array): Outcome {
  const s = createStepper(spec);
  const out = new Float64Array(n);
  let i = 0;
  try {
    for (; i < n; i++) {
      out[i] = s.lr();
      s.step(metrics?.[i]);
    }
  } catch (e) {
    return { step: i, message: (e as Error).message, partial: out.slice(0, i) };
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(out[j])) return { step: j, message: 'not finite', partial: out.slice(0, j) };
  }
  return { values: out };
}

function viaEvaluate(spec: ScheduleSpec, n: number, metrics?: Float64Array, slice?: number): Outcome {
  try {
    if (slice === undefined) return { values: evaluate(spec, n, metrics ? { metrics } : {}) };
    // The curve worker's way: slices with the thread given back in between.
    const slices = evaluateInSlices(spec, n, metrics ? { metrics } : {}, slice);
    const yielded: number[] = [];
    for (;;) {
      const r = slices.next();
      if (r.done) {
        expect(yielded).toEqual(Array.from({ length: Math.ceil(n / slice) - 1 }, (_, k) => (k + 1) * slice));
        return { values: r.value };
      }
      yielded.push(r.value);
    }
  } catch (e) {
    if (!(e instanceof ScheduleStepError)) throw e;
    return { step: e.step, message: e.message, partial: e.partial };
  }
}

/** fill in chunks of the given sizes, then the canonical loop for the rest (no error expected). */
function chunked(spec: ScheduleSpec, n: number, sizes: number[], metrics?: Float64Array): Float64Array {
  const s = createStepper(spec);
  const out = new Float64Array(n);
  let i = 0;
  for (const size of sizes) {
    const to = Math.min(n, i + size);
    i = s.fill ? s.fill(out, i, to, metrics) : i;
    if (i < to) break;
  }
  for (; i < n; i++) {
    out[i] = s.lr();
    s.step(metrics?.[i]);
  }
  return out;
}

/** Same values bit for bit (NaN payloads aside), reported at the first differing index. */
function expectSame(actual: Float64Array, expected: Float64Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect([i, actual[i]], label).toEqual([i, expected[i]]);
  }
}

function expectSameOutcome(spec: ScheduleSpec, n: number): void {
  const metrics = getDefinition(spec.scheduler)?.metricDriven ? metricsFor(n) : undefined;
  const want = canonical(spec, n, metrics);
  const label = JSON.stringify(spec);
  for (const slice of [undefined, 7, 256]) expectOutcome(viaEvaluate(spec, n, metrics, slice), want, `${label} slice ${slice ?? 'none'}`);
  if ('values' in want) expectSame(chunked(spec, n, [1, 2, 3, 5, 8, 13, 97, 300, 1000], metrics), want.values, `${label} in chunks`);
}

function expectOutcome(got: Outcome, want: Outcome, label: string): void {
  if ('values' in want) {
    expect('values' in got ? 'values' : (got as { message: string }).message, label).toBe('values');
    expectSame((got as { values: Float64Array }).values, want.values, label);
  } else {
    expect('step' in got, label).toBe(true);
    const g = got as { step: number; message: string; partial: Float64Array };
    expect(g.step, label).toBe(want.step);
    expect(g.message, label).toContain(want.message === 'not finite' ? 'not a finite number' : want.message);
    expectSame(g.partial, want.partial, `${label} partial`);
  }
}

const torch = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `torch.${name}`, params });

/** Composites, caches, restarts, noise, subnormal tails and errors beyond the sample specs. */
const EXTRA: [ScheduleSpec, number][] = [
  [torch('ExponentialLR', { lr: 0.1, gamma: 0.95 }), 20_000],
  [torch('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda e: 0.9 if e < 100 else 0.5' }), 3000],
  [torch('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda e: 1 - 1 / (e + 2)' }), 3000],
  [torch('LambdaLR', { lr: 0.1, lr_lambda: 'lambda e: 1 / (e - 37)' }), 100],
  [torch('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda e: 1 / (e - 37)' }), 100],
  [torch('OneCycleLR', { max_lr: 0.1, total_steps: 50 }), 80],
  [torch('OneCycleLR', { max_lr: 0.1, total_steps: 77, pct_start: 0.3, three_phase: true }), 78],
  [torch('OneCycleLR', { max_lr: 0.1, total_steps: 91, pct_start: 0.37, anneal_strategy: 'linear' }), 92],
  [torch('ChainedScheduler', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.ConstantLR', params: { factor: 0.1, total_iters: 2 } },
      { scheduler: 'torch.ExponentialLR', params: { gamma: 0.9 } },
    ],
  }), 10_000],
  [torch('ChainedScheduler', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 7 } },
      { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 40 } },
    ],
  }), 60],
  [torch('SequentialLR', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.LinearLR', params: { start_factor: 0.1, total_iters: 5 } },
      { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { T_0: 7, T_mult: 2 } },
      { scheduler: 'torch.MultiplicativeLR', params: { lr_lambda: 'lambda e: 0.97' } },
      { scheduler: 'torch.ExponentialLR', params: { gamma: 0.9 } },
    ],
    milestones: [5, 40, 300],
  }), 2000],
  [torch('SequentialLR', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.StepLR', params: { step_size: 4, gamma: 0.5 } },
      { scheduler: 'torch.LinearLR', params: { start_factor: 0.5, total_iters: 4 } },
      { scheduler: 'torch.ExponentialLR', params: { gamma: 0.9 } },
    ],
    milestones: [10, 10],
  }), 100],
  [torch('SequentialLR', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.StepLR', params: { step_size: 3 } },
      { scheduler: 'torch.CyclicLR', params: { base_lr: 0.01, max_lr: 0.1, step_size_up: 4 } },
      { scheduler: 'torch.PolynomialLR', params: { total_iters: 9, power: 1.5 } },
    ],
    milestones: [50, 20],
  }), 200],
  [torch('SequentialLR', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.ConstantLR', params: { factor: 0.5, total_iters: 3 } },
      { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 30 } },
    ],
    milestones: [10],
  }), 100],
  [torch('SequentialLR', {
    lr: 0.1,
    schedulers: [
      { scheduler: 'torch.ConstantLR', params: { factor: 0.5, total_iters: 3 } },
      { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 777, pct_start: 0.3, three_phase: true } },
    ],
    milestones: [5000],
  }), 5700],
  [torch('CosineAnnealingLR', { lr: 0.1, T_max: 13, eta_min: 0.001 }), 500],
  [{ scheduler: 'hf.polynomial', params: { lr: 0.1, num_warmup_steps: 10, num_training_steps: 50, power: -1 } }, 100],
  [{ scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 7, cycle_mul: 2, cycle_decay: 0.5, cycle_limit: 4, warmup_t: 5, warmup_lr_init: 0.001, noise_range_t: [3, 60] } }, 200],
  [{ scheduler: 'timm.TanhLRScheduler', params: { lr: 0.1, t_initial: 9, cycle_limit: 3, warmup_t: 4, warmup_prefix: true, noise_range_t: 20 } }, 120],
  [{ scheduler: 'timm.PolyLRScheduler', params: { lr: 0.1, t_initial: 10, cycle_mul: 0.5, cycle_limit: 10 } }, 100],
  [{ scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 9, cycle_limit: 4, cycle_decay: 0.7, lr_min: 0.01, warmup_t: 3, warmup_prefix: true } }, 100],
  [{ scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 6, cycle_limit: 3, k_decay: 2 } }, 40],
  [{ scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 1, cycle_limit: 5, warmup_t: 2 } }, 20],
  [{ scheduler: 'timm.TanhLRScheduler', params: { lr: 0.1, t_initial: 5, cycle_mul: 1.5, cycle_limit: 4, warmup_t: 2 } }, 60],
  [{ scheduler: 'hf.cosine_with_restarts', params: { lr: 0.1, num_warmup_steps: 7, num_training_steps: 100, num_cycles: 3 } }, 130],
  [{ scheduler: 'hf.cosine_with_min_lr', params: { lr: 0.1, num_warmup_steps: 7, num_training_steps: 100, num_cycles: 1.5, min_lr_rate: 0.2 } }, 130],
  [{ scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.01, decay_steps: 50, alpha: 0.1, warmup_target: 0.1, warmup_steps: 10 } }, 100],
  [{ scheduler: 'keras.PolynomialDecay', params: { initial_learning_rate: 0.1, decay_steps: 30, power: 2, cycle: true } }, 100],
  [{ scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 40, alpha: 0.1, exponent: 2 } }, 100],
  [{ scheduler: 'optax.polynomial_schedule', params: { init_value: 0.1, end_value: 0.01, power: 1.5, transition_steps: 30, transition_begin: 10 } }, 100],
  [{ scheduler: 'optax.polynomial_schedule', params: { init_value: 0.1, end_value: 0.01, power: 3, transition_steps: 30, transition_begin: 10 } }, 100],
  [{ scheduler: 'optax.exponential_decay', params: { init_value: 0.1, transition_steps: 7, decay_rate: 0.9, transition_begin: 10, end_value: 0.05 } }, 100],
  [{ scheduler: 'optax.exponential_decay', params: { init_value: 0.1, transition_steps: 7, decay_rate: 1.1, transition_begin: 3, staircase: true, end_value: 0.2 } }, 100],
  [{ scheduler: 'optax.warmup_exponential_decay_schedule', params: { init_value: 0, peak_value: 0.1, warmup_steps: 10, transition_steps: 9, decay_rate: 0.5, transition_begin: 5 } }, 100],
  [{ scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 0.1, decay_steps: 7, decay_rate: 0.9, staircase: true } }, 100],
  [{ scheduler: 'keras.PolynomialDecay', params: { initial_learning_rate: 0.1, decay_steps: 30, power: 0.7 } }, 100],
  [{ scheduler: 'timm.StepLRScheduler', params: { lr: 0.1, decay_t: 7, warmup_t: 3, noise_range_t: [0, 30] } }, 100],
  [{ scheduler: 'timm.PlateauLRScheduler', params: { lr: 0.1, warmup_t: 3, noise_range_t: 5, patience_t: 2 } }, 200],
  [{ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 0.1, first_decay_steps: 5, t_mul: 1.2, m_mul: 0.9, alpha: 0.1 } }, 400],
  [{ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [3, 3, 10], values: [0.1, 0.2, 0.3, 0.4] } }, 30],
  [{ scheduler: 'optax.join_schedules', params: {
    schedules: [
      { scheduler: 'optax.sgdr_schedule', params: { cosine_kwargs: [
        { init_value: 0.0, peak_value: 0.1, warmup_steps: 3, decay_steps: 10 },
        { init_value: 0.05, peak_value: 0.1, warmup_steps: 0, decay_steps: 7 },
      ] } },
      { scheduler: 'optax.piecewise_constant_schedule', params: { init_value: 0.1, boundaries_and_scales: { 5: 0.5, 9: 0.1 } } },
      { scheduler: 'optax.exponential_decay', params: { init_value: 0.1, transition_steps: 4, decay_rate: 0.5, staircase: true, end_value: 0.01 } },
    ],
    boundaries: [17, 40],
  } }, 120],
  [{ scheduler: 'optax.piecewise_interpolate_schedule', params: { interpolate_type: 'cosine', init_value: 0.1, boundaries_and_scales: { 0: 2, 5: 0.5, 20: 0.1 } } }, 60],
];

describe('Stepper.fill runs the canonical loop', () => {
  test.each(schedulers.map((d) => [d.id] as const))('%s: sample spec', (id) => {
    expectSameOutcome(sampleSpec(id), 1500);
  });

  test.each(schedulers.map((d) => [d.id] as const))('%s: bench spec over a short horizon', (id) => {
    expectSameOutcome(benchSpec(id, 700), 900);
  });

  test.each(EXTRA.map(([spec, n]) => [spec.scheduler, spec, n] as const))('%s: %j', (_id, spec, n) => {
    expectSameOutcome(spec, n);
  });

  test.each([0, 1, 2, 3, 4, 5, 7, 996, 997, 998, 999])('a non-finite lr first at step %i is reported there', (k) => {
    for (const v of ['math.inf', '-math.inf', 'math.nan']) {
      const spec = torch('LambdaLR', { lr: 0.1, lr_lambda: `lambda e: ${v} if e >= ${k} else 1.0` });
      expectSameOutcome(spec, 1000);
      try {
        evaluate(spec, 1000);
        expect.unreachable();
      } catch (e) {
        expect((e as ScheduleStepError).step).toBe(k);
        expect((e as ScheduleStepError).partial.length).toBe(k);
      }
    }
  });

  test('recursive decays into the subnormal range keep multiplying exactly (the subnormal product memo)', () => {
    const n = 20_000;
    const plain = (gamma: number, f: (e: number) => number = () => gamma) => {
      const want = new Float64Array(n);
      let lr = 0.1;
      for (let e = 0; e < n; e++) {
        want[e] = lr;
        lr = lr * f(e + 1);
      }
      return want;
    };
    const exp = evaluate(torch('ExponentialLR', { lr: 0.1, gamma: 0.95 }), n);
    // Stuck on a subnormal (9 · 2^-1074: 9 · 0.95 rounds back to 9), as in PyTorch.
    expect([exp[n - 1], exp[n - 2]]).toEqual([9 * 5e-324, 9 * 5e-324]);
    expectSame(exp, plain(0.95), 'ExponentialLR');
    const alternating = (e: number) => (e % 3 === 0 ? 0.9 : 0.99);
    const mult = evaluate(torch('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda e: 0.9 if e % 3 == 0 else 0.99' }), n);
    expectSame(mult, plain(0, alternating), 'MultiplicativeLR');
  });

  test('the error cases above do raise (the comparison covers them)', () => {
    const raising = EXTRA.filter(([spec, n]) => !('values' in canonical(spec, n, undefined)));
    expect(raising.map(([s]) => s.scheduler)).toEqual([
      'torch.LambdaLR',
      'torch.MultiplicativeLR',
      'torch.OneCycleLR',
      'torch.ChainedScheduler',
      'torch.SequentialLR',
      'hf.polynomial',
      'timm.PolyLRScheduler',
      'timm.PlateauLRScheduler',
    ]);
  });
});
