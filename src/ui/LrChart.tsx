import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getDefinition } from '../schedules';
import { computeCurve } from '../state/curves';
import { useStudio } from '../state/studio';
import { decimateMinMax } from './decimate';

const COLUMNS = 800;

export function LrChart() {
  const entries = useStudio((s) => s.schedules);
  const settings = useStudio((s) => s.settings);
  const series = useMemo(
    () =>
      entries
        .filter((e) => e.visible)
        .map((e) => {
          const curve = computeCurve(e.spec, settings, getDefinition(e.spec.scheduler)?.metricDriven);
          return { entry: e, curve, dec: decimateMinMax(curve.values, 0, curve.values.length, COLUMNS) };
        }),
    [entries, settings],
  );
  const data = useMemo(() => {
    const rows = new Map<number, Record<string, number>>();
    for (const s of series) {
      for (let i = 0; i < s.dec.length; i++) {
        const x = s.dec.x[i];
        let row = rows.get(x);
        if (!row) rows.set(x, (row = { x }));
        row[s.entry.id] = s.dec.y[i];
      }
    }
    return [...rows.values()].sort((a, b) => a.x - b.x);
  }, [series]);
  return (
    <div className="lr-chart" data-testid="lr-chart">
      <ResponsiveContainer width="100%" height={420}>
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={[0, settings.totalSteps]} />
          <YAxis />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.entry.id}
              dataKey={s.entry.id}
              name={s.entry.name}
              stroke={s.entry.color}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {series
        .filter((s) => s.curve.error)
        .map((s) => (
          <p key={s.entry.id} className="error" role="alert">
            {s.entry.name}: {s.curve.error}
          </p>
        ))}
    </div>
  );
}
