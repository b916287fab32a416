/**
 * Training benchmark, in headless Chromium (the browser tests' flags, software WebGL allowed) on a
 * production build, through the app's own worker:
 *
 * - per backend: training throughput (samples/s) of the app's trainer loop against a bare tfjs
 *   loop (same model, batch size, batches, optimizer and backend, in the same worker, over the
 *   same window of updates, alternating order), as the median of 5 paired ratios (target >= 0.95);
 * - per backend: wall time of 4 runs interleaved against 4 x one run;
 * - main-thread long tasks (> 50 ms) while a real 4-run comparison trains through the UI, with
 *   the charts and the run queue updating (target 0).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { DEFAULT_TRAINING_SETUP } from '../src/state/trainingSetup';
import type { BenchRequest, BenchResult } from '../src/training/protocol';
import { startSession } from '../test/browser/harness';
import type { BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const OUT_DIR = join(here, 'out', 'dist-training');

const REQUEST: BenchRequest = {
  setup: { ...DEFAULT_TRAINING_SETUP, allowSoftwareWebgl: true },
  steps: 80, // per backend below
  runs: 4,
  spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 20, gamma: 0.5 } },
};

/**
 * Updates per run, by backend: a timed window of several seconds on each (a window of under a second
 * on WASM swung the ratio from 0.8 to 1.2 between rounds).
 */
const STEPS = { webgl: 80, wasm: 400, cpu: 160 } as const;

type Lab = { __training: { getState(): { benchmark(r: BenchRequest, b: string): Promise<BenchResult> } } };

async function throughput(page: Page, backend: 'webgl' | 'wasm' | 'cpu'): Promise<BenchResult> {
  // The lab is loaded lazily: wait for its module.
  await page.waitForFunction(() => '__training' in window, undefined, { timeout: 60_000 });
  return page.evaluate(
    async ({ req, b }) => {
      return (window as unknown as Lab).__training.getState().benchmark(req, b);
    },
    { req: { ...REQUEST, steps: STEPS[backend] }, b: backend },
  );
}

/** Long tasks on the main thread while 4 runs (2 schedules x 2 seeds) train through the UI. */
async function longTasks(page: Page): Promise<{ count: number; maxMs: number; trainMs: number; backend: string; updates: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const set = async (id: string, v: string) => {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).blur();
  };
  // The lab's own form (its placeholder, which shares the lab's test id, is replaced once the chunk loads).
  await page.getByTestId('training-setup').scrollIntoViewIfNeeded();
  await set('setup-trainExamples', '4000');
  await set('setup-batchSize', '32');
  await set('setup-epochs', '1');
  await set('setup-evalInterval', '25');
  await set('setup-seedsPerSchedule', '2');
  await page.evaluate(() => {
    (window as unknown as { __long: number[] }).__long.length = 0;
  });
  const t0 = Date.now();
  await page.getByTestId('train').click();
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('[data-testid="run-queue"] tbody tr')];
      return rows.length === 4 && rows.every((r) => ['done', 'failed', 'diverged', 'stopped'].includes(r.getAttribute('data-status') ?? ''));
    },
    undefined,
    { timeout: 600_000, polling: 500 },
  );
  const trainMs = Date.now() - t0;
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  const backend = (await page.getByTestId('backend-info').innerText()).replace(/\s+/g, ' ');
  return { count: long.length, maxMs: long.length ? Math.max(...long) : 0, trainMs, backend, updates: 4 * 125 };
}

export async function run(): Promise<BenchSection[]> {
  await build({ root, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  process.env.DIST_DIR = OUT_DIR;
  const s = await startSession();
  const rows: (string | number)[][] = [];
  const multi: (string | number)[][] = [];
  try {
    for (const backend of ['webgl', 'wasm', 'cpu'] as const) {
      const page = await s.newPage('/?debug-training');
      try {
        const r = await throughput(page, backend);
        const label = r.backend === 'webgl' ? 'WebGL (SwiftShader, software)' : r.backend.toUpperCase();
        const note = r.backend === backend ? label : `${label} (asked ${backend})`;
        console.log(backend, JSON.stringify(r));
        rows.push([note, Math.round(r.bareSamplesPerSec), Math.round(r.appSamplesPerSec), r.ratio.toFixed(3), `${r.ratioRange[0].toFixed(3)}–${r.ratioRange[1].toFixed(3)}`]);
        multi.push([note, (r.oneRunMs / 1000).toFixed(2), (r.manyRunsMs / 1000).toFixed(2), ((4 * r.oneRunMs) / 1000).toFixed(2), (r.manyRunsMs / (4 * r.oneRunMs)).toFixed(3)]);
      } catch (e) {
        rows.push([backend, 'n/a', 'n/a', `unavailable: ${e instanceof Error ? e.message : String(e)}`, '']);
      } finally {
        await page.close();
      }
    }
    const page = await s.newPage('/?debug-training');
    const lt = await longTasks(page);
    await page.close();
    const setupText = `MLP 784-128-10, SGD, batch ${REQUEST.setup.batchSize}, updates per run: WebGL ${STEPS.webgl}, WASM ${STEPS.wasm}, CPU ${STEPS.cpu}`;
    return [
      {
        title: 'Training throughput: app worker loop vs bare tfjs loop',
        columns: ['backend', 'bare tfjs (samples/s)', 'app trainer (samples/s)', 'ratio (target ≥ 0.95)', 'round ratios (min–max)'],
        rows,
        notes: [
          `${setupText}; samples/s from update 10 to 90% of them (after warm-up, before the final evaluation), synchronised with the device at both ends; both loops in the app's worker, back to back in each of 5 rounds (alternating which goes first); samples/s are medians over the rounds, the ratio is the median of the 5 rounds' own ratios (pairing cancels the machine's drift between rounds). The app's loop adds the per-update schedule, the recorded losses (read back once per slice: ~40 ms of updates, or up to 4 updates within 400 ms where one update takes longer) and the yields that let pause/stop in.`,
        ],
      },
      {
        title: 'Training: 4 runs interleaved vs 4 × one run',
        columns: ['backend', '1 run (s)', '4 runs interleaved (s)', '4 × 1 run (s)', 'ratio'],
        rows: multi,
        notes: ['One worker interleaves the runs round-robin (a slice each: ~40 ms of updates, or up to 4 slow updates); ratio ≤ 1 means interleaving costs nothing.'],
      },
      {
        title: 'Training: main-thread long tasks while training',
        columns: ['comparison', 'backend', 'wall (s)', 'long tasks > 50 ms (target 0)', 'longest (ms)'],
        rows: [['4 runs (2 schedules × 2 seeds) × 125 updates, batch 32, charts live', lt.backend, (lt.trainMs / 1000).toFixed(1), lt.count, lt.maxMs.toFixed(0)]],
        notes: ['Counted with a PerformanceObserver("longtask") from the click on Train until all 4 runs are done.'],
      },
    ];
  } finally {
    await s.close();
  }
}
