/**
 * The lab's four charts: training loss per update (TensorBoard smoothing, linear or log axis),
 * validation loss and accuracy at each evaluation, and the learning rate actually applied next to
 * the schedule's plan. Several seeds of a schedule draw as their mean with a min/max band.
 */
import { useDeferredValue, useMemo } from 'react';
import { useTraining, type RunRecord } from '../../state/training';
import { MetricChart, type MetricSeries } from './MetricChart';
import { usePlannedSteps } from './usePlannedSteps';
import { aggregate, aggregateEvals, groupRuns, smoothEma, type RunGroup } from './metrics';

type Pick = (r: RunRecord) => { values: ArrayLike<number>; count: number };

/** One series per schedule: the run itself, or the mean and band of its seeds. */
function perStep(groups: readonly RunGroup[], colorOf: (r: RunRecord) => string, pick: Pick): MetricSeries[] {
  return groups.map((g) => {
    const color = colorOf(g.runs[0]);
    if (g.runs.length === 1) {
      const { values, count } = pick(g.runs[0]);
      return { id: g.key, name: g.name, color, y: values, count };
    }
    const a = aggregate(g.runs.map(pick));
    return { id: g.key, name: g.name, color, y: a.mean, lo: a.lo, hi: a.hi, count: a.count, note: `mean of ${g.runs.length} seeds` };
  });
}

function perEval(groups: readonly RunGroup[], colorOf: (r: RunRecord) => string, what: 'loss' | 'accuracy'): MetricSeries[] {
  return groups.map((g) => {
    const a = aggregateEvals(g.runs, what);
    const many = g.runs.length > 1;
    return {
      id: g.key,
      name: g.name,
      color: colorOf(g.runs[0]),
      x: a.steps,
      y: a.mean,
      count: a.count,
      ...(many ? { lo: a.lo, hi: a.hi, note: `mean of ${g.runs.length} seeds` } : {}),
    };
  });
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

export function TrainingCharts({ colorOf }: { colorOf: (r: RunRecord) => string }) {
  // Charts redraw at low priority, in slices: the page stays responsive while batches stream in.
  const runs = useDeferredValue(useTraining((s) => s.runs));
  const comparison = useTraining((s) => s.comparison);
  const smoothing = useTraining((s) => s.smoothing);
  const lossScale = useTraining((s) => s.lossScale);
  const { setSmoothing, setLossScale } = useTraining.getState();
  const groups = useMemo(() => groupRuns(runs), [runs]);

  const loss = useMemo(() => perStep(groups, colorOf, (r) => ({ values: smoothEma(r.loss, r.count, smoothing), count: r.count })), [groups, colorOf, smoothing]);
  const valLoss = useMemo(() => perEval(groups, colorOf, 'loss'), [groups, colorOf]);
  const valAcc = useMemo(() => perEval(groups, colorOf, 'accuracy'), [groups, colorOf]);
  const lr = useMemo(() => {
    const applied = perStep(groups, colorOf, (r) => ({ values: r.lr, count: r.count })).map((s) => ({ ...s, note: 'applied' }));
    const planned: MetricSeries[] = groups.flatMap((g) => {
      const r = g.runs[0];
      if (!r.planned) return [];
      return [{ id: `${g.key}-planned`, name: g.name, color: colorOf(r), y: r.planned, count: r.planned.length, dashed: true, note: 'planned' }];
    });
    return [...planned, ...applied];
  }, [groups, colorOf]);

  // The charts are there (empty) before the first run: their frames mount with the lab, not in
  // the middle of a training, where a mount is a long task on a busy page.
  const idle = !comparison || runs.length === 0;
  // Before the first run, the x axis already spans the updates the setup plans: pressing Train
  // then redraws no axis (four Recharts frames updating at once made a long task).
  const planned = usePlannedSteps().totalSteps;
  const xMax = idle ? planned : comparison.totalSteps;
  const hint = idle ? 'Press Train: the runs will appear here.' : null;
  return (
    <div className="tl-charts">
      <MetricChart
        title="Training loss"
        testId="chart-train-loss"
        series={loss}
        xMax={xMax}
        yLabel="cross-entropy"
        yScale={lossScale}
        fileStem="training-loss"
        empty={hint ?? 'No update yet.'}
        controls={
          <span className="tl-chart-controls">
            <label title="Exponential moving average of the loss, as TensorBoard's smoothing (0 = raw)">
              Smoothing
              <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} data-testid="smoothing" />
              <span className="num">{smoothing.toFixed(2)}</span>
            </label>
            <label>
              <input type="checkbox" checked={lossScale === 'log'} onChange={(e) => setLossScale(e.target.checked ? 'log' : 'linear')} data-testid="loss-log" />
              log axis
            </label>
          </span>
        }
      />
      <MetricChart title="Validation loss" testId="chart-val-loss" series={valLoss} xMax={xMax} yLabel="cross-entropy" yScale={lossScale} fileStem="validation-loss" empty={hint ?? 'No evaluation yet.'} mountDelayMs={60} />
      <MetricChart title="Validation accuracy" testId="chart-val-acc" series={valAcc} xMax={xMax} yLabel="accuracy" format={pct} fileStem="validation-accuracy" empty={hint ?? 'No evaluation yet.'} mountDelayMs={120} />
      <MetricChart title="Learning rate: applied (solid) and planned (dashed)" testId="chart-lr" series={lr} xMax={xMax} yLabel="learning rate" fileStem="learning-rate" empty={hint ?? 'No update yet.'} mountDelayMs={180} />
    </div>
  );
}
