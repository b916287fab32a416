/**
 * The chart, as a person uses it: read exact values by hovering, zoom by dragging and reset, switch
 * to a log axis, compare two schedules in the diff view, see stale and failing schedules, export
 * CSV and PNG and check the files, and watch a 1M-step horizon computed off the main thread.
 * State is set up through the app's own share links.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluateMomentum, type ScheduleSpec } from '../../src/schedules';
import { entry, link, plotBox, settled } from './chartPage';
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
});

const CYCLIC: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 50 } };
const STEP: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 700, gamma: 0.1 } };
/** Reaches exactly 0 at T_max: the log axis must leave that step out. */
const COSINE: ScheduleSpec = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.05, T_max: 1000 } };
const PADDLE_COSINE: ScheduleSpec = { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.05, T_max: 1000 } };
/** Python raises ZeroDivisionError at step 1500. */
const FAILING: ScheduleSpec = { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (1500 - epoch)' } };

/** The engine bundled for the page, so expected values come from `evaluate` in the app's JavaScript engine. */
const bundleEngine = () => bundleForPage('src/schedules/index.ts', '__engine');

interface PageCurve {
  values: number[];
  errorStep: number | null;
}

/** `evaluate(spec, n)` run in the page (the values computed before a ScheduleStepError, if any). */
async function pageEvaluate(page: Page, spec: ScheduleSpec, n: number): Promise<PageCurve> {
  // Evaluated, not added as a <script>: the page's Content Security Policy refuses inline scripts.
  if (!(await page.evaluate(() => '__engine' in window))) await page.evaluate(engineCode);
  return page.evaluate(
    ([spec, n]) => {
      const engine = (window as unknown as { __engine: typeof import('../../src/schedules') }).__engine;
      try {
        return { values: Array.from(engine.evaluate(spec, n)), errorStep: null };
      } catch (e) {
        const err = e as { step: number; partial: Float64Array };
        return { values: Array.from(err.partial), errorStep: err.step };
      }
    },
    [spec, n] as const,
  );
}

/** The closed form of `spec` at step `t`, in the page. */
async function pageClosedFormAt(page: Page, spec: ScheduleSpec, t: number): Promise<number> {
  if (!(await page.evaluate(() => '__engine' in window))) await page.evaluate(engineCode);
  return page.evaluate(
    ([spec, t]) => (window as unknown as { __engine: typeof import('../../src/schedules') }).__engine.closedFormOf(spec)!.at(t),
    [spec, t] as const,
  );
}

async function open(path: string): Promise<Page> {
  const page = await s.newPage(path);
  await page.getByTestId('lr-chart').waitFor();
  return page;
}

async function readDownload(d: Download): Promise<Buffer> {
  const path = await d.path();
  return readFileSync(path);
}

/**
 * The inputs of a drag not followed by a redraw of their own: `marks` holds the redraw count at each
 * input and, last, at the release; input i was drawn when the count grew before the next mark.
 */
/**
 * Counts in `window.__drag.redraws` each change of what the chart's canvas shows of curve `id`
 * (its `data-drawn` record, draw.ts drawnRecord): the canvas, not the legend, which follows a drag later.
 */
async function countRedraws(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const d = (window as unknown as { __drag: { redraws: number } }).__drag;
    const canvas = document.querySelector<HTMLElement>('[data-testid="chart-canvas"]')!;
    const mine = () => (canvas.dataset.drawn ?? '').split(' ').find((r) => r.startsWith(id + ':')) ?? '';
    let seen = mine();
    new MutationObserver(() => {
      const now = mine();
      if (now === seen) return;
      seen = now;
      d.redraws++;
    }).observe(canvas, { attributes: true, attributeFilter: ['data-drawn'] });
  }, id);
}

function undrawnInputs(marks: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i + 1] <= marks[i]) out.push(i);
  return out;
}

function parseCsv(text: string): string[][] {
  // The names used here contain no quotes or commas.
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('studio chart', () => {
  const SETTINGS = { totalSteps: 2000, stepsPerEpoch: 100 };
  const main = [
    entry('cyc', 'Cyclic', '#4e79a7', CYCLIC),
    entry('step', 'Step', '#f28e2b', STEP),
    entry('cos', 'Cosine', '#59a14f', COSINE),
  ];

  test('overlays the visible schedules with their colours and key parameters; no NaN anywhere', async () => {
    const page = await open(link([...main, entry('hidden', 'Hidden', '#e15759', STEP, false)], SETTINGS));
    await settled(page);
    const items = page.locator('.chart-legend li[data-testid^="curve-"]');
    await expect.poll(() => items.count()).toBe(3);
    for (const e of main) {
      const li = page.getByTestId(`curve-${e.id}`);
      expect(await li.getAttribute('data-color')).toBe(e.color);
      expect(Number(await li.getAttribute('data-length'))).toBe(2000);
      expect(Number(await li.getAttribute('data-points'))).toBeGreaterThan(100);
      // Never more than two points per pixel column.
      const { width } = await plotBox(page);
      expect(Number(await li.getAttribute('data-points'))).toBeLessThanOrEqual(2 * Math.round(width) + 2);
    }
    await expect.poll(() => page.getByTestId('curve-step').textContent()).toContain('step_size=700');
    expect(await page.getByTestId('curve-step').textContent()).toContain('gamma=0.1');
    // The canvas lines carry the list's colours.
    const colours = await page.getByTestId('chart-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return [...seen];
    });
    for (const rgb of ['78,121,167', '242,142,43', '89,161,79']) expect(colours).toContain(rgb);
    // Axes are labelled.
    await expect.poll(() => page.locator('text.recharts-label').allTextContents()).toEqual(
      expect.arrayContaining(['learning rate', 'step (optimizer update)']),
    );
    expect(await page.getByTestId('lr-chart').textContent()).not.toMatch(/NaN/);
    await page.screenshot({ path: 'test-results/studio-chart.png', fullPage: true });
    await page.close();
  });

  test('the hover readout shows the exact full-resolution value of every schedule at the hovered step', async () => {
    const page = await open(link(main, SETTINGS));
    await settled(page);
    const box = await plotBox(page);
    const expected: Record<string, number[]> = {};
    for (const e of main) expected[e.id] = (await pageEvaluate(page, e.spec, 2000)).values;
    for (const fx of [0.013, 0.37, 0.5, 0.81]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height / 2);
      const stepEl = page.getByTestId('readout-at');
      await stepEl.waitFor();
      const step = Number(await stepEl.getAttribute('data-step'));
      // The step under the mouse, in the chart's own x mapping.
      expect(Math.abs(step - fx * 2000)).toBeLessThanOrEqual(2000 / box.width + 1);
      expect(await stepEl.textContent()).toContain(`epoch ${Math.floor(step / 100)}`);
      for (const e of main) {
        const cell = page.getByTestId(`readout-${e.id}`).locator('td.num');
        expect(await cell.textContent()).toBe(String(expected[e.id][step]));
      }
    }
    // Keyboard: the chart cursor is a slider; arrows move it one step.
    const cursor = page.getByRole('slider', { name: 'Chart cursor: step' });
    await cursor.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('readout-at').getAttribute('data-step')).toBe('2');
    expect(await cursor.getAttribute('aria-valuetext')).toContain(`Cyclic ${expected.cyc[2]}`);
    expect(await page.getByTestId('readout-cyc').locator('td.num').textContent()).toBe(String(expected.cyc[2]));
    await page.close();
  });

  test('drag to zoom into a step range, then reset', async () => {
    const page = await open(link(main, SETTINGS));
    await settled(page);
    const box = await plotBox(page);
    const before = await page.getByTestId('curve-cyc').getAttribute('data-checksum');
    const ticksBefore = await page.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    await page.mouse.move(box.x + box.width * 0.25, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + 60, { steps: 5 });
    await expect(page.getByTestId('chart-selection').isVisible()).resolves.toBe(true);
    await page.mouse.move(box.x + box.width * 0.5, box.y + 60, { steps: 5 });
    await page.mouse.up();
    const zoom = page.getByTestId('zoom-state');
    await expect.poll(() => zoom.getAttribute('data-s0')).not.toBe('0');
    const s0 = Number(await zoom.getAttribute('data-s0'));
    const s1 = Number(await zoom.getAttribute('data-s1'));
    expect(Math.abs(s0 - 500)).toBeLessThanOrEqual(8);
    expect(Math.abs(s1 - 1000)).toBeLessThanOrEqual(8);
    expect(await zoom.textContent()).toContain(`steps ${s0.toLocaleString('en-US')}–${s1.toLocaleString('en-US')}`);
    // The drawn curve and the axis follow the zoom; the readout is still exact inside it.
    expect(await page.getByTestId('curve-cyc').getAttribute('data-checksum')).not.toBe(before);
    const ticks = (await page.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).map((t) =>
      Number(t.replace(/,/g, '')),
    );
    expect(ticks).not.toEqual(ticksBefore.map(Number));
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(s0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(s1);
    await page.mouse.move(box.x + box.width * 0.5, box.y + 50);
    const step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(Math.abs(step - (s0 + s1) / 2)).toBeLessThanOrEqual(2);
    expect(await page.getByTestId('readout-cyc').locator('td.num').textContent()).toBe(String((await pageEvaluate(page, CYCLIC, 2000)).values[step]));
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => zoom.getAttribute('data-s1')).toBe('2000');
    expect(await zoom.getAttribute('data-s0')).toBe('0');
    expect(await page.getByTestId('curve-cyc').getAttribute('data-checksum')).toBe(before);
    // Keyboard zoom and Escape.
    await page.getByRole('slider', { name: 'Chart cursor: step' }).focus();
    await page.keyboard.press('+');
    await expect.poll(() => zoom.getAttribute('data-s1')).not.toBe('2000');
    await page.keyboard.press('Escape');
    await expect.poll(() => zoom.getAttribute('data-s1')).toBe('2000');
    await page.close();
  });

  test('log axis: decades as ticks, a zero lr left out with a note, never NaN', async () => {
    const page = await open(link(main, SETTINGS));
    await settled(page);
    const linearChecksum = await page.getByTestId('curve-cos').getAttribute('data-checksum');
    await page.getByRole('radio', { name: 'Log' }).check();
    await expect.poll(() => page.getByTestId('curve-cos').getAttribute('data-checksum')).not.toBe(linearChecksum);
    const ticks = await page.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    // StepLR goes 0.1 -> 0.01 -> 0.001; CosineAnnealingLR reaches 0 (left out): decades around them.
    expect(ticks).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1']));
    for (const t of ticks) expect(Math.log10(Number(t)) % 1 === 0 || ['2', '5'].includes(t.replace(/0|\./g, '')[0])).toBe(true);
    const cos = (await pageEvaluate(page, COSINE, 2000)).values;
    const zeros = cos.filter((v) => v <= 0).length;
    expect(zeros).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('log-cos').textContent())
      .toBe(`Cosine: ${zeros} step${zeros === 1 ? '' : 's'} with lr ≤ 0 ${zeros === 1 ? 'is' : 'are'} left out on the log axis.`);
    // The hover readout still tells the exact 0.
    const box = await plotBox(page);
    await page.mouse.move(box.x + (box.width * 1000.2) / 2000, box.y + 30);
    const step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(await page.getByTestId('readout-cos').locator('td.num').textContent()).toBe(String(cos[step]));
    expect(await page.getByTestId('lr-chart').textContent()).not.toMatch(/NaN/);
    await page.screenshot({ path: 'test-results/studio-chart-log.png' });
    // The choice is a setting: back to linear.
    await page.getByRole('radio', { name: 'Linear' }).check();
    await expect.poll(() => page.getByTestId('curve-cos').getAttribute('data-checksum')).toBe(linearChecksum);
    await page.close();
  });

  test('diff view: one schedule relative to another, ratio and difference, exact in the readout', async () => {
    const pair = [entry('torch', 'Torch cosine', '#4e79a7', COSINE), entry('paddle', 'Paddle cosine', '#f28e2b', PADDLE_COSINE), entry('step', 'Step', '#59a14f', STEP)];
    const page = await open(link(pair, SETTINGS));
    await settled(page);
    await page.getByRole('radio', { name: 'Diff' }).check();
    await page.getByLabel('Diff: schedule A').selectOption({ label: 'Torch cosine' });
    await page.getByLabel('Diff: schedule B').selectOption({ label: 'Step' });
    const diffItem = page.getByTestId('curve-diff');
    await expect.poll(() => diffItem.textContent()).toBe('Torch cosine ÷ Step');
    expect(await page.locator('text.recharts-label').allTextContents()).toContain('ratio A ÷ B');
    const a = (await pageEvaluate(page, COSINE, 2000)).values;
    const b = (await pageEvaluate(page, STEP, 2000)).values;
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * 0.6, box.y + 30);
    let step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(await page.getByTestId('readout-diff').locator('td.num').textContent()).toBe(String(a[step] / b[step]));
    await page.getByLabel('Diff: operation').selectOption('difference');
    await expect.poll(() => diffItem.textContent()).toBe('Torch cosine − Step');
    await page.mouse.move(box.x + box.width * 0.3, box.y + 30);
    step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(await page.getByTestId('readout-diff').locator('td.num').textContent()).toBe(String(a[step] - b[step]));
    // The two frameworks' cosines: the ratio is 1 wherever both are non-zero.
    await page.getByLabel('Diff: operation').selectOption('ratio');
    await page.getByLabel('Diff: schedule B').selectOption({ label: 'Paddle cosine' });
    const p = (await pageEvaluate(page, PADDLE_COSINE, 2000)).values;
    await page.mouse.move(box.x + box.width * 0.2, box.y + 30);
    step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(await page.getByTestId('readout-diff').locator('td.num').textContent()).toBe(String(a[step] / p[step]));
    const undefinedSteps = p.filter((v) => v === 0).length;
    expect(undefinedSteps).toBeGreaterThan(0); // cosine annealing reaches 0 at T_max
    await expect.poll(() => page.getByTestId('diff-undefined').textContent()).toBe(
      `The ratio is undefined at ${undefinedSteps} step${undefinedSteps === 1 ? '' : 's'} where Paddle cosine is 0 (left out).`,
    );
    const identical = a.filter((v, i) => v === p[i]).length;
    const summary = await page.getByTestId('diff-summary').textContent();
    if (identical === a.length) expect(summary).toBe(`Torch cosine and Paddle cosine are bit-for-bit identical at all 2,000 steps.`);
    else expect(summary).toContain(`identical at ${identical.toLocaleString('en-US')} of 2,000 steps`);
    expect(await page.getByTestId('lr-chart').textContent()).not.toMatch(/NaN/);
    await page.screenshot({ path: 'test-results/studio-chart-diff.png' });
    // Export CSV in the diff view exports what it shows: A, B and the ratio, empty where undefined.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const rows = readFileSync((await dl.path())!, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('step,epoch,Torch cosine (every iteration),Paddle cosine (every iteration),ratio A / B');
    expect(rows).toHaveLength(2001);
    for (const i of [0, 700, 1999]) {
      const [st, , va, vb, ratio] = rows[i + 1].split(',');
      expect([Number(st), Number(va), Number(vb)]).toEqual([i, a[i], p[i]]);
      expect(ratio).toBe(p[i] === 0 ? '' : String(a[i] / p[i]));
    }
    const zeroAt = Array.from(p).indexOf(0);
    expect(rows[zeroAt + 1].endsWith(',')).toBe(true);
    await page.getByRole('radio', { name: 'Curves' }).check();
    await expect.poll(() => page.locator('.chart-legend li[data-testid^="curve-"]').count()).toBe(3);
    await page.close();
  });

  test('dragging a parameter slider redraws the curve on every input event, not only on release', async () => {
    const page = await open(link([entry('cos', 'Cosine', '#59a14f', { ...COSINE, params: { lr: 0.05, T_max: 1000 } }), main[1]], SETTINGS));
    await settled(page);
    const slider = page.getByRole('slider', { name: 'lr', exact: true });
    await slider.waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __drag: { inputs: number; redraws: number; marks: number[]; overTop: string[] } };
      const d = (w.__drag = { inputs: 0, redraws: 0, marks: [] as number[], overTop: [] as string[] });
      // The redraws so far at each input and at the release: each input must be followed by its own.
      document.addEventListener('input', () => (d.inputs++, d.marks.push(d.redraws)), true);
      document.addEventListener('mouseup', () => d.marks.push(d.redraws), { capture: true, once: true });
      // In each input's frame the y axis shown holds the curve drawn (a cosine's peak is its lr):
      // the axis grows with the curve in that frame, not a few frames later.
      document.addEventListener(
        'input',
        (ev) => {
          const text = (ev.target as HTMLElement).closest('.number-input')?.querySelector<HTMLInputElement>('.num-text');
          requestAnimationFrame(() => {
            const top = Number(document.querySelector<HTMLElement>('[data-testid="zoom-state"]')!.dataset.y1);
            if (text && Number(text.value) > top) d.overTop.push(`lr ${text.value} over the axis top ${top}`);
          });
        },
        true,
      );
    });
    await countRedraws(page, 'cos');
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) await page.mouse.move(box.x + box.width * (0.2 + 0.04 * i), y);
    // The stats follow the drag a few times a second, while the button is still down: the peak of
    // a cosine is its lr.
    const peak = page.getByTestId('stats-cos').locator('td').nth(1);
    const draggedLr = Number(await page.getByLabel('lr', { exact: true }).first().inputValue());
    expect(draggedLr).not.toBe(0.05);
    await expect.poll(async () => Number(await peak.getAttribute('data-value')), { timeout: 2000 }).toBe(draggedLr);
    await page.mouse.up();
    const d = await page.evaluate(() => (window as unknown as { __drag: { inputs: number; marks: number[]; overTop: string[] } }).__drag);
    expect(d.inputs).toBeGreaterThanOrEqual(10);
    // A redraw after every input, before the next one (or the release): no input is left undrawn. (A
    // busy machine may also draw the full curve of an earlier input in between: more redraws are fine.)
    expect(undrawnInputs(d.marks)).toEqual([]);
    expect(d.overTop).toEqual([]);
    // What is drawn is the curve of the value the slider ended at: the readout at step 0 is the lr.
    const lrText = await page.getByLabel('lr', { exact: true }).first().inputValue();
    // The y axis (calm while the button was down) fits the final curve again on release.
    await expect
      .poll(async () => {
        const ticks = await page.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
        const top = Math.max(...ticks.map(Number));
        return top >= Number(lrText) && top <= 2 * Number(lrText);
      })
      .toBe(true);
    const cursor = page.getByRole('slider', { name: 'Chart cursor: step' });
    await cursor.focus();
    await page.keyboard.press('Home');
    const spec = { ...COSINE, params: { lr: Number(lrText), T_max: 1000 } };
    const expected = (await pageEvaluate(page, spec, 2000)).values;
    expect(await page.getByTestId('readout-cos').locator('td.num').textContent()).toBe(String(expected[0]));
    await page.keyboard.press('End');
    expect(await page.getByTestId('readout-cos').locator('td.num').textContent()).toBe(String(expected[1999]));
    await page.close();
  });

  test('a schedule whose framework raises draws its partial curve and says where and why', async () => {
    const page = await open(link([entry('fail', 'Failing lambda', '#e15759', FAILING), main[1]], SETTINGS));
    await settled(page);
    const li = page.getByTestId('curve-fail');
    expect(await li.getAttribute('data-error-step')).toBe('1500');
    expect(Number(await li.getAttribute('data-length'))).toBe(1500);
    expect(Number(await li.getAttribute('data-points'))).toBeGreaterThan(10);
    const note = page.getByTestId('error-fail');
    expect(await note.textContent()).toMatch(/^Failing lambda stops at step 1,500: ZeroDivisionError.*1,500 steps before it\.$/);
    expect(await note.getAttribute('role')).toBe('alert');
    // Beyond the error the readout says so instead of inventing a value.
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * 0.9, box.y + 30);
    expect(await page.getByTestId('readout-fail').locator('td.num').textContent()).toBe('— (raised at step 1500)');
    await page.close();
  });

  test('a schedule restored with an invalid parameter is marked stale', async () => {
    const bad = entry('bad', 'Bad step size', '#b07aa1', { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: -5 } });
    const page = await open(link([bad, main[0]], SETTINGS));
    await settled(page);
    const li = page.getByTestId('curve-bad');
    await expect.poll(() => li.getAttribute('data-stale')).toBe('true');
    expect(await li.locator('.badge.stale').textContent()).toBe('stale');
    expect(await page.getByTestId('stale-bad').textContent()).toContain('step_size');
    // The stale curve is still drawn.
    expect(Number(await li.getAttribute('data-points'))).toBeGreaterThan(0);
    await page.close();
  });

  test('Export CSV: one row per step, every visible schedule, numbers equal to evaluate', async () => {
    const page = await open(link([...main, entry('fail', 'Failing lambda', '#e15759', FAILING)], SETTINGS));
    await settled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lr-schedules-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv((await readDownload(download)).toString('utf8'));
    // CyclicLR cycles the momentum by default: its column follows the lr's.
    expect(rows[0]).toEqual(['step', 'epoch', 'Cyclic (every iteration)', 'Cyclic momentum', 'Step (every iteration)', 'Cosine (every iteration)', 'Failing lambda (every iteration)']);
    expect(rows.length).toBe(2001);
    const cols: number[][] = [];
    for (const spec of [CYCLIC, STEP, COSINE]) cols.push((await pageEvaluate(page, spec, 2000)).values);
    const momentum = evaluateMomentum(CYCLIC, 2000)!;
    for (let i = 0; i < 2000; i++) {
      const r = rows[i + 1];
      expect(r[0]).toBe(String(i));
      expect(r[1]).toBe(String(Math.floor(i / 100)));
      for (let c = 0; c < 3; c++) expect(Number(r[[2, 4, 5][c]])).toBe(cols[c][i]);
      expect(r[3]).toBe(String(momentum[i]));
    }
    // The failing one has its 1500 values, then empty cells.
    const failing = await pageEvaluate(page, FAILING, 2000);
    expect(failing.errorStep).toBe(1500);
    expect(rows.slice(1, 1501).map((r) => Number(r[6]))).toEqual(failing.values);
    expect(rows.slice(1501).every((r) => r[6] === '')).toBe(true);
    await page.close();
  });

  test('Export CSV with epoch stepping holds each epoch value across its iterations', async () => {
    const page = await open(link([{ ...main[1], stepping: 'epoch' }], { totalSteps: 950, stepsPerEpoch: 100, xAxis: 'epoch' }));
    await settled(page);
    expect(await page.locator('text.recharts-label').allTextContents()).toContain('epoch');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const rows = parseCsv((await readDownload(download)).toString('utf8'));
    const perEpoch = (await pageEvaluate(page, STEP, 10)).values;
    expect(rows[0][2]).toMatch(/ \(every epoch\)$/);
    expect(rows.length).toBe(951);
    for (let i = 0; i < 950; i++) expect(Number(rows[i + 1][2])).toBe(perEpoch[Math.floor(i / 100)]);
    await page.close();
  });

  test('Export PNG: the chart with legend and axes, white background, twice the displayed size', async () => {
    const page = await open(link(main, SETTINGS));
    await settled(page);
    const fig = await page.locator('figure.chart-figure').boundingBox();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = await readDownload(download);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(2 * Math.round(fig!.width));
    expect(height).toBe(2 * Math.round(fig!.height));
    // Decode it in the page and look at the pixels: white corners, the curves' colours, dark axis text.
    const b64 = png.toString('base64');
    const stats = await page.evaluate(async (data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const at = (x: number, y: number) => Array.from(d.subarray((y * bmp.width + x) * 4, (y * bmp.width + x) * 4 + 4));
      const count = (rgb: number[]) => {
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 6) n++;
        return n;
      };
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 110 && d[i + 1] < 120 && d[i + 2] < 140) dark++;
      return {
        w: bmp.width,
        corners: [at(0, 0), at(bmp.width - 1, 0), at(0, bmp.height - 1), at(bmp.width - 1, bmp.height - 1)],
        blue: count([78, 121, 167]),
        orange: count([242, 142, 43]),
        green: count([89, 161, 79]),
        dark,
      };
    }, b64);
    expect(stats.w).toBe(width);
    for (const c of stats.corners) expect(c).toEqual([255, 255, 255, 255]);
    expect(stats.blue).toBeGreaterThan(500);
    expect(stats.orange).toBeGreaterThan(500);
    expect(stats.green).toBeGreaterThan(500);
    expect(stats.dark).toBeGreaterThan(500); // tick labels, axis labels and legend text
    writeFileSync('test-results/studio-chart-export.png', png); // to look at
    await page.close();
  });

  test('a 1M-step horizon is evaluated in a worker: exact values, and the page never stops responding', async () => {
    const big = { totalSteps: 1_000_000, stepsPerEpoch: 1000 };
    const page = await s.context.newPage();
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(s.url + link([entry('cyc', 'Cyclic', '#4e79a7', CYCLIC), entry('step', 'Step', '#f28e2b', STEP)], big));
    await page.getByTestId('lr-chart').waitFor();
    // While the curves are computed, the main thread keeps painting frames.
    const gaps = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let worst = 0;
          const start = last;
          const tick = () => {
            const t = performance.now();
            worst = Math.max(worst, t - last);
            last = t;
            if (t - start < 1500 && document.querySelector('[data-pending="true"]')) requestAnimationFrame(tick);
            else resolve(worst);
          };
          requestAnimationFrame(tick);
        }),
    );
    await settled(page);
    expect(workers.some((u) => /curve\.worker/.test(u))).toBe(true);
    expect(gaps).toBeLessThan(1000); // a frozen tab would show one multi-second gap
    const li = page.getByTestId('curve-cyc');
    expect(Number(await li.getAttribute('data-length'))).toBe(1_000_000);
    // At most 4 points per pixel column (first, minimum, maximum, last), not 1M.
    const { width } = await plotBox(page);
    expect(Number(await li.getAttribute('data-points'))).toBeLessThanOrEqual(4 * Math.round(width) + 4);
    // The readout is exact at full resolution.
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * 0.4321, box.y + 30);
    const step = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(step).toBeGreaterThan(400_000);
    const cyc = (await pageEvaluate(page, CYCLIC, step + 1)).values;
    expect(await page.getByTestId('readout-cyc').locator('td.num').textContent()).toBe(String(cyc[step]));
    // Stats come from the full resolution too: the peak of a CyclicLR is in its first cycle.
    const peak = page.getByTestId('stats-cyc').locator('td').nth(1);
    expect(Number(await peak.getAttribute('data-value'))).toBe(Math.max(...cyc.slice(0, 1000)));

    // Drag max_lr: the curve redraws while the button is down, the full values follow on release.
    await page.evaluate(() => {
      const w = window as unknown as { __drag: { redraws: number; beforeUp: number } };
      const d = (w.__drag = { redraws: 0, beforeUp: -1 });
      document.addEventListener('mouseup', () => (d.beforeUp = d.redraws), { capture: true, once: true });
    });
    await countRedraws(page, 'cyc');
    const slider = page.getByRole('slider', { name: 'max_lr', exact: true });
    const sb = (await slider.boundingBox())!;
    await page.mouse.move(sb.x + sb.width * 0.5, sb.y + sb.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(sb.x + sb.width * (0.5 + 0.03 * i), sb.y + sb.height / 2);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(500);
    await page.mouse.up();
    const d = await page.evaluate(() => (window as unknown as { __drag: { redraws: number; beforeUp: number } }).__drag);
    expect(d.beforeUp).toBeGreaterThanOrEqual(2);
    await settled(page);
    expect(await li.getAttribute('data-length')).toBe('1000000');
    const maxLr = Number(await page.getByLabel('max_lr', { exact: true }).first().inputValue());
    expect(maxLr).not.toBe(0.1);
    await page.mouse.move(box.x + box.width * 0.25, box.y + 30);
    const at = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    const after = (await pageEvaluate(page, { ...CYCLIC, params: { ...CYCLIC.params, max_lr: maxLr } }, at + 1)).values;
    expect(await page.getByTestId('readout-cyc').locator('td.num').textContent()).toBe(String(after[at]));
    await page.close();
  });

  // PyTorch's CyclicLR has a closed form; Paddle's CosineAnnealingDecay is exact only by replaying
  // its recursion (10M steps per input): a drag draws its documented closed form (the draft), and
  // the exact values follow on release.
  test.each([
    { spec: { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 20_000 } } as ScheduleSpec, knob: 'max_lr' },
    { spec: { scheduler: 'paddle.CosineAnnealingDecay', params: { learning_rate: 0.1, T_max: 30_001 } } as ScheduleSpec, knob: 'learning_rate' },
  ])('a drag on a 10M-step horizon changes the drawn curve on every input, from columns: $spec.scheduler', async ({ spec, knob }) => {
    const page = await open(link([entry('cyc', 'Cyclic', '#4e79a7', spec)], { totalSteps: 10_000_000, stepsPerEpoch: 1000 }));
    await settled(page);
    const li = page.getByTestId('curve-cyc');
    await expect.poll(() => li.getAttribute('data-length'), { timeout: 60_000 }).toBe('10000000');
    await page.evaluate(() => {
      const w = window as unknown as { __drag: { inputs: number; redraws: number; pixels: number; beforeUp: number; marks: number[] } };
      const d = (w.__drag = { inputs: 0, redraws: 0, pixels: 0, beforeUp: -1, marks: [] as number[] });
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="chart-canvas"]')!;
      let last = '';
      document.addEventListener('input', () => (d.inputs++, d.marks.push(d.redraws)), true);
      document.addEventListener('mouseup', () => (d.marks.push(d.redraws), (d.beforeUp = d.redraws)), { capture: true, once: true });
      // What the canvas shows after each frame: a column of pixels through the curve's cycles.
      const frame = () => {
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        const col = ctx.getImageData(Math.floor(canvas.width / 3), 0, 1, canvas.height).data.join(',');
        if (col !== last) d.pixels++;
        last = col;
        if (d.beforeUp < 0) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await countRedraws(page, 'cyc');
    const slider = page.getByRole('slider', { name: knob, exact: true });
    const sb = (await slider.boundingBox())!;
    const y = sb.y + sb.height / 2;
    await page.mouse.move(sb.x + sb.width * 0.3, y);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) {
      await page.mouse.move(sb.x + sb.width * (0.3 + 0.03 * i), y);
      await page.waitForTimeout(30);
    }
    // Release once the last input's curve is drawn (or 10 s): a loaded machine may paint the last frame after
    // 30 ms, and a fixed wait before the release would be a timing threshold. Every input must still be drawn
    // while the button is down.
    await page
      .waitForFunction(() => {
        const d = (window as unknown as { __drag: { redraws: number; marks: number[] } }).__drag;
        return d.marks.length > 0 && d.redraws > d.marks[d.marks.length - 1];
      }, undefined, { timeout: 10_000 })
      .catch(() => undefined);
    await page.mouse.up();
    const d = await page.evaluate(() => (window as unknown as { __drag: { inputs: number; beforeUp: number; pixels: number; marks: number[] } }).__drag);
    expect(d.inputs).toBeGreaterThanOrEqual(10);
    // Each input's own curve is drawn while the button is down, before the next input.
    expect(undrawnInputs(d.marks)).toEqual([]);
    expect(d.pixels).toBeGreaterThanOrEqual(d.inputs);
    // The full curve follows on release: exact values in the readout.
    await expect.poll(() => li.getAttribute('data-pending'), { timeout: 60_000 }).toBe('false');
    expect(await li.getAttribute('data-length')).toBe('10000000');
    const value = Number(await page.getByLabel(knob, { exact: true }).first().inputValue());
    expect(value).not.toBe(0.1);
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * 0.5, box.y + 30);
    const at = Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    expect(at).toBeGreaterThan(4_000_000);
    const form = await pageClosedFormAt(page, { ...spec, params: { ...spec.params, [knob]: value } }, at);
    expect(await page.getByTestId('readout-cyc').locator('td.num').textContent()).toBe(String(form));
    await page.close();
  });

  test('the lr is a step function: a StepLR over 10 steps drops vertically, on the canvas and in the PNG', async () => {
    const page = await open(link([entry('step', 'Step', '#f28e2b', { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.5 } })], { totalSteps: 10, stepsPerEpoch: 5 }));
    await settled(page);
    const box = await plotBox(page);
    const fig = (await page.locator('figure.chart-figure').boundingBox())!;
    const fractions = [0.25, 0.29, 0.3];
    /**
     * Per fraction `fx` of the plot's width, the rows (fractions of its height) where the curve's
     * orange is, in an image's plot area [x0, x0 + w) x [y0, y0 + h): read in the page.
     */
    const scan = (source: { png: string | null }, area: { x0: number; y0: number; w: number; h: number }) =>
      page.evaluate(
        async ([png, a, fxs]) => {
          let ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
          if (png) {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const c = new OffscreenCanvas(bmp.width, bmp.height);
            ctx = c.getContext('2d')!;
            ctx.drawImage(bmp, 0, 0);
          } else {
            ctx = document.querySelector<HTMLCanvasElement>('[data-testid="chart-canvas"]')!.getContext('2d', { willReadFrequently: true })!;
          }
          const w = a.w < 0 ? ctx.canvas.width : a.w;
          const h = a.h < 0 ? ctx.canvas.height : a.h;
          return fxs.map((fx) => {
            const col = ctx.getImageData(Math.round(a.x0 + fx * w), Math.round(a.y0), 1, Math.round(h)).data;
            const rows: number[] = [];
            for (let y = 0; y < col.length / 4; y++) {
              if (Math.abs(col[4 * y] - 242) + Math.abs(col[4 * y + 1] - 142) + Math.abs(col[4 * y + 2] - 43) < 60) rows.push(y / h);
            }
            return rows;
          });
        },
        [source.png, area, fractions] as const,
      );
    const check = ([flat, before, drop]: number[][]) => {
      // Halfway through the first hold (steps 0-2) and just before the drop at step 3: one level
      // (a diagonal would be lower there); at step 3, the drop spans both levels.
      expect(flat.length).toBeGreaterThan(0);
      expect(Math.max(...flat) - Math.min(...flat)).toBeLessThan(0.03);
      expect(Math.abs(Math.min(...before) - Math.min(...flat))).toBeLessThan(0.02);
      expect(Math.max(...drop) - Math.min(...drop)).toBeGreaterThan(0.2);
    };
    check(await scan({ png: null }, { x0: 0, y0: 0, w: -1, h: -1 }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    const png = (await readDownload(download)).toString('base64');
    // The PNG is the figure at twice its size: the plot at the same place.
    check(await scan({ png }, { x0: 2 * (box.x - fig.x), y0: 2 * (box.y - fig.y), w: 2 * box.width, h: 2 * box.height }));
    await page.close();
  });
});
