/**
 * Colours for schedules and runs: Tableau 10 (colour-blind friendly), then ten more of ColorBrewer's Dark2
 * and Paired, mid-toned so that they read on the light and the dark theme: no repeat before 20 schedules.
 */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1b9e77',
  '#d95f02',
  '#7570b3',
  '#e7298a',
  '#66a61e',
  '#e6ab02',
  '#1f78b4',
  '#b15928',
  '#6a3d9a',
  '#a6761d',
] as const;

/** The first palette colour not in `used`, cycling when all are taken. */
export function nextColor(used: readonly string[]): string {
  return PALETTE.find((c) => !used.includes(c)) ?? PALETTE[used.length % PALETTE.length];
}
