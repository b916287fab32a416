/** Reading the engine's presets, whatever shape they come in, before the Presets panel offers them. */
import { describe, expect, test } from 'vitest';
import { readPresets } from '../../src/ui/Presets';

describe('readPresets', () => {
  test('one spec or a list of schedules, with the settings the preset was made for', () => {
    const out = readPresets([
      { id: 'noam', name: 'Noam', spec: { scheduler: 'paddle.NoamDecay', params: { d_model: 512, warmup_steps: 4000 } }, settings: { totalSteps: 20000 } },
      {
        name: 'Two',
        description: 'a pair',
        schedules: [
          { name: 'A', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } } },
          { scheduler: 'torch.ExponentialLR', params: { lr: 0.1, gamma: 0.9 } },
        ],
        settings: { totalSteps: -1, stepping: 'epoch', nonsense: 1 },
      },
      { name: 'Broken', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 'x' } } },
      'junk',
      { name: 'empty' },
    ]);
    expect(out.map((p) => p.name)).toEqual(['Noam', 'Two', 'Broken']);
    expect(out[0]).toMatchObject({ id: 'noam', settings: { totalSteps: 20000 }, problem: null });
    expect(out[0].items).toEqual([{ name: 'Noam', spec: { scheduler: 'paddle.NoamDecay', params: { d_model: 512, warmup_steps: 4000 } } }]);
    expect(out[1].items.map((i) => i.name)).toEqual(['A', 'ExponentialLR (PyTorch)']);
    expect(out[1].settings).toEqual({ stepping: 'epoch' });
    expect(out[2].problem).toMatch(/step_size/);
  });

  test('a record of presets and nothing at all', () => {
    expect(readPresets({ a: { spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } } } })[0].name).toBe('StepLR (PyTorch)');
    expect(readPresets(undefined)).toEqual([]);
  });
});
