/** The chart's view controls: curves or diff (A relative to B), and the y axis scale. */
import type { YScale } from './scale';
import type { DiffMode, SeriesModel } from './series';

export interface DiffChoice {
  on: boolean;
  a: string | null;
  b: string | null;
  mode: DiffMode;
}

export interface ViewControlsProps {
  diff: DiffChoice;
  onDiff(d: DiffChoice): void;
  models: readonly SeriesModel[];
  /** The resolved pair when the diff view is on. */
  diffA: SeriesModel | null;
  diffB: SeriesModel | null;
  yScale: YScale;
  onYScale(v: YScale): void;
}

export function ViewControls({ diff, onDiff, models, diffA, diffB, yScale, onYScale }: ViewControlsProps) {
  const diffOn = diffA !== null && diffB !== null;
  return (
    <>
      <fieldset className="seg">
        <legend>View</legend>
        <label>
          <input type="radio" name="chart-view" checked={!diff.on} onChange={() => onDiff({ ...diff, on: false })} />
          Curves
        </label>
        <label title={models.length < 2 ? 'Needs two visible schedules' : undefined}>
          <input
            type="radio"
            name="chart-view"
            checked={diff.on}
            disabled={models.length < 2}
            onChange={() => onDiff({ ...diff, on: true })}
          />
          Diff
        </label>
      </fieldset>
      {diffOn ? (
        <fieldset className="seg diff-controls">
          <legend>Diff</legend>
          <select aria-label="Diff: schedule A" title={diffA.entry.name} value={diffA.entry.id} onChange={(e) => onDiff({ ...diff, a: e.target.value })}>
            {models.map((m) => (
              <option key={m.entry.id} value={m.entry.id}>
                {m.entry.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Diff: operation"
            value={diff.mode}
            onChange={(e) => onDiff({ ...diff, mode: e.target.value as DiffMode })}
          >
            <option value="ratio">÷ (ratio)</option>
            <option value="difference">− (difference)</option>
          </select>
          <select aria-label="Diff: schedule B" title={diffB.entry.name} value={diffB.entry.id} onChange={(e) => onDiff({ ...diff, b: e.target.value })}>
            {models
              .filter((m) => m !== diffA)
              .map((m) => (
                <option key={m.entry.id} value={m.entry.id}>
                  {m.entry.name}
                </option>
              ))}
          </select>
        </fieldset>
      ) : (
        <fieldset className="seg">
          <legend>Y axis</legend>
          <label>
            <input
              type="radio"
              name="chart-y-scale"
              checked={yScale === 'linear'}
              onChange={() => onYScale('linear')}
            />
            Linear
          </label>
          <label>
            <input type="radio" name="chart-y-scale" checked={yScale === 'log'} onChange={() => onYScale('log')} />
            Log
          </label>
        </fieldset>
      )}
    </>
  );
}
