import { describe, expect, test } from 'vitest';
import { evaluate, evaluateColumns, evaluateMomentum, type ScheduleSpec } from '../../src/schedules';
import {
  buildCsv,
  computeCurve,
  csvChunks,
  csvColumnName,
  csvColumns,
  csvField,
  csvFieldSizes,
  csvSizeEstimate,
  csvStream,
  csvText,
  everyKFor,
  isMetricDriven,
  metricPerUpdate,
  type CsvColumn,
  type CsvSchedule,
  type CsvValues,
} from '../../src/curves';
import { replayWork } from '../../src/schedules/work';
import { parseCsv } from '../csvParse';


describe('CSV export', () => {
  test('one row per step with step, epoch and every schedule at full resolution, numbers exact', () => {
    const specs: ScheduleSpec[] = [
      { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 7 } },
      { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 333, eta_min: 1e-7 } },
      { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 5000 } },
    ];
    const steps = 5000;
    const columns = specs.map((spec, i) => ({ name: `${spec.scheduler} #${i}`, values: evaluate(spec, steps) }));
    const rows = parseCsv(buildCsv(columns, steps, 32));
    expect(rows[0]).toEqual(['step', 'epoch', ...columns.map((c) => c.name)]);
    expect(rows.length).toBe(steps + 1);
    for (let i = 0; i < steps; i++) {
      const r = rows[i + 1];
      expect(r.length).toBe(2 + columns.length);
      expect(Number(r[0])).toBe(i);
      expect(Number(r[1])).toBe(Math.floor(i / 32));
      // Not decimated, not rounded: every cell reads back as the very same double.
      for (let c = 0; c < columns.length; c++) expect(Number(r[2 + c])).toBe(columns[c].values[i]);
    }
  });

  test('epoch stepping: the CSV holds the per-iteration values the chart draws', () => {
    const spec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.5 } };
    const settings = { totalSteps: 95, stepsPerEpoch: 10, stepping: 'epoch' as const };
    const curve = computeCurve(spec, settings);
    const perEpoch = evaluate(spec, 10);
    const rows = parseCsv(buildCsv([{ name: 'StepLR', stepping: 'epoch', values: curve.values }], 95, 10));
    expect(rows.length).toBe(96);
    // The header says how each column's schedule steps.
    expect(rows[0]).toEqual(['step', 'epoch', 'StepLR (every epoch)']);
    for (let i = 0; i < 95; i++) {
      expect(Number(rows[i + 1][1])).toBe(Math.floor(i / 10));
      expect(Number(rows[i + 1][2])).toBe(perEpoch[Math.floor(i / 10)]);
    }
  });

  test('names with commas, quotes and line breaks are quoted; the header names each schedule', () => {
    const names = ['Warmup, then cosine', 'He said "fast"', 'two\nlines', ' padded '];
    const text = buildCsv(
      names.map((name) => ({ name, values: [0.1, 0.2] })),
      2,
      1,
    );
    expect(parseCsv(text)[0]).toEqual(['step', 'epoch', ...names]);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  test('a schedule that raised has values up to that step and empty cells after', () => {
    const spec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (5 - epoch)' } };
    const curve = computeCurve(spec, { totalSteps: 10, stepsPerEpoch: 1, stepping: 'iteration' });
    expect(curve.errorStep).toBe(5);
    expect(curve.error).toMatch(/ZeroDivisionError/);
    const rows = parseCsv(buildCsv([{ name: 'lambda', values: curve.values }], 10, 1));
    expect(rows.slice(1, 6).map((r) => Number(r[2]))).toEqual(Array.from(curve.values));
    expect(rows.slice(6).map((r) => r[2])).toEqual(['', '', '', '', '']);
  });

  test('chunked output equals the whole, with the header once', () => {
    const values = Float64Array.from({ length: 1001 }, (_, i) => 1 / (i + 1));
    const whole = buildCsv([{ name: 'x', values }], 1001, 7);
    const chunks = [...csvChunks([{ name: 'x', values }], 1001, 7, 100)];
    expect(chunks.length).toBe(1 + 11);
    expect(chunks.join('')).toBe(whole);
  });
});

describe('CSV from sources (what the export worker writes)', () => {
  const H = { totalSteps: 3000, stepsPerEpoch: 64 };
  const schedules: CsvSchedule[] = [
    { name: 'Cyclic, fast', spec: { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 7 } }, settings: { ...H, stepping: 'iteration' } },
    { name: 'Step', stepping: 'epoch', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.5 } }, settings: { ...H, stepping: 'epoch' } },
    { name: 'Plateau', spec: { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 3 } }, settings: { ...H, stepping: 'iteration', metric: { kind: 'synthetic', start: 2, floor: 0.2, speed: 0.01, noise: 0.05, seed: 3 } } },
    { name: 'lambda', spec: { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (1234 - epoch)' } }, settings: { ...H, stepping: 'iteration' } },
    { name: 'Keras', spec: { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 2000 } }, settings: { ...H, stepping: 'iteration' } },
  ];
  /** The same columns from the values the chart holds (computeCurve), as the page used to write them. */
  const pageValues = (cols: CsvColumn[]): CsvValues[] =>
    cols.map((c) => {
      const src = c.source;
      if (src.kind === 'schedule') return { name: c.name, stepping: c.stepping, values: computeCurve(src.spec, src.settings, isMetricDriven(src.spec)).values };
      if (src.kind === 'metric') return { name: c.name, values: metricPerUpdate(src.settings) };
      if (src.kind === 'momentum') return { name: c.name, values: evaluateMomentum(src.spec, src.settings.totalSteps)! }; // stepped per update here
      throw new Error('unexpected');
    });

  test('the column list: each schedule, a plateau schedule its metric, a cycle_momentum schedule its momentum, the diff view A, B and the ratio', () => {
    expect(csvColumns(schedules, null).map(csvColumnName)).toEqual(['Cyclic, fast', 'Cyclic, fast momentum', 'Step (every epoch)', 'Plateau', 'Plateau metric', 'lambda', 'Keras']);
    const d = csvColumns(schedules, { a: schedules[0], b: schedules[4], mode: 'ratio' });
    expect(d.map((c) => c.name)).toEqual(['Cyclic, fast', 'Keras', 'ratio A / B']);
  });

  test('streamed in pieces, byte for byte the CSV of the full-resolution values', () => {
    const cols = csvColumns(schedules, null);
    const whole = buildCsv(pageValues(cols), H.totalSteps, H.stepsPerEpoch);
    const pieces = [...csvStream(cols, H, { kind: 'full' }, 333)];
    expect(pieces.map((p) => p.text).join('')).toBe(whole);
    expect(pieces.length).toBe(1 + Math.ceil(3000 / 333));
    // Progress rises to its total.
    expect(pieces.map((p) => p.done)).toEqual([...pieces.map((p) => p.done)].sort((a, b) => a - b));
    expect(pieces.at(-1)!.done).toBe(pieces.at(-1)!.total);
    // The failing lambda is empty from its error step on.
    const rows = parseCsv(whole);
    expect(rows[1234][7]).not.toBe('');
    expect(rows[1235][7]).toBe('');
    // The momentum column is the engine's momentum (CyclicLR lowers it while the lr rises).
    const momentum = evaluateMomentum(schedules[0].spec, H.totalSteps)!;
    expect(rows.slice(1, 3001).map((r) => r[3])).toEqual(Array.from(momentum, String));
  });

  test('the diff view: ratio and difference exactly as the chart computes them, empty where B = 0', () => {
    const a = schedules[0];
    const b: CsvSchedule = { name: 'to zero', spec: { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.05, T_max: 1000 } }, settings: a.settings };
    for (const mode of ['ratio', 'difference'] as const) {
      const cols = csvColumns([], { a, b, mode });
      const rows = parseCsv(csvText(cols, H));
      const va = computeCurve(a.spec, a.settings).values;
      const vb = computeCurve(b.spec, b.settings).values;
      for (let i = 0; i < H.totalSteps; i++) {
        const want = mode === 'ratio' ? (vb[i] === 0 ? '' : String(va[i] / vb[i])) : String(va[i] - vb[i]);
        expect(rows[i + 1][4]).toBe(want);
      }
      if (mode === 'ratio') expect(rows[1001][4]).toBe('');
    }
  });

  test('every k-th step: the rows of the full file at steps 0, k, 2k, ..., the header says so', () => {
    const cols = csvColumns(schedules, null);
    const full = parseCsv(csvText(cols, H));
    for (const k of [1, 7, 1000, 3000]) {
      const rows = parseCsv(csvText(cols, H, { kind: 'every', k }));
      expect(rows[0][0]).toBe(k === 1 ? 'step' : `step (one row every ${k} steps of 3000)`);
      expect(rows[0].slice(1)).toEqual(full[0].slice(1));
      expect(rows.slice(1)).toEqual(full.slice(1).filter((_, i) => i % k === 0));
    }
    expect(() => csvText(cols, H, { kind: 'every', k: 0 })).toThrow(/k must/);
  });

  test('the envelope: one row per column with its step range, equal to evaluateColumns (or the reduction of the values)', () => {
    const cols = csvColumns(schedules, null);
    const n = 97;
    const rows = parseCsv(csvText(cols, H, { kind: 'envelope', columns: n }));
    expect(rows[0].slice(0, 5)).toEqual([`column (envelope: ${n} columns of 3000 steps)`, 'first step', 'last step', 'first epoch', 'last epoch']);
    expect(rows[0][5]).toBe('Cyclic, fast min');
    expect(rows.length).toBe(n + 1);
    const values = pageValues(cols);
    const cyclic = evaluateColumns(schedules[0].spec, H.totalSteps, n);
    const at = (v: number) => (v === v ? String(v) : '');
    for (let c = 0; c < n; c++) {
      const s = Math.floor((c * 3000) / n);
      const e = Math.floor(((c + 1) * 3000) / n);
      expect(rows[c + 1].slice(0, 5).map(Number)).toEqual([c, s, e - 1, Math.floor(s / 64), Math.floor((e - 1) / 64)]);
      // A schedule stepped per update: evaluateColumns itself.
      expect(rows[c + 1].slice(5, 9)).toEqual([cyclic.min[c], cyclic.max[c], cyclic.first[c], cyclic.last[c]].map(at));
      // Every column: min, max, first and last of its defined values.
      values.forEach((col, j) => {
        const seg = Array.from(col.values).slice(s, e);
        const want = seg.length ? [Math.min(...seg), Math.max(...seg), seg[0], seg[seg.length - 1]].map(at) : ['', '', '', ''];
        expect(rows[c + 1].slice(5 + 4 * j, 9 + 4 * j)).toEqual(want);
      });
    }
  });

  test('the size estimate is close to the size written, and k is chosen to fit the limit', () => {
    const cols = csvColumns(schedules.slice(0, 3), null);
    const sizes = csvFieldSizes(cols, H.totalSteps);
    for (const choice of [{ kind: 'full' }, { kind: 'every', k: 13 }] as const) {
      const real = new TextEncoder().encode(csvText(cols, H, choice)).length;
      const est = csvSizeEstimate(cols, sizes, H, choice);
      expect(est / real).toBeGreaterThan(0.8);
      expect(est / real).toBeLessThan(1.25);
    }
    const env = new TextEncoder().encode(csvText(cols, H, { kind: 'envelope', columns: 200 })).length;
    expect(csvSizeEstimate(cols, sizes, H, { kind: 'envelope', columns: 200 })).toBeGreaterThanOrEqual(env * 0.8);
    const big = { totalSteps: 10_000_000, stepsPerEpoch: 1000 };
    const bigSizes = csvFieldSizes(cols, big.totalSteps);
    const k = everyKFor(cols, bigSizes, big, 50e6);
    expect(csvSizeEstimate(cols, bigSizes, big, { kind: 'every', k })).toBeLessThanOrEqual(50e6);
    expect(csvSizeEstimate(cols, bigSizes, big, { kind: 'every', k: k - 1 })).toBeGreaterThan(50e6);
  });

  test('the estimate samples a recursive form in one pass, and an unchanged schedule not again (a drag of another one)', () => {
    const steps = 1_000_000;
    const recursive = (): CsvColumn => ({
      name: 'paddle cosine',
      source: { kind: 'schedule', spec: { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: steps } }, settings: { totalSteps: steps, stepsPerEpoch: 1000, stepping: 'iteration' } },
    });
    const before = replayWork.steps;
    const [size] = csvFieldSizes([recursive()], steps);
    // Its samples spread over the horizon, replayed from step 0 once (not once per sample).
    expect(replayWork.steps - before).toBeLessThanOrEqual(steps);
    expect(size).toBeGreaterThan(10);
    const again = replayWork.steps;
    expect(csvFieldSizes([recursive()], steps)).toEqual([size]);
    expect(replayWork.steps).toBe(again);
  });
});
