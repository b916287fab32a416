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
  const line = chart.locator('.recharts-line-curve').first();
  await line.waitFor({ timeout: 30_000 });
  const d = await line.getAttribute('d');
  // A drawn polyline has many segments, not a flat placeholder.
  expect(d?.split('L').length ?? 0).toBeGreaterThan(50);
  await page.screenshot({ path: 'test-results/smoke.png' });
});
