/**
 * The chart's view conventions, as a person uses them: a legend click hides and shows a line, a
 * dragged box zooms both axes, the wheel zooms the steps (Shift: y) around the pointer, A
 * autoscales y, a double-click resets, a two-finger pinch zooms the steps, the chart goes
 * fullscreen and Esc leaves, and long names are never cut. State comes from the app's share links.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ScheduleSpec } from '../../src/schedules';
import { exportColumns } from './csvExport';
import { entry, link, plotBox, settled } from './chartPage';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

const CYCLIC: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 50 } };
const STEP: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 700, gamma: 0.1 } };
const EXP: ScheduleSpec = { scheduler: 'torch.ExponentialLR', params: { lr: 0.08, gamma: 0.999 } };

const SETTINGS = { totalSteps: 2000, stepsPerEpoch: 100 };
const MAIN = [entry('cyc', 'Cyclic', '#4e79a7', CYCLIC), entry('step', 'Step', '#f28e2b', STEP), entry('exp', 'Exponential', '#59a14f', EXP)];

async function open(path: string): Promise<Page> {
  const page = await s.newPage(path);
  await page.getByTestId('lr-chart').waitFor();
  await settled(page);
  return page;
}

/** Colours drawn fully opaque on the canvas, as "r,g,b". */
function canvasColours(page: Page): Promise<string[]> {
  return page.getByTestId('chart-canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return [...seen];
  });
}

const ORANGE = '242,142,43';

/** What the zoom state says: shown steps and y range, and how y was chosen. */
async function view(page: Page) {
  const z = page.getByTestId('zoom-state');
  const n = async (a: string) => Number(await z.getAttribute(a));
  return { s0: await n('data-s0'), s1: await n('data-s1'), y0: await n('data-y0'), y1: await n('data-y1'), mode: await z.getAttribute('data-y-mode') };
}

const ticks = (page: Page, axis: 'x' | 'y') => page.locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();

describe('studio chart view', () => {
  test('a legend click hides a line and another shows it again; the list, the figure label and the CSV agree', async () => {
    const page = await open(link(MAIN, SETTINGS));
    expect(await canvasColours(page)).toContain(ORANGE);
    const toggle = page.getByTestId('curve-step').getByRole('button');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    // The line is gone from the canvas, the legend keeps the entry struck through, off.
    const hidden = page.getByTestId('legend-hidden-step');
    await hidden.waitFor();
    await expect.poll(() => canvasColours(page)).not.toContain(ORANGE);
    expect(await canvasColours(page)).toContain('78,121,167');
    const off = hidden.getByRole('button');
    expect(await off.getAttribute('aria-pressed')).toBe('false');
    expect(await off.textContent()).toContain('Step');
    expect(await off.textContent()).toContain('(hidden)');
    await expect.poll(() => page.getByTestId('curve-step').count()).toBe(0);
    // It is the schedule's own visibility: the list's checkbox follows.
    expect(await page.getByRole('checkbox', { name: 'Show Step' }).isChecked()).toBe(false);
    expect(await page.locator('figure.chart-figure').getAttribute('aria-label')).toContain('2 schedules (1 hidden)');
    // The CSV holds what the chart shows: the hidden schedule is left out.
    const headers = [...(await exportColumns(page)).keys()];
    expect(headers).toEqual(['step', 'epoch', 'Cyclic (every iteration)', 'Cyclic momentum', 'Exponential (every iteration)']);
    // Shown again from the legend.
    await off.click();
    await page.getByTestId('curve-step').waitFor();
    await settled(page);
    await expect.poll(() => canvasColours(page)).toContain(ORANGE);
    expect(await page.getByRole('checkbox', { name: 'Show Step' }).isChecked()).toBe(true);
    expect(await page.getByTestId('curve-step').getByRole('button').getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  test('a dragged box zooms both axes to what it covers; a double-click resets both', async () => {
    const page = await open(link(MAIN, SETTINGS));
    const box = await plotBox(page);
    const before = await view(page);
    const xBefore = await ticks(page, 'x');
    const yBefore = await ticks(page, 'y');
    const [fx0, fx1, fy0, fy1] = [0.25, 0.5, 0.2, 0.6];
    await page.mouse.move(box.x + box.width * fx0, box.y + box.height * fy0);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * fx1, box.y + box.height * fy1, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await view(page)).mode).toBe('range');
    const after = await view(page);
    const span = before.s1 - before.s0;
    expect(Math.abs(after.s0 - (before.s0 + fx0 * span))).toBeLessThanOrEqual(span / box.width + 1);
    expect(Math.abs(after.s1 - (before.s0 + fx1 * span))).toBeLessThanOrEqual(span / box.width + 1);
    const ySpan = before.y1 - before.y0;
    expect(Math.abs(after.y1 - (before.y1 - fy0 * ySpan))).toBeLessThanOrEqual(ySpan / box.height);
    expect(Math.abs(after.y0 - (before.y1 - fy1 * ySpan))).toBeLessThanOrEqual(ySpan / box.height);
    // Both axes' tick labels changed and lie inside the box.
    await expect.poll(() => ticks(page, 'y')).not.toEqual(yBefore);
    const xs = (await ticks(page, 'x')).map((t) => Number(t.replace(/,/g, '')));
    const ys = (await ticks(page, 'y')).map(Number);
    expect(xs).not.toEqual(xBefore.map((t) => Number(t.replace(/,/g, ''))));
    for (const t of xs) expect(t >= after.s0 && t <= after.s1).toBe(true);
    for (const t of ys) expect(t >= after.y0 && t <= after.y1).toBe(true);
    expect(ys.length).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('zoom-state').textContent()).toMatch(/steps .*·.*y /);
    // Double-click: both axes back.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => (await view(page)).mode).toBe('fit');
    expect(await view(page)).toEqual(before);
    expect(await ticks(page, 'y')).toEqual(yBefore);
    await page.close();
  });

  test('the wheel zooms the steps around the pointer, Shift+wheel the y axis; Esc resets', async () => {
    const page = await open(link(MAIN, SETTINGS));
    const box = await plotBox(page);
    const px = box.width * 0.3;
    const py = box.height * 0.4;
    await page.mouse.move(box.x + px, box.y + py);
    const readStep = async () => Number(await page.getByTestId('readout-at').getAttribute('data-step'));
    await expect.poll(readStep).toBeGreaterThan(0);
    const before = await view(page);
    // Shift + wheel: the y value under the pointer keeps its place (mouse events carry whole
    // pixels: "its place" is to a pixel), the steps stay.
    const valueAt = (v: { y0: number; y1: number }) => v.y1 - (py / box.height) * (v.y1 - v.y0);
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Shift');
    await expect.poll(async () => (await view(page)).mode).toBe('range');
    const zoomedY = await view(page);
    expect(zoomedY.y1 - zoomedY.y0).toBeLessThan(before.y1 - before.y0);
    expect(Math.abs(valueAt(zoomedY) - valueAt(before))).toBeLessThanOrEqual((before.y1 - before.y0) / box.height);
    expect([zoomedY.s0, zoomedY.s1]).toEqual([before.s0, before.s1]);
    // The wheel: the steps zoom in around the step under the pointer; y keeps its range.
    const plot = await plotBox(page); // a zoomed y axis may have wider labels
    const pxNow = box.x + px - plot.x;
    const atBefore = before.s0 + (pxNow / plot.width) * (before.s1 - before.s0);
    const stepsPerPx = (before.s1 - before.s0) / plot.width;
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await view(page)).s1).not.toBe(before.s1);
    const after = await view(page);
    expect(after.s1 - after.s0).toBeLessThan(before.s1 - before.s0);
    expect(Math.abs(after.s0 + (pxNow / plot.width) * (after.s1 - after.s0) - atBefore)).toBeLessThanOrEqual(stepsPerPx);
    expect([after.y0, after.y1]).toEqual([zoomedY.y0, zoomedY.y1]);
    await page.mouse.move(box.x + px + 1, box.y + py);
    await page.mouse.move(box.x + px, box.y + py);
    // The readout agrees: the step under the pointer is the one it was on.
    expect(Math.abs((await readStep()) - atBefore)).toBeLessThanOrEqual((after.s1 - after.s0) / plot.width + 1);
    // The page did not scroll.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // Escape on the chart resets both.
    await page.getByRole('slider', { name: 'Chart cursor: step' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await view(page)).mode).toBe('fit');
    expect(await view(page)).toEqual(before);
    await page.close();
  });

  test('A autoscales y to the visible steps (0 no longer forced in); Reset zoom returns to the fitted axis', async () => {
    // Schedules that stay above 0.01: the fitted linear axis starts at 0, the autoscaled one near 0.01.
    const halving: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 700, gamma: 0.5 } };
    const page = await open(link([entry('step', 'Halving', '#f28e2b', halving), MAIN[2]], SETTINGS));
    const before = await view(page);
    expect(before.y0).toBe(0);
    await page.getByRole('slider', { name: 'Chart cursor: step' }).focus();
    await page.keyboard.press('a');
    await expect.poll(async () => (await view(page)).mode).toBe('auto');
    const auto = await view(page);
    // Exponential ends at 0.08 * 0.999^1999 = 0.0108; 5% of the range below it.
    expect(auto.y0).toBeGreaterThan(0.005);
    expect(auto.y0).toBeLessThan(0.0108);
    expect(auto.y1).toBeGreaterThan(0.1);
    expect(auto.y1).toBeLessThan(before.y1);
    expect(await page.getByRole('button', { name: 'Autoscale y' }).getAttribute('aria-pressed')).toBe('true');
    // It follows the steps shown: over steps 0-500 the lowest value is Exponential's 0.08 * 0.999^499 = 0.0485.
    await page.keyboard.press('+');
    await expect.poll(async () => (await view(page)).s1).toBe(500);
    await expect.poll(async () => (await view(page)).y0).toBeGreaterThan(0.04);
    expect((await view(page)).mode).toBe('auto');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(async () => (await view(page)).mode).toBe('fit');
    expect(await view(page)).toEqual(before);
    await page.close();
  });

  test('a two-finger pinch zooms the steps around the pinch centre', async () => {
    const page = await open(link(MAIN, SETTINGS));
    const box = await plotBox(page);
    const before = await view(page);
    const cdp = await page.context().newCDPSession(page);
    const cx = box.x + box.width * 0.5;
    const cy = box.y + box.height * 0.5;
    const points = (half: number) => [
      { x: cx - half, y: cy, id: 0 },
      { x: cx + half, y: cy, id: 1 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(50) });
    for (const half of [60, 75, 90, 100]) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(half) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // Fingers twice as far apart: half the steps, around the same centre step.
    await expect.poll(async () => (await view(page)).s1 - (await view(page)).s0).toBeCloseTo((before.s1 - before.s0) / 2, 0);
    const after = await view(page);
    expect((after.s0 + after.s1) / 2).toBeCloseTo((before.s0 + before.s1) / 2, 0);
    await cdp.detach();
    await page.close();
  });

  test('fullscreen by the button and by F; Esc leaves; a refused Fullscreen API falls back to a full-window chart', async () => {
    const page = await open(link(MAIN, SETTINGS));
    const chart = page.getByTestId('lr-chart');
    const normalHeight = (await plotBox(page)).height;
    await page.getByRole('button', { name: 'Fullscreen' }).click();
    await expect.poll(() => chart.getAttribute('data-fullscreen')).not.toBe('');
    if ((await chart.getAttribute('data-fullscreen')) === 'api') {
      expect(await page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid'))).toBe('lr-chart');
    }
    await expect.poll(async () => (await plotBox(page)).height).toBeGreaterThan(normalHeight);
    await page.keyboard.press('Escape');
    await expect.poll(() => chart.getAttribute('data-fullscreen')).toBe('');
    await expect.poll(async () => (await plotBox(page)).height).toBe(normalHeight);
    expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
    // F on the chart, Esc on the chart (leaves fullscreen; the zoom is not what Esc resets then).
    const overlay = page.getByRole('slider', { name: 'Chart cursor: step' });
    await overlay.focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await view(page)).s1).not.toBe(2000);
    const zoomed = await view(page);
    await page.keyboard.press('f');
    await expect.poll(() => chart.getAttribute('data-fullscreen')).not.toBe('');
    await overlay.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => chart.getAttribute('data-fullscreen')).toBe('');
    expect((await view(page)).s1).toBe(zoomed.s1);
    // The browser refuses: the chart covers the window by CSS instead.
    await page.evaluate(() => {
      Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('Permissions check failed'));
    });
    await page.getByRole('button', { name: 'Fullscreen' }).click();
    await expect.poll(() => chart.getAttribute('data-fullscreen')).toBe('css');
    const rect = await chart.boundingBox();
    const vp = page.viewportSize()!;
    expect(rect).toMatchObject({ x: 0, y: 0, width: vp.width, height: vp.height });
    await page.getByRole('button', { name: 'Exit fullscreen' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => chart.getAttribute('data-fullscreen')).toBe('');
    await page.close();
  });

  test('long names that differ only at the end are shown whole in the legend and the stats, with the full name on hover', async () => {
    const long = 'Linear warmup then cosine decay to ten percent, run';
    const page = await open(link([entry('a', `${long} A`, '#4e79a7', CYCLIC), entry('b', `${long} B`, '#f28e2b', STEP)], SETTINGS));
    for (const [id, name] of [
      ['a', `${long} A`],
      ['b', `${long} B`],
    ]) {
      const legendName = page.getByTestId(`curve-${id}`).locator('.legend-name');
      expect(await legendName.innerText()).toBe(name);
      expect(await page.getByTestId(`curve-${id}`).getByRole('button').getAttribute('title')).toContain(name);
      const cell = page.getByTestId(`stats-${id}`).locator('th');
      expect(await cell.getAttribute('title')).toBe(name);
      // Not cut: the cell shows all of its text (wrapped), nothing overflows.
      const cut = await cell.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
      expect(cut).toBe(false);
      expect((await cell.innerText()).replace(/\s+/g, ' ').trim()).toBe(name);
    }
    await page.close();
  });
});
