/** The metric plateau schedules watch in the preview: chosen per schedule, independent of the horizon. */
import { describe, expect, test } from 'vitest';
import { computeCurve, DEFAULT_METRIC, metricPerUpdate, metricValues, readMetricCsv, reductionSteps } from '../../src/curves';
import { parseCsv } from '../../src/util/csv';
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

describe('a metric from a CSV file', () => {
  test('the parser: quoted fields with commas, doubled quotes and line breaks; CRLF; a byte-order mark; an unclosed quote is an error', () => {
    expect(parseCsv('\ufeffa,b\r\n1,"x, ""y"""\r\n2,"two\nlines"\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'two\nlines'],
    ]);
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/opened on line 2 is never closed/);
  });

  test('a TensorBoard export: Wall time, Step, Value; Value is picked, one value per row', () => {
    const csv = 'Wall time,Step,Value\n1700000000.5,0,2.5\n1700000001.5,100,2.25\n1700000002.5,200,2.0\n';
    const r = readMetricCsv(csv);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.columns.map((c) => c.name)).toEqual(['Wall time', 'Step', 'Value']);
    expect(r.suggested).toBe('Value');
    expect(r.columns[2].values).toEqual([2.5, 2.25, 2.0]);
  });

  test('a W&B export: Step, "<run> - <metric>" and its __MIN/__MAX bands; the metric is picked, empty cells skipped, quoted names read', () => {
    const csv = [
      'Step,"run-1 - val/loss, smoothed","run-1 - val/loss, smoothed__MIN","run-1 - val/loss, smoothed__MAX"',
      '1,0.9,0.8,1.0',
      '2,,,',
      '3,0.7,0.6,0.8',
    ].join('\n');
    const r = readMetricCsv(csv);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.suggested).toBe('run-1 - val/loss, smoothed');
    expect(r.columns.find((c) => c.name === r.suggested)!.values).toEqual([0.9, 0.7]);
    expect(r.columns).toHaveLength(4);
  });

  test('a column of numbers without a header; the errors say why in words', () => {
    expect(readMetricCsv('1.5\n1.2\n1e-1\n')).toEqual({ ok: true, columns: [{ name: 'column 1', values: [1.5, 1.2, 0.1] }], suggested: 'column 1' });
    expect(readMetricCsv('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(readMetricCsv('\n\n ,\n')).toEqual({ ok: false, error: 'the file is empty' });
    expect(readMetricCsv('Step,Value\n')).toEqual({ ok: false, error: 'the file has a header (Step, Value) but no rows of values' });
    expect(readMetricCsv('name,loss\na,high\nb,low\n')).toEqual({ ok: false, error: 'no column holds only numbers (columns: name, loss)' });
    // A column with a word, a NaN or an overflow in it is not a metric column.
    const mixed = readMetricCsv('Step,Value,Other\n0,1,nan\n1,2,1e999\n');
    expect(mixed.ok && mixed.columns.map((c) => c.name)).toEqual(['Step', 'Value']);
    expect(readMetricCsv('a\n"1,\n')).toEqual({ ok: false, error: 'not a readable CSV: a quoted field opened on line 2 is never closed' });
  });

  test('a loaded column drives a plateau schedule like pasted values, and is saved in the link with its file and column; so is a run\'s loss', () => {
    const csv = { kind: 'csv' as const, file: 'loss.csv', column: 'Value', values: [1, 1, 1, 1, 1, 1, 1] };
    const c = computeCurve(PLATEAU, { totalSteps: 14, stepsPerEpoch: 1, stepping: 'epoch', metric: csv }, true);
    expect(reductionSteps(c.values)).toEqual([3, 6, 9, 12]);
    expect(Array.from(metricValues(csv, 9))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const [a, b] = defaultSchedules();
    const run = { kind: 'run' as const, run: 'StepLR (seed 1)', values: [2.1, 1.7, 1.5] };
    expect(Array.from(metricValues(run, 5))).toEqual([2.1, 1.7, 1.5, 1.5, 1.5]);
    const doc = {
      schedules: [
        { ...a, spec: PLATEAU, metric: csv },
        { ...b, spec: PLATEAU, metric: run },
      ],
      settings: DEFAULT_SETTINGS,
      selectedId: a.id,
      training: DEFAULT_TRAINING_SETUP,
    };
    const back = readDocument(JSON.parse(JSON.stringify(toStored(doc))));
    expect(back.warnings).toEqual([]);
    expect(back.doc.schedules.map((e) => e.metric)).toEqual([csv, run]);
    const stored = toStored(doc);
    const bad = readDocument({ ...stored, schedules: [{ ...stored.schedules[0], metric: { kind: 'csv', file: 'x.csv', values: [1] } }, stored.schedules[1]] });
    expect(bad.doc.schedules[0].metric).toBeUndefined();
    expect(bad.doc.schedules[1].metric).toEqual(run);
  });
});
