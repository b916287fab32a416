/**
 * Paddle vs PyTorch (catalog section H): the same function of the step counter under the stated
 * parameter mapping, over long horizons. Both sides are independent transcriptions of their
 * framework's source, so agreement checks each against the other.
 */
import { describe, expect, it } from 'vitest';
import { createStepper, evaluate, type ScheduleSpec } from '../../src/schedules';

const paddle = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `paddle.${name}`, params });
const torch = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `torch.${name}`, params });

/** Largest relative difference between two curves of the same length. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i])));
  }
  return worst;
}

function expectSame(p: ScheduleSpec, t: ScheduleSpec, steps: number, rel = 1e-12): Float64Array {
  const a = evaluate(p, steps);
  const b = evaluate(t, steps);
  expect(maxRel(a, b)).toBeLessThanOrEqual(rel);
  return a;
}

describe('Paddle ≡ PyTorch', () => {
  it('CosineAnnealingDecay ≡ CosineAnnealingLR: the same recursion, far past T_max (H10)', () => {
    for (const [T, eta, steps] of [
      [7, 0.02, 5000],
      [1000, 1e-5, 100_000],
      [1, 0.001, 100],
      [333, 0, 20_000],
    ]) {
      const v = expectSame(
        paddle('CosineAnnealingDecay', { learning_rate: 0.1, T_max: T, eta_min: eta }),
        torch('CosineAnnealingLR', { lr: 0.1, T_max: T, eta_min: eta }),
        steps,
      );
      expect(v[T]).toBe(eta);
    }
  });

  it('LinearLR ≡ LinearLR (H9)', () => {
    for (const [s, e, T] of [
      [1 / 3, 1.0, 5],
      [0.01, 0.5, 3000],
      [1.0, 0.0, 10],
      [0.25, 0.75, 1],
    ]) {
      expectSame(
        paddle('LinearLR', { learning_rate: 0.2, total_steps: T, start_factor: s, end_factor: e }),
        torch('LinearLR', { lr: 0.2, start_factor: s, end_factor: e, total_iters: T }),
        T + 50,
      );
    }
  });

  it('MultiplicativeDecay ≡ MultiplicativeLR, LambdaDecay ≡ LambdaLR (H19)', () => {
    for (const lam of ['lambda epoch: 0.95', 'lambda e: 1 - 1/(e+10)', 'lambda epoch: 0.999 if epoch % 3 else 1.001']) {
      expectSame(
        paddle('MultiplicativeDecay', { learning_rate: 0.5, lr_lambda: lam }),
        torch('MultiplicativeLR', { lr: 0.5, lr_lambda: lam }),
        20_000,
      );
    }
    for (const lam of ['lambda epoch: 0.95 ** epoch', 'lambda epoch: 1 / (epoch + 1)']) {
      expectSame(paddle('LambdaDecay', { learning_rate: 0.1, lr_lambda: lam }), torch('LambdaLR', { lr: 0.1, lr_lambda: lam }), 5000);
    }
  });

  it('CyclicLR ≡ CyclicLR for up = down in every mode (H14)', () => {
    for (const mode of ['triangular', 'triangular2', 'exp_range']) {
      for (const [up, steps] of [
        [2000, 20_000],
        [3, 3000],
        [1, 1500],
      ]) {
        expectSame(
          paddle('CyclicLR', {
            base_learning_rate: 0.001,
            max_learning_rate: 0.006,
            step_size_up: up,
            step_size_down: up,
            mode,
            exp_gamma: 0.9995,
          }),
          torch('CyclicLR', { base_lr: 0.001, max_lr: 0.006, step_size_up: up, step_size_down: up, mode, gamma: 0.9995 }),
          steps,
        );
      }
    }
  });

  it('StepDecay ≈ StepLR: closed form vs recursive product, within 1e-12 (H2)', () => {
    const a = expectSame(
      paddle('StepDecay', { learning_rate: 0.1, step_size: 3, gamma: 0.99 }),
      torch('StepLR', { lr: 0.1, step_size: 3, gamma: 0.99 }),
      30_000,
    );
    expect(a[29_999]).toBeCloseTo(0.1 * 0.99 ** 9999, 15);
    // not bit-identical: torch multiplies the running lr, Paddle computes base * gamma ** k
    expect(maxRel(a, evaluate(torch('StepLR', { lr: 0.1, step_size: 3, gamma: 0.99 }), 30_000))).toBeGreaterThan(0);
  });

  it('OneCycleLR ≡ OneCycleLR with end_learning_rate = max / (div · final_div) (H15)', () => {
    for (const [T, pct, anneal, three, div, fdiv] of [
      [1000, 0.3, 'cos', false, 25, 1e4],
      [100_000, 0.25, 'linear', false, 10, 100],
      [5000, 0.2, 'cos', true, 25, 1e4],
      [77, 0.4, 'linear', true, 4, 1e3],
    ] as const) {
      const max = 0.1;
      const p = paddle('OneCycleLR', {
        max_learning_rate: max,
        total_steps: T,
        divide_factor: div,
        end_learning_rate: max / div / fdiv,
        phase_pct: pct,
        anneal_strategy: anneal,
        three_phase: three,
      });
      const t = torch('OneCycleLR', {
        max_lr: max,
        total_steps: T,
        pct_start: pct,
        anneal_strategy: anneal,
        div_factor: div,
        final_div_factor: fdiv,
        three_phase: three,
      });
      // t = 0 ... T: t = T is still allowed (extrapolated) in both
      const sp = createStepper(p);
      const st = createStepper(t);
      const a = [sp.lr()];
      const b = [st.lr()];
      for (let i = 1; i <= T; i++) {
        sp.step();
        st.step();
        a.push(sp.lr());
        b.push(st.lr());
      }
      expect(maxRel(a, b)).toBeLessThanOrEqual(1e-12);
      // and both raise on the step after it
      expect(() => evaluate(p, T + 2)).toThrow(/ValueError/);
      expect(() => evaluate(t, T + 2)).toThrow(/ValueError/);
    }
  });

  it('CosineAnnealingWarmRestarts ≡ CosineAnnealingWarmRestarts (H12)', () => {
    for (const [T0, mult, eta] of [
      [10, 2, 0.001],
      [1, 3, 0],
      [7, 1, 0.01],
      [50, 4, 0],
    ]) {
      expectSame(
        paddle('CosineAnnealingWarmRestarts', { learning_rate: 0.1, T_0: T0, T_mult: mult, eta_min: eta }),
        torch('CosineAnnealingWarmRestarts', { lr: 0.1, T_0: T0, T_mult: mult, eta_min: eta }),
        50_000,
      );
    }
  });
});

describe('Paddle ≈ PyTorch where the catalog says they differ', () => {
  const plateau = (spec: ScheduleSpec, metrics: number[]) =>
    Array.from(evaluate(spec, metrics.length, { metrics: Float64Array.from(metrics) }));

  it('ReduceOnPlateau equals ReduceLROnPlateau without cooldown, and differs during a cooldown (H18)', () => {
    const metrics = Array.from({ length: 300 }, (_, i) => 1 / (1 + 0.01 * i) + 0.05 * Math.sin(i / 3));
    const args = { factor: 0.5, patience: 3, threshold: 1e-3 };
    expect(plateau(paddle('ReduceOnPlateau', { learning_rate: 0.1, ...args }), metrics)).toEqual(
      plateau(torch('ReduceLROnPlateau', { lr: 0.1, ...args }), metrics),
    );
    // Paddle ignores the metric 1.0 inside the cooldown; PyTorch records it as best, so 3.0 is then bad.
    const m = [5, 5, 5, 1, 3, 3, 3, 3, 3, 3];
    const cool = { patience: 1, cooldown: 2 };
    const p = plateau(paddle('ReduceOnPlateau', { learning_rate: 0.1, ...cool }), m);
    const t = plateau(torch('ReduceLROnPlateau', { lr: 0.1, ...cool }), m);
    expect(p[8]).toBeCloseTo(0.001, 15);
    expect(t[8]).toBeCloseTo(0.001, 15);
    expect(p[7]).toBeCloseTo(0.01, 15);
    expect(t[7]).toBeCloseTo(0.001, 15);
  });
});
