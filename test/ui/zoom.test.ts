/**
 * The chart's zoom maths (src/ui/chart/scale.ts): wheel zoom keeps the value under the pointer,
 * a dragged box maps to the steps and values inside it, a pinch follows the fingers, and autoscale
 * fits y to what is visible over the shown steps, hidden series left out.
 */
import { describe, expect, test } from 'vitest';
import type { Decimated } from '../../src/curves';
import {
  autoscaleDomain,
  boxToView,
  linearDomain,
  logDomain,
  logTicks,
  pinchView,
  rangeDomain,
  visibleExtent,
  xPixel,
  xStep,
  yPixel,
  yValue,
  zoomAround,
  zoomYAround,
} from '../../src/ui/chart/scale';

function dec(points: [number, number][]): Decimated {
  return {
    x: Float64Array.from(points.map((p) => p[0])),
    y: Float64Array.from(points.map((p) => p[1])),
    length: points.length,
  } as unknown as Decimated;
}

describe('pixel <-> value', () => {
  test('xStep and yValue invert xPixel and yPixel, linear and log', () => {
    expect(xStep(xPixel(1234, 1000, 3000, 640), 1000, 3000, 640)).toBeCloseTo(1234, 9);
    const lin = linearDomain(0, 0.1);
    expect(yValue(yPixel(0.037, lin, 'linear', 300), lin, 'linear', 300)).toBeCloseTo(0.037, 12);
    const log = logDomain(1e-5, 0.1);
    expect(yValue(yPixel(3e-4, log, 'log', 300), log, 'log', 300)).toBeCloseTo(3e-4, 15);
    expect(yValue(0, log, 'log', 300)).toBeCloseTo(log.hi, 12);
    expect(yValue(300, log, 'log', 300)).toBeCloseTo(log.lo, 18);
  });
});

describe('wheel zoom around the pointer', () => {
  test('the step under the pointer stays at the same pixel, zooming in and out', () => {
    const width = 800;
    const [s0, s1] = [1000, 9000];
    for (const px of [0, 123, 400, 799]) {
      const at = xStep(px, s0, s1, width);
      // Zooming out by 1.1 from [1000, 9000] stays inside [0, 10000] for every pointer here.
      for (const factor of [0.5, 0.8, 1.1]) {
        const [a, b] = zoomAround(s0, s1, at, factor, [0, 10_000], 2);
        expect(xPixel(at, a, b, width)).toBeCloseTo(px, 6);
        expect(b - a).toBeCloseTo((s1 - s0) * factor, 6);
      }
    }
  });

  test('never leaves the bounds, never wider than them, never narrower than the minimum span', () => {
    // Zooming out near the left edge shifts the view in instead of showing negative steps.
    const [a, b] = zoomAround(0, 100, 10, 3, [0, 1000], 2);
    expect(a).toBe(0);
    expect(b).toBe(300);
    expect(zoomAround(0, 800, 400, 4, [0, 1000], 2)).toEqual([0, 1000]);
    const [c, d] = zoomAround(10, 14, 12, 0.01, [0, 1000], 2);
    expect(d - c).toBe(2);
    expect((c + d) / 2).toBe(12);
  });

  test('shift + wheel zooms y around the value under the pointer, in decades on a log axis', () => {
    const lin = { lo: 0, hi: 0.1, ticks: [] };
    const [lo, hi] = zoomYAround(lin, 0.04, 0.5, 'linear');
    expect(lo).toBeCloseTo(0.02, 15);
    expect(hi).toBeCloseTo(0.07, 15);
    // The value keeps its pixel.
    expect(yPixel(0.04, { lo, hi, ticks: [] }, 'linear', 200)).toBeCloseTo(yPixel(0.04, lin, 'linear', 200), 9);
    const log = { lo: 1e-6, hi: 1, ticks: [] };
    const [l0, l1] = zoomYAround(log, 1e-3, 0.5, 'log');
    expect(Math.log10(l0)).toBeCloseTo(-4.5, 12);
    expect(Math.log10(l1)).toBeCloseTo(-1.5, 12);
    expect(l0).toBeGreaterThan(0);
  });
});

describe('box to domain', () => {
  const plot = { width: 500, height: 200, s0: 0, s1: 1000, y: { lo: 0, hi: 0.2, ticks: [] }, scale: 'linear' as const };

  test('a box maps to the steps and values inside it, whichever corner the drag starts from', () => {
    const v = boxToView({ x0: 100, y0: 50, x1: 250, y1: 150 }, plot);
    expect(v.s0).toBe(200);
    expect(v.s1).toBe(500);
    expect(v.y![0]).toBeCloseTo(0.05, 15);
    expect(v.y![1]).toBeCloseTo(0.15, 15);
    expect(boxToView({ x0: 250, y0: 150, x1: 100, y1: 50 }, plot)).toEqual(v);
  });

  test('a box dragged past the plot edge is cut at the edge', () => {
    const v = boxToView({ x0: -30, y0: -10, x1: 600, y1: 100 }, plot);
    expect(v.s0).toBe(0);
    expect(v.s1).toBe(1000);
    expect(v.y![1]).toBeCloseTo(0.2, 15);
  });

  test('a flat box zooms the steps only', () => {
    expect(boxToView({ x0: 100, y0: 80, x1: 300, y1: 82 }, plot, 4).y).toBeNull();
  });

  test('on a log axis the box maps through the logarithm', () => {
    const v = boxToView({ x0: 0, y0: 50, x1: 500, y1: 150 }, { ...plot, y: { lo: 1e-4, hi: 1, ticks: [] }, scale: 'log' });
    expect(Math.log10(v.y![0])).toBeCloseTo(-3, 12);
    expect(Math.log10(v.y![1])).toBeCloseTo(-1, 12);
  });
});

describe('pinch', () => {
  test('fingers spreading to twice their distance halve the span around the pinch centre', () => {
    const [a, b] = pinchView([0, 1000], 500, 250, 100, 250, 200, [0, 1000], 2);
    expect(a).toBe(250);
    expect(b).toBe(750);
  });
  test('the step under the first centre follows the fingers as they move', () => {
    const at = xStep(100, 2000, 3000, 500);
    const [a, b] = pinchView([2000, 3000], 500, 100, 80, 300, 160, [0, 10_000], 2);
    expect(b - a).toBe(500);
    expect(xPixel(at, a, b, 500)).toBeCloseTo(300, 9);
  });
});

describe('autoscale over the visible columns', () => {
  const a = dec([
    [0, 1],
    [100, 0.5],
    [200, 0.2],
    [300, 0.1],
  ]);
  const b = dec([
    [0, 5],
    [150, 4],
    [250, 0.05],
  ]);

  test('counts the points inside the steps, and the value held into them from before', () => {
    // Over [120, 280): a holds 0.5 from step 100, then 0.2; b holds 5 from 0, then 4 and 0.05.
    expect(visibleExtent([{ dec: a }], 120, 280)).toEqual({ min: 0.2, max: 0.5, minPositive: 0.2 });
    expect(visibleExtent([{ dec: a }, { dec: b }], 120, 280)).toEqual({ min: 0.05, max: 5, minPositive: 0.05 });
  });

  test('hidden series are left out', () => {
    expect(visibleExtent([{ dec: a }, { dec: b, hidden: true }], 120, 280)).toEqual({ min: 0.2, max: 0.5, minPositive: 0.2 });
    const d = autoscaleDomain([{ dec: a }, { dec: b, hidden: true }], 120, 280, 'linear')!;
    expect(d.lo).toBeLessThan(0.2);
    expect(d.hi).toBeGreaterThan(0.5);
    // Tight: 5% room, not the 0-based fit and not b's 5.
    expect(d.lo).toBeCloseTo(0.2 - 0.015, 12);
    expect(d.hi).toBeCloseTo(0.5 + 0.015, 12);
  });

  test('gaps and values <= 0 do not count on a log axis; nothing drawable is null', () => {
    const c = dec([
      [0, NaN],
      [10, 0],
      [20, 1e-3],
      [30, 1e-1],
    ]);
    const d = autoscaleDomain([{ dec: c }], 0, 40, 'log')!;
    expect(d.lo).toBeLessThan(1e-3);
    expect(d.hi).toBeGreaterThan(1e-1);
    expect(d.lo).toBeGreaterThan(1e-4);
    expect(autoscaleDomain([{ dec: c }], 0, 15, 'log')).toBeNull();
    expect(autoscaleDomain([{ dec: c, hidden: true }], 0, 40, 'linear')).toBeNull();
  });
});

describe('ticks of a zoomed y axis', () => {
  test('linear ranges keep their bounds and get nice ticks inside', () => {
    const d = rangeDomain(0.0123, 0.0456, 'linear');
    expect([d.lo, d.hi]).toEqual([0.0123, 0.0456]);
    expect(d.ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of d.ticks) expect(t >= d.lo && t <= d.hi).toBe(true);
  });
  test('log ranges: decades, or 1-2-5 steps, or linear ticks inside a fraction of a decade', () => {
    expect(logTicks(1e-6, 1)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
    expect(logTicks(0.03, 0.6)).toEqual([0.05, 0.1, 0.2, 0.5]);
    const narrow = logTicks(0.031, 0.039);
    expect(narrow.length).toBeGreaterThanOrEqual(2);
    for (const t of narrow) expect(t >= 0.031 && t <= 0.039).toBe(true);
  });
});

test('autoscale leaves no room below 0 for a non-negative lr', () => {
  const d = autoscaleDomain([{ dec: dec([[0, 0.001], [10, 0.1]]) }], 0, 20, 'linear')!;
  expect(d.lo).toBe(0);
  expect(d.hi).toBeCloseTo(0.1 + 0.05 * 0.099, 12);
  expect(d.ticks[0]).toBe(0);
});
