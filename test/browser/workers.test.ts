/**
 * Workers that die without a word, in Debian Chromium: the training worker and a curve worker are
 * closed from inside (`self.close()`: no error event, no message, as a killed or terminated worker)
 * while they have work, and the page finds out by their silence and recovers by itself; a training
 * worker that keeps dying (its script refused) ends its runs failed after 3 continuations.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultDocument, linkFor } from '../../src/state/persist';
import type { ScheduleEntry } from '../../src/state/studio';
import { startSession, type Session } from './harness';
import { runRows, setField, showLab, smallSetup, storedRun, until } from './lab';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

/** Closes `worker` from inside, in its next task (the evaluation itself gets its answer first). */
async function closeFromInside(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    setTimeout(() => (self as unknown as { close(): void }).close(), 0);
  });
}

function workerMatching(page: Page, pattern: RegExp): Worker | undefined {
  return page.workers().find((w) => pattern.test(w.url()));
}

const TRAINING_WORKER = /\/assets\/worker-[^/]*\.js$/;
const CURVE_WORKER = /\/assets\/curve\.worker-[^/]*\.js$/;

/** Two runs of 600 updates, on their way: both have trained and sent a checkpoint. */
async function trainTwoRuns(): Promise<{ page: Page; ids: string[]; checkpointOf: (id: string) => Promise<number> }> {
  // The default studio (its two schedules), whatever an earlier test left in storage.
  const page = await s.newPage(linkFor(defaultDocument(), '/?debug-training'));
  await showLab(page);
  await smallSetup(page, { examples: 1600, batch: 32, epochs: 12, evalEvery: 50 });
  await setField(page, 'setup-hiddenSizes', '32');
  await page.getByTestId('train').click();
  const checkpointOf = (id: string) => page.getByTestId(`run-${id}`).getAttribute('data-checkpoint').then(Number);
  const rows = await until(page, () => runRows(page), (r) => r.length === 2 && r.every((x) => x.step > 0), 60_000, 'both runs to start');
  const ids = rows.map((r) => r.id);
  await until(page, () => Promise.all(ids.map(checkpointOf)), (c) => c.every((x) => x > 0), 60_000, 'a checkpoint of each run');
  return { page, ids, checkpointOf };
}

test('the training worker dies silently mid-run: both runs go on from their checkpoints on a new worker without a click and finish, with a notice', async () => {
  const { page, ids, checkpointOf } = await trainTwoRuns();
  const worker = workerMatching(page, TRAINING_WORKER);
  expect(worker).toBeDefined();
  await closeFromInside(worker!);
  // Nothing comes from it any more: what the page holds now is where the runs go on from.
  await page.waitForTimeout(2000);
  const cps = await Promise.all(ids.map(checkpointOf));
  const before = await Promise.all(ids.map((id) => storedRun(page, id)));
  const total = 600;
  for (const [i, cp] of cps.entries()) {
    expect(cp).toBeGreaterThan(0);
    expect(cp).toBeLessThan(total);
    expect(before[i].status).toBe('running');
  }
  // No click: once its silence passes the limit, the page says so and the runs go on.
  await expect
    .poll(() => page.getByTestId('training-notice').innerText().catch(() => ''), { timeout: 60_000, interval: 500 })
    .toMatch(/^The training worker stopped responding \(no message for \d+ s\)\. 2 runs go on from their last checkpoints on a new WASM worker\.$/);
  const moved = await Promise.all(ids.map((id) => storedRun(page, id)));
  expect(moved.map((r) => r.continuedFrom)).toEqual(cps);
  for (const id of ids) await expect.poll(() => page.getByTestId(`run-${id}`).innerText()).toMatch(/stopped responding/);
  await expect.poll(() => page.getByTestId('backend-info').innerText()).toMatch(/Backend: WASM, stopped.*Continued on: WASM/s);
  await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'done'), 120_000, 'both runs to finish');
  for (const [i, id] of ids.entries()) {
    const after = await storedRun(page, id);
    expect(after.step).toBe(total);
    // One loss per update: those before the checkpoint untouched, the rest filled in once.
    expect(after.count).toBe(total);
    expect(after.loss.slice(0, cps[i])).toEqual(before[i].loss.slice(0, cps[i]));
    for (const v of after.loss) expect(Number.isFinite(v)).toBe(true);
    // Evaluations every 50 updates (epochs end on them too), each once, in order.
    expect(after.evals).toEqual(Array.from({ length: 12 }, (_, k) => 50 * (k + 1)));
  }
  // The notice stays with the finished runs.
  expect(await page.getByTestId(`run-${ids[0]}`).innerText()).toMatch(/continued from update \d+/);
  expect(await page.getByTestId('training-notice').innerText()).toMatch(/stopped responding/);
  await page.close();
});

test('a curve worker dies silently: the long-horizon curve edited meanwhile is drawn by a new worker', async () => {
  const base = defaultDocument();
  const step: ScheduleEntry = { id: 'step', name: 'Step', color: '#f28e2b', visible: true, stepping: 'iteration', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 1000, gamma: 0.5 } } };
  const url = linkFor({ ...base, schedules: [step], settings: { ...base.settings, totalSteps: 2_000_000, stepsPerEpoch: 1000 }, selectedId: 'step' }, '/');
  const page = await s.newPage(url);
  const legend = page.getByTestId('curve-step');
  const settled = () => page.waitForFunction(() => document.querySelector('[data-testid="curve-step"]')?.getAttribute('data-pending') === 'false', undefined, { timeout: 60_000 });
  await legend.waitFor();
  await settled();
  expect(await legend.getAttribute('data-length')).toBe('2000000');
  const initial = () => page.getByTestId('stats-step').locator('td').first().getAttribute('data-value').then(Number);
  expect(await initial()).toBe(0.1);
  const worker = workerMatching(page, CURVE_WORKER);
  expect(worker).toBeDefined();
  await closeFromInside(worker!);
  await page.waitForTimeout(500);
  // The person edits lr: the curve is pending in a worker that will never answer.
  const lr = page.getByRole('textbox', { name: 'lr', exact: true });
  await lr.fill('0.3');
  await lr.press('Enter');
  await expect.poll(() => legend.getAttribute('data-pending')).toBe('true');
  // The pool finds the silence, starts a new worker and the curve is drawn with the new value.
  await settled();
  // The stats row follows in a deferred render.
  await expect.poll(initial).toBe(0.3);
  expect(await legend.getAttribute('data-length')).toBe('2000000');
  await expect.poll(() => page.workers().filter((w) => CURVE_WORKER.test(w.url())).length).toBeGreaterThanOrEqual(1);
  expect(workerMatching(page, CURVE_WORKER)).not.toBe(worker);
  await page.close();
});

test('a training worker that dies again and again ends its runs failed with a clear message, not a loop; the user may continue one by hand', async () => {
  const { page, ids, checkpointOf } = await trainTwoRuns();
  // From now on no training worker can start (its script does not load), and the one running dies.
  let refused = 0;
  await page.route(TRAINING_WORKER, (route) => {
    refused += 1;
    return route.abort();
  });
  await closeFromInside(workerMatching(page, TRAINING_WORKER)!);
  const failed = await until(page, () => runRows(page), (r) => r.every((x) => x.status === 'failed'), 90_000, 'the runs to be left failed');
  expect(failed).toHaveLength(2);
  // Three continuations, each on a worker that could not start, then no more.
  expect(refused).toBe(3);
  await page.waitForTimeout(3000);
  expect(refused).toBe(3);
  await expect.poll(() => page.getByTestId('training-error').innerText()).toMatch(/2 runs failed again after 3 automatic continuations and were left failed/);
  const row = page.getByTestId(`run-${ids[0]}`);
  expect(await row.innerText()).toMatch(/not continued again after 3 automatic continuations/);
  // The choice is the user's now: with the worker loading again, one click goes on from the checkpoint.
  await page.unroute(TRAINING_WORKER);
  const cp = await checkpointOf(ids[0]);
  await row.getByRole('button', { name: 'Continue on CPU' }).click();
  expect((await storedRun(page, ids[0])).continuedFrom).toBe(cp);
  await until(page, () => runRows(page), (r) => r[0].status === 'done', 120_000, 'the run continued by hand to finish');
  expect((await storedRun(page, ids[0])).count).toBe(600);
  await page.close();
});
