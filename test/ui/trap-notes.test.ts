/** The chart's notes carry the definitions' jax.jit traps, for the schedule's own steps (epochs where it steps per epoch). */
import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../src/schedules';
import { chartNotes } from '../../src/ui/chart/notes';
import type { SeriesModel } from '../../src/ui/chart/series';

const model = (spec: ScheduleSpec, length: number, stepping: 'iteration' | 'epoch' = 'iteration') =>
  ({ entry: { id: 'a', name: 'Optax', spec, stepping }, length, stale: null, error: null, errorStep: null, stats: null }) as unknown as SeriesModel;

describe('jax.jit traps under the chart', () => {
  const staircase: ScheduleSpec = {
    scheduler: 'optax.warmup_exponential_decay_schedule',
    params: { init_value: 0, peak_value: 1, warmup_steps: 300, transition_steps: 122, decay_rate: 0.5, staircase: true },
  };

  it('a staircase whose drops move under jit has a note naming the counts', () => {
    const notes = chartNotes([model(staircase, 1000)], 'linear', 100, false);
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/^Optax: Under jax\.jit .* at count 423 instead of 422/)]);
    expect(notes[0].kind).toBe('info');
  });

  it('none before the first moved drop, and none for a staircase stepped per epoch over only 10 epochs', () => {
    expect(chartNotes([model(staircase, 400)], 'linear', 100, false)).toEqual([]);
    expect(chartNotes([model(staircase, 1000, 'epoch')], 'linear', 100, true)).toEqual([]);
  });
});
