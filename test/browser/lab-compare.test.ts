/**
 * Runs that differ in more than the schedule, in real Chromium: the gallery's Optimizers experiment
 * gives four runs four optimizers; one comparison trains an optimizer comparison next to an lr
 * sweep, both found in the results table and the metrics CSV; a reload finds the comparison in the
 * history (IndexedDB) and reopens it; a lab PNG draws a known lr on the row of its tick.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { experimentDocument, getExperiment } from '../../src/state/experiments';
import { encodeLink } from '../../src/state/persist';
import { parseCsv } from '../csvParse';
import { startSession, type Session } from './harness';
import { finished, runRows, showLab, smallSetup, until } from './lab';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

async function openOptimizersFromGallery(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Experiments', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByRole('button', { name: 'Open Optimizers: SGD, Momentum, Adagrad, Adam' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

test("the gallery's Optimizers experiment gives its four runs four different optimizers", async () => {
  const page = await s.newPage('/');
  await openOptimizersFromGallery(page);
  await showLab(page);
  const selects = page.getByTestId('schedule-chooser').locator('select[data-testid$="-optimizer"]');
  await expect.poll(() => selects.count()).toBe(4);
  expect(await selects.evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual(['sgd', 'momentum', 'adagrad', 'adam']);
  await page.close();
});

/** The RGB of a `#rrggbb` colour. */
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

test('an optimizer comparison and an lr sweep train in one comparison, are recorded, kept across a reload, and drawn truthfully in the PNG', async () => {
  // The Optimizers experiment plus two more SGD rates: one comparison of 6 runs.
  const doc = experimentDocument(getExperiment('optimizers')!, (() => {
    let n = 0;
    return () => `e${++n}`;
  })());
  doc.schedules.push(
    { id: 'lr1', name: 'SGD lr 0.1', color: '#d62728', visible: true, stepping: 'iteration', spec: { scheduler: 'hf.constant', params: { lr: 0.1 } } },
    { id: 'lr3', name: 'SGD lr 0.001', color: '#17becf', visible: true, stepping: 'iteration', spec: { scheduler: 'hf.constant', params: { lr: 0.001 } } },
  );
  const page = await s.newPage(`/#s=${encodeLink(doc)}`);
  await smallSetup(page, { examples: 320, batch: 32, epochs: 3, evalEvery: 10 });
  // The lr sweep's second rate gets Momentum by hand, through its own control; then back to the default.
  await page.getByTestId('run-opt-lr3-optimizer').selectOption('momentum');
  await page.getByTestId('run-opt-lr3-momentum-momentum').fill('0.5');
  await page.getByTestId('run-opt-lr3-optimizer').selectOption('__setup__');
  await expect.poll(() => page.getByTestId('run-opt-lr3-momentum-momentum').count()).toBe(0);
  await page.getByTestId('train').click();
  const rows = await until(page, () => runRows(page), (r) => r.length === 6 && r.every(finished), 240_000, 'all six runs to finish');
  expect(rows.map((r) => [r.status, r.step])).toEqual(Array.from({ length: 6 }, () => ['done', 30]));

  // Results: every run with its optimizer; the model, seed and backend said above the table.
  const results = page.getByTestId('results');
  const optimizers = await results.locator('tbody td[data-col=optimizer]').allInnerTexts();
  expect(optimizers.map((t) => t.split(' ')[0])).toEqual(['SGD', 'Momentum', 'Adagrad', 'Adam', 'SGD', 'SGD']);
  expect(await results.locator('tbody th').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('SGD lr 0.1'), expect.stringContaining('Adam')]));
  expect(await results.locator('tbody td[data-col=stepping]').first().innerText()).toBe('every iteration');
  expect(await page.getByTestId('results-what').innerText()).toMatch(/^MLP 784-128-10 · seed 1 · backend (WebGL|WASM|CPU) · 30 updates/);

  // The metrics CSV: both experiments, each row saying what its run was.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const table = parseCsv(readFileSync((await download.path())!, 'utf8'));
  const head = table[0];
  const col = (name: string) => head.indexOf(name);
  for (const c of ['stepping', 'optimizer', 'optimizer_params', 'model', 'seed', 'backend']) expect(head).toContain(c);
  const body = table.slice(1).filter((r) => r.length === head.length);
  expect(body).toHaveLength(180);
  const bySchedule = new Map(body.map((r) => [r[col('schedule')], r]));
  expect([...bySchedule.keys()]).toEqual(['SGD', 'Momentum', 'Adagrad', 'Adam', 'SGD lr 0.1', 'SGD lr 0.001']);
  expect([...bySchedule.values()].map((r) => r[col('optimizer')])).toEqual(['SGD', 'Momentum', 'Adagrad', 'Adam', 'SGD', 'SGD']);
  expect(bySchedule.get('Adam')![col('optimizer_params')]).toBe('beta1=0.9 beta2=0.999 epsilon=1e-7');
  expect(bySchedule.get('Momentum')![col('optimizer_params')]).toBe('momentum=0.9 nesterov=false');
  expect(bySchedule.get('SGD lr 0.1')![col('lr_applied')]).toBe('0.1');
  for (const r of bySchedule.values()) expect(r[col('model')]).toBe('MLP 784-128-10');
  expect(new Set(body.map((r) => r[col('backend')])).size).toBe(1);
  expect(body[0][col('backend')]).toMatch(/^(WebGL|WASM|CPU)$/);

  // Validation points are sparse (3 per run): drawn as markers; the accuracy axis fits its data.
  expect(Number(await page.getByTestId('chart-val-acc').getAttribute('data-markers'))).toBe(18);

  // The LR chart's PNG: the constant 0.1 is drawn on the row of the 0.1 tick.
  const chart = page.getByTestId('chart-lr');
  await chart.scrollIntoViewIfNeeded();
  const geometry = await chart.evaluate((el) => {
    const fig = el.querySelector('figure')!.getBoundingClientRect();
    // The y axis label "0.1" sits on its tick (its y attribute), which has a tick line at that y.
    const canvas = el.querySelector('canvas.chart-canvas')!.getBoundingClientRect();
    const svg = el.querySelector('.recharts-wrapper > svg')!.getBoundingClientRect();
    const label = [...el.querySelectorAll('svg text')].find((t) => t.textContent?.trim() === '0.1' && t.getBoundingClientRect().right <= canvas.left)!;
    const y = Number(label.getAttribute('y'));
    const ys = [...el.querySelectorAll('.recharts-yAxis .recharts-cartesian-axis-tick-line')].map((l) => Number(l.getAttribute('y1')));
    if (!ys.some((v) => Math.abs(v - y) < 0.5)) throw new Error(`no tick line at ${y}: ${ys.join(', ')}`);
    const line = { top: svg.top + y, height: 0 };
    return { tickY: line.top + line.height / 2 - fig.top, x: canvas.left + canvas.width / 2 - fig.left };
  });
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export Learning rate.* as PNG/ }).click()]);
  const b64 = readFileSync((await png.path())!).toString('base64');
  const [r, g, b] = rgb('#d62728');
  const rowsOfColor = await page.evaluate(
    async ([data, x, want]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(Math.round(x * 2), 0, 1, bmp.height).data;
      const out: number[] = [];
      for (let y = 0; y < bmp.height; y++) {
        const d = Math.abs(px[4 * y] - want[0]) + Math.abs(px[4 * y + 1] - want[1]) + Math.abs(px[4 * y + 2] - want[2]);
        if (d < 40) out.push(y);
      }
      return out;
    },
    [b64, geometry.x, [r, g, b]] as const,
  );
  expect(rowsOfColor.length).toBeGreaterThan(0);
  const lineRow = rowsOfColor.reduce((a, v) => a + v, 0) / rowsOfColor.length;
  // PNG pixels are 2x CSS pixels; the line is ~2 px wide.
  expect(Math.abs(lineRow - geometry.tickY * 2)).toBeLessThan(4);

  // A reload finds the comparison in the history; reopening it brings its six results back.
  await page.reload();
  await showLab(page);
  const item = page.getByTestId('history').locator('li', { hasText: 'SGD, Momentum, Adagrad +3' });
  await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
  expect(await item.innerText()).toMatch(/6 runs of 6 schedules · 30 updates/);
  await item.getByRole('button', { name: /^Reopen/ }).click();
  await expect.poll(() => page.getByTestId('results').locator('tbody tr').count()).toBe(6);
  expect((await page.getByTestId('results').locator('tbody td[data-col=optimizer]').allInnerTexts()).map((t) => t.split(' ')[0])).toEqual([
    'SGD',
    'Momentum',
    'Adagrad',
    'Adam',
    'SGD',
    'SGD',
  ]);
  // Renamed, it keeps its new name across a reload.
  await item.getByRole('button', { name: /^Rename/ }).click();
  await page.getByTestId('history-name').fill('optimizers and rates');
  await page.getByRole('button', { name: 'Save name' }).click();
  // Reloaded once the name is stored (IndexedDB commits asynchronously; a reload at once could beat it).
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const open = indexedDB.open('lr-schedule-studio');
            open.onsuccess = () => {
              const all = open.result.transaction('comparisons').objectStore('comparisons').getAll();
              all.onsuccess = () => resolve((all.result as { name: string }[]).map((c) => c.name));
            };
          }),
      ),
    )
    .toContain('optimizers and rates');
  await page.reload();
  await showLab(page);
  await expect.poll(() => page.getByTestId('history').locator('li', { hasText: 'optimizers and rates' }).count(), { timeout: 20_000 }).toBe(1);
  await page.close();
});
