/**
 * Optax schedules: values against an independent float32 reference, validation, quirks.
 *
 * Reference values: a separate vectorised port of optax/schedules/_schedule.py and _join.py on
 * numpy arrays (int32 counts, float32 values, Python floats weakly typed as jax does, both
 * branches of jnp.where evaluated), run with /usr/bin/python3 + numpy 1.24. cos/pow were taken as
 * the correctly rounded float32 value (float64 numpy, then cast); XLA's and numpy's own float32
 * kernels differ by a few ulp. Values are the shortest decimal of each float32;
 * `Math.fround(literal)` restores it exactly.
 */
import { describe, expect, it } from 'vitest';
import { closedFormOf, evaluate, getDefinition, ScheduleParamError, validateSpec } from '../../src/schedules';
import type { ScheduleSpec } from '../../src/schedules';

const fr = Math.fround;

interface Case {
  spec: ScheduleSpec;
  expected: number[];
}

const CASES: Record<string, Case> = {
  o_poly: {
    spec: { scheduler: 'optax.polynomial_schedule', params: {init_value: 1.0, end_value: 0.01, power: 2, transition_steps: 10, transition_begin: 3} },
    expected: [1, 1, 1, 1, 0.81189996, 0.64360005, 0.49509996, 0.3664, 0.2575, 0.16839999, 0.0991, 0.049599998, 0.019900005, 0.01, 0.01, 0.01, 0.01],
  },
  o_poly_sqrt: {
    spec: { scheduler: 'optax.polynomial_schedule', params: {init_value: 1.0, end_value: 0.0, power: 0.5, transition_steps: 10} },
    expected: [1, 0.94868326, 0.8944272, 0.83666, 0.7745967, 0.70710677, 0.6324555, 0.5477226, 0.4472136, 0.3162278, 0, 0],
  },
  o_poly_negbegin: {
    spec: { scheduler: 'optax.polynomial_schedule', params: {init_value: 1.0, end_value: 0.0, power: 1, transition_steps: 4, transition_begin: -3} },
    expected: [1, 0.75, 0.5, 0.25, 0, 0],
  },
  o_lin: {
    spec: { scheduler: 'optax.linear_schedule', params: {init_value: 0.1, end_value: 0.0, transition_steps: 8} },
    expected: [0.1, 0.0875, 0.075, 0.0625, 0.05, 0.0375, 0.025, 0.0125, 0, 0, 0],
  },
  o_lin_begin: {
    spec: { scheduler: 'optax.linear_schedule', params: {init_value: 0.0, end_value: 1.0, transition_steps: 10, transition_begin: 5} },
    expected: [0, 0, 0, 0, 0, 0, 0.100000024, 0.19999999, 0.3, 0.39999998, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1, 1],
  },
  o_pc: {
    spec: { scheduler: 'optax.piecewise_constant_schedule', params: {init_value: 0.1, boundaries_and_scales: {"3": 0.5, "6": 0.1, "0": 2.0}} },
    expected: [0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.010000001, 0.010000001, 0.010000001],
  },
  o_exp: {
    spec: { scheduler: 'optax.exponential_decay', params: {init_value: 0.1, transition_steps: 5, decay_rate: 0.5} },
    expected: [0.1, 0.08705506, 0.07578583, 0.06597539, 0.057434916, 0.05, 0.043527525, 0.037892915, 0.032987695, 0.028717462, 0.025, 0.021763762, 0.018946456, 0.01649385, 0.014358731, 0.0125, 0.010881881, 0.009473228, 0.008246925, 0.0071793655, 0.00625],
  },
  o_exp_stair: {
    spec: { scheduler: 'optax.exponential_decay', params: {init_value: 0.1, transition_steps: 4, decay_rate: 0.5, transition_begin: 3, staircase: true} },
    expected: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125],
  },
  o_exp_floor: {
    spec: { scheduler: 'optax.exponential_decay', params: {init_value: 0.1, transition_steps: 5, decay_rate: 0.5, end_value: 0.02} },
    expected: [0.1, 0.08705506, 0.07578583, 0.06597539, 0.057434916, 0.05, 0.043527525, 0.037892915, 0.032987695, 0.028717462, 0.025, 0.021763762, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02],
  },
  o_exp_ceil: {
    spec: { scheduler: 'optax.exponential_decay', params: {init_value: 0.1, transition_steps: 3, decay_rate: 2.0, end_value: 0.5} },
    expected: [0.1, 0.1259921, 0.1587401, 0.2, 0.2519842, 0.3174802, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5],
  },
  o_cos: {
    spec: { scheduler: 'optax.cosine_decay_schedule', params: {init_value: 0.1, decay_steps: 10, alpha: 0.1, exponent: 2.0} },
    expected: [0.1, 0.09564898, 0.0836322, 0.0667239, 0.04855432, 0.032499995, 0.020742793, 0.0138232205, 0.010820676, 0.010053898, 0.010000001, 0.010000001, 0.010000001, 0.010000001, 0.010000001],
  },
  o_cos_15: {
    spec: { scheduler: 'optax.cosine_decay_schedule', params: {init_value: 0.1, decay_steps: 11, exponent: 1.5} },
    expected: [0.1, 0.096977405, 0.08833349, 0.07526571, 0.05953614, 0.043165196, 0.028083218, 0.01580252, 0.0071687982, 0.0022362014, 0.00028823683, 0, 0],
  },
  o_join: {
    spec: { scheduler: 'optax.join_schedules', params: {schedules: [{scheduler: "optax.constant_schedule", params: {value: 1.0}}, {scheduler: "optax.linear_schedule", params: {init_value: 1.0, end_value: 0.0, transition_steps: 4}}, {scheduler: "optax.cosine_decay_schedule", params: {init_value: 0.5, decay_steps: 5}}], boundaries: [3, 6]} },
    expected: [1, 1, 1, 1, 0.75, 0.5, 0.5, 0.45225424, 0.32725424, 0.17274573, 0.047745734, 0, 0, 0],
  },
  o_join_rev: {
    spec: { scheduler: 'optax.join_schedules', params: {schedules: [{scheduler: "optax.constant_schedule", params: {value: 1.0}}, {scheduler: "optax.constant_schedule", params: {value: 2.0}}, {scheduler: "optax.linear_schedule", params: {init_value: 0.5, end_value: 0.0, transition_steps: 4}}], boundaries: [6, 3]} },
    expected: [1, 1, 1, 0.5, 0.375, 0.25, 0.125, 0, 0, 0],
  },
  o_join_neg: {
    spec: { scheduler: 'optax.join_schedules', params: {schedules: [{scheduler: "optax.constant_schedule", params: {value: 1.0}}, {scheduler: "optax.linear_schedule", params: {init_value: 1.0, end_value: 0.0, transition_steps: 10}}], boundaries: [-4]} },
    expected: [0.6, 0.5, 0.39999998, 0.3, 0.19999999, 0.100000024, 0, 0],
  },
  o_wconst: {
    spec: { scheduler: 'optax.warmup_constant_schedule', params: {init_value: 0.0, peak_value: 1.0, warmup_steps: 4} },
    expected: [0, 0.25, 0.5, 0.75, 1, 1, 1],
  },
  o_wcos: {
    spec: { scheduler: 'optax.warmup_cosine_decay_schedule', params: {init_value: 0.0, peak_value: 1.0, warmup_steps: 5, decay_steps: 20, end_value: 0.1} },
    expected: [0, 0.19999999, 0.39999998, 0.6, 0.8, 1, 0.9901664, 0.9610954, 0.9140576, 0.85110873, 0.775, 0.68905765, 0.5970378, 0.5029622, 0.41094232, 0.32499996, 0.2488912, 0.18594232, 0.13890453, 0.10983357, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  },
  o_wcos_exp2: {
    spec: { scheduler: 'optax.warmup_cosine_decay_schedule', params: {init_value: 0.01, peak_value: 0.1, warmup_steps: 3, decay_steps: 12, exponent: 2.0} },
    expected: [0.009999998, 0.040000003, 0.07, 0.1, 0.09406019, 0.07797282, 0.056250002, 0.03443625, 0.01707143, 0.0062499987, 0.001368378, 0.00009092433, 0, 0],
  },
  o_wcos_w0: {
    spec: { scheduler: 'optax.warmup_cosine_decay_schedule', params: {init_value: 0.5, peak_value: 0.1, warmup_steps: 0, decay_steps: 10, end_value: 0.01} },
    expected: [0.1, 0.09779754, 0.091405764, 0.081450336, 0.06890576, 0.054999996, 0.041094232, 0.028549656, 0.018594233, 0.012202458, 0.010000001, 0.010000001],
  },
  o_wcos_wneg: {
    spec: { scheduler: 'optax.warmup_cosine_decay_schedule', params: {init_value: 0.5, peak_value: 0.1, warmup_steps: -3, decay_steps: 7} },
    expected: [0.07938927, 0.06545085, 0.049999997, 0.034549147, 0.02061073, 0.009549147, 0.002447176, 0, 0, 0, 0, 0],
  },
  o_wexp: {
    spec: { scheduler: 'optax.warmup_exponential_decay_schedule', params: {init_value: 0.0, peak_value: 0.1, warmup_steps: 3, transition_steps: 4, decay_rate: 0.5, transition_begin: 2, staircase: true, end_value: 0.02} },
    expected: [0, 0.03333334, 0.06666667, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02],
  },
  o_sgdr: {
    spec: { scheduler: 'optax.sgdr_schedule', params: {cosine_kwargs: [{init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 5}, {init_value: 0.0, peak_value: 0.08, warmup_steps: 2, decay_steps: 10, end_value: 0.01}, {init_value: 0.05, peak_value: 0.05, warmup_steps: 0, decay_steps: 15, exponent: 2.0}]} },
    expected: [0.1, 0.090450846, 0.06545085, 0.034549147, 0.009549147, 0, 0.04, 0.08, 0.07733578, 0.06974874, 0.058393914, 0.044999998, 0.03160608, 0.020251265, 0.012664213, 0.05, 0.048913352, 0.0457707, 0.04090678, 0.034824964, 0.028125001, 0.021419069, 0.015249789, 0.010023366, 0.005968218, 0.0031249993, 0.0013684313, 0.00045593103, 0.00009342978, 0.0000059690783, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  o_interp_lin: {
    spec: { scheduler: 'optax.piecewise_interpolate_schedule', params: {interpolate_type: "linear", init_value: 1.0, boundaries_and_scales: {"4": 0.1, "8": 0.01}} },
    expected: [1, 0.775, 0.55, 0.32500005, 0.1, 0.07525, 0.0505, 0.025750004, 0.001, 0.001, 0.001],
  },
  o_interp_cos: {
    spec: { scheduler: 'optax.piecewise_interpolate_schedule', params: {interpolate_type: "cosine", init_value: 1.0, boundaries_and_scales: {"4": 0.1, "8": 0.01}} },
    expected: [1, 0.8681981, 0.54999995, 0.23180196, 0.1, 0.08550179, 0.050499994, 0.015498215, 0.001, 0.001, 0.001],
  },
  o_interp_negkey: {
    spec: { scheduler: 'optax.piecewise_interpolate_schedule', params: {interpolate_type: "linear", init_value: 1.0, boundaries_and_scales: {"-2": 0.5, "5": 0.1}} },
    expected: [0.37142855, 0.30714285, 0.24285713, 0.17857143, 0.11428571, 0.05, 0.05, 0.05, 0.05],
  },
  o_interp_key0: {
    spec: { scheduler: 'optax.piecewise_interpolate_schedule', params: {interpolate_type: "cosine", init_value: 1.0, boundaries_and_scales: {"0": 3.0, "4": 0.5}} },
    expected: [3, 2.7803302, 2.25, 1.7196699, 1.5, 1.5, 1.5],
  },
  o_lin1c: {
    spec: { scheduler: 'optax.linear_onecycle_schedule', params: {transition_steps: 20, peak_value: 0.1} },
    expected: [0.004, 0.020000001, 0.036000002, 0.052, 0.068, 0.084, 0.1, 0.09127273, 0.08254546, 0.073818184, 0.06509091, 0.056363635, 0.047636364, 0.038909093, 0.030181818, 0.02145455, 0.012727268, 0.004, 0.0026668, 0.0013335999, 0.0000004, 0.0000004, 0.0000004],
  },
  o_lin1c_T1: {
    spec: { scheduler: 'optax.linear_onecycle_schedule', params: {transition_steps: 1, peak_value: 0.1} },
    expected: [0.00016000001, 0.000000016000001, 0.000000016000001],
  },
  o_lin1c_T3: {
    spec: { scheduler: 'optax.linear_onecycle_schedule', params: {transition_steps: 3, peak_value: 0.1} },
    expected: [0.1, 0.052, 0.004, 0.0000004, 0.0000004],
  },
  o_cos1c: {
    spec: { scheduler: 'optax.cosine_onecycle_schedule', params: {transition_steps: 20, peak_value: 0.1} },
    expected: [0.0040000007, 0.010430776, 0.028000005, 0.052000005, 0.076000005, 0.09356922, 0.1, 0.098746404, 0.09504846, 0.08909162, 0.08117457, 0.0716943, 0.061126195, 0.050000194, 0.03887419, 0.028306095, 0.018825825, 0.010908781, 0.004951935, 0.0012539999, 0.0000004, 0.0000004, 0.0000004],
  },
  o_cos1c_T2: {
    spec: { scheduler: 'optax.cosine_onecycle_schedule', params: {transition_steps: 2, peak_value: 0.1} },
    expected: [0.1, 0.050000194, 0.0000004, 0.0000004],
  },
  o_cos1c_pct1: {
    spec: { scheduler: 'optax.cosine_onecycle_schedule', params: {transition_steps: 5, peak_value: 0.1, pct_start: 1.0} },
    expected: [0.004, 0.0036180357, 0.0026180397, 0.0013819762, 0.00038198038, 0.000000016000001, 0.000000016000001, 0.000000016000001],
  },
};

function paramErrorOf(spec: ScheduleSpec): ScheduleParamError {
  const e = validateSpec(spec);
  expect(e).toBeInstanceOf(ScheduleParamError);
  return e as ScheduleParamError;
}

const lrs = (spec: ScheduleSpec, n: number): number[] => Array.from(evaluate(spec, n));
const child = (scheduler: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler, params });

describe('Optax schedules match an independent float32 reference bit for bit', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.spec.scheduler} ${JSON.stringify(c.spec.params)}`, () => {
      expect(lrs(c.spec, c.expected.length)).toEqual(c.expected.map(fr));
    });
  }

  it('optax docstring examples', () => {
    // piecewise_interpolate_schedule('linear', 1.0, {4: 0.1, 8: 0.01}) at 0, 2, ..., 10.
    const v = lrs(child('optax.piecewise_interpolate_schedule', { interpolate_type: 'linear', init_value: 1, boundaries_and_scales: { 4: 0.1, 8: 0.01 } }), 11);
    expect([0, 2, 4, 6, 8, 10].map((t) => v[t].toFixed(6))).toEqual(['1.000000', '0.550000', '0.100000', '0.050500', '0.001000', '0.001000']);
    // polynomial_schedule(1.0, 0.01, power=2, transition_steps=100, transition_begin=5).
    const p = lrs(child('optax.polynomial_schedule', { init_value: 1, end_value: 0.01, power: 2, transition_steps: 100, transition_begin: 5 }), 111);
    expect([0, 5, 6, 104, 105, 110].map((t) => p[t].toFixed(4))).toEqual(['1.0000', '1.0000', '0.9803', '0.0101', '0.0100', '0.0100']);
    // piecewise_constant_schedule(1.0, {100: 0.1, 200: 0.01}) at 50, 150, 250.
    const c = lrs(child('optax.piecewise_constant_schedule', { init_value: 1, boundaries_and_scales: { 100: 0.1, 200: 0.01 } }), 251);
    expect([c[50], c[150], c[250]]).toEqual([1, fr(0.1), fr(fr(0.1) * fr(0.01))]);
  });

  it('every value is a float32, constants included', () => {
    expect(lrs(child('optax.constant_schedule', { value: 0.1 }), 3)).toEqual([fr(0.1), fr(0.1), fr(0.1)]);
    for (const c of Object.values(CASES)) for (const v of lrs(c.spec, c.expected.length)) expect(fr(v)).toBe(v);
  });
});

describe('Optax quirks', () => {
  it('transition_steps <= 0 gives a constant init_value (logged by Optax, not an error)', () => {
    for (const t of [0, -5]) {
      expect(lrs(child('optax.polynomial_schedule', { init_value: 0.5, end_value: 0, power: 1, transition_steps: t }), 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
      expect(lrs(child('optax.linear_schedule', { init_value: 0.5, end_value: 0, transition_steps: t }), 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
      expect(lrs(child('optax.exponential_decay', { init_value: 0.5, transition_steps: t, decay_rate: 0.1 }), 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
    }
  });

  it('exponential_decay with decay_rate == 0 is constant (end_value ignored)', () => {
    expect(lrs(child('optax.exponential_decay', { init_value: 0.5, transition_steps: 2, decay_rate: 0, end_value: 0.1 }), 5)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('exponential_decay holds init_value up to and including transition_begin', () => {
    const v = lrs(child('optax.exponential_decay', { init_value: 1, transition_steps: 1, decay_rate: 0.5, transition_begin: 3 }), 6);
    expect(v).toEqual([1, 1, 1, 1, 0.5, 0.25]);
    // A negative transition_begin is treated as 0.
    expect(lrs(child('optax.exponential_decay', { init_value: 1, transition_steps: 1, decay_rate: 0.5, transition_begin: -4 }), 3)).toEqual([1, 0.5, 0.25]);
  });

  it('warmup_constant_schedule with warmup_steps <= 0 is constant init_value, not peak_value', () => {
    expect(lrs(child('optax.warmup_constant_schedule', { init_value: 0.01, peak_value: 1, warmup_steps: 0 }), 3)).toEqual([fr(0.01), fr(0.01), fr(0.01)]);
    expect(lrs(child('optax.warmup_constant_schedule', { init_value: 0, peak_value: 1, warmup_steps: 2 }), 4)).toEqual([0, 0.5, 1, 1]);
  });

  it('warmup_cosine_decay_schedule: decay_steps includes the warmup; end_value reached at decay_steps', () => {
    const v = lrs(child('optax.warmup_cosine_decay_schedule', { init_value: 0, peak_value: 1, warmup_steps: 2, decay_steps: 6, end_value: 0.1 }), 9);
    expect(v.slice(0, 3)).toEqual([0, 0.5, 1]);
    expect(v[6]).toBe(fr(fr(0.1 / 1)));
    expect(v[8]).toBe(v[6]);
  });

  it('linear_onecycle_schedule: keys collide for small transition_steps and the peak is lost', () => {
    // T = 1: keys int(0.3) = 0 and int(0.85) = 0 collide, {0: 1/25, 1: 1e-4}: no value reaches peak_value.
    const v = lrs(child('optax.linear_onecycle_schedule', { transition_steps: 1, peak_value: 0.1 }), 3);
    expect(v).toEqual([fr(fr(fr(0.1 / 25) * fr(1 / 25))), fr(fr(fr(fr(0.1 / 25) * fr(1 / 25))) * fr(1e-4)), fr(fr(fr(fr(0.1 / 25) * fr(1 / 25))) * fr(1e-4))]);
    expect(Math.max(...v)).toBeLessThan(0.1 / 25);
    // T = 20: the full three-phase shape.
    const w = lrs(child('optax.linear_onecycle_schedule', { transition_steps: 20, peak_value: 0.1 }), 22);
    expect(w[0]).toBe(fr(0.1 / 25));
    expect(w[6]).toBe(fr(fr(0.1 / 25) * 25));
    expect(w[17]).toBeCloseTo(0.1 / 25, 9);
    expect(w[21]).toBe(w[20]);
  });

  it('cosine_onecycle_schedule: int(pct_start·T) == 0 starts at the peak; pct_start = 1 loses it', () => {
    const v = lrs(child('optax.cosine_onecycle_schedule', { transition_steps: 2, peak_value: 0.1 }), 3);
    expect(v[0]).toBe(fr(fr(0.1 / 25) * 25));
    const w = lrs(child('optax.cosine_onecycle_schedule', { transition_steps: 5, peak_value: 0.1, pct_start: 1 }), 8);
    expect(w[0]).toBe(fr(0.1 / 25));
    expect(Math.max(...w)).toBe(w[0]);
  });

  it('piecewise_interpolate_schedule gives 0 for a negative count (unreachable in training)', () => {
    const schedule = closedFormOf(child('optax.piecewise_interpolate_schedule', { interpolate_type: 'linear', init_value: 1, boundaries_and_scales: { 4: 0.1 } }))!;
    expect(schedule).not.toBeNull();
    // Reference (numpy port of the Optax function) at counts -3, -1, 0, 1.
    expect([-3, -1, 0, 1].map((c) => schedule.at(c))).toEqual([0, 0, 1, fr(0.775)]);
    const none = closedFormOf(child('optax.piecewise_interpolate_schedule', { interpolate_type: 'cosine', init_value: 2 }))!;
    expect([none.at(-1), none.at(0), none.at(50)]).toEqual([0, 2, 2]);
  });

  it('piecewise_constant_schedule: scales are cumulative and apply at count = boundary', () => {
    const v = lrs(child('optax.piecewise_constant_schedule', { init_value: 1, boundaries_and_scales: { 2: 0.5, 4: 0.5 } }), 6);
    expect(v).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(lrs(child('optax.piecewise_constant_schedule', { init_value: 0.3 }), 2)).toEqual([fr(0.3), fr(0.3)]);
  });
});

describe('join_schedules', () => {
  const constant = (value: number) => child('optax.constant_schedule', { value });
  const linear = (a: number, b: number, t: number) => child('optax.linear_schedule', { init_value: a, end_value: b, transition_steps: t });

  it('restarts the count at each boundary', () => {
    const v = lrs(child('optax.join_schedules', { schedules: [constant(9), linear(1, 0, 4), linear(8, 0, 2)], boundaries: [2, 5] }), 9);
    expect(v).toEqual([9, 9, 1, 0.75, 0.5, 8, 4, 0, 0]);
  });

  it('the last boundary reached wins when boundaries are not increasing', () => {
    // where(c < 6, s0, s1(c - 6)) then where(c < 3, ., s2(c - 3)): s1 is never selected.
    const v = lrs(child('optax.join_schedules', { schedules: [constant(1), constant(2), linear(4, 0, 4)], boundaries: [6, 3] }), 9);
    expect(v).toEqual([1, 1, 1, 4, 3, 2, 1, 0, 0]);
  });

  it('zip semantics: extra boundaries or extra schedules are ignored', () => {
    expect(lrs(child('optax.join_schedules', { schedules: [constant(1), constant(2)], boundaries: [2, 4] }), 6)).toEqual([1, 1, 2, 2, 2, 2]);
    expect(lrs(child('optax.join_schedules', { schedules: [constant(1), constant(2), constant(3)], boundaries: [2] }), 5)).toEqual([1, 1, 2, 2, 2]);
    expect(lrs(child('optax.join_schedules', { schedules: [constant(5)], boundaries: [] }), 2)).toEqual([5, 5]);
  });

  it('a negative boundary starts the next schedule part-way in (count - boundary > 0 at count 0)', () => {
    // linear (1 - 0)·(1 - c/10) + 0 at c = 4, 5, 6.
    const at = (c: number): number => fr(1 - fr(c / 10));
    expect(lrs(child('optax.join_schedules', { schedules: [constant(1), linear(1, 0, 10)], boundaries: [-4] }), 3)).toEqual([at(4), at(5), at(6)]);
  });

  it('nests: a join inside a join sees its own restarted count', () => {
    const inner = child('optax.join_schedules', { schedules: [constant(7), linear(1, 0, 2)], boundaries: [1] });
    const v = lrs(child('optax.join_schedules', { schedules: [constant(3), inner, constant(5)], boundaries: [2, 6] }), 8);
    expect(v).toEqual([3, 3, 7, 1, 0.5, 0, 5, 5]);
  });

  it('validates children with paths and accepts only Optax children', () => {
    const e = paramErrorOf(child('optax.join_schedules', { schedules: [constant(1), child('optax.cosine_decay_schedule', { init_value: 1, decay_steps: 0 })], boundaries: [3] }));
    expect(e.path).toBe('schedules[1].decay_steps');
    const f = paramErrorOf(child('optax.join_schedules', { schedules: [constant(1), child('keras.CosineDecay', { initial_learning_rate: 1, decay_steps: 5 })], boundaries: [3] }));
    expect(f.param).toBe('schedules');
    expect(f.reason).toContain('keras.CosineDecay cannot be used here');
    const g = paramErrorOf(child('optax.join_schedules', { schedules: [], boundaries: [] }));
    expect(g.param).toBe('schedules');
  });

  it('breakpoints: the boundaries in force and the children\'s own, shifted to the join\'s count', () => {
    const warmupCosine = child('optax.join_schedules', {
      schedules: [linear(0, 0.1, 10), child('optax.cosine_decay_schedule', { init_value: 0.1, decay_steps: 30 })],
      boundaries: [10],
    });
    // A negative decay_rate flips the sign at every stair: each one is a breakpoint.
    const staircase = child('optax.exponential_decay', { init_value: 0.05, transition_steps: 5, decay_rate: -0.5, staircase: true });
    const form = closedFormOf(child('optax.join_schedules', { schedules: [warmupCosine, staircase], boundaries: [35] }))!;
    // The cosine's end (10 + 30) is cut off by the boundary at 35; the staircase jumps every 5 from there.
    expect(form.breakpoints(0, 60, 100)).toEqual([10, 35, 40, 45, 50, 55]);
    expect(form.breakpoints(12, 47, 100)).toEqual([35, 40, 45]);
    expect(form.breakpoints(0, 60, 5)).toBeNull();
    // A decaying staircase (0 < decay_rate < 1) is monotone: one piece from the boundary on.
    const decaying = child('optax.exponential_decay', { init_value: 0.05, transition_steps: 5, decay_rate: 0.5, staircase: true });
    expect(closedFormOf(child('optax.join_schedules', { schedules: [warmupCosine, decaying], boundaries: [35] }))!.breakpoints(0, 60, 100)).toEqual([10, 35]);
  });

  it('sgdr_schedule restarts at the cumulative decay_steps and holds the last end value', () => {
    const cyc = (d: number, end = 0) => ({ init_value: 1, peak_value: 1, warmup_steps: 0, decay_steps: d, end_value: end });
    const v = lrs(child('optax.sgdr_schedule', { cosine_kwargs: [cyc(2), cyc(4), cyc(2, 0.5)] }), 12);
    expect([v[0], v[2], v[6]]).toEqual([1, 1, 1]);
    // Half-way through cycles 1 and 2: 0.5·(1 + cos(π·1/2)) = 0.5·(1 + cos(π·2/4)) in float32.
    const mid = fr(0.5 * fr(1 + fr(Math.cos(fr(fr(Math.PI) / 2)))));
    expect([v[1], v[4]]).toEqual([mid, mid]);
    expect(mid).toBeCloseTo(0.5, 7);
    expect(v.slice(8)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('Optax validation follows Optax', () => {
  it.each([
    ['optax.cosine_decay_schedule', { init_value: 1, decay_steps: 0 }, 'decay_steps', 'must be > 0 (got 0)'],
    ['optax.warmup_cosine_decay_schedule', { init_value: 0, peak_value: 1, warmup_steps: 10, decay_steps: 10 }, 'decay_steps', 'must be greater than warmup_steps: it includes the warmup (got decay_steps=10, warmup_steps=10)'],
    ['optax.linear_onecycle_schedule', { transition_steps: 0, peak_value: 1 }, 'transition_steps', 'must be > 0 (got 0)'],
    ['optax.cosine_onecycle_schedule', { transition_steps: -3, peak_value: 1 }, 'transition_steps', 'must be > 0 (got -3)'],
    ['optax.cosine_onecycle_schedule', { transition_steps: 10, peak_value: 1, div_factor: 0 }, 'div_factor', 'must be > 0 (got 0)'],
    ['optax.linear_onecycle_schedule', { transition_steps: 10, peak_value: 1, final_div_factor: -1 }, 'final_div_factor', 'must be > 0 (got -1)'],
    ['optax.piecewise_constant_schedule', { init_value: 1, boundaries_and_scales: { 5: -0.1 } }, 'boundaries_and_scales', 'every value must be >= 0 (got -0.1)'],
    ['optax.piecewise_interpolate_schedule', { interpolate_type: 'linear', init_value: 1, boundaries_and_scales: { 5: -1 } }, 'boundaries_and_scales', 'every value must be >= 0 (got -1)'],
    ['optax.piecewise_interpolate_schedule', { interpolate_type: 'quadratic', init_value: 1 }, 'interpolate_type', "must be one of 'linear', 'cosine'"],
    ['optax.exponential_decay', { init_value: 1, transition_steps: 10 }, 'decay_rate', 'is required'],
    ['optax.constant_schedule', {}, 'value', 'is required'],
  ])('%s %j rejects %s', (scheduler, params, param, reason) => {
    const e = paramErrorOf({ scheduler, params });
    expect(e.param).toBe(param);
    expect(e.reason).toBe(reason);
  });

  it('sgdr_schedule checks every cycle and names it', () => {
    const e = paramErrorOf(child('optax.sgdr_schedule', { cosine_kwargs: [{ init_value: 1, peak_value: 1, warmup_steps: 0, decay_steps: 5 }, { init_value: 1, peak_value: 1, warmup_steps: 5, decay_steps: 5 }] }));
    expect(e.path).toBe('cosine_kwargs[1].decay_steps');
    const f = paramErrorOf(child('optax.sgdr_schedule', { cosine_kwargs: [{ init_value: 1, peak_value: 1, decay_steps: 5 }] }));
    expect(f.path).toBe('cosine_kwargs[0].warmup_steps');
    expect(paramErrorOf(child('optax.sgdr_schedule', { cosine_kwargs: [] })).param).toBe('cosine_kwargs');
  });

  it('defaults are exactly the Optax defaults', () => {
    const defaults = (id: string): Record<string, unknown> =>
      Object.fromEntries(getDefinition(id)!.params.map((p) => [p.name, p.default]));
    expect(defaults('optax.polynomial_schedule')).toEqual({ init_value: undefined, end_value: undefined, power: undefined, transition_steps: undefined, transition_begin: 0 });
    expect(defaults('optax.exponential_decay')).toEqual({ init_value: undefined, transition_steps: undefined, decay_rate: undefined, transition_begin: 0, staircase: false, end_value: null });
    expect(defaults('optax.cosine_decay_schedule')).toEqual({ init_value: undefined, decay_steps: undefined, alpha: 0.0, exponent: 1.0 });
    expect(defaults('optax.piecewise_constant_schedule')).toEqual({ init_value: undefined, boundaries_and_scales: null });
    expect(defaults('optax.warmup_cosine_decay_schedule')).toEqual({ init_value: undefined, peak_value: undefined, warmup_steps: undefined, decay_steps: undefined, end_value: 0.0, exponent: 1.0 });
    expect(defaults('optax.warmup_exponential_decay_schedule')).toEqual({ init_value: undefined, peak_value: undefined, warmup_steps: undefined, transition_steps: undefined, decay_rate: undefined, transition_begin: 0, staircase: false, end_value: null });
    expect(defaults('optax.linear_onecycle_schedule')).toEqual({ transition_steps: undefined, peak_value: undefined, pct_start: 0.3, pct_final: 0.85, div_factor: 25.0, final_div_factor: 1e4 });
    expect(defaults('optax.cosine_onecycle_schedule')).toEqual({ transition_steps: undefined, peak_value: undefined, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1e4 });
    const names = ['constant_schedule', 'polynomial_schedule', 'linear_schedule', 'piecewise_constant_schedule', 'exponential_decay', 'cosine_decay_schedule', 'join_schedules', 'warmup_constant_schedule', 'warmup_cosine_decay_schedule', 'warmup_exponential_decay_schedule', 'sgdr_schedule', 'piecewise_interpolate_schedule', 'linear_onecycle_schedule', 'cosine_onecycle_schedule'];
    for (const n of names) {
      const d = getDefinition(`optax.${n}`)!;
      expect(d.precision).toBe('float32');
      expect(d.description).toContain('float32');
      for (const p of d.params) if (p.default === undefined) expect(p.example, `${d.id}.${p.name}`).toBeDefined();
      // The example values form a valid spec.
      const params = Object.fromEntries(d.params.filter((p) => p.default === undefined).map((p) => [p.name, p.example]));
      expect(evaluate({ scheduler: d.id, params }, 10).length).toBe(10);
    }
  });
});
