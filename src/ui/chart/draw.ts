/**
 * Draws the decimated curves on a 2D canvas context: the on-screen layer inside the Recharts frame
 * and the PNG export use this same function.
 */
import type { Decimated } from '../decimate';
import type { Domain, YScale } from './scale';

export interface DrawnSeries {
  id: string;
  color: string;
  dec: Decimated;
  /** Last valid curve of a schedule whose current input is invalid. */
  stale: boolean;
  /** Step where the framework raised (the curve stops there). */
  errorStep: number | null;
}

export interface PlotGeometry {
  /** Plot size in CSS pixels. */
  width: number;
  height: number;
  /** Visible step range. */
  s0: number;
  s1: number;
  y: Domain;
  scale: YScale;
}

export const ERROR_COLOR = '#b91c1c';

/** Draws every series in plot coordinates (origin at the plot's top-left corner). */
export function drawSeries(ctx: CanvasRenderingContext2D, series: readonly DrawnSeries[], g: PlotGeometry): void {
  const { width, height, s0, s1, y, scale } = g;
  const kx = width / (s1 - s0);
  const log = scale === 'log';
  const y0 = log ? Math.log10(y.lo) : y.lo;
  const ky = height / ((log ? Math.log10(y.hi) : y.hi) - y0);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const s of series) {
    const { x: xs, y: ys, length } = s.dec;
    ctx.save();
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    if (s.stale) {
      ctx.setLineDash([6, 4]);
      ctx.globalAlpha = 0.55;
    }
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < length; i++) {
      const v = ys[i];
      if (!(v === v) || (log && v <= 0)) {
        pen = false;
        continue;
      }
      const px = (xs[i] - s0) * kx;
      const py = height - ((log ? Math.log10(v) : v) - y0) * ky;
      if (pen) ctx.lineTo(px, py);
      else {
        ctx.moveTo(px, py);
        // A single isolated sample still shows as a dot.
        if (i + 1 >= length || !(ys[i + 1] === ys[i + 1])) ctx.lineTo(px + 0.01, py);
        pen = true;
      }
    }
    ctx.stroke();
    ctx.restore();
    if (s.errorStep !== null && s.errorStep >= s0 && s.errorStep <= s1) {
      const px = Math.round((s.errorStep - s0) * kx) + 0.5;
      ctx.save();
      ctx.strokeStyle = ERROR_COLOR;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, 0);
      ctx.lineTo(px, height);
      ctx.stroke();
      ctx.restore();
    }
  }
}

/** 32-bit FNV-1a over the drawn points: lets tests see that a canvas curve changed. */
export function checksum(dec: Decimated): string {
  let h = 0x811c9dc5;
  const words = new Uint32Array(dec.y.buffer, dec.y.byteOffset, dec.length * 2);
  for (let i = 0; i < words.length; i++) {
    h ^= words[i];
    h = Math.imul(h, 0x01000193);
  }
  for (let i = 0; i < dec.length; i++) {
    h ^= dec.x[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
