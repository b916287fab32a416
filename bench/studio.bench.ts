/**
 * Studio benchmark, in headless Chromium (the browser tests' flags) on a production build:
 *
 * - slider drag latency: a real mouse drag on a parameter slider, from each `input` event to the
 *   next painted frame, and to the first painted frame that shows that input's curve (they differ
 *   when the curve is computed in a worker); median and p95, the inputs whose curve was drawn and
 *   the main thread's long tasks, for 1 and 8 schedules of 1M and of 10M steps, and 1 schedule of
 *   10,000 steps (the everyday case);
 * - the JavaScript the first page load needs (gzip), and whether tfjs is among it (and, apart, the
 *   stylesheets, typeset formula and fonts it fetched);
 * - the time to the first drawn curve.
 *
 * State is set up through the app's share links (`#s=`), as a user opening a link would.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { getDefinition, type ScheduleSpec } from '../src/schedules';
import { defaultDocument, linkFor } from '../src/state/persist';
import type { ScheduleEntry, StudioSettings } from '../src/state/studio';
import { startSession, type Session } from '../test/browser/harness';
import type { BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const OUT_DIR = join(here, 'out', 'dist-studio');

const MOVES = 90;
const MOVE_INTERVAL_MS = 16;
/** Timed sweeps per scenario: ~260 inputs, so that a p95 rests on a dozen samples, not four. */
const SWEEPS = 3;

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

/** Builds the app; returns the chunk file names that contain tfjs. */
async function buildApp(): Promise<Set<string>> {
  const out = (await build({
    root,
    logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir: true },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const outputs = Array.isArray(out) ? out : [out];
  const tf = new Set<string>();
  for (const o of outputs) {
    for (const item of (o as Rollup.RollupOutput).output) {
      if (item.type === 'chunk' && item.moduleIds.some((id) => id.includes('node_modules/@tensorflow'))) tf.add(item.fileName);
    }
  }
  return tf;
}

/** The app's own share link to these schedules (the first one selected) and settings. */
export function link(schedules: ScheduleEntry[], settings: Partial<StudioSettings>): string {
  const base = defaultDocument();
  return linkFor({ ...base, schedules, settings: { ...base.settings, ...settings }, selectedId: schedules[0]?.id ?? null }, '/');
}

/**
 * Records first-curve time and input latencies in the page (installed before any script runs).
 * Plain JavaScript in a string: the TypeScript loader would add helpers the page lacks.
 */
const INSTRUMENT = `(() => {
  const b = { firstCurve: null, inputs: [], next: [], fresh: [], watch: null, longTasks: [] };
  window.__bench = b;
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  } catch {}
  // The first task after the frame's rendering update: user-blocking priority, so that background
  // work the page queued earlier (React's deferred renders) does not count as part of this frame.
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      if (globalThis.scheduler && scheduler.postTask) {
        scheduler.postTask(cb, { priority: 'user-blocking' });
        return;
      }
      const ch = new MessageChannel();
      ch.port1.onmessage = cb;
      ch.port2.postMessage(0);
    });
  document.addEventListener('input', (ev) => {
    const t0 = ev.timeStamp;
    b.inputs.push(t0);
    afterPaint(() => b.next.push(performance.now() - t0));
  }, true);
  let sawCurve = false;
  const credited = new Set();
  new MutationObserver((records) => {
    if (!sawCurve) {
      const li = document.querySelector('.chart-legend li[data-testid^="curve-"][data-points]');
      if (li && Number(li.dataset.points) > 0) {
        sawCurve = true;
        afterPaint(() => { b.firstCurve = performance.now(); });
      }
    }
    for (const r of records) {
      const el = r.target;
      // What the canvas shows: "id:checksum@requestedAt" per curve (src/ui/chart/draw.ts drawnRecord).
      if (r.type === 'attributes' && b.watch && r.attributeName === 'data-drawn' && el.dataset.testid === 'chart-canvas') {
        const mine = (el.dataset.drawn || '').split(' ').find((d) => d.startsWith(b.watch + ':'));
        if (!mine || !mine.includes('@') || mine.endsWith('@')) continue;
        const at = Number(mine.slice(mine.lastIndexOf('@') + 1));
        // The input that asked for the curve now shown: the last one before the request. Each
        // input counts once (a full-resolution follow-up of the same input is not a new curve).
        let t0 = -1;
        for (const t of b.inputs) if (t <= at + 0.5) t0 = t;
        if (t0 >= 0 && !credited.has(t0)) {
          credited.add(t0);
          afterPaint(() => b.fresh.push(performance.now() - t0));
        }
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points', 'data-drawn'] });
})();`;

export async function settled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
      return items.length > 0 && items.every((li) => li.dataset.pending !== 'true' && Number(li.dataset.points) > 0);
    },
    undefined,
    { timeout },
  );
}

interface LoadFigures {
  jsGzip: number;
  jsRaw: number;
  chunks: string[];
  tfjsLoaded: string[];
  firstCurveMs: number;
  /** What else the page fetched (not JavaScript, not budgeted): stylesheets, typeset formulas, fonts. */
  other: { kind: 'CSS' | 'formula' | 'font'; name: string; gzip: number }[];
}

function assetKind(url: string): LoadFigures['other'][number]['kind'] | null {
  const path = url.split('?')[0];
  if (path.endsWith('.css')) return 'CSS';
  if (/\/formulas\/[^/]+\.html$/.test(path)) return 'formula';
  if (/\.(woff2?|ttf)$/.test(path)) return 'font';
  return null;
}

async function firstLoad(s: Session, tfChunks: Set<string>): Promise<LoadFigures> {
  const page = await s.context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  const scripts: { url: string; body: Promise<Buffer> }[] = [];
  const assets: { url: string; kind: LoadFigures['other'][number]['kind']; body: Promise<Buffer> }[] = [];
  page.on('response', (r) => {
    const url = r.url();
    const kind = assetKind(url);
    if (/\.m?js(\?|$)/.test(url)) scripts.push({ url, body: r.body() });
    else if (kind) assets.push({ url, kind, body: r.body() });
  });
  await page.goto(s.url + '/');
  await settled(page);
  await page.waitForFunction(() => (window as unknown as { __bench: { firstCurve: number | null } }).__bench.firstCurve !== null);
  const firstCurveMs = await page.evaluate(() => (window as unknown as { __bench: { firstCurve: number } }).__bench.firstCurve);
  await page.waitForTimeout(1000); // anything loaded right after the first paint counts too
  let jsGzip = 0;
  let jsRaw = 0;
  const chunks: string[] = [];
  const tfjsLoaded: string[] = [];
  for (const sc of scripts) {
    const body = await sc.body;
    jsRaw += body.length;
    jsGzip += gzipSync(body).length;
    const name = sc.url.split('/').pop() ?? sc.url;
    chunks.push(name);
    if (tfChunks.has(`assets/${name}`)) tfjsLoaded.push(name);
  }
  const other: LoadFigures['other'] = [];
  for (const a of assets) {
    const body = await a.body;
    // Fonts are compressed already: their size as sent.
    other.push({ kind: a.kind, name: a.url.split('?')[0].split('/').pop() ?? a.url, gzip: a.kind === 'font' ? body.length : gzipSync(body).length });
  }
  await page.close();
  return { jsGzip, jsRaw, chunks, tfjsLoaded, firstCurveMs, other };
}

interface DragFigures {
  label: string;
  inputs: number;
  next: number[];
  fresh: number[];
  /** Main-thread tasks over 50 ms during the timed drags (ms each). */
  longTasks: number[];
  settleMs: number;
  note?: string;
}

/** The schedules of a scenario: the first is selected and dragged (its `lr` slider). */
export function scenario(count: number): ScheduleEntry[] {
  const pool: ScheduleSpec[] = [
    { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 250_000 } },
    { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300_000, gamma: 0.1 } },
    { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 2000 } },
    { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 1_000_000 } },
    { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 1_000_000 } },
    { scheduler: 'torch.ExponentialLR', params: { lr: 0.1, gamma: 0.999995 } },
    { scheduler: 'torch.MultiStepLR', params: { lr: 0.1, milestones: [300_000, 600_000, 900_000], gamma: 0.2 } },
    { scheduler: 'paddle.NoamDecay', params: { d_model: 512, warmup_steps: 4000, learning_rate: 1 } },
  ].filter((spec) => getDefinition(spec.scheduler));
  const colors = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7'];
  return Array.from({ length: count }, (_, i) => ({
    id: `b${i}`,
    name: `${pool[i % pool.length].scheduler} #${i + 1}`,
    color: colors[i % colors.length],
    visible: true,
    spec: pool[i % pool.length],
    stepping: 'iteration',
  }));
}

/** A real mouse drag over `slider`, swept back and forth `moves` times. */
export async function sweepSlider(page: Page, box: { x: number; y: number; width: number; height: number }, moves: number): Promise<void> {
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i++) {
    const f = 0.3 + 0.4 * Math.sin((Math.PI * i) / moves);
    await page.mouse.move(box.x + box.width * f, y);
    await page.waitForTimeout(MOVE_INTERVAL_MS);
  }
  await page.mouse.up();
}

async function resetCounters(page: Page, watch: string | null): Promise<void> {
  await page.evaluate((id) => {
    const b = (window as unknown as { __bench: { inputs: number[]; next: number[]; fresh: number[]; longTasks: number[]; watch: string | null } }).__bench;
    b.inputs.length = 0;
    b.next.length = 0;
    b.fresh.length = 0;
    b.longTasks.length = 0;
    b.watch = id;
  }, watch);
}

/**
 * The floor this machine and browser set: the same drag on a page holding nothing but a slider, or
 * a slider and a canvas of the chart's size that the input redraws (a 1,000-point line, drawn the
 * way the chart draws), same window size and instrumentation. The second is what any page that
 * repaints a plot of that size per input costs here (on software GL: compositing the new canvas).
 */
async function calibration(s: Session, canvas: { width: number; height: number } | null): Promise<DragFigures> {
  const page = await s.context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  const slider = '<input type="range" min="0" max="1000" style="width:600px;margin:100px" aria-label="x">';
  const plot = canvas
    ? `<canvas style="display:block;width:${canvas.width}px;height:${canvas.height}px"></canvas><script>
const c = document.querySelector('canvas');
const dpr = Math.min(devicePixelRatio || 1, 3);
c.width = Math.round(${canvas.width} * dpr); c.height = Math.round(${canvas.height} * dpr);
const ctx = c.getContext('2d', { willReadFrequently: true });
document.querySelector('input').addEventListener('input', (e) => {
  const a = Number(e.target.value) / 1000;
  ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, c.width, c.height); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineWidth = 2; ctx.strokeStyle = '#1f77b4'; ctx.beginPath();
  for (let i = 0; i < 1000; i++) {
    const x = (i / 999) * ${canvas.width}, y = ${canvas.height} * (0.1 + 0.8 * (1 - a * 0.5 * (1 + Math.cos(Math.PI * i / 999))));
    i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
  }
  ctx.stroke();
});
</script>`
    : '';
  await page.goto(`data:text/html,${encodeURIComponent('<!doctype html>' + slider + plot)}`);
  const box = (await page.getByRole('slider').boundingBox())!;
  await sweepSlider(page, box, 20);
  await resetCounters(page, null);
  for (let i = 0; i < SWEEPS; i++) {
    await sweepSlider(page, box, MOVES);
    await page.waitForTimeout(200);
  }
  const r = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { inputs: number[]; next: number[]; longTasks: number[] } }).__bench;
    return { inputs: b.inputs.length, next: [...b.next], longTasks: [...b.longTasks] };
  });
  await page.close();
  const label = canvas
    ? `calibration: a slider redrawing a ${canvas.width} × ${canvas.height} px canvas (the chart's size), nothing else`
    : 'calibration: a bare slider, nothing else on the page';
  return { label, inputs: r.inputs, next: r.next, fresh: r.next, longTasks: r.longTasks, settleMs: 0 };
}

/** The CSS size of the app's chart canvas at the benchmark's window size. */
async function chartCanvasSize(s: Session): Promise<{ width: number; height: number }> {
  const page = await s.context.newPage();
  await page.goto(s.url + link(scenario(1), { totalSteps: 10_000, stepsPerEpoch: 1000 }));
  await settled(page);
  const box = (await page.getByTestId('chart-canvas').first().boundingBox())!;
  await page.close();
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

export async function drag(s: Session, label: string, count: number, totalSteps: number): Promise<DragFigures> {
  const page = await s.context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  const entries = scenario(count);
  const t0 = Date.now();
  await page.goto(s.url + link(entries, { totalSteps, stepsPerEpoch: 1000 }));
  await settled(page);
  const settleMs = Date.now() - t0;
  const slider = page.getByRole('slider', { name: 'lr', exact: true }).first();
  if ((await slider.count()) === 0) {
    await page.close();
    return { label, inputs: 0, next: [], fresh: [], longTasks: [], settleMs, note: 'no `lr` slider on the page' };
  }
  const box = (await slider.boundingBox())!;
  await sweepSlider(page, box, 20); // warm up the JIT and the workers
  await settled(page);
  await resetCounters(page, entries[0].id);
  for (let i = 0; i < SWEEPS; i++) {
    await sweepSlider(page, box, MOVES);
    await settled(page);
  }
  await page.waitForTimeout(200);
  const r = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { inputs: number[]; next: number[]; fresh: number[]; longTasks: number[] } }).__bench;
    return { inputs: b.inputs.length, next: [...b.next], fresh: [...b.fresh], longTasks: [...b.longTasks] };
  });
  await page.close();
  return { label, settleMs, ...r };
}

export async function run(): Promise<BenchSection[]> {
  const tfChunks = await buildApp();
  if (!existsSync(join(OUT_DIR, 'index.html'))) throw new Error('build failed');
  const prevDist = process.env.DIST_DIR;
  process.env.DIST_DIR = OUT_DIR;
  const s = await startSession();
  let load: LoadFigures;
  const drags: DragFigures[] = [];
  const loadBefore = loadavg()[0];
  try {
    drags.push(await calibration(s, null));
    drags.push(await calibration(s, await chartCanvasSize(s)));
    load = await firstLoad(s, tfChunks);
    drags.push(await drag(s, '1 schedule × 10,000 steps', 1, 10_000));
    drags.push(await drag(s, '1 schedule × 1,000,000 steps', 1, 1_000_000));
    drags.push(await drag(s, '8 schedules × 1,000,000 steps', 8, 1_000_000));
    drags.push(await drag(s, '1 schedule × 10,000,000 steps', 1, 10_000_000));
    drags.push(await drag(s, '8 schedules × 10,000,000 steps', 8, 10_000_000));
  } finally {
    await s.close();
    process.env.DIST_DIR = prevDist;
  }
  const loadAfter = loadavg()[0];
  const TARGETS: Record<string, number> = {
    '1 schedule × 10,000 steps': 16,
    '1 schedule × 1,000,000 steps': 16,
    '8 schedules × 1,000,000 steps': 33,
    '1 schedule × 10,000,000 steps': 33,
  };
  const target = (label: string) => TARGETS[label] ?? '';
  return [
    {
      title: 'Studio: slider drag, input event → painted frame (headless Chromium, production build)',
      columns: [
        'scenario',
        'inputs',
        'next frame median ms',
        'next frame p95 ms',
        'frame with its curve median ms',
        'frame with its curve p95 ms',
        'inputs whose curve was shown',
        'long tasks during the drags (longest ms)',
        'p95 target ms',
      ],
      rows: drags.map((d) => [
        d.note ? `${d.label} (${d.note})` : d.label,
        d.inputs,
        fmt(quantile(d.next, 0.5)),
        fmt(quantile(d.next, 0.95)),
        fmt(quantile(d.fresh, 0.5)),
        fmt(quantile(d.fresh, 0.95)),
        d.inputs ? `${d.fresh.length}/${d.inputs}` : 'n/a',
        d.longTasks.length ? `${d.longTasks.length} (${fmt(Math.max(...d.longTasks))})` : '0',
        target(d.label),
      ]),
      notes: [
        `A real mouse drag on the first schedule's \`lr\` slider, ${SWEEPS} drags of ${MOVES} moves ${MOVE_INTERVAL_MS} ms apart (the page settles between drags). "Next frame": from the input event's timestamp to the first frame painted after it (requestAnimationFrame, then the first user-blocking task: background work the page queued earlier, such as React's deferred renders of the stats table, is not counted as this frame). "Frame with its curve": to the first painted frame whose drawn curve was computed for that input; horizons over 100k steps are drawn from per-pixel-column envelopes (\`evaluateColumns\`): on the main thread where the closed form makes them cheap, else in the curve worker (latest wins there: an input arriving while an older one's drawing is computed replaces it, so some inputs' curves are never drawn); the full-resolution values follow in the worker when the slider stops. At 8 × 10M steps, 6 schedules are kept at full resolution (the page's memory budget) and the others only drawn. "Long tasks": main-thread tasks over 50 ms (PerformanceObserver "longtask") during the timed drags.`,
        `Machine load average (1 min) ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run, on ${cpus().length} cores; the calibration rows are the floor this machine and browser set for any page, and for any page that repaints a plot of the chart's size per input.`,
      ],
    },
    {
      title: 'Studio: first page load',
      columns: [
        'JavaScript loaded (gzip)',
        'raw',
        'chunks',
        'tfjs loaded',
        'first curve drawn (ms after navigation)',
        'gzip target',
        'other assets, not JavaScript (gzip)',
      ],
      rows: [
        [
          `${(load!.jsGzip / 1024).toFixed(1)} KB`,
          `${(load!.jsRaw / 1024).toFixed(1)} KB`,
          load!.chunks.join(', '),
          load!.tfjsLoaded.length ? `yes: ${load!.tfjsLoaded.join(', ')}` : 'no',
          fmt(load!.firstCurveMs),
          '≤ 250 KB',
          (['CSS', 'formula', 'font'] as const)
            .map((kind) => {
              const xs = load!.other.filter((o) => o.kind === kind);
              const kb = (xs.reduce((n, o) => n + o.gzip, 0) / 1024).toFixed(1);
              return xs.length ? `${kind}: ${kb} KB (${kind === 'font' ? `${xs.length} files` : xs.map((o) => o.name).join(', ')})` : `${kind}: none`;
            })
            .join('; '),
        ],
      ],
      notes: [
        'Every script the default page fetched before any interaction (and up to 1 s after its first curve), gzip -6 of each. The budget is for JavaScript; the stylesheets, the typeset formula (KaTeX HTML rendered at build time) and the KaTeX fonts it uses are listed apart (fonts as sent).',
      ],
    },
  ];
}
