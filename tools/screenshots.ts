/**
 * The README's screenshots, from the production build (run `npm run build` first):
 * `node --import tsx tools/screenshots.ts` writes docs/screenshot.png (desktop, light),
 * docs/screenshot-dark.png (desktop, dark), docs/screenshot-phone.png (a phone, while a slider is edited),
 * docs/screenshot-gallery.png (the Experiments gallery) and docs/screenshot-paddle.png (the Paddle 2.0 tutorial's
 * experiment opened from it).
 */
import { startSession } from '../test/browser/harness';

const s = await startSession();
try {
  const shots = [
    { file: 'docs/screenshot.png', viewport: { width: 1400, height: 900 }, scheme: 'light' },
    { file: 'docs/screenshot-dark.png', viewport: { width: 1400, height: 900 }, scheme: 'dark' },
    { file: 'docs/screenshot-phone.png', viewport: { width: 390, height: 844 }, scheme: 'light' },
    { file: 'docs/screenshot-gallery.png', viewport: { width: 1400, height: 900 }, scheme: 'light', gallery: 'show' },
    { file: 'docs/screenshot-paddle.png', viewport: { width: 1400, height: 900 }, scheme: 'light', gallery: 'Paddle 2.0 tutorial' },
  ] as const;
  for (const shot of shots) {
    const page = await s.context.newPage();
    await page.setViewportSize(shot.viewport);
    await page.emulateMedia({ colorScheme: shot.scheme });
    await page.goto(s.url + '/');
    await page.getByTestId('lr-chart').locator('[data-testid^="curve-"][data-pending="false"]').first().waitFor({ timeout: 30_000 });
    if (shot.viewport.width < 760) {
      // The plot at the top, the form under it, as while dragging a slider.
      await page.locator('.editor input[type=range]').nth(1).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    }
    if ('gallery' in shot) {
      await page.getByRole('button', { name: 'Experiments', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Experiments' });
      await dialog.waitFor();
      if (shot.gallery !== 'show') {
        await dialog.getByRole('button', { name: `Open ${shot.gallery}` }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.waitForFunction(() => {
          const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
          return items.length > 2 && items.every((li) => li.dataset.pending !== 'true');
        });
      }
    }
    await page.waitForTimeout(600);
    await page.screenshot({ path: shot.file });
    console.log(`wrote ${shot.file}`);
    await page.close();
  }
} finally {
  await s.close();
}
