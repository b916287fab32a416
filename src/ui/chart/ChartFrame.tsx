/**
 * The Recharts frame of the chart: grid, axes, ticks and axis labels. The curves themselves are
 * drawn on a canvas laid exactly over the plot area (see {@link plotArea}); both use the same
 * domains and ticks from ./scale.
 */
import { memo } from 'react';
import { CartesianGrid, LineChart, XAxis, YAxis } from 'recharts';
import { formatTick, type Domain, type YScale } from './scale';

export const MARGIN = { top: 12, right: 26, bottom: 6, left: 6 } as const;
const TICK = { fontSize: 12, fill: '#475569' };
export const Y_AXIS_WIDTH = 78;
export const X_AXIS_HEIGHT = 44;

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where Recharts puts the plot area for a chart of this size (axis sizes are fixed). */
export function plotArea(width: number, height: number): PlotArea {
  return {
    left: MARGIN.left + Y_AXIS_WIDTH,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right - Y_AXIS_WIDTH),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

export interface ChartFrameProps {
  width: number;
  height: number;
  x: Domain;
  y: Domain;
  yScale: YScale;
  xLabel: string;
  yLabel: string;
}

const NO_DATA: never[] = [];

export const ChartFrame = memo(function ChartFrame({ width, height, x, y, yScale, xLabel, yLabel }: ChartFrameProps) {
  return (
    <LineChart width={width} height={height} data={NO_DATA} margin={MARGIN} accessibilityLayer={false}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis
        type="number"
        dataKey="x"
        domain={[x.lo, x.hi]}
        ticks={x.ticks}
        allowDataOverflow
        interval={0}
        height={X_AXIS_HEIGHT}
        tickFormatter={formatTick}
        tick={TICK}
        label={{ value: xLabel, position: 'insideBottom', offset: 2, fill: '#475569' }}
        stroke="#94a3b8"
      />
      <YAxis
        type="number"
        scale={yScale}
        domain={[y.lo, y.hi]}
        ticks={y.ticks}
        allowDataOverflow
        interval={0}
        width={Y_AXIS_WIDTH}
        tickFormatter={formatTick}
        tick={TICK}
        label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, fill: '#475569', style: { textAnchor: 'middle' } }}
        stroke="#94a3b8"
      />
    </LineChart>
  );
});
