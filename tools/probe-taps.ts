import { startSession } from '../test/browser/harness';
const s = await startSession();
const page = await s.context.newPage();
await page.setViewportSize({ width: 390, height: 844 });
await page.goto(s.url + '/#training');
await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor({ timeout: 30000 });
await page.waitForTimeout(1500);
const small = await page.evaluate(() => {
  const out: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [role=option], [tabindex]')) {
    const target = (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) || el;
    const r = target.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}[${(el as HTMLInputElement).type ?? ''}] ${Math.round(r.width)}x${Math.round(r.height)} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').slice(0, 30)} ${el.closest('[class]')?.className}`);
  }
  return out;
});
const counts = new Map<string, number>();
for (const l of small) { const k = l.replace(/ \d+x\d+ .*/, m => m.split(' ').slice(0,2).join(' ')); counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log(small.length, small); for (const [k, v] of counts) console.log(v, k);
const scrollW = await page.evaluate(() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('.tl-table-wrap')].map(e => e.scrollWidth)]);
console.log('scrollWidths', scrollW);
await s.close();
