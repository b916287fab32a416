/**
 * Named presets: every preset validates and evaluates over its suggested horizon (presets of all
 * frameworks), and the seed configurations give the curves the source documents describe.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, getDefinition, resolveSpec, type ScheduleSpec } from '../../src/schedules';
import { presets, type Preset } from '../../src/schedules/presets';

function byId(id: string): Preset {
  const p = presets.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

/** Scheduler steps of a preset: one per epoch when stepped per epoch. */
function stepsOf(p: Preset): number {
  const total = p.suggestedSteps ?? 1000;
  return p.stepping === 'epoch' ? Math.ceil(total / (p.stepsPerEpoch ?? 1)) : total;
}

/** A falling-then-flat validation loss for metric-driven presets. */
function lossCurve(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.3 + 2 * Math.exp(-i / 5));
}

function curve(p: Preset, n = stepsOf(p)): Float64Array {
  const metricDriven = getDefinition(p.spec.scheduler)?.metricDriven === true;
  return evaluate(p.spec, n, metricDriven ? { metrics: lossCurve(n) } : {});
}

describe('presets', () => {
  it('have unique ids and complete fields', () => {
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
    for (const p of presets) {
      expect(p.id).toMatch(/^[a-z0-9-]+$/);
      expect(p.name.length).toBeGreaterThan(3);
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.source.length).toBeGreaterThan(5);
      if (p.stepping === 'epoch') {
        expect(p.stepsPerEpoch).toBeGreaterThan(0);
        expect((p.suggestedSteps ?? 0) % (p.stepsPerEpoch ?? 1)).toBe(0);
      }
    }
  });

  it.each(presets.map((p) => [p.id, p] as const))('%s validates and evaluates over its horizon', (_id, p) => {
    expect(() => resolveSpec(p.spec)).not.toThrow();
    const v = curve(p);
    expect(v.length).toBe(stepsOf(p));
    expect(v.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(v.some((x) => x > 0)).toBe(true);
  });

  it("cover every scheduler of the Paddle 2.0 tutorial, its CLR and Adjust_lr", () => {
    const tutorial = presets.filter((p) => p.source.includes('Paddle 2.0'));
    const ids = new Set(tutorial.map((p) => p.spec.scheduler));
    for (const name of [
      'CosineAnnealingDecay',
      'ExponentialDecay',
      'InverseTimeDecay',
      'LambdaDecay',
      'LinearWarmup',
      'MultiStepDecay',
      'NaturalExpDecay',
      'NoamDecay',
      'PiecewiseDecay',
      'PolynomialDecay',
      'ReduceOnPlateau',
      'StepDecay',
      'CyclicLR',
    ]) {
      expect(ids).toContain(`paddle.${name}`);
    }
    expect(byId('paddle-tutorial-lambdadecay').spec.params.lr_lambda).toBe('lambda epoch: 0.95 ** epoch');
    // the tutorial's own choices are flagged as ours where it shows only signatures
    expect(byId('paddle-tutorial-stepdecay').description).toMatch(/our choices/);
  });

  it('Adjust_lr multiplies by 0.95 every 2 epochs over 10 epochs', () => {
    const p = byId('paddle-tutorial-adjust-lr');
    expect(stepsOf(p)).toBe(10);
    const v = Array.from(curve(p));
    const lambda: ScheduleSpec = { scheduler: 'paddle.LambdaDecay', params: { learning_rate: 0.1, lr_lambda: 'lambda epoch: 0.95 ** (epoch // 2)' } };
    expect(v).toEqual([0.1, 0.1, 0.095, 0.095, 0.09025, 0.09025, 0.0857375, 0.0857375, 0.081450625, 0.081450625]);
    expect(Array.from(evaluate(lambda, 10))).toEqual(v);
  });

  it('CLR is the triangular policy between base and max (same curve as torch.CyclicLR)', () => {
    const p = byId('paddle-tutorial-clr');
    const v = curve(p);
    expect(v[0]).toBe(0.001);
    expect(v[2000]).toBeCloseTo(0.006, 15);
    expect(v[4000]).toBeCloseTo(0.001, 15);
    const params = p.spec.params as { base_learning_rate: number; max_learning_rate: number; step_size_up: number };
    const torch = evaluate(
      { scheduler: 'torch.CyclicLR', params: { base_lr: params.base_learning_rate, max_lr: params.max_learning_rate, step_size_up: params.step_size_up } },
      v.length,
    );
    for (let i = 0; i < v.length; i++) expect(Math.abs(v[i] - torch[i])).toBeLessThanOrEqual(1e-15);
  });

  it('PaddleOCR Cosine presets: lr 0.1, 20 epochs of 100 iterations, with and without 2 warmup epochs', () => {
    const warm = curve(byId('paddleocr-cosine-warmup'));
    expect(warm.length).toBe(2000);
    expect([warm[0], warm[1], warm[100], warm[199], warm[200]]).toEqual([0, 0.0005, 0.05, 0.0995, 0.1]);
    expect(warm[1999]).toBeCloseTo(0.002471502979181012, 15);
    const plain = curve(byId('paddleocr-cosine'));
    expect(plain[0]).toBe(0.1);
    expect(plain[1999]).toBeCloseTo(6.168501482384206e-8, 18);
  });

  it('CycleGAN: constant for 100 epochs, then linear to 0 over 100', () => {
    const v = curve(byId('cyclegan-linear-decay'));
    expect(v.length).toBe(200);
    expect([v[0], v[98], v[99]]).toEqual([0.0002, 0.0002, 0.0002]);
    expect(v[100]).toBeCloseTo(0.00019801980198019803, 18);
    expect(v[150]).toBeCloseTo(9.900990099009902e-5, 18);
    expect(v[199]).toBeCloseTo(1.980198019801982e-6, 18);
  });

  it('Noam peaks at step 4000, SGDR restarts at epochs 10, 30, 70', () => {
    const noam = curve(byId('noam'), 10_000);
    let peak = 0;
    for (let i = 0; i < noam.length; i++) if (noam[i] > noam[peak]) peak = i;
    expect(peak).toBe(4000);
    expect(noam[4000]).toBeCloseTo((512 * 4000) ** -0.5, 15);
    const sgdr = curve(byId('sgdr'));
    expect(sgdr.length).toBe(150);
    for (const e of [0, 10, 30, 70]) expect(sgdr[e]).toBe(0.1);
    expect(sgdr[9]).toBeLessThan(0.003);
  });
});
