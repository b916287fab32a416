import { describe, expect, test } from 'vitest';
import { ScheduleParamError } from '../../src/schedules';
import type { ParamDef } from '../../src/schedules/types';
import { describeRange, resolveFields } from '../../src/schedules/validate';

const fields: ParamDef[] = [
  { name: 'lr', type: { kind: 'number', min: 0 }, example: 0.1, doc: 'base lr', role: 'baseLr' },
  { name: 'T_0', type: { kind: 'integer', min: 1 }, example: 10, doc: 'first period' },
  { name: 'gamma', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0.1, doc: 'factor' },
  { name: 'mode', type: { kind: 'enum', options: ['min', 'max'] }, default: 'min', doc: 'mode' },
  { name: 'cycle', type: { kind: 'boolean' }, default: false, doc: 'cycle' },
  { name: 'milestones', type: { kind: 'numberList', integer: true, order: 'increasing', min: 0 }, example: [3], doc: 'm' },
  { name: 'scales', type: { kind: 'numberMap', min: 0 }, default: {}, doc: 'scales' },
  { name: 'down', type: { kind: 'integer', min: 1 }, default: null, nullable: true, doc: 'down' },
];

function reason(raw: Record<string, unknown>): [string, string] {
  try {
    resolveFields(fields, raw, '', 'test.Sched');
  } catch (e) {
    if (e instanceof ScheduleParamError) return [e.param, e.reason];
    throw e;
  }
  throw new Error('expected an error');
}

const ok = { lr: 0.1, T_0: 10, milestones: [3, 7] };

describe('schema validation', () => {
  test('fills defaults without touching the input', () => {
    const raw = { ...ok };
    const out = resolveFields(fields, raw, '', 'test.Sched');
    expect(out).toEqual({ ...ok, gamma: 0.1, mode: 'min', cycle: false, scales: {}, down: null });
    expect(raw).toEqual(ok);
  });

  test('each rule names the parameter and says why in words', () => {
    expect(reason({ ...ok, T_0: 2.5 })).toEqual(['T_0', 'must be an integer (got 2.5)']);
    expect(reason({ ...ok, T_0: 0 })).toEqual(['T_0', 'must be >= 1 (got 0)']);
    expect(reason({ ...ok, gamma: 1 })).toEqual(['gamma', 'must be >= 0 and < 1 (got 1)']);
    expect(reason({ ...ok, gamma: Infinity })[1]).toMatch(/finite/);
    expect(reason({ ...ok, mode: 'mean' })).toEqual(['mode', "must be one of 'min', 'max'"]);
    expect(reason({ ...ok, cycle: 'yes' })[0]).toBe('cycle');
    expect(reason({ ...ok, milestones: [7, 3] })).toEqual([
      'milestones',
      'must be strictly increasing (7 is followed by 3)',
    ]);
    expect(reason({ ...ok, milestones: [1.5] })[1]).toMatch(/integer/);
    expect(reason({ ...ok, scales: { x: 1 } })[1]).toMatch(/integer step/);
    expect(reason({ ...ok, scales: { 10: -1 } })[1]).toMatch(/>= 0/);
    expect(reason({ ...ok, lr: null })).toEqual(['lr', 'is required (None is not allowed)']);
    expect(reason({ T_0: 1, milestones: [] })).toEqual(['lr', 'is required']);
    expect(reason({ ...ok, T_mult: 2 })).toEqual(['T_mult', 'is not an argument of test.Sched']);
  });

  test('a child spec may not carry the shared base lr', () => {
    expect(() => resolveFields(fields, ok, 'schedulers[0]', 'x', true)).toThrow(/parent/);
    const out = resolveFields(fields, { T_0: 1, milestones: [] }, 'schedulers[0]', 'x', true);
    expect('lr' in out).toBe(false);
  });

  test('nested paths locate the field', () => {
    try {
      resolveFields(fields, { ...ok, T_0: -1 }, 'schedulers[1]', 'x');
    } catch (e) {
      expect((e as ScheduleParamError).path).toBe('schedulers[1].T_0');
      return;
    }
    throw new Error('expected an error');
  });

  test('ranges read as words', () => {
    expect(describeRange({ min: 0, minExclusive: true })).toBe('> 0');
    expect(describeRange({ min: 0, max: 1 })).toBe('>= 0 and <= 1');
  });
});
