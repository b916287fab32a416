/**
 * The Recharts frame of the chart: grid, axes, ticks and axis labels. The curves themselves are
 * drawn on a canvas laid exactly over the plot area (see {@link plotArea}); both use the same
 * domains and ticks from ./scale.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, XAxis, YAxis } from 'recharts';
import { tickFormatter, type Domain, type YScale } from './scale';

export const MARGIN = { top: 12, right: 34, bottom: 6, left: 6 } as const;
/** What both axes share: numeric, exactly our domain and ticks, every tick labelled. */
const AXIS = {
  type: 'number',
  allowDataOverflow: true,
  interval: 0,
  // CSS variables: the theme colours the axes (styles.css).
  stroke: 'var(--axis)',
} as const;
export const X_AXIS_HEIGHT = 44;
/** Default y axis width (ticks such as 0.001 and the axis title). */
export const Y_AXIS_WIDTH = 78;

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Width of the y axis (tick labels and its title) for these labels. */
export function yAxisWidth(labels: readonly string[]): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.min(160, Math.max(64, 36 + 7 * longest));
}

/** Where Recharts puts the plot area for a chart of this size (axis sizes are given to it). */
export function plotArea(width: number, height: number, yAxis = Y_AXIS_WIDTH): PlotArea {
  return {
    left: MARGIN.left + yAxis,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right - yAxis),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

export interface ChartFrameProps {
  width: number;
  height: number;
  /** Default {@link Y_AXIS_WIDTH}. */
  yAxisWidth?: number;
  x: Domain;
  y: Domain;
  yScale: YScale;
  xLabel: string;
  yLabel: string;
}

const NO_DATA: never[] = [];

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value: number };
}

const TICK_STYLE = { fontSize: 12, fill: 'var(--text-3)' } as const;

/**
 * A tick label as one plain SVG text. Recharts' own <Text> measures every label through the DOM
 * (to wrap words), forcing a layout per label: tens of milliseconds per frame mount on a busy page.
 */
function tickLabel(anchor: 'middle' | 'end', dy: string, format: (v: number) => string) {
  return function TickLabel({ x, y, payload }: TickProps) {
    if (!payload) return null;
    return (
      <text x={x} y={y} dy={dy} textAnchor={anchor} {...TICK_STYLE} className="recharts-cartesian-axis-tick-value">
        {format(payload.value)}
      </text>
    );
  };
}

export const ChartFrame = memo(function ChartFrame({ width, height, yAxisWidth = Y_AXIS_WIDTH, x, y, yScale, xLabel, yLabel }: ChartFrameProps) {
  const xTick = useMemo(() => tickLabel('middle', '0.71em', tickFormatter(x.ticks)), [x.ticks]);
  const yTick = useMemo(() => tickLabel('end', '0.355em', tickFormatter(y.ticks)), [y.ticks]);
  return (
    <LineChart width={width} height={height} data={NO_DATA} margin={MARGIN} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis
        {...AXIS}
        dataKey="x"
        domain={[x.lo, x.hi]}
        ticks={x.ticks}
        height={X_AXIS_HEIGHT}
        tick={xTick}
        label={{ value: xLabel, position: 'insideBottom', offset: 2, fill: 'var(--text-3)' }}
      />
      <YAxis
        {...AXIS}
        scale={yScale}
        domain={[y.lo, y.hi]}
        ticks={y.ticks}
        width={yAxisWidth}
        tick={yTick}
        label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, fill: 'var(--text-3)', style: { textAnchor: 'middle' } }}
      />
    </LineChart>
  );
});
