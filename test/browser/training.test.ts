/**
 * The training lab in Debian Chromium: a person picks schedules, trains briefly, reads the charts
 * and the results table, exports the metrics, stops a run, loads data files; a run recovers from a
 * fault by itself (test/browser/workers.test.ts kills the whole worker).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { encodeIdx } from '../../src/training/data';
import { startSession, type Session } from './harness';
import { finished, inject, runRows, setField, showLab, smallSetup, storedRun, until } from './lab';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

async function openLab(path: string): Promise<Page> {
  const page = await s.newPage(path);
  await showLab(page);
  return page;
}

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
  await expect.poll(() => chosen.count()).toBe(2);
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
  await expect.poll(() => lossLegend.count()).toBe(2);
  for (const c of await lossLegend.evaluateAll((els) => els.map((e) => e.getAttribute('data-count')))) expect(c).toBe('20');
  expect(await page.getByTestId('chart-lr').getAttribute('data-series')).toBe('4');
  await expect.poll(() => page.getByTestId('chart-val-acc').locator('.chart-legend li').count()).toBe(2);

  // Hover readout: exact values at the cursor.
  const overlay = page.getByTestId('chart-train-loss').locator('.chart-overlay');
  await overlay.scrollIntoViewIfNeeded();
  const box = (await overlay.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => page.getByTestId('chart-train-loss-readout').innerText()).toMatch(/update \d+/);

  // Results: one row per schedule, test accuracy well above chance.
  const results = page.getByTestId('results').locator('tbody tr');
  await expect.poll(() => results.count()).toBe(2);
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
  await expect.poll(() => radios.count()).toBe(1);
  expect(await radios.first().isChecked()).toBe(true);

  await input.setInputFiles(good.slice(0, 3));
  await expect.poll(() => page.getByTestId('data-message').innerText()).toMatch(/missing the test labels file/);

  await input.setInputFiles(good);
  await expect.poll(() => page.getByTestId('data-message').innerText(), { timeout: 30_000 }).toMatch(/Loaded .*54 train \/ 6 validation \/ 20 test/);
  await expect.poll(() => radios.count()).toBe(2);
  expect(await radios.nth(1).isChecked()).toBe(true);
  await expect.poll(() => page.getByTestId('train-summary').innerText()).toContain('of 54 examples');
  await page.close();
});

test('a run that fails goes on by itself from its checkpoint on another backend, with a notice; the other run and the page go on', async () => {
  const page = await openLab('/?debug-training');
  // 600 updates: long enough that a checkpoint (about one a second) comes midway even where WASM is fast.
  await smallSetup(page, { examples: 1600, batch: 32, epochs: 12, evalEvery: 20 });
  // A narrow MLP keeps the CPU part short; WASM fails it, so the CPU takes over.
  await setField(page, 'setup-hiddenSizes', '32');
  await page.getByTestId('setup-backend').selectOption('wasm');
  await page.getByTestId('train').click();
  const checkpointOf = (id: string) => page.getByTestId(`run-${id}`).getAttribute('data-checkpoint').then(Number);
  const rows = await until(page, () => runRows(page), (r) => r.length === 2 && r.every((x) => x.step > 0), 60_000, 'both runs to start');
  const [other, victim] = [rows[0].id, rows[1].id];
  // Midway: the victim has sent a checkpoint (about one a second).
  await until(page, () => checkpointOf(victim), (c) => c > 0, 60_000, 'a checkpoint of the victim');
  // Paused, the fault waits for the victim's next update, and its checkpoint stays put.
  await page.getByRole('button', { name: 'Pause all' }).click();
  await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'paused'), 10_000, 'pause all');
  const cp = await checkpointOf(victim);
  expect(cp).toBeGreaterThan(0);
  expect(cp).toBeLessThan(600);
  const before = await storedRun(page, victim);
  expect(before.count).toBeGreaterThanOrEqual(cp);
  await inject(page, 'throw', victim);
  await page.getByRole('button', { name: 'Resume all' }).click();
  // No click: it goes on from its checkpoint, not from update 0, on the CPU (WASM failed it).
  const resumed = await until(page, () => storedRun(page, victim), (r) => r.continuedFrom !== null, 30_000, 'the automatic continuation');
  expect(resumed.continuedFrom).toBe(cp);
  // Not blanked: it stands at its checkpoint (or past it, if the new worker already reported).
  expect(resumed.step).toBeGreaterThanOrEqual(cp);
  expect(resumed.count).toBeGreaterThanOrEqual(cp);
  const row = page.getByTestId(`run-${victim}`);
  await expect.poll(() => page.getByTestId('training-notice').innerText()).toMatch(/failed \(injected fault \(test\)\)\. It goes on from its last checkpoint on a new CPU worker/);
  await expect.poll(() => row.innerText()).toContain('injected fault (test)');
  expect(await row.innerText()).toContain(`continued from update ${cp}`);
  await expect.poll(() => row.getByRole('button', { name: /Continue on/ }).count()).toBe(0);
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Continued on: CPU/);
  // Its progress never goes back below the checkpoint while it finishes; the other run never fails.
  const seen: number[] = [];
  const otherSeen = new Set<string>();
  await until(
    page,
    () => runRows(page),
    (r) => {
      seen.push(r[1].step);
      otherSeen.add(r[0].status);
      return r[1].status === 'done' && r[0].status === 'done';
    },
    120_000,
    'both runs to finish',
  );
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(cp);
  expect(otherSeen.has('failed')).toBe(false);
  expect((await storedRun(page, other)).continuedFrom).toBeNull();
  const after = await storedRun(page, victim);
  expect(after.step).toBe(600);
  // One loss per update 0..599: those before the checkpoint untouched, the rest filled in once.
  expect(after.count).toBe(600);
  expect(after.loss.slice(0, cp)).toEqual(before.loss.slice(0, cp));
  for (const v of after.loss) expect(Number.isFinite(v)).toBe(true);
  // Evaluations every 20 updates and at epoch ends (every 50), each exactly once, in order.
  const expected = [...new Set([...Array.from({ length: 30 }, (_, i) => 20 * (i + 1)), ...Array.from({ length: 12 }, (_, i) => 50 * (i + 1))])].sort((a, b) => a - b);
  expect(after.evals).toEqual(expected);
  await page.close();
});

test('a lost WebGL context: the runs on it go on by themselves on WASM from their checkpoints (paused ones paused), with a readable notice, the setup untouched', async () => {
  const page = await openLab('/?debug-training');
  await smallSetup(page, { examples: 320, batch: 32, epochs: 20, evalEvery: 100 });
  await page.getByTestId('setup-backend').selectOption('webgl');
  await page.getByTestId('setup-software-webgl').check();
  await page.getByTestId('train').click();
  const started = await until(page, () => runRows(page), (r) => r.length === 2 && r.every((x) => x.step > 0), 120_000, 'both runs to start on WebGL');
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Backend: WebGL/);
  const checkpointOf = (id: string) => page.getByTestId(`run-${id}`).getAttribute('data-checkpoint').then(Number);
  await until(page, () => Promise.all(started.map((r) => checkpointOf(r.id))), (c) => c.every((x) => x > 0), 60_000, 'a checkpoint of each run');
  // Paused, the checkpoints stay put while the context is lost.
  await page.getByRole('button', { name: 'Pause all' }).click();
  await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'paused'), 20_000, 'pause all');
  const cps = await Promise.all(started.map((r) => checkpointOf(r.id)));
  await inject(page, 'loseContext');
  const moved = await until(
    page,
    () => Promise.all(started.map((r) => storedRun(page, r.id))),
    (rs) => rs.every((r) => r.continuedFrom !== null),
    30_000,
    'the runs to go on elsewhere',
  );
  expect(moved.map((r) => r.continuedFrom)).toEqual(cps);
  // Still paused, as the user left them, on WASM now.
  expect((await runRows(page)).map((r) => r.status)).toEqual(['paused', 'paused']);
  await expect.poll(() => page.getByTestId('training-notice').innerText()).toMatch(/WebGL context was lost.*(2 runs go|They go) on from their last checkpoints on (a new|the) WASM worker\./);
  await expect.poll(() => page.getByTestId(`run-${started[0].id}`).innerText()).toMatch(/WebGL context was lost/);
  // Nothing the user set up is lost.
  expect(await page.getByTestId('setup-epochs').inputValue()).toBe('20');
  expect(await page.getByTestId('setup-backend').inputValue()).toBe('webgl');
  await page.getByRole('button', { name: 'Resume all' }).click();
  await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'done'), 90_000, 'the runs to finish on WASM');
  for (const r of started) {
    expect((await storedRun(page, r.id)).count).toBe(200);
    expect((await storedRun(page, r.id)).step).toBe(200);
  }
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
  await expect.poll(() => page.getByTestId('training-setup').count()).toBe(0);
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

test('a finished run\'s validation loss is the metric a plateau schedule in the studio watches: picked by name, its values in the CSV and the link', async () => {
  const page = await openLab('/?debug-training');
  await smallSetup(page, { examples: 320, batch: 32, epochs: 3, evalEvery: 5 });
  await setField(page, 'setup-hiddenSizes', '32');
  await page.getByTestId('setup-backend').selectOption('wasm');
  await page.getByTestId('train').click();
  await until(page, () => runRows(page), (r) => r.length === 2 && r.every(finished), 120_000, 'both runs to finish');
  const runs = await page.evaluate(() => {
    type R = { name: string; seed: number; status: string; evals: { loss: number }[] };
    return (window as unknown as { __training: { getState(): { runs: R[] } } }).__training
      .getState()
      .runs.map((r) => ({ label: `${r.name} (seed ${r.seed})`, status: r.status, losses: r.evals.map((e) => e.loss) }));
  });
  expect(runs[0].status).toBe('done');
  expect(runs[0].losses.length).toBe(6); // every 5 of 30 updates
  // In the studio: a ReduceLROnPlateau watching that run's validation loss.
  const picker = page.getByRole('combobox', { name: 'Scheduler', exact: true });
  await picker.scrollIntoViewIfNeeded();
  await picker.fill('torch.ReduceLROnPlateau');
  await picker.press('Enter');
  const editor = page.getByRole('complementary', { name: 'Schedule parameters' });
  const metric = editor.getByTestId('metric-section');
  await metric.getByRole('combobox', { name: 'Metric' }).selectOption('run');
  const choice = metric.getByRole('combobox', { name: 'Run' });
  await expect.poll(() => choice.locator('option').allInnerTexts()).toContain(`${runs[0].label}: 6 evaluations`);
  await choice.selectOption({ label: `${runs[0].label}: 6 evaluations` });
  await expect.poll(() => metric.getByTestId('metric-run').innerText()).toBe(`${runs[0].label}: its validation loss at 6 evaluations, one per scheduler step, as the lab feeds it`);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = readFileSync((await dl.path())!, 'utf8').trim().split('\n');
  const col = rows[0].split(',').indexOf('ReduceLROnPlateau (PyTorch) metric');
  expect(col).toBeGreaterThan(0);
  const shown = rows.slice(1).map((r) => Number(r.split(',')[col]));
  // One value per scheduler step, the last one held.
  expect(shown.slice(0, 6)).toEqual(runs[0].losses);
  expect(new Set(shown.slice(6))).toEqual(new Set([runs[0].losses[5]]));
  // Part of the link: a reload keeps the run's values even though the lab's runs are gone.
  await page.waitForTimeout(400);
  await page.reload();
  await expect.poll(() => page.getByTestId('metric-section').getByTestId('metric-run').innerText()).toContain(runs[0].label);
  await page.close();
});
