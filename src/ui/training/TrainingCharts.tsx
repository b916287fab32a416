/**
 * The lab's four charts: training loss per update (TensorBoard smoothing, linear or log axis),
 * validation loss and accuracy at each evaluation, and the learning rate actually applied next to
 * the schedule's plan. Several seeds of a schedule draw as their mean with a min/max band.
 */
import { useCallback, useDeferredValue, useMemo } from 'react';
import { useTraining, type RunRecord } from '../../state/training';
import { useHistory } from '../../state/trainingHistory';
import { MetricChart, type MetricSeries } from './MetricChart';
import { usePlannedSteps } from './usePlannedSteps';
import { aggregate, aggregateEvals, groupRuns, smoothEma, type RunGroup } from './metrics';

type Pick = (r: RunRecord) => { values: ArrayLike<number>; count: number };

/** One series per schedule: the run itself, or the mean and band of its seeds. */
/** A diverged run's curve stops where it diverged, marked there and named in the legend. */
function divergence(g: RunGroup): { diverged?: boolean; note?: string } {
  const d = g.runs.filter((r) => r.status === 'diverged');
  if (d.length === 0) return {};
  return { diverged: true, note: d.length === 1 && g.runs.length === 1 ? `diverged at update ${d[0].step}` : `${d.length} of ${g.runs.length} seeds diverged` };
}

function perStep(groups: readonly RunGroup[], colorOf: (r: RunRecord) => string, pick: Pick): MetricSeries[] {
  return groups.map((g) => {
    const color = colorOf(g.runs[0]);
    if (g.runs.length === 1) {
      const { values, count } = pick(g.runs[0]);
      return { id: g.key, name: g.name, color, y: values, count, ...divergence(g) };
    }
    const a = aggregate(g.runs.map(pick));
    return { id: g.key, name: g.name, color, y: a.mean, lo: a.lo, hi: a.hi, count: a.count, note: `mean of ${g.runs.length} seeds`, ...divergence(g) };
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
      ...divergence(g),
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
  // A saved comparison drawn next to this one: dashed and faded, its name in the legend.
  const overlay = useHistory((s) => (s.overlayId ? (s.items.find((x) => x.id === s.overlayId) ?? null) : null));
  const savedGroups = useMemo(() => (overlay ? groupRuns(overlay.runs) : []), [overlay]);
  const asSaved = useCallback(
    (list: MetricSeries[]): MetricSeries[] => list.map((s) => ({ ...s, id: `saved-${s.id}`, dashed: true, note: `saved: ${overlay?.name ?? ''}${s.note ? ` · ${s.note}` : ''}` })),
    [overlay],
  );
  const savedColor = useCallback((r: RunRecord) => r.color, []);

  const loss = useMemo(() => {
    const pick = (r: RunRecord) => ({ values: smoothEma(r.loss, r.count, smoothing), count: r.count });
    return [...perStep(groups, colorOf, pick), ...asSaved(perStep(savedGroups, savedColor, pick))];
  }, [groups, colorOf, smoothing, savedGroups, asSaved, savedColor]);
  const valLoss = useMemo(() => [...perEval(groups, colorOf, 'loss'), ...asSaved(perEval(savedGroups, savedColor, 'loss'))], [groups, colorOf, savedGroups, asSaved, savedColor]);
  const valAcc = useMemo(() => [...perEval(groups, colorOf, 'accuracy'), ...asSaved(perEval(savedGroups, savedColor, 'accuracy'))], [groups, colorOf, savedGroups, asSaved, savedColor]);
  const lr = useMemo(() => {
    const applied = [
      ...perStep(groups, colorOf, (r) => ({ values: r.lr, count: r.count })).map((s) => ({ ...s, note: 'applied' })),
      ...asSaved(perStep(savedGroups, savedColor, (r) => ({ values: r.lr, count: r.count })).map((s) => ({ ...s, note: 'applied' }))),
    ];
    const planned: MetricSeries[] = groups.flatMap((g) => {
      const r = g.runs[0];
      if (!r.planned) return [];
      return [{ id: `${g.key}-planned`, name: g.name, color: colorOf(r), y: r.planned, count: r.planned.length, dashed: true, note: 'planned' }];
    });
    return [...planned, ...applied];
  }, [groups, colorOf, savedGroups, asSaved, savedColor]);

  // The charts are there (empty) before the first run: their frames mount with the lab, not in
  // the middle of a training, where a mount is a long task on a busy page.
  const idle = !comparison || runs.length === 0;
  // Before the first run, the x axis already spans the updates the setup plans: pressing Train
  // then redraws no axis (four Recharts frames updating at once made a long task).
  const planned = usePlannedSteps().totalSteps;
  const xMax = Math.max(idle ? planned : comparison.totalSteps, overlay?.comparison.totalSteps ?? 0);
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
      <MetricChart title="Validation accuracy" testId="chart-val-acc" series={valAcc} xMax={xMax} yLabel="accuracy" format={pct} fit fileStem="validation-accuracy" empty={hint ?? 'No evaluation yet.'} mountDelayMs={120} />
      <MetricChart title="Learning rate: applied (solid) and planned (dashed)" testId="chart-lr" series={lr} xMax={xMax} yLabel="learning rate" fileStem="learning-rate" empty={hint ?? 'No update yet.'} mountDelayMs={180} />
    </div>
  );
}
