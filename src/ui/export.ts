/**
 * Chart exports: downloading a file, and the PNG of the chart figure (axes, curves and legend,
 * light colours unless asked otherwise, twice the displayed size). The CSV is written by
 * src/curves/csv.ts in the export worker (CsvExport.tsx).
 */
import { drawSeries, type DrawnSeries, type PlotGeometry } from './chart/draw';
import { CANVAS_COLORS, type Theme } from './theme';

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
  /**
   * Plot area relative to the chart's SVG frame (where the axes are), CSS pixels: the same numbers
   * that place the screen's canvas. The figure may hold a caption above the frame, so the plot is
   * placed from the frame's own position in the figure, never from the figure's top.
   */
  left: number;
  top: number;
  geometry: PlotGeometry;
  series: readonly DrawnSeries[];
  /** Draws the plot itself (in plot coordinates) instead of `series`: what the screen's canvas draws. */
  paint?: (ctx: CanvasRenderingContext2D) => void;
}

/** Where the plot area lies in the figure: the frame's offset in the figure plus the plot's in the frame. */
export function plotOrigin(plot: Pick<PngPlot, 'left' | 'top'>, frame: { left: number; top: number } | null, figure: { left: number; top: number }): { x: number; y: number } {
  const fx = frame ? frame.left - figure.left : 0;
  const fy = frame ? frame.top - figure.top : 0;
  return { x: fx + plot.left, y: fy + plot.top };
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

async function svgImage(markup: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(markup);
  await img.decode();
  return img;
}

/**
 * Renders the figure as a PNG at `scale` times its displayed size in the colours of `theme` (light by
 * default, for papers, whatever the screen shows): background, the Recharts SVG (axes, grid, labels),
 * the curves redrawn at full sharpness, every SVG marked `data-png-svg` (the momentum chart), and every element of the figure marked `data-png-text`
 * (legend text) or `data-png-swatch` (legend swatches).
 */
export async function figurePng(figure: HTMLElement, plot: PngPlot, opts: { scale?: number; theme?: Theme } = {}): Promise<Blob> {
  const scale = opts.scale ?? 2;
  const theme = opts.theme ?? 'light';
  const fr = figure.getBoundingClientRect();
  const w = Math.round(figure.offsetWidth);
  const h = Math.round(figure.offsetHeight);

  // Read every colour under the export's colour scheme (light-dark() in the CSS follows it), all at
  // once and synchronously, so the screen never paints the forced scheme.
  const saved = figure.style.colorScheme;
  figure.style.colorScheme = theme;
  const svg = figure.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
  const svgPart = svg ? { markup: standaloneSvg(svg), rect: svg.getBoundingClientRect() } : null;
  // Other charts of the figure drawn as SVG (the momentum under the lr chart).
  const moreSvgs = [...figure.querySelectorAll<SVGSVGElement>('svg[data-png-svg]')].map((el) => ({ markup: standaloneSvg(el), rect: el.getBoundingClientRect() }));
  const swatches = [...figure.querySelectorAll<HTMLElement>('[data-png-swatch]')].map((el) => {
    const cs = getComputedStyle(el);
    const filled = cs.backgroundColor !== 'rgba(0, 0, 0, 0)';
    // A dashed swatch (a planned or saved curve) is drawn dashed and faded, as on screen.
    return { rect: el.getBoundingClientRect(), color: filled ? cs.backgroundColor : cs.borderTopColor, dashed: !filled && cs.borderTopStyle === 'dashed', opacity: Number(cs.opacity) || 1 };
  });
  const texts = [...figure.querySelectorAll<HTMLElement>('[data-png-text]')].map((el) => {
    const cs = getComputedStyle(el);
    return { rect: el.getBoundingClientRect(), font: `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`, color: cs.color, text: el.textContent ?? '' };
  });
  figure.style.colorScheme = saved;

  const canvas = document.createElement('canvas');
  canvas.width = w * scale;
  canvas.height = h * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D is not available');
  ctx.scale(scale, scale);
  const colors = CANVAS_COLORS[theme];
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, w, h);

  for (const part of svgPart ? [svgPart, ...moreSvgs] : moreSvgs) {
    const r = part.rect;
    ctx.drawImage(await svgImage(part.markup), r.left - fr.left, r.top - fr.top, r.width, r.height);
  }

  const origin = plotOrigin(plot, svgPart?.rect ?? null, fr);
  ctx.save();
  ctx.translate(origin.x, origin.y);
  ctx.beginPath();
  ctx.rect(0, 0, plot.geometry.width, plot.geometry.height);
  ctx.clip();
  if (plot.paint) plot.paint(ctx);
  else drawSeries(ctx, plot.series, plot.geometry, colors);
  ctx.restore();

  for (const { rect: r, color, dashed, opacity } of swatches) {
    const x = r.left - fr.left;
    const y = r.top - fr.top;
    const h = Math.max(1, r.height);
    ctx.save();
    ctx.globalAlpha = opacity;
    if (dashed) {
      ctx.strokeStyle = color;
      ctx.lineWidth = h;
      ctx.setLineDash([h * 2, h]);
      ctx.beginPath();
      ctx.moveTo(x, y + h / 2);
      ctx.lineTo(x + r.width, y + h / 2);
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fillRect(x, y, Math.max(1, r.width), h);
    }
    ctx.restore();
  }
  ctx.textBaseline = 'middle';
  for (const t of texts) {
    ctx.font = t.font;
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, t.rect.left - fr.left, t.rect.top - fr.top + t.rect.height / 2);
  }

  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
