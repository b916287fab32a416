/** What the chart's browser tests share: schedules by share link, waiting for the curves, the plot's box. */
import type { Page } from 'playwright-core';
import type { ScheduleSpec, Stepping } from '../../src/schedules';
import { defaultDocument, linkFor } from '../../src/state/persist';
import type { ScheduleEntry, StudioSettings } from '../../src/state/studio';

export function entry(id: string, name: string, color: string, spec: ScheduleSpec, visible = true, stepping: Stepping = 'iteration'): ScheduleEntry {
  return { id, name, color, visible, spec, stepping };
}

/** The app's own share link to these schedules (the first one selected) and settings. */
export function link(schedules: ScheduleEntry[], settings: Partial<StudioSettings> = {}): string {
  const base = defaultDocument();
  return linkFor({ ...base, schedules, settings: { ...base.settings, ...settings }, selectedId: schedules[0]?.id ?? null }, '/');
}

/** Waits until every legend entry has drawn points and nothing is being computed. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll<HTMLElement>('.chart-legend li[data-testid^="curve-"]')];
    return items.length > 0 && items.every((li) => li.dataset.pending !== 'true');
  });
}

/** Where the curves are drawn, on the page. */
export async function plotBox(page: Page) {
  const box = await page.getByTestId('chart-canvas').boundingBox();
  if (!box) throw new Error('no plot');
  return box;
}

/**
 * The checksum of the curve the chart's canvas shows for schedule `id` (its `data-drawn` record,
 * src/ui/chart/draw.ts drawnRecord), or null where none is drawn: what a person sees, where the
 * legend follows a drag only a few times a second.
 */
export async function drawnChecksum(page: Page, id: string): Promise<string | null> {
  const record = (await page.getByTestId('chart-canvas').first().getAttribute('data-drawn')) ?? '';
  return record.split(' ').find((r) => r.startsWith(id + ':'))?.split('@')[0] ?? null;
}
