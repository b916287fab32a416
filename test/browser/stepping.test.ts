/**
 * Stepping per schedule in real Chromium, as a person would use it: every preset added one after
 * another, the CSV exported after each; no column already there ever changes, the horizon stays
 * the studio's, and every column is its schedule's curve with its own stepping.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cyclesMomentum, getDefinition } from '../../src/schedules';
import { computeCurve, reductionSteps } from '../../src/curves';
import { presets } from '../../src/schedules/presets';
import { startSession, type Session } from './harness';
import { bundleForPage } from './pageBundle';
import { exportColumns } from './csvExport';

let s: Session;
/** The curve computation bundled for the page: expected values come from the app's own JavaScript engine. */
let curvesCode = '';
beforeAll(async () => {
  s = await startSession();
  curvesCode = await bundleForPage('src/curves/compute.ts', '__curves');
});
afterAll(async () => {
  await s?.close();
});

async function settled(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => {
    const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
    return items.length === n && items.every((li) => li.dataset.pending !== 'true');
  }, count);
}

/** The first-visit studio (no saved state), its two curves drawn. */
async function freshPage(): Promise<Page> {
  const page = await s.newPage();
  await page.evaluate(() => localStorage.clear());
  await page.goto(s.url + '/');
  await settled(page, 2);
  return page;
}

describe('stepping per schedule', () => {
  test('adding every preset one after another never changes another CSV column; each column steps as its schedule says', async () => {
    const page = await freshPage();
    const settings = page.getByRole('region', { name: 'Settings' });
    const horizon = async () => [
      await settings.getByRole('spinbutton', { name: 'Total steps' }).inputValue(),
      await settings.getByRole('spinbutton', { name: 'Steps per epoch' }).inputValue(),
    ];
    expect(await horizon()).toEqual(['1000', '10']);
    let before = await exportColumns(page);
    expect([...before.keys()]).toEqual(['step', 'epoch', 'Warmup + cosine (HF) (every iteration)', 'StepLR (PyTorch) (every iteration)']);

    const region = page.getByRole('region', { name: 'Presets' });
    for (const [k, preset] of presets.entries()) {
      await region.getByRole('button', { name: preset.name, exact: true }).click();
      await settled(page, 3 + k);
      const after = await exportColumns(page);
      const header = `${preset.name} (every ${preset.stepping ?? 'iteration'})`;
      // A plateau schedule brings the metric it watches as a column of its own, a cycle_momentum one its momentum.
      const added = [
        header,
        ...(getDefinition(preset.spec.scheduler)?.metricDriven ? [`${preset.name} metric`] : []),
        ...(cyclesMomentum(preset.spec) ? [`${preset.name} momentum`] : []),
      ];
      expect([...after.keys()], preset.id).toEqual([...before.keys(), ...added]);
      for (const [name, cells] of before) expect(after.get(name), `${name} after adding ${preset.id}`).toEqual(cells);
      expect(await horizon(), preset.id).toEqual(['1000', '10']);
      before = after;
    }

    // Each column is its schedule's curve over the studio's horizon, with the preset's own stepping.
    await page.evaluate(curvesCode); // not an inline <script>: the CSP refuses those
    for (const preset of presets) {
      const stepping = preset.stepping ?? 'iteration';
      const curve = await page.evaluate(
        ([spec, settings]) => {
          const { computeResult } = (window as unknown as { __curves: typeof import('../../src/curves/compute') }).__curves;
          return { values: Array.from(computeResult(spec, settings).curve.values) };
        },
        [preset.spec, { totalSteps: 1000, stepsPerEpoch: 10, stepping }] as const,
      );
      const cells = before.get(`${preset.name} (every ${stepping})`)!;
      expect(cells.slice(0, curve.values.length).map(Number), preset.id).toEqual(Array.from(curve.values));
      expect(cells.slice(curve.values.length).every((c) => c === ''), preset.id).toBe(true);
    }
    await page.close();
  });

  test('the PyTorch docs table of ReduceLROnPlateau with a constant metric comes out of the UI exactly, its metric drawn with the reductions', async () => {
    const page = await freshPage();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('spinbutton', { name: 'Total steps' }).fill('14');
    await settings.getByRole('spinbutton', { name: 'Steps per epoch' }).fill('1');
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('torch.ReduceLROnPlateau');
    await picker.press('Enter');
    await settled(page, 3);
    const editor = page.getByRole('complementary', { name: 'Schedule parameters' });
    await editor.getByRole('combobox', { name: 'Stepping' }).selectOption('epoch');
    const patience = editor.getByRole('spinbutton', { name: 'patience' }).or(editor.getByRole('textbox', { name: 'patience' }));
    await patience.fill('2');
    const metric = editor.getByTestId('metric-section');
    await metric.getByRole('combobox', { name: 'Metric' }).selectOption('constant');
    await metric.getByRole('textbox', { name: 'value' }).fill('1');
    await expect.poll(() => metric.getByTestId('metric-reductions').getAttribute('data-steps')).toBe('3,6,9,12');
    expect(await metric.getByTestId('metric-summary').innerText()).toMatch(/reduced after epoch 3, 6, 9, 12 \(4 in all\)/);
    await settled(page, 3);
    const cols = await exportColumns(page);
    const lr = cols.get('ReduceLROnPlateau (PyTorch) (every epoch)')!.map((c) => Number(Number(c).toPrecision(12)));
    expect(lr).toEqual([0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 1e-4, 1e-4, 1e-4, 1e-5]);
    expect(cols.get('ReduceLROnPlateau (PyTorch) metric')).toEqual(Array(14).fill('1'));
    await page.screenshot({ path: 'test-results/studio-plateau-metric.png' });
    // The metric is part of the link: a reload finds it.
    await page.waitForTimeout(400);
    await page.reload();
    await settled(page, 3);
    await expect.poll(() => page.getByTestId('metric-section').getByTestId('metric-reductions').getAttribute('data-steps')).toBe('3,6,9,12');
    await page.close();
  });

  test('a TensorBoard CSV loaded as a plateau metric: the lr is reduced where that metric stalls; a W&B column can be picked; a bad file says why and changes nothing', async () => {
    const page = await freshPage();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('spinbutton', { name: 'Total steps' }).fill('20');
    await settings.getByRole('spinbutton', { name: 'Steps per epoch' }).fill('1');
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('torch.ReduceLROnPlateau');
    await picker.press('Enter');
    await settled(page, 3);
    const editor = page.getByRole('complementary', { name: 'Schedule parameters' });
    await editor.getByRole('combobox', { name: 'Stepping' }).selectOption('epoch');
    const patience = editor.getByRole('spinbutton', { name: 'patience' }).or(editor.getByRole('textbox', { name: 'patience' }));
    await patience.fill('2');
    const metric = editor.getByTestId('metric-section');
    const before = await metric.getByTestId('metric-reductions').getAttribute('data-steps');
    await metric.getByRole('combobox', { name: 'Metric' }).selectOption('csv');
    const file = metric.getByLabel('CSV file');
    // An empty file and one without a numeric column: the reason at the field, the metric unchanged.
    await file.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await expect.poll(() => metric.getByRole('alert').innerText()).toBe('empty.csv: the file is empty');
    await file.setInputFiles({ name: 'words.csv', mimeType: 'text/csv', buffer: Buffer.from('run,loss\na,high\n') });
    await expect.poll(() => metric.getByRole('alert').innerText()).toBe('words.csv: no column holds only numbers (columns: run, loss)');
    expect(await metric.getByTestId('metric-reductions').getAttribute('data-steps')).toBe(before);
    // A TensorBoard export: the loss falls for 5 epochs, then stalls.
    const loss = [2.0, 1.6, 1.3, 1.1, 1.0, 1.0, 1.0, 1.0, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99];
    const tb = ['Wall time,Step,Value', ...loss.map((v, i) => `${1700000000 + i}.25,${i * 50},${v}`)].join('\n') + '\n';
    await file.setInputFiles({ name: 'val_loss.csv', mimeType: 'text/csv', buffer: Buffer.from(tb) });
    await expect.poll(() => metric.getByTestId('metric-file').innerText()).toBe('val_loss.csv: Value, 20 values');
    await expect.poll(() => metric.getByRole('alert').count()).toBe(0);
    expect(await metric.getByRole('combobox', { name: 'Column' }).inputValue()).toBe('Value');
    const spec = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 2 } };
    const expected = reductionSteps(computeCurve(spec, { totalSteps: 20, stepsPerEpoch: 1, stepping: 'epoch', metric: { kind: 'values', values: loss } }, true).values);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected[0]).toBeGreaterThanOrEqual(5); // none while the loss falls
    await expect.poll(() => metric.getByTestId('metric-reductions').getAttribute('data-steps')).toBe(expected.join(','));
    await settled(page, 3);
    const cols = await exportColumns(page);
    expect(cols.get('ReduceLROnPlateau (PyTorch) metric')!.map(Number)).toEqual(loss);
    const lr = cols.get('ReduceLROnPlateau (PyTorch) (every epoch)')!.map(Number);
    expect(lr.flatMap((v, i) => (i > 0 && v < lr[i - 1] ? [i - 1] : []))).toEqual(expected);
    await page.screenshot({ path: 'test-results/studio-plateau-csv.png' });
    // Part of the link: a reload finds the file's values, column and name.
    await page.waitForTimeout(400);
    await page.reload();
    await settled(page, 3);
    const again = page.getByTestId('metric-section');
    await expect.poll(() => again.getByTestId('metric-file').innerText()).toBe('val_loss.csv: Value, 20 values');
    await expect.poll(() => again.getByTestId('metric-reductions').getAttribute('data-steps')).toBe(expected.join(','));
    // A W&B export: the run's metric column is picked over Step and its MIN/MAX band; another can be chosen.
    const wb = ['Step,"run-a - val_loss","run-a - val_loss__MIN","run-a - val_loss__MAX",run-b - val_loss', ...Array.from({ length: 20 }, (_, i) => `${i},1,0.9,1.1,${3 - i * 0.1}`)].join('\r\n');
    await again.getByLabel('CSV file').setInputFiles({ name: 'wandb.csv', mimeType: 'text/csv', buffer: Buffer.from(wb) });
    await expect.poll(() => again.getByTestId('metric-file').innerText()).toBe('wandb.csv: run-a - val_loss, 20 values');
    // A constant metric: the PyTorch docs' reductions, every 3 epochs.
    await expect.poll(() => again.getByTestId('metric-reductions').getAttribute('data-steps')).toBe('3,6,9,12,15,18');
    await again.getByRole('combobox', { name: 'Column' }).selectOption('run-b - val_loss');
    // A loss that keeps falling: no reduction.
    await expect.poll(() => again.getByTestId('metric-summary').innerText()).toBe('No reduction over the horizon.');
    await page.close();
  });
});
