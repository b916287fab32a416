/**
 * The band a dense curve is filled as (what a 2 px polyline through the min/max points would
 * cover): every pixel column the line crosses is covered, with the part of the line inside it.
 */
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/schedules';
import { bandExtent, drawnRecord, drawSeries, sameDrawing, type PlotGeometry } from '../../src/ui/chart/draw';
import { linearDomain } from '../../src/ui/chart/scale';
import { decimateMinMax } from '../../src/curves';

const cyclic = evaluate({ scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 2000 } }, 1_000_000);

function geometry(width: number, hi: number): PlotGeometry {
  return { width, height: 338, s0: 0, s1: cyclic.length, y: linearDomain(0, hi), scale: 'linear' };
}

/** Pixel y of a value on `g` (linear). */
const py = (g: PlotGeometry, v: number) => g.height - ((v - g.y.lo) / (g.y.hi - g.y.lo)) * g.height;

describe('bandExtent', () => {
  // The chart decimates for its widest plot: with a wider y axis, a decimation column is a little
  // narrower than a pixel; with a narrower one, a little wider, and some pixel columns hold no point.
  test.each([
    [562, 540],
    [562, 562],
    [562, 600],
    [497, 560],
  ])('a fast cycle over 1M steps on %i px from %i columns: no pixel column left empty, none beyond the data', (width, columns) => {
    for (const hi of [0.1, 0.3]) {
      const g = geometry(width, hi);
      const dec = decimateMinMax(cyclic, 0, cyclic.length, columns, 'all');
      const { top, bot } = bandExtent(dec, g);
      const last = Math.floor(((cyclic.length - 1) / cyclic.length) * width);
      for (let c = 0; c <= last; c++) {
        expect([c, Number.isFinite(top[c]) && Number.isFinite(bot[c])]).toEqual([c, true]);
        expect(top[c]).toBeGreaterThanOrEqual(py(g, 0.1) - 1e-9);
        expect(bot[c]).toBeLessThanOrEqual(py(g, 0.001) + 1e-9);
      }
    }
  });

  test('where decimation columns are the pixel columns, each column covers at least the values in its steps', () => {
    const width = 562;
    const g = geometry(width, 0.1);
    const { top, bot } = bandExtent(decimateMinMax(cyclic, 0, cyclic.length, width, 'all'), g);
    for (let c = 0; c < width; c++) {
      const a = Math.ceil((c * cyclic.length) / width);
      const b = Math.ceil(((c + 1) * cyclic.length) / width);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = a; i < b; i++) {
        lo = Math.min(lo, cyclic[i]);
        hi = Math.max(hi, cyclic[i]);
      }
      expect([c, top[c] <= py(g, hi) + 1e-9, bot[c] >= py(g, lo) - 1e-9]).toEqual([c, true, true]);
    }
  });

  test('the lr is a step function: a value holds to the next point, where the line jumps', () => {
    // Two points 10 px apart: 0 holds from x = 2.5 to 12.5, the jump to 10 is in column 12, and
    // the last value holds for its own update (one step: 1 px), to x = 13.5.
    const g: PlotGeometry = { width: 20, height: 100, s0: 0, s1: 20, y: { lo: 0, hi: 10, ticks: [] }, scale: 'linear' };
    const dec = { x: new Float64Array([2.5, 12.5]), y: new Float64Array([0, 10]), length: 2 };
    const { top, bot } = bandExtent(dec, g);
    for (let c = 2; c <= 11; c++) expect([c, top[c], bot[c]]).toEqual([c, 100, 100]);
    expect([top[12], bot[12]]).toEqual([0, 100]);
    expect([top[13], bot[13]]).toEqual([0, 0]);
    expect(top[1]).toBe(Infinity);
    expect(top[14]).toBe(Infinity);
  });

  test('a value before a gap holds up to the step where the gap starts', () => {
    const g: PlotGeometry = { width: 20, height: 100, s0: 0, s1: 20, y: { lo: 0, hi: 10, ticks: [] }, scale: 'linear' };
    const dec = { x: new Float64Array([0, 5, 10]), y: new Float64Array([5, NaN, 10]), length: 3 };
    const { top, bot } = bandExtent(dec, g);
    for (let c = 0; c <= 4; c++) expect([c, top[c], bot[c]]).toEqual([c, 50, 50]);
    for (let c = 5; c <= 9; c++) expect(top[c]).toBe(Infinity);
    expect([top[10], bot[10]]).toEqual([0, 0]);
    expect(top[11]).toBe(Infinity);
  });
});

describe('drawSeries', () => {
  /** A 2D context that records the path's points. */
  function recorder() {
    const path: [string, number, number][] = [];
    const ctx = {
      save() {},
      restore() {},
      beginPath() {},
      stroke() {},
      fill() {},
      closePath() {},
      setLineDash() {},
      moveTo: (x: number, y: number) => path.push(['M', x, y]),
      lineTo: (x: number, y: number) => path.push(['L', x, y]),
    } as unknown as CanvasRenderingContext2D;
    return { ctx, path };
  }

  test('a StepLR over 10 steps: horizontal holds and vertical drops, no diagonal', () => {
    const v = evaluate({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.5 } }, 10);
    const g: PlotGeometry = { width: 500, height: 300, s0: 0, s1: 10, y: linearDomain(0, 0.1), scale: 'linear' };
    const { ctx, path } = recorder();
    drawSeries(ctx, [{ id: 'a', color: '#000', dec: decimateMinMax(v, 0, 10, 500), stale: false, errorStep: null }], g);
    expect(path[0]).toEqual(['M', 0, py(g, 0.1)]);
    for (let i = 1; i < path.length; i++) {
      const [, x0, y0] = path[i - 1];
      const [, x1, y1] = path[i];
      expect(x0 === x1 || y0 === y1, `segment ${i}: (${x0}, ${y0}) to (${x1}, ${y1})`).toBe(true);
    }
    // The drops at steps 3, 6 and 9 are vertical, at their step; the last value holds to the end.
    for (const s of [3, 6, 9]) {
      const x = (s / 10) * 500;
      expect(path.some(([, x0, y0], i) => i > 0 && x0 === x && path[i - 1][1] === x && path[i - 1][2] === py(g, v[s - 1]) && y0 === py(g, v[s]))).toBe(true);
    }
    expect(path[path.length - 1]).toEqual(['L', 500, py(g, v[9])]);
  });

  test('a dense band is drawn under the lines, one opaque pixel column each, covering the whole cycle', () => {
    const g = geometry(562, 0.1);
    const dense = decimateMinMax(cyclic, 0, cyclic.length, 562, 'all');
    const flat = decimateMinMax(new Float64Array(cyclic.length).fill(0.05), 0, cyclic.length, 562);
    const ops: string[] = [];
    const rects: [number, number, number, number][] = [];
    const ctx = {
      save() {},
      restore() {},
      beginPath() {},
      setLineDash() {},
      moveTo() {},
      lineTo() {},
      stroke() {
        ops.push(`stroke ${ctx.strokeStyle}`);
      },
      fillRect(x: number, y: number, w: number, h: number) {
        if (ops[ops.length - 1] !== `band ${ctx.fillStyle}`) ops.push(`band ${ctx.fillStyle}`);
        rects.push([x, y, w, h]);
      },
      strokeStyle: '',
      fillStyle: '',
    } as unknown as CanvasRenderingContext2D;
    // The flat line comes first in the list, the band second: the band is painted first.
    drawSeries(ctx, [{ id: 'line', color: '#111', dec: flat, stale: false, errorStep: null }, { id: 'band', color: '#222', dec: dense, stale: false, errorStep: null }], g);
    expect(ops).toEqual(['band #222', 'stroke #111']);
    // Whole pixel columns, side by side; together they span the cycle's range in every column.
    rects.forEach(([x, , w], i) => expect([x, w]).toEqual([i, 1]));
    for (const [, y, , h] of rects.slice(1, -1)) {
      expect(y).toBeLessThanOrEqual(py(g, 0.1));
      expect(y + h).toBeGreaterThanOrEqual(py(g, 0.001));
    }
  });

  test('a dense line is reduced per pixel column: at most 4 vertices in each, its vertical extent kept', () => {
    const v = evaluate({ scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 300_000 } }, 1_000_000);
    const g: PlotGeometry = { width: 500, height: 300, s0: 0, s1: v.length, y: linearDomain(0, 0.1), scale: 'linear' };
    const dec = decimateMinMax(v, 0, v.length, 2000);
    const { ctx, path } = recorder();
    drawSeries(ctx, [{ id: 'a', color: '#000', dec, stale: false, errorStep: null }], g);
    // Unreduced, the step line has two vertices per point: 4,000 here.
    expect(path.length).toBeLessThan(2 * 500 * 2);
    const { top, bot } = bandExtent(dec, g);
    const perColumn = new Map<number, number[]>();
    for (const [, x, y] of path) {
      const c = Math.floor(x);
      perColumn.set(c, [...(perColumn.get(c) ?? []), y]);
    }
    expect(perColumn.size).toBeGreaterThanOrEqual(500);
    for (const [c, ys] of perColumn) {
      expect(ys.length, `column ${c}`).toBeLessThanOrEqual(5);
      // The hold of the last value ends on the plot's right edge (x = width, past the last column).
      if (c >= g.width) continue;
      expect([c, Math.min(...ys), Math.max(...ys)]).toEqual([c, top[c], bot[c]]);
    }
    // In order along x: the path never goes back.
    for (let i = 1; i < path.length; i++) expect(path[i][1]).toBeGreaterThanOrEqual(path[i - 1][1]);
  });
});

describe('drawnRecord and sameDrawing', () => {
  const dec = decimateMinMax(cyclic, 0, cyclic.length, 500);
  const other = decimateMinMax(cyclic, 0, cyclic.length / 2, 500);
  const base = { id: 'a', color: '#123456', dec, stale: false, errorStep: null, requestedAt: 12.5 };

  test('records each curve the canvas shows with its checksum and request time, in order', () => {
    const rec = drawnRecord([base, { ...base, id: 'b', dec: other, requestedAt: null }]);
    const [a, b] = rec.split(' ');
    expect(a).toMatch(/^a:[0-9a-f]{8}@12\.5$/);
    expect(b).toMatch(/^b:[0-9a-f]{8}@$/);
    // A different drawing has a different checksum.
    expect(a.split(':')[1].split('@')[0]).not.toBe(b.split(':')[1].split('@')[0]);
  });

  test('a drawing is the same only with the same points, colour, flags and request', () => {
    expect(sameDrawing(base, { ...base })).toBe(true);
    expect(sameDrawing(base, { ...base, dec: other })).toBe(false);
    expect(sameDrawing(base, { ...base, color: '#000000' })).toBe(false);
    expect(sameDrawing(base, { ...base, stale: true })).toBe(false);
    expect(sameDrawing(base, { ...base, errorStep: 5 })).toBe(false);
    expect(sameDrawing(base, { ...base, requestedAt: 13 })).toBe(false);
  });
});
