/**
 * Every screen and every hand: the theme (system, toggle, remembered), the phone layout (the chart in view
 * while a slider moves, lab tables without horizontal scroll, tap targets), and axe-core with zero
 * violations on the studio, the open picker and the lab before and after training, desktop and phone, light
 * and dark.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

async function open(viewport: { width: number; height: number }, scheme: 'light' | 'dark', path = '/'): Promise<Page> {
  const page = await s.context.newPage();
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(s.url + path);
  await page.getByTestId('lr-chart').locator('[data-testid^="curve-"][data-pending="false"]').first().waitFor({ timeout: 30_000 });
  return page;
}

/** axe-core's violations on the page as it is now, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE); // not an inline <script>: the page's CSP refuses those
  return page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

/** Starts a comparison of 10 updates per run and returns the run rows once they are listed. */
async function startShortTraining(page: Page) {
  await page.getByTestId('setup-trainExamples').fill('320');
  await page.getByTestId('setup-batchSize').fill('32');
  await page.getByTestId('setup-epochs').fill('1');
  await page.getByTestId('setup-epochs').blur();
  await page.getByTestId('train').click();
  const rows = page.getByTestId('run-queue').locator('tbody tr');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  return rows;
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body.closest('html')!).backgroundColor);
const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('theme', () => {
  test('follows the system, and the toggle overrides it, is remembered and colours the chart', async () => {
    const page = await open(DESKTOP, 'dark');
    expect(luminance(await background(page))).toBeLessThan(60);
    const tick = page.locator('.recharts-cartesian-axis-tick-value').first();
    const tickFill = () => tick.evaluate((el) => getComputedStyle(el).fill);
    expect(luminance(await tickFill())).toBeGreaterThan(150); // light text on the dark chart

    const theme = page.getByRole('group', { name: 'Theme' });
    await theme.getByRole('button', { name: 'Light' }).click();
    await expect.poll(async () => luminance(await background(page))).toBeGreaterThan(200);
    expect(luminance(await tickFill())).toBeLessThan(120);
    await expect.poll(() => theme.getByRole('button', { name: 'Light' }).getAttribute('aria-pressed')).toBe('true');

    // Remembered across a reload, whatever the system says.
    await page.reload();
    await page.getByTestId('lr-chart').locator('[data-pending="false"]').first().waitFor();
    expect(luminance(await background(page))).toBeGreaterThan(200);
    await theme.getByRole('button', { name: 'Auto' }).click();
    await expect.poll(async () => luminance(await background(page))).toBeLessThan(60);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => luminance(await background(page))).toBeGreaterThan(200);
    await page.close();
  });

  test('a PNG exported in dark mode is light unless asked for as shown', async () => {
    const page = await open(DESKTOP, 'dark');
    const cornerOf = async (choice: 'light' | 'shown') => {
      await page.getByLabel('PNG colours').selectOption(choice);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
      const bytes = readFileSync((await dl.path())!);
      return page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const [r, g, b] = ctx.getImageData(2, 2, 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      }, bytes.toString('base64'));
    };
    expect(luminance(await cornerOf('light'))).toBeGreaterThan(240);
    expect(luminance(await cornerOf('shown'))).toBeLessThan(60);
    // The screen stayed dark throughout.
    expect(luminance(await background(page))).toBeLessThan(60);
    await page.close();
  });
});

describe('phone', () => {
  test('the chart stays in view while a slider of the form is dragged', async () => {
    const page = await open(PHONE, 'light', '/');
    // A long form: OneCycleLR from the picker.
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.scrollIntoViewIfNeeded();
    await picker.fill('torch.OneCycleLR');
    await picker.press('Enter');
    // pct_start sits low in the long form (and, unlike the momentum arguments, moves the lr).
    const slider = page.getByRole('slider', { name: 'pct_start', exact: true });
    await slider.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const plot = page.getByTestId('lr-chart').locator('.chart-plot');
    const inView = async (box: { y: number; height: number } | null) => !!box && box.y >= 0 && box.y + box.height <= PHONE.height;
    const sbox = (await slider.boundingBox())!;
    expect(await inView(sbox)).toBe(true);
    expect(await inView(await plot.boundingBox())).toBe(true);

    const curve = page.getByTestId('lr-chart').locator('[data-testid^="curve-"]').last();
    const before = await curve.getAttribute('data-checksum');
    await page.mouse.move(sbox.x + sbox.width * 0.3, sbox.y + sbox.height / 2);
    await page.mouse.down();
    await page.mouse.move(sbox.x + sbox.width * 0.8, sbox.y + sbox.height / 2, { steps: 5 });
    expect(await inView(await plot.boundingBox())).toBe(true);
    expect(await inView(await slider.boundingBox())).toBe(true);
    await page.mouse.up();
    await expect.poll(() => curve.getAttribute('data-checksum')).not.toBe(before);
    await page.close();
  });

  test('every tap target is at least 24 x 24 px, and the lab tables fit the screen with their buttons', async () => {
    const page = await open(PHONE, 'light', '/?debug-training#training');
    await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
    const small = () =>
      page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [tabindex]')) {
          // A checkbox or radio is clicked through its label too; links inside running text are exempt (WCAG 2.5.8).
          if (el.matches('p a, li a')) continue;
          const target = (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) || el;
          const r = target.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.width < 23.5 || r.height < 23.5) out.push(`${el.outerHTML.slice(0, 80)} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
        }
        return out;
      });
    expect(await small()).toEqual([]);

    // Train two short runs; their rows and results are cards in the screen's width.
    const rows = await startShortTraining(page);
    const pause = rows.first().getByRole('button', { name: 'Pause' });
    const pbox = (await pause.boundingBox())!;
    expect(pbox.x + pbox.width).toBeLessThanOrEqual(PHONE.width);
    expect(pbox.height).toBeGreaterThanOrEqual(44);
    await expect
      .poll(() => rows.evaluateAll((rs) => rs.every((r) => ['done', 'diverged', 'failed', 'stopped'].includes(r.getAttribute('data-status') ?? ''))), { timeout: 120_000 })
      .toBe(true);
    const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('.tl-table-wrap')].map((e) => e.scrollWidth - e.clientWidth)]);
    expect(overflow[0]).toBeLessThanOrEqual(PHONE.width);
    for (const o of overflow.slice(1)) expect(o).toBeLessThanOrEqual(0);
    expect(await small()).toEqual([]);
    await page.close();
  });
});

describe('axe-core', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`no violations on the studio and the open picker: ${name}, ${scheme}`, async () => {
        const page = await open(viewport, scheme);
        expect(await axeViolations(page)).toEqual([]);
        const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
        await picker.scrollIntoViewIfNeeded();
        await picker.click();
        await picker.fill('cos');
        await page.getByRole('listbox').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await page.close();
      });
    }
  }

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`no violations on the lab before and after training: ${name}, light and dark`, async () => {
      const page = await open(viewport, 'light', '/?debug-training#training');
      await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
      expect(await axeViolations(page)).toEqual([]);
      const rows = await startShortTraining(page);
      await expect
        .poll(
          () => rows.evaluateAll((rs) => rs.length > 0 && rs.every((r) => ['done', 'diverged', 'failed', 'stopped'].includes(r.getAttribute('data-status') ?? ''))),
          { timeout: 120_000 },
        )
        .toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }
});

describe('keyboard', () => {
  const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.className} ${document.activeElement?.textContent?.slice(0, 40)}`);

  test('a skip link reaches the chart in two keys; the presets are one tab stop with arrows inside', async () => {
    const page = await open(DESKTOP, 'light');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('Skip to the chart');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toContain('chart-overlay');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('lr-chart').locator('.chart-readout').innerText()).toMatch(/step|update/);

    // Presets: Tab enters at one preset, arrows move inside, Tab leaves the whole group.
    const presets = page.locator('.presets button:not([disabled])');
    await expect.poll(() => page.locator('.presets button[tabindex="0"]').count()).toBe(1);
    await presets.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = await presets.nth(2).innerText();
    expect(await focused(page)).toContain(third.slice(0, 30));
    await expect.poll(() => page.getByTestId('preset-description').innerText()).toContain(third);
    await page.keyboard.press('End');
    expect(await focused(page)).toContain((await presets.last().innerText()).slice(0, 30));
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toMatch(/^BUTTON\b.*Paddle tutorial/);
    // Enter on a preset adds it.
    const before = await page.locator('.schedule-list li').count();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.schedule-list li').count()).toBe(before + 1);
    await page.close();
  });

  test('focus stays in the scheduler search after adding; "?" opens the shortcuts and Escape gives focus back', async () => {
    const page = await open(DESKTOP, 'light');
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.click();
    await picker.fill('StepLR');
    await picker.press('Enter');
    expect(await focused(page)).toMatch(/^INPUT/);
    await picker.press('Escape');
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);

    // "?" while typing is a character, not a shortcut.
    await picker.press('?');
    expect(await page.locator('dialog.shortcuts').evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    const link = page.getByRole('button', { name: 'Copy link' });
    await link.focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Alt+↑ Alt+↓');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focused(page)).toContain('Copy link');
    await page.close();
  });
});

describe('small frictions', () => {
  test('the "Removed … Undo" notice goes away by itself', async () => {
    const page = await open(DESKTOP, 'light');
    await page.getByRole('button', { name: 'Remove StepLR (PyTorch)', exact: true }).click();
    const undo = page.locator('.schedule-list .undo');
    await expect.poll(() => undo.textContent()).toContain('Removed “StepLR (PyTorch)”.');
    await expect.poll(() => undo.count(), { timeout: 15_000, interval: 500 }).toBe(0);
    await page.close();
  });
});
