/**
 * The CSV export at any horizon, as a person uses it: at 10M steps "Export CSV" says the file's
 * size and offers the full file, every k-th step or the pixel-column envelope; the file is written
 * off the page with a progress bar that advances and a Cancel button that stops it (no download,
 * the button is back). A small horizon still downloads the full CSV at once.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluateMomentum, type ScheduleSpec } from '../../src/schedules';
import { defaultDocument, linkFor } from '../../src/state/persist';
import type { ScheduleEntry, StudioSettings } from '../../src/state/studio';
import { parseCsv } from '../csvParse';
import { exportColumns } from './csvExport';
import { startSession, type Session } from './harness';
import { bundleForPage } from './pageBundle';

let s: Session;
let engineCode = '';
beforeAll(async () => {
  s = await startSession();
  engineCode = await bundleForPage('src/schedules/index.ts', '__engine');
});
afterAll(async () => {
  await s?.close();
});

// cycle_momentum off: two value columns here (the momentum column is tested in momentum.test.ts and below).
const CYCLIC: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 20_000, cycle_momentum: false } };
const COSINE: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.05, T_max: 3_000_000 } };

function link(schedules: ScheduleEntry[], settings: Partial<StudioSettings>): string {
  const base = defaultDocument();
  return linkFor({ ...base, schedules, settings: { ...base.settings, ...settings }, selectedId: schedules[0]?.id ?? null }, '/');
}

const entry = (id: string, name: string, color: string, spec: ScheduleSpec): ScheduleEntry => ({ id, name, color, visible: true, spec, stepping: 'iteration' });

type Engine = typeof import('../../src/schedules');

/** Puts the app's engine in the page as `__engine` (expected values from the same JavaScript engine). */
async function ensureEngine(page: Page): Promise<void> {
  // Evaluated, not added as a <script>: the page's Content Security Policy refuses inline scripts.
  if (!(await page.evaluate(() => '__engine' in window))) await page.evaluate(engineCode);
}

async function settledAt(page: Page, ids: string[], length: number): Promise<void> {
  for (const id of ids) {
    const li = page.getByTestId(`curve-${id}`);
    await expect.poll(() => li.getAttribute('data-length'), { timeout: 90_000 }).toBe(String(length));
    await expect.poll(() => li.getAttribute('data-pending'), { timeout: 90_000 }).toBe('false');
  }
}

const text = async (d: Download) => readFileSync((await d.path())!, 'utf8');

describe('CSV export that scales', () => {
  test('at 10M steps: the size and the choices, a progress bar that advances, Cancel stops it; every k-th step and the envelope download', async () => {
    const page = await s.newPage(link([entry('cyc', 'Cyclic', '#4e79a7', CYCLIC), entry('cos', 'Cosine', '#f28e2b', COSINE)], { totalSteps: 10_000_000, stepsPerEpoch: 1000 }));
    await settledAt(page, ['cyc', 'cos'], 10_000_000);
    let downloads = 0;
    page.on('download', () => downloads++);

    // The size is on the button before anything is built: two columns of ~20 digits over 10M rows.
    const button = page.getByRole('button', { name: 'Export CSV' });
    await expect.poll(() => page.getByTestId('csv-size').textContent()).toMatch(/^≈ \d+ MB$/);
    const mb = Number((await page.getByTestId('csv-size').textContent())!.match(/(\d+) MB/)![1]);
    expect(mb).toBeGreaterThan(300);
    expect(mb).toBeLessThan(700);

    await button.click();
    const choices = page.getByRole('group', { name: 'CSV export choices' });
    await choices.waitFor();
    expect(await choices.textContent()).toContain(`about ${mb} MB`);

    // Frames keep coming while the file is written (the work is in the export worker).
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number; __longest: number };
      w.__frames = 0;
      w.__longest = 0;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__longest = Math.max(w.__longest, e.duration)))).observe({ type: 'longtask' });
      const tick = () => {
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await choices.getByRole('button', { name: /^Full file/ }).click();
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    const first = Number(await bar.getAttribute('aria-valuenow'));
    const framesAt = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(first);
    expect(first).toBeLessThan(100);
    expect(await page.evaluate(() => (window as unknown as { __frames: number }).__frames)).toBeGreaterThan(framesAt);
    expect(await button.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Cancel export' }).click();
    await bar.waitFor({ state: 'detached' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    console.log(`longest main-thread task during the 10M-step export: ${await page.evaluate(() => (window as unknown as { __longest: number }).__longest)} ms`);

    // Every k-th step: k is editable, the header says what the file is, the values are exact.
    await button.click();
    await choices.getByLabel('k').fill('0');
    expect(await choices.getByRole('alert').textContent()).toMatch(/whole number/);
    await choices.getByLabel('k').fill('10000');
    const [every] = await Promise.all([page.waitForEvent('download'), choices.getByRole('button', { name: /^Every k-th step/ }).click()]);
    expect(every.suggestedFilename()).toMatch(/-every-10000-steps\.csv$/);
    const rows = parseCsv(await text(every));
    expect(rows[0]).toEqual(['step (one row every 10000 steps of 10000000)', 'epoch', 'Cyclic (every iteration)', 'Cosine (every iteration)']);
    expect(rows.length).toBe(1 + 1000);
    const steps = [0, 1, 2, 377, 999].map((r) => r * 10_000);
    await ensureEngine(page);
    const want = await page.evaluate(
      ({ specs, steps }) => {
        const engine = (window as unknown as { __engine: Engine }).__engine;
        // What the chart draws: the framework's loop (CosineAnnealingLR's recursion), not its closed form.
        return specs.map((spec) => {
          const v = engine.evaluate(spec, Math.max(...steps) + 1);
          return steps.map((t) => String(v[t]));
        });
      },
      { specs: [CYCLIC, COSINE], steps },
    );
    steps.forEach((t, i) => {
      const r = rows[1 + t / 10_000];
      expect(r.slice(0, 2)).toEqual([String(t), String(Math.floor(t / 1000))]);
      expect(r.slice(2)).toEqual([want[0][i], want[1][i]]);
    });

    // The envelope: one row per pixel column, equal to evaluateColumns.
    await button.click();
    const [env] = await Promise.all([page.waitForEvent('download'), choices.getByRole('button', { name: /^Pixel-column envelope/ }).click()]);
    const erows = parseCsv(await text(env));
    const n = erows.length - 1;
    expect(erows[0][0]).toBe(`column (envelope: ${n} columns of 10000000 steps)`);
    expect(erows[0].slice(5)).toEqual(['Cyclic (every iteration)', 'Cosine (every iteration)'].flatMap((c) => ['min', 'max', 'first', 'last'].map((w) => `${c} ${w}`)));
    expect(n).toBeGreaterThan(200);
    const cols = await page.evaluate(
      ({ specs, n }) => {
        const engine = (window as unknown as { __engine: Engine }).__engine;
        return specs.map((spec) => {
          const c = engine.evaluateColumns(spec, 10_000_000, n);
          return Array.from({ length: n }, (_, i) => [c.min[i], c.max[i], c.first[i], c.last[i]].map(String));
        });
      },
      { specs: [CYCLIC, COSINE], n },
    );
    for (let c = 0; c < n; c++) {
      const s0 = Math.floor((c * 10_000_000) / n);
      expect(erows[1 + c].slice(0, 3)).toEqual([String(c), String(s0), String(Math.floor(((c + 1) * 10_000_000) / n) - 1)]);
      expect(erows[1 + c].slice(5)).toEqual([...cols[0][c], ...cols[1][c]]);
    }
    // The cancelled export never arrived.
    expect(downloads).toBe(2);
    await page.close();
  });

  test('a small horizon downloads the full CSV at once, exact values', async () => {
    const spec: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 7 } };
    const page = await s.newPage(link([entry('cyc', 'Cyclic', '#4e79a7', spec)], { totalSteps: 2000, stepsPerEpoch: 100 }));
    await settledAt(page, ['cyc'], 2000);
    expect(await page.getByTestId('csv-size').textContent()).toMatch(/kB$/);
    const cols = await exportColumns(page);
    // CyclicLR cycles the momentum by default: its column follows the lr's.
    expect([...cols.keys()]).toEqual(['step', 'epoch', 'Cyclic (every iteration)', 'Cyclic momentum']);
    expect(cols.get('Cyclic momentum')).toEqual(Array.from(evaluateMomentum(spec, 2000)!, String));
    await ensureEngine(page);
    const want = await page.evaluate((spec) => Array.from((window as unknown as { __engine: Engine }).__engine.evaluate(spec, 2000), String), spec);
    expect(cols.get('Cyclic (every iteration)')).toEqual(want);
    expect(cols.get('epoch')!.slice(99, 101)).toEqual(['0', '1']);
    await expect.poll(() => page.getByRole('group', { name: 'CSV export choices' }).count()).toBe(0);
    await page.close();
  });

  test('the diff view exports what it shows: A, B and the ratio, empty where B is 0', async () => {
    const a: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 7 } };
    const b: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.05, T_max: 1000 } };
    const page = await s.newPage(link([entry('a', 'A', '#4e79a7', a), entry('b', 'B', '#f28e2b', b)], { totalSteps: 2000, stepsPerEpoch: 100 }));
    await settledAt(page, ['a', 'b'], 2000);
    await page.getByRole('radio', { name: 'Diff' }).check();
    await expect.poll(() => page.getByTestId('curve-diff').textContent()).toBe('A ÷ B');
    const cols = await exportColumns(page);
    expect([...cols.keys()]).toEqual(['step', 'epoch', 'A (every iteration)', 'B (every iteration)', 'ratio A / B']);
    await ensureEngine(page);
    const [va, vb] = await page.evaluate(
      (specs) => specs.map((spec) => Array.from((window as unknown as { __engine: Engine }).__engine.evaluate(spec, 2000))),
      [a, b],
    );
    expect(cols.get('ratio A / B')).toEqual(va.map((x, i) => (vb[i] === 0 ? '' : String(x / vb[i]))));
    expect(cols.get('ratio A / B')![1000]).toBe('');
    await page.close();
  });
});
