/**
 * The Experiments gallery in real Chromium, as a person uses it: open each experiment of the source
 * documents, export the CSV and find every schedule's column equal to its curve with its own
 * stepping and metric over the experiment's horizon; the lab is set up to train that horizon;
 * Undo brings the previous schedules back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXPERIMENTS, experimentDocument } from '../../src/state/experiments';
import { startSession, type Session } from './harness';
import { bundleForPage } from './pageBundle';
import { exportColumns } from './csvExport';

let s: Session;
let curvesCode = '';
beforeAll(async () => {
  s = await startSession();
  curvesCode = await bundleForPage('src/curves/compute.ts', '__curves');
});
afterAll(async () => {
  await s?.close();
});

async function settled(page: Page, names: readonly string[]): Promise<void> {
  await page.waitForFunction((want) => {
    const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
    return items.length === want.length && items.every((li) => li.dataset.pending !== 'true');
  }, names);
}

async function openFromGallery(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Experiments', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Experiments' });
  await dialog.getByRole('button', { name: `Open ${title}` }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

describe('experiments gallery', () => {
  test('each experiment opens with every curve as its document describes it, exported exactly', async () => {
    const page = await s.newPage();
    await page.evaluate(() => localStorage.clear());
    await page.goto(s.url + '/');
    await settled(page, ['a', 'b']);
    await page.evaluate(curvesCode); // not an inline <script>: the CSP refuses those
    const settingsBar = page.getByRole('region', { name: 'Settings' });
    for (const x of EXPERIMENTS) {
      const doc = experimentDocument(x, () => 'id');
      await openFromGallery(page, x.title);
      await settled(page, doc.schedules.map((e) => e.name));
      expect(await settingsBar.getByRole('spinbutton', { name: 'Total steps' }).inputValue(), x.id).toBe(String(doc.settings.totalSteps));
      expect(await settingsBar.getByRole('spinbutton', { name: 'Steps per epoch' }).inputValue(), x.id).toBe(String(doc.settings.stepsPerEpoch));
      await expect.poll(() => page.getByRole('alert').filter({ hasText: `Opened the experiment “${x.title}”` }).count()).toBe(1);
      const cols = await exportColumns(page);
      for (const e of doc.schedules) {
        const header = `${e.name} (every ${e.stepping})`;
        const cells = cols.get(header);
        expect(cells, `${x.id}: ${header} in ${[...cols.keys()].join(' | ')}`).toBeDefined();
        const values = await page.evaluate(
          ([spec, settings]) => {
            const { computeResult } = (window as unknown as { __curves: typeof import('../../src/curves/compute') }).__curves;
            return Array.from(computeResult(spec, settings).curve.values);
          },
          [e.spec, { totalSteps: doc.settings.totalSteps, stepsPerEpoch: doc.settings.stepsPerEpoch, stepping: e.stepping, ...(e.metric ? { metric: e.metric } : {}) }] as const,
        );
        expect(values.length, header).toBe(doc.settings.totalSteps);
        expect(cells!.map(Number), `${x.id}: ${header}`).toEqual(values);
      }
    }
    await page.close();
  });

  test('the lab is set up for the experiment, and Undo brings the schedules back', async () => {
    const page = await s.newPage();
    await page.evaluate(() => localStorage.clear());
    await page.goto(s.url + '/');
    await settled(page, ['a', 'b']);
    await openFromGallery(page, 'PyTorch docs tables');
    await settled(page, ['1', '2', '3', '4', '5']);
    await page.getByRole('button', { name: 'Train it in the lab' }).click();
    const summary = page.getByTestId('train-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.innerText()).toMatch(/^5 runs \(5 schedules × 1 seed\)/);
    expect(await summary.innerText()).toMatch(/224 updates each \(16 per epoch × 14 epochs, batch 64/);
    await page.screenshot({ path: 'test-results/gallery-lab.png' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await settled(page, ['Warmup + cosine (HF)', 'StepLR (PyTorch)']);
    const names = await page.locator('.chart-legend li[data-testid^="curve-"]').allInnerTexts();
    expect(names.join('\n')).toMatch(/Warmup \+ cosine \(HF\)[\s\S]*StepLR \(PyTorch\)/);
    expect(await page.getByRole('region', { name: 'Settings' }).getByRole('spinbutton', { name: 'Total steps' }).inputValue()).toBe('1000');
    await page.close();
  });

  test('the gallery on a phone: every card readable, its Open button a full tap target', async () => {
    const page = await s.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Experiments', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Experiments' });
    const boxes = await dialog.getByRole('button', { name: /^Open / }).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes).toHaveLength(EXPERIMENTS.length);
    for (const b of boxes) {
      expect(b.height).toBeGreaterThanOrEqual(44);
      expect(b.right).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: 'test-results/gallery-phone.png' });
    await page.close();
  });
});
