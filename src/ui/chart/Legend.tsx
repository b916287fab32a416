/**
 * Legend of the curves: colour, name and key parameters, with stale/error/updating flags. Each
 * entry is a toggle button (the schedule's `visible` flag, as in the list): hidden schedules stay
 * in the legend, struck through, so they can be shown again. Names are never cut: they wrap, and
 * the full name and parameters are on hover.
 */
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

/** A schedule the legend lists but the chart does not draw (its `visible` flag is off). */
export interface HiddenItem {
  id: string;
  name: string;
  color: string;
}

/** One entry; memoized so that a slider input re-renders the edited schedule's entry only. */
const LegendRow = memo(function LegendRow({
  model: m,
  drawn,
  offChart,
  onToggle,
}: Pick<LegendItem, 'model' | 'drawn'> & { offChart: boolean; onToggle?(id: string): void }) {
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
      <button
        type="button"
        className="legend-toggle"
        aria-pressed="true"
        title={`${m.entry.name}${m.keyParams ? ` · ${m.keyParams}` : ''} (click to hide)`}
        onClick={() => onToggle?.(m.entry.id)}
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
      </button>
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

/** A hidden schedule: struck through and dimmed; not in the PNG export (no data-png marks). */
const HiddenRow = memo(function HiddenRow({ item, onToggle }: { item: HiddenItem; onToggle?(id: string): void }) {
  return (
    <li data-testid={`legend-hidden-${item.id}`} className="legend-hidden">
      <button type="button" className="legend-toggle" aria-pressed="false" title={`${item.name} (hidden: click to show)`} onClick={() => onToggle?.(item.id)}>
        <span className="legend-swatch" style={{ borderTopColor: item.color }} aria-hidden="true" />
        <span className="legend-name">{item.name}</span>
        <span className="sr-only"> (hidden)</span>
      </button>
    </li>
  );
});

/** A legend entry in list order: a drawn curve or a hidden schedule. */
export type LegendEntry = { item: LegendItem; hidden?: undefined } | { item?: undefined; hidden: HiddenItem };

export const Legend = memo(function Legend({
  items,
  extra,
  offChart,
  onToggle,
}: {
  items: readonly LegendEntry[];
  /** Shows or hides a schedule (legend click). */
  onToggle?(id: string): void;
  extra?: { label: string; color: string };
  /** Curves running off the top of the y axis (see runawaySeries). */
  offChart?: ReadonlySet<string>;
}) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {items.map((e) =>
        e.item ? (
          <LegendRow
            key={e.item.model.entry.id}
            model={e.item.model}
            drawn={e.item.drawn}
            offChart={offChart?.has(e.item.model.entry.id) ?? false}
            onToggle={onToggle}
          />
        ) : (
          <HiddenRow key={e.hidden.id} item={e.hidden} onToggle={onToggle} />
        ),
      )}
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
