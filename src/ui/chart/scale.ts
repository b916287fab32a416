/**
 * Axis domains, ticks and the value -> pixel mapping shared by the Recharts frame (axes, grid) and
 * the canvas layer (lines), so both always agree.
 */
import type { Decimated } from '../decimate';

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
  for (let k = first; k <= last && ticks.length < 50; k++) ticks.push(clean(k * step));
  return ticks;
}

/** Linear y domain: starts at 0 for non-negative data, ends at the next nice tick above the top. */
export function linearDomain(min: number, max: number, count = 6): Domain {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (hi === lo) hi = 1; // all zero
  const step = niceStep(hi - lo, count);
  // Headroom, so a curve at its maximum does not run along the frame.
  const pad = (hi - lo) * 0.02;
  if (lo < 0) lo = clean(Math.floor((lo - pad) / step) * step);
  if (hi > 0) hi = clean(Math.ceil((hi + pad) / step - 1e-9) * step);
  return { lo, hi, ticks: linearTicks(lo, hi, count) };
}

/** Log y domain over whole decades around the positive data. */
export function logDomain(minPositive: number, max: number): Domain {
  let a = Math.floor(Math.log10(minPositive));
  let b = Math.ceil(Math.log10(max));
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

/** The y domain for the drawn series; `null` when nothing can be drawn on this scale. */
export function yDomainFor(series: readonly Decimated[], scale: YScale): Domain | null {
  const { min, max, minPositive } = extent(series);
  if (scale === 'log') return minPositive < Infinity ? logDomain(minPositive, max) : null;
  return min <= max ? linearDomain(min, max) : null;
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

/** Short tick label: 0.001, 2.5e-5, 1e+6, 12,000. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) {
    const s = Number(v.toPrecision(6));
    return a >= 1000 && Number.isInteger(s) ? s.toLocaleString('en-US') : String(s);
  }
  return v.toExponential().replace(/\.?0+e/, 'e');
}

/** A value at a glance (stats table): 6 significant digits. */
export function formatShort(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(6)));
  return v.toExponential(5).replace(/\.?0+e/, 'e');
}
