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
  // The curves are drawn on a canvas inside the Recharts frame; each legend entry reports its points.
  const line = chart.locator('[data-testid^="curve-"][data-points]').first();
  await line.waitFor({ timeout: 30_000 });
  await expect.poll(async () => Number(await line.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(50);
  await page.screenshot({ path: 'test-results/smoke.png' });
});
