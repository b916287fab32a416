/** Dev probe: the JS the first page load fetches (gzip sizes). Not part of CI; `npm run bench studio` reports the same figure. */
import { gzipSync } from 'node:zlib';
import { startSession } from '../test/browser/harness';

const s = await startSession();
const page = await s.context.newPage();
const got: Promise<[string, number]>[] = [];
page.on('response', (r) => {
  if (/\.m?js(\?|$)/.test(r.url())) got.push(r.body().then((b) => [r.url().split('/').pop()!, gzipSync(b).length]));
});
await page.goto(s.url + '/');
await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor();
await page.waitForTimeout(1500);
const all = await Promise.all(got);
for (const [n, g] of all) console.log((g / 1024).toFixed(1).padStart(7), n);
console.log('total', (all.reduce((a, [, g]) => a + g, 0) / 1024).toFixed(1), 'KiB gzip');
await s.close();
