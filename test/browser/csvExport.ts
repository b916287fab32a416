/** The studio's "Export CSV", as a person downloads it, read back as columns by header. */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { parseCsv } from '../csvParse';

/** header -> cells (as text, exactly as written). */
export async function exportColumns(page: Page): Promise<Map<string, string[]>> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
  const cols = new Map<string, string[]>();
  rows[0].forEach((h, c) => cols.set(h, rows.slice(1).map((r) => r[c])));
  return cols;
}
