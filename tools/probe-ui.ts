/** Dev probe: screenshots of the studio (desktop, phone; light, dark) and axe-core violations. Not part of CI. */
import { readFileSync } from 'node:fs';
import { startSession } from '../test/browser/harness';

const out = process.argv[2] ?? '/tmp/shots';
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const s = await startSession();
try {
  for (const [name, viewport] of [['desktop', { width: 1400, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await s.context.newPage();
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(s.url + '/');
      await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${out}/${name}-${scheme}.png`, fullPage: name === 'phone' });
      if (name === 'phone') {
        await page.locator('.editor input[type=range]').last().evaluate((el) => el.scrollIntoView({ block: 'end' }));
        await page.screenshot({ path: `${out}/${name}-${scheme}-editing.png` });
      }
      await page.evaluate(axeSource);
      const res = await page.evaluate(async () => {
        // @ts-expect-error axe is injected
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v: { id: string; nodes: { target: string[]; failureSummary: string }[] }) => `${v.id}: ${v.nodes.length} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' | ' + n.failureSummary.split('\n')[1]).join(' ;; ')}`);
      });
      console.log(name, scheme, res.length ? res : 'no violations');
      await page.close();
    }
  }
} finally {
  await s.close();
}
