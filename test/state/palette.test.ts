import { describe, expect, it } from 'vitest';
import { nextColor, PALETTE } from '../../src/state/palette';

describe('palette', () => {
  it('gives 20 schedules 20 different colours before any repeats', () => {
    const used: string[] = [];
    for (let i = 0; i < 20; i++) used.push(nextColor(used));
    expect(new Set(used).size).toBe(20);
    expect(PALETTE).toHaveLength(20);
    // The 21st reuses one: there are no more.
    expect(used).toContain(nextColor(used));
  });

  it('reuses a colour freed by a removed schedule first', () => {
    const used = PALETTE.slice(0, 12).filter((c) => c !== PALETTE[3]);
    expect(nextColor(used)).toBe(PALETTE[3]);
  });
});
