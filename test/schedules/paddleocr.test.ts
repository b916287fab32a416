/**
 * PaddleOCR `Cosine` (ppocr/optimizer/learning_rate.py). Expected values from a transcription of
 * PaddleOCR's wrapper over paddle.optimizer.lr under CPython 3.11, pasted as literals.
 */
import { describe, expect, it } from 'vitest';
import { createStepper, evaluate, getDefinition, resolveSpec, ScheduleParamError, type ScheduleSpec } from '../../src/schedules';

const cosine = (params: Record<string, unknown>): ScheduleSpec => ({ scheduler: 'paddleocr.Cosine', params });

function expectValues(spec: ScheduleSpec, ref: readonly (readonly [number, number])[]): Float64Array {
  const v = evaluate(spec, ref[ref.length - 1][0] + 1);
  for (const [i, want] of ref) {
    if (!(Math.abs(v[i] - want) <= 1e-12 * Math.abs(want))) expect.fail(`value at ${i}: got ${v[i]}, want ${want}`);
  }
  return v;
}

describe('paddleocr.Cosine', () => {
  it('is defined with PaddleOCR argument names', () => {
    const d = getDefinition('paddleocr.Cosine')!;
    expect(d.framework).toBe('paddleocr');
    expect(d.module).toBe('ppocr.optimizer.learning_rate.Cosine');
    expect(d.params.map((p) => [p.name, p.default])).toEqual([
      ['learning_rate', undefined],
      ['step_each_epoch', undefined],
      ['epochs', undefined],
      ['warmup_epoch', 0],
    ]);
  });

  it('warmup_epoch=2 (the seed: lr 0.1, 20 epochs, 100 iterations): linear from 0, then the shifted closed-form cosine', () => {
    const v = expectValues(cosine({ learning_rate: 0.1, step_each_epoch: 100, epochs: 20, warmup_epoch: 2 }), [
      [0, 0.0],
      [1, 0.0005],
      [100, 0.05],
      [199, 0.0995],
      [200, 0.1],
      [201, 0.09999993831498517],
      [1000, 0.06545084971874737],
      [1999, 0.002471502979181012],
    ]);
    // the cosine keeps the full period T = 2000, shifted by W = 200: the last iteration is still > 0
    expect(v[1999]).toBe(0.1 * (1 + Math.cos((Math.PI * 1799) / 2000)) / 2);
    expect(v[1999]).toBeGreaterThan(0.002);
  });

  it('warmup_epoch=0 is the recursive CosineAnnealingDecay, periodic past the horizon', () => {
    expectValues(cosine({ learning_rate: 0.1, step_each_epoch: 100, epochs: 20 }), [
      [0, 0.1],
      [1, 0.09999993831498517],
      [1000, 0.04999999999999986], // recursion drift (the closed form gives 0.05)
      [1999, 6.168501482384206e-8],
      [2000, 0.0],
      [2001, 6.168501482384237e-8],
      [3999, 0.09999993831498526],
      [4000, 0.10000000000000009],
    ]);
    const same = evaluate({ scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 2000 } }, 4001);
    expect(evaluate(cosine({ learning_rate: 0.1, step_each_epoch: 100, epochs: 20 }), 4001)).toEqual(same);
  });

  it('rounds warmup iterations half to even: round(0.5 * 5) = 2, round(0.5 * 3) = 2', () => {
    const five = Array.from(evaluate(cosine({ learning_rate: 0.2, step_each_epoch: 5, epochs: 4, warmup_epoch: 0.5 }), 4));
    expect(five).toEqual([0.0, 0.1, 0.2, 0.1987688340595138]);
    const three = Array.from(evaluate(cosine({ learning_rate: 0.2, step_each_epoch: 3, epochs: 4, warmup_epoch: 0.5 }), 4));
    expect(three).toEqual([0.0, 0.1, 0.2, 0.19659258262890683]);
    // round(0.5 * 7) = 4 (3.5 rounds to the even 4)
    const seven = createStepper(cosine({ learning_rate: 0.2, step_each_epoch: 7, epochs: 4, warmup_epoch: 0.5 }));
    const got: number[] = [];
    for (let i = 0; i < 5; i++, seven.step()) got.push(seven.lr());
    expect(got.slice(0, 4)).toEqual([0.0, 0.05, 0.1, 0.15000000000000002]);
    expect(got[4]).toBe(0.2);
  });

  it('a warmup_epoch that rounds to 0 or below means no warmup', () => {
    const plain = evaluate({ scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.05, T_max: 21 } }, 50);
    expect(evaluate(cosine({ learning_rate: 0.05, step_each_epoch: 7, epochs: 3, warmup_epoch: -1 }), 50)).toEqual(plain);
    expect(evaluate(cosine({ learning_rate: 0.05, step_each_epoch: 7, epochs: 3, warmup_epoch: 0.05 }), 50)).toEqual(plain);
  });

  it('validates like PaddleOCR + Paddle', () => {
    const err = (params: Record<string, unknown>) => {
      try {
        resolveSpec(cosine(params));
      } catch (e) {
        if (e instanceof ScheduleParamError) return [e.param, e.reason];
        throw e;
      }
      return null;
    };
    expect(err({ learning_rate: 0, step_each_epoch: 10, epochs: 2, warmup_epoch: 1 })?.[0]).toBe('learning_rate');
    expect(err({ learning_rate: 0, step_each_epoch: 10, epochs: 2, warmup_epoch: 1 })?.[1]).toMatch(/end_lr/);
    expect(err({ learning_rate: 0, step_each_epoch: 10, epochs: 2 })).toBeNull(); // no warmup: lr 0 is allowed
    expect(err({ learning_rate: 0.1, step_each_epoch: 0, epochs: 2 })?.[0]).toBe('step_each_epoch');
    expect(err({ learning_rate: 0.1, step_each_epoch: 10, epochs: 2.5 })?.[0]).toBe('epochs');
    expect(err({ learning_rate: -0.1, step_each_epoch: 10, epochs: 2 })?.[0]).toBe('learning_rate');
  });
});
