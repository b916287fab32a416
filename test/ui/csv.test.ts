import { describe, expect, test } from 'vitest';
import { evaluate, type ScheduleSpec } from '../../src/schedules';
import { computeCurve } from '../../src/curves';
import { buildCsv, csvChunks, csvField } from '../../src/ui/export';
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
