/**
 * PaddleOCR `Cosine` (ppocr/optimizer/learning_rate.py). Expected values from a transcription of
 * PaddleOCR's wrapper over paddle.optimizer.lr under CPython 3.11, pasted as literals.
 *
 * CyclicalCosine, OneCycle and TwoStepCosine (ppocr/optimizer/lr_scheduler.py): PaddlePaddle is not
 * installable here, so their values are derived by hand from the source (each class's get_lr, and
 * which path LinearWarmup's step(epoch) takes), the float literals evaluated once in CPython with
 * the source's own operation order.
 */
import { describe, expect, it } from 'vitest';
import { createStepper, evaluate, getDefinition, resolveSpec, ScheduleParamError, ScheduleStepError, type ScheduleSpec } from '../../src/schedules';

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

const ppocr = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `paddleocr.${name}`, params });

/** Within 1e-12 relative (0 exactly): V8's Math.cos and CPython's libm cos differ by an ulp at some angles. */
function near(got: number, want: number): void {
  if (!(Math.abs(got - want) <= 1e-12 * Math.abs(want))) expect.fail(`got ${got}, want ${want}`);
}

function paramErrorOf(spec: ScheduleSpec): [string, string] | null {
  try {
    resolveSpec(spec);
  } catch (e) {
    if (e instanceof ScheduleParamError) return [e.param, e.reason];
    throw e;
  }
  return null;
}

describe('paddleocr.CyclicalCosine', () => {
  it('takes the wrapper\'s arguments', () => {
    const d = getDefinition('paddleocr.CyclicalCosine')!;
    expect(d.module).toBe('ppocr.optimizer.learning_rate.CyclicalCosine');
    expect(d.params.map((p) => [p.name, p.default])).toEqual([
      ['learning_rate', undefined],
      ['step_each_epoch', undefined],
      ['epochs', undefined],
      ['cycle', undefined],
      ['warmup_epoch', 0],
    ]);
  });

  it('cycle 2 epochs of 10 iterations: C = 20, a half cosine from the base that restarts at every multiple of 20', () => {
    const v = evaluate(ppocr('CyclicalCosine', { learning_rate: 0.001, step_each_epoch: 10, epochs: 6, cycle: 2 }), 61);
    near(v[0], 0.001); // last_epoch 0: base_lr
    near(v[5], 0.0008535533905932737); // 0.5 * 0.001 * (1 + cos(pi / 4))
    near(v[10], 0.0005); // cos(pi / 2) is 6e-17: 0.0005 after rounding
    near(v[19], 6.15582970243117e-6); // cos(19 pi / 20): never 0
    near(v[20], 0.001);
    expect(v[21]).toBe(v[1]);
    expect(v[41]).toBe(v[1]);
    near(v[60], 0.001);
  });

  it('does not depend on epochs (T_max is passed on and unused)', () => {
    const a = evaluate(ppocr('CyclicalCosine', { learning_rate: 0.01, step_each_epoch: 7, epochs: 3, cycle: 1.5 }), 100);
    const b = evaluate(ppocr('CyclicalCosine', { learning_rate: 0.01, step_each_epoch: 7, epochs: 300, cycle: 1.5 }), 100);
    expect(b).toEqual(a);
    // round(1.5 * 7) = round(10.5) = 10 (half to even): a restart at 10, 20, ...
    near(a[10], 0.01);
    expect(a[9]).toBeLessThan(0.001);
  });

  it('warmup_epoch 1: linear from 0 over 10 iterations, then the cycles start from the end of the warmup', () => {
    const v = evaluate(ppocr('CyclicalCosine', { learning_rate: 0.001, step_each_epoch: 10, epochs: 6, cycle: 2, warmup_epoch: 1 }), 60);
    near(v[0], 0);
    near(v[5], 0.0005);
    near(v[10], 0.001);
    near(v[15], 0.0008535533905932737);
    near(v[29], 6.15582970243117e-6);
    near(v[30], 0.001);
  });

  it('a cycle that rounds to 0 iterations is refused (Python: last_epoch % 0 raises ZeroDivisionError)', () => {
    const e = paramErrorOf(ppocr('CyclicalCosine', { learning_rate: 0.001, step_each_epoch: 4, epochs: 6, cycle: 0.1 }));
    expect(e?.[0]).toBe('cycle');
    expect(e?.[1]).toMatch(/ZeroDivisionError/);
    expect(paramErrorOf(ppocr('CyclicalCosine', { learning_rate: 0, step_each_epoch: 4, epochs: 6, cycle: 1, warmup_epoch: 1 }))?.[1]).toMatch(/end_lr/);
  });
});

describe('paddleocr.OneCycle', () => {
  it('takes the wrapper\'s arguments (pct_start, div_factor, final_div_factor are not among them)', () => {
    expect(getDefinition('paddleocr.OneCycle')!.params.map((p) => [p.name, p.default])).toEqual([
      ['max_lr', undefined],
      ['epochs', undefined],
      ['step_each_epoch', undefined],
      ['anneal_strategy', 'cos'],
      ['three_phase', false],
      ['warmup_epoch', 0],
    ]);
  });

  it('10 epochs of 10: from max_lr / 25 up to max_lr at 0.3 T - 1 = 29, down to max_lr / 25 / 1e4 at 99', () => {
    const v = evaluate(ppocr('OneCycle', { max_lr: 0.01, epochs: 10, step_each_epoch: 10 }), 101);
    near(v[0], 0.0003999999999999993); // end + (start - end) / 2.0 * (cos(0) + 1)
    near(v[1], 0.00042813780565907275);
    near(v[29], 0.01);
    near(v[30], 0.009994965352845242);
    near(v[64], 0.00500002); // halfway down the second phase (35 of 70)
    near(v[99], 4e-8);
    near(v[100], 5.074647154757324e-6); // step total_steps still extrapolates
  });

  it('raises one step past total_steps, with PaddleOCR\'s own message', () => {
    try {
      evaluate(ppocr('OneCycle', { max_lr: 0.01, epochs: 10, step_each_epoch: 10 }), 102);
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleStepError);
      expect((e as ScheduleStepError).step).toBe(101);
      expect((e as Error).message).toMatch(/Tried to step 102 times\. The specified number of total steps is 100/);
    }
  });

  it('linear, three phases: up to max_lr at 29, back to max_lr / 25 at 2 * 0.3 T - 2 = 58, down to the end at 99', () => {
    const v = evaluate(ppocr('OneCycle', { max_lr: 0.01, epochs: 10, step_each_epoch: 10, anneal_strategy: 'linear', three_phase: true }), 100);
    near(v[0], 0.0004);
    near(v[29], 0.01);
    near(v[58], 0.0003999999999999993);
    near(v[99], 3.999999999997929e-8);
  });

  it('warmup_epoch 2: LinearWarmup to max_lr over 20 iterations, then the full cycle shifted: it ends unfinished', () => {
    const v = evaluate(ppocr('OneCycle', { max_lr: 0.01, epochs: 10, step_each_epoch: 10, warmup_epoch: 2 }), 100);
    near(v[0], 0);
    near(v[10], 0.005);
    near(v[20], 0.0003999999999999993); // the cycle's own start: the rate drops after the warmup
    near(v[49], 0.01);
    expect(v[99]).toBeGreaterThan(0.0005); // cycle step 79 of 100
  });
});

describe('paddleocr.TwoStepCosine', () => {
  it('under 200 epochs the run ends inside the first cosine (T1 = 200 epochs): 100 epochs end near half the rate', () => {
    const v = evaluate(ppocr('TwoStepCosine', { learning_rate: 0.1, step_each_epoch: 1, epochs: 100 }), 100);
    near(v[0], 0.1);
    near(v[1], 0.09999383162408304);
    near(v[50], 0.0853553390593274);
    near(v[99], 0.05078536586559106);
    // the recursion of Paddle's CosineAnnealingDecay with T_max = 200, bit for bit
    const same = evaluate({ scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 200 } }, 100);
    expect(v).toEqual(same);
  });

  it('past 200 epochs it reaches 0 at T1 and the recursion keeps it there to the end; one step later it restarts', () => {
    const v = evaluate(ppocr('TwoStepCosine', { learning_rate: 0.1, step_each_epoch: 1, epochs: 300 }), 603);
    near(v[100], 0.050000000000000024);
    near(v[199], 6.168375916970619e-6);
    near(v[200], 0);
    near(v[201], 0);
    near(v[299], 0); // last iteration of the run
    // t - 1 - T2 = 0 (mod 2 T2): the restart term, then the recursion on T2 climbs back
    near(v[301], 2.741531724392843e-6);
    near(v[302], 1.0965826257725021e-5);
    near(v[450], 0.050000000000000024);
    near(v[601], 0.0999972584682757);
  });

  it('with a warmup LinearWarmup drives the closed form: the T2 cosine takes over after T1 and jumps back up', () => {
    const v = evaluate(ppocr('TwoStepCosine', { learning_rate: 0.1, step_each_epoch: 1, epochs: 300, warmup_epoch: 1 }), 300);
    near(v[0], 0);
    near(v[1], 0.1);
    near(v[200], 6.168375916970615e-6); // closed form at 199 (the recursion gives ...619e-6)
    near(v[201], 0);
    near(v[202], 0.024547929212481435); // 0.1 * (1 + cos(pi * 201 / 300)) / 2
    near(v[251], 0.006698729810778076);
  });

  it('the stepper and the closed form agree, across save and restore', () => {
    const spec = ppocr('TwoStepCosine', { learning_rate: 0.1, step_each_epoch: 2, epochs: 250 });
    const all = evaluate(spec, 1100);
    const s = createStepper(spec);
    for (let i = 0; i < 700; i++) s.step();
    const saved = s.save!();
    const t = createStepper(spec);
    t.restore!(saved);
    const got: number[] = [];
    for (let i = 700; i < 1100; i++, t.step()) got.push(t.lr());
    expect(got).toEqual(Array.from(all.slice(700)));
  });
});
