/**
 * The canvas the curves are drawn on, laid over the Recharts plot area, and the transparent
 * overlay that handles the pointer and keyboard: hover readout cursor, drag-to-zoom, reset.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { PlotArea } from './ChartFrame';
import { clearedContext, drawSeries, type DrawnSeries, type PlotGeometry } from './draw';
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
  cursor: number | null;
  dots: readonly CursorDot[];
  cursorText: string;
  onCursor(step: number | null): void;
  onZoom(s0: number, s1: number): void;
  onResetZoom(): void;
}

/** Minimum drag, in pixels, that zooms (shorter is a click). */
const MIN_DRAG = 4;

export function PlotLayer(props: PlotLayerProps) {
  const { area, geometry, series, stepRange, cursor, dots, cursorText, onCursor, onZoom, onResetZoom } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const { theme } = useTheme();

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = clearedContext(canvas, geometry.width, geometry.height);
    if (!ctx) return;
    drawSeries(ctx, series, geometry, CANVAS_COLORS[theme]);
  }, [series, geometry, theme]);

  const { s0, s1, width } = geometry;
  const [first, last] = stepRange;
  const stepAt = (px: number) => s0 + (px / width) * (s1 - s0);
  const clampStep = (s: number) => Math.min(last, Math.max(first, Math.round(s)));
  const localX = (ev: MouseEvent) => ev.clientX - ev.currentTarget.getBoundingClientRect().left;

  const onMouseMove = (ev: MouseEvent<HTMLDivElement>) => {
    const x = localX(ev);
    if (drag) setDrag({ from: drag.from, to: Math.min(width, Math.max(0, x)) });
    if (last >= first) onCursor(clampStep(stepAt(x)));
  };
  const onMouseDown = (ev: MouseEvent<HTMLDivElement>) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    ev.currentTarget.focus();
    const x = localX(ev);
    setDrag({ from: x, to: x });
  };
  const onMouseUp = () => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(drag.to - drag.from) < MIN_DRAG) return;
    const a = Math.floor(stepAt(Math.min(drag.from, drag.to)));
    const b = Math.ceil(stepAt(Math.max(drag.from, drag.to)));
    onZoom(a, b);
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
    if (ev.key in moves) {
      ev.preventDefault();
      onCursor(clampStep(moves[ev.key]));
    } else if (ev.key === '+' || ev.key === '=') {
      ev.preventDefault();
      const half = (s1 - s0) / 4;
      onZoom(Math.floor(at - half), Math.ceil(at + half));
    } else if (ev.key === '-' || ev.key === 'Escape' || ev.key === '0') {
      ev.preventDefault();
      onResetZoom();
    }
  };

  const cursorX = cursor === null ? null : ((cursor - s0) / (s1 - s0)) * width;
  const box = { left: area.left, top: area.top, width: area.width, height: area.height };
  return (
    <>
      <canvas ref={canvasRef} className="chart-canvas" style={box} aria-hidden="true" data-testid="chart-canvas" />
      <div
        className="chart-overlay"
        style={box}
        tabIndex={0}
        role="slider"
        aria-label="Chart cursor: step"
        aria-valuemin={first}
        aria-valuemax={Math.max(first, last)}
        aria-valuenow={cursor ?? first}
        aria-valuetext={cursorText}
        aria-keyshortcuts="ArrowLeft ArrowRight Home End + Escape"
        title="Hover to read exact values · drag to zoom · double-click or Esc to reset zoom"
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
        {drag && Math.abs(drag.to - drag.from) >= 1 && (
          <div
            className="chart-selection"
            data-testid="chart-selection"
            style={{ left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }}
          />
        )}
      </div>
    </>
  );
}
