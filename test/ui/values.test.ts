/** The generated forms' text parsing, default labels and slider scales. */
import { describe, expect, test } from 'vitest';
import type { ParamDef } from '../../src/schedules';
import {
  describeDefault,
  formatList,
  formatMap,
  joinPath,
  parseListOrNumberText,
  parseListText,
  parseMapText,
  parseNumberText,
  sliderScale,
  stepLowerBound,
  stepSliderScale,
} from '../../src/ui/forms/values';

describe('typed text', () => {
  test('numbers in any notation; anything else is kept for the engine to reject', () => {
    expect(['0.1', ' 1e-3 ', '-2', '.5', '1_000', '3.'].map(parseNumberText)).toEqual([0.1, 0.001, -2, 0.5, 1000, 3]);
    expect(['abc', '', '1e', '0x10', 'inf', 'NaN'].map(parseNumberText)).toEqual(['abc', '', '1e', '0x10', 'inf', 'NaN']);
  });
  test('lists and mappings', () => {
    expect(parseListText('[30, 80 120,,]')).toEqual([30, 80, 120]);
    expect(parseListText('30, x')).toEqual([30, 'x']);
    expect(formatList([30, 80])).toBe('30, 80');
    expect(parseListOrNumberText('5')).toBe(5);
    expect(parseListOrNumberText('[5]')).toEqual([5]);
    expect(formatList([5])).toBe('[5]');
    expect(parseMapText('{300: 0.5, 600:0.1}')).toEqual({ 300: 0.5, 600: 0.1 });
    expect(parseMapText('300 0.5')).toEqual({ '300 0.5': '' });
    expect(formatMap({ 300: 0.5 })).toBe('300: 0.5');
  });
  test('defaults as the framework writes them; error paths', () => {
    const p = (type: ParamDef['type'], d: unknown): ParamDef => ({ name: 'x', type, default: d, doc: '' });
    expect(describeDefault(p({ kind: 'number' }, 1e-8))).toBe('default: 1e-08');
    expect(describeDefault(p({ kind: 'integer' }, 10))).toBe('default: 10');
    expect(describeDefault(p({ kind: 'number' }, 1))).toBe('default: 1.0');
    expect(describeDefault(p({ kind: 'enum', options: ['cos'] }, 'cos'))).toBe("default: 'cos'");
    expect(describeDefault(p({ kind: 'boolean' }, false))).toBe('default: False');
    expect(describeDefault(p({ kind: 'number' }, null))).toBe('default: None');
    expect(describeDefault(p({ kind: 'number' }, undefined))).toBe('required');
    expect(joinPath('', 'gamma')).toBe('gamma');
    expect(joinPath('schedulers[1]', 'T_max')).toBe('schedulers[1].T_max');
    expect(joinPath('', 'cosine_kwargs', 2)).toBe('cosine_kwargs[2]');
  });
});

describe('slider scales', () => {
  test('log scale spans decades evenly and gives round values', () => {
    const s = sliderScale({ min: 1e-5, max: 1, scale: 'log' }, false);
    expect(s.log).toBe(true);
    expect(s.fromPosition(0)).toBe(1e-5);
    expect(s.fromPosition(1000)).toBe(1);
    expect(s.fromPosition(400)).toBe(0.001);
    expect(s.toPosition(0.01)).toBe(600);
    for (const v of [2.5e-4, 0.0123, 0.5]) expect(Math.abs(s.fromPosition(s.toPosition(v)) - v) / v).toBeLessThan(0.02);
    expect(String(s.fromPosition(417))).toMatch(/^[0-9.e-]{1,8}$/);
  });
  test('integer log scale gives integers; linear scale snaps to its step', () => {
    const i = sliderScale({ min: 1, max: 100000, scale: 'log' }, true);
    expect(Number.isInteger(i.fromPosition(333))).toBe(true);
    expect(i.fromPosition(0)).toBe(1);
    const l = sliderScale({ min: 0, max: 1 }, false);
    expect(l.log).toBe(false);
    expect(l.step).toBe(0.001);
    expect(l.fromPosition(0.30000000000000004)).toBe(0.3);
    expect(l.toPosition(5)).toBe(1);
    // A log hint with a zero minimum falls back to linear.
    expect(sliderScale({ min: 0, max: 1, scale: 'log' }, false).log).toBe(false);
  });

  test('a step count spans the horizon in 1-2-5 steps of about 1%; a typed value beyond it widens it', () => {
    // The case: Total steps 1,000,000, T_max typed 1,000,000. One arrow key is 10,000, not 1.
    const big = stepSliderScale(1, 1_000_000, 1_000_000);
    expect([big.min, big.max, big.step]).toEqual([0, 1_000_000, 10_000]);
    expect(big.toPosition(1_000_000)).toBe(1_000_000);
    expect(big.fromPosition(big.toPosition(1_000_000) - big.step)).toBe(990_000);
    // Position 0 is the bound (T_max >= 1), the horizon itself is on the grid.
    expect(big.fromPosition(0)).toBe(1);
    const small = stepSliderScale(0, 1000, 100);
    expect([small.min, small.max, small.step]).toEqual([0, 1000, 10]);
    expect(stepSliderScale(0, 6250, 300).step).toBe(50);
    expect(stepSliderScale(0, 10, 5).step).toBe(1);
    // A value past the horizon is kept and the slider reaches it.
    const wide = stepSliderScale(1, 1000, 4321);
    expect(wide.max).toBeGreaterThanOrEqual(4321);
    expect(wide.toPosition(4321)).toBe(4321);
    expect(wide.step).toBe(50);
    // A bound above the first step starts the slider on the grid below it.
    const high = stepSliderScale(300, 1000, 500);
    expect(high.min).toBe(300);
    expect(high.fromPosition(100)).toBe(300);
  });

  test('a step count\'s lower bound: its min, one more where the framework wants it > 0', () => {
    expect(stepLowerBound({ kind: 'integer', min: 1 })).toBe(1);
    expect(stepLowerBound({ kind: 'number', min: 0, minExclusive: true })).toBe(1);
    expect(stepLowerBound({ kind: 'integer' })).toBe(0);
    expect(stepLowerBound({ kind: 'numberList', integer: true })).toBe(0);
  });
});
