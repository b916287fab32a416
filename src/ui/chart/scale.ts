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
