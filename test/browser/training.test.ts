/**
 * The training lab in Debian Chromium: a person picks schedules, trains briefly, reads the charts
 * and the results table, exports the metrics, stops a run, loads data files, recovers from a fault.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { encodeIdx } from '../../src/training/data';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

/**
 * Brings the lab into view and waits for it: it mounts when the page is scrolled to it (at once
 * with ?debug-training) and loads its chunk then, behind a placeholder with the same test id.
 */
async function showLab(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector('[data-testid="training-lab"]')?.scrollIntoView());
  await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
}

async function openLab(path: string): Promise<Page> {
  const page = await s.newPage(path);
  await showLab(page);
  return page;
}

async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.blur();
}

/** A short comparison: `examples` / `batch` updates per epoch. */
async function smallSetup(page: Page, o: { examples: number; batch: number; epochs: number; evalEvery: number }): Promise<void> {
  await showLab(page);
  await setField(page, 'setup-trainExamples', String(o.examples));
  await setField(page, 'setup-batchSize', String(o.batch));
  await setField(page, 'setup-epochs', String(o.epochs));
  await setField(page, 'setup-evalInterval', String(o.evalEvery));
}

interface RunRow {
  id: string;
  status: string;
  step: number;
}

async function runRows(page: Page): Promise<RunRow[]> {
  return page
    .getByTestId('run-queue')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => ({ id: r.getAttribute('data-testid')!.slice(4), status: r.getAttribute('data-status')!, step: Number(r.getAttribute('data-step')) })),
    );
}

async function until<T>(page: Page, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await page.waitForTimeout(250);
  }
}

const finished = (r: RunRow) => ['done', 'stopped', 'diverged', 'failed'].includes(r.status);

function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  // Names in this test hold no commas or quotes.
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v])));
}

test('two schedules train side by side on software WebGL: loss curves, a two-row results table and a metrics CSV that checks out', async () => {
  const page = await openLab('/');
  const chooser = page.getByTestId('schedule-chooser');
  await chooser.waitFor();
  const chosen = chooser.locator('input[type=checkbox]:checked');
  expect(await chosen.count()).toBe(2);
  await smallSetup(page, { examples: 640, batch: 32, epochs: 1, evalEvery: 5 });
  await page.getByTestId('setup-backend').selectOption('webgl');
  await page.getByTestId('setup-software-webgl').check();
  await expect.poll(() => page.getByTestId('train-summary').innerText()).toContain('20 updates each (20 per epoch × 1 epochs, batch 32 of 640 examples)');
  await page.getByTestId('train').click();

  const rows = await until(page, () => runRows(page), (r) => r.length === 2 && r.every(finished), 150_000, 'both runs to finish');
  expect(rows.map((r) => [r.status, r.step])).toEqual([
    ['done', 20],
    ['done', 20],
  ]);
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Backend: WebGL/);

  // Both loss curves, each with all 20 updates; both LR curves drawn next to their plan.
  const lossLegend = page.getByTestId('chart-train-loss').locator('.chart-legend li');
  expect(await lossLegend.count()).toBe(2);
  for (const c of await lossLegend.evaluateAll((els) => els.map((e) => e.getAttribute('data-count')))) expect(c).toBe('20');
  expect(await page.getByTestId('chart-lr').getAttribute('data-series')).toBe('4');
  expect(await page.getByTestId('chart-val-acc').locator('.chart-legend li').count()).toBe(2);

  // Hover readout: exact values at the cursor.
  const overlay = page.getByTestId('chart-train-loss').locator('.chart-overlay');
  await overlay.scrollIntoViewIfNeeded();
  const box = (await overlay.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => page.getByTestId('chart-train-loss-readout').innerText()).toMatch(/update \d+/);

  // Results: one row per schedule, test accuracy well above chance.
  const results = page.getByTestId('results').locator('tbody tr');
  expect(await results.count()).toBe(2);
  const testAcc = await results.locator('td[data-col=testAcc]').allInnerTexts();
  for (const t of testAcc) expect(parseFloat(t)).toBeGreaterThan(15);
  expect(await page.getByTestId('results').locator('td.best').count()).toBeGreaterThan(0);

  // Sorting by test accuracy puts the best first.
  await page.getByTestId('results').getByRole('button', { name: /Test acc/ }).click();
  const sorted = (await results.locator('td[data-col=testAcc]').allInnerTexts()).map(parseFloat);
  expect(sorted[0]).toBeGreaterThanOrEqual(sorted[1]);

  // PNG of a chart, with its legend.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Training loss as PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('training-loss.png');
  const pngBytes = readFileSync((await png.path())!);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(5000);

  // CSV: every metric of every run and update.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
  expect(csv.length).toBe(40);
  const byRun = new Map<string, Record<string, string>[]>();
  for (const r of csv) byRun.set(r.run, [...(byRun.get(r.run) ?? []), r]);
  expect([...byRun.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
  for (const list of byRun.values()) {
    expect(list.map((r) => Number(r.step))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const r of list) {
      expect(Number(r.lr_applied)).toBe(Number(r.lr_planned));
      expect(Number.isFinite(Number(r.train_loss))).toBe(true);
    }
    // Evaluations after updates 5, 10, 15, 20 (rows 4, 9, 14, 19).
    expect(list.filter((r) => r.val_accuracy !== '').map((r) => Number(r.step))).toEqual([4, 9, 14, 19]);
    const last = list[19];
    expect(Number(last.test_accuracy)).toBeGreaterThan(0.15);
  }
  await page.screenshot({ path: 'test-results/training.png', fullPage: true });
  await page.close();
});

test('stop one run midway while the other goes on; a bad setup value stays at its field', async () => {
  const page = await openLab('/');
  await smallSetup(page, { examples: 640, batch: 32, epochs: 60, evalEvery: 100 });
  await page.getByTestId('train').click();
  const first = await until(page, () => runRows(page), (r) => r.length === 2 && r[0].step > 0, 60_000, 'the first run to start');
  await page.getByTestId(`run-${first[0].id}`).getByRole('button', { name: 'Stop' }).click();
  const stopped = await until(page, () => runRows(page), (r) => r[0].status === 'stopped', 10_000, 'the stop');
  const at = stopped[0].step;
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(1200);
  // The other run keeps training.
  await until(page, () => runRows(page), (r) => r[1].step > stopped[1].step + 5, 60_000, 'the other run to go on');
  expect((await runRows(page))[0].step).toBe(at);

  // Typing a bad batch size shows a message there and changes nothing.
  const batch = page.getByTestId('setup-batchSize');
  await batch.fill('-5');
  await expect.poll(() => page.getByTestId('training-setup').getByRole('alert').innerText()).toMatch(/at least 1/);
  expect(await batch.getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByTestId('train-summary').innerText()).toContain('batch 32');
  await batch.fill('abc');
  await expect.poll(() => page.getByTestId('training-setup').getByRole('alert').innerText()).toMatch(/enter a number/);

  await page.getByRole('button', { name: 'Stop all' }).click();
  await until(page, () => runRows(page), (r) => r.every(finished), 10_000, 'stop all');
  expect((await runRows(page)).map((r) => r.status)).toEqual(['stopped', 'stopped']);

  // The setup is part of the persisted state and the link: a reload keeps it.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  await page.reload();
  await showLab(page);
  expect(await page.getByTestId('setup-epochs').inputValue()).toBe('60');
  expect(await page.getByTestId('setup-batchSize').inputValue()).toBe('32');
  await page.close();
});

test('own IDX files: a truncated file is refused with a clear message and the bundled data stays; the four valid files load', async () => {
  const page = await openLab('/');
  const n = 60;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const images = new Uint8Array(n * 784).map((_, i) => (i * 7) % 256);
  const file = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  const good = [
    file('train-images-idx3-ubyte.gz', gzipSync(encodeIdx([n, 28, 28], images))),
    file('train-labels-idx1-ubyte.gz', gzipSync(encodeIdx([n], labels))),
    file('t10k-images-idx3-ubyte', encodeIdx([20, 28, 28], images.subarray(0, 20 * 784))),
    file('t10k-labels-idx1-ubyte', encodeIdx([20], labels.subarray(0, 20))),
  ];
  const input = page.getByTestId('idx-files');
  const truncated = [...good.slice(0, 2), file('t10k-images-idx3-ubyte', encodeIdx([20, 28, 28], images.subarray(0, 20 * 784)).subarray(0, 5000)), good[3]];
  await input.setInputFiles(truncated);
  await expect.poll(() => page.getByTestId('data-message').innerText(), { timeout: 30_000 }).toMatch(/t10k-images-idx3-ubyte: is truncated.*bundled MNIST digits stay in use/);
  const radios = page.getByTestId('data-source').locator('input[type=radio]');
  expect(await radios.count()).toBe(1);
  expect(await radios.first().isChecked()).toBe(true);

  await input.setInputFiles(good.slice(0, 3));
  await expect.poll(() => page.getByTestId('data-message').innerText()).toMatch(/missing the test labels file/);

  await input.setInputFiles(good);
  await expect.poll(() => page.getByTestId('data-message').innerText(), { timeout: 30_000 }).toMatch(/Loaded .*54 train \/ 6 validation \/ 20 test/);
  expect(await radios.count()).toBe(2);
  expect(await radios.nth(1).isChecked()).toBe(true);
  await expect.poll(() => page.getByTestId('train-summary').innerText()).toContain('of 54 examples');
  await page.close();
});

interface StoredRun {
  id: string;
  status: string;
  step: number;
  count: number;
  loss: number[];
  evals: number[];
  continuedFrom: number | null;
}

/** A run's records as the page holds them (the lab's store, exposed by ?debug-training). */
async function storedRun(page: Page, id: string): Promise<StoredRun> {
  return page.evaluate((runId) => {
    type R = { id: string; status: string; step: number; count: number; loss: Float32Array; evals: { step: number }[]; continuedFrom: number | null };
    const r = (window as unknown as { __training: { getState(): { runs: R[] } } }).__training.getState().runs.find((x) => x.id === runId)!;
    return { id: r.id, status: r.status, step: r.step, count: r.count, loss: Array.from(r.loss.subarray(0, r.count)), evals: r.evals.map((e) => e.step), continuedFrom: r.continuedFrom };
  }, id);
}

test('a run that fails is marked with its message and goes on from its checkpoint on another backend; the other run and the page go on', async () => {
  const page = await openLab('/?debug-training');
  await smallSetup(page, { examples: 1600, batch: 32, epochs: 4, evalEvery: 20 });
  // A narrow MLP keeps the CPU part short.
  await setField(page, 'setup-hiddenSizes', '32');
  await page.getByTestId('train').click();
  const checkpointOf = (id: string) => page.getByTestId(`run-${id}`).getAttribute('data-checkpoint').then(Number);
  const rows = await until(page, () => runRows(page), (r) => r.length === 2 && r.every((x) => x.step > 0), 60_000, 'both runs to start');
  const victim = rows[1].id;
  // Midway: the victim has sent a checkpoint (about one a second).
  await until(page, () => checkpointOf(victim), (c) => c > 0, 60_000, 'a checkpoint of the victim');
  // Paused, the fault waits for the victim's next update.
  await page.getByRole('button', { name: 'Pause all' }).click();
  await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'paused'), 10_000, 'pause all');
  await page.evaluate((id) => (window as unknown as { __training: { getState(): { inject(f: string, id: string): void } } }).__training.getState().inject('throw', id), victim);
  await page.getByRole('button', { name: 'Resume all' }).click();
  const failed = await until(page, () => runRows(page), (r) => r[1].status === 'failed', 20_000, 'the fault');
  expect(failed[0].status).not.toBe('failed');
  const row = page.getByTestId(`run-${victim}`);
  expect(await row.innerText()).toContain('injected fault (test)');
  // The other run goes on.
  await until(page, () => runRows(page), (r) => r[0].step > failed[0].step || r[0].status === 'done', 60_000, 'the other run');
  // Continue the failed one on the CPU: from its checkpoint, not from update 0.
  const cp = await checkpointOf(victim);
  expect(cp).toBeGreaterThan(0);
  expect(cp).toBeLessThan(200);
  const before = await storedRun(page, victim);
  expect(before.count).toBeGreaterThanOrEqual(cp);
  await row.getByRole('button', { name: 'Continue on CPU' }).click();
  const resumed = await storedRun(page, victim);
  expect(resumed.continuedFrom).toBe(cp);
  // Not blanked: it stands at its checkpoint (or past it, if the new worker already reported).
  expect(resumed.step).toBeGreaterThanOrEqual(cp);
  expect(resumed.count).toBeGreaterThanOrEqual(cp);
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Continued on: CPU/);
  expect(await row.innerText()).toContain(`continued from update ${cp}`);
  // Its progress never goes back below the checkpoint while it finishes.
  const seen: number[] = [];
  await until(
    page,
    () => runRows(page),
    (r) => {
      seen.push(r[1].step);
      return r[1].status === 'done';
    },
    120_000,
    'the continued run',
  );
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(cp);
  const after = await storedRun(page, victim);
  expect(after.step).toBe(200);
  // One loss per update 0..199: those before the checkpoint untouched, the rest filled in once.
  expect(after.count).toBe(200);
  expect(after.loss.slice(0, cp)).toEqual(before.loss.slice(0, cp));
  for (const v of after.loss) expect(Number.isFinite(v)).toBe(true);
  // Evaluations every 20 updates and at epoch ends (50), each exactly once, in order.
  const expected = [...new Set([...Array.from({ length: 10 }, (_, i) => 20 * (i + 1)), 50, 150])].sort((a, b) => a - b);
  expect(after.evals).toEqual(expected);
  await page.close();
});

test('a lost WebGL context fails the runs on it with a readable message; they continue on WASM from their checkpoints, the setup untouched', async () => {
  const page = await openLab('/?debug-training');
  await smallSetup(page, { examples: 320, batch: 32, epochs: 20, evalEvery: 100 });
  await page.getByTestId('setup-backend').selectOption('webgl');
  await page.getByTestId('setup-software-webgl').check();
  await page.getByTestId('train').click();
  const started = await until(page, () => runRows(page), (r) => r.length === 2 && r.every((x) => x.step > 0), 120_000, 'both runs to start on WebGL');
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Backend: WebGL/);
  await until(page, () => page.getByTestId(`run-${started[0].id}`).getAttribute('data-checkpoint').then(Number), (c) => c > 0, 60_000, 'a checkpoint');
  await page.evaluate(() => (window as unknown as { __training: { getState(): { inject(f: string): void } } }).__training.getState().inject('loseContext'));
  const rows = await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'failed'), 30_000, 'the runs to fail');
  const victim = page.getByTestId(`run-${rows[0].id}`);
  expect(await victim.innerText()).toMatch(/WebGL context was lost/);
  // Nothing the user set up is lost.
  expect(await page.getByTestId('setup-epochs').inputValue()).toBe('20');
  expect(await page.getByTestId('setup-backend').inputValue()).toBe('webgl');
  const cp = Number(await victim.getAttribute('data-checkpoint'));
  await victim.getByRole('button', { name: 'Continue on WASM' }).click();
  expect((await storedRun(page, rows[0].id)).continuedFrom).toBe(cp);
  await until(page, () => runRows(page), (r) => r[0].status === 'done', 60_000, 'the run to finish on WASM');
  expect((await runRows(page))[0].step).toBe(200);
  expect((await storedRun(page, rows[0].id)).count).toBe(200);
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Continued on: WASM/);
  // The setting is part of the setup: a reload keeps it ticked.
  await page.reload();
  await showLab(page);
  expect(await page.getByTestId('setup-software-webgl').isChecked()).toBe(true);
  await page.close();
});

test('the lab loads when scrolled to, not with the page; #training and the header link open it at the top of the window', async () => {
  const page = await s.newPage('/');
  await expect.poll(() => page.locator('.chart-legend li[data-points]').count()).toBeGreaterThan(0);
  // Not loaded with the studio: the placeholder holds its place.
  expect(await page.getByTestId('training-setup').count()).toBe(0);
  await expect.poll(() => page.getByRole('heading', { name: 'Training lab' }).count()).toBe(1);
  await page.getByRole('link', { name: /Training lab/ }).click();
  await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
  await expect.poll(async () => Math.round((await page.getByTestId('training-lab').boundingBox())?.y ?? -1)).toBeLessThan(20);
  await page.close();

  // Opened at #training: the lab is at the top once the page has settled (formula, lab chunk).
  const direct = await s.newPage('/#training');
  await direct.getByTestId('training-setup').waitFor({ timeout: 60_000 });
  await direct.waitForTimeout(1000);
  const y = (await direct.getByTestId('training-lab').boundingBox())?.y ?? -1;
  expect(y).toBeGreaterThanOrEqual(0);
  expect(y).toBeLessThan(20);
  await direct.close();
});
