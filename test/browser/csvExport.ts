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

/**
 * Where the cells differ from `want` by more than 2 ulp (`null` where none does). The page's
 * Chromium computes cos, exp and pow with another libm than this test's Node (V8 of Chromium 12x+
 * uses glibc-derived functions, Node 20's V8 fdlibm), so the same engine's values can differ by an
 * ulp between them; anything more is a real difference.
 */
export function beyondUlps(cells: readonly string[] | undefined, want: ArrayLike<number>): string | null {
  if (!cells) return 'no such column';
  if (cells.length !== want.length) return `${cells.length} cells, want ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const a = Number(cells[i]);
    const b = want[i];
    if (!(Math.abs(a - b) <= 2 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)))) return `row ${i}: ${cells[i]}, want ${b}`;
  }
  return null;
}
