/**
 * Nothing a person types, opens or loses breaks the studio (issue #14, the studio's part), in real
 * Chromium: number fields that say why a text is not a number instead of misreading it; a link or
 * saved state with one unreadable schedule among good ones; a schedule whose lambda overflows;
 * storage that refuses to be written, and two tabs editing the same saved state.
 */
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

const editor = (page: Page) => page.getByRole('complementary', { name: 'Schedule parameters' });
const list = (page: Page) => page.getByRole('complementary', { name: 'Schedules' });
const settings = (page: Page) => page.getByRole('region', { name: 'Settings' });
const field = (page: Page, path: string) => editor(page).locator(`.param[data-path="${path}"]`);

/** A fresh page with a clean slate (no saved state from an earlier test). */
async function freshPage(path = '/'): Promise<Page> {
  const page = await s.newPage();
  await page.evaluate(() => localStorage.clear());
  await page.goto(s.url + path);
  await page.getByRole('heading', { name: 'LR Schedule Studio' }).waitFor();
  return page;
}

describe('number fields', () => {
  test('Total steps: "30, 80" is refused with the reason, never read as 3080; the last valid value stays', async () => {
    const page = await freshPage();
    const curve = page.getByTestId('curve-steplr');
    await curve.waitFor();
    const total = settings(page).getByRole('spinbutton', { name: 'Total steps' });
    await total.fill('2500');
    await expect.poll(() => curve.getAttribute('data-length')).toBe('2500');

    await total.fill('30, 80');
    const err = settings(page).locator('.field-error');
    await expect.poll(() => err.innerText()).toBe('total steps: "30, 80" is 2 numbers: this field takes one');
    expect(await total.inputValue()).toBe('30, 80');
    expect(await total.getAttribute('aria-invalid')).toBe('true');
    expect(await curve.getAttribute('data-length')).toBe('2500');

    await total.fill('1,000');
    await expect.poll(() => err.innerText()).toContain('write 1000 or 1_000');
    expect(await curve.getAttribute('data-length')).toBe('2500');

    // Python's notations are read.
    await total.fill('1_200');
    await expect.poll(() => curve.getAttribute('data-length')).toBe('1200');
    expect(await err.count()).toBe(0);
    await total.fill('3e3');
    await expect.poll(() => curve.getAttribute('data-length')).toBe('3000');
    await page.close();
  });

  test('a parameter: the reason at the field, the typed text kept, the last valid curve in effect (stale)', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const curve = page.getByTestId('curve-steplr');
    await curve.waitFor();
    const valid = await curve.getAttribute('data-checksum');
    const stepSize = editor(page).getByRole('spinbutton', { name: 'step_size' });

    await stepSize.fill('30, 80');
    const err = field(page, 'step_size').locator('.field-error');
    await expect.poll(() => err.innerText()).toBe('"30, 80" is 2 numbers: this field takes one');
    expect(await stepSize.inputValue()).toBe('30, 80');
    await expect.poll(() => curve.getAttribute('data-stale')).toBe('true');
    expect(await curve.getAttribute('data-checksum')).toBe(valid);

    // The engine names one parameter at a time: step_size first, fixed with Python's notation.
    await stepSize.fill('1_00');
    await expect.poll(() => err.count()).toBe(0);
    const gamma = editor(page).getByRole('textbox', { name: 'gamma', exact: true });
    await gamma.fill('0_.5');
    await expect.poll(() => field(page, 'gamma').locator('.field-error').innerText()).toBe(
      'an underscore may only stand between two digits, as in Python (1_000_000)',
    );
    expect(await gamma.inputValue()).toBe('0_.5');

    await expect.poll(() => curve.getAttribute('data-stale')).toBe('true');
    // Fixed: drawn, not stale.
    await gamma.fill('5e-1');
    await expect.poll(() => curve.getAttribute('data-stale')).toBe('false');
    expect(await err.count()).toBe(0);
    expect(await curve.getAttribute('data-checksum')).not.toBe(valid);
    await page.close();
  });

  test('a list editor names the item that is not a number', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('torch.MultiStepLR');
    await picker.press('Enter');
    const milestones = editor(page).getByRole('textbox', { name: 'milestones' });
    await milestones.fill('30, 8O');
    await expect.poll(() => field(page, 'milestones').locator('.field-error').innerText()).toBe('item 2: "8O" is not a number');
    expect(await milestones.inputValue()).toBe('30, 8O');
    await milestones.fill('30, 80');
    await expect.poll(() => field(page, 'milestones').locator('.field-error').count()).toBe(0);
    await page.close();
  });

  test('a training setup field: the reason at the field, the setup unchanged', async () => {
    const page = await freshPage('/#training');
    const batch = page.getByTestId('setup-batchSize');
    await batch.waitFor();
    const summary = await page.getByTestId('train-summary').innerText();
    await batch.fill('30, 80');
    const alert = page.getByTestId('training-setup').getByRole('alert');
    await expect.poll(() => alert.innerText()).toBe('"30, 80" is 2 numbers: this field takes one');
    expect(await batch.inputValue()).toBe('30, 80');
    expect(await page.getByTestId('train-summary').innerText()).toBe(summary);
    await batch.fill('1_28');
    await expect.poll(() => page.getByTestId('train-summary').innerText()).toContain('batch 128');
    await page.close();
  });
});
