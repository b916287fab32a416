/**
 * The studio's schedules and forms in real Chromium, used as a person would: pick a scheduler by
 * typing, drag a slider and watch the drawn curve change while dragging, type invalid values and
 * read the engine's message at the field (the chart keeps the last valid curve, marked stale),
 * edit nested children and lambdas, manage the list by buttons and keyboard, change settings.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDefinition, schedulers } from '../../src/schedules';
import { defaultDocument, linkFor } from '../../src/state/persist';
import { MAX_SCHEDULES } from '../../src/state/schema';
import { defaultName, initialSpec, type ScheduleEntry } from '../../src/state/studio';
import { drawnChecksum, settled } from './chartPage';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

/** A fresh page with a clean slate (no saved state from an earlier test). */
async function freshPage(): Promise<Page> {
  const page = await s.newPage();
  await page.evaluate(() => localStorage.clear());
  await page.goto(s.url + '/');
  await page.getByRole('heading', { name: 'LR Schedule Studio' }).waitFor();
  await page.getByTestId('curve-steplr').waitFor();
  return page;
}

const editor = (page: Page) => page.getByRole('complementary', { name: 'Schedule parameters' });
const list = (page: Page) => page.getByRole('complementary', { name: 'Schedules' });
const field = (page: Page, path: string) => editor(page).locator(`.param[data-path="${path}"]`);
const checksumOf = (curve: Locator) => curve.getAttribute('data-checksum');
const nextFrame = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

describe('picking schedulers', () => {
  test('typing a name in the Scheduler picker and pressing Enter adds it, selected, with its form', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.click();
    await picker.pressSequentially('CosineAnnealingLR');
    const popup = page.getByRole('listbox', { name: 'Schedulers' });
    await expect.poll(() => popup.getByRole('option').count()).toBeGreaterThan(0);
    // The exact name is the highlighted option.
    await expect.poll(() => popup.getByRole('option', { selected: true }).innerText()).toContain('torch.CosineAnnealingLR');
    await picker.press('Enter');
    await list(page).getByRole('button', { name: /^CosineAnnealingLR \(PyTorch\)/ }).waitFor();
    await expect.poll(() => editor(page).getByRole('heading').first().innerText()).toContain('CosineAnnealingLR (PyTorch)');
    await field(page, 'T_max').waitFor();
    const id = await list(page).locator('li.entry').last().getAttribute('data-entry-id');
    await page.getByTestId(`curve-${id}`).waitFor();
    await page.screenshot({ path: 'test-results/studio-picker-added.png' });
  });

  test('grouped by family, with arrow keys and a click', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.click();
    await page.getByRole('button', { name: 'by family' }).click();
    const groups = page.getByRole('listbox', { name: 'Schedulers' }).getByRole('group');
    await expect.poll(() => groups.count()).toBeGreaterThan(8);
    await expect.poll(() => groups.first().getAttribute('aria-labelledby')).toBeTruthy();
    await picker.fill('no such thing');
    await expect.poll(() => page.getByRole('listbox', { name: 'Schedulers' }).getByRole('option').count()).toBe(0);
    await page.getByText('No scheduler matches').waitFor();
    await picker.fill('onecycle');
    const names = await page.getByRole('listbox', { name: 'Schedulers' }).getByRole('option').allInnerTexts();
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.every((n) => /One-cycle|onecycle/i.test(n) || /OneCycle|onecycle/.test(n))).toBe(true);
    // Arrow keys move the highlight through the options as shown; Enter adds that one.
    const popup = page.getByRole('listbox', { name: 'Schedulers' });
    await picker.press('ArrowDown');
    await picker.press('ArrowDown');
    const chosen = (await popup.getByRole('option', { selected: true }).innerText()).split('\n')[0];
    expect(chosen).toBe(names[2].split('\n')[0]);
    await picker.press('Enter');
    await expect.poll(() => list(page).locator('.entry-title').last().innerText()).toContain(chosen);
    await picker.click();
    await picker.fill('warmup cosine');
    await page.screenshot({ path: 'test-results/studio-picker-family.png' });
    await page.getByRole('option', { name: /warmup_cosine_decay_schedule/ }).click();
    await list(page).getByRole('button', { name: /^warmup_cosine_decay_schedule \(Optax\)/ }).waitFor();
  });
});

describe('forms generated from the schema', () => {
  test('each control is labelled with the parameter name, shows its default, and its doc on focus', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const gamma = editor(page).getByRole('textbox', { name: 'gamma', exact: true });
    await expect.poll(() => gamma.inputValue()).toBe('0.1');
    await expect.poll(() => field(page, 'gamma').locator('.param-default').innerText()).toBe('default: 0.1');
    const doc = field(page, 'gamma').locator('.param-doc');
    expect(await doc.isVisible()).toBe(false);
    await gamma.focus();
    await expect.poll(() => doc.isVisible()).toBe(true);
    // The doc is also the control's description for assistive technology.
    const describedBy = (await gamma.getAttribute('aria-describedby'))!.split(' ');
    const texts = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(texts.join(' ')).toContain('Multiplicative factor');
    // Integer steppers and sliders are real controls with the parameter's name.
    await editor(page).getByRole('spinbutton', { name: 'step_size' }).waitFor();
    await editor(page).getByRole('slider', { name: 'lr' }).waitFor();
    expect(await editor(page).getByRole('slider', { name: 'lr' }).getAttribute('data-scale')).toBe('log');
  });

  test('dragging a slider with the mouse redraws the curve while dragging', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    // What the canvas shows: the legend follows a drag only a few times a second, the curve every input.
    const drawn = () => drawnChecksum(page, 'steplr');
    await expect.poll(drawn).not.toBeNull();
    const before = await drawn();
    const slider = editor(page).getByRole('slider', { name: 'gamma' });
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    const seen = new Set<string | null>();
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) {
      await page.mouse.move(box.x + box.width * (0.2 + k * 0.08), y, { steps: 2 });
      await nextFrame(page);
      seen.add(await drawn());
    }
    // Still holding the mouse button: the chart already changed several times.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    await page.mouse.up();
    expect(seen.has(before)).toBe(false);
    const gamma = Number(await editor(page).getByRole('textbox', { name: 'gamma', exact: true }).inputValue());
    expect(gamma).toBeGreaterThan(0.1);
    expect(gamma).toBeLessThanOrEqual(1);
    await page.screenshot({ path: 'test-results/studio-slider-dragged.png' });
  });

  test('arrow keys move a slider (and the curve)', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const curve = page.getByTestId('curve-steplr');
    const before = await checksumOf(curve);
    const slider = editor(page).getByRole('slider', { name: 'gamma' });
    await slider.focus();
    for (let i = 0; i < 40; i++) await slider.press('ArrowRight');
    const gamma = Number(await editor(page).getByRole('textbox', { name: 'gamma', exact: true }).inputValue());
    expect(gamma).toBeGreaterThan(0.1);
    await expect.poll(() => checksumOf(curve)).not.toBe(before);
    // ArrowUp in an integer field steps it.
    const stepSize = editor(page).getByRole('spinbutton', { name: 'step_size' });
    await stepSize.focus();
    await stepSize.press('ArrowUp');
    // A step count moves by its slider's step: about 1% of the 1000-step horizon.
    await expect.poll(() => stepSize.inputValue()).toBe('310');
  });

  test('an invalid value shows the engine message at the field; the chart keeps the last valid curve, marked stale', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const curve = page.getByTestId('curve-steplr');
    const valid = await checksumOf(curve);
    const stepSize = editor(page).getByRole('spinbutton', { name: 'step_size' });
    await stepSize.fill('12.5');
    const err = field(page, 'step_size').locator('.field-error');
    await expect.poll(() => err.innerText()).toBe('must be an integer (got 12.5)');
    expect(await stepSize.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => curve.getAttribute('data-stale')).toBe('true');
    expect(await checksumOf(curve)).toBe(valid);
    // The list marks it too; other schedules are untouched.
    expect(await list(page).locator('li.entry', { hasText: 'StepLR' }).innerText()).toContain('curve stale');
    expect(await page.getByTestId('curve-warmup-cosine').getAttribute('data-stale')).toBe('false');

    const gamma = editor(page).getByRole('textbox', { name: 'gamma', exact: true });
    await stepSize.fill('50');
    await gamma.fill('abc');
    await expect.poll(() => field(page, 'gamma').locator('.field-error').innerText()).toBe('must be a number (got "abc")');
    await expect.poll(() => field(page, 'step_size').locator('.field-error').count()).toBe(0);
    await page.screenshot({ path: 'test-results/studio-field-error.png' });

    // Fixing it redraws with the new values.
    await gamma.fill('0.5');
    await expect.poll(() => curve.getAttribute('data-stale')).toBe('false');
    expect(await checksumOf(curve)).not.toBe(valid);
    await expect.poll(() => field(page, 'gamma').locator('.field-error').count()).toBe(0);
    await expect.poll(() => page.locator('[role=alert]').filter({ hasText: 'Invalid input' }).count()).toBe(0);
  });

  test('a lambda code field shows the parse error inline; a valid lambda draws', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('LambdaLR');
    await picker.press('Enter');
    const code = editor(page).getByRole('textbox', { name: 'lr_lambda' });
    await code.fill('lambda epoch: 0.95 ** ');
    const err = field(page, 'lr_lambda').locator('.field-error');
    await err.waitFor();
    expect((await err.innerText()).length).toBeGreaterThan(5);
    await field(page, 'lr_lambda').locator('.expr-caret').waitFor();
    await code.fill('lambda epoch: 0.95 ** epoch');
    await expect.poll(() => err.count()).toBe(0);
    const id = await list(page).locator('li.entry').last().getAttribute('data-entry-id');
    const curve = page.getByTestId(`curve-${id}`);
    await expect.poll(() => curve.getAttribute('data-stale')).toBe('false');
    expect(Number(await curve.getAttribute('data-length'))).toBe(1000);
  });

  test('nested child editors: errors land at the child field; adding and removing children', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('SequentialLR');
    await picker.press('Enter');
    const children = editor(page).locator('fieldset.child');
    await expect.poll(() => children.count()).toBeGreaterThanOrEqual(2);
    const second = editor(page).getByRole('group', { name: 'schedulers[1]' });
    const firstParam = second.locator('.param').first();
    const path = await firstParam.getAttribute('data-path');
    expect(path).toMatch(/^schedulers\[1\]\./);
    const input = firstParam.locator('input[type=text]').first();
    await input.fill('-');
    await expect.poll(() => editor(page).locator(`.field-error[data-path="${path}"]`).count()).toBe(1);
    await page.screenshot({ path: 'test-results/studio-nested-error.png' });
    await second.getByRole('button', { name: 'Remove schedulers[1]' }).click();
    // One child fewer than milestones need: the engine says so at milestones.
    await expect.poll(() => editor(page).locator('.field-error').first().innerText()).toMatch(/milestones|schedulers/);
    await editor(page).getByRole('combobox', { name: 'Add a scheduler to schedulers' }).selectOption('torch.ExponentialLR');
    await expect.poll(() => children.count()).toBe(2);
    await expect.poll(() => editor(page).locator('.field-error').count()).toBe(0);
    // Child editors never offer the parent's lr.
    await expect.poll(() => editor(page).locator('fieldset.child .param[data-path$=".lr"]').count()).toBe(0);
  });

  test('numbers or schedules, lists and records (Paddle LinearWarmup, Optax sgdr_schedule)', async () => {
    const page = await freshPage();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('paddle LinearWarmup');
    await picker.press('Enter');
    await field(page, 'learning_rate').waitFor();
    await field(page, 'learning_rate').getByRole('radio', { name: 'scheduler' }).check();
    await editor(page).getByRole('combobox', { name: 'learning_rate scheduler' }).selectOption('paddle.CosineAnnealingDecay');
    await field(page, 'learning_rate.T_max').waitFor();
    await expect.poll(() => editor(page).locator('.field-error').count()).toBe(0);

    await picker.fill('sgdr_schedule');
    await picker.press('Enter');
    const records = editor(page).locator('fieldset.child');
    const n = await records.count();
    await editor(page).getByRole('button', { name: 'Add to cosine_kwargs' }).click();
    await expect.poll(() => records.count()).toBe(n + 1);
    const decay = editor(page).locator(`.param[data-path="cosine_kwargs[${n}].decay_steps"] input[type=text]`);
    await decay.fill('0');
    await expect.poll(() => editor(page).locator(`.field-error[data-path="cosine_kwargs[${n}].decay_steps"]`).count()).toBe(1);
  });
});

describe('forms that follow the horizon', () => {
  /** Adds a scheduler through the picker, as a person would, and waits for its form. */
  async function addThroughPicker(page: Page, id: string): Promise<void> {
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill(id);
    await expect.poll(() => page.getByRole('listbox', { name: 'Schedulers' }).getByRole('option', { selected: true }).innerText()).toContain(id);
    await picker.press('Enter');
    await expect.poll(() => list(page).locator('.entry-id').last().innerText()).toBe(id);
  }

  test('a new CosineAnnealingLR on a 1000-step chart has T_max 1000: one cosine over the chart', async () => {
    const page = await freshPage();
    await addThroughPicker(page, 'torch.CosineAnnealingLR');
    expect(await editor(page).getByRole('textbox', { name: 'T_max', exact: true }).inputValue()).toBe('1000');
    // A warmup takes 5% of the horizon, milestones are spread over it.
    await addThroughPicker(page, 'hf.linear');
    expect(await editor(page).getByRole('spinbutton', { name: 'num_warmup_steps' }).inputValue()).toBe('50');
    expect(await editor(page).getByRole('spinbutton', { name: 'num_training_steps' }).inputValue()).toBe('1000');
    await addThroughPicker(page, 'torch.MultiStepLR');
    expect(await editor(page).getByRole('textbox', { name: 'milestones' }).inputValue()).toBe('330, 670');
    // On another horizon, in the schedule's own steps.
    await page.getByRole('region', { name: 'Settings' }).getByRole('spinbutton', { name: 'Total steps' }).fill('6250');
    await addThroughPicker(page, 'keras.CosineDecay');
    expect(await editor(page).getByRole('textbox', { name: 'decay_steps', exact: true }).inputValue()).toBe('6250');
    // A step count switched from None back to a value is fitted too (not the definition's example of 1000).
    await addThroughPicker(page, 'torch.OneCycleLR');
    const none = editor(page).getByRole('checkbox', { name: 'total_steps = None' });
    await none.check();
    await expect.poll(() => field(page, 'total_steps').locator('.param-is-none').count()).toBe(1);
    await none.uncheck();
    await expect.poll(() => editor(page).getByRole('spinbutton', { name: 'total_steps' }).inputValue()).toBe('6250');
    await page.close();
  });

  test('at Total steps 1,000,000 a typed T_max of 1,000,000 is on its slider, and ArrowLeft moves it by 1%, not to 999', async () => {
    const page = await freshPage();
    await addThroughPicker(page, 'torch.CosineAnnealingLR');
    await page.getByRole('region', { name: 'Settings' }).getByRole('spinbutton', { name: 'Total steps' }).fill('1000000');
    const text = editor(page).getByRole('textbox', { name: 'T_max', exact: true });
    const slider = editor(page).getByRole('slider', { name: 'T_max', exact: true });
    await text.fill('1000000');
    await expect.poll(async () => Number(await slider.getAttribute('max'))).toBeGreaterThanOrEqual(1_000_000);
    await expect.poll(() => slider.inputValue()).toBe('1000000');
    await slider.focus();
    await slider.press('ArrowLeft');
    await expect.poll(() => text.inputValue()).toBe('990000');
    // The field's own arrow keys move by the same step.
    await text.focus();
    await text.press('ArrowUp');
    await expect.poll(() => text.inputValue()).toBe('1000000');
    // A value typed beyond the horizon is kept, and the slider widens to reach it.
    await text.fill('3000000');
    await expect.poll(async () => Number(await slider.getAttribute('max'))).toBeGreaterThanOrEqual(3_000_000);
    expect(await text.inputValue()).toBe('3000000');
    await expect.poll(() => slider.inputValue()).toBe('3000000');
    // Every step count follows the horizon: the HF warmup and StepLR's step_size span 0-1,000,000.
    await list(page).getByRole('button', { name: /^Warmup \+ cosine/ }).click();
    const warmup = editor(page).getByRole('slider', { name: 'num_warmup_steps' });
    await expect.poll(() => warmup.getAttribute('max')).toBe('1000000');
    expect(await warmup.getAttribute('step')).toBe('10000');
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    await expect.poll(() => editor(page).getByRole('slider', { name: 'step_size' }).getAttribute('max')).toBe('1000000');
    // In the schedule's own steps: stepped every epoch, 100,000 epochs of 10 updates.
    await editor(page).getByRole('combobox', { name: 'Stepping' }).selectOption('epoch');
    await expect.poll(() => editor(page).getByRole('slider', { name: 'step_size' }).getAttribute('max')).toBe('100000');
    await page.screenshot({ path: 'test-results/studio-forms-horizon.png' });
    await page.close();
  });

  test('"add" on an equivalent translates the parameters: the diff view says the two curves coincide', async () => {
    const page = await freshPage();
    await addThroughPicker(page, 'torch.StepLR');
    await editor(page).getByText('Same function in other frameworks').click();
    const row = editor(page).getByTestId('equivalent-paddle.StepDecay');
    await expect.poll(() => row.innerText()).toContain('same curve at every step');
    await row.getByRole('button', { name: 'Add paddle.StepDecay' }).click();
    await expect.poll(() => list(page).locator('.entry-id').last().innerText()).toBe('paddle.StepDecay');
    // step_size translated from the StepLR fitted to the horizon (330), not the example's.
    expect(await editor(page).getByRole('spinbutton', { name: 'step_size' }).inputValue()).toBe('330');
    await page.getByRole('radio', { name: 'Diff' }).check();
    await page.getByLabel('Diff: schedule A').selectOption({ label: 'StepLR (PyTorch) 2' });
    await page.getByLabel('Diff: schedule B').selectOption({ label: 'StepDecay (PaddlePaddle)' });
    await expect.poll(() => page.getByTestId('diff-summary').textContent()).toBe('StepLR (PyTorch) 2 and StepDecay (PaddlePaddle) are bit-for-bit identical at all 1,000 steps.');
    // A float32 framework's equivalent: the same curve to float32 precision.
    await list(page).getByRole('button', { name: /^Warmup \+ cosine/ }).click();
    const keras = editor(page).getByTestId('equivalent-keras.CosineDecay');
    await keras.getByRole('button', { name: 'Add keras.CosineDecay' }).click();
    await expect.poll(() => list(page).locator('.entry-id').last().innerText()).toBe('keras.CosineDecay');
    await page.getByLabel('Diff: schedule A').selectOption({ label: 'Warmup + cosine (HF)' });
    await page.getByLabel('Diff: schedule B').selectOption({ label: 'CosineDecay (Keras)' });
    await expect.poll(() => page.getByTestId('diff-summary').textContent()).toMatch(/^Warmup \+ cosine \(HF\) and CosineDecay \(Keras\) are equal to float32 precision at all 1,000 steps/);
    await page.screenshot({ path: 'test-results/studio-forms-equivalent-diff.png' });
    await page.close();
  });
});

describe('the schedule list', () => {
  test('rename, recolor, hide, duplicate, reorder, remove and undo, by buttons and keyboard', async () => {
    const page = await freshPage();
    const rows = list(page).locator('li.entry');
    const names = () => rows.locator('.entry-title').allInnerTexts();
    expect(await names()).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)']);

    await list(page).getByRole('button', { name: 'Rename StepLR (PyTorch)' }).click();
    const box = list(page).getByRole('textbox', { name: 'New name for StepLR (PyTorch)' });
    await box.fill('Step decay');
    await box.press('Enter');
    await expect.poll(names).toEqual(['Warmup + cosine (HF)', 'Step decay']);
    await expect.poll(() => page.getByTestId('curve-steplr').innerText()).toContain('Step decay');

    await list(page).getByLabel('Color of Step decay').fill('#ff0000');
    await expect.poll(() => page.getByTestId('curve-steplr').getAttribute('data-color')).toBe('#ff0000');

    await list(page).getByRole('checkbox', { name: 'Show Step decay' }).uncheck();
    await expect.poll(() => page.getByTestId('curve-steplr').count()).toBe(0);
    await list(page).getByRole('checkbox', { name: 'Show Step decay' }).check();
    await page.getByTestId('curve-steplr').waitFor();

    await list(page).getByRole('button', { name: 'Duplicate Step decay' }).click();
    await expect.poll(names).toEqual(['Warmup + cosine (HF)', 'Step decay', 'Step decay (copy)']);

    // Keyboard: Alt+ArrowUp moves the focused schedule; F2 renames; Delete removes.
    const copy = list(page).getByRole('button', { name: /^Step decay \(copy\)/ });
    await copy.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(names).toEqual(['Step decay (copy)', 'Warmup + cosine (HF)', 'Step decay']);
    // Focus follows the moved row in the next frame: wait for it before the next key.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Step decay (copy)');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Warmup + cosine (HF)');
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('HF cosine');
    await page.keyboard.press('Enter');
    await expect.poll(names).toEqual(['Step decay (copy)', 'HF cosine', 'Step decay']);
    await list(page).getByRole('button', { name: /^Step decay \(copy\)/ }).focus();
    await page.keyboard.press('Delete');
    await expect.poll(names).toEqual(['HF cosine', 'Step decay']);
    await page.screenshot({ path: 'test-results/studio-list.png' });
    await list(page).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(names).toEqual(['Step decay (copy)', 'HF cosine', 'Step decay']);

    await list(page).getByRole('button', { name: 'Move Step decay up' }).click();
    await expect.poll(names).toEqual(['Step decay (copy)', 'Step decay', 'HF cosine']);
    await list(page).getByRole('button', { name: 'Remove HF cosine' }).click();
    await expect.poll(names).toEqual(['Step decay (copy)', 'Step decay']);
  });
});

describe('scheduler docs', () => {
  test('module, description, paper and equivalents; the formula typeset by KaTeX at build time, no KaTeX JavaScript in the page', async () => {
    const page = await freshPage();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const docs = editor(page).getByRole('region', { name: 'About StepLR' });
    expect(await docs.innerText()).toContain('torch.optim.lr_scheduler.StepLR');
    const formula = docs.getByTestId('formula');
    await expect.poll(() => formula.getAttribute('data-typeset')).toBe('true');
    expect(await formula.locator('.katex').count()).toBeGreaterThan(0);
    expect(await formula.locator('math').count()).toBeGreaterThan(0);
    // The typeset HTML came from the build (one fragment per scheduler); KaTeX's script never loaded.
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    expect(resources.some((r) => /\/formulas\/torch\.StepLR\.html(\?|$)/.test(r))).toBe(true);
    expect(resources.filter((r) => /\.m?js(\?|$)/.test(r) && /katex/i.test(r))).toEqual([]);
    const scripts = await page.evaluate(async () =>
      Promise.all([...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((el) => fetch(el.src).then((r) => r.text()))),
    );
    for (const js of scripts) expect(js).not.toMatch(/renderToString|ParseError/);
    await page.screenshot({ path: 'test-results/studio-docs-formula.png' });
    // Another schedule's formula is typeset at once.
    await list(page).getByRole('button', { name: /^Warmup \+ cosine/ }).click();
    await expect.poll(() => editor(page).getByTestId('formula').getAttribute('data-typeset')).toBe('true');
    // An equivalent of another framework is one click away, with the parameters translated: HF cosine
    // (warmup 100, 1000 steps) is Keras CosineDecay with a 100-step warmup and a 900-step cosine.
    // The section (its own chunk) loads when opened.
    await editor(page).getByText('Same function in other frameworks').click();
    const row = editor(page).getByTestId('equivalent-keras.CosineDecay');
    expect(await row.innerText()).toContain('same curve for steps 0–1,000');
    await row.getByRole('button', { name: 'Add keras.CosineDecay' }).click();
    await expect.poll(() => list(page).locator('.entry-id').last().innerText()).toBe('keras.CosineDecay');
    // Keras takes float step lengths too: plain number fields
    expect(await editor(page).getByRole('textbox', { name: 'decay_steps' }).inputValue()).toBe('900');
    expect(await editor(page).getByRole('textbox', { name: 'warmup_steps' }).inputValue()).toBe('100');
  });

  test('when the typeset formula cannot be fetched, the LaTeX source shows with a note', async () => {
    const page = await s.context.newPage();
    await page.route('**/formulas/**', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto(s.url + '/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('curve-steplr').waitFor();
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    const formula = editor(page).getByTestId('formula');
    await expect.poll(() => formula.locator('.formula-note').count()).toBe(1);
    expect(await formula.getAttribute('data-typeset')).toBe('false');
    expect(await formula.locator('.tex-source').innerText()).toBe(getDefinition('torch.StepLR')!.formula);
    expect(await formula.locator('.formula-note').innerText()).toMatch(/could not be loaded.*404.*shown as LaTeX/);
    await page.close();
  });

  test('every scheduler\'s typeset formula fits the parameter panel (no horizontal scrolling) at 1400 × 900', async () => {
    // Every registered scheduler, opened through share links (as many per link as a list holds),
    // hidden so that nothing is drawn; each selected in turn from the list.
    const entries: ScheduleEntry[] = schedulers.map((d, i) => ({
      id: `f${i}`,
      name: defaultName(d.id),
      color: '#4e79a7',
      visible: false,
      spec: initialSpec(d.id),
      stepping: 'iteration',
    }));
    const base = defaultDocument();
    const scaled: string[] = [];
    for (let start = 0; start < entries.length; start += MAX_SCHEDULES) {
      const chunk = entries.slice(start, start + MAX_SCHEDULES);
      const page = await s.newPage(linkFor({ ...base, schedules: chunk, selectedId: chunk[0].id }, '/'));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      for (const [k, entry] of chunk.entries()) {
        const d = schedulers[start + k];
        await list(page).locator(`li.entry[data-entry-id="${entry.id}"] .entry-name`).click();
        const formula = editor(page).getByRole('region', { name: `About ${d.name}` }).getByTestId('formula');
        await expect.poll(() => formula.getAttribute('data-typeset'), { message: `${d.id} typeset` }).toBe('true');
        const fits = () => formula.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        await expect.poll(fits, { message: `${d.id}: the formula is wider than its panel` }).toBe(true);
        const fontSize = await formula.locator('.formula-body').evaluate((el) => el.style.fontSize);
        if (fontSize) scaled.push(`${d.id} (${fontSize})`);
      }
      await page.close();
    }
    // Formulas are split into lines where too wide; shrinking is the fallback for the few px left.
    if (scaled.length) console.log(`formulas shrunk to fit: ${scaled.join(', ')}`);
  });
});

describe('presets', () => {
  test('one click adds a preset with its own stepping, never changing the horizon; its horizon is offered, with undo', async () => {
    const page = await freshPage();
    const others = ['curve-steplr', 'curve-warmup-cosine'];
    const before = await Promise.all(others.map((t) => checksumOf(page.getByTestId(t))));
    const presets = page.getByRole('region', { name: 'Presets' });
    await presets.getByRole('button', { name: 'SGDR: warm restarts, T_0 = 10, T_mult = 2' }).click();
    await expect.poll(() => list(page).locator('.entry-title').last().innerText()).toBe('SGDR: warm restarts, T_0 = 10, T_mult = 2');
    await expect.poll(() => presets.getByRole('status').innerText()).toMatch(/Added .*stepped every epoch\. It was made for 15,000 steps, 100 per epoch/);
    const settings = page.getByRole('region', { name: 'Settings' });
    const total = settings.getByRole('spinbutton', { name: 'Total steps' });
    const perEpoch = settings.getByRole('spinbutton', { name: 'Steps per epoch' });
    // Nothing else changed: the horizon, the other curves.
    expect(await total.inputValue()).toBe('1000');
    expect(await perEpoch.inputValue()).toBe('10');
    expect(await Promise.all(others.map((t) => checksumOf(page.getByTestId(t))))).toEqual(before);
    // The editor shows its own stepping, and says what horizon it was made for.
    expect(await editor(page).getByRole('combobox', { name: 'Stepping' }).inputValue()).toBe('epoch');
    const note = editor(page).getByTestId('horizon-note');
    expect(await note.innerText()).toMatch(/made for 15,000 steps, 100 per epoch; the studio shows 1,000 steps, 10 per epoch/);
    const id = await list(page).locator('li.entry').last().getAttribute('data-entry-id');
    await note.getByRole('button', { name: 'Use 15,000 steps, 100 per epoch' }).click();
    await expect.poll(() => total.inputValue()).toBe('15000');
    expect(await perEpoch.inputValue()).toBe('100');
    await expect.poll(() => page.getByTestId(`curve-${id}`).getAttribute('data-length')).toBe('15000');
    await page.screenshot({ path: 'test-results/studio-preset.png' });
    await note.getByRole('button', { name: 'Undo: back to 1,000 steps, 10 per epoch' }).click();
    await expect.poll(() => total.inputValue()).toBe('1000');
    expect(await perEpoch.inputValue()).toBe('10');
    await expect.poll(() => Promise.all(others.map((t) => checksumOf(page.getByTestId(t))))).toEqual(before);
    // The offer stands until the studio's horizon is kept.
    await note.getByRole('button', { name: "Dismiss: keep the studio's horizon" }).click();
    await expect.poll(() => note.count()).toBe(0);
  });
});

describe('global settings', () => {
  test('total steps, steps per epoch, a schedule\'s own epoch stepping and the x axis; invalid input stays at the field', async () => {
    const page = await freshPage();
    const settings = page.getByRole('region', { name: 'Settings' });
    const curve = page.getByTestId('curve-steplr');
    const total = settings.getByRole('spinbutton', { name: 'Total steps' });
    await total.fill('2500');
    await expect.poll(() => curve.getAttribute('data-length')).toBe('2500');
    await total.fill('0');
    await expect.poll(() => settings.locator('.field-error').innerText()).toBe('total steps must be at least 1');
    await total.fill('-x');
    await expect.poll(() => settings.locator('.field-error').innerText()).toBe('total steps must be a whole number');
    expect(await curve.getAttribute('data-length')).toBe('2500');
    await total.fill('2000');
    await expect.poll(() => settings.locator('.field-error').count()).toBe(0);

    await settings.getByRole('spinbutton', { name: 'Steps per epoch' }).fill('100');
    // Both curves redrawn at 2,000 steps before they are compared (a loaded machine may lag).
    await expect.poll(() => curve.getAttribute('data-length')).toBe('2000');
    await expect.poll(() => page.getByTestId('curve-warmup-cosine').getAttribute('data-length')).toBe('2000');
    await settled(page);
    const before = await checksumOf(curve);
    const other = await checksumOf(page.getByTestId('curve-warmup-cosine'));
    // The settings bar holds the horizon only; the stepping is each schedule's own, in its editor.
    await expect.poll(() => settings.getByRole('combobox', { name: 'Scheduler steps' }).count()).toBe(0);
    await list(page).getByRole('button', { name: /^StepLR \(PyTorch\)/ }).click();
    await editor(page).getByRole('combobox', { name: 'Stepping' }).selectOption('epoch');
    // StepLR(step_size=300) stepped per epoch: the first decay comes after 300 epochs, past the end.
    await expect.poll(() => checksumOf(curve)).not.toBe(before);
    expect(await checksumOf(page.getByTestId('curve-warmup-cosine'))).toBe(other);
    await settings.getByRole('combobox', { name: 'X axis' }).selectOption('epoch');
    await expect.poll(() => page.getByTestId('lr-chart').innerText()).toMatch(/epoch/i);
    await page.screenshot({ path: 'test-results/studio-settings.png' });
  });
});
