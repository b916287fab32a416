import { describe, expect, it } from 'vitest';
import { evaluate, type ScheduleSpec } from '../../src/schedules';
import { diffNotes } from '../../src/ui/chart/notes';
import { diffValues, type SeriesModel } from '../../src/ui/chart/series';

const model = (name: string, spec: ScheduleSpec) => ({ entry: { name, spec } }) as unknown as SeriesModel;

describe('the diff view says what a difference means', () => {
  const torch: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 1000, eta_min: 0 } };
  const keras: ScheduleSpec = { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 1000 } };

  it('calls a float32 framework against a float64 one equal to float32 precision, not different', () => {
    const a = evaluate(keras, 1000);
    const b = evaluate(torch, 1000);
    const d = diffValues(a, b, 'difference');
    expect(d.identical).toBeLessThan(1000); // they really differ in the last bits
    const [note] = diffNotes(model('Keras', keras), model('PyTorch', torch), d);
    expect(note.text).toMatch(/^Keras and PyTorch are equal to float32 precision at all 1,000 steps \(largest difference [\d.e-]+ of the peak, within 4 float32 ulps\): Keras computes in float32, PyTorch in float64\./);
  });

  it('reports a real difference as one', () => {
    const other: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 900, eta_min: 0 } };
    const d = diffValues(evaluate(torch, 1000), evaluate(other, 1000), 'ratio');
    const [note] = diffNotes(model('A', torch), model('B', other), d);
    expect(note.text).toMatch(/^A and B are identical at 1 of 1,000 steps; the largest \|A − B\| is/);
  });

  it('a float32 pair that differs beyond rounding is not excused', () => {
    const k2: ScheduleSpec = { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 999 } };
    const d = diffValues(evaluate(keras, 1000), evaluate(k2, 1000), 'difference');
    expect(d.maxRel).toBeGreaterThan(1e-6);
    expect(diffNotes(model('A', keras), model('B', k2), d)[0].text).not.toContain('float32 precision');
  });
});
