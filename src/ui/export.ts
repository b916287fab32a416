/**
 * Chart exports: CSV at full resolution (one row per step) and PNG of the chart figure (axes,
 * curves and legend, white background, twice the displayed size).
 */
import { drawSeries, type DrawnSeries, type PlotGeometry } from './chart/draw';

export interface CsvColumn {
  /** Header: the schedule's name. */
  name: string;
  /** Full-resolution values; steps past its length (the framework raised) stay empty. */
  values: ArrayLike<number>;
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV in chunks of `rowsPerChunk` rows: `step,epoch,<name>...`, then one row per optimizer
 * update. Numbers are written in their shortest exact form (they parse back to the same double).
 * `epoch` is the epoch the update belongs to, `floor(step / stepsPerEpoch)`.
 */
export function* csvChunks(
  columns: readonly CsvColumn[],
  totalSteps: number,
  stepsPerEpoch: number,
  rowsPerChunk = 20_000,
): Generator<string> {
  yield ['step', 'epoch', ...columns.map((c) => csvField(c.name))].join(',') + '\n';
  const cols = columns.map((c) => c.values);
  const lens = cols.map((v) => v.length);
  for (let from = 0; from < totalSteps; from += rowsPerChunk) {
    const to = Math.min(totalSteps, from + rowsPerChunk);
    let out = '';
    for (let i = from; i < to; i++) {
      let row = `${i},${Math.floor(i / stepsPerEpoch)}`;
      for (let c = 0; c < cols.length; c++) row += i < lens[c] ? ',' + cols[c][i] : ',';
      out += row + '\n';
    }
    yield out;
  }
}

export function buildCsv(columns: readonly CsvColumn[], totalSteps: number, stepsPerEpoch: number): string {
  let s = '';
  for (const chunk of csvChunks(columns, totalSteps, stepsPerEpoch)) s += chunk;
  return s;
}

/** Builds the CSV as a Blob, yielding to the event loop between chunks so the page stays responsive. */
export async function csvBlob(columns: readonly CsvColumn[], totalSteps: number, stepsPerEpoch: number): Promise<Blob> {
  const parts: string[] = [];
  let last = performance.now();
  for (const chunk of csvChunks(columns, totalSteps, stepsPerEpoch)) {
    parts.push(chunk);
    if (performance.now() - last > 30) {
      await new Promise((r) => setTimeout(r, 0));
      last = performance.now();
    }
  }
  return new Blob(parts, { type: 'text/csv' });
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name stem with the date: `lr-schedules-2026-11-22`. */
export function exportName(ext: string): string {
  return `lr-schedules-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

export interface PngPlot {
  /** Plot area relative to the figure, CSS pixels. */
  left: number;
  top: number;
  geometry: PlotGeometry;
  series: readonly DrawnSeries[];
}

const STYLE_PROPS = ['font-family', 'font-size', 'font-weight', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity'];

/** A standalone copy of the chart's SVG with computed styles inlined. */
function standaloneSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll('*');
  const dst = clone.querySelectorAll('*');
  for (let i = 0; i < src.length; i++) {
    const cs = getComputedStyle(src[i]);
    const el = dst[i] as SVGElement;
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) el.style.setProperty(p, v);
    }
  }
  const r = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(r.width));
  clone.setAttribute('height', String(r.height));
  return new XMLSerializer().serializeToString(clone);
}

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(standaloneSvg(svg));
  await img.decode();
  return img;
}

/**
 * Renders the figure as a PNG at `scale` times its displayed size: white background, the
 * Recharts SVG (axes, grid, labels), the curves redrawn at full sharpness, and every element of
 * the figure marked `data-png-text` (legend text) or `data-png-swatch` (legend swatches).
 */
export async function figurePng(figure: HTMLElement, plot: PngPlot, scale = 2): Promise<Blob> {
  const fr = figure.getBoundingClientRect();
  const w = Math.round(figure.offsetWidth);
  const h = Math.round(figure.offsetHeight);
  const canvas = document.createElement('canvas');
  canvas.width = w * scale;
  canvas.height = h * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D is not available');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);

  const svg = figure.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
  if (svg) {
    const r = svg.getBoundingClientRect();
    ctx.drawImage(await svgImage(svg), r.left - fr.left, r.top - fr.top, r.width, r.height);
  }

  ctx.save();
  ctx.translate(plot.left, plot.top);
  ctx.beginPath();
  ctx.rect(0, 0, plot.geometry.width, plot.geometry.height);
  ctx.clip();
  drawSeries(ctx, plot.series, plot.geometry);
  ctx.restore();

  for (const el of figure.querySelectorAll<HTMLElement>('[data-png-swatch]')) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    ctx.fillStyle = cs.backgroundColor !== 'rgba(0, 0, 0, 0)' ? cs.backgroundColor : cs.borderTopColor;
    ctx.fillRect(r.left - fr.left, r.top - fr.top, Math.max(1, r.width), Math.max(1, r.height));
  }
  ctx.textBaseline = 'middle';
  for (const el of figure.querySelectorAll<HTMLElement>('[data-png-text]')) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    ctx.fillStyle = cs.color;
    ctx.fillText(el.textContent ?? '', r.left - fr.left, r.top - fr.top + r.height / 2);
  }

  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
