/**
 * The momentum that torch's CyclicLR and OneCycleLR set (cycle_momentum, on by default), as a person sees and
 * exports it: a "Momentum" toggle draws it under the lr chart, the CSV has a momentum column per such schedule
 * equal to the engine's evaluateMomentum (held per epoch for epoch stepping), and turning cycle_momentum off in
 * the form removes both.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluateMomentum, type ScheduleSpec } from '../../src/schedules';
import { entry, link, settled } from './chartPage';
import { beyondUlps, exportColumns } from './csvExport';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

const ONE_CYCLE: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 1000 } };
const PER_EPOCH: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.05, total_steps: 10, three_phase: true } };
const STEP: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300 } };

describe('momentum of cycle_momentum schedulers', () => {
  test('drawn under the chart on demand, exported exactly, gone with cycle_momentum=False', async () => {
    const page = await s.newPage(
      link(
        [
          entry('oc', 'One cycle', '#4e79a7', ONE_CYCLE),
          entry('ep', 'Per epoch', '#f28e2b', PER_EPOCH, true, 'epoch'),
          entry('st', 'Step', '#e15759', STEP),
        ],
        { totalSteps: 1000, stepsPerEpoch: 100 },
      ),
    );
    await settled(page);
    const toggle = page.getByRole('checkbox', { name: 'Momentum', exact: true });
    await expect.poll(() => toggle.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('momentum-chart').count()).toBe(0);
    await toggle.check();
    const chart = page.getByTestId('momentum-chart');
    await chart.waitFor();
    // One line per schedule that sets the momentum; StepLR has none.
    await expect.poll(() => chart.locator('path[data-testid^="momentum-"]').count()).toBe(2);
    const d = (await page.getByTestId('momentum-oc').getAttribute('d')) ?? '';
    expect(d.split(/[ML]/).length).toBeGreaterThan(100);
    expect(await chart.getAttribute('aria-label')).toMatch(/One cycle, Per epoch, from 0\.8\d* to 0\.9\d*/);

    const cols = await exportColumns(page);
    const oc = evaluateMomentum(ONE_CYCLE, 1000)!;
    expect(beyondUlps(cols.get('One cycle momentum'), oc)).toBeNull();
    const perEpoch = evaluateMomentum(PER_EPOCH, 10)!;
    expect(beyondUlps(cols.get('Per epoch momentum'), Array.from({ length: 1000 }, (_, i) => perEpoch[Math.floor(i / 100)]))).toBeNull();
    expect(cols.has('Step momentum')).toBe(false);
    // OneCycleLR lowers the momentum while the lr rises: lowest where the lr peaks.
    const lr = cols.get('One cycle (every iteration)')!.map(Number);
    const peak = lr.indexOf(Math.max(...lr));
    expect(Math.min(...oc)).toBe(oc[peak]);

    // cycle_momentum=False: the column and the line go.
    await page.getByText('One cycle', { exact: true }).first().click();
    await page.getByRole('checkbox', { name: 'cycle_momentum', exact: true }).uncheck();
    await expect.poll(() => chart.locator('path[data-testid^="momentum-"]').count()).toBe(1);
    await settled(page);
    const after = await exportColumns(page);
    expect(after.has('One cycle momentum')).toBe(false);
    expect(after.has('Per epoch momentum')).toBe(true);
    await page.close();
  });

  test('the PNG export holds the momentum chart as shown, under the lr chart', async () => {
    const page = await s.newPage(link([entry('oc', 'One cycle', '#4e79a7', ONE_CYCLE), entry('st', 'Step', '#e15759', STEP)], { totalSteps: 1000, stepsPerEpoch: 100 }));
    await settled(page);
    await page.getByRole('checkbox', { name: 'Momentum', exact: true }).check();
    const chart = page.getByTestId('momentum-chart');
    await chart.waitFor();
    const fig = (await page.locator('figure.chart-figure').boundingBox())!;
    const box = (await chart.boundingBox())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    const png = readFileSync(await download.path()).toString('base64');
    // The momentum chart's area of the PNG (the figure at twice its size): per column, the rows in
    // the line's blue; the screen's SVG, rasterized the same way, for comparison.
    const blueRows = (source: string | null) =>
      page.evaluate(
        async ([png, a]) => {
          const c = new OffscreenCanvas(Math.round(2 * a.w), Math.round(2 * a.h));
          const ctx = c.getContext('2d')!;
          if (png) {
            const bytes = Uint8Array.from(atob(png), (ch) => ch.charCodeAt(0));
            ctx.drawImage(await createImageBitmap(new Blob([bytes], { type: 'image/png' })), -2 * a.x, -2 * a.y);
          } else {
            const svg = document.querySelector('[data-testid="momentum-chart"]')!;
            const img = new Image();
            img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
            await img.decode();
            ctx.drawImage(img, 0, 0, 2 * a.w, 2 * a.h);
          }
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          const perColumn: number[] = [];
          // Per band of 8 pixel columns (the line is dashed): its pixels in the blue.
          for (let x0 = 0; x0 < c.width; x0 += 8) {
            let n = 0;
            for (let x = x0; x < Math.min(c.width, x0 + 8); x++) {
              for (let y = 0; y < c.height; y++) {
                const i = 4 * (y * c.width + x);
                if (Math.abs(d[i] - 78) + Math.abs(d[i + 1] - 121) + Math.abs(d[i + 2] - 167) < 60) n++;
              }
            }
            perColumn.push(n);
          }
          return perColumn;
        },
        [source, { x: box.x - fig.x, y: box.y - fig.y, w: box.width, h: box.height }] as const,
      );
    const crossed = (cols: number[]) => cols.filter((n) => n > 0).length;
    const inPng = await blueRows(png);
    const onScreen = await blueRows(null);
    // The line crosses the plot's columns (the y axis labels take the left part), in the PNG as on screen.
    expect(crossed(onScreen)).toBeGreaterThan(onScreen.length * 0.5);
    expect(Math.abs(crossed(inPng) - crossed(onScreen))).toBeLessThanOrEqual(onScreen.length * 0.05);
    await page.close();
  });
});
