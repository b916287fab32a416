/**
 * Sharing and persistence in real Chromium: "Copy link" puts the whole state in the URL (read back
 * from the clipboard), a new browser profile opening it finds the same schedules and settings; a
 * reload finds them again; a tampered link shows a message and a working studio; "Copy code"
 * copies one snippet per visible schedule.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import LZString from 'lz-string';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
});
afterAll(async () => {
  await s?.close();
});

const list = (page: Page) => page.getByRole('complementary', { name: 'Schedules' });
const editor = (page: Page) => page.getByRole('complementary', { name: 'Schedule parameters' });
const settings = (page: Page) => page.getByRole('region', { name: 'Settings' });
const names = (page: Page) => list(page).locator('.entry-title').allInnerTexts();
const picker = (page: Page) => page.getByRole('combobox', { name: 'Scheduler', exact: true });

/** What a person sees of the state: list, settings, curves (by legend data), selected form. */
async function visibleState(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="curve-"][data-pending="true"]').length === 0);
  const curves = await page.locator('[data-testid^="curve-"]').evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.legend-name')?.textContent,
      params: el.querySelector('.legend-params')?.textContent,
      length: el.getAttribute('data-length'),
      checksum: el.getAttribute('data-checksum'),
      color: el.getAttribute('data-color'),
    })),
  );
  const form = await editor(page)
    .locator('.params input[type=text]')
    .evaluateAll((els) => els.map((el) => [el.getAttribute('id') ? el.closest('.param')?.getAttribute('data-path') : '', (el as HTMLInputElement).value]));
  return {
    names: await names(page),
    visible: await list(page).locator('input[type=checkbox]').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked)),
    total: await settings(page).getByRole('spinbutton', { name: 'Total steps' }).inputValue(),
    perEpoch: await settings(page).getByRole('spinbutton', { name: 'Steps per epoch' }).inputValue(),
    stepping: await editor(page).getByRole('combobox', { name: 'Stepping' }).inputValue(),
    xAxis: await settings(page).getByRole('combobox', { name: 'X axis' }).inputValue(),
    selected: await editor(page).getByRole('heading').first().innerText(),
    curves,
    form,
  };
}

/** Builds a state by hand: settings, a renamed and edited schedule, a hidden one, a new one. */
async function makeState(page: Page) {
  await page.evaluate(() => localStorage.clear());
  await page.goto(s.url + '/');
  await page.getByTestId('curve-steplr').waitFor();
  await settings(page).getByRole('spinbutton', { name: 'Total steps' }).fill('3000');
  await settings(page).getByRole('spinbutton', { name: 'Steps per epoch' }).fill('150');
  await settings(page).getByRole('combobox', { name: 'X axis' }).selectOption('epoch');
  await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
  await editor(page).getByRole('textbox', { name: 'gamma', exact: true }).fill('0.37');
  await editor(page).getByRole('spinbutton', { name: 'step_size' }).fill('700');
  await editor(page).getByRole('combobox', { name: 'Stepping' }).selectOption('epoch');
  await list(page).getByRole('button', { name: 'Rename StepLR (PyTorch)' }).click();
  const box = list(page).getByRole('textbox', { name: 'New name for StepLR (PyTorch)' });
  await box.fill('Step γ=0.37');
  await box.press('Enter');
  await list(page).getByRole('checkbox', { name: 'Show Warmup + cosine (HF)' }).uncheck();
  await picker(page).fill('CosineDecayRestarts');
  await picker(page).press('Enter');
  await editor(page).getByRole('textbox', { name: 'first_decay_steps' }).or(editor(page).getByRole('spinbutton', { name: 'first_decay_steps' })).fill('400');
  await page.waitForTimeout(400); // the debounced save
}

describe('Copy link', () => {
  test('the copied link opens the same schedules and settings in a new browser profile', async () => {
    const page = await s.newPage();
    await makeState(page);
    const before = await visibleState(page);
    expect(before.names).toEqual(['Warmup + cosine (HF)', 'Step γ=0.37', 'CosineDecayRestarts (Keras)']);
    expect(before.visible).toEqual([false, true, true]);

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(`${s.url}/#s=`)).toBe(true);
    expect(await page.evaluate(() => location.href)).toBe(link);

    // A different profile (no shared localStorage): only the link carries the state.
    const other: BrowserContext = await s.browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const fresh = await other.newPage();
      const errors: string[] = [];
      fresh.on('pageerror', (e) => errors.push(String(e)));
      await fresh.goto(link);
      await fresh.getByRole('heading', { name: 'LR Schedule Studio' }).waitFor();
      await fresh.locator('[data-testid^="curve-"]').first().waitFor();
      const after = await visibleState(fresh);
      expect(after).toEqual(before);
      await expect.poll(() => fresh.getByTestId('notice').count()).toBe(0);
      await fresh.screenshot({ path: 'test-results/studio-link-opened.png' });
      expect(errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test('a reload finds everything again (URL and localStorage), and so does the bare address', async () => {
    const page = await s.newPage();
    await makeState(page);
    const before = await visibleState(page);
    await page.reload();
    await page.locator('[data-testid^="curve-"]').first().waitFor();
    expect(await visibleState(page)).toEqual(before);
    // Without the hash, the saved state restores it.
    await page.goto(s.url + '/');
    await page.locator('[data-testid^="curve-"]').first().waitFor();
    expect(await visibleState(page)).toEqual(before);
  });

  test('a tampered link shows a message and a working studio; a bad field in a link lands at its field', async () => {
    const page = await s.newPage();
    await page.evaluate(() => localStorage.clear());
    await page.goto('about:blank');
    await page.goto(s.url + '/#s=N4Ig-this-is-not-a-studio-link');
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/This link could not be opened: it is damaged/);
    await page.getByTestId('curve-steplr').waitFor();
    expect(await names(page)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)']);
    // The studio works: add a schedule.
    await picker(page).fill('ExponentialLR');
    await picker(page).press('Enter');
    await expect.poll(() => names(page)).toContain('ExponentialLR (PyTorch)');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);

    // A link whose StepLR has gamma "x": the schedule is kept, its form shows the error at gamma.
    const doc = {
      version: 2,
      settings: { totalSteps: 1000, stepsPerEpoch: 10, stepping: 'iteration', xAxis: 'step', yScale: 'linear' },
      schedules: [
        { id: 'bad', name: 'Tampered', color: '#123456', visible: true, spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 10, gamma: 'x' } } },
      ],
      selectedId: 'bad',
    };
    const link = JSON.stringify(doc);
    const other = await s.browser.newContext();
    try {
      const p2 = await other.newPage();
      await p2.goto(`${s.url}/#s=${LZString.compressToEncodedURIComponent(link)}`);
      await p2.getByTestId('notice').waitFor();
      expect(await p2.getByTestId('notice').innerText()).toMatch(/Tampered.*invalid parameter/);
      const err = p2.locator('.param[data-path="gamma"] .field-error');
      await err.waitFor();
      expect(await err.innerText()).toBe('must be a number (got "x")');
      expect(await p2.getByTestId('curve-bad').getAttribute('data-stale')).toBe('true');
      await p2.screenshot({ path: 'test-results/studio-tampered-link.png' });
    } finally {
      await other.close();
    }
  });
});

describe('Copy code', () => {
  test('copies the selected schedule, or every visible one with their imports once, each in its framework', async () => {
    const page = await s.newPage();
    await page.evaluate(() => localStorage.clear());
    await page.goto(s.url + '/');
    await page.getByTestId('curve-steplr').waitFor();
    // The selected schedule (the warmup + cosine) alone.
    await page.getByRole('button', { name: 'Copy code', exact: true }).click();
    await page.getByText('Code copied: “Warmup + cosine (HF)”.').waitFor();
    const one = await page.evaluate(() => navigator.clipboard.readText());
    expect(one).toContain('from transformers.optimization import get_cosine_schedule_with_warmup');
    expect(one).toContain('scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=1000)');
    expect(one).not.toContain('StepLR');

    await page.getByRole('button', { name: 'Copy all code' }).click();
    await page.getByText('Code copied: the visible schedules, imports shared.').waitFor();
    const code = await page.evaluate(() => navigator.clipboard.readText());
    expect(code).toContain('# Warmup + cosine (HF) (Hugging Face hf.cosine)');
    expect(code).toContain('from transformers.optimization import get_cosine_schedule_with_warmup');
    expect(code).toContain('scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=1000)');
    expect(code).toContain('from torch.optim.lr_scheduler import StepLR');
    expect(code).toContain('scheduler = StepLR(optimizer, step_size=300)');
    expect(code.match(/^import torch$/gm)).toHaveLength(1);
    expect(code.indexOf('import torch')).toBeLessThan(code.indexOf('# Warmup + cosine'));
    // The selected schedule's code is also shown in its panel.
    await editor(page).getByText('Python code').click();
    // (code export is a chunk of its own: "Loading…" until it arrives)
    await expect.poll(() => editor(page).getByTestId('code-block').innerText()).toContain('get_cosine_schedule_with_warmup');
  });
});
