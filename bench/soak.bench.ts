/**
 * Soak benchmark, in headless Chromium (the browser tests' flags) on a production build: 8 runs
 * (2 schedules x 4 seeds) train through the UI with the lab's charts in view for SOAK_MINUTES
 * (default 20), and every SOAK_SAMPLE_S (default 30) seconds, after a forced garbage collection:
 *
 * - the training worker's tfjs tensors and bytes (`tf.memory()`, read in the worker);
 * - the training worker's JS heap (CDP `Runtime.getHeapUsage` on the worker's target);
 * - the page's JS heap and DOM nodes (CDP `Performance.getMetrics`).
 *
 * It reports first / last / max and the least-squares slope per minute of each, and whether it
 * stayed flat; it asserts nothing. The page keeps every update's loss and learning rate (12 bytes
 * an update, in typed arrays outside the JS heap): the updates trained are reported alongside.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page, Worker } from 'playwright-core';
import { build } from 'vite';
import { startSession } from '../test/browser/harness';
import type { BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const OUT_DIR = join(here, 'out', 'dist-soak');

const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE_S ?? 30);

interface Sample {
  minute: number;
  updates: number;
  workerTensors: number | null;
  workerTfBytes: number | null;
  workerHeap: number | null;
  pageHeap: number;
  pageNodes: number;
}

/**
 * The worker's own CDP target, reached through the page's session (auto-attach, messages wrapped
 * in Target.sendMessageToTarget): Playwright gives no CDP session to a worker.
 */
class WorkerTargets {
  private sessions: { sessionId: string; url: string }[] = [];
  private nextId = 1;
  private waiting = new Map<number, (r: { result?: Record<string, unknown>; error?: unknown }) => void>();

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
      if (e.targetInfo.type === 'worker') this.sessions.push({ sessionId: e.sessionId, url: e.targetInfo.url });
    });
    cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => {
      this.sessions = this.sessions.filter((s) => s.sessionId !== e.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown>; error?: unknown };
      if (msg.id !== undefined) {
        this.waiting.get(msg.id)?.(msg);
        this.waiting.delete(msg.id);
      }
    });
  }

  async start(): Promise<void> {
    await this.cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  }

  async send(urlPattern: RegExp, method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown> | null> {
    const s = this.sessions.filter((x) => urlPattern.test(x.url)).at(-1);
    if (!s) return null;
    const id = this.nextId++;
    const reply = new Promise<{ result?: Record<string, unknown>; error?: unknown }>((resolve) => {
      this.waiting.set(id, resolve);
      setTimeout(() => resolve({ error: 'timeout' }), 10_000);
    });
    await this.cdp.send('Target.sendMessageToTarget', { sessionId: s.sessionId, message: JSON.stringify({ id, method, params }) });
    const r = await reply;
    return r.error ? null : (r.result ?? {});
  }
}

const TRAINING_WORKER = /\/assets\/worker-[^/]*\.js$/;

async function sample(page: Page, cdp: CDPSession, targets: WorkerTargets, t0: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const metric = (name: string) => metrics.metrics.find((m) => m.name === name)?.value ?? NaN;
  await targets.send(TRAINING_WORKER, 'HeapProfiler.collectGarbage');
  const heap = await targets.send(TRAINING_WORKER, 'Runtime.getHeapUsage');
  const worker: Worker | undefined = page.workers().find((w) => TRAINING_WORKER.test(w.url()));
  // tfjs keeps its engine on the global object.
  const tf = worker
    ? await worker.evaluate(() => (self as unknown as { _tfengine?: { memory(): { numTensors: number; numBytes: number } } })._tfengine?.memory() ?? null).catch(() => null)
    : null;
  const updates = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="run-queue"] tbody tr')].reduce((n, r) => n + Number(r.getAttribute('data-step') ?? 0), 0),
  );
  return {
    minute: (Date.now() - t0) / 60_000,
    updates,
    workerTensors: tf?.numTensors ?? null,
    workerTfBytes: tf?.numBytes ?? null,
    workerHeap: heap && typeof heap.usedSize === 'number' ? heap.usedSize : null,
    pageHeap: metric('JSHeapUsedSize'),
    pageNodes: metric('Nodes'),
  };
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const MB = 1024 * 1024;

/**
 * One row: first, last, max, slope per minute, and flat or not. Flat: the fitted trend over the
 * whole soak moves the value by less than `tolerance` of its first value (tensor counts: not at all,
 * as every update frees what it made).
 */
function row(name: string, samples: Sample[], pick: (s: Sample) => number | null, unit: 'count' | 'MB', tolerance: number): (string | number)[] {
  const pts = samples.map((s) => [s.minute, pick(s)] as const).filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
  if (pts.length < 2) return [name, 'n/a', 'n/a', 'n/a', 'n/a', 'not measured'];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const k = slope(xs, ys);
  const span = xs[xs.length - 1] - xs[0];
  const drift = Math.abs(k * span);
  const flat = tolerance === 0 ? Math.max(...ys) === Math.min(...ys) : drift <= tolerance * Math.max(ys[0], 1);
  const fmt = (v: number) => (unit === 'MB' ? (v / MB).toFixed(2) : String(Math.round(v)));
  const fmtSlope = unit === 'MB' ? `${(k / MB).toFixed(3)} MB/min` : `${k.toFixed(2)}/min`;
  return [name, fmt(ys[0]), fmt(ys[ys.length - 1]), fmt(Math.max(...ys)), fmtSlope, flat ? 'yes' : `no (trend ${fmt(drift)}${unit === 'MB' ? ' MB' : ''} over ${span.toFixed(1)} min)`];
}

export async function run(): Promise<BenchSection[]> {
  await build({ root, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  process.env.DIST_DIR = OUT_DIR;
  const s = await startSession();
  try {
    const page = await s.newPage('/');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const targets = new WorkerTargets(cdp);
    await targets.start();
    await page.evaluate(() => document.querySelector('[data-testid="training-lab"]')?.scrollIntoView());
    await page.getByTestId('training-setup').waitFor({ timeout: 60_000 });
    const set = async (id: string, v: string) => {
      await page.getByTestId(id).fill(v);
      await page.getByTestId(id).blur();
    };
    // Long runs of cheap updates (batch 2: 4,000 updates an epoch, 800,000 a run): they outlast
    // the soak, and the per-update work of the loop (the part that could leak) dominates.
    await set('setup-batchSize', '2');
    await set('setup-epochs', '200');
    await set('setup-evalInterval', '2000');
    await set('setup-seedsPerSchedule', '4');
    await page.getByTestId('train').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-queue"] tbody tr[data-status="running"]').length > 0, undefined, {
      timeout: 120_000,
    });
    const runs = await page.locator('[data-testid="run-queue"] tbody tr').count();
    // The charts stay in view and live.
    await page.getByTestId('chart-train-loss').scrollIntoViewIfNeeded();
    const t0 = Date.now();
    const samples: Sample[] = [];
    for (;;) {
      const sm = await sample(page, cdp, targets, t0);
      samples.push(sm);
      console.log('soak', JSON.stringify(sm));
      if (sm.minute >= MINUTES) break;
      await page.waitForTimeout(Math.min(SAMPLE_S * 1000, Math.max(1000, (MINUTES - sm.minute) * 60_000)));
    }
    const statuses = await page.locator('[data-testid="run-queue"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    const backend = (await page.getByTestId('backend-info').innerText()).replace(/\s+/g, ' ');
    await page.close();
    const last = samples[samples.length - 1];
    const updates = last.updates - samples[0].updates;
    return [
      {
        title: `Soak: ${runs} runs training for ${last.minute.toFixed(1)} minutes with the charts live`,
        columns: ['measure', 'first', 'last', 'max', 'slope', 'flat'],
        rows: [
          row('training worker: tfjs tensors', samples, (x) => x.workerTensors, 'count', 0),
          row('training worker: tfjs memory (MB)', samples, (x) => x.workerTfBytes, 'MB', 0.05),
          row('training worker: JS heap (MB)', samples, (x) => x.workerHeap, 'MB', 0.1),
          row('page: JS heap (MB)', samples, (x) => x.pageHeap, 'MB', 0.1),
          row('page: DOM nodes', samples, (x) => x.pageNodes, 'count', 0.05),
        ],
        notes: [
          `${runs} runs (2 schedules × 4 seeds, MLP 784-128-10, SGD, batch 2, evaluation every 2,000 updates), ${backend}; ${updates.toLocaleString('en-US')} updates trained during the soak (${Math.round(updates / Math.max(1e-9, last.minute - samples[0].minute) / 60)} a second in all); runs at the end: ${statuses.join(', ')}.`,
          `Sampled every ${SAMPLE_S} s after a forced garbage collection (page and worker), ${samples.length} samples. Slope: least squares per minute. Flat: the trend over the soak is under 5% (tfjs memory), 10% (heaps) or 5% (DOM nodes) of the first value; tensor counts must not move at all. The page keeps each update's loss and learning rate (12 bytes an update, ${((12 * updates) / MB).toFixed(1)} MB for this soak) in typed arrays, outside the JS heap.`,
        ],
      },
    ];
  } finally {
    await s.close();
  }
}
