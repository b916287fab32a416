import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

test('the built app opens in Chromium and draws a learning-rate curve', async () => {
  const page = await s.newPage();
  await page.getByRole('heading', { name: 'LR Schedule Studio' }).waitFor();
  const chart = page.getByTestId('lr-chart');
  const first = chart.locator('[data-testid^="curve-"][data-pending="false"]').first();
  await first.waitFor({ timeout: 30_000 });
  expect(Number(await first.getAttribute('data-points'))).toBeGreaterThan(50);
  const color = (await first.getAttribute('data-color'))!;
  // The curve is really painted: count canvas pixels in the schedule's colour.
  const painted = await chart.locator('canvas').first().evaluate((c: HTMLCanvasElement, hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) n++;
    }
    return n;
  }, color);
  expect(painted).toBeGreaterThan(200);
  await page.screenshot({ path: 'test-results/smoke.png' });
});
