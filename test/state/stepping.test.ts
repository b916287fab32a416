/**
 * Stepping per schedule: one horizon for the experiment, each schedule stepped as it says. Adding
 * (every preset, one after another), duplicating or removing a schedule, or changing one's
 * stepping, never changes another schedule's curve nor the horizon.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { computeCurve, CurveManager, entrySettings } from '../../src/curves';
import { evaluate } from '../../src/schedules';
import { presets } from '../../src/schedules/presets';
import { defaultSchedules, DEFAULT_SETTINGS, useStudio, type ScheduleEntry } from '../../src/state/studio';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import { addPreset, readPresets } from '../../src/ui/Presets';

const get = () => useStudio.getState();

/** Every entry's curve as the chart computes it (its own stepping, the shared horizon). */
function curves(): Map<string, Float64Array> {
  const { schedules, settings } = get();
  return new Map(schedules.map((e) => [e.id, computeCurve(e.spec, entrySettings(e, settings)).values]));
}

function expectUnchanged(before: Map<string, Float64Array>, after: Map<string, Float64Array>) {
  for (const [id, values] of before) {
    if (!after.has(id)) continue;
    expect(Array.from(after.get(id)!), id).toEqual(Array.from(values));
  }
}

beforeEach(() => {
  const schedules = defaultSchedules();
  get().hydrate({ schedules, settings: DEFAULT_SETTINGS, selectedId: schedules[0].id, training: DEFAULT_TRAINING_SETUP });
});

describe('stepping per schedule', () => {
  test('each schedule is computed with its own stepping over the one horizon', () => {
    const spec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.5 } };
    get().updateSettings({ totalSteps: 95, stepsPerEpoch: 10 });
    const perUpdate = get().addSchedule(spec, 'per update');
    const perEpoch = get().addSchedule(spec, 'per epoch', { stepping: 'epoch' });
    const c = curves();
    expect(Array.from(c.get(perUpdate)!)).toEqual(Array.from(evaluate(spec, 95)));
    const epochValues = evaluate(spec, 10);
    expect(Array.from(c.get(perEpoch)!)).toEqual(Array.from({ length: 95 }, (_, i) => epochValues[Math.floor(i / 10)]));
  });

  test('adding every preset one after another changes no other curve and not the horizon', () => {
    const items = readPresets(presets);
    for (const it of items) {
      const before = curves();
      const settings = get().settings;
      const { id, designedFor } = addPreset(it);
      expect(get().settings, it.preset.id).toBe(settings);
      const entry = get().schedules.find((e) => e.id === id)!;
      expect(entry.stepping, it.preset.id).toBe(it.preset.stepping ?? 'iteration');
      // Where it was made for another horizon, the entry says which (for the editor's offer).
      if (it.preset.suggestedSteps !== undefined && it.preset.suggestedSteps !== settings.totalSteps) {
        expect(designedFor?.totalSteps, it.preset.id).toBe(it.preset.suggestedSteps);
        expect(entry.designedFor).toEqual(designedFor);
      }
      const after = curves();
      expect(after.size).toBe(before.size + 1);
      expectUnchanged(before, after);
    }
    expect(get().schedules).toHaveLength(2 + presets.length);
  });

  test('duplicating, removing or changing one schedule\'s stepping leaves the others as they were', () => {
    const sgdr = readPresets(presets).find((p) => p.preset.id === 'sgdr')!;
    const { id } = addPreset(sgdr);
    let before = curves();
    const copy = get().duplicateSchedule(id)!;
    const dup = get().schedules.find((e) => e.id === copy)!;
    expect(dup.stepping).toBe('epoch');
    expect(Array.from(curves().get(copy)!)).toEqual(Array.from(before.get(id)!));
    expectUnchanged(before, curves());

    before = curves();
    get().setStepping(copy, 'iteration');
    const after = curves();
    expect(Array.from(after.get(copy)!)).not.toEqual(Array.from(before.get(copy)!));
    before.delete(copy);
    expectUnchanged(before, after);

    before = curves();
    get().removeSchedule('steplr');
    expectUnchanged(before, curves());
  });

  test('an equivalent added from the docs panel steps as the schedule it translates', () => {
    const id = get().addScheduler('keras.CosineDecay', { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 50 } }, { stepping: 'epoch' });
    expect(get().schedules.find((e) => e.id === id)?.stepping).toBe('epoch');
    const plain = get().addScheduler('torch.StepLR');
    expect(get().schedules.find((e) => e.id === plain)?.stepping).toBe('iteration');
  });

  test('the curve manager recomputes only the entry whose stepping changed', () => {
    let calls = 0;
    const manager = new CurveManager({
      compute: (spec, settings) => {
        calls++;
        return { spec, settingsKey: '', curve: computeCurve(spec, settings), stats: null, ms: 0 };
      },
    });
    const entries: ScheduleEntry[] = defaultSchedules();
    manager.update(entries, DEFAULT_SETTINGS);
    expect(calls).toBe(2);
    const changed = entries.map((e) => (e.id === 'steplr' ? { ...e, stepping: 'epoch' as const } : e));
    manager.update(changed, DEFAULT_SETTINGS);
    expect(calls).toBe(3);
    const values = manager.getSnapshot().results.get('steplr')!.curve.values;
    expect(values[0]).toBe(0.1);
    // StepLR(step_size=300) stepped per epoch of 10 updates: no decay within 1,000 updates.
    expect(values[999]).toBe(0.1);
    manager.dispose();
  });
});
