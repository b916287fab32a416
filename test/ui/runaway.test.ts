/** A curve that overflows before its step error: the y axis fits the other curves, and says so; axes near float64's top stay finite. */
import { describe, expect, test } from 'vitest';
import type { DrawnSeries } from '../../src/ui/chart/draw';
import { linearDomain, logDomain, yDomainFor } from '../../src/ui/chart/scale';
import { runawaySeries } from '../../src/ui/chart/series';

function series(id: string, ys: number[], errorStep: number | null = null): DrawnSeries {
  return { id, color: '#000000', stale: false, errorStep, dec: { x: Float64Array.from(ys, (_, i) => i), y: Float64Array.from(ys), length: ys.length } };
}

describe('runawaySeries', () => {
  const cosine = series('cos', [0.1, 0.05, 0]);
  test('a failing curve far above the others runs away; one near them does not', () => {
    const exp = series('exp', [0.1, 2.7, 2e304], 38);
    const near = series('near', [0.1, 0.5, 5], 1500);
    expect([...runawaySeries([cosine, exp, near], 'linear')]).toEqual(['exp']);
    // On a log axis six decades more are followed: 5 is not away, 2e304 is.
    expect([...runawaySeries([cosine, exp, near], 'log')]).toEqual(['exp']);
    expect([...runawaySeries([cosine, series('big', [0.1, 50], 3)], 'log')]).toEqual([]);
    expect([...runawaySeries([cosine, series('big', [0.1, 50], 3)], 'linear')]).toEqual(['big']);
  });
  test('alone, or among curves that are all zero, a failing curve has the axis to itself', () => {
    expect(runawaySeries([series('exp', [0.1, 2e304], 38)], 'linear').size).toBe(0);
    expect(runawaySeries([series('zero', [0, 0]), series('exp', [0.1, 2e304], 38)], 'linear').size).toBe(0);
  });
  test('the domain of the others is the domain without the runaway curve', () => {
    const exp = series('exp', [0.1, 2.7, 2e304], 38);
    const run = runawaySeries([cosine, exp], 'linear');
    expect(yDomainFor([cosine, exp].filter((d) => !run.has(d.id)).map((d) => d.dec), 'linear')).toEqual(yDomainFor([cosine.dec], 'linear'));
  });
});

describe('axes near the top of float64', () => {
  test('a linear axis over 1.7e308 ends at the largest double, with finite ticks', () => {
    const d = linearDomain(0, 1.7e308);
    expect(d.hi).toBe(Number.MAX_VALUE);
    expect(d.ticks.length).toBeGreaterThan(2);
    for (const t of d.ticks) expect(Number.isFinite(t)).toBe(true);
    expect(linearDomain(0, Infinity).hi).toBe(Number.MAX_VALUE);
  });
  test('a log axis stops at 1e308 (and at 1e-323 below)', () => {
    const d = logDomain(1e-3, 1.7e308);
    expect(d.hi).toBe(1e308);
    for (const t of d.ticks) expect(Number.isFinite(t) && t > 0).toBe(true);
    expect(logDomain(5e-324, 1).lo).toBe(1e-323);
  });
});
