/**
 * Min/max decimation per pixel column: keeps the exact envelope of fast cycles (LTTB aliases them).
 *
 * The x domain `[start, end)` is split into `columns` equal-width pixel columns: index `i` falls in
 * column `floor((i - start) * columns / (end - start))`, the same mapping the chart uses to place
 * step `i` on the canvas. Each column contributes the sample where it is lowest and the sample where
 * it is highest, in x order, so the polyline draws every column's full vertical extent: at most two
 * points per column, and the minimum and maximum of every column are exactly those of the data.
 * When the range holds no more than two samples per column, every sample is returned.
 */
import type { Columns } from '../schedules';

export interface Decimated {
  /** Index of each kept sample in the input (the step). */
  x: Float64Array;
  /** Its value; `NaN` marks a gap (a column with no drawable sample), drawn as a break in the line. */
  y: Float64Array;
  length: number;
}

/**
 * Which samples can be drawn: `all`; `positive` (log axis: values <= 0 are left out, a column with
 * none left leaves a gap); `finite` (derived series such as ratios, where `NaN` marks undefined
 * points).
 */
export type DecimateMode = 'all' | 'positive' | 'finite';

function keep(v: number, mode: DecimateMode): boolean {
  return mode === 'all' || (mode === 'positive' ? v > 0 : v === v && v - v === 0);
}

export function decimateMinMax(
  values: ArrayLike<number>,
  start: number,
  end: number,
  columns: number,
  mode: DecimateMode = 'all',
): Decimated {
  const span = end - start;
  const cols = Math.max(1, Math.floor(columns));
  const lo = Math.max(0, Math.ceil(start));
  const hi = Math.min(values.length, Math.ceil(end));
  const n = hi - lo;
  if (!(span > 0) || n <= 0) return { x: new Float64Array(0), y: new Float64Array(0), length: 0 };
  if (n <= cols * 2) return copyRange(values, lo, hi, mode);
  if (mode === 'all') return minMaxAll(values, start, span, cols, lo, hi);
  return minMaxFiltered(values, start, span, cols, lo, hi, mode);
}

/** First index of column `c` (the smallest `i` with `floor((i - start) * cols / span) >= c`). */
function columnStart(start: number, span: number, cols: number, c: number): number {
  return Math.ceil(start + (c * span) / cols);
}

/** Writes a column's minimum and maximum in x order (once when they are the same sample). */
function emitColumn(x: Float64Array, y: Float64Array, k: number, iMin: number, vMin: number, iMax: number, vMax: number): number {
  if (iMin === iMax) {
    x[k] = iMin;
    y[k] = vMin;
    return k + 1;
  }
  const minFirst = iMin < iMax;
  x[k] = minFirst ? iMin : iMax;
  y[k] = minFirst ? vMin : vMax;
  x[k + 1] = minFirst ? iMax : iMin;
  y[k + 1] = minFirst ? vMax : vMin;
  return k + 2;
}

function copyRange(values: ArrayLike<number>, lo: number, hi: number, mode: DecimateMode): Decimated {
  const x = new Float64Array(hi - lo);
  const y = new Float64Array(hi - lo);
  let k = 0;
  let gap = false;
  for (let i = lo; i < hi; i++) {
    const v = values[i];
    if (keep(v, mode)) {
      x[k] = i;
      y[k++] = v;
      gap = false;
    } else if (!gap) {
      x[k] = i;
      y[k++] = NaN;
      gap = true;
    }
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), length: k };
}

function minMaxAll(values: ArrayLike<number>, start: number, span: number, cols: number, lo: number, hi: number): Decimated {
  const x = new Float64Array(cols * 2);
  const y = new Float64Array(cols * 2);
  let k = 0;
  let a = Math.max(lo, columnStart(start, span, cols, 0));
  for (let c = 0; c < cols && a < hi; c++) {
    const b = Math.min(hi, columnStart(start, span, cols, c + 1));
    if (b <= a) continue;
    let iMin = a;
    let iMax = a;
    let vMin = values[a];
    let vMax = vMin;
    for (let i = a + 1; i < b; i++) {
      const v = values[i];
      if (v < vMin) {
        vMin = v;
        iMin = i;
      } else if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    k = emitColumn(x, y, k, iMin, vMin, iMax, vMax);
    a = b;
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), length: k };
}

function minMaxFiltered(
  values: ArrayLike<number>,
  start: number,
  span: number,
  cols: number,
  lo: number,
  hi: number,
  mode: DecimateMode,
): Decimated {
  const x = new Float64Array(cols * 2);
  const y = new Float64Array(cols * 2);
  let k = 0;
  let gap = false;
  let a = Math.max(lo, columnStart(start, span, cols, 0));
  for (let c = 0; c < cols && a < hi; c++) {
    const b = Math.min(hi, columnStart(start, span, cols, c + 1));
    if (b <= a) continue;
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = a; i < b; i++) {
      const v = values[i];
      if (!keep(v, mode)) continue;
      if (v < vMin) {
        vMin = v;
        iMin = i;
      }
      if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    if (iMin < 0) {
      if (!gap) {
        x[k] = a;
        y[k++] = NaN;
        gap = true;
      }
    } else {
      gap = false;
      k = emitColumn(x, y, k, iMin, vMin, iMax, vMax);
    }
    a = b;
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), length: k };
}

/**
 * The drawing of per-column envelopes ({@link Columns} from the engine's `evaluateColumns`): per
 * column, its first value at its first step, its minimum and maximum inside it (the one nearer the
 * first value first), and its last value at its last step, leaving out what repeats; the first
 * `count` columns (all, or those filled before a step that raised). The polyline
 * through them has each column's exact vertical extent, and joins neighbours through their
 * first/last values. In `positive` mode (log axis) the minimum is the smallest positive value, and a
 * column without one is a gap.
 */
export function decimateColumns(cols: Columns, count: number, mode: DecimateMode = 'all'): Decimated {
  const x = new Float64Array(count * 4);
  const y = new Float64Array(count * 4);
  const span = cols.to - cols.from;
  const positive = mode === 'positive' && cols.minPositive !== null;
  let k = 0;
  let gap = false;
  const put = (px: number, v: number) => {
    x[k] = px;
    y[k++] = v;
  };
  for (let c = 0; c < count; c++) {
    const a = cols.from + Math.floor((c * span) / cols.min.length);
    const b = cols.from + Math.floor(((c + 1) * span) / cols.min.length);
    const lo = positive ? cols.minPositive![c] : cols.min[c];
    const hi = cols.max[c];
    if (!(lo === lo) || !keep(hi, mode)) {
      if (!gap) put(a, NaN);
      gap = true;
      continue;
    }
    gap = false;
    const f = cols.first[c];
    const l = cols.last[c];
    const w = b - 1 - a;
    if (keep(f, mode)) put(a, f);
    if (w === 0) continue;
    const ends = [f, l].filter((v) => keep(v, mode));
    const needLo = !ends.includes(lo);
    const needHi = !ends.includes(hi) && hi !== lo;
    // Falling columns visit their top first, rising ones their bottom.
    const [p, q] = f >= l ? [hi, lo] : [lo, hi];
    const needP = p === hi ? needHi : needLo;
    const needQ = q === hi ? needHi : needLo;
    if (needP) put(a + w / 3, p);
    if (needQ) put(a + (2 * w) / 3, q);
    if (keep(l, mode)) put(b - 1, l);
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), length: k };
}
