/**
 * Nothing a person types, opens or loses breaks the studio (issue #14, the studio's part), in real
 * Chromium: number fields that say why a text is not a number instead of misreading it; a link or
 * saved state with one unreadable schedule among good ones; a schedule whose lambda overflows;
 * storage that refuses to be written, and two tabs editing the same saved state.
 */
import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultDocument, linkFor, SET_ASIDE_KEY, STORAGE_KEY } from '../../src/state/persist';
import { toStored } from '../../src/state/schema';
import type { ScheduleEntry } from '../../src/state/studio';
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
const names = (page: Page) => list(page).locator('.entry-title').allInnerTexts();

/** A fresh page with a clean slate (no saved state from an earlier test). */
async function freshPage(path = '/'): Promise<Page> {
  const page = await s.newPage();
  await page.evaluate(() => localStorage.clear());
  await page.goto(s.url + path);
  await page.getByRole('heading', { name: 'LR Schedule Studio' }).waitFor();
  return page;
}

/** Waits until every legend entry has been computed. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
    return items.length > 0 && items.every((li) => li.dataset.pending !== 'true');
  });
}

function entry(id: string, name: string, color: string, scheduler: string, params: Record<string, unknown>): ScheduleEntry {
  return { id, name, color, visible: true, spec: { scheduler, params }, stepping: 'iteration' };
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
    await expect.poll(() => err.count()).toBe(0);
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
    await expect.poll(() => err.count()).toBe(0);
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

describe('opening a link or saved state with one bad schedule', () => {
  const good = [
    entry('cos', 'Cosine', '#4e79a7', 'torch.CosineAnnealingLR', { lr: 0.1, T_max: 500 }),
    entry('step', 'Step', '#f28e2b', 'torch.StepLR', { lr: 0.1, step_size: 300, gamma: 0.5 }),
  ];
  let deep: unknown = { scheduler: 'torch.StepLR', params: { step_size: 10 } };
  for (let i = 0; i < 200; i++) deep = { scheduler: 'paddle.LinearWarmup', params: { learning_rate: deep, warmup_steps: 5, start_lr: 0, end_lr: 0.1 } };
  /** A link as the app writes them, with a tampered schedule in the middle. */
  function tamperedLink(): string {
    const doc = toStored({ ...defaultDocument(), schedules: good, selectedId: 'cos' });
    const raw = { ...doc, schedules: [doc.schedules[0], { id: 'deep', name: 'Too deep', color: '#e15759', visible: true, spec: deep }, doc.schedules[1]] };
    return `/#s=${LZString.compressToEncodedURIComponent(JSON.stringify(raw))}`;
  }

  test('the good schedules load, the notice says which one was left out and why, and the original link can be downloaded', async () => {
    const path = tamperedLink();
    const page = await freshPage(path);
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    await settled(page);
    expect(await names(page)).toEqual(['Cosine', 'Step']);
    expect(await notice.locator('.notice-items li').allInnerTexts()).toEqual(['schedule 2 ("Too deep") was dropped: it is nested too deeply']);
    expect(await notice.innerText()).toContain('The link was opened, except for what could not be read (below); the original is kept, to copy or download');

    // Editing saves the loaded part over the address bar and storage: the original stays downloadable.
    await list(page).getByRole('checkbox', { name: 'Show Step' }).uncheck();
    await page.waitForFunction((key) => localStorage.getItem(key) !== null, STORAGE_KEY);
    const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toBe(s.url + path);
    // ... and it is stored under the recovery key.
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), SET_ASIDE_KEY);
    expect(kept[0]).toMatchObject({ what: 'the original link', text: s.url + path });
    await page.screenshot({ path: 'test-results/studio-partial-link.png' });
    await page.close();
  });

  test('the same from a saved state: the good schedules, the bad one named, its text kept aside', async () => {
    const page = await freshPage();
    const doc = toStored({ ...defaultDocument(), schedules: good, selectedId: 'cos' });
    const text = JSON.stringify({ ...doc, schedules: [doc.schedules[0], { ...doc.schedules[1], color: 'tomato' }], training: { ...doc.training, batchSize: -1 } });
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [STORAGE_KEY, text] as const);
    await page.goto(s.url + '/');
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await names(page)).toEqual(['Cosine']);
    const items = await notice.locator('.notice-items li').allInnerTexts();
    expect(items[0]).toBe('schedule 2 ("Step") was dropped: color: a color is #rrggbb');
    expect(items[1]).toMatch(/^the training setup had invalid values, which use their defaults \(batchSize: /);
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), SET_ASIDE_KEY);
    expect(kept[0]).toMatchObject({ what: 'the original saved state', text });
    await page.close();
  });
});

describe('saving the state', () => {
  test('storage that refuses writes: the page says so, keeps working and the state in memory, and saves once it can', async () => {
    const page = await s.newPage();
    await page.evaluate(() => localStorage.clear());
    // As in private mode or with a full quota: every localStorage.setItem throws, until the test lets it.
    await page.addInitScript(() => {
      const w = window as unknown as { __refuseWrites: boolean };
      w.__refuseWrites = true;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
        if (w.__refuseWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        setItem.call(this, key, value);
      };
    });
    await page.goto(s.url + '/');
    await page.getByTestId('curve-steplr').waitFor();
    const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
    await picker.fill('ExponentialLR');
    await picker.press('Enter');
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^Your changes could not be saved in this browser \(QuotaExceededError: The quota has been exceeded\.\)\. They are kept in this tab/);
    // The studio keeps working: another schedule, drawn; the address bar's link carries all of it.
    await picker.fill('OneCycleLR');
    await picker.press('Enter');
    await expect.poll(() => names(page)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)', 'ExponentialLR (PyTorch)', 'OneCycleLR (PyTorch)']);
    await settled(page);
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBeNull();
    await expect.poll(() => page.evaluate(() => location.hash.startsWith('#s='))).toBe(true);
    // "Try again now" while it still fails: still says so.
    await notice.getByRole('button', { name: 'Try again now' }).click();
    await expect.poll(() => notice.innerText()).toMatch(/tries so far/);

    // Storage works again: the retry saves without a click, and the page says so.
    await page.evaluate(() => ((window as unknown as { __refuseWrites: boolean }).__refuseWrites = false));
    await expect.poll(() => notice.innerText(), { timeout: 40_000 }).toMatch(/^Saved: your changes are stored in this browser again\./);
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), STORAGE_KEY);
    expect(saved.schedules.map((e: { name: string }) => e.name)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)', 'ExponentialLR (PyTorch)', 'OneCycleLR (PyTorch)']);
    await page.close();
  });

  test('two tabs editing the same saved state: each is told when the other saved, and nothing is lost', async () => {
    const one = await freshPage();
    await one.getByTestId('curve-steplr').waitFor();
    const two = await s.newPage();
    await two.getByTestId('curve-steplr').waitFor();

    const rename = async (page: Page, from: string, to: string) => {
      await list(page).getByRole('button', { name: `Rename ${from}` }).click();
      const box = list(page).getByRole('textbox', { name: `New name for ${from}` });
      await box.fill(to);
      await box.press('Enter');
    };
    await rename(one, 'StepLR (PyTorch)', 'Step of tab one');
    const noticeTwo = two.getByTestId('storage-notice');
    await noticeTwo.waitFor();
    expect(await noticeTwo.innerText()).toMatch(/^Another tab of the studio saved its state\. This tab keeps showing its own/);
    expect(await names(two)).toEqual(['Warmup + cosine (HF)', 'StepLR (PyTorch)']);

    // Tab two edits anyway: its save replaces tab one's, which is set aside and announced in tab one.
    await rename(two, 'Warmup + cosine (HF)', 'Cosine of tab two');
    const noticeOne = one.getByTestId('storage-notice');
    await noticeOne.waitFor();
    await expect.poll(() => two.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').schedules?.[0]?.name, STORAGE_KEY)).toBe('Cosine of tab two');
    const kept = await two.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), SET_ASIDE_KEY);
    expect(kept[0].what).toBe('the state another tab saved');
    expect(JSON.parse(kept[0].text).schedules.map((e: { name: string }) => e.name)).toEqual(['Warmup + cosine (HF)', 'Step of tab one']);

    // Tab one opens tab two's state; its own is kept, to download.
    await noticeOne.getByRole('button', { name: "Open the other tab's state" }).click();
    await expect.poll(() => names(one)).toEqual(['Cosine of tab two', 'StepLR (PyTorch)']);
    expect(await noticeOne.innerText()).toMatch(/^Showing the state the other tab saved\. This tab's previous state is kept/);
    const [download] = await Promise.all([one.waitForEvent('download'), noticeOne.getByRole('button', { name: 'Download' }).click()]);
    const mine = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(mine.schedules.map((e: { name: string }) => e.name)).toEqual(['Warmup + cosine (HF)', 'Step of tab one']);
    await one.close();
    await two.close();
  });
});

describe('a lambda whose lr overflows', () => {
  const others = [
    entry('cos', 'Cosine', '#4e79a7', 'torch.CosineAnnealingLR', { lr: 0.1, T_max: 800 }),
    entry('step', 'Step', '#f28e2b', 'torch.StepLR', { lr: 0.1, step_size: 300, gamma: 0.5 }),
  ];
  const exp = entry('exp', 'Exp lambda', '#e15759', 'torch.MultiplicativeLR', { lr: 0.1, lr_lambda: 'lambda epoch: math.exp(epoch)' });
  const pow = entry('pow', 'Pow lambda', '#59a14f', 'paddle.MultiplicativeDecay', { learning_rate: 0.1, lr_lambda: 'lambda epoch: 2 ** (epoch * 100)' });

  /** The y axis' tick values, as the page shows them. */
  const yTicks = (page: Page) =>
    page.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').evaluateAll((els) => els.map((el) => Number((el.textContent ?? '').replace(/,/g, ''))));

  async function check(page: Page) {
    await settled(page);
    // The finite prefix of each is drawn, with where and why it stops.
    for (const [id, step] of [['exp', 38], ['pow', 5]] as const) {
      const li = page.getByTestId(`curve-${id}`);
      expect(await li.getAttribute('data-error-step')).toBe(String(step));
      expect(await li.getAttribute('data-length')).toBe(String(step));
      expect(Number(await li.getAttribute('data-points'))).toBeGreaterThan(0);
      expect(await li.getAttribute('data-off-chart')).toBe('true');
      expect(await li.innerText()).toContain(`stops at step ${step}`);
      const note = await page.getByTestId(`error-${id}`).innerText();
      expect(note).toContain(`stops at step ${step}: the learning rate is not a finite number`);
      expect(note).toMatch(/It rises to [0-9.]+e\+\d+ \(step \d+\), far above the other curves: the y axis fits them/);
    }
    // The y axis fits the other curves (lr 0.1), which are drawn as without the failing ones.
    const ticks = await yTicks(page);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...ticks)).toBeLessThan(0.2);
    for (const id of ['cos', 'step']) expect(await page.getByTestId(`curve-${id}`).getAttribute('data-off-chart')).toBe('false');
    // No stat is a non-finite number.
    const cells = await page.getByTestId('chart-stats').locator('td.num').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(cells.length).toBe(4 * 7);
    for (const c of cells) expect(c).toMatch(/^-?[0-9][0-9.,e+-]*( @[0-9,]+)?$/);
    expect(cells.join(' ')).not.toMatch(/Infinity|NaN/);
  }

  test('the chart draws the finite prefix with the error marked; the other curves and the y axis stay as they were; from a link and after a reload', async () => {
    const base = defaultDocument();
    const withoutFailing = linkFor({ ...base, schedules: others, settings: { ...base.settings, totalSteps: 800 }, selectedId: 'cos' }, '/');
    const page = await freshPage(withoutFailing);
    await settled(page);
    const before = {
      cos: await page.getByTestId('curve-cos').getAttribute('data-checksum'),
      step: await page.getByTestId('curve-step').getAttribute('data-checksum'),
      ticks: await yTicks(page),
    };
    const path = linkFor({ ...base, schedules: [...others, exp, pow], settings: { ...base.settings, totalSteps: 800 }, selectedId: 'exp' }, '/');
    await page.goto(s.url + path);
    await check(page);
    expect(await yTicks(page)).toEqual(before.ticks);
    expect(await page.getByTestId('curve-cos').getAttribute('data-checksum')).toBe(before.cos);
    expect(await page.getByTestId('curve-step').getAttribute('data-checksum')).toBe(before.step);
    await page.screenshot({ path: 'test-results/studio-overflowing-lambda.png' });

    // A saved state brings the same back.
    const saved = JSON.stringify(toStored({ ...base, schedules: [...others, exp, pow], settings: { ...base.settings, totalSteps: 800 }, selectedId: 'pow' }));
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [STORAGE_KEY, saved] as const);
    await page.goto(s.url + '/');
    await check(page);

    // The log axis too; and alone, the failing curve gets an axis of its own.
    await page.getByRole('radio', { name: 'Log' }).check();
    await settled(page);
    expect(Math.max(...(await yTicks(page)))).toBeLessThan(10);
    for (const name of ['Cosine', 'Step']) await list(page).getByRole('checkbox', { name: `Show ${name}` }).uncheck();
    await page.getByRole('radio', { name: 'Linear' }).check();
    await expect.poll(async () => Math.max(...(await yTicks(page)))).toBeGreaterThan(1e300);
    expect(await page.getByTestId('curve-exp').getAttribute('data-off-chart')).toBe('false');
    await page.close();
  });
});
