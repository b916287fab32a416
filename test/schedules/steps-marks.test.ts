/**
 * Step counts are marked in the definitions (ParamDef `unit`), and a new schedule is fitted to the
 * horizon from those marks (`fit`). The coverage test goes over the whole registry: a new
 * scheduler's integral parameter is either marked or listed below with the reason it is not.
 */
import { describe, expect, test } from 'vitest';
import { evaluate, fitToHorizon, fittedValue, schedulers, validateSpec, type ParamDef } from '../../src/schedules';
import { initialSpec } from '../../src/state/studio';

/** Integral parameters that are not counts on the time axis, by name, each with its reason. */
const NOT_STEPS: Record<string, string> = {
  patience: 'metric reports without improvement: a handful whatever the horizon',
  patience_t: 'timm patience: metric reports without improvement',
  cooldown: 'metric reports to wait after a reduction: a handful whatever the horizon',
  cooldown_t: 'timm cooldown: metric reports to wait after a reduction',
  T_mult: 'a growth factor of the cycle length, not a length',
  num_cycles: 'a count of cosine cycles, not of steps',
  cycle_limit: 'a count of cycles, not of steps',
  noise_seed: 'a random seed',
  power: 'an exponent (an integral one is a Python int)',
  exponent: 'an exponent (an integral one is a Python int)',
};
/** hf.greedy counts evaluations and reductions (its "warmup" is evaluations ignored after an increase). */
const NOT_STEPS_OF: Record<string, string> = {
  'hf.greedy.warmup': 'evaluations ignored after an increase',
  'hf.greedy.window_size': 'metric reports in the rolling mean',
  'hf.greedy.reset_start': 'reductions at min_lr before starting over',
};

interface Row {
  id: string;
  path: string;
  p: ParamDef;
}

function rows(): Row[] {
  const out: Row[] = [];
  const walk = (id: string, params: readonly ParamDef[], prefix: string) => {
    for (const p of params) {
      out.push({ id, path: prefix + p.name, p });
      if (p.type.kind === 'recordList') walk(id, p.type.fields, `${prefix}${p.name}.`);
    }
  };
  for (const d of schedulers) walk(d.id, d.params, '');
  return out;
}

function integral(p: ParamDef): boolean {
  const t = p.type;
  return t.kind === 'integer' || (t.kind === 'numberList' && t.integer === true) || (t.kind === 'number' && t.integralAsInt === true) || t.kind === 'numberMap';
}

const NUMERIC = new Set(['number', 'integer', 'numberList', 'numberMap']);

describe('step marks', () => {
  test('every integral parameter is marked as a step count or listed with its reason', () => {
    const unmarked = rows()
      .filter(({ p }) => integral(p) && !p.unit)
      .filter(({ id, path, p }) => !(p.name in NOT_STEPS) && !(`${id}.${path}` in NOT_STEPS_OF))
      .map(({ id, path }) => `${id}.${path}`);
    expect(unmarked).toEqual([]);
  });

  test('nothing listed as "not steps" is marked, and every listed name still exists', () => {
    const all = rows();
    for (const name of Object.keys(NOT_STEPS)) {
      const found = all.filter(({ p }) => p.name === name);
      expect(found.length, name).toBeGreaterThan(0);
      expect(found.filter(({ p }) => p.unit).map(({ id }) => id), name).toEqual([]);
    }
    for (const key of Object.keys(NOT_STEPS_OF)) expect(all.some(({ id, path }) => `${id}.${path}` === key), key).toBe(true);
  });

  test('the step counts the issue names are marked in every framework', () => {
    const marked = new Set(rows().filter(({ p }) => p.unit === 'steps').map(({ id, path }) => `${id}.${path}`));
    for (const key of [
      'torch.CosineAnnealingLR.T_max',
      'torch.CosineAnnealingWarmRestarts.T_0',
      'torch.StepLR.step_size',
      'torch.MultiStepLR.milestones',
      'torch.SequentialLR.milestones',
      'torch.OneCycleLR.total_steps',
      'torch.CyclicLR.step_size_up',
      'paddle.PiecewiseDecay.boundaries',
      'paddle.NoamDecay.warmup_steps',
      'keras.CosineDecay.decay_steps',
      'keras.CosineDecay.warmup_steps',
      'keras.CosineDecayRestarts.first_decay_steps',
      'optax.linear_schedule.transition_steps',
      'optax.join_schedules.boundaries',
      'optax.sgdr_schedule.cosine_kwargs.decay_steps',
      'hf.cosine.num_warmup_steps',
      'hf.cosine.num_training_steps',
      'timm.CosineLRScheduler.t_initial',
      'timm.CosineLRScheduler.warmup_t',
      'timm.StepLRScheduler.decay_t',
      'timm.MultiStepLRScheduler.decay_t',
    ]) {
      expect(marked.has(key), key).toBe(true);
    }
  });

  test('marks sit on numeric parameters; a spread fit on lists only, the other fits on numbers', () => {
    for (const { id, path, p } of rows()) {
      if (p.unit) expect(NUMERIC.has(p.type.kind), `${id}.${path}`).toBe(true);
      if (!p.fit) continue;
      expect(p.unit, `${id}.${path} has a fit but no unit`).toBeDefined();
      expect(p.type.kind === 'numberList', `${id}.${path}: ${p.fit}`).toBe(p.fit === 'spread');
    }
  });
});

const epochsOf = (steps: number) => Math.ceil(steps / 10);

describe('fit to the horizon', () => {
  test('values from the marks: a decay ends at H, a warmup takes 5%, a staircase thirds, milestones spread evenly', () => {
    const def = (id: string, name: string) => schedulers.find((d) => d.id === id)!.params.find((p) => p.name === name)!;
    const h = { steps: 1_000_000, epochs: 1000 };
    expect(fittedValue(def('torch.CosineAnnealingLR', 'T_max'), h)).toBe(1_000_000);
    expect(fittedValue(def('hf.cosine', 'num_warmup_steps'), h)).toBe(50_000);
    expect(fittedValue(def('torch.StepLR', 'step_size'), h)).toBe(330_000);
    expect(fittedValue(def('torch.MultiStepLR', 'milestones'), h)).toEqual([330_000, 670_000]);
    expect(fittedValue(def('paddle.MultiStepDecay', 'milestones'), h)).toEqual([250_000, 500_000, 750_000]);
    expect(fittedValue(def('torch.CosineAnnealingWarmRestarts', 'T_0'), h)).toBe(250_000);
    expect(fittedValue(def('paddleocr.Cosine', 'epochs'), h)).toBe(1000);
    expect(fittedValue(def('paddleocr.Cosine', 'step_each_epoch'), h)).toBe(1000);
    expect(fittedValue(def('torch.ReduceLROnPlateau', 'patience'), h)).toBeUndefined();
    // A tiny horizon still gives whole, increasing steps of at least 1.
    expect(fittedValue(def('paddle.MultiStepDecay', 'milestones'), { steps: 2, epochs: 1 })).toEqual([1, 2, 3]);
  });

  test.each([20, 1000, 6250, 1_000_000, 10_000_000])('every scheduler fitted to %i steps is valid, its counts within the horizon', (steps) => {
    for (const d of schedulers) {
      const spec = fitToHorizon(initialSpec(d.id), { steps, epochs: epochsOf(steps) });
      expect(validateSpec(spec), d.id).toBeNull();
      for (const p of d.params) {
        if (!p.fit) continue;
        const v = spec.params[p.name];
        // Applied, not fallen back on the example.
        expect(v, `${d.id}.${p.name}`).toEqual(fittedValue(p, { steps, epochs: epochsOf(steps) }));
        const values = Array.isArray(v) ? (v as number[]) : [v as number];
        const limit = p.unit === 'epochs' ? epochsOf(steps) : steps;
        for (const x of values) {
          expect(Number.isInteger(x), `${d.id}.${p.name} = ${x}`).toBe(true);
          expect(x, `${d.id}.${p.name}`).toBeGreaterThanOrEqual(1);
          expect(x, `${d.id}.${p.name}`).toBeLessThanOrEqual(limit);
        }
        if (p.fit !== 'horizon' && p.fit !== 'epochs' && p.fit !== 'perEpoch') for (const x of values) expect(x, `${d.id}.${p.name}`).toBeLessThan(limit);
      }
    }
  });

  test('a fitted decay reaches its lowest value after its peak at the end of the horizon, not before', () => {
    const steps = 1000;
    const checked: string[] = [];
    for (const d of schedulers) {
      if (!d.params.some((p) => p.fit === 'horizon') || d.metricDriven) continue;
      const spec = fitToHorizon(initialSpec(d.id), { steps, epochs: epochsOf(steps) });
      const lrs = evaluate(spec, steps);
      // After the peak (a warmup may start from 0).
      let peak = 0;
      for (let i = 1; i < steps; i++) if (lrs[i] > lrs[peak]) peak = i;
      let lowest = Infinity;
      for (let i = peak; i < steps; i++) lowest = Math.min(lowest, lrs[i]);
      const first = lrs.findIndex((v, i) => i >= peak && v <= lowest * (1 + 1e-9));
      // Within the last 2% of the chart: a decay of H steps on an H-step chart.
      expect(first, `${d.id}: lowest at step ${first}`).toBeGreaterThanOrEqual(steps * 0.98 - 1);
      checked.push(d.id);
    }
    expect(checked).toContain('torch.CosineAnnealingLR');
    expect(checked).toContain('hf.cosine');
    expect(checked.length).toBeGreaterThan(20);
  });

  test('a spec whose fit does not validate is returned as it was; specs without marks are untouched', () => {
    const lambda = initialSpec('torch.LambdaLR');
    expect(fitToHorizon(lambda, { steps: 1000, epochs: 100 })).toBe(lambda);
    const cosine = initialSpec('torch.CosineAnnealingLR');
    expect(fitToHorizon(cosine, { steps: 1000, epochs: 100 }).params.T_max).toBe(1000);
    expect(cosine.params.T_max).toBe(100); // not mutated
  });
});
