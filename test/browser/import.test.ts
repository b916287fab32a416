/**
 * Importing in the studio, as a person does it: paste a Hugging Face YAML and a PyTorch script,
 * drop a PaddleOCR YAML file, an OpenMMLab config and a PaddleOCR CyclicalCosine YAML onto the page, read what was understood, type the run context and see
 * the summary follow, add, and check the added curves (the CSV export) against `evaluate` of what
 * the importer read. A bad input shows its line and column and keeps the text; the dialog passes axe.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importSchedules, type RunContext } from '../../src/import';
import type { ScheduleSpec } from '../../src/schedules';
import { startSession, type Session } from './harness';
import { bundleForPage } from './pageBundle';

let s: Session;
let engineCode = '';
beforeAll(async () => {
  s = await startSession();
  engineCode = await bundleEngine();
});
afterAll(async () => {
  await s?.close();
  expect(pageErrors).toEqual([]);
});

const fixture = (name: string) => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** The engine bundled for the page: expected values computed by the same JavaScript engine as the app's. */
const bundleEngine = () => bundleForPage('src/schedules/index.ts', '__engine');

async function pageEvaluate(page: Page, spec: ScheduleSpec, n: number): Promise<number[]> {
  if (!(await page.evaluate(() => '__engine' in window))) await page.evaluate(engineCode); // not an inline <script>: the CSP refuses those
  return page.evaluate(
    ([spec, n]) => Array.from((window as unknown as { __engine: typeof import('../../src/schedules') }).__engine.evaluate(spec, n)),
    [spec, n] as const,
  );
}

/** What the importer reads from this text and context (the page must add exactly this). */
function expected(text: string, context: RunContext) {
  const r = importSchedules(text, context);
  expect(r.schedules).toHaveLength(1);
  return r.schedules[0];
}

const pageErrors: string[] = [];

/** A page in a browser context of its own: each test starts from the default studio (nothing saved). */
async function open(viewport = { width: 1400, height: 900 }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await s.browser.newContext({ acceptDownloads: true, viewport, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('close', () => void context.close());
  await page.goto(s.url + '/');
  await page.getByTestId('lr-chart').locator('[data-testid^="curve-"][data-pending="false"]').first().waitFor({ timeout: 30_000 });
  return page;
}

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import schedules' });
  await dialog.waitFor();
  return dialog;
}

const summary = (page: Page) => page.getByTestId('import-summary');
const contextField = (page: Page, label: string) => page.getByTestId('import-dialog').getByLabel(label, { exact: true });

/** The CSV export's header and the column of schedule `name`. */
/** The CSV column of schedule `name` (its header is the name and its stepping: `name (every epoch)`). */
async function exportedColumn(page: Page, name: string): Promise<{ rows: number; values: number[] }> {
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')].every((li) => li.dataset.pending !== 'true'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const col = lines[0].findIndex((h) => h === name || /^(.*) \(every (iteration|epoch)\)$/.exec(h)?.[1] === name);
  expect(col, `column ${name} in ${lines[0].join(',')}`).toBeGreaterThan(1);
  return { rows: lines.length - 1, values: lines.slice(1).map((r) => Number(r[col])) };
}

async function settingValue(page: Page, label: string): Promise<string> {
  return page.locator('.settings-bar').getByLabel(label, { exact: true }).inputValue();
}

describe('import in the studio', () => {
  test('Hugging Face YAML: asks for the run, follows the dataset size as it is typed, adds the exact curve, undo', async () => {
    const page = await open();
    const dialog = await openDialog(page);
    const yaml = fixture('hf-llama-factory.yaml');
    await dialog.getByLabel('Paste a training script or config').fill(yaml);
    // No dataset size, no steps per epoch: nothing is guessed, the note says what is needed.
    await expect.poll(() => summary(page).textContent()).toMatch(/No schedule yet/);
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/set the steps per epoch \(or the dataset size and batch size\)/);
    expect(await page.getByRole('button', { name: 'Add schedule' }).isDisabled()).toBe(true);
    // The context the YAML states is shown in the fields.
    expect(await contextField(page, 'Batch size per device').inputValue()).toBe('2');
    expect(await contextField(page, 'Gradient accumulation').inputValue()).toBe('8');
    expect(await contextField(page, 'Epochs').inputValue()).toBe('3');

    await contextField(page, 'Dataset size').fill('10000');
    const line = page.getByTestId('import-schedule');
    await expect.poll(() => line.count()).toBe(1);
    expect(await line.getAttribute('data-scheduler')).toBe('hf.cosine');
    expect(await line.getAttribute('data-stepping')).toBe('iteration');
    expect(await line.textContent()).toContain('steps every update');
    // Derived: ceil(10000 / 2 / 8) = 625 updates per epoch, 1875 in all; warmup ceil(187.5) = 188.
    expect(await contextField(page, 'Steps per epoch').inputValue()).toBe('625');
    expect(await contextField(page, 'Total updates').inputValue()).toBe('1875');
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/rounded up: 188 warmup steps/);
    expect(await page.getByTestId('import-changes').textContent()).toContain('Total steps: 1,000 → 1,875.');
    expect(Number(await page.getByTestId('import-preview').getAttribute('data-length'))).toBe(1875);

    // Typing on: the summary and the preview follow at once.
    await contextField(page, 'Dataset size').fill('20000');
    await expect.poll(() => contextField(page, 'Total updates').inputValue()).toBe('3750');
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/375 warmup steps/);
    const changes = await page.getByTestId('import-changes').textContent();
    expect(changes).toContain('Total steps: 1,000 → 3,750.');
    expect(changes).toContain('Steps per epoch: 10 → 1,250.');
    expect(Number(await page.getByTestId('import-preview').getAttribute('data-length'))).toBe(3750);

    await page.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('notice').textContent()).toContain('Imported a schedule: Hugging Face cosine.');
    expect(await settingValue(page, 'Total steps')).toBe('3750');
    expect(await settingValue(page, 'Steps per epoch')).toBe('1250');
    const want = expected(yaml, { datasetSize: 20000 });
    expect(want.spec.params).toMatchObject({ num_warmup_steps: 375, num_training_steps: 3750 });
    const got = await exportedColumn(page, 'Hugging Face cosine');
    expect(got.rows).toBe(3750);
    expect(got.values).toEqual(await pageEvaluate(page, want.spec, 3750));

    // Undo takes the schedule and the settings back.
    await page.getByRole('button', { name: 'Undo import' }).click();
    await expect.poll(() => page.locator('.chart-legend li[data-testid^="curve-"]').count()).toBe(2);
    expect(await settingValue(page, 'Total steps')).toBe('1000');
    expect(await settingValue(page, 'Steps per epoch')).toBe('10');
    await page.close();
  });

  test('PyTorch SequentialLR stepped per epoch: epoch stepping with the steps per epoch typed in', async () => {
    const page = await open();
    const dialog = await openDialog(page);
    const code = fixture('torch-sequential.py');
    await dialog.getByLabel('Paste a training script or config').fill(code);
    const line = page.getByTestId('import-schedule');
    await expect.poll(() => line.count()).toBe(1);
    expect(await line.getAttribute('data-scheduler')).toBe('torch.SequentialLR');
    expect(await line.getAttribute('data-stepping')).toBe('epoch');
    expect(await line.textContent()).toContain('milestones=[5]');
    expect(await contextField(page, 'Epochs').inputValue()).toBe('100');
    const changes = page.getByTestId('import-changes');
    expect(await changes.textContent()).not.toContain('Stepping');
    expect(await changes.textContent()).toContain('Steps per epoch: kept at 10');

    await contextField(page, 'Steps per epoch').fill('50');
    await expect.poll(() => changes.textContent()).toContain('Total steps: 1,000 → 5,000.');
    expect(await changes.textContent()).toContain('Steps per epoch: 10 → 50.');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const want = expected(code, { stepsPerEpoch: 50 });
    const perEpoch = await pageEvaluate(page, want.spec, 100);
    const got = await exportedColumn(page, 'SequentialLR');
    expect(got.rows).toBe(5000);
    expect(got.values).toEqual(Array.from({ length: 5000 }, (_, i) => perEpoch[Math.floor(i / 50)]));
    // The warmup ends at epoch 5 exactly: 0.1 from step 250 on.
    expect(got.values[250]).toBe(0.1);
    await page.close();
  });

  test('a PaddleOCR YAML file dropped onto the page opens the import with it', async () => {
    const page = await open();
    const yaml = fixture('paddleocr-det.yml');
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'det_r50_db.yml', { type: 'application/x-yaml' }));
      return d;
    }, yaml);
    await page.dispatchEvent('.chart-area', 'dragenter', { dataTransfer: dt });
    await page.dispatchEvent('.chart-area', 'dragover', { dataTransfer: dt });
    expect(await page.getByTestId('drop-target').isVisible()).toBe(true);
    expect(await page.getByTestId('drop-target').textContent()).toMatch(/Drop a script or a config/);
    await page.dispatchEvent('.chart-area', 'drop', { dataTransfer: dt });
    const dialog = page.getByRole('dialog', { name: 'Import schedules' });
    await dialog.waitFor();
    await expect.poll(() => page.getByTestId('drop-target').count()).toBe(0);
    expect(await dialog.getByLabel('Paste a training script or config').inputValue()).toBe(yaml);
    expect(await dialog.textContent()).toContain('From det_r50_db.yml');
    await expect.poll(() => page.getByTestId('import-notes').textContent()).toMatch(/step_each_epoch = len\(train_dataloader\)/);

    await contextField(page, 'Steps per epoch').fill('50');
    const line = page.getByTestId('import-schedule');
    await expect.poll(() => line.count()).toBe(1);
    expect(await line.getAttribute('data-scheduler')).toBe('paddleocr.Cosine');
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/does not finish by the end of training/);
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const want = expected(yaml, { stepsPerEpoch: 50 });
    const got = await exportedColumn(page, 'PaddleOCR Cosine');
    expect(got.rows).toBe(25_000);
    expect(got.values).toEqual(await pageEvaluate(page, want.spec, 25_000));
    await page.close();
  });

  test('an OpenMMLab config and a PaddleOCR CyclicalCosine YAML dropped as files: summary, steps per epoch, add, the exact curves', async () => {
    const page = await open();
    const drop = async (name: string, text: string) => {
      const dt = await page.evaluateHandle(([n, t]) => {
        const d = new DataTransfer();
        d.items.add(new File([t], n, { type: 'text/plain' }));
        return d;
      }, [name, text] as const);
      await page.dispatchEvent('.chart-area', 'dragenter', { dataTransfer: dt });
      await page.dispatchEvent('.chart-area', 'drop', { dataTransfer: dt });
      const dialog = page.getByRole('dialog', { name: 'Import schedules' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Paste a training script or config').inputValue()).toBe(text);
      return dialog;
    };
    const line = page.getByTestId('import-schedule');

    // mmdet's RetinaNet 1x: a warmup by iteration, MultiStepLR by epoch: it needs the iterations per epoch.
    const mm = fixture('mmdet-retinanet-1x.py');
    let dialog = await drop('retinanet_r50_fpn_1x_coco.py', mm);
    await expect.poll(() => page.getByTestId('import-notes').textContent()).toMatch(/set the steps per epoch/);
    await expect.poll(() => line.count()).toBe(0);
    await contextField(page, 'Steps per epoch').fill('100');
    await expect.poll(() => line.getAttribute('data-scheduler')).toBe('torch.ChainedScheduler');
    expect(await line.getAttribute('data-stepping')).toBe('iteration');
    expect(await line.textContent()).toContain('mmengine LinearLR + MultiStepLR');
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/drawn as ChainedScheduler/);
    expect(await contextField(page, 'Total updates').inputValue()).toBe('1200');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const mmWant = expected(mm, { stepsPerEpoch: 100 });
    const mmGot = await exportedColumn(page, 'mmengine LinearLR + MultiStepLR');
    expect(mmGot.rows).toBe(1200);
    expect(mmGot.values).toEqual(await pageEvaluate(page, mmWant.spec, 1200));
    // milestones [8, 11] epochs: x0.1 from iteration 800 and 1100
    expect(mmGot.values[800]).toBeCloseTo(0.001, 12);
    expect(mmGot.values[1100]).toBeCloseTo(0.0001, 12);

    const yaml = fixture('paddleocr-rec-cyclical.yml');
    dialog = await drop('rec_srn.yml', yaml);
    await contextField(page, 'Steps per epoch').fill('10');
    await expect.poll(() => line.getAttribute('data-scheduler')).toBe('paddleocr.CyclicalCosine');
    expect(await line.textContent()).toContain('PaddleOCR CyclicalCosine');
    expect(await page.getByTestId('import-notes').textContent()).toMatch(/10 warmup iterations/);
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const ppWant = expected(yaml, { stepsPerEpoch: 10 });
    const ppGot = await exportedColumn(page, 'PaddleOCR CyclicalCosine');
    expect(ppGot.rows).toBe(720);
    expect(ppGot.values).toEqual(await pageEvaluate(page, ppWant.spec, 720));
    // the cycles of 12 epochs restart at the rate after the 10 warmup iterations
    expect(ppGot.values[10]).toBe(0.0001);
    expect(ppGot.values[130]).toBe(0.0001);
    await page.close();
  });

  test('a bad input shows its line and column at the text and keeps it, also after closing', async () => {
    const page = await open();
    const dialog = await openDialog(page);
    const bad = 'import torch\nscheduler = StepLR(optimizer, step_size=30,, gamma=0.1)\n';
    const box = dialog.getByLabel('Paste a training script or config');
    await box.fill(bad);
    const error = page.getByTestId('import-error');
    await expect.poll(() => error.textContent()).toContain('line 2, column 44: expected an expression but found ","');
    // The caret marks the second comma of ",,".
    expect(await error.locator('mark').textContent()).toBe(',');
    expect(await error.locator('pre').textContent()).toContain(`\n${' '.repeat(43)}^`);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.inputValue()).toBe(bad);
    expect(await page.getByRole('button', { name: 'Add schedule' }).isDisabled()).toBe(true);
    // "Show in the text" puts the cursor there.
    await error.getByRole('button', { name: 'Show in the text' }).click();
    expect(await box.evaluate((t: HTMLTextAreaElement) => t.selectionStart)).toBe(bad.indexOf(',,') + 1);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await openDialog(page);
    expect(await box.inputValue()).toBe(bad);
    // Fixing it clears the error.
    await box.fill(bad.replace(',,', ','));
    await expect.poll(() => page.getByTestId('import-schedule').getAttribute('data-scheduler')).toBe('torch.StepLR');
    await expect.poll(() => error.count()).toBe(0);
    await page.close();
  });

  test('text dropped onto the page, and a file chosen in the dialog, are read the same way', async () => {
    const page = await open();
    const code = 'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.05)\nsched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)\n';
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.setData('text/plain', text);
      return d;
    }, code);
    await page.dispatchEvent('.sidebar', 'dragenter', { dataTransfer: dt });
    expect(await page.getByTestId('drop-target').isVisible()).toBe(true);
    await page.dispatchEvent('.sidebar', 'drop', { dataTransfer: dt });
    const dialog = page.getByRole('dialog', { name: 'Import schedules' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Paste a training script or config').inputValue()).toBe(code);
    await expect.poll(() => page.getByTestId('import-schedule').getAttribute('data-scheduler')).toBe('torch.ExponentialLR');
    expect(await page.getByTestId('import-schedule').textContent()).toContain('gamma=0.9');

    await dialog.getByLabel('Or choose a file').setInputFiles({ name: 'det.yml', mimeType: 'application/x-yaml', buffer: Buffer.from(fixture('paddleocr-det.yml')) });
    await expect.poll(() => dialog.getByLabel('Paste a training script or config').inputValue()).toBe(fixture('paddleocr-det.yml'));
    expect(await dialog.textContent()).toContain('From det.yml');
    await page.close();
  });

  test('a binary file dropped is refused with a message, the text kept', async () => {
    const page = await open();
    const dialog = await openDialog(page);
    await dialog.getByLabel('Paste a training script or config').fill('lr_scheduler_type: linear\n');
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])], 'plot.png', { type: 'image/png' }));
      return d;
    });
    await page.dispatchEvent('dialog.import-dialog', 'drop', { dataTransfer: dt });
    await expect.poll(() => dialog.textContent()).toContain('plot.png is not a text file');
    expect(await dialog.getByLabel('Paste a training script or config').inputValue()).toBe('lr_scheduler_type: linear\n');
    await page.close();
  });
});

describe('the import dialog for every screen and hand', () => {
  for (const [name, viewport, scheme] of [
    ['desktop, light', { width: 1400, height: 900 }, 'light'],
    ['phone, dark', { width: 390, height: 844 }, 'dark'],
  ] as const) {
    test(`axe finds no violations, tap targets are 24 px: ${name}`, async () => {
      const page = await open(viewport, scheme);
      const dialog = await openDialog(page);
      await dialog.getByLabel('Paste a training script or config').fill(fixture('torch-sequential.py'));
      await page.getByTestId('import-schedule').waitFor();
      await contextField(page, 'Steps per epoch').fill('x');
      await dialog.locator('.import-field.has-error .field-error').waitFor();
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        // @ts-expect-error injected above
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return (r.violations as { id: string; nodes: { target: string[] }[] }[]).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      if (viewport.width < 760) {
        const small = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('dialog.import-dialog :is(button, input, textarea, select)')]
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.width < 23.5 || r.height < 23.5))
            .map(({ el, r }) => `${el.outerHTML.slice(0, 60)} ${r.width}x${r.height}`),
        );
        expect(small).toEqual([]);
        const overflow = await page.evaluate(() => document.querySelector('dialog.import-dialog')!.scrollWidth - document.querySelector('dialog.import-dialog')!.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await page.close();
    });
  }
});
