/**
 * Hand-written tests of the torch schedulers: the printed reference tables of the seed documents,
 * PyTorch 1.13 quirks with values printed by real PyTorch (pasted as literals), validation errors,
 * runtime errors, purity and speed. The exhaustive comparison lives in torch-golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  createStepper,
  evaluate,
  getDefinition,
  ScheduleParamError,
  ScheduleStepError,
  schedulers,
  type ScheduleSpec,
} from '../../src/schedules';

const spec = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `torch.${name}`, params });
const run = (name: string, params: Record<string, unknown>, steps: number, metrics?: number[]) =>
  Array.from(evaluate(spec(name, params), steps, metrics ? { metrics } : {}));

/** Relative closeness for values printed with a few digits. */
function expectClose(got: number[], want: number[], rel = 1e-12): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Math.abs(g - want[i]) > rel * Math.abs(want[i])) expect.fail(`step ${i}: got ${g}, want ${want[i]}`);
  });
}

const rep = (v: number, n: number) => Array<number>(n).fill(v);

function paramError(s: ScheduleSpec, steps = 3): ScheduleParamError {
  try {
    evaluate(s, steps, { metrics: rep(1, steps) });
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleParamError);
    return e as ScheduleParamError;
  }
  return expect.fail(`expected a parameter error for ${JSON.stringify(s)}`);
}

function stepError(s: ScheduleSpec, steps: number): ScheduleStepError {
  try {
    evaluate(s, steps);
  } catch (e) {
    expect(e).toBeInstanceOf(ScheduleStepError);
    return e as ScheduleStepError;
  }
  return expect.fail('expected a step error');
}

describe('seed tables (lr 0.1, ten epochs)', () => {
  it('LambdaLR with 1/(epoch+1)', () => {
    const got = run('LambdaLR', { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (epoch + 1)' }, 10);
    const printed = [0.1, 0.05, 0.033333, 0.025, 0.02, 0.016667, 0.014286, 0.0125, 0.011111, 0.01];
    got.forEach((v, i) => expect(v).toBeCloseTo(printed[i], 6));
    // PyTorch's exact values (base_lr * lambda(epoch))
    expect(got).toEqual([
      0.1, 0.05, 0.03333333333333333, 0.025, 0.020000000000000004, 0.016666666666666666, 0.014285714285714285, 0.0125,
      0.011111111111111112, 0.010000000000000002,
    ]);
  });

  it('StepLR(step_size=3, gamma=0.1)', () => {
    expectClose(run('StepLR', { lr: 0.1, step_size: 3, gamma: 0.1 }, 10), [...rep(0.1, 3), ...rep(0.01, 3), ...rep(0.001, 3), 0.0001]);
  });

  it('MultiStepLR([3, 7], 0.1)', () => {
    expectClose(run('MultiStepLR', { lr: 0.1, milestones: [3, 7], gamma: 0.1 }, 10), [...rep(0.1, 3), ...rep(0.01, 4), ...rep(0.001, 3)]);
  });

  it('ExponentialLR(0.1)', () => {
    expectClose(run('ExponentialLR', { lr: 0.1, gamma: 0.1 }, 4), [0.1, 0.01, 0.001, 0.0001]);
  });

  it('ReduceLROnPlateau(patience=2) with a constant metric for 14 epochs', () => {
    const got = run('ReduceLROnPlateau', { lr: 0.1, mode: 'min', factor: 0.1, patience: 2 }, 14, rep(1, 14));
    expectClose(got, [...rep(0.1, 4), ...rep(0.01, 3), ...rep(0.001, 3), ...rep(0.0001, 3), 0.00001]);
  });
});

describe('PyTorch 1.13 behaviour (values printed by torch 1.13)', () => {
  it('recursive products are not the closed form: StepLR gives 0.010000000000000002', () => {
    expect(run('StepLR', { lr: 0.1, step_size: 1 }, 3)).toEqual([0.1, 0.010000000000000002, 0.0010000000000000002]);
  });

  it('ConstantLR restores through 1/factor', () => {
    expect(run('ConstantLR', { lr: 0.1, factor: 0.1, total_iters: 4 }, 6)).toEqual([
      ...rep(0.010000000000000002, 4),
      0.10000000000000002,
      0.10000000000000002,
    ]);
  });

  it('CosineAnnealingLR is periodic after T_max and reaches eta_min exactly', () => {
    const got = run('CosineAnnealingLR', { lr: 0.1, T_max: 10, eta_min: 0.01 }, 41);
    expect(got[10]).toBe(0.01);
    expectClose(got.slice(9, 12), [0.012202456766718092, 0.01, 0.012202456766718092], 1e-15);
    expectClose([got[20], got[40]], [0.10000000000000041, 0.10000000000000021], 1e-15);
  });

  it('CosineAnnealingWarmRestarts counts T_cur with integers: a restart at epoch 121 for T_0=1, T_mult=3', () => {
    const got = run('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 1, T_mult: 3 }, 124);
    expectClose(got.slice(119, 124), [0.0001503529416103988, 3.760237478849793e-5, 0.1, 0.09999582149277186, 0.09998328666948438], 1e-14);
  });

  it('OneCycleLR: lr(0) is not exactly max_lr/div_factor and t = total_steps extrapolates below zero (linear)', () => {
    expect(run('OneCycleLR', { max_lr: 0.1, total_steps: 100 }, 1)).toEqual([0.0040000000000000036]);
    const lin = run('OneCycleLR', { max_lr: 0.1, total_steps: 100, anneal_strategy: 'linear' }, 101);
    expectClose(lin.slice(98), [0.0014289657142857043, 3.999999999976245e-7, -0.001428165714285709], 1e-12);
  });

  it('ChainedScheduler(ConstantLR, ExponentialLR) multiplies the factors', () => {
    const got = run(
      'ChainedScheduler',
      { lr: 1, schedulers: [spec('ConstantLR', { factor: 0.1, total_iters: 2 }), spec('ExponentialLR', { gamma: 0.9 })] },
      6,
    );
    expect(got).toEqual([0.1, 0.09000000000000001, 0.8100000000000002, 0.7290000000000002, 0.6561000000000002, 0.5904900000000002]);
    // the product of the two closed-form factors, b·f·γ^t before T and b·γ^t after
    expectClose(got, [0, 1, 2, 3, 4, 5].map((t) => (t < 2 ? 0.1 : 1) * 0.9 ** t));
  });

  it('SequentialLR switches with the closed form at 0', () => {
    const got = run(
      'SequentialLR',
      { lr: 1, schedulers: [spec('ConstantLR', { factor: 0.1, total_iters: 2 }), spec('ExponentialLR', { gamma: 0.9 })], milestones: [2] },
      6,
    );
    expect(got).toEqual([0.1, 0.1, 1.0, 0.9, 0.81, 0.7290000000000001]);
  });

  it('SequentialLR: MultiplicativeLR keeps the previous lr at the switch', () => {
    const got = run(
      'SequentialLR',
      {
        lr: 0.1,
        schedulers: [spec('ConstantLR', { factor: 0.5, total_iters: 2 }), spec('MultiplicativeLR', { lr_lambda: 'lambda e: 0.9' })],
        milestones: [3],
      },
      8,
    );
    expect(got).toEqual([0.05, 0.05, 0.1, 0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002]);
  });

  it('nested SequentialLR as the first child skips one step of its own first child', () => {
    const inner = spec('SequentialLR', {
      schedulers: [spec('StepLR', { step_size: 2, gamma: 0.5 }), spec('ExponentialLR', { gamma: 0.9 })],
      milestones: [3],
    });
    const got = run('SequentialLR', { lr: 0.1, schedulers: [inner, spec('ConstantLR', { factor: 0.5, total_iters: 2 })], milestones: [6] }, 10);
    expect(got).toEqual([0.1, 0.05, 0.05, 0.1, 0.09000000000000001, 0.08100000000000002, 0.05, 0.05, 0.1, 0.1]);
  });

  it('CyclicLR after another scheduler starts from the optimizer initial_lr', () => {
    const got = run(
      'ChainedScheduler',
      { lr: 0.1, schedulers: [spec('StepLR', { step_size: 2, gamma: 0.5 }), spec('CyclicLR', { base_lr: 0.01, max_lr: 0.05, step_size_up: 3 })] },
      3,
    );
    expect(got[0]).toBe(0.1);
    expectClose(got.slice(1), [0.01 + (0.05 - 0.01) / 3, 0.01 + ((0.05 - 0.01) * 2) / 3], 1e-14);
  });
});

describe('validation names the parameter', () => {
  const cases: [string, ScheduleSpec, string][] = [
    ['lr is required', spec('StepLR', { step_size: 3 }), 'lr'],
    ['negative lr', spec('StepLR', { lr: -1, step_size: 3 }), 'lr'],
    ['step_size 0', spec('StepLR', { lr: 0.1, step_size: 0 }), 'step_size'],
    ['ConstantLR factor > 1', spec('ConstantLR', { lr: 0.1, factor: 1.5 }), 'factor'],
    ['LinearLR start_factor < 0', spec('LinearLR', { lr: 0.1, start_factor: -0.1 }), 'start_factor'],
    ['LinearLR end_factor > 1', spec('LinearLR', { lr: 0.1, end_factor: 1.2 }), 'end_factor'],
    ['CosineAnnealingLR T_max 0', spec('CosineAnnealingLR', { lr: 0.1, T_max: 0 }), 'T_max'],
    ['CAWR T_0 0', spec('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 0 }), 'T_0'],
    ['CAWR T_0 not an integer', spec('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 2.5 }), 'T_0'],
    ['CAWR T_mult 0', spec('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 5, T_mult: 0 }), 'T_mult'],
    ['CAWR T_mult not an integer', spec('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 5, T_mult: 1.5 }), 'T_mult'],
    ['OneCycleLR without total_steps', spec('OneCycleLR', { max_lr: 0.1 }), 'total_steps'],
    ['OneCycleLR with epochs only', spec('OneCycleLR', { max_lr: 0.1, epochs: 3 }), 'total_steps'],
    ['OneCycleLR pct_start > 1', spec('OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 1.5 }), 'pct_start'],
    ['OneCycleLR empty first phase', spec('OneCycleLR', { max_lr: 0.1, total_steps: 10, pct_start: 0.1 }), 'pct_start'],
    ['OneCycleLR anneal_strategy', spec('OneCycleLR', { max_lr: 0.1, total_steps: 10, anneal_strategy: 'exp' }), 'anneal_strategy'],
    ['OneCycleLR div_factor 0', spec('OneCycleLR', { max_lr: 0.1, total_steps: 10, div_factor: 0 }), 'div_factor'],
    ['OneCycleLR total_steps 0', spec('OneCycleLR', { max_lr: 0.1, total_steps: 0 }), 'total_steps'],
    ['OneCycleLR takes no lr', spec('OneCycleLR', { lr: 0.1, max_lr: 0.1, total_steps: 10 }), 'lr'],
    ['CyclicLR step_size_up 0', spec('CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 0, step_size_down: 5 }), 'step_size_up'],
    ['CyclicLR mode', spec('CyclicLR', { base_lr: 0.01, max_lr: 0.1, mode: 'sine' }), 'mode'],
    ['ReduceLROnPlateau factor 1', spec('ReduceLROnPlateau', { lr: 0.1, factor: 1 }), 'factor'],
    ['ReduceLROnPlateau mode', spec('ReduceLROnPlateau', { lr: 0.1, mode: 'avg' }), 'mode'],
    ['ReduceLROnPlateau threshold_mode', spec('ReduceLROnPlateau', { lr: 0.1, threshold_mode: 'pct' }), 'threshold_mode'],
    ['LambdaLR syntax error', spec('LambdaLR', { lr: 0.1, lr_lambda: 'lambda epoch: 0.95 **' }), 'lr_lambda'],
    [
      'SequentialLR milestones count',
      spec('SequentialLR', { lr: 0.1, schedulers: [spec('ConstantLR', {}), spec('ExponentialLR', { gamma: 0.9 })], milestones: [3, 5] }),
      'milestones',
    ],
    [
      'SequentialLR with a ChainedScheduler child',
      spec('SequentialLR', { lr: 0.1, schedulers: [spec('ChainedScheduler', { schedulers: [spec('StepLR', { step_size: 2 })] })], milestones: [] }),
      'schedulers',
    ],
    [
      'ChainedScheduler with a plateau child',
      spec('ChainedScheduler', { lr: 0.1, schedulers: [spec('ReduceLROnPlateau', {})] }),
      'schedulers',
    ],
    ['ChainedScheduler without children', spec('ChainedScheduler', { lr: 0.1, schedulers: [] }), 'schedulers'],
    [
      'a child with its own lr',
      spec('ChainedScheduler', { lr: 0.1, schedulers: [spec('StepLR', { lr: 0.5, step_size: 2 })] }),
      'schedulers[0].lr',
    ],
    [
      'a nested child parameter',
      spec('ChainedScheduler', {
        lr: 0.1,
        schedulers: [spec('LinearLR', {}), spec('SequentialLR', { schedulers: [spec('ConstantLR', { factor: 2 })], milestones: [] })],
      }),
      'schedulers[1].schedulers[0].factor',
    ],
  ];
  for (const [what, s, path] of cases) {
    it(what, () => {
      const e = paramError(s);
      expect(e.path).toBe(path);
      expect(e.message.startsWith(`${path}: `)).toBe(true);
    });
  }
});

describe('where PyTorch raises while stepping', () => {
  it('OneCycleLR: step total_steps works, the next one raises ValueError', () => {
    expect(evaluate(spec('OneCycleLR', { max_lr: 0.1, total_steps: 100 }), 101)).toHaveLength(101);
    const e = stepError(spec('OneCycleLR', { max_lr: 0.1, total_steps: 100 }), 150);
    expect(e.step).toBe(101);
    expect(e.message).toBe('at step 101: ValueError: Tried to step 102 times. The specified number of total steps is 100');
    expect(e.partial).toHaveLength(101);
    expect(e.partial[0]).toBe(0.0040000000000000036);
  });

  it('OneCycleLR: three_phase with pct_start >= 0.5 raises past total_steps too (its second phase ends beyond it)', () => {
    const s = spec('OneCycleLR', { max_lr: 0.1, total_steps: 40, pct_start: 0.77, three_phase: true });
    const e = stepError(s, 60);
    expect(e.step).toBe(41);
    expect(e.message).toBe('at step 41: ValueError: Tried to step 42 times. The specified number of total steps is 40');
  });

  it('the stepper reports the error when the missing lr is read', () => {
    const s = createStepper(spec('OneCycleLR', { max_lr: 0.1, epochs: 2, steps_per_epoch: 5 }));
    for (let i = 0; i <= 10; i++) {
      expect(Number.isFinite(s.lr())).toBe(true);
      s.step();
    }
    expect(() => s.lr()).toThrow(/Tried to step 12 times/);
    s.step();
    expect(() => s.lr()).toThrow(/Tried to step 12 times/);
  });

  it('ConstantLR with factor 0 divides by zero at total_iters', () => {
    const e = stepError(spec('ConstantLR', { lr: 0.1, factor: 0, total_iters: 3 }), 10);
    expect(e.step).toBe(3);
    expect(e.message).toContain('ZeroDivisionError: float division by zero');
    expect(Array.from(e.partial)).toEqual([0, 0, 0]);
  });

  it('a lambda that divides by zero stops the curve at that step', () => {
    const e = stepError(spec('LambdaLR', { lr: 0.1, lr_lambda: 'lambda e: 1.0 / (e - 7)' }), 12);
    expect(e.step).toBe(7);
    expect(e.message).toContain('ZeroDivisionError');
  });

  it('a nested SequentialLR after a milestone raises TypeError at the switch', () => {
    const inner = spec('SequentialLR', { schedulers: [spec('StepLR', { step_size: 2 }), spec('ExponentialLR', { gamma: 0.9 })], milestones: [3] });
    const e = stepError(spec('SequentialLR', { lr: 0.1, schedulers: [spec('ConstantLR', { factor: 0.5, total_iters: 2 }), inner], milestones: [3] }), 10);
    expect(e.step).toBe(3);
    expect(e.message).toContain('TypeError: SequentialLR.step() takes 1 positional argument but 2 were given');
  });

  it('CyclicLR triangular2 overflows after 1024 cycles like Python', () => {
    const e = stepError(spec('CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 1, mode: 'triangular2' }), 2100);
    expect(e.step).toBe(2048);
    expect(e.message).toContain('OverflowError');
  });

  it('ReduceLROnPlateau needs a metric after every step', () => {
    expect(() => evaluate(spec('ReduceLROnPlateau', { lr: 0.1 }), 5)).toThrow(ScheduleParamError);
  });
});

describe('purity', () => {
  it('never mutates the spec, nested children included', () => {
    const s = spec('ChainedScheduler', {
      lr: 0.1,
      schedulers: [
        spec('LinearLR', { start_factor: 0.1 }),
        spec('SequentialLR', {
          schedulers: [spec('MultiStepLR', { milestones: [9, 3, 3] }), spec('LambdaLR', { lr_lambda: 'lambda e: 0.9 ** e' })],
          milestones: [20],
        }),
      ],
    });
    const before = structuredClone(s);
    const a = evaluate(s, 50);
    expect(s).toEqual(before);
    expect(evaluate(s, 50)).toEqual(a);
  });
});

describe('definitions', () => {
  const torch = schedulers.filter((d) => d.framework === 'torch');

  it('has the 15 schedulers of torch.optim.lr_scheduler and SWALR of torch.optim.swa_utils', () => {
    expect(torch.map((d) => d.name).sort()).toEqual(
      [
        'LambdaLR',
        'MultiplicativeLR',
        'StepLR',
        'MultiStepLR',
        'ConstantLR',
        'LinearLR',
        'ExponentialLR',
        'PolynomialLR',
        'CosineAnnealingLR',
        'SequentialLR',
        'ChainedScheduler',
        'ReduceLROnPlateau',
        'CyclicLR',
        'OneCycleLR',
        'CosineAnnealingWarmRestarts',
        'SWALR',
      ].sort(),
    );
    for (const d of torch) {
      expect(d.module).toBe(d.name === 'SWALR' ? 'torch.optim.swa_utils.SWALR' : `torch.optim.lr_scheduler.${d.name}`);
      const keys = d.params.filter((p) => p.key).length;
      expect(keys).toBeGreaterThanOrEqual(1);
      expect(keys).toBeLessThanOrEqual(3);
      for (const p of d.params) expect(p.doc.length).toBeGreaterThan(5);
    }
  });

  it('defaults are the PyTorch 1.13 defaults', () => {
    const defaults = (id: string) => Object.fromEntries(getDefinition(id)!.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
    expect(defaults('torch.StepLR')).toEqual({ gamma: 0.1 });
    expect(defaults('torch.ConstantLR')).toEqual({ factor: 1 / 3, total_iters: 5 });
    expect(defaults('torch.LinearLR')).toEqual({ start_factor: 1 / 3, end_factor: 1, total_iters: 5 });
    expect(defaults('torch.PolynomialLR')).toEqual({ total_iters: 5, power: 1 });
    expect(defaults('torch.CosineAnnealingLR')).toEqual({ eta_min: 0 });
    expect(defaults('torch.CosineAnnealingWarmRestarts')).toEqual({ T_mult: 1, eta_min: 0 });
    expect(defaults('torch.ReduceLROnPlateau')).toEqual({
      mode: 'min',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      threshold_mode: 'rel',
      cooldown: 0,
      min_lr: 0,
      eps: 1e-8,
    });
    expect(defaults('torch.CyclicLR')).toEqual({
      step_size_up: 2000,
      step_size_down: null,
      mode: 'triangular',
      gamma: 1,
      scale_fn: null,
      scale_mode: 'cycle',
      cycle_momentum: true,
      base_momentum: 0.8,
      max_momentum: 0.9,
    });
    expect(defaults('torch.OneCycleLR')).toEqual({
      total_steps: null,
      epochs: null,
      steps_per_epoch: null,
      pct_start: 0.3,
      anneal_strategy: 'cos',
      div_factor: 25,
      final_div_factor: 1e4,
      three_phase: false,
      cycle_momentum: true,
      base_momentum: 0.85,
      max_momentum: 0.95,
    });
  });

  it('CyclicLR and OneCycleLR take the momentum arguments, which leave the lr as it is (as in torch)', () => {
    for (const [id, params] of [
      ['torch.CyclicLR', { base_lr: 0.01, max_lr: 0.1, step_size_up: 5 }],
      ['torch.OneCycleLR', { max_lr: 0.1, total_steps: 30 }],
    ] as const) {
      const plain = evaluate({ scheduler: id, params }, 30);
      const withMomentum = { ...params, cycle_momentum: false, base_momentum: 0.5, max_momentum: 0.99 };
      expect(evaluate({ scheduler: id, params: withMomentum }, 30)).toEqual(plain);
    }
  });

  it('the examples make a valid spec', () => {
    for (const d of torch) {
      const params = Object.fromEntries(d.params.filter((p) => p.example !== undefined).map((p) => [p.name, p.example]));
      expect(d.params.filter((p) => p.default === undefined).every((p) => p.example !== undefined)).toBe(true);
      const lrs = evaluate({ scheduler: d.id, params }, 20, { metrics: rep(1, 20) });
      expect(lrs.every((v) => Number.isFinite(v))).toBe(true);
    }
  });
});

describe('speed: 1,000,000 steps', () => {
  const oneMillion: ScheduleSpec[] = [
    spec('LambdaLR', { lr: 0.1, lr_lambda: 'lambda epoch: 0.95 ** epoch' }),
    spec('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda epoch: 0.999999' }),
    spec('StepLR', { lr: 0.1, step_size: 1000 }),
    spec('MultiStepLR', { lr: 0.1, milestones: [300_000, 600_000, 900_000] }),
    spec('ConstantLR', { lr: 0.1 }),
    spec('LinearLR', { lr: 0.1, total_iters: 500_000 }),
    spec('ExponentialLR', { lr: 0.1, gamma: 0.999999 }),
    spec('PolynomialLR', { lr: 0.1, total_iters: 900_000, power: 2 }),
    spec('CosineAnnealingLR', { lr: 0.1, T_max: 1000, eta_min: 1e-4 }),
    spec('SequentialLR', { lr: 0.1, schedulers: [spec('LinearLR', { total_iters: 1000 }), spec('CosineAnnealingLR', { T_max: 999_000 })], milestones: [1000] }),
    spec('ChainedScheduler', { lr: 0.1, schedulers: [spec('StepLR', { step_size: 10_000, gamma: 0.9 }), spec('CosineAnnealingLR', { T_max: 5000 })] }),
    spec('ReduceLROnPlateau', { lr: 0.1, patience: 1000 }),
    spec('CyclicLR', { base_lr: 0.001, max_lr: 0.1, step_size_up: 2000, mode: 'exp_range', gamma: 0.999999 }),
    spec('OneCycleLR', { max_lr: 0.1, total_steps: 1_000_000 }),
    spec('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: 1000, T_mult: 2 }),
  ];
  const metrics = new Float64Array(1_000_000).map((_, i) => 1 + Math.sin(i / 5000));

  for (const s of oneMillion) {
    it(s.scheduler, () => {
      // Long horizons complete with finite values; speed is measured by `npm run bench`, not here.
      const lrs = evaluate(s, 1_000_000, { metrics });
      expect(lrs).toHaveLength(1_000_000);
      expect(lrs.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    });
  }
});
