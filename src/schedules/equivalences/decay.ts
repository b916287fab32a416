/**
 * Classes of the elementary decays: constant, exponential/step, piecewise constant, inverse time,
 * polynomial (linear ramps included). Every member follows its class's function at every step.
 */
import { constantLambda, defineClass, noNoise, num, ratioOf, type EquivalenceMember, type Params } from './types';

// ---------------------------------------------------------------------------------------------
// Constant

interface Constant {
  value: number;
}

const ONE = 'lambda epoch: 1';

export const constantClass = defineClass<Constant>({
  name: 'constant',
  note: 'A constant learning rate (a lambda counts when its body is a number).',
  members: [
    { id: 'optax.constant_schedule', toCanonical: (p) => ({ value: num(p, 'value') }), fromCanonical: (c) => ({ value: c.value }) },
    { id: 'hf.constant', toCanonical: (p) => ({ value: num(p, 'lr') }), fromCanonical: (c) => ({ lr: c.value }) },
    {
      id: 'hf.constant_with_warmup',
      toCanonical: (p) => (num(p, 'num_warmup_steps') === 0 ? { value: num(p, 'lr') } : null),
      fromCanonical: (c) => ({ lr: c.value, num_warmup_steps: 0 }),
    },
    {
      // warmup_steps = 0 is constant init_value in Optax (linear_schedule over 0 steps).
      id: 'optax.warmup_constant_schedule',
      toCanonical: (p) => (num(p, 'warmup_steps') <= 0 ? { value: num(p, 'init_value') } : null),
      fromCanonical: (c) => ({ init_value: c.value, peak_value: c.value, warmup_steps: 0 }),
    },
    {
      // factor 1: nothing to restore; total_iters 0: PyTorch keeps lr·factor forever (recursive form).
      id: 'torch.ConstantLR',
      toCanonical: (p) => {
        if (num(p, 'factor') === 1) return { value: num(p, 'lr') };
        return num(p, 'total_iters') === 0 ? { value: num(p, 'lr') * num(p, 'factor') } : null;
      },
      fromCanonical: (c) => ({ lr: c.value, factor: 1 }),
    },
    {
      id: 'torch.LambdaLR',
      toCanonical: (p) => {
        const k = constantLambda(p.lr_lambda);
        return k === null ? null : { value: num(p, 'lr') * k };
      },
      fromCanonical: (c) => ({ lr: c.value, lr_lambda: ONE }),
    },
    {
      id: 'paddle.LambdaDecay',
      toCanonical: (p) => {
        const k = constantLambda(p.lr_lambda);
        return k === null ? null : { value: num(p, 'learning_rate') * k };
      },
      fromCanonical: (c) => ({ learning_rate: c.value, lr_lambda: ONE }),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Exponential and step decay: b·γ^(t/s), or b·γ^⌊t/s⌋ (staircase)

interface Exponential {
  b: number;
  gamma: number;
  steps: number;
  /** Always true for steps = 1, where both forms are the same. */
  staircase: boolean;
}

function exponential(b: number, gamma: number, steps: number, staircase: boolean): Exponential {
  return { b, gamma, steps, staircase: staircase || steps === 1 };
}

/** Members with a per-step rate (s = 1): PyTorch ExponentialLR, Paddle ExponentialDecay and NaturalExpDecay. */
const perStep = (c: Exponential) => c.steps === 1;

/** b·gamma^(t // step_size) with the base lr under the name `lr` (PyTorch StepLR, Paddle StepDecay). */
const staircaseMember = (id: string, lr: string): EquivalenceMember<Exponential> => ({
  id,
  toCanonical: (p) => exponential(num(p, lr), num(p, 'gamma'), num(p, 'step_size'), true),
  fromCanonical: (c) => (c.staircase ? { [lr]: c.b, step_size: c.steps, gamma: c.gamma } : null),
});

/** b·gamma^t (PyTorch ExponentialLR, Paddle ExponentialDecay). */
const perStepMember = (id: string, lr: string): EquivalenceMember<Exponential> => ({
  id,
  toCanonical: (p) => exponential(num(p, lr), num(p, 'gamma'), 1, true),
  fromCanonical: (c) => (perStep(c) ? { [lr]: c.b, gamma: c.gamma } : null),
});

export const exponentialClass = defineClass<Exponential>({
  name: 'exponential / step decay',
  note:
    'b·γ^(t/s), or b·γ^⌊t/s⌋ with staircase; s = 1 for the per-step forms (ExponentialLR, ExponentialDecay, ' +
    'NaturalExpDecay with γ = e^(−gamma)). Optax only without transition_begin, end_value or decay_rate 0; timm ' +
    'without warmup and noise.',
  members: [
    staircaseMember('torch.StepLR', 'lr'),
    perStepMember('torch.ExponentialLR', 'lr'),
    staircaseMember('paddle.StepDecay', 'learning_rate'),
    perStepMember('paddle.ExponentialDecay', 'learning_rate'),
    {
      id: 'paddle.NaturalExpDecay',
      toCanonical: (p) => exponential(num(p, 'learning_rate'), Math.exp(-num(p, 'gamma')), 1, true),
      fromCanonical: (c) => (perStep(c) && c.gamma > 0 ? { learning_rate: c.b, gamma: -Math.log(c.gamma) } : null),
    },
    {
      id: 'keras.ExponentialDecay',
      toCanonical: (p) =>
        exponential(num(p, 'initial_learning_rate'), num(p, 'decay_rate'), num(p, 'decay_steps'), p.staircase === true),
      fromCanonical: (c) => ({ initial_learning_rate: c.b, decay_steps: c.steps, decay_rate: c.gamma, staircase: c.staircase }),
    },
    {
      id: 'optax.exponential_decay',
      toCanonical: (p) => {
        const s = num(p, 'transition_steps');
        if (s <= 0 || num(p, 'decay_rate') === 0 || num(p, 'transition_begin') > 0 || p.end_value !== null) return null;
        return exponential(num(p, 'init_value'), num(p, 'decay_rate'), s, p.staircase === true);
      },
      fromCanonical: (c) =>
        c.gamma === 0
          ? null
          : { init_value: c.b, transition_steps: c.steps, decay_rate: c.gamma, staircase: c.staircase, transition_begin: 0, end_value: null },
    },
    {
      id: 'timm.StepLRScheduler',
      toCanonical: (p) =>
        num(p, 'warmup_t') === 0 && noNoise(p) ? exponential(num(p, 'lr'), num(p, 'decay_rate'), num(p, 'decay_t'), true) : null,
      fromCanonical: (c) =>
        c.staircase ? { lr: c.b, decay_t: c.steps, decay_rate: c.gamma, warmup_t: 0, noise_range_t: null } : null,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Piecewise constant

interface Piecewise {
  /** Strictly increasing steps >= 1 at which the value changes (switch AT t = boundary). */
  boundaries: number[];
  /** One more than boundaries; consecutive values differ. */
  values: number[];
}

/**
 * The canonical form of "values[k] where k = #{boundaries <= t}" (boundaries sorted, duplicates
 * allowed): boundaries at or below 0 act from the first step, equal neighbours are merged.
 */
function piecewise(sorted: readonly number[], values: readonly number[]): Piecewise {
  let k = 0;
  while (k < sorted.length && sorted[k] <= 0) k++;
  const out: Piecewise = { boundaries: [], values: [values[k]] };
  for (let i = k; i < sorted.length; i++) {
    const v = values[i + 1];
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
    if (v === out.values[out.values.length - 1]) continue;
    out.boundaries.push(sorted[i]);
    out.values.push(v);
  }
  return out;
}

const increasing = (a: readonly number[]) => a.every((x, i) => i === 0 || x > a[i - 1]);

/** b·γ^k with one milestone per boundary, or null where the values are not such a sequence. */
function geometric(c: Piecewise): { b: number; gamma: number } | null {
  const gamma = c.boundaries.length ? ratioOf(c.values) : 0.1;
  return gamma === null ? null : { b: c.values[0], gamma };
}

/** Members that need at least one boundary express a constant with a switch to the same value. */
function atLeastOne(c: Piecewise): Piecewise {
  return c.boundaries.length ? c : { boundaries: [1], values: [c.values[0], c.values[0]] };
}

/** Values b·γ^k for sorted milestones (duplicates compound). */
const powers = (b: number, gamma: number, sorted: readonly number[]) => [b, ...sorted.map((_, i) => b * gamma ** (i + 1))];

const sortedCopy = (a: unknown) => [...(a as number[])].sort((x, y) => x - y);

/** b·gamma^#{m <= t} (PyTorch MultiStepLR, which takes milestones in any order, and Paddle MultiStepDecay). */
const multiStep = (id: string, lr: string): EquivalenceMember<Piecewise> => ({
  id,
  toCanonical: (p) => {
    const m = sortedCopy(p.milestones);
    return increasing(m) ? piecewise(m, powers(num(p, lr), num(p, 'gamma'), m)) : null;
  },
  fromCanonical: (c) => {
    const g = geometric(c);
    return g && { [lr]: g.b, milestones: c.boundaries, gamma: g.gamma };
  },
});

export const piecewiseClass = defineClass<Piecewise>({
  name: 'piecewise constant',
  note:
    'Piecewise-constant rates switching AT each boundary (PyTorch, Paddle, Optax): Keras switches one step later ' +
    '(boundaries = milestones − 1), timm one step earlier (decay_t = milestones + 1). PyTorch or timm milestones listed twice, ' +
    'Keras boundaries that do not increase, timm warmup or noise are outside the class.',
  members: [
    multiStep('torch.MultiStepLR', 'lr'),
    multiStep('paddle.MultiStepDecay', 'learning_rate'),
    {
      id: 'timm.MultiStepLRScheduler',
      toCanonical: (p) => {
        if (num(p, 'warmup_t') !== 0 || !noNoise(p)) return null;
        // bisect_right(decay_t, t + 1): each decay acts at t = d − 1.
        const m = (p.decay_t as number[]).map((d) => d - 1);
        if (!increasing(m)) return null;
        return piecewise(m, powers(num(p, 'lr'), num(p, 'decay_rate'), m));
      },
      fromCanonical: (c) => {
        const g = geometric(c);
        return g && { lr: g.b, decay_t: c.boundaries.map((m) => m + 1), decay_rate: g.gamma, warmup_t: 0, noise_range_t: null };
      },
    },
    {
      id: 'torch.ConstantLR',
      toCanonical: (p) => {
        const [b, f, T] = [num(p, 'lr'), num(p, 'factor'), num(p, 'total_iters')];
        if (f === 0) return null; // PyTorch divides by the factor at t = total_iters
        return T === 0 ? piecewise([], [b * f]) : piecewise([T], [b * f, b]);
      },
      fromCanonical: (c) => {
        if (c.boundaries.length === 0) return { lr: c.values[0], factor: 1 };
        const [low, b] = c.values;
        return c.boundaries.length === 1 && b > 0 && low > 0 ? { lr: b, factor: low / b, total_iters: c.boundaries[0] } : null;
      },
    },
    {
      id: 'paddle.PiecewiseDecay',
      toCanonical: (p) => {
        const b = p.boundaries as number[];
        const v = p.values as number[];
        // Paddle scans the boundaries in the given order and takes the LAST value after them.
        return increasing(b) ? piecewise(b, [...v.slice(0, b.length), v[v.length - 1]]) : null;
      },
      fromCanonical: (c) => ({ ...atLeastOne(c) }),
    },
    {
      id: 'keras.PiecewiseConstantDecay',
      toCanonical: (p) => {
        const b = p.boundaries as number[];
        // Keras switches at step > boundary; boundaries that do not increase add values up.
        return increasing(b) ? piecewise(b.map((x) => x + 1), p.values as number[]) : null;
      },
      fromCanonical: (c) => {
        const d = atLeastOne(c);
        return { boundaries: d.boundaries.map((m) => m - 1), values: d.values };
      },
    },
    {
      id: 'optax.piecewise_constant_schedule',
      toCanonical: (p) => {
        const map = (p.boundaries_and_scales ?? {}) as Record<string, number>;
        const keys = Object.keys(map)
          .map(Number)
          .sort((x, y) => x - y);
        const values = [num(p, 'init_value')];
        for (const k of keys) values.push(values[values.length - 1] * map[String(k)]);
        return piecewise(keys, values);
      },
      fromCanonical: (c) => {
        if (c.boundaries.length === 0) return { init_value: c.values[0], boundaries_and_scales: null };
        const scales: Record<string, number> = {};
        for (let i = 0; i < c.boundaries.length; i++) {
          const s = c.values[i + 1] / c.values[i];
          if (!Number.isFinite(s)) return null;
          scales[String(c.boundaries[i])] = s;
        }
        return { init_value: c.values[0], boundaries_and_scales: scales };
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Inverse time: b / (1 + r·t/s), or b / (1 + r·⌊t/s⌋)

interface InverseTime {
  b: number;
  rate: number;
  steps: number;
  staircase: boolean;
}

export const inverseTimeClass = defineClass<InverseTime>({
  name: 'inverse time',
  note: 'b / (1 + r·t/s) (Paddle: s = 1, r = gamma; no staircase there unless s = 1).',
  members: [
    {
      id: 'keras.InverseTimeDecay',
      toCanonical: (p) => {
        const s = num(p, 'decay_steps');
        return { b: num(p, 'initial_learning_rate'), rate: num(p, 'decay_rate'), steps: s, staircase: p.staircase === true && s !== 1 };
      },
      fromCanonical: (c) => ({ initial_learning_rate: c.b, decay_steps: c.steps, decay_rate: c.rate, staircase: c.staircase }),
    },
    {
      id: 'paddle.InverseTimeDecay',
      toCanonical: (p) => ({ b: num(p, 'learning_rate'), rate: num(p, 'gamma'), steps: 1, staircase: false }),
      fromCanonical: (c) => (c.staircase ? null : { learning_rate: c.b, gamma: c.rate / c.steps }),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Polynomial decay (and linear ramps): (I − E)·(1 − min(t, T)/T)^p + E, E held after T

interface Polynomial {
  /** Value at t = 0. */
  init: number;
  /** Value from t = T on. */
  end: number;
  T: number;
  power: number;
  /** Keras/Paddle cycle = True: decays again over a growing horizon (not a restart). */
  cycle: boolean;
}

const poly = (init: number, end: number, T: number, power: number, cycle = false): Polynomial | null =>
  T >= 1 ? { init, end, T, power, cycle } : null;

/** A straight ramp (power 1, no cycle). */
const linear = (c: Polynomial) => c.power === 1 && !c.cycle;
const plain = (c: Polynomial) => !c.cycle;

/** PyTorch/Paddle LinearLR: factors of a base lr that is at least both ends (factors <= 1, start > 0). */
function factors(c: Polynomial): { b: number; s: number; e: number } | null {
  const b = Math.max(c.init, c.end);
  return linear(c) && c.init > 0 && c.end >= 0 ? { b, s: c.init / b, e: c.end / b } : null;
}

/** One timm cycle, then lr_min (cycle_mul < 1 runs out of cycles: timm raises). */
const timmPlain = (p: Params) =>
  num(p, 'cycle_limit') === 1 && num(p, 'cycle_mul') >= 1 && num(p, 'warmup_t') === 0 && num(p, 'k_decay') === 1 && noNoise(p);

export const polynomialClass = defineClass<Polynomial>({
  name: 'polynomial / linear decay',
  note:
    '(I − E)·(1 − min(t, T)/T)^p + E: from I at t = 0 to E at t = T, then E. Linear ramps (p = 1) include LinearLR ' +
    '(factors of lr), the warmup-to-constant schedulers and HF linear without warmup; PyTorch PolynomialLR and HF ' +
    'linear end at 0. cycle = True only between Keras and Paddle. HF with warmup, timm with cycles, warmup, ' +
    'k_decay or noise, Optax with transition_begin are outside the class.',
  members: [
    {
      id: 'keras.PolynomialDecay',
      toCanonical: (p) =>
        poly(num(p, 'initial_learning_rate'), num(p, 'end_learning_rate'), num(p, 'decay_steps'), num(p, 'power'), p.cycle === true),
      fromCanonical: (c) => ({ initial_learning_rate: c.init, decay_steps: c.T, end_learning_rate: c.end, power: c.power, cycle: c.cycle }),
    },
    {
      id: 'paddle.PolynomialDecay',
      toCanonical: (p) => poly(num(p, 'learning_rate'), num(p, 'end_lr'), num(p, 'decay_steps'), num(p, 'power'), p.cycle === true),
      fromCanonical: (c) => ({ learning_rate: c.init, decay_steps: c.T, end_lr: c.end, power: c.power, cycle: c.cycle }),
    },
    {
      id: 'optax.polynomial_schedule',
      toCanonical: (p) =>
        num(p, 'transition_begin') > 0
          ? null
          : poly(num(p, 'init_value'), num(p, 'end_value'), num(p, 'transition_steps'), num(p, 'power')),
      fromCanonical: (c) =>
        plain(c) ? { init_value: c.init, end_value: c.end, power: c.power, transition_steps: c.T, transition_begin: 0 } : null,
    },
    {
      id: 'optax.linear_schedule',
      toCanonical: (p) =>
        num(p, 'transition_begin') > 0 ? null : poly(num(p, 'init_value'), num(p, 'end_value'), num(p, 'transition_steps'), 1),
      fromCanonical: (c) =>
        linear(c) ? { init_value: c.init, end_value: c.end, transition_steps: c.T, transition_begin: 0 } : null,
    },
    {
      id: 'optax.warmup_constant_schedule',
      toCanonical: (p) => poly(num(p, 'init_value'), num(p, 'peak_value'), num(p, 'warmup_steps'), 1),
      fromCanonical: (c) => (linear(c) ? { init_value: c.init, peak_value: c.end, warmup_steps: c.T } : null),
    },
    {
      id: 'torch.PolynomialLR',
      toCanonical: (p) => poly(num(p, 'lr'), 0, num(p, 'total_iters'), num(p, 'power')),
      fromCanonical: (c) => (plain(c) && c.end === 0 ? { lr: c.init, total_iters: c.T, power: c.power } : null),
    },
    {
      id: 'torch.LinearLR',
      toCanonical: (p) => {
        const [b, s] = [num(p, 'lr'), num(p, 'start_factor')];
        return s > 0 ? poly(b * s, b * num(p, 'end_factor'), num(p, 'total_iters'), 1) : null;
      },
      fromCanonical: (c) => {
        const f = factors(c);
        return f && { lr: f.b, start_factor: f.s, end_factor: f.e, total_iters: c.T };
      },
    },
    {
      id: 'paddle.LinearLR',
      toCanonical: (p) => {
        const b = num(p, 'learning_rate');
        return poly(b * num(p, 'start_factor'), b * num(p, 'end_factor'), num(p, 'total_steps'), 1);
      },
      fromCanonical: (c) => {
        const f = factors(c);
        return f && { learning_rate: f.b, total_steps: c.T, start_factor: f.s, end_factor: f.e };
      },
    },
    {
      // A constant learning_rate equal to end_lr: the ramp then holds (any other constant jumps at W).
      id: 'paddle.LinearWarmup',
      toCanonical: (p) =>
        p.learning_rate === p.end_lr ? poly(num(p, 'start_lr'), num(p, 'end_lr'), num(p, 'warmup_steps'), 1) : null,
      fromCanonical: (c) =>
        linear(c) ? { learning_rate: c.end, warmup_steps: c.T, start_lr: c.init, end_lr: c.end } : null,
    },
    {
      id: 'hf.polynomial',
      toCanonical: (p) =>
        num(p, 'num_warmup_steps') === 0 ? poly(num(p, 'lr'), num(p, 'lr_end'), num(p, 'num_training_steps'), num(p, 'power')) : null,
      fromCanonical: (c) =>
        plain(c) ? { lr: c.init, num_warmup_steps: 0, num_training_steps: c.T, lr_end: c.end, power: c.power } : null,
    },
    {
      id: 'hf.linear',
      toCanonical: (p) => (num(p, 'num_warmup_steps') === 0 ? poly(num(p, 'lr'), 0, num(p, 'num_training_steps'), 1) : null),
      fromCanonical: (c) => (linear(c) && c.end === 0 ? { lr: c.init, num_warmup_steps: 0, num_training_steps: c.T } : null),
    },
    {
      id: 'hf.constant_with_warmup',
      toCanonical: (p) => poly(0, num(p, 'lr'), num(p, 'num_warmup_steps'), 1),
      fromCanonical: (c) => (linear(c) && c.init === 0 ? { lr: c.end, num_warmup_steps: c.T } : null),
    },
    {
      id: 'timm.PolyLRScheduler',
      toCanonical: (p) => (timmPlain(p) ? poly(num(p, 'lr'), num(p, 'lr_min'), num(p, 't_initial'), num(p, 'power')) : null),
      fromCanonical: (c) =>
        plain(c)
          ? { lr: c.init, t_initial: c.T, power: c.power, lr_min: c.end, cycle_limit: 1, warmup_t: 0, k_decay: 1, noise_range_t: null }
          : null,
    },
  ],
});
