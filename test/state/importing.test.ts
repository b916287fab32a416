/** Adding an import: the settings it sets (in words before it is added) and the one store action, with undo. */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test } from 'vitest';
import { importSchedules } from '../../src/import';
import { MAX_STEPS } from '../../src/schedules';
import { planImport } from '../../src/state/importing';
import { defaultSchedules, DEFAULT_SETTINGS, useStudio } from '../../src/state/studio';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';

const get = () => useStudio.getState();
const fixture = (name: string) => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');
const torchSequential = () => importSchedules(fixture('torch-sequential.py'));

beforeEach(() => {
  const schedules = defaultSchedules();
  get().hydrate({ schedules, settings: DEFAULT_SETTINGS, selectedId: schedules[0].id, training: DEFAULT_TRAINING_SETUP });
});

describe('planImport', () => {
  test('a run in updates: its total and epoch size become the settings, said in words', () => {
    const r = importSchedules(fixture('hf-llama-factory.yaml'), { datasetSize: 10_000 });
    const plan = planImport(DEFAULT_SETTINGS, r);
    expect(plan.settings).toEqual({ ...DEFAULT_SETTINGS, totalSteps: 1875, stepsPerEpoch: 625 });
    expect(plan.changes).toEqual(['Total steps: 1,000 → 1,875.', 'Steps per epoch: 10 → 625.']);
  });

  test('a run in epochs without an epoch size keeps the studio’s and says so; the stepping stays the schedule’s own', () => {
    const plan = planImport({ ...DEFAULT_SETTINGS, stepsPerEpoch: 20 }, torchSequential());
    expect(plan.settings).toEqual({ ...DEFAULT_SETTINGS, totalSteps: 2000, stepsPerEpoch: 20 });
    expect(plan.changes).toEqual([
      'Total steps: 1,000 → 2,000.',
      'Steps per epoch: kept at 20 (the input does not say; set it in the run context).',
    ]);
  });

  test('no run length: the total is kept, and said to be; a run past the studio’s limit is cut and said to be', () => {
    const stepLr = importSchedules('s = torch.optim.lr_scheduler.StepLR(opt, step_size=30)\n');
    expect(planImport(DEFAULT_SETTINGS, stepLr).changes).toEqual(['Total steps: kept at 1,000 (the input does not say how long the run is).']);
    const long = planImport(DEFAULT_SETTINGS, { ...stepLr, context: { totalSteps: 3 * MAX_STEPS } });
    expect(long.settings.totalSteps).toBe(MAX_STEPS);
    expect(long.changes[1]).toBe('The run has 30,000,000 updates: the studio shows the first 10,000,000.');
  });

  test('schedules that step differently each keep their own stepping when added', () => {
    const r = torchSequential();
    const mixed = { ...r, schedules: [r.schedules[0], { ...r.schedules[0], name: 'Other', stepping: 'iteration' as const }] };
    get().addImported(mixed);
    const added = get().schedules.slice(-2);
    expect(added.map((e) => [e.name, e.stepping])).toEqual([
      ['SequentialLR', 'epoch'],
      ['Other', 'iteration'],
    ]);
  });
});

describe('addImported / undoImport', () => {
  test('adds every schedule with a distinct name and colour, applies the plan, selects the first; undo puts all back', () => {
    const r = torchSequential();
    const two = { ...r, schedules: [r.schedules[0], r.schedules[0]] };
    const before = get();
    const receipt = get().addImported(two);
    const s = get();
    expect(s.schedules.map((e) => e.name)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)', 'SequentialLR', 'SequentialLR 2']);
    expect(new Set(s.schedules.map((e) => e.color)).size).toBe(4);
    expect(s.schedules[2].spec).toEqual(r.schedules[0].spec);
    expect(s.settings).toEqual(planImport(before.settings, two).settings);
    expect(s.selectedId).toBe(receipt.ids[0]);

    get().undoImport(receipt);
    const u = get();
    expect(u.schedules).toEqual(before.schedules);
    expect(u.settings).toEqual(before.settings);
    expect(u.selectedId).toBe(before.selectedId);
  });
});
