/** The metric plateau schedules watch in the preview: chosen per schedule, independent of the horizon. */
import { describe, expect, test } from 'vitest';
import { computeCurve, DEFAULT_METRIC, metricPerUpdate, metricValues, reductionSteps } from '../../src/curves';
import { readDocument, toStored } from '../../src/state/schema';
import { defaultSchedules, DEFAULT_SETTINGS } from '../../src/state/studio';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';

const PLATEAU = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, mode: 'min', factor: 0.1, patience: 2 } };

describe('metric sources', () => {
  test('a constant metric gives the PyTorch docs table (lr 0.1, factor 0.1, patience 2, 14 epochs)', () => {
    const c = computeCurve(PLATEAU, { totalSteps: 14, stepsPerEpoch: 1, stepping: 'epoch', metric: { kind: 'constant', value: 1 } }, true);
    const expected = [0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 1e-4, 1e-4, 1e-4, 1e-5];
    expect(Array.from(c.values, (v) => Number(v.toPrecision(12)))).toEqual(expected);
    expect(reductionSteps(c.values)).toEqual([3, 6, 9, 12]);
  });

  test('the synthetic loss does not move with the horizon; its noise is seeded', () => {
    const short = metricValues(DEFAULT_METRIC, 100);
    const long = metricValues(DEFAULT_METRIC, 1000);
    expect(Array.from(long.subarray(0, 100))).toEqual(Array.from(short));
    expect(short[0]).toBe(2.2);
    const noisy = { kind: 'synthetic' as const, start: 2, floor: 0.5, speed: 0.1, noise: 0.05, seed: 7 };
    expect(Array.from(metricValues(noisy, 50))).toEqual(Array.from(metricValues(noisy, 50)));
    expect(Array.from(metricValues({ ...noisy, seed: 8 }, 50))).not.toEqual(Array.from(metricValues(noisy, 50)));
    // The reductions of the default loss come at the same step on any horizon.
    const at = (n: number) => reductionSteps(computeCurve(PLATEAU, { totalSteps: n, stepsPerEpoch: 10, stepping: 'iteration' }, true).values)[0];
    expect(at(1000)).toBe(at(5000));
  });

  test('pasted values hold their last value past their end; per update with epoch stepping', () => {
    expect(Array.from(metricValues({ kind: 'values', values: [3, 2, 1] }, 5))).toEqual([3, 2, 1, 1, 1]);
    const perUpdate = metricPerUpdate({ totalSteps: 7, stepsPerEpoch: 3, stepping: 'epoch', metric: { kind: 'values', values: [3, 2, 1] } });
    expect(Array.from(perUpdate)).toEqual([3, 3, 3, 2, 2, 2, 1]);
  });

  test('a schedule\'s metric is saved in the link; an unreadable one costs only the metric, with a warning', () => {
    const [a, b] = defaultSchedules();
    const doc = {
      schedules: [a, { ...b, spec: PLATEAU, metric: { kind: 'values' as const, values: [1, 0.5, 0.5] } }],
      settings: DEFAULT_SETTINGS,
      selectedId: a.id,
      training: DEFAULT_TRAINING_SETUP,
    };
    const back = readDocument(JSON.parse(JSON.stringify(toStored(doc))));
    expect(back.warnings).toEqual([]);
    expect(back.doc.schedules[1].metric).toEqual({ kind: 'values', values: [1, 0.5, 0.5] });
    const stored = toStored(doc);
    const bad = readDocument({ ...stored, schedules: [stored.schedules[0], { ...stored.schedules[1], metric: { kind: 'values', values: [] } }] });
    expect(bad.doc.schedules).toHaveLength(2);
    expect(bad.doc.schedules[1].metric).toBeUndefined();
    expect(bad.warnings[0]).toMatch(/its metric was unreadable .*; it watches the default synthetic loss/);
  });
});
