/**
 * A schedule's own stepping ("Stepping": every iteration / every epoch) and, for a schedule added
 * from a preset made for another horizon, a note saying so with a one-click offer to adopt that
 * horizon, which can be undone. Neither changes any other schedule's curve; adopting the horizon
 * changes the experiment's (every curve's) horizon, so it is only ever done on that click.
 */
import { useId, useState } from 'react';
import { STEPPINGS, type Stepping } from '../schedules';
import { useStudio, type Horizon, type ScheduleEntry } from '../state/studio';
import { describeHorizon, sameHorizon } from './Presets';

const STEPPING_TEXT: Record<Stepping, string> = {
  iteration: 'every iteration',
  epoch: 'every epoch',
};

export function SteppingField({ entry }: { entry: ScheduleEntry }) {
  const id = useId();
  const setStepping = useStudio((s) => s.setStepping);
  return (
    <div className="setting schedule-stepping">
      <label htmlFor={id}>Stepping</label>
      <select id={id} value={entry.stepping} onChange={(e) => setStepping(entry.id, e.target.value as Stepping)} aria-describedby={`${id}-hint`}>
        {STEPPINGS.map((s) => (
          <option key={s} value={s}>
            {STEPPING_TEXT[s]}
          </option>
        ))}
      </select>
      <span className="muted small" id={`${id}-hint`}>
        {entry.stepping === 'epoch' ? 'step() once per epoch; its value holds across the epoch' : 'step() after every optimizer update'}
      </span>
    </div>
  );
}

/** The horizon the schedule's preset was made for, where it differs from the studio's, with "use it" and undo. */
export function DesignedForNote({ entry }: { entry: ScheduleEntry }) {
  const horizon = useStudio((s) => s.settings);
  const updateSettings = useStudio((s) => s.updateSettings);
  const clearDesignedFor = useStudio((s) => s.clearDesignedFor);
  /** The horizon before "use it" was clicked, while its undo is offered. */
  const [undo, setUndo] = useState<{ entryId: string; previous: Horizon } | null>(null);
  const current: Horizon = { totalSteps: horizon.totalSteps, stepsPerEpoch: horizon.stepsPerEpoch };
  const designed = entry.designedFor;
  const undoHere = undo && undo.entryId === entry.id ? undo : null;
  if (undoHere) {
    return (
      <p className="horizon-note" role="status" data-testid="horizon-note">
        The horizon is now {describeHorizon(current)}, as this preset was made for (every schedule is drawn over it).{' '}
        <button
          type="button"
          onClick={() => {
            updateSettings(undoHere.previous);
            setUndo(null);
          }}
        >
          Undo: back to {describeHorizon(undoHere.previous)}
        </button>{' '}
        <button type="button" onClick={() => setUndo(null)}>
          OK
        </button>
      </p>
    );
  }
  if (!designed || sameHorizon(designed, current)) return null;
  return (
    <p className="horizon-note" data-testid="horizon-note">
      This preset was made for {describeHorizon(designed)}; the studio shows {describeHorizon(current)}.{' '}
      <button
        type="button"
        onClick={() => {
          setUndo({ entryId: entry.id, previous: current });
          updateSettings({ totalSteps: designed.totalSteps, stepsPerEpoch: designed.stepsPerEpoch });
        }}
      >
        Use {describeHorizon(designed)}
      </button>{' '}
      <button type="button" onClick={() => clearDesignedFor(entry.id)} aria-label="Dismiss: keep the studio's horizon">
        Keep {describeHorizon(current)}
      </button>
    </p>
  );
}
