/**
 * Cross-framework equivalences of catalog section H involving Keras and Optax.
 *
 * Keras and Optax compute in float32, PyTorch, Paddle, HF and timm in float64: the curves must
 * agree to float32 precision. Tolerance: 2e-6 relative, plus 2e-7 of the curve's peak as an
 * absolute floor (near zero, float32 cancellation such as 1 + cos(π·x) loses relative accuracy).
 * Where two float32 implementations perform the same operations, they must agree bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/schedules';

type Params = Record<string, unknown>;

const run = (scheduler: string, params: Params, n: number): Float64Array => evaluate({ scheduler, params }, n);

/** First index where `a` and `b` differ beyond float32 precision, or -1. */
function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, rel = 2e-6): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  let peak = 0;
  for (let i = 0; i < b.length; i++) peak = Math.max(peak, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= rel * Math.abs(b[i]) + 2e-7 * peak)) return i;
  }
  return -1;
}

function expectSameCurve(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  const i = firstMismatch(a, b);
  expect(i, `${what}: first mismatch at step ${i} (${a[i]} vs ${b[i]})`).toBe(-1);
}

describe('H1 constant', () => {
  it('optax.constant_schedule(b) ≡ hf.constant(lr=b)', () => {
    expectSameCurve(run('optax.constant_schedule', { value: 0.003 }, 50), run('hf.constant', { lr: 0.003 }, 50), 'hf.constant');
  });
});

describe('H2 step decay b·γ^⌊t/s⌋', () => {
  const n = 100;
  const keras = run('keras.ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 7, decay_rate: 0.9, staircase: true }, n);

  it('Keras ExponentialDecay(staircase) and optax exponential_decay(staircase) are bit-identical', () => {
    const optax = run('optax.exponential_decay', { init_value: 0.1, transition_steps: 7, decay_rate: 0.9, staircase: true }, n);
    expect(Array.from(optax)).toEqual(Array.from(keras));
  });

  it('≈ torch StepLR, Paddle StepDecay, timm StepLRScheduler', () => {
    expectSameCurve(keras, run('torch.StepLR', { lr: 0.1, step_size: 7, gamma: 0.9 }, n), 'torch.StepLR');
    expectSameCurve(keras, run('paddle.StepDecay', { learning_rate: 0.1, step_size: 7, gamma: 0.9 }, n), 'paddle.StepDecay');
    expectSameCurve(keras, run('timm.StepLRScheduler', { lr: 0.1, decay_t: 7, decay_rate: 0.9 }, n), 'timm.StepLRScheduler');
  });
});

describe('H3 continuous exponential b·γ^t', () => {
  const n = 200;
  const keras = run('keras.ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.97 }, n);

  it('Keras ≡ optax bit for bit, ≈ torch ExponentialLR and Paddle ExponentialDecay', () => {
    const optax = run('optax.exponential_decay', { init_value: 0.1, transition_steps: 1, decay_rate: 0.97 }, n);
    expect(Array.from(optax)).toEqual(Array.from(keras));
    expectSameCurve(keras, run('torch.ExponentialLR', { lr: 0.1, gamma: 0.97 }, n), 'torch.ExponentialLR');
    expectSameCurve(keras, run('paddle.ExponentialDecay', { learning_rate: 0.1, gamma: 0.97 }, n), 'paddle.ExponentialDecay');
  });
});

describe('H4 multi-step', () => {
  const n = 40;
  const torch = run('torch.MultiStepLR', { lr: 0.5, milestones: [10, 25], gamma: 0.1 }, n);

  it('Keras PiecewiseConstantDecay([m - 1], values) ≈ optax piecewise_constant ≈ torch MultiStepLR ≈ Paddle ≈ timm', () => {
    expectSameCurve(run('keras.PiecewiseConstantDecay', { boundaries: [9, 24], values: [0.5, 0.05, 0.005] }, n), torch, 'keras');
    expectSameCurve(run('optax.piecewise_constant_schedule', { init_value: 0.5, boundaries_and_scales: { 10: 0.1, 25: 0.1 } }, n), torch, 'optax');
    expectSameCurve(run('paddle.MultiStepDecay', { learning_rate: 0.5, milestones: [10, 25], gamma: 0.1 }, n), torch, 'paddle.MultiStepDecay');
    expectSameCurve(run('paddle.PiecewiseDecay', { boundaries: [10, 25], values: [0.5, 0.05, 0.005] }, n), torch, 'paddle.PiecewiseDecay');
    expectSameCurve(run('timm.MultiStepLRScheduler', { lr: 0.5, decay_t: [11, 26], decay_rate: 0.1 }, n), torch, 'timm');
  });

  it('Keras boundaries equal to the milestones switch one step late', () => {
    expect(firstMismatch(run('keras.PiecewiseConstantDecay', { boundaries: [10, 25], values: [0.5, 0.05, 0.005] }, n), torch)).toBe(10);
  });
});

describe('H5 constant factor then restore', () => {
  it('torch ConstantLR(f, T) ≈ optax piecewise_constant(b·f, {T: 1/f}) ≈ Keras PiecewiseConstantDecay([T - 1], [b·f, b])', () => {
    const torch = run('torch.ConstantLR', { lr: 0.2, factor: 0.25, total_iters: 5 }, 12);
    expectSameCurve(run('optax.piecewise_constant_schedule', { init_value: 0.05, boundaries_and_scales: { 5: 4 } }, 12), torch, 'optax');
    expectSameCurve(run('keras.PiecewiseConstantDecay', { boundaries: [4], values: [0.05, 0.2] }, 12), torch, 'keras');
  });
});

describe('H6 inverse time', () => {
  it('Keras InverseTimeDecay(b, 1, r) ≈ Paddle InverseTimeDecay(b, gamma=r)', () => {
    expectSameCurve(
      run('keras.InverseTimeDecay', { initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.5 }, 100),
      run('paddle.InverseTimeDecay', { learning_rate: 0.1, gamma: 0.5 }, 100),
      'paddle.InverseTimeDecay',
    );
  });
});

describe('H7/H8 polynomial', () => {
  const n = 30; // past the horizon of 20: all hold the end value
  const keras = run('keras.PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 20, end_learning_rate: 0.001, power: 2 }, n);

  it('Keras ≈ optax polynomial_schedule ≈ Paddle PolynomialDecay ≈ HF polynomial (no warmup)', () => {
    expectSameCurve(run('optax.polynomial_schedule', { init_value: 0.1, end_value: 0.001, power: 2, transition_steps: 20 }, n), keras, 'optax');
    expectSameCurve(run('paddle.PolynomialDecay', { learning_rate: 0.1, decay_steps: 20, end_lr: 0.001, power: 2 }, n), keras, 'paddle');
    expectSameCurve(run('hf.polynomial', { lr: 0.1, num_warmup_steps: 0, num_training_steps: 20, lr_end: 0.001, power: 2 }, n), keras, 'hf');
  });

  it('with end value 0: ≈ torch PolynomialLR over its horizon', () => {
    const k0 = run('keras.PolynomialDecay', { initial_learning_rate: 0.1, decay_steps: 20, end_learning_rate: 0, power: 2 }, 21);
    expectSameCurve(k0, run('torch.PolynomialLR', { lr: 0.1, total_iters: 20, power: 2 }, 21), 'torch.PolynomialLR');
  });

  it('H8: Keras PolynomialDecay(cycle=True) ≈ Paddle PolynomialDecay(cycle=True)', () => {
    const p = { decay_steps: 10, power: 1.5, cycle: true };
    expectSameCurve(
      run('keras.PolynomialDecay', { initial_learning_rate: 0.1, end_learning_rate: 0.01, ...p }, 45),
      run('paddle.PolynomialDecay', { learning_rate: 0.1, end_lr: 0.01, ...p }, 45),
      'paddle cycle',
    );
  });
});

describe('H9 linear ramp', () => {
  it('optax linear_schedule(I, E, T) ≈ torch LinearLR(lr=b, I/b, E/b, T) ≈ Paddle LinearLR', () => {
    const optax = run('optax.linear_schedule', { init_value: 0.08, end_value: 0.02, transition_steps: 12 }, 20);
    expectSameCurve(optax, run('torch.LinearLR', { lr: 0.1, start_factor: 0.8, end_factor: 0.2, total_iters: 12 }, 20), 'torch.LinearLR');
    expectSameCurve(optax, run('paddle.LinearLR', { learning_rate: 0.1, total_steps: 12, start_factor: 0.8, end_factor: 0.2 }, 20), 'paddle.LinearLR');
  });
});

describe('H10 single cosine', () => {
  const T = 50;
  const keras = run('keras.CosineDecay', { initial_learning_rate: 0.1, decay_steps: T, alpha: 0.1 }, T + 1);

  it('Keras CosineDecay ≈ optax cosine_decay_schedule ≈ torch/Paddle cosine annealing ≈ HF cosine_with_min_lr, for t <= T', () => {
    expectSameCurve(run('optax.cosine_decay_schedule', { init_value: 0.1, decay_steps: T, alpha: 0.1 }, T + 1), keras, 'optax');
    expectSameCurve(run('torch.CosineAnnealingLR', { lr: 0.1, T_max: T, eta_min: 0.01 }, T + 1), keras, 'torch');
    expectSameCurve(run('paddle.CosineAnnealingDecay', { learning_rate: 0.1, T_max: T, eta_min: 0.01 }, T + 1), keras, 'paddle');
    expectSameCurve(run('hf.cosine_with_min_lr', { lr: 0.1, num_warmup_steps: 0, num_training_steps: T, min_lr_rate: 0.1 }, T + 1), keras, 'hf');
  });

  it('≈ timm CosineLRScheduler for t < T', () => {
    expectSameCurve(run('timm.CosineLRScheduler', { lr: 0.1, t_initial: T, lr_min: 0.01 }, T), keras.slice(0, T), 'timm');
  });

  it('with alpha = 0: ≈ HF cosine without warmup; after T Keras/optax hold while torch rises again', () => {
    const k0 = run('keras.CosineDecay', { initial_learning_rate: 0.1, decay_steps: T }, 2 * T);
    expectSameCurve(k0.slice(0, T + 1), run('hf.cosine', { lr: 0.1, num_warmup_steps: 0, num_training_steps: T }, T + 1), 'hf.cosine');
    const torch = run('torch.CosineAnnealingLR', { lr: 0.1, T_max: T }, 2 * T);
    expect(k0[2 * T - 1]).toBe(0);
    expect(torch[2 * T - 1]).toBeGreaterThan(0.09);
  });
});

describe('H11 linear warmup then cosine', () => {
  const W = 10;
  const D0 = 40;

  it('optax warmup_cosine_decay_schedule(decay_steps = W + D0) ≈ Keras CosineDecay(D0, warmup) ≈ HF cosine ≈ timm (warmup_prefix)', () => {
    const optax = run('optax.warmup_cosine_decay_schedule', { init_value: 0, peak_value: 0.1, warmup_steps: W, decay_steps: W + D0 }, W + D0 + 1);
    const keras = run('keras.CosineDecay', { initial_learning_rate: 0, decay_steps: D0, warmup_target: 0.1, warmup_steps: W }, W + D0 + 1);
    expectSameCurve(optax, keras, 'keras');
    expectSameCurve(run('hf.cosine', { lr: 0.1, num_warmup_steps: W, num_training_steps: W + D0 }, W + D0 + 1), keras, 'hf.cosine');
    expectSameCurve(
      run('timm.CosineLRScheduler', { lr: 0.1, t_initial: D0, warmup_t: W, warmup_lr_init: 0, warmup_prefix: true }, W + D0),
      keras.slice(0, W + D0),
      'timm',
    );
  });

  it('with an end value: optax end_value = E ≈ Keras alpha = E/b ≈ HF cosine_with_min_lr', () => {
    const optax = run('optax.warmup_cosine_decay_schedule', { init_value: 0, peak_value: 0.1, warmup_steps: W, decay_steps: W + D0, end_value: 0.005 }, W + D0 + 1);
    const keras = run('keras.CosineDecay', { initial_learning_rate: 0, decay_steps: D0, alpha: 0.05, warmup_target: 0.1, warmup_steps: W }, W + D0 + 1);
    expectSameCurve(optax, keras, 'keras');
    expectSameCurve(run('hf.cosine_with_min_lr', { lr: 0.1, num_warmup_steps: W, num_training_steps: W + D0, min_lr_rate: 0.05 }, W + D0 + 1), keras, 'hf');
  });
});

describe('H12 warm restarts, period T0·2^i', () => {
  const T0 = 5;
  const n = T0 * (1 + 2 + 4 + 8 + 16); // five cycles
  const keras = run('keras.CosineDecayRestarts', { initial_learning_rate: 0.1, first_decay_steps: T0, t_mul: 2, alpha: 0.1 }, n);

  it('Keras CosineDecayRestarts ≈ torch/Paddle CosineAnnealingWarmRestarts(T_mult=2) ≈ timm (cycle_mul=2)', () => {
    expectSameCurve(run('torch.CosineAnnealingWarmRestarts', { lr: 0.1, T_0: T0, T_mult: 2, eta_min: 0.01 }, n), keras, 'torch');
    expectSameCurve(run('paddle.CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: T0, T_mult: 2, eta_min: 0.01 }, n), keras, 'paddle');
    expectSameCurve(run('timm.CosineLRScheduler', { lr: 0.1, t_initial: T0, cycle_mul: 2, cycle_limit: 10, lr_min: 0.01 }, n), keras, 'timm');
  });

  it('≈ optax sgdr_schedule with the cycles listed', () => {
    const cosine_kwargs = [1, 2, 4, 8, 16].map((m) => ({ init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: T0 * m, end_value: 0.01 }));
    expectSameCurve(run('optax.sgdr_schedule', { cosine_kwargs }, n), keras, 'optax.sgdr_schedule');
  });
});

describe('H15 one-cycle', () => {
  it('optax cosine_onecycle_schedule(T) ≡ torch OneCycleLR(total_steps = T + 1) ≈ Paddle OneCycleLR when int(pct·T) = pct·(T + 1) - 1', () => {
    // T = 99, pct = 0.3: optax peaks at int(29.7) = 29 and ends at 99; torch peaks at 0.3·100 - 1 = 29, ends at 99.
    const optax = run('optax.cosine_onecycle_schedule', { transition_steps: 99, peak_value: 0.1 }, 100);
    expectSameCurve(run('torch.OneCycleLR', { max_lr: 0.1, total_steps: 100 }, 100), optax, 'torch.OneCycleLR');
    expectSameCurve(
      run('paddle.OneCycleLR', { max_learning_rate: 0.1, total_steps: 100, end_learning_rate: 0.1 / (25 * 1e4) }, 100),
      optax,
      'paddle.OneCycleLR',
    );
    expect(optax[29]).toBe(Math.fround(0.1));
  });
});

describe('H17 warmup-stable-decay', () => {
  it('optax join_schedules([linear(r·b → b, W), constant(b), cosine(b, D, alpha=r)], [W, W + S]) ≈ HF warmup_stable_decay', () => {
    const [b, r, W, S, D] = [0.1, 0.1, 10, 20, 30];
    const optax = run(
      'optax.join_schedules',
      {
        schedules: [
          { scheduler: 'optax.linear_schedule', params: { init_value: r * b, end_value: b, transition_steps: W } },
          { scheduler: 'optax.constant_schedule', params: { value: b } },
          { scheduler: 'optax.cosine_decay_schedule', params: { init_value: b, decay_steps: D, alpha: r } },
        ],
        boundaries: [W, W + S],
      },
      W + S + D + 10,
    );
    const hf = run(
      'hf.warmup_stable_decay',
      { lr: b, num_warmup_steps: W, num_stable_steps: S, num_decay_steps: D, num_training_steps: W + S + D, min_lr_ratio: r },
      W + S + D + 10,
    );
    expectSameCurve(optax, hf, 'hf.warmup_stable_decay');
    // optax computes (I - E)·(1 - 0/W) + E: not bit-exactly I.
    const f = Math.fround;
    expect(optax[0]).toBe(f(f(f(r * b) - f(b)) + f(b)));
    expect(optax[0]).not.toBe(f(r * b));
  });
});
