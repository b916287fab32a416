/**
 * The momentum that torch's CyclicLR and OneCycleLR set beside the lr (cycle_momentum), drawn under the lr chart
 * on the same steps, as fastai and mmengine show lr and momentum side by side: one line per schedule in its colour,
 * a band where a pixel column holds several values.
 */
import { memo, useMemo } from 'react';
import { momentumColumns, type CurveSettings } from '../../curves';
import type { ScheduleSpec } from '../../schedules';
import type { PlotArea } from './ChartFrame';
import { formatTick, linearTicks } from './scale';

export interface MomentumSeries {
  id: string;
  name: string;
  color: string;
  spec: ScheduleSpec;
  settings: CurveSettings;
}

const HEIGHT = 120;
const TOP = 8;
const BOTTOM = 8;

export const MomentumChart = memo(function MomentumChart({
  width,
  area,
  s0,
  s1,
  series,
}: {
  width: number;
  area: PlotArea;
  s0: number;
  s1: number;
  series: readonly MomentumSeries[];
}) {
  const columns = Math.max(1, Math.round(area.width));
  const drawn = useMemo(
    () => series.map((m) => ({ ...m, cols: momentumColumns(m.spec, m.settings, s0, s1, columns) })).filter((m) => m.cols !== null),
    [series, s0, s1, columns],
  );
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of drawn)
    for (let c = 0; c < columns; c++) {
      if (m.cols!.min[c] < lo) lo = m.cols!.min[c];
      if (m.cols!.max[c] > hi) hi = m.cols!.max[c];
    }
  if (!(hi >= lo)) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.05, hi + 0.05];
  const ticks = linearTicks(lo, hi, 3).filter((t) => t >= lo && t <= hi);
  const plotH = HEIGHT - TOP - BOTTOM;
  const yOf = (v: number) => TOP + plotH * (1 - (v - lo) / (hi - lo));
  const paths = drawn.map((m) => {
    let d = '';
    let pen = false;
    for (let c = 0; c < columns; c++) {
      const a = m.cols!.min[c];
      const b = m.cols!.max[c];
      if (Number.isNaN(a)) {
        pen = false;
        continue;
      }
      const x = (area.left + c + 0.5).toFixed(1);
      d += `${pen ? 'L' : 'M'}${x},${yOf(b).toFixed(1)}`;
      if (b !== a) d += `L${x},${yOf(a).toFixed(1)}`;
      pen = true;
    }
    return { id: m.id, name: m.name, color: m.color, d };
  });
  return (
    <svg
      className="momentum-chart"
      data-testid="momentum-chart"
      data-png-svg
      width={width}
      height={HEIGHT}
      role="img"
      aria-label={`Momentum set by ${paths.map((p) => p.name).join(', ')}, from ${formatTick(lo)} to ${formatTick(hi)}`}
    >
      <rect x={area.left} y={TOP} width={area.width} height={plotH} className="momentum-chart-bg" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={area.left} x2={area.left + area.width} y1={yOf(t)} y2={yOf(t)} className="momentum-grid" />
          <text x={area.left - 6} y={yOf(t)} dy="0.355em" textAnchor="end" className="momentum-tick">
            {formatTick(t)}
          </text>
        </g>
      ))}
      <text x={12} y={TOP + plotH / 2} textAnchor="middle" transform={`rotate(-90 12 ${TOP + plotH / 2})`} className="momentum-tick">
        momentum
      </text>
      {paths.map((p) => (
        <path key={p.id} d={p.d} stroke={p.color} data-testid={`momentum-${p.id}`} className="momentum-line">
          <title>{`${p.name}: momentum`}</title>
        </path>
      ))}
    </svg>
  );
});
