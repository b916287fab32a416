/** Dev probe: keyboard paths (skip links, presets, shortcuts). Not part of CI. */
import { startSession } from '../test/browser/harness';

const s = await startSession();
const page = await s.newPage('/');
await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor();
const ae = () => page.evaluate(() => { const a = document.activeElement!; return a.tagName + '.' + a.className + ' ' + (a.textContent ?? '').slice(0, 30); });
await page.keyboard.press('Tab'); console.log('first tab', await ae());
await page.keyboard.press('Enter'); console.log('skip to chart', await ae());
let n = 0;
await page.reload();
await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor();
for (; n < 100; n++) { await page.keyboard.press('Tab'); const a = await ae(); if (a.includes('chart-overlay')) break; }
console.log('tabs to chart without skip link', n + 1);
await page.locator('.presets button').first().focus(); await page.keyboard.press('ArrowDown'); await page.keyboard.press('ArrowDown');
console.log('presets', await ae(), await page.getByTestId('preset-description').innerText());
await page.keyboard.press('Tab'); console.log('tab out of presets', await ae());
await page.locator('.presets button').first().focus();
await page.keyboard.press('?'); console.log('dialog open', await page.locator('dialog.shortcuts').evaluate((d: HTMLDialogElement) => d.open), await ae());
await page.screenshot({ path: '/tmp/shots/shortcuts.png' });
await page.keyboard.press('Escape'); console.log('dialog after esc', await page.locator('dialog.shortcuts').evaluate((d: HTMLDialogElement) => d.open), await ae());
await s.close();
