/**
 * The canvas the curves are drawn on, laid over the Recharts plot area, and the transparent
 * overlay that handles the pointer and keyboard: hover readout cursor, box zoom (x and y),
 * mouse-wheel zoom around the pointer (x; shift + wheel: y), two-finger pinch (x), autoscale,
 * fullscreen and reset.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { PlotArea } from './ChartFrame';
import { clearedContext, drawnRecord, drawSeries, sameDrawing, type DrawnSeries, type PlotGeometry } from './draw';
import { boxToView, pinchView, xStep, yValue, zoomAround, zoomYAround } from './scale';
import { CANVAS_COLORS, useTheme } from '../theme';

export interface CursorDot {
  id: string;
  color: string;
  /** Pixel y inside the plot, or null when the value is not drawable. */
  y: number | null;
}

export interface PlotLayerProps {
  area: PlotArea;
  geometry: PlotGeometry;
  series: readonly DrawnSeries[];
  /** Steps the cursor may take: [first, last]. */
  stepRange: [number, number];
  /** Steps the view may show: [0, horizon] (default: the cursor's steps). */
  xBounds?: [number, number];
  cursor: number | null;
  dots: readonly CursorDot[];
  cursorText: string;
  onCursor(step: number | null): void;
  /** Show steps [s0, s1] (box, wheel, pinch, +). */
  onZoom(s0: number, s1: number): void;
  /** Show y values [lo, hi] (box, shift + wheel); without it zoom is on the steps only. */
  onZoomY?(lo: number, hi: number): void;
  /** Fit y to the visible steps (A). */
  onAutoscale?(): void;
  /** Fullscreen on or off (F). */
  onFullscreen?(): void;
  /** Escape (default: reset the view). */
  onEscape?(): void;
  onResetZoom(): void;
  /**
   * Set to a function that paints other curves on this plot's canvas at once, in the geometry
   * shown (the chart's drag frames: ahead of React's render of the props).
   */
  painterRef?: RefObject<((series: readonly DrawnSeries[]) => void) | null>;
}

/** Minimum drag, in pixels, that zooms (shorter is a click); a box flatter than this zooms x only. */
const MIN_DRAG = 4;
/**
 * A box flatter than this share of the plot height zooms the steps only: a sideways drag that
 * wobbles a little must not blow the y axis up twentyfold.
 */
const FLAT_BOX = 0.1;
/** Fewest steps a zoomed view shows. */
export const MIN_SPAN = 2;
/** Zoom per wheel pixel: a 100 px notch zooms by e^0.2 (about 1.22x). */
const WHEEL_RATE = 0.002;

/** The steps a view may show. */
function boundsOf(p: PlotLayerProps): [number, number] {
  return p.xBounds ?? [p.stepRange[0], Math.max(p.stepRange[0] + MIN_SPAN, p.stepRange[1] + 1)];
}

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function PlotLayer(props: PlotLayerProps) {
  const { area, geometry, series, stepRange, cursor, dots, cursorText, onCursor, onZoom, onZoomY, onResetZoom } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const { theme } = useTheme();

  // What the canvas shows: a render that brings the curves the drag painter already drew (the
  // chart's deferred render during a drag) does not draw them again.
  const shownRef = useRef<{ list: readonly DrawnSeries[]; geometry: PlotGeometry; theme: string } | null>(null);
  const paint = (list: readonly DrawnSeries[]) => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const was = shownRef.current;
    if (was && was.geometry === geometry && was.theme === theme && was.list.length === list.length && was.list.every((d, i) => sameDrawing(d, list[i]))) return;
    const ctx = clearedContext(canvas, geometry.width, geometry.height);
    if (!ctx) return;
    drawSeries(ctx, list, geometry, CANVAS_COLORS[theme]);
    canvas.dataset.drawn = drawnRecord(list);
    shownRef.current = { list, geometry, theme };
  };
  useLayoutEffect(() => paint(series), [series, geometry, theme]); // eslint-disable-line react-hooks/exhaustive-deps
  const { painterRef } = props;
  useLayoutEffect(() => {
    if (!painterRef) return;
    painterRef.current = paint;
    return () => {
      painterRef.current = null;
    };
  });

  // Wheel and touch listeners are native: React's are passive, and these must stop the page from
  // scrolling or zooming. They read the latest props through a ref. Wheel events come faster than
  // renders: each one zooms from the view the previous one asked for.
  const latest = useRef(props);
  const asked = useRef<{ x: [number, number] | null; y: [number, number] | null }>({ x: null, y: null });
  useLayoutEffect(() => {
    latest.current = props;
  });
  useLayoutEffect(() => {
    asked.current = { x: null, y: null };
  }, [geometry.s0, geometry.s1, geometry.y]);
  useEffect(() => {
    const el = overlayRef.current;
    if (!el) return;
    const onWheel = (ev: WheelEvent) => {
      const { geometry: g, onZoom, onZoomY } = latest.current;
      // Shift + wheel scrolls sideways on some systems: its delta is then in deltaX.
      const delta = ev.deltaY !== 0 ? ev.deltaY : ev.deltaX;
      if (delta === 0) return;
      ev.preventDefault();
      const px = ev.deltaMode === 1 ? 33 : ev.deltaMode === 2 ? 400 : 1;
      const factor = Math.exp(Math.max(-300, Math.min(300, delta * px)) * WHEEL_RATE);
      const rect = el.getBoundingClientRect();
      if (ev.shiftKey && onZoomY) {
        const [lo, hi] = asked.current.y ?? [g.y.lo, g.y.hi];
        const d = { lo, hi, ticks: [] };
        const next = zoomYAround(d, yValue(ev.clientY - rect.top, d, g.scale, g.height), factor, g.scale);
        asked.current.y = next;
        onZoomY(next[0], next[1]);
      } else {
        const [s0, s1] = asked.current.x ?? [g.s0, g.s1];
        const next = zoomAround(s0, s1, xStep(ev.clientX - rect.left, s0, s1, g.width), factor, boundsOf(latest.current), MIN_SPAN);
        asked.current.x = next;
        onZoom(next[0], next[1]);
      }
    };
    let pinch: { start: [number, number]; c0: number; d0: number } | null = null;
    const fingers = (ev: TouchEvent) => {
      const left = el.getBoundingClientRect().left;
      const [a, b] = [ev.touches[0], ev.touches[1]];
      return { c: (a.clientX + b.clientX) / 2 - left, d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) };
    };
    const onTouchStart = (ev: TouchEvent) => {
      if (ev.touches.length !== 2) return;
      ev.preventDefault();
      const { c, d } = fingers(ev);
      const g = latest.current.geometry;
      pinch = { start: [g.s0, g.s1], c0: c, d0: d };
    };
    const onTouchMove = (ev: TouchEvent) => {
      if (!pinch || ev.touches.length !== 2) return;
      ev.preventDefault();
      const { c, d } = fingers(ev);
      const { geometry: g, onZoom } = latest.current;
      const [s0, s1] = pinchView(pinch.start, g.width, pinch.c0, pinch.d0, c, d, boundsOf(latest.current), MIN_SPAN);
      onZoom(s0, s1);
    };
    const onTouchEnd = (ev: TouchEvent) => {
      if (ev.touches.length < 2) pinch = null;
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('touchstart', onTouchStart, { passive: false });
    el.addEventListener('touchmove', onTouchMove, { passive: false });
    el.addEventListener('touchend', onTouchEnd);
    el.addEventListener('touchcancel', onTouchEnd);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('touchstart', onTouchStart);
      el.removeEventListener('touchmove', onTouchMove);
      el.removeEventListener('touchend', onTouchEnd);
      el.removeEventListener('touchcancel', onTouchEnd);
    };
  }, []);

  const { s0, s1, width, height } = geometry;
  const [first, last] = stepRange;
  const stepAt = (px: number) => xStep(px, s0, s1, width);
  const clampStep = (s: number) => Math.min(last, Math.max(first, Math.round(s)));
  const local = (ev: MouseEvent) => {
    const r = ev.currentTarget.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  };
  const inside = (v: number, size: number) => Math.min(size, Math.max(0, v));
  const flatBelow = Math.max(MIN_DRAG, FLAT_BOX * height);

  const onMouseMove = (ev: MouseEvent<HTMLDivElement>) => {
    const { x, y } = local(ev);
    if (drag) setDrag({ ...drag, x1: inside(x, width), y1: inside(y, height) });
    if (last >= first) onCursor(clampStep(stepAt(x)));
  };
  const onMouseDown = (ev: MouseEvent<HTMLDivElement>) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    ev.currentTarget.focus();
    const { x, y } = local(ev);
    setDrag({ x0: x, y0: y, x1: x, y1: y });
  };
  const onMouseUp = () => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(drag.x1 - drag.x0) < MIN_DRAG) return;
    const v = boxToView(drag, geometry, flatBelow);
    onZoom(Math.floor(v.s0), Math.ceil(v.s1));
    if (v.y && onZoomY) onZoomY(v.y[0], v.y[1]);
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const at = cursor ?? first;
    const page = Math.max(1, Math.round((s1 - s0) / 10));
    const moves: Record<string, number> = {
      ArrowLeft: at - 1,
      ArrowRight: at + 1,
      ArrowDown: at - 1,
      ArrowUp: at + 1,
      PageDown: at - page,
      PageUp: at + page,
      Home: first,
      End: last,
    };
    const plain = !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    if (ev.key in moves) {
      ev.preventDefault();
      onCursor(clampStep(moves[ev.key]));
    } else if (ev.key === '+' || ev.key === '=') {
      ev.preventDefault();
      const half = (s1 - s0) / 4;
      onZoom(Math.floor(at - half), Math.ceil(at + half));
    } else if (ev.key === '-' || ev.key === '0') {
      ev.preventDefault();
      onResetZoom();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      (props.onEscape ?? onResetZoom)();
    } else if (plain && props.onAutoscale && (ev.key === 'a' || ev.key === 'A')) {
      ev.preventDefault();
      props.onAutoscale();
    } else if (plain && props.onFullscreen && (ev.key === 'f' || ev.key === 'F')) {
      ev.preventDefault();
      props.onFullscreen();
    }
  };

  const cursorX = cursor === null ? null : ((cursor - s0) / (s1 - s0)) * width;
  const box = { left: area.left, top: area.top, width: area.width, height: area.height };
  return (
    <>
      <canvas ref={canvasRef} className="chart-canvas" style={box} aria-hidden="true" data-testid="chart-canvas" />
      <div
        ref={overlayRef}
        className="chart-overlay"
        style={box}
        tabIndex={0}
        role="slider"
        aria-label="Chart cursor: step"
        aria-valuemin={first}
        aria-valuemax={Math.max(first, last)}
        aria-valuenow={cursor ?? first}
        aria-valuetext={cursorText}
        aria-keyshortcuts={`ArrowLeft ArrowRight Home End + Escape${props.onAutoscale ? ' A' : ''}${props.onFullscreen ? ' F' : ''}`}
        title={[
          'Hover to read exact values',
          onZoomY ? 'drag a box to zoom' : 'drag to zoom',
          onZoomY ? 'wheel: zoom steps, Shift+wheel: zoom y' : 'wheel: zoom steps',
          props.onAutoscale && 'A: autoscale y',
          props.onFullscreen && 'F: fullscreen',
          'double-click or Esc: reset',
        ]
          .filter(Boolean)
          .join(' · ')}
        onMouseMove={onMouseMove}
        onMouseDown={onMouseDown}
        onMouseUp={onMouseUp}
        onMouseLeave={() => {
          setDrag(null);
          onCursor(null);
        }}
        onDoubleClick={onResetZoom}
        onKeyDown={onKeyDown}
        onBlur={() => onCursor(null)}
      >
        {cursorX !== null && cursorX >= 0 && cursorX <= width && (
          <>
            <div className="chart-cursor" style={{ left: cursorX }} />
            {dots.map((d) =>
              d.y === null ? null : (
                <div key={d.id} className="chart-dot" style={{ left: cursorX, top: d.y, borderColor: d.color }} />
              ),
            )}
          </>
        )}
        {drag && Math.abs(drag.x1 - drag.x0) >= 1 && (
          <div
            className="chart-selection"
            data-testid="chart-selection"
            // A flat box zooms the steps only: it is shown full height.
            style={
              !onZoomY || Math.abs(drag.y1 - drag.y0) < flatBelow
                ? { left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0), top: 0, height }
                : { left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0), top: Math.min(drag.y0, drag.y1), height: Math.abs(drag.y1 - drag.y0) }
            }
          />
        )}
      </div>
    </>
  );
}
