/**
 * What the training lab's browser tests share: bringing the lab up, a small setup, reading the run
 * queue and the lab's store (exposed by ?debug-training), fault injection, polling.
 */
import type { Page } from 'playwright-core';

/**
 * Brings the lab into view and waits for it: it mounts when the page is scrolled to it (at once
 * with ?debug-training) and loads its chunk then, behind a placeholder with the same test id.
 */
export async function showLab(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector('[data-testid="training-lab"]')?.scrollIntoView());
  await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
}

export async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.blur();
}

/** A short comparison: `examples` / `batch` updates per epoch. */
export async function smallSetup(page: Page, o: { examples: number; batch: number; epochs: number; evalEvery: number }): Promise<void> {
  await showLab(page);
  await setField(page, 'setup-trainExamples', String(o.examples));
  await setField(page, 'setup-batchSize', String(o.batch));
  await setField(page, 'setup-epochs', String(o.epochs));
  await setField(page, 'setup-evalInterval', String(o.evalEvery));
}

export interface RunRow {
  id: string;
  status: string;
  step: number;
}

export async function runRows(page: Page): Promise<RunRow[]> {
  return page
    .getByTestId('run-queue')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => ({ id: r.getAttribute('data-testid')!.slice(4), status: r.getAttribute('data-status')!, step: Number(r.getAttribute('data-step')) })),
    );
}

export async function until<T>(page: Page, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await page.waitForTimeout(250);
  }
}

export const finished = (r: RunRow) => ['done', 'stopped', 'diverged', 'failed'].includes(r.status);

export interface StoredRun {
  id: string;
  status: string;
  step: number;
  count: number;
  loss: number[];
  evals: number[];
  continuedFrom: number | null;
}

/** A run's records as the page holds them (the lab's store, exposed by ?debug-training). */
export async function storedRun(page: Page, id: string): Promise<StoredRun> {
  return page.evaluate((runId) => {
    type R = { id: string; status: string; step: number; count: number; loss: Float32Array; evals: { step: number }[]; continuedFrom: number | null };
    const r = (window as unknown as { __training: { getState(): { runs: R[] } } }).__training.getState().runs.find((x) => x.id === runId)!;
    return { id: r.id, status: r.status, step: r.step, count: r.count, loss: Array.from(r.loss.subarray(0, r.count)), evals: r.evals.map((e) => e.step), continuedFrom: r.continuedFrom };
  }, id);
}

/** Calls the lab's fault injection (exposed by ?debug-training). */
export async function inject(page: Page, fault: 'throw' | 'loseContext', runId?: string): Promise<void> {
  await page.evaluate(
    ([f, id]) => (window as unknown as { __training: { getState(): { inject(f: string, id?: string): void } } }).__training.getState().inject(f, id),
    [fault, runId] as const,
  );
}

