import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/schedules';
import { decimateMinMax, type Decimated } from '../../src/curves';

/** The column the chart puts index `i` in, for a view [start, end) over `columns` pixels. */
function column(i: number, start: number, end: number, columns: number): number {
  return Math.floor(((i - start) * columns) / (end - start));
}

/** Per-column min/max of the original data: the envelope a pixel-exact chart must show. */
function envelope(values: ArrayLike<number>, start: number, end: number, columns: number, keep = (_v: number) => true) {
  const lo = new Float64Array(columns).fill(Infinity);
  const hi = new Float64Array(columns).fill(-Infinity);
  for (let i = Math.max(0, start); i < Math.min(end, values.length); i++) {
    const v = values[i];
    if (!keep(v)) continue;
    const c = column(i, start, end, columns);
    if (v < lo[c]) lo[c] = v;
    if (v > hi[c]) hi[c] = v;
  }
  return { lo, hi };
}

function decimatedEnvelope(d: Decimated, start: number, end: number, columns: number) {
  const lo = new Float64Array(columns).fill(Infinity);
  const hi = new Float64Array(columns).fill(-Infinity);
  for (let k = 0; k < d.length; k++) {
    const v = d.y[k];
    if (Number.isNaN(v)) continue;
    const c = column(d.x[k], start, end, columns);
    if (v < lo[c]) lo[c] = v;
    if (v > hi[c]) hi[c] = v;
  }
  return { lo, hi };
}

function expectWellFormed(d: Decimated, values: ArrayLike<number>, columns: number) {
  expect(d.length).toBeLessThanOrEqual(2 * columns);
  for (let k = 0; k < d.length; k++) {
    if (k > 0) expect(d.x[k]).toBeGreaterThan(d.x[k - 1]);
    // Every kept point is a real sample (or a gap marker).
    if (!Number.isNaN(d.y[k])) expect(d.y[k]).toBe(values[d.x[k]]);
  }
}

/** The decimated points have exactly the per-column min and max of the drawable data. */
function expectSameEnvelope(d: Decimated, values: ArrayLike<number>, start: number, end: number, columns: number, keep?: (v: number) => boolean) {
  const want = envelope(values, start, end, columns, keep);
  const got = decimatedEnvelope(d, start, end, columns);
  expect(Array.from(got.lo)).toEqual(Array.from(want.lo));
  expect(Array.from(got.hi)).toEqual(Array.from(want.hi));
  return got;
}

/** A fast cyclic schedule: a triangle of period 997 steps inside a cosine decay, 1M steps. */
function fastCyclic(n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tri = Math.abs(((i % 997) / 997) * 2 - 1);
    v[i] = (1e-4 + 1e-2 * tri) * (0.5 + 0.5 * Math.cos((Math.PI * i) / n));
  }
  return v;
}

describe('decimateMinMax', () => {
  test('keeps the exact per-column envelope of a fast cyclic 1M-step series', () => {
    const values = fastCyclic(1_000_000);
    for (const columns of [830, 1660, 1000, 7]) {
      const d = decimateMinMax(values, 0, values.length, columns);
      expectWellFormed(d, values, columns);
      expectSameEnvelope(d, values, 0, values.length, columns);
    }
  });

  test('keeps the envelope of a real 1M-step torch CyclicLR', () => {
    const values = evaluate({ scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 333 } }, 1_000_000);
    const columns = 830;
    const d = decimateMinMax(values, 0, values.length, columns);
    expectWellFormed(d, values, columns);
    const got = expectSameEnvelope(d, values, 0, values.length, columns);
    // Every column of a cycle shorter than a column spans the full cyclic range.
    expect(Math.min(...got.lo)).toBe(0.001);
    expect(Math.max(...got.hi)).toBeCloseTo(0.1, 12);
  });

  test('a zoomed view uses the same column mapping as the chart, and only samples inside it', () => {
    const values = fastCyclic(200_000);
    const [start, end, columns] = [12_345, 98_765, 640];
    const d = decimateMinMax(values, start, end, columns);
    expectWellFormed(d, values, columns);
    expect(d.x[0]).toBeGreaterThanOrEqual(start);
    expect(d.x[d.length - 1]).toBeLessThan(end);
    expectSameEnvelope(d, values, start, end, columns);
  });

  test('a fractional view maps steps to columns like the chart', () => {
    const values = fastCyclic(50_000);
    const [start, end, columns] = [100.5, 40_000.25, 333];
    const d = decimateMinMax(values, start, end, columns);
    const lo = new Float64Array(columns).fill(Infinity);
    const hi = new Float64Array(columns).fill(-Infinity);
    for (let i = Math.ceil(start); i < Math.ceil(end); i++) {
      const c = column(i, start, end, columns);
      lo[c] = Math.min(lo[c], values[i]);
      hi[c] = Math.max(hi[c], values[i]);
    }
    const got = decimatedEnvelope(d, start, end, columns);
    expect(Array.from(got.lo)).toEqual(Array.from(lo));
    expect(Array.from(got.hi)).toEqual(Array.from(hi));
  });

  test('returns every sample when there are at most two per column', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i * 0.5);
    const d = decimateMinMax(values, 0, 100, 50);
    expect(d.length).toBe(100);
    expect(Array.from(d.x)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(d.y)).toEqual(Array.from(values));
  });

  test('a partial curve (the framework raised) is decimated over the steps it has', () => {
    const values = fastCyclic(30_000);
    const d = decimateMinMax(values, 0, 100_000, 500);
    expect(d.x[d.length - 1]).toBeLessThan(30_000);
    expectSameEnvelope(d, values, 0, 100_000, 500);
  });

  test('positive mode (log axis) leaves out values <= 0 and marks the gaps, never drawing 0', () => {
    const values = new Float64Array(100_000);
    for (let i = 0; i < values.length; i++) values[i] = i % 20_000 < 5_000 ? 0 : 1e-3 * (1 + (i % 7));
    const columns = 400;
    const d = decimateMinMax(values, 0, values.length, columns, 'positive');
    expectWellFormed(d, values, columns);
    let gaps = 0;
    for (let k = 0; k < d.length; k++) {
      if (Number.isNaN(d.y[k])) gaps++;
      else expect(d.y[k]).toBeGreaterThan(0);
    }
    // 5 zero runs, the first at the start: one marker per run of empty columns.
    expect(gaps).toBe(5);
    expectSameEnvelope(d, values, 0, values.length, columns, (v) => v > 0);
  });

  test('positive mode without decimation also breaks the line at zeros', () => {
    const d = decimateMinMax(Float64Array.from([0.1, 0.05, 0, 0, 0.02]), 0, 5, 100, 'positive');
    expect(Array.from(d.y).map((v) => (Number.isNaN(v) ? 'gap' : v))).toEqual([0.1, 0.05, 'gap', 0.02]);
  });

  test('finite mode skips NaN (undefined ratios) and keeps the envelope of the rest', () => {
    const values = fastCyclic(60_000);
    for (let i = 0; i < values.length; i += 3) values[i] = NaN;
    const d = decimateMinMax(values, 0, values.length, 300, 'finite');
    expectSameEnvelope(d, values, 0, values.length, 300, (v) => !Number.isNaN(v));
  });

  test('empty and degenerate inputs give no points', () => {
    expect(decimateMinMax(new Float64Array(0), 0, 1000, 100).length).toBe(0);
    expect(decimateMinMax(new Float64Array(10), 5, 5, 100).length).toBe(0);
    expect(decimateMinMax(new Float64Array(10), 20, 30, 100).length).toBe(0);
  });
});
