/** Per-schedule statistics over the whole horizon at full resolution. */
import { memo } from 'react';
import { formatShort } from './scale';
import type { SeriesModel } from './series';

function Num({ v, at }: { v: number; at?: number }) {
  // The stats are computed overflow-safe from finite values; should one still not be finite, it is not shown as a number.
  if (!Number.isFinite(v)) {
    return (
      <td className="num muted" title="not a finite number" data-value="">
        —
      </td>
    );
  }
  return (
    <td className="num" title={String(v)} data-value={v}>
      {formatShort(v)}
      {at !== undefined && <span className="muted at"> @{at.toLocaleString('en-US')}</span>}
    </td>
  );
}

/** A number too large for float64, from its log10: `2.35e+311`. */
function powerOfTen(log10: number): string {
  const e = Math.floor(log10);
  return `${(10 ** (log10 - e)).toFixed(2)}e+${e}`;
}

/** One schedule's row; memoized, so a slider input re-renders the edited schedule's row only. */
const StatsRow = memo(function StatsRow({ m }: { m: SeriesModel }) {
  const s = m.stats;
  return (
    <tr data-testid={`stats-${m.entry.id}`}>
      <th scope="row" title={m.entry.name}>
        <span className="readout-swatch" style={{ background: m.entry.color }} aria-hidden="true" />
        {m.entry.name}
      </th>
      {s ? (
        <>
          <Num v={s.initial} />
          <Num v={s.peak} at={s.peakStep} />
          <Num v={s.final} />
          <Num v={s.mean} />
          <Num v={s.min} at={s.minStep} />
          {s.auc !== null ? (
            <Num v={s.auc} />
          ) : (
            <td className="num" title={`10^${s.aucLog10}`} data-value={`1e${s.aucLog10}`}>
              {powerOfTen(s.aucLog10)}
            </td>
          )}
          <td className="num" data-value={s.warmup}>
            {s.warmup.toLocaleString('en-US')}
          </td>
        </>
      ) : (
        <td colSpan={7} className="muted">
          {m.pending ? 'computing…' : 'no values'}
        </td>
      )}
    </tr>
  );
});

export const StatsTable = memo(function StatsTable({ models, totalSteps }: { models: readonly SeriesModel[]; totalSteps: number }) {
  if (models.length === 0) return null;
  return (
    <div className="chart-stats-wrap" role="region" aria-label="Statistics" tabIndex={0}>
      <table className="chart-stats" data-testid="chart-stats">
        <caption>
          Statistics over all {totalSteps.toLocaleString('en-US')} steps at full resolution. Area = Σ lr over the
          updates; warmup = steps until the lr first stops rising.
        </caption>
        <thead>
          <tr>
            <th scope="col">Schedule</th>
            <th scope="col">Initial</th>
            <th scope="col">Peak @step</th>
            <th scope="col">Final</th>
            <th scope="col">Mean</th>
            <th scope="col">Min @step</th>
            <th scope="col">Area Σ lr</th>
            <th scope="col">Warmup</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <StatsRow key={m.entry.id} m={m} />
          ))}
        </tbody>
      </table>
    </div>
  );
});
