/**
 * paddle.optimizer.lr. Expected values come from a line-by-line transcription of
 * python/paddle/optimizer/lr.py run under CPython 3.11 (glibc libm), pasted as literals:
 * `[index, value]` pairs of `scheduler()` read before the index-th `scheduler.step()`.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { createStepper, evaluate, getDefinition, resolveSpec, ScheduleStepError, schedulers, type ScheduleSpec } from '../../src/schedules';
import { equivalentsOf } from '../../src/schedules/equivalences';
import { paramErrorOf } from './hf-timm-asserts';
import { REQUIRED_IDS } from './samples';

type Ref = readonly (readonly [number, number])[];

const P = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `paddle.${name}`, params });

/** Relative 1e-12 (recursions accumulate a few ulp); subnormal results compared absolutely. */
function expectRef(values: ArrayLike<number>, ref: Ref, rel = 1e-12): void {
  for (const [i, want] of ref) {
    const got = values[i];
    const ok = got === want || Math.abs(got - want) <= rel * Math.abs(want) || Math.abs(got - want) < 1e-300;
    if (!ok) expect.fail(`value at ${i}: got ${got}, want ${want}`);
  }
}

function lastIndex(ref: Ref): number {
  return ref[ref.length - 1][0];
}

/**
 * The canonical loop through lr()/step() only: `scheduler()` before each `step()`, up to the rate that a
 * `step()` could not compute (`raisedAt`: the values before it are all there, OneCycleLR's at t = total_steps
 * included).
 */
function canonical(spec: ScheduleSpec, n: number, metrics?: Float64Array): { values: number[]; raisedAt: number | null } {
  const s = createStepper(spec);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push(s.lr());
      s.step(metrics?.[i]);
    } catch {
      return { values: out, raisedAt: out.length };
    }
  }
  return { values: out, raisedAt: null };
}

function values(spec: ScheduleSpec, n: number): Float64Array {
  return Float64Array.from(canonical(spec, n).values);
}

/** The ScheduleStepError that evaluating `steps` steps raises. */
function stepErrorOf(spec: ScheduleSpec, steps: number): ScheduleStepError {
  try {
    evaluate(spec, steps);
  } catch (e) {
    if (e instanceof ScheduleStepError) return e;
    throw e;
  }
  throw new Error(`expected ${spec.scheduler} to raise within ${steps} steps`);
}

function run(spec: ScheduleSpec, ref: Ref): Float64Array {
  const v = values(spec, lastIndex(ref) + 1);
  expectRef(v, ref);
  return v;
}

/** Python computed `values`, then raised `pyType` in the next `step()`. */
function expectRaise(spec: ScheduleSpec, steps: number, values: readonly number[], pyType: string): void {
  const e = stepErrorOf(spec, steps);
  expect(e.reason.startsWith(pyType)).toBe(true);
  // the step() computing the rate of update e.step raised: every value Python computed is kept
  // (construction errors report step 0 with no values)
  expect(e.step).toBe(values.length);
  expect(e.partial.length).toBe(e.step);
  expectRef(
    e.partial,
    Array.from(e.partial, (_, i) => [i, values[i]] as const),
  );
}

const PADDLE_NAMES = [
  'NoamDecay',
  'PiecewiseDecay',
  'NaturalExpDecay',
  'InverseTimeDecay',
  'PolynomialDecay',
  'LinearWarmup',
  'ExponentialDecay',
  'MultiStepDecay',
  'StepDecay',
  'LambdaDecay',
  'ReduceOnPlateau',
  'CosineAnnealingDecay',
  'MultiplicativeDecay',
  'OneCycleLR',
  'CyclicLR',
  'LinearLR',
  'CosineAnnealingWarmRestarts',
];

describe('paddle definitions', () => {
  const defs = schedulers.filter((d) => d.framework === 'paddle');

  it('registers the 17 paddle.optimizer.lr schedulers under their Paddle names', () => {
    expect(defs.map((d) => d.name).sort()).toEqual([...PADDLE_NAMES].sort());
    for (const d of defs) {
      expect(d.id).toBe(`paddle.${d.name}`);
      expect(d.module).toBe(`paddle.optimizer.lr.${d.name}`);
      expect(d.precision).toBe('float64');
      const keys = d.params.filter((p) => p.key).length;
      expect(keys).toBeGreaterThanOrEqual(1);
      expect(keys).toBeLessThanOrEqual(3);
    }
  });

  it("uses Paddle's argument names and defaults", () => {
    const sig = (id: string) =>
      Object.fromEntries(getDefinition(id)!.params.map((p) => [p.name, p.default === undefined ? 'required' : p.default]));
    expect(sig('paddle.NoamDecay')).toEqual({ d_model: 'required', warmup_steps: 'required', learning_rate: 1.0 });
    expect(sig('paddle.PolynomialDecay')).toEqual({
      learning_rate: 'required',
      decay_steps: 'required',
      end_lr: 0.0001,
      power: 1.0,
      cycle: false,
    });
    expect(sig('paddle.ReduceOnPlateau')).toEqual({
      learning_rate: 'required',
      mode: 'min',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      threshold_mode: 'rel',
      cooldown: 0,
      min_lr: 0,
      epsilon: 1e-8,
    });
    expect(sig('paddle.OneCycleLR')).toEqual({
      max_learning_rate: 'required',
      total_steps: 'required',
      divide_factor: 25.0,
      end_learning_rate: 0.0001,
      phase_pct: 0.3,
      anneal_strategy: 'cos',
      three_phase: false,
    });
    expect(sig('paddle.CyclicLR')).toEqual({
      base_learning_rate: 'required',
      max_learning_rate: 'required',
      step_size_up: 'required',
      step_size_down: null,
      mode: 'triangular',
      exp_gamma: 1.0,
      scale_fn: null,
      scale_mode: 'cycle',
    });
    expect(sig('paddle.LinearLR')).toEqual({
      learning_rate: 'required',
      total_steps: 'required',
      start_factor: 1 / 3,
      end_factor: 1.0,
    });
    expect(sig('paddle.CosineAnnealingWarmRestarts')).toEqual({ learning_rate: 'required', T_0: 'required', T_mult: 1, eta_min: 0 });
    expect(sig('paddle.LinearWarmup')).toEqual({
      learning_rate: 'required',
      warmup_steps: 'required',
      start_lr: 'required',
      end_lr: 'required',
    });
    expect(getDefinition('paddle.ReduceOnPlateau')!.metricDriven).toBe(true);
  });

  it('gives every required parameter an example that validates', () => {
    for (const d of defs) {
      const params = Object.fromEntries(d.params.filter((p) => p.default === undefined).map((p) => [p.name, p.example]));
      expect(() => resolveSpec({ scheduler: d.id, params })).not.toThrow();
    }
  });

  it('lists equivalents that exist, in other frameworks', () => {
    for (const d of defs) {
      for (const id of equivalentsOf(d.id)) {
        expect(REQUIRED_IDS).toContain(id);
        expect(id.startsWith('paddle.')).toBe(false);
      }
    }
  });

  it('has KaTeX-renderable formulas', () => {
    for (const d of defs) expect(() => katex.renderToString(d.formula, { throwOnError: true })).not.toThrow();
  });
});

describe('closed-form schedulers against CPython', () => {
  it('NoamDecay: 0 at t = 0, linear to the peak at warmup_steps, then 1/sqrt(t)', () => {
    const v = run(P('NoamDecay', { d_model: 512, warmup_steps: 4000 }), [
      [0, 0.0],
      [1, 1.746928107421711e-7],
      [2, 3.493856214843422e-7],
      [100, 1.746928107421711e-5],
      [3999, 0.0006985965501579421],
      [4000, 0.0006987712429686843],
      [4001, 0.000698683912937353],
      [10000, 0.00044194173824159226],
      [100000, 0.00013975424859373687],
    ]);
    let peak = 0;
    for (let i = 1; i < v.length; i++) if (v[i] > v[peak]) peak = i;
    expect(peak).toBe(4000);
  });

  it('PiecewiseDecay: switches at the boundary, scans unsorted boundaries in order, uses the last value after them', () => {
    expect(Array.from(evaluate(P('PiecewiseDecay', { boundaries: [3, 6, 9], values: [0.1, 0.2, 0.3, 0.4] }), 11))).toEqual([
      0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4,
    ]);
    // first i with t < boundaries[i]: 10 for t < 10, then 20 (index 2) for t < 20, then values[-1]
    const v = evaluate(P('PiecewiseDecay', { boundaries: [10, 5, 20], values: [1, 2, 3, 4, 5, 6] }), 25);
    expect([v[0], v[9], v[10], v[19], v[20], v[24]]).toEqual([1, 1, 3, 3, 6, 6]);
  });

  it('NaturalExpDecay and InverseTimeDecay', () => {
    run(P('NaturalExpDecay', { learning_rate: 0.5, gamma: 0.1 }), [
      [0, 0.5],
      [1, 0.45241870901797976],
      [2, 0.4093653765389909],
      [10, 0.18393972058572117],
      [100, 2.2699964881242427e-5],
      [1000, 1.860037988010418e-44],
      [3000, 2.5741001112060067e-131],
    ]);
    run(P('InverseTimeDecay', { learning_rate: 0.5, gamma: 0.1 }), [
      [0, 0.5],
      [1, 0.45454545454545453],
      [2, 0.4166666666666667],
      [3, 0.3846153846153846],
      [10, 0.25],
      [999, 0.004955401387512388],
      [5000, 0.000998003992015968],
    ]);
  });

  it('InverseTimeDecay raises ZeroDivisionError where 1 + gamma * t = 0', () => {
    expectRaise(
      P('InverseTimeDecay', { learning_rate: 0.3, gamma: -0.25 }),
      10,
      [0.3, 0.4, 0.6, 1.2],
      'ZeroDivisionError',
    );
  });

  it('ExponentialDecay: gamma ** t in closed form, into the subnormal range and underflow', () => {
    run(P('ExponentialDecay', { learning_rate: 0.5, gamma: 0.9 }), [
      [0, 0.5],
      [1, 0.45],
      [2, 0.405],
      [3, 0.36450000000000005],
      [29, 0.023550643486231242],
      [100, 1.3280699443793772e-5],
      [1000, 8.7393562586134735e-47],
      [6000, 1.4256950452266087e-275],
      [7000, 2.49e-321],
      [7100, 0.0],
      [8000, 0.0],
    ]);
    run(P('ExponentialDecay', { learning_rate: 0.1, gamma: 0.999999 }), [
      [0, 0.1],
      [1, 0.0999999],
      [1023, 0.09989775225751057],
      [1024, 0.09989765235975831],
      [1025, 0.09989755246210595],
      [123457, 0.08838595918292541],
      [999999, 0.03678796251006916],
      [1000000, 0.036787925722106644],
    ]);
  });

  it('PolynomialDecay cycle=True: exact end_lr at multiples of decay_steps, then a LOWER peak', () => {
    const v = run(P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 7, end_lr: 0.01, power: 2.5, cycle: true }), [
      [0, 0.1],
      [1, 0.07121749231149117],
      [2, 0.0488081035334523],
      [3, 0.03221505474013417],
      [4, 0.02082182598517269],
      [5, 0.013927103962794809],
      [6, 0.010694220460629194],
      [7, 0.01],
      [8, 0.02082182598517269],
      [9, 0.01686036829337343],
      [10, 0.013927103962794809],
      [11, 0.011913046634734099],
      [12, 0.010694220460629194],
      [13, 0.010122721998837337],
      [14, 0.01],
      [15, 0.013927103962794809],
      [16, 0.01248954100241973],
      [17, 0.01142509642603097],
      [18, 0.010694220460629194],
      [19, 0.010251923836672804],
      [20, 0.010044534263313467],
      [21, 0.01],
      [22, 0.011913046634734099],
    ]);
    expect(v[7]).toBe(0.01);
    expect(v[8]).toBeLessThan(v[0]);
    expect(v[15]).toBeLessThan(v[8]);
  });

  it('PolynomialDecay cycle=False holds end_lr; fractional and long-horizon powers', () => {
    run(P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 10, end_lr: 0.0, power: 0.5 }), [
      [0, 0.1],
      [1, 0.09486832980505139],
      [2, 0.08944271909999159],
      [5, 0.07071067811865477],
      [9, 0.03162277660168379],
      [10, 0.0],
      [13, 0.0],
    ]);
    run(P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 300000, end_lr: 1e-4, power: 1.7, cycle: true }), [
      [0, 0.1],
      [1, 0.09999943390066045],
      [299999, 0.0001000000488044424],
      [300000, 0.0001],
      [300001, 0.030847657485779462],
      [777777, 0.0034536151211195555],
      [1000000, 0.004850161359861931],
    ]);
  });

  it('MultiStepDecay: decays AT each milestone; empty milestones; negative gamma', () => {
    const v = evaluate(P('MultiStepDecay', { learning_rate: 0.5, milestones: [2, 4, 6], gamma: 0.8 }), 8);
    expectRef(v, [
      [0, 0.5],
      [1, 0.5],
      [2, 0.4],
      [3, 0.4],
      [4, 0.32000000000000006],
      [6, 0.25600000000000006],
      [7, 0.25600000000000006],
    ]);
    expect(Array.from(evaluate(P('MultiStepDecay', { learning_rate: 0.1, milestones: [] }), 3))).toEqual([0.1, 0.1, 0.1]);
    expect(Array.from(evaluate(P('MultiStepDecay', { learning_rate: 0.1, milestones: [0, 3], gamma: -0.5 }), 4))).toEqual([
      -0.05, -0.05, -0.05, 0.025,
    ]);
  });

  it('StepDecay: gamma ** (t // step_size), the Adjust_lr of the Paddle tutorial', () => {
    expectRef(evaluate(P('StepDecay', { learning_rate: 0.1, step_size: 2, gamma: 0.95 }), 10), [
      [0, 0.1],
      [1, 0.1],
      [2, 0.095],
      [3, 0.095],
      [4, 0.09025],
      [6, 0.0857375],
      [8, 0.081450625],
      [9, 0.081450625],
    ]);
    const v = evaluate(P('StepDecay', { learning_rate: 0.1, step_size: 3 }), 10);
    expectRef(v, [
      [0, 0.1],
      [2, 0.1],
      [3, 0.010000000000000002],
      [6, 0.0010000000000000002],
      [9, 0.00010000000000000003],
    ]);
  });
});

describe('recursive schedulers against CPython', () => {
  it('CosineAnnealingDecay: recursion with the additive branch, periodic with period 2 T_max', () => {
    const v = run(P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 7, eta_min: 0.02 }), [
      [0, 0.1],
      [1, 0.09603875471609677],
      [6, 0.02396124528390324],
      [7, 0.02],
      [8, 0.023961245283903233],
      [9, 0.03506040792565065],
      [13, 0.09603875471609674],
      [14, 0.09999999999999996],
      [15, 0.09603875471609674],
      [21, 0.02],
      [22, 0.023961245283903233],
      [700, 0.1000000000000018],
      [701, 0.09603875471609875],
      [4999, 0.09603875471612948],
    ]);
    expect(v[7]).toBe(0.02); // 1 + cos(pi) == 0 exactly
  });

  it('CosineAnnealingDecay over a long horizon keeps the recursion drift of CPython', () => {
    run(P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 1000, eta_min: 1e-5 }), [
      [0, 0.1],
      [1, 0.09999975328476692],
      [500, 0.050005],
      [999, 1.0246715233098636e-5],
      [1000, 1e-5],
      [1001, 1.0246715233098636e-5],
      [1500, 0.05000500000000012],
      [2000, 0.10000000000000049],
      [2001, 0.0999997532847674],
      [54321, 0.07666091517875577],
      [99999, 0.09999975328476707],
      [100000, 0.10000000000000017],
    ]);
  });

  it('LinearLR: recursive ramp, constant after total_steps, also decreasing', () => {
    run(P('LinearLR', { learning_rate: 0.1, total_steps: 30, start_factor: 0.01, end_factor: 0.5 }), [
      [0, 0.001],
      [1, 0.0026333333333333334],
      [2, 0.004266666666666667],
      [15, 0.0255],
      [29, 0.048366666666666655],
      [30, 0.04999999999999999],
      [31, 0.04999999999999999],
      [34, 0.04999999999999999],
    ]);
    run(P('LinearLR', { learning_rate: 0.1, total_steps: 10, start_factor: 1.0, end_factor: 0.0 }), [
      [0, 0.1],
      [1, 0.09000000000000001],
      [5, 0.05000000000000001],
      [9, 0.010000000000000004],
      [10, 0.0],
      [12, 0.0],
    ]);
  });

  it('CosineAnnealingWarmRestarts: restarts at T_0, T_0(1 + T_mult), ...; never reaches eta_min', () => {
    const v = run(P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 10, T_mult: 2, eta_min: 0.001 }), [
      [0, 0.1],
      [1, 0.09757729755661011],
      [9, 0.0034227024433899004],
      [10, 0.1],
      [11, 0.09939057285945932],
      [29, 0.001609427140540686],
      [30, 0.1],
      [69, 0.0011525919802101658],
      [70, 0.1],
      [150, 0.1],
      [199, 0.07880350403126682],
    ]);
    expect(Math.min(...v)).toBeGreaterThan(0.001);
    const restarts = evaluate(P('CosineAnnealingWarmRestarts', { learning_rate: 0.5, T_0: 1, T_mult: 2 }), 40);
    expect([0, 1, 3, 7, 15, 31].every((i) => restarts[i] === 0.5)).toBe(true);
    expect(restarts[2]).toBeCloseTo(0.25, 15);
  });
});

describe('LinearWarmup', () => {
  it('ramps towards end_lr and JUMPS to a different constant learning_rate', () => {
    run(P('LinearWarmup', { learning_rate: 0.1, warmup_steps: 7, start_lr: 0.01, end_lr: 0.3 }), [
      [0, 0.01],
      [1, 0.05142857142857143],
      [2, 0.09285714285714285],
      [3, 0.13428571428571426],
      [4, 0.1757142857142857],
      [5, 0.21714285714285714],
      [6, 0.2585714285714285],
      [7, 0.1],
      [8, 0.1],
      [9, 0.1],
    ]);
  });

  it('evaluates a wrapped CosineAnnealingDecay in CLOSED form, shifted by warmup_steps', () => {
    const inner = P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 30, eta_min: 0.01 });
    const v = run(P('LinearWarmup', { learning_rate: inner, warmup_steps: 5, start_lr: 0.0, end_lr: 0.1 }), [
      [0, 0.0],
      [1, 0.02],
      [4, 0.08],
      [5, 0.1],
      [6, 0.0997534852915723],
      [20, 0.055000000000000014],
      [35, 0.01],
      [36, 0.010246514708427697],
      [64, 0.0997534852915723],
      [65, 0.1],
      [66, 0.09975348529157231],
      [95, 0.01],
      [199, 0.05970378084704456],
    ]);
    // closed form: eta + (b - eta)(1 + cos(pi e / T)) / 2 with e = t - W, bit for bit at e = 15
    expect(v[20]).toBe(0.01 + ((0.1 - 0.01) * (1 + Math.cos((Math.PI * 15) / 30))) / 2);
  });

  it('drives a wrapped LinearLR by its own recursion, shifted', () => {
    const inner = P('LinearLR', { learning_rate: 0.2, total_steps: 9, start_factor: 0.1, end_factor: 0.8 });
    run(P('LinearWarmup', { learning_rate: inner, warmup_steps: 3, start_lr: 0.0, end_lr: 0.05 }), [
      [0, 0.0],
      [1, 0.016666666666666666],
      [2, 0.03333333333333333],
      [3, 0.020000000000000004],
      [4, 0.03555555555555556],
      [8, 0.0977777777777778],
      [12, 0.16000000000000003],
      [15, 0.16000000000000003],
    ]);
  });

  it("puts CosineAnnealingWarmRestarts(T_0=1, T_mult=3) one cycle low at epoch 121, like CPython's log(243, 3)", () => {
    const inner = P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 1, T_mult: 3, eta_min: 0.001 });
    const v = run(P('LinearWarmup', { learning_rate: inner, warmup_steps: 2, start_lr: 0.0, end_lr: 0.1 }), [
      [0, 0.0],
      [1, 0.05],
      [2, 0.1],
      [3, 0.1],
      [4, 0.07525000000000001],
      [5, 0.025750000000000012],
      [6, 0.1],
      [14, 0.003985215271097539],
      [15, 0.1],
      [41, 0.0013347012917738204],
      [42, 0.1],
      [43, 0.0999627736489594],
      [122, 0.001037226351040613],
      [123, 0.001],
      [124, 0.09999586327784415],
      [365, 0.001004136722155855],
      [366, 0.1],
    ]);
    expect(v[123]).toBe(0.001); // epoch 121: T_cur == T_i, so eta_min
    // step() bookkeeping restarts there instead
    const plain = evaluate(inner, 123);
    expect(plain[121]).toBe(0.1);
  });

  it('nests, and surfaces errors of the wrapped scheduler at the right step', () => {
    const inner = P('LinearWarmup', {
      learning_rate: P('StepDecay', { learning_rate: 0.3, step_size: 4, gamma: 0.5 }),
      warmup_steps: 3,
      start_lr: 0.1,
      end_lr: 0.2,
    });
    const v = evaluate(P('LinearWarmup', { learning_rate: inner, warmup_steps: 2, start_lr: 0.0, end_lr: 0.1 }), 12);
    expectRef(v, [
      [0, 0.0],
      [1, 0.05],
      [2, 0.1],
      [3, 0.13333333333333333],
      [4, 0.16666666666666669],
      [5, 0.3],
      [8, 0.3],
      [9, 0.15],
    ]);
    const oneCycle = P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 20 });
    const warm = P('LinearWarmup', { learning_rate: oneCycle, warmup_steps: 4, start_lr: 0, end_lr: 0.1 });
    const v25 = Array.from(values(warm, 25)); // inner epochs 0..20: 20 = total_steps is still allowed
    expect(v25[4]).toBe(evaluate(oneCycle, 1)[0]);
    expectRaise(warm, 40, v25, 'ValueError');
  });

  it('rejects ReduceOnPlateau and non-Paddle schedulers as the wrapped rate', () => {
    const e = paramErrorOf(
      P('LinearWarmup', { learning_rate: P('ReduceOnPlateau', { learning_rate: 0.1 }), warmup_steps: 2, start_lr: 0, end_lr: 0.1 }),
    );
    expect(e.param).toBe('learning_rate');
    expect(e.reason).toMatch(/cannot be used here/);
    const bad = paramErrorOf(
      P('LinearWarmup', { learning_rate: P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 0 }), warmup_steps: 2, start_lr: 0, end_lr: 0.1 }),
    );
    expect(bad.path).toBe('learning_rate.T_max');
  });
});

describe('OneCycleLR', () => {
  it('cos: from max/divide_factor up to max at pct*T - 1, down to the ABSOLUTE end_learning_rate, extrapolates at T', () => {
    run(P('OneCycleLR', { max_learning_rate: 1.0, total_steps: 100 }), [
      [0, 0.040000000000000036],
      [1, 0.042813780565907456],
      [28, 0.9971862194340926],
      [29, 1.0],
      [30, 0.9994965836173303],
      [50, 0.7939132368836219],
      [98, 0.000603416382669771],
      [99, 0.0001],
      [100, 0.0006034163826697155],
    ]);
  });

  it('three-phase linear goes negative at t = T and raises ValueError one step later', () => {
    const spec = P('OneCycleLR', {
      max_learning_rate: 0.1,
      total_steps: 50,
      end_learning_rate: 0.0,
      phase_pct: 0.25,
      anneal_strategy: 'linear',
      three_phase: true,
    });
    const v = run(spec, [
      [0, 0.004],
      [5, 0.0457391304347826],
      [11, 0.09582608695652174],
      [12, 0.09582608695652174],
      [13, 0.08747826086956523],
      [23, 0.0040000000000000036],
      [24, 0.0038461538461538464],
      [25, 0.0036923076923076922],
      [40, 0.0013846153846153847],
      [49, 0.0],
      [50, -0.00015384615384615458],
    ]);
    expectRaise(spec, 60, Array.from(v), 'ValueError');
  });

  it('degenerate phases: pct*T - 1 < 0 skips phase one; pct*T - 1 == 0 raises ZeroDivisionError at once', () => {
    run(P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 10, phase_pct: 0.05 }), [
      [0, 0.09931874710496598],
      [1, 0.09397971387276413],
      [5, 0.037787999917317086],
      [9, 0.0001],
      [10, 0.0028064287770533055],
    ]);
    expectRaise(P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 10, phase_pct: 0.1 }), 5, [], 'ZeroDivisionError');
  });
});

describe('CyclicLR', () => {
  it('triangular with step_size_down != step_size_up', () => {
    run(P('CyclicLR', { base_learning_rate: 0.5, max_learning_rate: 1.0, step_size_up: 15, step_size_down: 5 }), [
      [0, 0.5],
      [1, 0.5333333333333333],
      [7, 0.7333333333333334],
      [14, 0.9666666666666666],
      [15, 1.0],
      [16, 0.8999999999999999],
      [19, 0.6000000000000001],
      [20, 0.5],
      [21, 0.5333333333333332],
      [40, 0.5],
      [44, 0.6333333333333334],
    ]);
  });

  it('triangular2 halves the amplitude each cycle; base above max inverts the triangle', () => {
    run(P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 3, mode: 'triangular2' }), [
      [0, 0.1],
      [1, 0.2333333333333334],
      [3, 0.5],
      [4, 0.3666666666666668],
      [6, 0.1],
      [9, 0.30000000000000004],
      [12, 0.1],
      [15, 0.2],
      [19, 0.11666666666666661],
    ]);
    run(P('CyclicLR', { base_learning_rate: 0.5, max_learning_rate: 0.1, step_size_up: 3 }), [
      [0, 0.5],
      [1, 0.3666666666666666],
      [3, 0.09999999999999998],
      [6, 0.5],
      [7, 0.3666666666666664],
    ]);
  });

  it('exp_range scales by exp_gamma ** t with t the ABSOLUTE iteration', () => {
    run(
      P('CyclicLR', {
        base_learning_rate: 0.1,
        max_learning_rate: 0.5,
        step_size_up: 4,
        step_size_down: 2,
        mode: 'exp_range',
        exp_gamma: 0.99,
      }),
      [
        [0, 0.1],
        [1, 0.19900000000000007],
        [3, 0.3910897000000001],
        [4, 0.48423840399999984],
        [5, 0.2901980099799998],
        [6, 0.1],
        [7, 0.19320653479069916],
        [100, 0.24641293650929116],
        [1027, 0.10000329112859328],
        [2999, 0.10000000000001626],
      ],
    );
  });

  it('raises OverflowError where Python float ** overflows', () => {
    const err = stepErrorOf(P('CyclicLR', { base_learning_rate: 0, max_learning_rate: 1, step_size_up: 1, mode: 'triangular2' }), 3000);
    expect(err.reason).toMatch(/^OverflowError/);
    expect(err.step).toBe(2048); // the step() computing update 2048 needs cycle 1025: 2.0 ** 1024
    expect(() =>
      evaluate(P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 4, mode: 'exp_range', exp_gamma: 1.5 }), 3000),
    ).toThrow(/OverflowError/);
  });

  it('takes a custom scale_fn of the cycle or of the iteration', () => {
    const base = { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 2, step_size_down: 2 };
    expectRef(evaluate(P('CyclicLR', { ...base, scale_fn: 'lambda x: 0.5 ** x', scale_mode: 'cycle' }), 10), [
      [0, 0.1],
      [1, 0.2],
      [2, 0.30000000000000004],
      [3, 0.2],
      [4, 0.1],
      [5, 0.15000000000000002],
      [6, 0.2],
      [9, 0.125],
    ]);
    expectRef(evaluate(P('CyclicLR', { ...base, scale_fn: 'lambda x: 1/(1+x)', scale_mode: 'iterations' }), 10), [
      [1, 0.2],
      [2, 0.23333333333333334],
      [3, 0.15000000000000002],
      [6, 0.15714285714285714],
      [9, 0.12000000000000001],
    ]);
  });
});

describe('lambda schedulers', () => {
  it('LambdaDecay applies lambda(0) and gets the integer counter', () => {
    expectRef(evaluate(P('LambdaDecay', { learning_rate: 0.5, lr_lambda: 'lambda x: 0.95 ** x' }), 4), [
      [0, 0.5],
      [1, 0.475],
      [2, 0.45125],
      [3, 0.42868749999999994],
    ]);
    expectRef(evaluate(P('LambdaDecay', { learning_rate: 0.1, lr_lambda: 'lambda epoch: 0.95 ** (epoch // 2)' }), 10), [
      [1, 0.1],
      [2, 0.095],
      [9, 0.081450625],
    ]);
  });

  it('MultiplicativeDecay multiplies lambda(1) ... lambda(t) left to right, in O(1) per step', () => {
    const spec = P('MultiplicativeDecay', { learning_rate: 0.5, lr_lambda: 'lambda e: 1 - 1/(e+10)' });
    expectRef(evaluate(spec, 20001), [
      [0, 0.5],
      [1, 0.45454545454545453],
      [2, 0.41666666666666663],
      [10, 0.25000000000000006],
      [1000, 0.004950495049504962],
      [20000, 0.0002498750624687632],
    ]);
    const t0 = performance.now();
    evaluate(spec, 1_000_000); // a product loop per step would take hours
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('ReduceOnPlateau', () => {
  const plateau = (params: Record<string, unknown>, metrics: number[]) =>
    Array.from(evaluate(P('ReduceOnPlateau', params), metrics.length, { metrics: Float64Array.from(metrics) }));

  it('reduces on the (patience+1)-th non-improving metric', () => {
    expect(plateau({ learning_rate: 0.1, patience: 2 }, Array(14).fill(1.0))).toEqual([
      0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002,
      0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003,
      1.0000000000000004e-5,
    ]);
  });

  it('ignores metrics during cooldown entirely (best is not updated)', () => {
    // The 1.0 falls in the cooldown: Paddle never records it, so 3.0 later counts as an improvement.
    expect(plateau({ learning_rate: 0.1, patience: 1, cooldown: 2 }, [5, 5, 5, 1, 3, 3, 3, 3, 3, 3])).toEqual([
      0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
      0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002,
    ]);
  });

  it('takes a NaN first metric as best (best = None), after which nothing improves', () => {
    expect(plateau({ learning_rate: 0.1, patience: 1 }, [NaN, 1.0, 0.5, 0.25, 0.1, 0.05, 0.01, 0.0, -1.0])).toEqual([
      0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002,
      0.00010000000000000003, 0.00010000000000000003,
    ]);
  });

  it('max mode with abs threshold and min_lr; epsilon skips small reductions', () => {
    expect(
      plateau(
        { learning_rate: 0.1, mode: 'max', threshold_mode: 'abs', threshold: 0.05, patience: 1, min_lr: 0.003 },
        [0.5, 0.52, 0.54, 0.6, 0.61, 0.62, 0.63, 0.7, 0.7, 0.7, 0.7, 0.7],
      ),
    ).toEqual([0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003]);
    expect(plateau({ learning_rate: 1.0, patience: 0, factor: 0.5, min_lr: 0.3, epsilon: 0.15 }, Array(6).fill(1.0))).toEqual([
      1.0, 1.0, 0.5, 0.3, 0.3, 0.3,
    ]);
  });

  it('needs a metric after every step', () => {
    expect(() => evaluate(P('ReduceOnPlateau', { learning_rate: 0.1 }), 5)).toThrow(/metric/);
  });
});

describe('validation follows Paddle', () => {
  const cases: [ScheduleSpec, string, RegExp][] = [
    [P('NoamDecay', { d_model: 0, warmup_steps: 10 }), 'd_model', /> 0/],
    [P('NoamDecay', { d_model: 512, warmup_steps: 0 }), 'warmup_steps', /ZeroDivisionError/],
    [P('NoamDecay', { d_model: 512, warmup_steps: -5 }), 'warmup_steps', /positive/],
    [P('PiecewiseDecay', { boundaries: [], values: [0.1] }), 'boundaries', /at least 1/],
    [P('PiecewiseDecay', { boundaries: [3, 6], values: [0.1, 0.2] }), 'values', /at least 3 items/],
    [P('NaturalExpDecay', { learning_rate: 0.1, gamma: 0 }), 'gamma', /> 0/],
    [P('NaturalExpDecay', { learning_rate: -0.1, gamma: 0.1 }), 'learning_rate', />= 0/],
    [P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 0 }), 'decay_steps', />= 1/],
    [P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 2.5 }), 'decay_steps', /integer/],
    [P('PolynomialDecay', { learning_rate: 0.1, decay_steps: 10, power: 0 }), 'power', /> 0/],
    [P('LinearWarmup', { learning_rate: 0.1, warmup_steps: 10, start_lr: 0.2, end_lr: 0.1 }), 'end_lr', /greater than start_lr/],
    [P('LinearWarmup', { learning_rate: 0.1, warmup_steps: 0, start_lr: 0, end_lr: 0.1 }), 'warmup_steps', />= 1/],
    [P('LinearWarmup', { learning_rate: 0.1, warmup_steps: 10, start_lr: -1, end_lr: 0.1 }), 'start_lr', />= 0/],
    [P('ExponentialDecay', { learning_rate: 0.1, gamma: 1 }), 'gamma', /< 1/],
    [P('ExponentialDecay', { learning_rate: 0.1, gamma: 0 }), 'gamma', /> 0/],
    [P('MultiStepDecay', { learning_rate: 0.1, milestones: [5, 5] }), 'milestones', /strictly increasing/],
    [P('MultiStepDecay', { learning_rate: 0.1, milestones: [5], gamma: 1.5 }), 'gamma', /< 1/],
    [P('StepDecay', { learning_rate: 0.1, step_size: 0 }), 'step_size', />= 1/],
    [P('StepDecay', { learning_rate: 0.1, step_size: 3, gamma: 1 }), 'gamma', /< 1/],
    [P('LambdaDecay', { learning_rate: 0.1 }), 'lr_lambda', /required/],
    [P('ReduceOnPlateau', { learning_rate: 0.1, factor: 1.0 }), 'factor', /< 1/],
    [P('ReduceOnPlateau', { learning_rate: 0.1, mode: 'mean' }), 'mode', /'min', 'max'/],
    [P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 0 }), 'T_max', />= 1/],
    [P('CosineAnnealingDecay', { learning_rate: 0.1, T_max: 1.5 }), 'T_max', /integer/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 0 }), 'total_steps', />= 1/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, phase_pct: 1.5 }), 'phase_pct', /<= 1/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, phase_pct: 0.5, three_phase: true }), 'phase_pct', /less than 0.5/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, divide_factor: 0 }), 'divide_factor', /ZeroDivisionError/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, divide_factor: -2 }), 'divide_factor', /negative/],
    [P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, end_learning_rate: -1 }), 'end_learning_rate', />= 0/],
    [P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 0 }), 'step_size_up', />= 1/],
    [P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 2, step_size_down: 0 }), 'step_size_down', />= 1/],
    [P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: -0.5, step_size_up: 2 }), 'max_learning_rate', />= 0/],
    [P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 2, scale_mode: 'epoch' }), 'scale_mode', /'cycle'/],
    [P('LinearLR', { learning_rate: 0.1, total_steps: 10, start_factor: 0 }), 'start_factor', /> 0/],
    [P('LinearLR', { learning_rate: 0.1, total_steps: 10, start_factor: 1.5 }), 'start_factor', /<= 1/],
    [P('LinearLR', { learning_rate: 0.1, total_steps: 10, end_factor: 1.5 }), 'end_factor', /<= 1/],
    [P('LinearLR', { learning_rate: 0.1, total_steps: 0 }), 'total_steps', />= 1/],
    [P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 0 }), 'T_0', />= 1/],
    [P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 5, T_mult: 0 }), 'T_mult', />= 1/],
    [P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 5, T_mult: 1.5 }), 'T_mult', /integer/],
    [P('StepDecay', { learning_rate: 0.1, step_size: 3, verbose: true }), 'verbose', /not an argument/],
  ];
  it.each(cases)('%j rejects %s', (spec, param, reason) => {
    const e = paramErrorOf(spec);
    expect(e.param).toBe(param);
    expect(e.reason).toMatch(reason);
  });

  it('accepts what Paddle accepts without checks', () => {
    // InverseTimeDecay: gamma unchecked; ReduceOnPlateau: learning_rate only type-checked; unsorted piecewise boundaries
    for (const spec of [
      P('InverseTimeDecay', { learning_rate: 0.1, gamma: -0.5 }),
      P('ReduceOnPlateau', { learning_rate: 0.1, patience: -1, cooldown: 3, min_lr: -1 }),
      P('PiecewiseDecay', { boundaries: [9, 3], values: [0.1, 0.2, 0.3] }),
      P('CyclicLR', { base_learning_rate: 0.5, max_learning_rate: 0.1, step_size_up: 2, exp_gamma: -2 }),
      P('OneCycleLR', { max_learning_rate: 0, total_steps: 1, divide_factor: -3 }),
    ]) {
      expect(() => resolveSpec(spec)).not.toThrow();
    }
  });
});

describe('batch evaluation (Stepper.fill)', () => {
  it.each([
    P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 50, three_phase: true, phase_pct: 0.2 }),
    P('InverseTimeDecay', { learning_rate: 0.3, gamma: -0.25 }),
    P('CyclicLR', { base_learning_rate: 0.1, max_learning_rate: 0.5, step_size_up: 4, mode: 'exp_range', exp_gamma: 1.5 }),
    P('LinearWarmup', { learning_rate: P('OneCycleLR', { max_learning_rate: 0.1, total_steps: 20 }), warmup_steps: 4, start_lr: 0, end_lr: 0.1 }),
    P('MultiplicativeDecay', { learning_rate: 0.5, lr_lambda: 'lambda e: 1 / (5 - e)' }),
    P('MultiplicativeDecay', { learning_rate: 0.1, lr_lambda: 'lambda e: 0.95' }),
    P('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: 3, T_mult: 2 }),
  ])('evaluate matches lr()/step() bit for bit, and raises at the same step: %j', (spec) => {
    const n = 20_000;
    const ref = canonical(spec, n);
    if (ref.raisedAt === null) {
      expect(Array.from(evaluate(spec, n))).toEqual(ref.values);
      return;
    }
    const err = stepErrorOf(spec, n);
    expect(err.step).toBe(ref.raisedAt);
    expect(Array.from(err.partial)).toEqual(ref.values.slice(0, ref.raisedAt));
  });

  it('ReduceOnPlateau through fill gets metrics[i] after update i', () => {
    const metrics = Float64Array.from({ length: 500 }, (_, i) => 1 / (1 + i / 50) + 0.02 * Math.sin(i));
    const spec = P('ReduceOnPlateau', { learning_rate: 0.1, patience: 2, cooldown: 3, factor: 0.5 });
    expect(Array.from(evaluate(spec, 500, { metrics }))).toEqual(canonical(spec, 500, metrics).values);
  });
});
