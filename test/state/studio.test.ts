/** The studio store: list actions, drafts and the last valid spec, and cheap edits. */
import { beforeEach, describe, expect, test } from 'vitest';
import { defaultSchedules, DEFAULT_SETTINGS, initialSpec, uniqueName, useStudio } from '../../src/state/studio';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';
import { evaluate } from '../../src/schedules';
import { translateSpec } from '../../src/schedules/equivalences';

const get = () => useStudio.getState();

beforeEach(() => {
  const schedules = defaultSchedules();
  get().hydrate({ schedules, settings: DEFAULT_SETTINGS, selectedId: schedules[0].id, training: DEFAULT_TRAINING_SETUP });
});

describe('schedule list actions', () => {
  test('add, duplicate, rename, recolor, hide, reorder, remove, restore', () => {
    const id = get().addScheduler('torch.CosineAnnealingLR');
    let s = get();
    expect(s.schedules.map((e) => e.name)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)', 'CosineAnnealingLR (PyTorch)']);
    expect(s.selectedId).toBe(id);
    // Fitted to the 1000-step horizon: one cosine over the chart, not the example's T_max of 100.
    expect(s.schedules[2].spec).toEqual({ scheduler: 'torch.CosineAnnealingLR', params: { ...initialSpec('torch.CosineAnnealingLR').params, T_max: 1000 } });
    expect(new Set(s.schedules.map((e) => e.color)).size).toBe(3);

    const copy = get().duplicateSchedule(id)!;
    s = get();
    expect(s.schedules[3].id).toBe(copy);
    expect(s.schedules[3].name).toBe('CosineAnnealingLR (PyTorch) (copy)');
    expect(s.schedules[3].spec).toEqual(s.schedules[2].spec);
    expect(s.schedules[3].spec).not.toBe(s.schedules[2].spec);

    get().renameSchedule(copy, '  Cosine B  ');
    get().recolorSchedule(copy, '#ABCDEF');
    get().recolorSchedule(copy, 'red; background: url(x)');
    get().renameSchedule(copy, '   ');
    get().toggleVisible(copy);
    s = get();
    expect(s.schedules[3]).toMatchObject({ name: 'Cosine B', color: '#abcdef', visible: false });

    get().moveSchedule(copy, -3);
    expect(get().schedules.map((e) => e.name)[0]).toBe('Cosine B');
    get().moveSchedule(copy, -1);
    expect(get().schedules[0].id).toBe(copy);

    const removed = get().schedules[0];
    get().removeSchedule(copy);
    expect(get().schedules.some((e) => e.id === copy)).toBe(false);
    expect(get().selectedId).toBe(get().schedules[0].id);
    get().restoreSchedule(removed, 0);
    expect(get().schedules[0]).toBe(removed);
  });

  test('names stay distinct', () => {
    expect(uniqueName('A', ['A', 'A 2'])).toBe('A 3');
    get().addScheduler('torch.StepLR');
    expect(get().schedules.map((e) => e.name)).toContain('StepLR (PyTorch) 2');
  });

  test('an equivalent is added with the translated spec (the docs panel passes translateSpec\'s)', () => {
    const from = get().schedules[0].spec; // hf.cosine with warmup
    const t = translateSpec(from, 'keras.CosineDecay')!;
    const id = get().addScheduler('keras.CosineDecay', t.spec);
    const entry = get().schedules.find((e) => e.id === id)!;
    expect(entry.spec).toEqual(t.spec);
    expect(entry.name).toBe('CosineDecay (Keras)');
    const n = t.coincide.to + 1;
    const [a, b] = [evaluate(from, n), evaluate(entry.spec, n)];
    for (let i = 0; i < n; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-7);
  });
});

describe('editing a spec', () => {
  test('a valid edit replaces only that entry (others keep their identity)', () => {
    const before = get().schedules;
    const err = get().editSpec('steplr', { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 100, gamma: 0.5 } });
    const after = get().schedules;
    expect(err).toBeNull();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].spec.params).toEqual({ lr: 0.1, step_size: 100, gamma: 0.5 });
    expect(get().invalid).toEqual({});
  });

  test('an invalid edit keeps the last valid spec, stores the draft and the engine message', () => {
    const valid = get().schedules[1].spec;
    const draft = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 'abc', gamma: 0.1 } };
    const err = get().editSpec('steplr', draft);
    expect(err?.message).toMatch(/^step_size: must be an integer/);
    expect(get().schedules[1].spec).toBe(valid);
    expect(get().drafts.steplr).toBe(draft);
    expect(get().invalid.steplr).toMatch(/step_size/);

    // Fixing it clears the draft and the stale mark.
    get().editSpec('steplr', { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 50 } });
    expect(get().drafts).toEqual({});
    expect(get().invalid).toEqual({});
    expect(get().schedules[1].spec.params).toEqual({ lr: 0.1, step_size: 50 });
  });

  test('discarding a draft returns to the last valid values; removing an entry forgets its draft', () => {
    get().editSpec('steplr', { scheduler: 'torch.StepLR', params: { lr: -1, step_size: 3 } });
    expect(get().invalid.steplr).toBeDefined();
    get().discardDraft('steplr');
    expect(get().invalid).toEqual({});
    get().editSpec('steplr', { scheduler: 'torch.StepLR', params: { lr: -1, step_size: 3 } });
    get().removeSchedule('steplr');
    expect(get().drafts).toEqual({});
    expect(get().invalid).toEqual({});
  });

  test('a duplicate carries the draft being typed', () => {
    get().editSpec('steplr', { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 'x' } });
    const copy = get().duplicateSchedule('steplr')!;
    expect(get().drafts[copy]).toEqual(get().drafts.steplr);
    expect(get().invalid[copy]).toBe(get().invalid.steplr);
  });

  test('settings update by patch', () => {
    get().updateSettings({ totalSteps: 5000, stepsPerEpoch: 50 });
    expect(get().settings).toEqual({ ...DEFAULT_SETTINGS, totalSteps: 5000, stepsPerEpoch: 50 });
  });
});
