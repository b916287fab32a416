/**
 * Axis domains, ticks and the value -> pixel mapping shared by the Recharts frame (axes, grid) and
 * the canvas layer (lines), so both always agree.
 */
import type { Decimated } from '../../curves';

export type YScale = 'linear' | 'log';

export interface Domain {
  lo: number;
  hi: number;
  ticks: number[];
}

/** Rounds away binary noise (0.30000000000000004 -> 0.3) in tick values. */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** Tick values to `digits` significant digits, unrounded where the step is finer than that. */
function cleanFor(v: number, step: number): number {
  const digits = Math.min(17, Math.max(12, Math.ceil(Math.log10(Math.abs(v) / step)) + 3));
  return Number(v.toPrecision(digits));
}

/** 1-2-5 step giving about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/** Ticks at multiples of a nice step inside [lo, hi] (the domain itself is kept). */
export function linearTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, count);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last && ticks.length < 50; k++) ticks.push(k === 0 ? 0 : cleanFor(k * step, step));
  return ticks;
}

/** Linear y domain: starts at 0 for non-negative data, ends at the next nice tick above the top. */
export function linearDomain(min: number, max: number, count = 6): Domain {
  let lo = Math.max(-Number.MAX_VALUE, Math.min(0, min));
  let hi = Math.min(Number.MAX_VALUE, Math.max(0, max));
  if (hi === lo) hi = 1; // all zero
  const step = niceStep(hi - lo, count);
  // Headroom, so a curve at its maximum does not run along the frame.
  const pad = (hi - lo) * 0.02;
  if (lo < 0) lo = clean(Math.floor((lo - pad) / step) * step);
  if (hi > 0) hi = clean(Math.ceil((hi + pad) / step - 1e-9) * step);
  // Data near the top of float64 (1.5e308): the next nice tick does not exist.
  if (!Number.isFinite(lo)) lo = -Number.MAX_VALUE;
  if (!Number.isFinite(hi)) hi = Number.MAX_VALUE;
  return { lo, hi, ticks: linearTicks(lo, hi, count) };
}

/** Log y domain over whole decades around the positive data. */
export function logDomain(minPositive: number, max: number): Domain {
  // Whole decades that float64 holds: 1e-323 (subnormal) to 1e308.
  let a = Math.max(-323, Math.floor(Math.log10(minPositive)));
  let b = Math.min(308, Math.ceil(Math.log10(max)));
  if (b <= a) {
    a -= 1;
    b += 1;
  }
  const decades = b - a;
  const every = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let e = a; e <= b; e += every) {
    ticks.push(clean(10 ** e));
    if (decades <= 2 && e < b) ticks.push(clean(2 * 10 ** e), clean(5 * 10 ** e));
  }
  return { lo: clean(10 ** a), hi: clean(10 ** b), ticks };
}

/** Min, max and min positive value of the drawable points of some series. */
export function extent(series: readonly Decimated[]): { min: number; max: number; minPositive: number } {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (const s of series) {
    const y = s.y;
    for (let i = 0; i < s.length; i++) {
      const v = y[i];
      if (v !== v) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  return { min, max, minPositive };
}

/**
 * A linear domain fitted to the data without forcing 0 in (diff view: a ratio near 1 or a
 * difference near 0 must show its detail, down to the last bit).
 */
export function fitDomain(min: number, max: number, count = 6): Domain {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return { lo: min - pad, hi: max + pad, ticks: linearTicks(min - pad, max + pad, count) };
  }
  const pad = (max - min) * 0.05;
  const lo = min - pad;
  const hi = max + pad;
  // Binary noise would make nice rounding meaningless below ~1e-15 relative spans.
  return { lo, hi, ticks: linearTicks(lo, hi, count) };
}

/** The y domain for the drawn series; `null` when nothing can be drawn on this scale. */
export function yDomainFor(series: readonly Decimated[], scale: YScale, fit = false): Domain | null {
  const { min, max, minPositive } = extent(series);
  if (scale === 'log') return minPositive < Infinity ? logDomain(minPositive, max) : null;
  if (!(min <= max)) return null;
  return fit ? fitDomain(min, max) : linearDomain(min, max);
}

/** Pixel position (0 at the top) of `v` inside a plot of `height` px. */
export function yPixel(v: number, d: Domain, scale: YScale, height: number): number {
  if (scale === 'log') {
    const l0 = Math.log10(d.lo);
    return height - ((Math.log10(v) - l0) / (Math.log10(d.hi) - l0)) * height;
  }
  return height - ((v - d.lo) / (d.hi - d.lo)) * height;
}

/** Pixel position of step `s` in a plot of `width` px showing steps [s0, s1]. */
export function xPixel(s: number, s0: number, s1: number, width: number): number {
  return ((s - s0) / (s1 - s0)) * width;
}

function formatAt(v: number, digits: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) {
    const s = Number(v.toPrecision(digits));
    return a >= 1000 && Number.isInteger(s) ? s.toLocaleString('en-US') : String(s);
  }
  // Step counts: 1,000,000 reads better than 1e+6.
  if (a < 1e10 && Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** Short tick label: 0.001, 2.5e-5, 1e+6, 12,000. */
export function formatTick(v: number): string {
  return formatAt(v, 6);
}

/**
 * A label formatter for a set of ticks: the fewest significant digits (at least 6) that tell every
 * tick apart, so ticks 1e-16 apart around 1 do not all read "1".
 */
export function tickFormatter(ticks: readonly number[]): (v: number) => string {
  for (let digits = 6; digits <= 17; digits++) {
    const labels = ticks.map((t) => formatAt(t, digits));
    if (new Set(labels).size === labels.length) return (v) => formatAt(v, digits);
  }
  return (v) => String(v);
}

/** A value at a glance (stats table): 6 significant digits. */
export function formatShort(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(6)));
  return v.toExponential(5).replace(/\.?0+e/, 'e');
}

/** Value at pixel y (0 at the top) of a plot of `height` px: the inverse of {@link yPixel}. */
export function yValue(py: number, d: Domain, scale: YScale, height: number): number {
  const f = 1 - py / height;
  if (scale === 'log') {
    const l0 = Math.log10(d.lo);
    return 10 ** (l0 + f * (Math.log10(d.hi) - l0));
  }
  return d.lo + f * (d.hi - d.lo);
}

/** Step at pixel x of a plot of `width` px showing steps [s0, s1]: the inverse of {@link xPixel}. */
export function xStep(px: number, s0: number, s1: number, width: number): number {
  return s0 + (px / width) * (s1 - s0);
}

/**
 * The range [lo, hi] scaled by `factor` (< 1 zooms in) around `at`: `at` keeps its place, so the
 * value under the pointer stays under it. Kept inside `bounds` (shifted in, never wider) and at
 * least `minSpan` wide.
 */
export function zoomAround(lo: number, hi: number, at: number, factor: number, bounds: readonly [number, number], minSpan: number): [number, number] {
  const frac = hi > lo ? (at - lo) / (hi - lo) : 0.5;
  return placeSpan(at, frac, (hi - lo) * factor, bounds, minSpan);
}

/** A range of `span` with `at` at fraction `frac` of it, moved inside `bounds`. */
function placeSpan(at: number, frac: number, span: number, bounds: readonly [number, number], minSpan: number): [number, number] {
  const [b0, b1] = bounds;
  const s = Math.min(b1 - b0, Math.max(minSpan, span));
  let lo = at - frac * s;
  lo = Math.min(b1 - s, Math.max(b0, lo));
  return [lo, lo + s];
}

/**
 * Two-finger pinch on the x axis: the view [s0, s1] (`width` px) at the start of the pinch, the
 * fingers `d0` px apart around pixel `c0` then, `d` px apart around `c` now. The step under the
 * first centre follows the fingers' centre, and the span shrinks as they spread.
 */
export function pinchView(
  start: readonly [number, number],
  width: number,
  c0: number,
  d0: number,
  c: number,
  d: number,
  bounds: readonly [number, number],
  minSpan: number,
): [number, number] {
  const [s0, s1] = start;
  const at = xStep(c0, s0, s1, width);
  const span = ((s1 - s0) * Math.max(1, d0)) / Math.max(1, d);
  return placeSpan(at, c / width, span, bounds, minSpan);
}

/**
 * The y range scaled by `factor` around the value `at` (shift + wheel). On a log axis the zoom is
 * in decades, so it never reaches 0.
 */
export function zoomYAround(d: Domain, at: number, factor: number, scale: YScale): [number, number] {
  if (scale === 'log') {
    const l = Math.log10(at);
    const lo = Math.log10(d.lo);
    const hi = Math.log10(d.hi);
    return [10 ** (l - (l - lo) * factor), 10 ** (l + (hi - l) * factor)];
  }
  return [at - (at - d.lo) * factor, at + (d.hi - at) * factor];
}

/** Pixel box dragged on a plot (any corner order), and what it shows. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The steps and y range a dragged box shows. A box flatter than `minHeight` px zooms x only
 * (`y` null): a sideways drag keeps the y axis fitted.
 */
export function boxToView(
  box: PixelBox,
  plot: { width: number; height: number; s0: number; s1: number; y: Domain; scale: YScale },
  minHeight = 4,
): { s0: number; s1: number; y: [number, number] | null } {
  const { width, height, s0, s1, y, scale } = plot;
  const a = xStep(Math.max(0, Math.min(box.x0, box.x1)), s0, s1, width);
  const b = xStep(Math.min(width, Math.max(box.x0, box.x1)), s0, s1, width);
  const top = Math.max(0, Math.min(box.y0, box.y1));
  const bottom = Math.min(height, Math.max(box.y0, box.y1));
  const yRange: [number, number] | null = bottom - top < minHeight ? null : [yValue(bottom, y, scale, height), yValue(top, y, scale, height)];
  return { s0: a, s1: b, y: yRange };
}

/** Ticks for any positive range on a log axis: decades inside it, 2 and 5 between when few. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const every = Math.max(1, Math.ceil((b - a) / 8));
  for (let e = a; e <= b; e += every) ticks.push(clean(10 ** e));
  if (ticks.length < 3) {
    const more: number[] = [];
    for (let e = a - 1; e <= b; e++) for (const m of [1, 2, 5]) more.push(clean(m * 10 ** e));
    const inside = more.filter((t) => t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12));
    if (inside.length >= 2) return inside;
    return linearTicks(lo, hi, 4).filter((t) => t > 0);
  }
  return ticks;
}

/** A domain showing exactly [lo, hi] with ticks for that scale (zoomed y axis). */
export function rangeDomain(lo: number, hi: number, scale: YScale): Domain {
  return { lo, hi, ticks: scale === 'log' ? logTicks(lo, hi) : linearTicks(lo, hi) };
}

/** A series as the chart holds it: its points, and whether it is drawn. */
export interface ScaledSeries {
  dec: Decimated;
  /** Hidden series (legend clicked off) do not count. */
  hidden?: boolean;
}

/**
 * Min, max and min positive of what is visible over steps [s0, s1]: the points inside the range,
 * and the value held into it from the last point before it (the lr is a step function).
 */
export function visibleExtent(series: readonly ScaledSeries[], s0: number, s1: number): { min: number; max: number; minPositive: number } {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  const add = (v: number) => {
    if (v !== v) return;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  };
  for (const s of series) {
    if (s.hidden) continue;
    const { x, y, length } = s.dec;
    let before = -1;
    for (let i = 0; i < length; i++) {
      if (x[i] < s0) before = i;
      else if (x[i] < s1) add(y[i]);
    }
    if (before >= 0) add(y[before]);
  }
  return { min, max, minPositive };
}

/**
 * Autoscale: the y domain fitted tightly to what the visible series show over steps [s0, s1]
 * (linear: 5% room, never below 0 for non-negative values, 0 not forced in; log: 5% of the decades around it). `null` when nothing there
 * is drawable on this scale.
 */
export function autoscaleDomain(series: readonly ScaledSeries[], s0: number, s1: number, scale: YScale): Domain | null {
  const { min, max, minPositive } = visibleExtent(series, s0, s1);
  if (scale === 'log') {
    if (!(minPositive < Infinity)) return null;
    const a = Math.log10(minPositive);
    const b = Math.log10(max);
    const pad = b > a ? (b - a) * 0.05 : 0.1;
    return rangeDomain(10 ** (a - pad), 10 ** (b + pad), 'log');
  }
  if (!(min <= max)) return null;
  const d = fitDomain(min, max);
  // A non-negative lr gets no room below 0.
  if (min >= 0 && d.lo < 0) return { lo: 0, hi: d.hi, ticks: linearTicks(0, d.hi) };
  return d;
}
