/**
 * One chart of the training lab: Recharts axes and grid (the studio's ChartFrame), the curves on a
 * canvas laid over the plot (the studio's PlotLayer and min/max decimation), min/max bands of
 * multi-seed runs on a canvas below them, a legend, an exact hover readout and PNG export.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ChartFrame, plotArea } from '../chart/ChartFrame';
import { drawSeries, type DrawnSeries, type PlotGeometry } from '../chart/draw';
import { PlotLayer, type CursorDot } from '../chart/PlotLayer';
import { formatShort, linearTicks, yDomainFor, yPixel, type Domain, type YScale } from '../chart/scale';
import { decimateMinMax, type Decimated, type DecimateMode } from '../../curves';
import { downloadBlob, figurePng } from '../export';
import '../chart/chart.css';

/** A curve: values per update (`x` absent) or at the steps in `x` (evaluations). */
export interface MetricSeries {
  id: string;
  name: string;
  color: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  count: number;
  /** Min/max band over seeds. */
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** Drawn dashed and faded (the planned LR next to the applied one). */
  dashed?: boolean;
  /** Shown in the legend after the name. */
  note?: string;
  /** The run diverged after its last point: a cross marks where its curve stops. */
  diverged?: boolean;
}

export interface MetricChartProps {
  title: string;
  testId: string;
  series: readonly MetricSeries[];
  /** Steps on the x axis: [0, xMax]. */
  xMax: number;
  xLabel?: string;
  yLabel: string;
  yScale?: YScale;
  /** Formats a readout value (default: 6 significant digits). */
  format?: (v: number) => string;
  controls?: ReactNode;
  /** File name of the PNG, without extension. */
  fileStem: string;
  empty: string;
  height?: number;
  /** Delay of the first draw (stagger several charts appearing at once). */
  mountDelayMs?: number;
  /** Fit the y axis to the data instead of starting it at 0 (accuracies between 0.84 and 0.88 are not one squashed band). */
  fit?: boolean;
}

/** Sparse series (evaluations) with at most one point per this many pixels get a marker at every point. */
const MARKER_SPACING_PX = 6;

/**
 * Width of an element, following resizes. The first measure waits `delayMs`, so that charts
 * appearing together mount one per task instead of in one long commit.
 */
function useWidth(ref: React.RefObject<HTMLElement | null>, delayMs: number): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let ready = false;
    const timer = setTimeout(() => {
      ready = true;
      setWidth(el.clientWidth);
    }, delayMs);
    const ro = new ResizeObserver(() => {
      if (ready) setWidth(el.clientWidth);
    });
    ro.observe(el);
    return () => {
      clearTimeout(timer);
      ro.disconnect();
    };
  }, [ref, delayMs]);
  return width;
}

/** Decimates a series to the plot's columns; sparse series are decimated by index, then mapped to their steps. */
function decimate(values: ArrayLike<number>, x: ArrayLike<number> | undefined, count: number, s0: number, s1: number, columns: number, mode: DecimateMode): Decimated {
  if (!x) return decimateMinMax(values, s0, Math.min(s1 + 1, count), columns, mode);
  const d = decimateMinMax(values, 0, count, columns, mode);
  const xs = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) xs[i] = x[d.x[i]];
  return { x: xs, y: d.y, length: d.length };
}

/** Value of a series at `step` (sparse: the last point at or before it). */
function valueAt(s: MetricSeries, step: number): number | null {
  if (!s.x) return step < s.count ? s.y[step] : null;
  let found: number | null = null;
  for (let i = 0; i < s.count && s.x[i] <= step; i++) found = s.y[i];
  return found;
}

interface Band {
  color: string;
  lo: Decimated;
  hi: Decimated;
}

/** A point to mark: a sparse evaluation (dot) or where a diverged run stops (cross). */
interface Marker {
  color: string;
  step: number;
  value: number;
  kind: 'dot' | 'cross';
  faded: boolean;
}

/**
 * Draws bands, then lines, then markers, in plot coordinates: the screen's canvas and the PNG
 * export call this same function, so the PNG shows what the screen shows.
 */
export function paintPlot(ctx: CanvasRenderingContext2D, bands: readonly Band[], lines: readonly DrawnSeries[], markers: readonly Marker[], g: PlotGeometry): void {
  const px = (s: number) => ((s - g.s0) / (g.s1 - g.s0)) * g.width;
  const py = (v: number) => yPixel(g.scale === 'log' ? Math.max(v, g.y.lo) : v, g.y, g.scale, g.height);
  for (const b of bands) {
    if (b.hi.length === 0) continue;
    ctx.save();
    ctx.beginPath();
    for (let i = 0; i < b.hi.length; i++) ctx[i ? 'lineTo' : 'moveTo'](px(b.hi.x[i]), py(b.hi.y[i]));
    for (let i = b.lo.length - 1; i >= 0; i--) ctx.lineTo(px(b.lo.x[i]), py(b.lo.y[i]));
    ctx.closePath();
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = b.color;
    ctx.fill();
    ctx.restore();
  }
  drawSeries(ctx, lines, g);
  for (const m of markers) {
    if (!Number.isFinite(m.value) || (g.scale === 'log' && m.value <= 0) || m.step < g.s0 || m.step > g.s1) continue;
    const x = px(m.step);
    const y = py(m.value);
    ctx.save();
    ctx.globalAlpha = m.faded ? 0.6 : 1;
    ctx.strokeStyle = m.color;
    ctx.fillStyle = m.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (m.kind === 'dot') {
      ctx.arc(x, y, 2.75, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.moveTo(x - 4, y - 4);
      ctx.lineTo(x + 4, y + 4);
      ctx.moveTo(x + 4, y - 4);
      ctx.lineTo(x - 4, y + 4);
      ctx.stroke();
    }
    ctx.restore();
  }
}

/**
 * Draws the plot on the chart's own canvas. The context is created with `willReadFrequently`,
 * which keeps it on the CPU: a GPU canvas makes the page wait on the GPU process (backpressure)
 * each frame, which a busy machine turns into long tasks.
 */
function drawPlot(canvas: HTMLCanvasElement, bands: readonly Band[], lines: readonly DrawnSeries[], markers: readonly Marker[], g: PlotGeometry): void {
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  const w = Math.round(g.width * dpr);
  const h = Math.round(g.height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  paintPlot(ctx, bands, lines, markers, g);
}

/** Markers of the series: every point of a sparse one drawn far apart, and the end of a diverged one. */
function markersOf(series: readonly MetricSeries[], s0: number, s1: number, width: number): Marker[] {
  const out: Marker[] = [];
  for (const s of series) {
    const faded = !!s.dashed;
    if (s.x) {
      let inView = 0;
      for (let i = 0; i < s.count; i++) if (s.x[i] >= s0 && s.x[i] <= s1) inView++;
      if (inView > 0 && inView * MARKER_SPACING_PX <= width) for (let i = 0; i < s.count; i++) out.push({ color: s.color, step: s.x[i], value: s.y[i], kind: 'dot', faded });
    }
    if (s.diverged && s.count > 0) {
      const last = s.count - 1;
      out.push({ color: s.color, step: s.x ? s.x[last] : last, value: s.y[last], kind: 'cross', faded });
    }
  }
  return out;
}

const FALLBACK: Domain = { lo: 0, hi: 1, ticks: linearTicks(0, 1) };

/** PlotLayer draws nothing itself here (its canvas stays empty): it handles the pointer and cursor. */
const NO_SERIES: DrawnSeries[] = [];

/**
 * The same object while the domain's values stay the same, so the memoised Recharts frame (the
 * costly part of a redraw) re-renders only when the axes really change, not on every batch.
 */
function useStableDomain(d: Domain): Domain {
  const { lo, hi } = d;
  const ticks = d.ticks.join(',');
  return useMemo(() => ({ lo, hi, ticks: ticks.split(',').map(Number) }), [lo, hi, ticks]);
}

export const MetricChart = memo(function MetricChart(props: MetricChartProps) {
  const { title, testId, series, xMax, xLabel = 'update', yLabel, yScale = 'linear', format = formatShort, controls, fileStem, empty, fit = false } = props;
  const height = props.height ?? 260;
  const plotRef = useRef<HTMLDivElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useWidth(plotRef, props.mountDelayMs ?? 0);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const full = Math.max(1, xMax);
  let [s0, s1] = [0, full];
  if (zoom && zoom[1] - zoom[0] >= 2) [s0, s1] = [Math.max(0, zoom[0]), Math.min(full, zoom[1])];
  const area = plotArea(width, height);
  const columns = Math.max(1, Math.round(area.width));
  const mode: DecimateMode = yScale === 'log' ? 'positive' : 'finite';

  const drawn = useMemo(
    () =>
      series.map((s) => ({
        s,
        line: { id: s.id, color: s.color, dec: decimate(s.y, s.x, s.count, s0, s1, columns, mode), stale: !!s.dashed, errorStep: null } as DrawnSeries,
        band: s.lo && s.hi ? { color: s.color, lo: decimate(s.lo, s.x, s.count, s0, s1, columns, mode), hi: decimate(s.hi, s.x, s.count, s0, s1, columns, mode) } : null,
      })),
    [series, s0, s1, columns, mode],
  );
  const lines = useMemo(() => drawn.map((d) => d.line), [drawn]);
  const yDomain = useMemo(
    () => yDomainFor([...lines.map((l) => l.dec), ...drawn.flatMap((d) => (d.band ? [d.band.lo, d.band.hi] : []))], yScale, fit),
    [lines, drawn, yScale, fit],
  );
  const y = useStableDomain(yDomain ?? FALLBACK);
  const scale = yDomain ? yScale : 'linear';
  const geometry = useMemo<PlotGeometry>(() => ({ width: area.width, height: area.height, s0, s1, y, scale }), [area.width, area.height, s0, s1, y, scale]);
  const xDomain = useMemo<Domain>(() => ({ lo: s0, hi: s1, ticks: linearTicks(s0, s1, Math.max(2, Math.round(area.width / 90))) }), [s0, s1, area.width]);

  const bands = useMemo(() => drawn.flatMap((d) => (d.band ? [d.band] : [])), [drawn]);
  const markers = useMemo(() => markersOf(series, s0, s1, area.width), [series, s0, s1, area.width]);
  useLayoutEffect(() => {
    if (canvasRef.current) drawPlot(canvasRef.current, bands, lines, markers, geometry);
  }, [bands, lines, markers, geometry]);

  const last = Math.max(0, Math.floor(s1));
  const shown = cursor !== null && cursor >= s0 && cursor <= s1 ? cursor : null;
  const readout = shown === null ? [] : series.map((s) => ({ s, v: valueAt(s, shown) }));
  const dots: CursorDot[] = readout.map(({ s, v }) => ({
    id: s.id,
    color: s.color,
    y: v === null || !Number.isFinite(v) || (scale === 'log' && v <= 0) ? null : yPixel(v, y, scale, area.height),
  }));
  const cursorText = shown === null ? 'no update selected' : `update ${shown}: ${readout.map(({ s, v }) => `${s.name} ${v === null ? '—' : format(v)}`).join(', ')}`;

  const exportPng = async () => {
    const figure = figureRef.current;
    if (!figure) return;
    setExportError(null);
    try {
      // The plot drawn by the screen's own function: bands, lines and markers as shown.
      const paint = (ctx: CanvasRenderingContext2D) => paintPlot(ctx, bands, lines, markers, geometry);
      const blob = await figurePng(figure, { left: area.left, top: area.top, geometry, series: lines, paint }, { theme: 'light' });
      downloadBlob(blob, `${fileStem}.png`);
    } catch (e) {
      setExportError(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div
      className="tl-chart"
      data-testid={testId}
      data-series={series.length}
      data-points={series.reduce((n, s) => n + s.count, 0)}
      data-markers={markers.length}
      data-y-lo={y.lo}
      data-y-hi={y.hi}
    >
      <figure className="chart-figure" ref={figureRef}>
        <figcaption className="tl-chart-head">
          <h3 data-png-text>{title}</h3>
          {controls}
          <button type="button" className="tl-small" onClick={exportPng} disabled={width === 0 || series.length === 0} aria-label={`Export ${title} as PNG`}>
            PNG
          </button>
        </figcaption>
        <div className="chart-plot" ref={plotRef} style={{ height }}>
          {width > 0 && (
            <>
              <ChartFrame width={width} height={height} x={xDomain} y={y} yScale={scale} xLabel={xLabel} yLabel={yLabel} />
              <canvas ref={canvasRef} className="chart-canvas" style={{ left: area.left, top: area.top, width: area.width, height: area.height }} aria-hidden="true" data-testid="metric-canvas" />
              <PlotLayer
                area={area}
                geometry={geometry}
                series={NO_SERIES}
                stepRange={[0, last]}
                cursor={shown}
                dots={dots}
                cursorText={cursorText}
                onCursor={setCursor}
                onZoom={(a, b) => setZoom([a, b])}
                onResetZoom={() => setZoom(null)}
              />
              {!yDomain && (
                <p className="chart-empty" style={{ left: area.left, top: area.top + area.height / 2 - 10, width: area.width }}>
                  {empty}
                </p>
              )}
            </>
          )}
        </div>
        <ul className="chart-legend" aria-label={`${title} legend`}>
          {series.map((s) => (
            <li key={s.id} data-testid={`${testId}-${s.id}`} data-count={s.count}>
              <span className={`legend-swatch${s.dashed ? ' stale' : ''}`} style={{ borderTopColor: s.color }} data-png-swatch aria-hidden="true" />
              <span className="legend-name" data-png-text>
                {s.name}
              </span>
              {s.note && (
                <span className="legend-params" data-png-text>
                  {s.note}
                </span>
              )}
            </li>
          ))}
        </ul>
      </figure>
      <div className="tl-readout" aria-live="off" data-testid={`${testId}-readout`}>
        {shown === null ? (
          <span className="muted">Hover the chart for exact values · drag to zoom · double-click to reset</span>
        ) : (
          <>
            <strong>update {shown}</strong>
            {readout.map(({ s, v }) => (
              <span key={s.id} className="tl-readout-item">
                <span className="readout-swatch" style={{ background: s.color }} />
                {s.name}: <span className="num">{v === null ? '—' : format(v)}</span>
              </span>
            ))}
          </>
        )}
      </div>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
    </div>
  );
});
