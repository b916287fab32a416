/**
 * The engine's contract on inputs a fuzz found breaking it: values that overflow long before Python
 * raises, lambdas nested or chained beyond the JS stack, and shapes only the API can receive
 * (BigInt, cycles, getters, Proxies, specs that contain themselves or nest a thousand deep).
 */
import { describe, expect, test } from 'vitest';
import {
  createStepper,
  evaluate,
  evaluateInSlices,
  getDefinition,
  PythonRuntimeError,
  runToEnd,
  ScheduleError,
  ScheduleParamError,
  ScheduleStepError,
  validateSpec,
  type ScheduleSpec,
  type Stepper,
} from '../../src/schedules';

const torch = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `torch.${name}`, params });

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

function stepError(f: () => unknown): ScheduleStepError {
  const e = thrown(f);
  expect(e).toBeInstanceOf(ScheduleStepError);
  return e as ScheduleStepError;
}

function paramError(f: () => unknown): ScheduleParamError {
  const e = thrown(f);
  expect(e, String(e)).toBeInstanceOf(ScheduleParamError);
  return e as ScheduleParamError;
}

describe('a value that is not finite stops the curve at its first step', () => {
  const exp = torch('MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda epoch: math.exp(epoch)' });
  const pow = { scheduler: 'paddle.MultiplicativeDecay', params: { learning_rate: 0.1, lr_lambda: 'lambda epoch: 2 ** (epoch * 100)' } };

  test('before the step where Python raises, whatever the slice size', () => {
    // 0.1 * e^(1 + ... + 37) overflows at step 38; math.exp itself raises only at 710.
    for (const [spec, step] of [[exp, 38], [pow, 5]] as const) {
      const e = stepError(() => evaluate(spec, 800));
      expect(e.step).toBe(step);
      expect(e.message).toBe(`at step ${step}: the learning rate is not a finite number (Infinity)`);
      expect(e.partial).toHaveLength(step);
      expect(e.partial.every(Number.isFinite)).toBe(true);
      for (const slice of [1, 2, 5, step - 1, step, step + 1, 100, 799, 800]) {
        const s = stepError(() => runToEnd(evaluateInSlices(spec, 800, {}, slice)));
        expect([s.step, s.message, Array.from(s.partial)], `slice ${slice}`).toEqual([e.step, e.message, Array.from(e.partial)]);
      }
    }
  });

  test('the stepper returns the value unchecked; its user tests it (as the training loop does)', () => {
    const s = createStepper(exp);
    for (let i = 0; i < 38; i++, s.step()) expect(Number.isFinite(s.lr())).toBe(true);
    expect(s.lr()).toBe(Infinity);
  });

  test('a fill that throws instead of stopping is replayed by the canonical loop, to the right step', () => {
    const def = getDefinition('keras.ExponentialDecay')!;
    const create = def.create;
    // A stepper whose lr() raises at step 23, and whose fill runs lr() until it throws mid-range.
    def.create = (): Stepper => {
      let t = 0;
      const lr = () => {
        if (t === 23) throw new PythonRuntimeError('OverflowError', 'math range error');
        return 1 / (t + 1);
      };
      return {
        lr,
        step: () => void t++,
        fill(out, from, to) {
          for (let i = from; i < to; i++, t++) out[i] = lr();
          return to;
        },
      };
    };
    try {
      const spec = { scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9 } };
      for (const slice of [100, 7, 23, 24, 1]) {
        const e = stepError(() => runToEnd(evaluateInSlices(spec, 100, {}, slice)));
        expect([e.step, e.message], `slice ${slice}`).toEqual([23, 'at step 23: OverflowError: math range error']);
        expect(Array.from(e.partial)).toEqual(Array.from({ length: 23 }, (_, i) => 1 / (i + 1)));
      }
    } finally {
      def.create = create;
    }
  });
});

describe('deep and long lambdas give a syntax error naming the parameter, or their values', () => {
  const lambda = (body: string) => torch('LambdaLR', { lr: 0.1, lr_lambda: `lambda epoch: ${body}` });
  const reason = (body: string) => {
    const e = validateSpec(lambda(body));
    expect(e?.constructor.name, body.slice(0, 40)).toBe('ScheduleParamError');
    expect((e as ScheduleParamError).param).toBe('lr_lambda');
    return (e as ScheduleParamError).reason;
  };

  test('CPython refuses more than 200 nested brackets', () => {
    expect(reason('('.repeat(1000) + 'epoch' + ')'.repeat(1000))).toBe('column 215: too many nested parentheses');
    expect(validateSpec(lambda('('.repeat(200) + '0.5' + ')'.repeat(200)))).toBe(null);
  });

  test('trees deeper than 3000 levels are refused; flat chains of any length evaluate', () => {
    const deep = /^column \d+: too deeply nested: more than 3000 nested operations \(Python: RecursionError/;
    expect(reason('-'.repeat(5000) + 'epoch')).toMatch(deep);
    expect(reason('not '.repeat(3000) + 'epoch')).toMatch(deep);
    expect(Array.from(evaluate(lambda(`${Array(10_000).fill('1').join(' + ')} - 9999 * epoch ** 0`), 3))).toEqual([0.1, 0.1, 0.1]);
    expect(Array.from(evaluate(lambda(`${'epoch*'.repeat(16_000)}0 + 1`), 2))).toEqual([0.1, 0.1]);
  });
});

describe('every input shape gives a typed error with a message', () => {
  const ok = { lr: 0.1, step_size: 3 };
  const step = (params: unknown): ScheduleSpec => ({ scheduler: 'torch.StepLR', params: params as Record<string, unknown> });
  const cyclic = () => {
    const o: Record<string, unknown> = {};
    o.o = o;
    return o;
  };

  test.each([
    ['a BigInt', 10n, 'lr: must be a number (got 10n, a BigInt)'],
    ['a cyclic object', cyclic(), 'lr: must be a number (got an object)'],
    ['a symbol', Symbol('x'), 'lr: must be a number (got a symbol)'],
    ['a function', () => 1, 'lr: must be a number (got a function)'],
    ['a list', [1], 'lr: must be a number (got a list)'],
    ['NaN', NaN, 'lr: must be a number (got NaN)'],
  ])('a parameter holding %s', (_what, value, message) => {
    expect(paramError(() => evaluate(step({ ...ok, lr: value }), 5)).message).toBe(message);
  });

  test('getters and Proxy traps that throw are errors of what was being read', () => {
    const getter = Object.defineProperty({ step_size: 3 }, 'lr', { enumerable: true, get: () => { throw new Error('no lr'); } });
    expect(paramError(() => evaluate(step(getter), 5)).message).toBe('lr: could not be read (no lr)');
    const keys = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); } });
    expect(paramError(() => evaluate(step(keys), 5)).message).toBe('params: could not be read (no keys)');
    const spec = new Proxy(step(ok), { get: () => { throw new Error('no spec'); } });
    expect(paramError(() => evaluate(spec, 5)).message).toBe('scheduler: could not be read (no spec)');
    const revoked = Proxy.revocable(step(ok), {});
    revoked.revoke();
    expect(thrown(() => evaluate(revoked.proxy, 5))).toBeInstanceOf(ScheduleParamError);
    const metrics = new Proxy([1, 2, 3], { get: () => { throw new Error('no metric'); } });
    const plateau = torch('ReduceLROnPlateau', { lr: 0.1 });
    expect(paramError(() => evaluate(plateau, 3, { metrics })).message).toBe('metrics: could not be read (no metric)');
  });

  test('odd spec, options and slice shapes', () => {
    for (const spec of [null, undefined, 42, 'torch.StepLR', [], {}, { scheduler: 5 }]) {
      expect(paramError(() => evaluate(spec as unknown as ScheduleSpec, 5)).param).toBe('scheduler');
    }
    expect(paramError(() => evaluate(step('x'), 5)).message).toBe('params: must be an object');
    expect(Array.from(evaluate(step(ok), 2, null as unknown as object))).toEqual([0.1, 0.1]);
    expect(paramError(() => evaluate(torch('ReduceLROnPlateau', { lr: 0.1 }), 3, { metrics: 5 as unknown as number[] })).param).toBe('metrics');
    expect(paramError(() => runToEnd(evaluateInSlices(step(ok), 5, {}, NaN))).param).toBe('slice');
    const long = thrown(() => evaluate({ scheduler: 'x'.repeat(100_000), params: {} }, 5)) as ScheduleError;
    expect(long.message.length).toBeLessThan(200);
  });

  // wrap(child, isRoot): the composite's params around one child (torch children take no lr: the
  // root's optimizer holds it).
  describe.each([
    ['torch.SequentialLR', 'schedulers', (c: unknown, r: boolean) => ({ ...(r && { lr: 0.1 }), schedulers: [c], milestones: [] })],
    ['torch.ChainedScheduler', 'schedulers', (c: unknown, r: boolean) => ({ ...(r && { lr: 0.1 }), schedulers: [c] })],
    ['paddle.LinearWarmup', 'learning_rate', (c: unknown) => ({ learning_rate: c, warmup_steps: 2, start_lr: 0, end_lr: 0.1 })],
    ['optax.join_schedules', 'schedules', (c: unknown) => ({ schedules: [c], boundaries: [] })],
  ] as const)('%s children', (scheduler, param, wrap) => {
    const leaf = {
      'torch.SequentialLR': { scheduler: 'torch.StepLR', params: { step_size: 2 } },
      'torch.ChainedScheduler': { scheduler: 'torch.StepLR', params: { step_size: 2 } },
      'paddle.LinearWarmup': { scheduler: 'paddle.StepDecay', params: { learning_rate: 0.1, step_size: 2 } },
      'optax.join_schedules': { scheduler: 'optax.constant_schedule', params: { value: 0.1 } },
    }[scheduler];
    const nested = (depth: number, fan = 1) => {
      let spec: unknown = leaf;
      for (let d = 0; d < depth; d++) {
        const params = wrap(spec, d === depth - 1) as Record<string, unknown>;
        if (Array.isArray(params[param])) params[param] = Array(fan).fill(spec);
        if ('milestones' in params) params.milestones = Array.from({ length: fan - 1 }, (_, i) => i + 1);
        if ('boundaries' in params) params.boundaries = Array.from({ length: fan - 1 }, (_, i) => i + 1);
        spec = { scheduler, params };
      }
      return spec as ScheduleSpec;
    };

    test('a spec that contains itself', () => {
      const self = { scheduler, params: {} } as ScheduleSpec;
      self.params = wrap(self, true);
      expect(paramError(() => evaluate(self, 5)).message).toBe(`${param}: contains itself: a scheduler spec cannot be its own child`);
    });

    test('nesting: 32 specs deep at most, named in the error', () => {
      const e = validateSpec(nested(1000));
      expect(e).toBeInstanceOf(ScheduleParamError);
      expect(e!.message).toMatch(/nests scheduler specs more than 32 deep$/);
      expect(validateSpec(nested(31))?.message ?? '').not.toMatch(/deep/);
    });

    test('a child object shared many times over is bounded in all', () => {
      if (param === 'learning_rate') return; // one child per spec: no sharing
      const e = validateSpec(nested(20, 8));
      expect(e).toBeInstanceOf(ScheduleParamError);
      expect(e!.message).toMatch(/holds more than 1,000 scheduler specs in all$/);
    });
  });
});
