/**
 * Draws the decimated curves on a 2D canvas context: the on-screen layer inside the Recharts frame
 * and the PNG export use this same function.
 */
import type { Decimated } from '../../curves';
import type { Domain, YScale } from './scale';
import { CANVAS_COLORS } from '../theme';

export interface DrawnSeries {
  id: string;
  color: string;
  dec: Decimated;
  /** Last valid curve of a schedule whose current input is invalid. */
  stale: boolean;
  /** Step where the framework raised (the curve stops there). */
  errorStep: number | null;
  /** When the drawn curve was asked for (performance.now()): tests and benchmarks credit inputs by it. */
  requestedAt?: number | null;
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


/**
 * The canvas sized for a plot of `width` x `height` CSS pixels at the device pixel ratio, cleared,
 * with a context that draws in CSS pixels. CPU-backed (`willReadFrequently`): the curves draw in
 * about a millisecond on the CPU, while a GPU canvas makes every frame wait on the GPU process
 * (software GL in headless runs).
 */
export function clearedContext(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

const LINE_WIDTH = 2;

/** Pixel mapping of one plot. */
interface Mapper {
  px(step: number): number;
  /** Pixel y of a drawable value, or NaN for a gap (NaN marker, or <= 0 on a log axis). */
  py(v: number): number;
}

function mapper(g: PlotGeometry): Mapper {
  const { width, height, s0, s1, y, scale } = g;
  const kx = width / (s1 - s0);
  const log = scale === 'log';
  const y0 = log ? Math.log10(y.lo) : y.lo;
  const ky = height / ((log ? Math.log10(y.hi) : y.hi) - y0);
  return {
    px: (step) => (step - s0) * kx,
    py: log ? (v) => (v > 0 ? height - (Math.log10(v) - y0) * ky : NaN) : (v) => (v === v ? height - (v - y0) * ky : NaN),
  };
}

/**
 * A path's vertices reduced per pixel column (M4): of the vertices whose x falls in one column, the
 * first, the highest, the lowest and the last, in their order. The stroke covers the same pixels
 * to within a pixel, and a curve of 4,000 step-line vertices on 1,000 columns strokes in a tenth of
 * the time (round joins on sub-pixel segments dominate a CPU canvas's frame).
 */
class ColumnPen {
  private col = NaN;
  private n = 0;
  private fx = 0;
  private fy = 0;
  private hx = 0;
  private hy = 0;
  private hi = 0;
  private lx = 0;
  private ly = 0;
  private li = 0;
  private ex = 0;
  private ey = 0;
  constructor(private readonly ctx: CanvasRenderingContext2D) {}
  /** Starts a new subpath at (x, y). */
  move(x: number, y: number): void {
    this.flush();
    this.ctx.moveTo(x, y);
    this.col = Math.floor(x);
    this.n = 0;
  }
  line(x: number, y: number): void {
    const c = Math.floor(x);
    if (c !== this.col) {
      this.flush();
      this.col = c;
    }
    const i = this.n++;
    if (i === 0) {
      this.fx = this.hx = this.lx = x;
      this.fy = this.hy = this.ly = y;
      this.hi = this.li = 0;
    } else {
      if (y < this.hy) {
        this.hx = x;
        this.hy = y;
        this.hi = i;
      }
      if (y > this.ly) {
        this.lx = x;
        this.ly = y;
        this.li = i;
      }
    }
    this.ex = x;
    this.ey = y;
  }
  /** Draws the column's kept vertices. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const ctx = this.ctx;
    ctx.lineTo(this.fx, this.fy);
    if (n > 1) {
      const last = n - 1;
      const inner = (i: number) => i !== 0 && i !== last;
      // The highest and the lowest in the order they were reached.
      if (this.hi <= this.li) {
        if (inner(this.hi)) ctx.lineTo(this.hx, this.hy);
        if (inner(this.li) && this.li !== this.hi) ctx.lineTo(this.lx, this.ly);
      } else {
        if (inner(this.li)) ctx.lineTo(this.lx, this.ly);
        if (inner(this.hi)) ctx.lineTo(this.hx, this.hy);
      }
      ctx.lineTo(this.ex, this.ey);
    }
    this.n = 0;
  }
}

/**
 * The learning rate is a step function: the value of update i holds for the whole update, from i to
 * i + 1. Each point is drawn as a horizontal run to the next point's step, then a vertical jump to
 * its value (a StepLR over 10 steps shows drops, not diagonals); the last point of a run holds to
 * the end of its own update, or up to the step where a gap (NaN) starts. Dense lines are reduced
 * per pixel column ({@link ColumnPen}).
 */
function strokeLine(ctx: CanvasRenderingContext2D, dec: Decimated, m: Mapper): void {
  const { x: xs, y: ys, length } = dec;
  ctx.beginPath();
  const pen = new ColumnPen(ctx);
  let down = false;
  let runX = 0;
  let prevY = NaN;
  // The end of a run: the hold of its last value up to `px` (at least a dot's width).
  const hold = (px: number) => pen.line(Math.max(px, runX + 0.01), prevY);
  for (let i = 0; i < length; i++) {
    const py = m.py(ys[i]);
    const px = m.px(xs[i]);
    if (py !== py) {
      if (down) hold(px);
      down = false;
      continue;
    }
    if (down) {
      pen.line(px, prevY);
      pen.line(px, py);
    } else {
      pen.move(px, py);
      runX = px;
      down = true;
    }
    prevY = py;
  }
  if (down) hold(m.px(xs[length - 1] + 1));
  pen.flush();
  ctx.stroke();
}

/**
 * Per pixel column of a plot `width` pixels wide, the highest (`top`) and lowest (`bot`) pixel y of
 * the step line through the points (see {@link strokeLine}): a value counts in every column its
 * horizontal run crosses, and a jump in the column where it happens. Columns the line does not reach
 * hold +/-Infinity (a gap: NaN values).
 */
export function bandExtent(dec: Decimated, g: PlotGeometry): { top: Float64Array; bot: Float64Array } {
  const m = mapper(g);
  const cols = Math.ceil(g.width) + 1;
  const top = new Float64Array(cols).fill(Infinity);
  const bot = new Float64Array(cols).fill(-Infinity);
  const { x: xs, y: ys, length } = dec;
  /** The value `py` over the pixel columns from `c0` to `c1` (only those on the plot). */
  const run = (c0: number, c1: number, py: number) => {
    for (let c = Math.max(0, c0), e = Math.min(cols - 1, c1); c <= e; c++) {
      if (py < top[c]) top[c] = py;
      if (py > bot[c]) bot[c] = py;
    }
  };
  let prevX = NaN;
  let prevY = NaN;
  for (let i = 0; i < length; i++) {
    const py = m.py(ys[i]);
    const px = m.px(xs[i]);
    if (py !== py) {
      // The previous value holds up to the step where the gap starts.
      if (prevX === prevX) run(Math.floor(prevX), Math.ceil(px) - 1, prevY);
      prevX = NaN;
      continue;
    }
    // The previous value holds up to this point's column, where the line jumps to this value.
    if (prevX === prevX) run(Math.floor(prevX), Math.floor(px), prevY);
    run(Math.floor(px), Math.floor(px), py);
    prevX = px;
    prevY = py;
  }
  if (prevX === prevX) run(Math.floor(prevX), Math.max(Math.floor(prevX), Math.ceil(m.px(xs[length - 1] + 1)) - 1), prevY);
  return { top, bot };
}

/**
 * A dense series (more points than pixel columns: min/max pairs) drawn as one filled band: per
 * pixel column, from the highest to the lowest point of the line through it ({@link bandExtent}),
 * widened by the line width. This is the pixels the polyline would cover, drawn with one fill
 * instead of stroking hundreds of full-height zigzags (which costs tens of milliseconds per frame
 * on a CPU canvas). One rectangle per pixel column: a quarter of the time of a polygon through the
 * columns' tops and bottoms, which zigzags where a column holds half a cycle.
 */
function fillBand(ctx: CanvasRenderingContext2D, dec: Decimated, g: PlotGeometry): void {
  const { top, bot } = bandExtent(dec, g);
  const hw = LINE_WIDTH / 2;
  const n = top.length;
  for (let c = 0; c < n; c++) {
    if (top[c] === Infinity) continue;
    // Exactly the pixel column [c, c + 1), so that the rectangles tile without antialiased edges
    // (two half-covered edges blend into a washed-out band). A 2 px line through the neighbours
    // reaches into this column too: their extents count here (a column holding a peak covers only
    // the top of the range, and its neighbours the rest).
    let lo = top[c];
    let hi = bot[c];
    if (c > 0 && top[c - 1] < lo) lo = top[c - 1];
    if (c + 1 < n && top[c + 1] < lo) lo = top[c + 1];
    if (c > 0 && bot[c - 1] !== -Infinity && bot[c - 1] > hi) hi = bot[c - 1];
    if (c + 1 < n && bot[c + 1] !== -Infinity && bot[c + 1] > hi) hi = bot[c + 1];
    ctx.fillRect(c, lo - hw, 1, hi - lo + 2 * hw);
  }
}

/**
 * Pixels of vertical travel above which a dense line is filled as a band: stroking costs about its
 * length, and hundreds of full-height zigzags (a fast cycle over 1M steps) take tens of ms.
 */
const BAND_TRAVEL = 40_000;

/** Total vertical distance the polyline travels, in pixels. */
function verticalTravel(dec: Decimated, m: Mapper): number {
  let sum = 0;
  let prev = NaN;
  for (let i = 0; i < dec.length; i++) {
    const py = m.py(dec.y[i]);
    if (py === py && prev === prev) sum += Math.abs(py - prev);
    prev = py;
  }
  return sum;
}

/**
 * Draws every series in plot coordinates (origin at the plot's top-left corner). Dense bands first,
 * in their order, then the lines: a band (a fast cycle filling the plot's height) hides no line.
 */
export function drawSeries(
  ctx: CanvasRenderingContext2D,
  series: readonly DrawnSeries[],
  g: PlotGeometry,
  colors: { error: string } = CANVAS_COLORS.light,
): void {
  const m = mapper(g);
  // Square corners: the line is a step function, whose corners are right angles (a 1.5 limit keeps
  // them mitred and bevels the sharp turns of a zigzag). A third cheaper to stroke than round
  // joins on a CPU canvas, which matters with 8 curves redrawn per slider input.
  ctx.lineJoin = 'miter';
  ctx.miterLimit = 1.5;
  ctx.lineCap = 'butt';
  const band = series.map((s) => !s.stale && s.dec.length > g.width * 1.5 && verticalTravel(s.dec, m) > BAND_TRAVEL);
  for (const pass of [true, false]) {
    series.forEach((s, i) => {
      if (band[i] !== pass) return;
      ctx.save();
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = LINE_WIDTH;
      if (s.stale) {
        ctx.setLineDash([6, 4]);
        ctx.globalAlpha = 0.55;
        strokeLine(ctx, s.dec, m);
      } else if (pass) {
        fillBand(ctx, s.dec, g);
      } else {
        strokeLine(ctx, s.dec, m);
      }
      ctx.restore();
    });
  }
  for (const s of series) {
    if (s.errorStep !== null && s.errorStep >= g.s0 && s.errorStep <= g.s1) {
      const px = Math.round(m.px(s.errorStep)) + 0.5;
      ctx.save();
      ctx.strokeStyle = colors.error;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, 0);
      ctx.lineTo(px, g.height);
      ctx.stroke();
      ctx.restore();
    }
  }
}

/** 32-bit FNV-1a over the drawn points: lets tests see that a canvas curve changed. */
/** Whether two drawings of a curve are the same (then the canvas need not redraw for it). */
export function sameDrawing(a: DrawnSeries, b: DrawnSeries): boolean {
  return a.dec === b.dec && a.color === b.color && a.stale === b.stale && a.errorStep === b.errorStep && a.requestedAt === b.requestedAt;
}

/**
 * What a canvas shows, as its `data-drawn` attribute: `id:checksum@requestedAt` per curve, so that
 * tests and benchmarks see which input's curve is on screen (the legend may follow later).
 */
export function drawnRecord(series: readonly DrawnSeries[]): string {
  return series.map((d) => `${d.id}:${checksum(d.dec)}@${d.requestedAt ?? ''}`).join(' ');
}

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
