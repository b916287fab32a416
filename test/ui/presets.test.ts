/** The engine's presets as the Presets panel offers them: valid specs, valid settings. */
import { describe, expect, test } from 'vitest';
import { presets } from '../../src/schedules/presets';
import { readPresets } from '../../src/ui/Presets';

describe('readPresets', () => {
  test('every engine preset is usable, with the settings it was made for', () => {
    const out = readPresets(presets);
    expect(out.length).toBe(presets.length);
    for (const p of out) expect(p.problem, p.preset.id).toBeNull();
    const ocr = out.find((p) => p.preset.id === 'paddleocr-cosine-warmup');
    expect(ocr?.settings).toMatchObject({ stepsPerEpoch: 100, stepping: 'iteration' });
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
    expect(bad.settings).toEqual({ stepping: 'epoch' });
  });
});
