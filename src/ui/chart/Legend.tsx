/** Legend of the drawn curves: colour, name and key parameters, with stale/error/updating flags. */
import { memo } from 'react';
import type { DrawnSeries } from './draw';
import { checksum } from './draw';
import type { SeriesModel } from './series';
import type { PreviewView } from '../../curves';

export interface LegendItem {
  model: SeriesModel;
  drawn: DrawnSeries;
  /** The view `drawn` was decimated for (items are reused while it holds). */
  view?: PreviewView;
}

/** One entry; memoized so that a slider input re-renders the edited schedule's entry only. */
const LegendRow = memo(function LegendRow({ model: m, drawn, offChart }: Pick<LegendItem, 'model' | 'drawn'> & { offChart: boolean }) {
  return (
    <li
      data-testid={`curve-${m.entry.id}`}
      data-points={drawn.dec.length}
      data-checksum={checksum(drawn.dec)}
      data-length={m.length}
      data-stale={m.stale ? 'true' : 'false'}
      data-pending={m.pending ? 'true' : 'false'}
      data-error-step={m.errorStep ?? ''}
      data-off-chart={offChart ? 'true' : 'false'}
      data-color={m.entry.color}
      data-requested-at={m.requestedAt ?? ''}
    >
      <span
        className={`legend-swatch${m.stale ? ' stale' : ''}`}
        style={{ borderTopColor: m.entry.color }}
        data-png-swatch
        aria-hidden="true"
      />
      <span className="legend-name" data-png-text>
        {m.entry.name}
      </span>
      {m.keyParams && (
        <span className="legend-params" data-png-text>
          {m.keyParams}
        </span>
      )}
      {m.stale && (
        <span className="badge stale" data-png-text title={m.stale}>
          stale
        </span>
      )}
      {m.error && (
        <span className="badge error" data-png-text title={m.error}>
          {m.errorStep !== null ? `stops at step ${m.errorStep}` : 'error'}
        </span>
      )}
      {offChart && (
        <span className="badge error" data-png-text title="It rises far above the other curves: the y axis fits them">
          ↑ off the chart
        </span>
      )}
      {m.pending && <span className="badge pending">updating…</span>}
    </li>
  );
});

export const Legend = memo(function Legend({
  items,
  extra,
  offChart,
}: {
  items: readonly LegendItem[];
  extra?: { label: string; color: string };
  /** Curves running off the top of the y axis (see runawaySeries). */
  offChart?: ReadonlySet<string>;
}) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {items.map(({ model: m, drawn }) => (
        <LegendRow key={m.entry.id} model={m} drawn={drawn} offChart={offChart?.has(m.entry.id) ?? false} />
      ))}
      {extra && (
        <li data-testid="curve-diff">
          <span className="legend-swatch" style={{ borderTopColor: extra.color }} data-png-swatch aria-hidden="true" />
          <span className="legend-name" data-png-text>
            {extra.label}
          </span>
        </li>
      )}
    </ul>
  );
});
