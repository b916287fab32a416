/** The engine's presets as the Presets panel offers them: valid specs, valid settings. */
import { describe, expect, test } from 'vitest';
import { presets } from '../../src/schedules/presets';
import { designedHorizon, readPresets } from '../../src/ui/Presets';

describe('readPresets', () => {
  test('every engine preset is usable, with its own stepping and the horizon it was made for', () => {
    const out = readPresets(presets);
    expect(out.length).toBe(presets.length);
    for (const p of out) expect(p.problem, p.preset.id).toBeNull();
    const ocr = out.find((p) => p.preset.id === 'paddleocr-cosine-warmup');
    expect(ocr).toMatchObject({ stepping: 'iteration', horizon: { totalSteps: 2000, stepsPerEpoch: 100 } });
    expect(out.find((p) => p.preset.id === 'sgdr')?.stepping).toBe('epoch');
  });

  test('the designed-for horizon is kept only where it differs from the studio\'s', () => {
    const current = { totalSteps: 1000, stepsPerEpoch: 10 };
    expect(designedHorizon({ totalSteps: 1000, stepsPerEpoch: 10 }, current)).toBeUndefined();
    expect(designedHorizon({ totalSteps: 1000 }, current)).toBeUndefined();
    expect(designedHorizon({ totalSteps: 100_000 }, current)).toEqual({ totalSteps: 100_000, stepsPerEpoch: 10 });
    expect(designedHorizon({ totalSteps: 6250, stepsPerEpoch: 125 }, current)).toEqual({ totalSteps: 6250, stepsPerEpoch: 125 });
  });

  test('an invalid spec or setting is caught, not applied', () => {
    const [bad] = readPresets([
      {
        id: 'x',
        name: 'Broken',
        description: '',
        source: '',
        spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 'x' } },
        suggestedSteps: -5,
        stepping: 'epoch',
      },
    ]);
    expect(bad.problem).toMatch(/step_size/);
    expect(bad.horizon).toEqual({});
    expect(bad.stepping).toBe('epoch');
  });
});
