import { describe, expect, test } from 'vitest';
import { evaluate, getDefinition, MAX_STEPS, resolveSpec, ScheduleParamError, schedulers, UnknownSchedulerError } from '../../src/schedules';
import { equivalentsOf } from '../../src/schedules/equivalences';
import { REQUIRED_IDS, sampleSpec } from './samples';

function metricsFor(n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = 1 / (1 + Math.min(i, 50));
  return m;
}

describe('registry', () => {
  test('every scheduler the engine issue lists is registered', () => {
    const missing = REQUIRED_IDS.filter((id) => !getDefinition(id));
    expect(missing).toEqual([]);
  });

  test.each(schedulers.map((d) => [d.id, d] as const))('%s is a complete definition', (_id, def) => {
    expect(def.module).toMatch(/\w+\.\w+/);
    expect(def.formula.length).toBeGreaterThan(5);
    expect(def.description.length).toBeGreaterThan(40);
    for (const p of def.params) {
      expect(p.doc.length, `${def.id}.${p.name} doc`).toBeGreaterThan(5);
      expect(p.default !== undefined || p.example !== undefined, `${def.id}.${p.name} default or example`).toBe(true);
    }
    for (const eq of equivalentsOf(def.id)) {
      const other = getDefinition(eq);
      expect(other, `${def.id} equivalent ${eq}`).toBeDefined();
      expect(other!.framework).not.toBe(def.framework);
    }
  });

  test.each(schedulers.map((d) => [d.id] as const))('%s evaluates its sample spec to finite values', (id) => {
    const def = getDefinition(id)!;
    const spec = sampleSpec(id);
    const frozen = JSON.stringify(spec);
    const n = 300;
    const lrs = evaluate(spec, n, def.metricDriven ? { metrics: metricsFor(n) } : {});
    expect(lrs.length).toBe(n);
    for (const v of lrs) expect(Number.isFinite(v)).toBe(true);
    expect(JSON.stringify(spec)).toBe(frozen); // never mutates the spec
  });
});

describe('validation and limits', () => {
  const id = 'torch.StepLR';

  test('unknown scheduler is a typed error', () => {
    expect(() => evaluate({ scheduler: 'torch.Nope', params: {} }, 5)).toThrow(UnknownSchedulerError);
  });

  test('unknown, missing and mistyped parameters name the parameter', () => {
    if (!getDefinition(id)) return expect(getDefinition(id)).toBeDefined();
    const spec = sampleSpec(id);
    const bad = (params: Record<string, unknown>) => {
      try {
        resolveSpec({ scheduler: id, params });
      } catch (e) {
        expect(e).toBeInstanceOf(ScheduleParamError);
        return (e as ScheduleParamError).param;
      }
      throw new Error('expected a ScheduleParamError');
    };
    expect(bad({ ...spec.params, gama: 0.5 })).toBe('gama');
    expect(bad({ ...spec.params, step_size: undefined })).toBe('step_size');
    expect(bad({ ...spec.params, gamma: 'x' })).toBe('gamma');
    expect(bad({ ...spec.params, gamma: Number.NaN })).toBe('gamma');
  });

  test('steps are capped at MAX_STEPS and must be a non-negative integer', () => {
    expect(MAX_STEPS).toBeGreaterThanOrEqual(10_000_000);
    expect(() => evaluate({ scheduler: id, params: {} }, MAX_STEPS + 1)).toThrow(/at most/);
    expect(() => evaluate({ scheduler: id, params: {} }, -1)).toThrow(ScheduleParamError);
    expect(() => evaluate({ scheduler: id, params: {} }, 1.5)).toThrow(ScheduleParamError);
  });

  test('metric-driven schedulers demand their metrics', () => {
    const plateau = schedulers.find((d) => d.metricDriven);
    if (!plateau) return expect(plateau).toBeDefined();
    expect(() => evaluate(sampleSpec(plateau.id), 10)).toThrow(/metric/);
  });
});
