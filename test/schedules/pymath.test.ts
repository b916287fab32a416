import { describe, expect, test } from 'vitest';
import { PythonRuntimeError } from '../../src/schedules';
import { bisectRight, pyDiv, pyFloorDiv, pyMax, pyMod, pyPow, pyRound } from '../../src/schedules/numerics/pymath';

// Expected values printed by CPython 3.11.
describe('Python float semantics', () => {
  test('floor division and modulo follow Python signs', () => {
    expect([7, -7, 7.5, -7.5, 0.7, -0.7].map((a, i) => pyFloorDiv(a, [2, 2, 2, 2, 0.1, 0.1][i]))).toEqual([
      3, -4, 3, -4, 6, -7,
    ]);
    expect(pyMod(7, 3)).toBe(1);
    expect(pyMod(-7, 3)).toBe(2);
    expect(pyMod(7, -3)).toBe(-2);
    expect(pyMod(-7.5, 2)).toBe(0.5);
    expect(pyMod(0.7, 0.1)).toBe(0.09999999999999992);
  });

  test('round is half to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.6, -2.6].map(pyRound)).toEqual([0, 2, 2, -0, -2, 3, -3]);
  });

  test('division by zero raises like Python', () => {
    expect(() => pyDiv(1, 0)).toThrow(PythonRuntimeError);
    expect(() => pyFloorDiv(1, 0)).toThrow(/ZeroDivisionError/);
    expect(() => pyMod(1, 0)).toThrow(/ZeroDivisionError/);
    expect(() => pyPow(0, -1)).toThrow(/ZeroDivisionError/);
    expect(() => pyPow(-8, 1 / 3)).toThrow(/complex/);
    expect(pyPow(-2, 3)).toBe(-8);
    expect(pyPow(0, 0)).toBe(1);
  });

  test('bisect_right counts items <= x; max keeps the first on ties', () => {
    expect(bisectRight([3, 7, 7], 7)).toBe(3);
    expect(bisectRight([3, 7], 2)).toBe(0);
    expect(Object.is(pyMax(0, -0), 0)).toBe(true);
    expect(Object.is(pyMax(-0, 0), -0)).toBe(true);
  });
});
