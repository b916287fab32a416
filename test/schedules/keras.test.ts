/**
 * Keras 3 schedules: values against an independent float32 reference, validation, quirks.
 *
 * Reference values: a separate vectorised port of keras/src/optimizers/schedules/
 * learning_rate_schedule.py on numpy float32 arrays (every operation in float32, the step cast to
 * float32, Python-float constants cast as Keras casts them), run with /usr/bin/python3 + numpy
 * 1.24. cos/log/pow were taken as the correctly rounded float32 value (float64 numpy, then cast):
 * the backends' own float32 kernels differ by 1-6 ulp (measured with numpy's float32 kernels), so
 * these tables pin the float32 operation order exactly and the libm to correct rounding. Values
 * are the shortest decimal of each float32; `Math.fround(literal)` restores it exactly.
 */
import { describe, expect, it } from 'vitest';
import { closedFormOf, createStepper, evaluate, getDefinition, ScheduleParamError, ScheduleStepError, validateSpec } from '../../src/schedules';
import type { ScheduleSpec } from '../../src/schedules';

const fr = Math.fround;

interface Case {
  spec: ScheduleSpec;
  expected: number[];
}

const CASES: Record<string, Case> = {
  k_exp: {
    spec: { scheduler: 'keras.ExponentialDecay', params: {initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9} },
    expected: [0.1, 0.09895193, 0.09791484, 0.09688862, 0.095873155, 0.094868325, 0.09387404, 0.092890166, 0.09191661, 0.09095325, 0.089999996, 0.08905673, 0.08812335, 0.087199755, 0.08628584, 0.0853815, 0.08448663, 0.08360115, 0.08272495, 0.08185793, 0.08099999, 0.08015106, 0.07931101, 0.078479774, 0.077657245, 0.07684334, 0.076037966, 0.07524103, 0.07445245, 0.07367214, 0.07289999],
  },
  k_exp_stair: {
    spec: { scheduler: 'keras.ExponentialDecay', params: {initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.5, staircase: true} },
    expected: [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.00625],
  },
  k_exp_grow: {
    spec: { scheduler: 'keras.ExponentialDecay', params: {initial_learning_rate: 0.001, decay_steps: 7, decay_rate: 1.3} },
    expected: [0.001, 0.001038192, 0.0010778424, 0.0011190071, 0.0011617441, 0.0012061134, 0.001252177, 0.0013, 0.0013496495, 0.001401195, 0.0014547093, 0.0015102674, 0.0015679472, 0.0016278301, 0.00169, 0.0017545442, 0.0018215536, 0.0018911221, 0.0019633474, 0.0020383315, 0.002116179],
  },
  k_pcd: {
    spec: { scheduler: 'keras.PiecewiseConstantDecay', params: {boundaries: [3, 7], values: [0.1, 0.01, 0.001]} },
    expected: [0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001],
  },
  k_pcd_overlap: {
    spec: { scheduler: 'keras.PiecewiseConstantDecay', params: {boundaries: [5, 2], values: [1.0, 0.5, 0.25]} },
    expected: [1, 1, 1, 1.25, 1.25, 1.25, 0.25, 0.25, 0.25],
  },
  k_poly: {
    spec: { scheduler: 'keras.PolynomialDecay', params: {initial_learning_rate: 0.1, decay_steps: 10, end_learning_rate: 0.001, power: 2.0} },
    expected: [0.1, 0.08119, 0.06436001, 0.049509995, 0.03664, 0.02575, 0.016839998, 0.0099100005, 0.0049599996, 0.0019900005, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001],
  },
  k_poly_cycle: {
    spec: { scheduler: 'keras.PolynomialDecay', params: {initial_learning_rate: 0.1, decay_steps: 4, end_learning_rate: 0.01, cycle: true} },
    expected: [0.1, 0.0775, 0.055, 0.0325, 0.01, 0.043750003, 0.0325, 0.02125, 0.01, 0.0325, 0.025000002, 0.017499998, 0.01, 0.026875, 0.02125],
  },
  k_poly_sqrt: {
    spec: { scheduler: 'keras.PolynomialDecay', params: {initial_learning_rate: 0.1, decay_steps: 7, power: 0.5} },
    expected: [0.1, 0.09258943, 0.08453091, 0.0756173, 0.0654999, 0.053498797, 0.03785865, 0.0001, 0.0001, 0.0001],
  },
  k_inv: {
    spec: { scheduler: 'keras.InverseTimeDecay', params: {initial_learning_rate: 0.1, decay_steps: 1.0, decay_rate: 0.5} },
    expected: [0.1, 0.06666667, 0.05, 0.04, 0.033333335, 0.028571429, 0.025, 0.022222223, 0.02, 0.018181818, 0.016666668],
  },
  k_inv_stair: {
    spec: { scheduler: 'keras.InverseTimeDecay', params: {initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.5, staircase: true} },
    expected: [0.1, 0.1, 0.1, 0.06666667, 0.06666667, 0.06666667, 0.05, 0.05, 0.05, 0.04, 0.04],
  },
  k_inv_float: {
    spec: { scheduler: 'keras.InverseTimeDecay', params: {initial_learning_rate: 0.1, decay_steps: 2.5, decay_rate: 0.3} },
    expected: [0.1, 0.08928572, 0.08064516, 0.073529415, 0.067567565, 0.0625, 0.058139537, 0.054347824, 0.051020406, 0.048076924, 0.045454547],
  },
  k_cos: {
    spec: { scheduler: 'keras.CosineDecay', params: {initial_learning_rate: 0.1, decay_steps: 20} },
    expected: [0.1, 0.09938442, 0.09755283, 0.09455033, 0.090450846, 0.08535534, 0.07938927, 0.072699524, 0.06545085, 0.05782173, 0.049999997, 0.042178273, 0.034549143, 0.02730048, 0.02061074, 0.014644662, 0.009549147, 0.005449671, 0.002447176, 0.00061558187, 0, 0, 0, 0, 0, 0],
  },
  k_cos_alpha: {
    spec: { scheduler: 'keras.CosineDecay', params: {initial_learning_rate: 0.1, decay_steps: 10, alpha: 0.1} },
    expected: [0.1, 0.09779754, 0.091405764, 0.081450336, 0.06890576, 0.054999996, 0.041094225, 0.028549666, 0.018594233, 0.012202458, 0.010000001, 0.010000001, 0.010000001, 0.010000001],
  },
  k_cos_warm: {
    spec: { scheduler: 'keras.CosineDecay', params: {initial_learning_rate: 0.0, decay_steps: 10, alpha: 0.05, warmup_target: 0.1, warmup_steps: 5} },
    expected: [0, 0.020000001, 0.040000003, 0.060000002, 0.080000006, 0.1, 0.09767518, 0.09092831, 0.0804198, 0.0671783, 0.0525, 0.037821684, 0.024580203, 0.01407169, 0.007324817, 0.0050000004, 0.0050000004, 0.0050000004, 0.0050000004, 0.0050000004, 0.0050000004],
  },
  k_cos_warm0: {
    spec: { scheduler: 'keras.CosineDecay', params: {initial_learning_rate: 0.02, decay_steps: 10, warmup_target: 0.1, warmup_steps: 0} },
    expected: [0.1, 0.09755283, 0.090450846, 0.07938927, 0.06545085, 0.049999997, 0.034549143, 0.02061074, 0.009549147, 0.002447176, 0, 0],
  },
  k_sgdr: {
    spec: { scheduler: 'keras.CosineDecayRestarts', params: {initial_learning_rate: 0.1, first_decay_steps: 4} },
    expected: [0.1, 0.08535534, 0.049999997, 0.014644662, 0.1, 0.09619398, 0.08535534, 0.06913417, 0.049999997, 0.030865824, 0.014644662, 0.003806019, 0.1, 0.099039264, 0.09619398, 0.09157348, 0.08535534, 0.07777851, 0.06913417, 0.059754517, 0.049999997, 0.040245485, 0.030865824, 0.022221481, 0.014644662, 0.008426517, 0.003806019, 0.0009607345, 0.1, 0.099759236, 0.099039264, 0.09784702, 0.09619398, 0.094096065, 0.09157348, 0.088650525, 0.08535534, 0.08171966, 0.07777851, 0.073569834, 0.06913417],
  },
  k_sgdr_t1: {
    spec: { scheduler: 'keras.CosineDecayRestarts', params: {initial_learning_rate: 0.1, first_decay_steps: 4, t_mul: 1.0, m_mul: 0.5, alpha: 0.1} },
    expected: [0.1, 0.08681981, 0.054999996, 0.023180196, 0.055000003, 0.048409905, 0.0325, 0.016590098, 0.0325, 0.029204953, 0.02125, 0.013295049, 0.02125, 0.019602476, 0.015625, 0.011647525, 0.015625, 0.014801239, 0.0128125, 0.010823763, 0.0128125],
  },
  k_sgdr_15: {
    spec: { scheduler: 'keras.CosineDecayRestarts', params: {initial_learning_rate: 0.1, first_decay_steps: 5, t_mul: 1.5, m_mul: 0.8, alpha: 0.05} },
    expected: [0.1, 0.09092831, 0.0671783, 0.037821684, 0.01407169, 0.081, 0.077714734, 0.06842697, 0.05474264, 0.039027926, 0.023999996, 0.0122573525, 0.005830388, 0.065504156, 0.06317179, 0.058687754, 0.052399464, 0.044794116, 0.036460947, 0.028045578, 0.0202, 0.013532079, 0.008558392, 0.005664314, 0.053613663, 0.052984454, 0.05153743, 0.049322594, 0.046416502, 0.042919572, 0.038952664, 0.034652866, 0.030168755, 0.02565533, 0.021268534, 0.017159998, 0.013471699, 0.010331086, 0.007846716, 0.0061044274, 0.0051644426, 0.043890934, 0.04362938, 0.04307286, 0.042229943, 0.041113585, 0.03974097, 0.038133204, 0.03631502, 0.03431441, 0.03216213, 0.029891301, 0.027536854, 0.025135, 0.022722712, 0.020337088, 0.018014831, 0.015791664, 0.013701782, 0.0117773535, 0.010047975],
  },
  k_sgdr_3: {
    spec: { scheduler: 'keras.CosineDecayRestarts', params: {initial_learning_rate: 1.0, first_decay_steps: 1, t_mul: 3.0} },
    expected: [1, 1, 0.75, 0.24999997, 1, 0.9698463, 0.8830222, 0.75, 0.58682406, 0.41317585, 0.24999997, 0.11697769, 0.030153662, 1, 0.99661916, 0.98652244, 0.9698463, 0.9468163, 0.9177439, 0.8830222, 0.8431208, 0.79857934, 0.75, 0.6980399, 0.6434016, 0.58682406, 0.52907234, 0.4709276, 0.41317585, 0.35659838, 0.3019601, 0.24999997, 0.20142072, 0.15687916, 0.11697769, 0.08225605, 0.053183615, 0.030153662, 0.013477564, 0.0033808053, 1, 0.999624, 0.9984965, 0.99661916, 0.99399495, 0.99062765, 0.98652244, 0.9816854, 0.9761239, 0.9698463, 0.962862, 0.9551815, 0.9468163, 0.93777907, 0.9280834, 0.9177439, 0.9067761, 0.8951963, 0.8830222, 0.87027204, 0.8569648, 0.8431208, 0.8287607, 0.8139061, 0.79857934, 0.7828034, 0.7666022, 0.75, 0.73302174, 0.715693, 0.6980399, 0.6800888, 0.66186696, 0.6434016, 0.6247206, 0.6058519, 0.58682406, 0.5676656, 0.54840547, 0.52907234, 0.5096956, 0.49030435, 0.4709276, 0.45159456, 0.43233436, 0.41317585, 0.394148, 0.37527937, 0.35659838, 0.338133, 0.31991112, 0.3019601, 0.28430694, 0.26697814, 0.24999997, 0.23339769, 0.21719652, 0.20142072, 0.1860939, 0.17123932, 0.15687916, 0.14303505, 0.12972796, 0.11697769, 0.10480362, 0.09322396, 0.08225605, 0.07191655, 0.0622209, 0.053183615, 0.04481849, 0.037138015, 0.030153662, 0.023876041, 0.01831454, 0.013477564, 0.009372354, 0.0060050786, 0.0033808053, 0.0015035272, 0.0003760159, 1, 0.9999582, 0.99983287, 0.999624, 0.9993316, 0.9989557, 0.9984965, 0.9979539, 0.9973281],
  },
};

function paramErrorOf(spec: ScheduleSpec): ScheduleParamError {
  const e = validateSpec(spec);
  expect(e).toBeInstanceOf(ScheduleParamError);
  return e as ScheduleParamError;
}

const lrs = (spec: ScheduleSpec, n: number): number[] => Array.from(evaluate(spec, n));

describe('Keras schedules match an independent float32 reference bit for bit', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.spec.scheduler} ${JSON.stringify(c.spec.params)}`, () => {
      expect(lrs(c.spec, c.expected.length)).toEqual(c.expected.map(fr));
    });
  }
});

describe('Keras float32 arithmetic', () => {
  it('returns float32 values: the initial rate is float32(0.1), not 0.1', () => {
    const [v] = lrs({ scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9 } }, 1);
    expect(v).toBe(fr(0.1));
    expect(v).not.toBe(0.1);
  });

  it('every value of every schedule is a float32', () => {
    for (const c of Object.values(CASES)) {
      for (const v of lrs(c.spec, c.expected.length)) expect(fr(v)).toBe(v);
    }
  });

  it('casts the step to float32: beyond 2^24 consecutive steps share a value', () => {
    const spec = { scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 1e-9 } };
    const form = closedFormOf(spec)!;
    const at = (step: number): number => form.at(step);
    // float32(16777217) == 16777216: identical rates; 16777218 is representable: different.
    expect(at(16777217)).toBe(at(16777216));
    expect(at(16777218)).not.toBe(at(16777216));
  });
});

describe('Keras validation follows Keras', () => {
  it.each([
    ['keras.ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.9 }, 'decay_steps', 'must be > 0 (got 0)'],
    ['keras.PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: -5 }, 'decay_steps', 'must be > 0 (got -5)'],
    ['keras.InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.5 }, 'decay_steps', 'must be > 0 (got 0)'],
    ['keras.CosineDecay', { initial_learning_rate: 0.1, decay_steps: 0 }, 'decay_steps', 'must be > 0 (got 0)'],
    ['keras.CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 0 }, 'first_decay_steps', 'must be > 0 (got 0)'],
    ['keras.CosineDecay', { decay_steps: 10 }, 'initial_learning_rate', 'is required'],
    ['keras.ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 10 }, 'decay_rate', 'is required'],
  ])('%s %j rejects %s', (scheduler, params, param, reason) => {
    const e = paramErrorOf({ scheduler, params });
    expect(e.param).toBe(param);
    expect(e.reason).toBe(reason);
  });

  it('decay_steps, warmup_steps and first_decay_steps may be floats, as in Keras (cast to float32); name is accepted', () => {
    const run = (scheduler: string, params: Record<string, unknown>) => lrs({ scheduler, params }, 3);
    expect(run('keras.ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 2.5, decay_rate: 0.9 })[1]).toBe(fr(fr(0.1) * fr(Math.pow(fr(0.9), fr(1 / 2.5)))));
    expect(run('keras.CosineDecay', { initial_learning_rate: 0.0, decay_steps: 10.5, warmup_target: 0.1, warmup_steps: 2.5 })[1]).toBe(fr(fr(0.1) * fr(1 / 2.5)));
    expect(run('keras.CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: 7.5, name: 'sgdr' })[0]).toBe(fr(0.1));
    expect(paramErrorOf({ scheduler: 'keras.PolynomialDecay', params: { initial_learning_rate: 0.1, decay_steps: 10, name: 3 } }).reason).toBe('must be a string');
  });

  it('InverseTimeDecay accepts a float decay_steps (the Keras example uses 1.0; only > 0 is checked)', () => {
    expect(lrs({ scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 0.1, decay_steps: 0.5, decay_rate: 1 } }, 2)).toEqual([fr(0.1), fr(fr(0.1) / 3)]);
  });

  it('PiecewiseConstantDecay needs one more value than boundaries', () => {
    const e = paramErrorOf({ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [10, 20], values: [1, 0.1] } });
    expect(e.param).toBe('values');
    expect(e.reason).toBe('must have one more item than boundaries (got 2 values for 2 boundaries)');
    const e2 = paramErrorOf({ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [10], values: [1, 0.1, 0.01] } });
    expect(e2.param).toBe('values');
  });

  it('PiecewiseConstantDecay with no boundary is rejected (Keras raises IndexError on the first call)', () => {
    const e = paramErrorOf({ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [], values: [1] } });
    expect(e.param).toBe('boundaries');
  });

  it('defaults are exactly the Keras 3 defaults', () => {
    const defaults = (id: string): Record<string, unknown> =>
      Object.fromEntries(getDefinition(id)!.params.map((p) => [p.name, p.default]));
    expect(defaults('keras.ExponentialDecay')).toEqual({ initial_learning_rate: undefined, decay_steps: undefined, decay_rate: undefined, staircase: false, name: 'ExponentialDecay' });
    expect(defaults('keras.PiecewiseConstantDecay')).toEqual({ boundaries: undefined, values: undefined, name: 'PiecewiseConstant' });
    expect(defaults('keras.PolynomialDecay')).toEqual({ initial_learning_rate: undefined, decay_steps: undefined, end_learning_rate: 0.0001, power: 1.0, cycle: false, name: 'PolynomialDecay' });
    expect(defaults('keras.InverseTimeDecay')).toEqual({ initial_learning_rate: undefined, decay_steps: undefined, decay_rate: undefined, staircase: false, name: 'InverseTimeDecay' });
    expect(defaults('keras.CosineDecay')).toEqual({ initial_learning_rate: undefined, decay_steps: undefined, alpha: 0.0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 });
    expect(defaults('keras.CosineDecayRestarts')).toEqual({ initial_learning_rate: undefined, first_decay_steps: undefined, t_mul: 2.0, m_mul: 1.0, alpha: 0.0, name: 'SGDRDecay' });
    for (const id of ['ExponentialDecay', 'PiecewiseConstantDecay', 'PolynomialDecay', 'InverseTimeDecay', 'CosineDecay', 'CosineDecayRestarts']) {
      const d = getDefinition(`keras.${id}`)!;
      expect(d.precision).toBe('float32');
      expect(d.module).toBe(`keras.optimizers.schedules.${id}`);
      expect(d.description).toContain('float32');
      for (const p of d.params) if (p.default === undefined) expect(p.example, `${d.id}.${p.name}`).toBeDefined();
    }
  });
});

describe('Keras quirks', () => {
  it('PiecewiseConstantDecay switches at step = boundary + 1', () => {
    const v = lrs({ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [100], values: [1, 0.5] } }, 103);
    expect(v[100]).toBe(1);
    expect(v[101]).toBe(0.5);
  });

  it('PiecewiseConstantDecay with boundaries out of order adds the overlapping values', () => {
    // step <= 5 -> values[0]; step > 2 -> values[2]; both for 3..5.
    const v = lrs({ scheduler: 'keras.PiecewiseConstantDecay', params: { boundaries: [5, 2], values: [1, 0.5, 0.25] } }, 7);
    expect(v).toEqual([1, 1, 1, 1.25, 1.25, 1.25, 0.25]);
  });

  it('CosineDecay ignores warmup_steps when warmup_target is None and holds alpha·I after decay_steps', () => {
    const a = lrs({ scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0.2, warmup_steps: 5 } }, 30);
    const b = lrs({ scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0.2 } }, 30);
    expect(a).toEqual(b);
    expect(a[0]).toBe(fr(0.1));
    for (let t = 10; t < 30; t++) expect(a[t]).toBe(fr(fr(0.1) * fr(0.2)));
  });

  it('CosineDecay with warmup: linear from I to the target over warmup_steps, decay over decay_steps after it', () => {
    const v = lrs({ scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0, decay_steps: 8, warmup_target: 1, warmup_steps: 4 } }, 16);
    expect(v.slice(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(v[8]).toBeCloseTo(0.5, 6);
    expect(v[12]).toBe(0);
    expect(v[15]).toBe(0);
  });

  it('PolynomialDecay cycle=True restarts each multiple of decay_steps from a lower peak', () => {
    const v = lrs({ scheduler: 'keras.PolynomialDecay', params: { initial_learning_rate: 1, decay_steps: 4, end_learning_rate: 0, cycle: true } }, 13);
    expect(v.slice(0, 5)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(v.slice(5, 9)).toEqual([0.375, 0.25, 0.125, 0]);
    expect(v[9]).toBe(fr(1 - fr(9 / 12)));
  });

  it('CosineDecayRestarts: cycle lengths grow by t_mul, peaks by m_mul, the alpha floor is not scaled', () => {
    const v = lrs({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 1, first_decay_steps: 2, t_mul: 2, m_mul: 0.5, alpha: 0.1 } }, 15);
    const a = fr(0.1);
    const oma = fr(1 - a); // Keras casts alpha first, then 1 - alpha in float32
    // Restarts at steps 0, 2, 6, 14 (cycles of 2, 4, 8): peak m_mul^i above the fixed floor.
    expect([v[0], v[2], v[6], v[14]]).toEqual([1, fr(fr(oma * 0.5) + a), fr(fr(oma * 0.25) + a), fr(fr(oma * 0.125) + a)]);
    expect(v[2]).toBeCloseTo(0.1 + 0.9 * 0.5, 6);
    // Mid first cycle: 0.5·(1 + cos(π/2)) with π and the product in float32.
    const cd = fr(0.5 * fr(1 + fr(Math.cos(fr(fr(Math.PI) * 0.5)))));
    expect(v[1]).toBe(fr(fr(oma * cd) + a));
  });

  it('CosineDecayRestarts boundary hazard: the first step of a cycle can fall one cycle short (float32 log)', () => {
    // first_decay_steps = 5, t_mul = 1.2: cycle 1 covers steps 5..10, cycle 2 starts at step 11.
    // log(1 + 2.2·0.2)/log(1.2) rounds to 1.9999999 in float32, so step 11 is the end of cycle 1.
    const v = lrs({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 1, first_decay_steps: 5, t_mul: 1.2 } }, 14);
    expect(v.slice(8)).toEqual([0.49999997, 0.25000006, 0.066987306, 0, 0.9531537, 0.8213937].map(fr));
    // With t_mul = 2 the start of cycle 13 (step 8191·3) is one cycle low with a correctly rounded
    // float32 log (numpy's float32 log gives 1 here: backend-dependent).
    const w = evaluate({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 1, first_decay_steps: 3, t_mul: 2 } }, 8191 * 3 + 2);
    expect([w[8190 * 3], w[8191 * 3], w[8191 * 3 + 1]]).toEqual([fr(0.00000014901161), 0, 1]);
  });

  it('CosineDecayRestarts with t_mul < 1 has a finite total length: NaN past it is reported as a step error', () => {
    // Total length 4 / (1 - 0.5) = 8 steps: at step 8 the log argument is 0 and the value NaN.
    let err: unknown;
    try {
      evaluate({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 1, first_decay_steps: 4, t_mul: 0.5 } }, 20);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScheduleStepError);
    const se = err as ScheduleStepError;
    expect(se.step).toBe(8);
    expect(se.partial.length).toBe(8);
    expect(se.partial[0]).toBe(1);
  });

  it('the restart-index cache never changes a value (literal per-step recomputation)', () => {
    const f = Math.fround;
    const PI = f(Math.PI);
    const literal = (step: number, I: number, T0: number, tm: number, mm: number, a: number): number => {
      const t = f(tm);
      const m = f(mm);
      const al = f(a);
      let cf = f(step / f(T0));
      let i: number;
      if (t === 1) {
        i = Math.floor(cf);
        cf = f(cf - i);
      } else {
        i = Math.floor(f(f(Math.log(f(1 - f(cf * f(1 - t))))) / f(Math.log(t))));
        const tp = f(Math.pow(t, i));
        const sumR = f(f(1 - tp) / f(1 - t));
        cf = f(f(cf - sumR) / tp);
      }
      const cd = f(f(0.5 * f(Math.pow(m, i))) * f(1 + f(Math.cos(f(PI * cf)))));
      return f(f(I) * f(f(f(1 - al) * cd) + al));
    };
    const configs: [number, number, number, number][] = [
      [7, 2, 1, 0],
      [1, 3, 0.9, 0.05],
      [10, 1.5, 0.8, 0],
      [3, 1.05, 1, 0.1],
      [50, 1.001, 0.99, 0],
      [4, 0.9, 1, 0],
      [2, 1.2, 1, 0],
      [13, 4, 0.5, 0.2],
    ];
    for (const [T0, tm, mm, a] of configs) {
      const n = 20_000;
      // createStepper, not evaluate: t_mul < 1 turns NaN after its finite length, compared too.
      const s = createStepper({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 0.1, first_decay_steps: T0, t_mul: tm, m_mul: mm, alpha: a } });
      let mismatches = 0;
      for (let t = 0; t < n; t++, s.step()) {
        const got = s.lr();
        const want = literal(t, 0.1, T0, tm, mm, a);
        if (!(got === want || (Number.isNaN(want) && Number.isNaN(got)))) mismatches++;
      }
      expect(mismatches, `T0=${T0} t_mul=${tm}`).toBe(0);
    }
  });
});

describe('Keras breakpoints', () => {
  /** Whether the values of `form` on [a, b) are monotone between consecutive breakpoints. */
  function monotonePieces(spec: ScheduleSpec, a: number, b: number): { points: number; monotone: boolean } {
    const form = closedFormOf(spec)!;
    const v = new Float64Array(b - a);
    form.fill(v, 0, b - a, a);
    const bps = form.breakpoints(a, b, 1e5)!;
    let monotone = true;
    let prev = a;
    for (const p of [...bps, b]) {
      let up = true;
      let down = true;
      for (let t = prev + 1; t < p; t++) {
        if (v[t - a] < v[t - 1 - a]) up = false;
        if (v[t - a] > v[t - 1 - a]) down = false;
      }
      monotone &&= up || down;
      prev = p;
    }
    return { points: bps.length, monotone };
  }

  it('CosineDecayRestarts restarts where the float32 index moves on, a step late where it lands one cycle short', () => {
    // Step 11 still belongs to cycle 1 (its angle just past π: the floor), cycle 2 starts at 12.
    const form = closedFormOf({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 1, first_decay_steps: 5, t_mul: 1.2 } })!;
    expect(form.breakpoints(0, 40, 100)).toEqual([5, 11, 12, 19, 27, 38]);
    expect(form.at(11)).toBe(0);
  });

  it('CosineDecayRestarts with t_mul near 1: the turns of the cosine past π inside a cycle are breakpoints too', () => {
    // Far into the schedule the float32 index and cycle start are rounded apart by a few steps.
    const r = monotonePieces({ scheduler: 'keras.CosineDecayRestarts', params: { initial_learning_rate: 0.1, first_decay_steps: 7, t_mul: 1.001 } }, 700_000, 1_000_000);
    expect(r.monotone).toBe(true);
    expect(r.points).toBeGreaterThan(400);
  });

  it('InverseTimeDecay with a negative decay_rate: the sign flip of the denominator is a breakpoint', () => {
    const spec = { scheduler: 'keras.InverseTimeDecay', params: { initial_learning_rate: 0.1, decay_steps: 3.3, decay_rate: -0.01 } };
    // In float32 the denominator is exactly 0 at step 330 (+Infinity, the top of the rising piece).
    const form = closedFormOf(spec)!;
    expect(form.at(330)).toBe(Infinity);
    expect(form.breakpoints(0, 1000, 10)).toEqual([331]);
    expect(monotonePieces(spec, 0, 1000).monotone).toBe(true);
  });
});
