/** The page's one number parser: what each number field accepts, and the reason it gives otherwise. */
import { describe, expect, test } from 'vitest';
import { readInteger, readNumber, readNumberList } from '../../src/ui/numberText';
import { parseNumber, parseNumberList } from '../../src/ui/training/fields';
import { listTextError, mapTextError, numberTextError, parseListText, parseNumberText } from '../../src/ui/forms/values';

const value = (t: string) => {
  const r = readNumber(t);
  return r.ok ? r.value : null;
};
const error = (t: string) => {
  const r = readNumber(t);
  return r.ok ? null : r.error;
};

describe('readNumber', () => {
  test("Python's notations: signs, decimals, exponents, underscores between digits", () => {
    const cases: [string, number][] = [
      ['0.1', 0.1],
      [' 64 ', 64],
      ['-2', -2],
      ['+3', 3],
      ['.5', 0.5],
      ['3.', 3],
      ['1e6', 1e6],
      ['1E-3', 1e-3],
      ['2.5e+2', 250],
      ['1_000_000', 1e6],
      ['1_000.000_1', 1000.0001],
      ['1e1_0', 1e10],
      ['007', 7],
    ];
    for (const [t, v] of cases) expect(value(t), t).toBe(v);
  });

  test('"30, 80" is two numbers, never 3080', () => {
    expect(value('30, 80')).toBeNull();
    expect(error('30, 80')).toBe('"30, 80" is 2 numbers: this field takes one');
    expect(error('30 80')).toBe('"30 80" is 2 numbers: this field takes one');
    expect(error('30,80')).toBe('"30,80" is 2 numbers: this field takes one');
    expect(error('1; 2; 3')).toBe('"1; 2; 3" is 3 numbers: this field takes one');
  });

  test('a comma is never a thousands separator, and the message says how to write it', () => {
    expect(value('1,000,000')).toBeNull();
    expect(error('1,000,000')).toBe('a comma is not read as a thousands separator (it separates list items): write 1000000 or 1_000_000');
    expect(error('1,000')).toContain('write 1000 or 1_000');
  });

  test('underscores only between digits, as Python allows', () => {
    for (const t of ['_1', '1_', '1__000', '1_.5', '1._5', '1e_5']) {
      expect(error(t), t).toBe('an underscore may only stand between two digits, as in Python (1_000_000)');
    }
  });

  test('non-finite values and overflow are refused with a reason', () => {
    for (const t of ['inf', '-Infinity', 'nan', 'NaN']) expect(error(t), t).toBe('must be a finite number');
    expect(error('1e400')).toBe('"1e400" is too large (the largest number is about 1.8e308)');
  });

  test('anything else is "not a number", marked generic (the engine may say it its own way)', () => {
    for (const t of ['abc', '1e', '0x10', '--1', '1.2.3', '½']) {
      const r = readNumber(t);
      expect(r.ok, t).toBe(false);
      if (!r.ok) {
        expect(r.generic, t).toBe(true);
        expect(r.error).toBe(`${JSON.stringify(t)} is not a number`);
      }
    }
    const empty = readNumber('  ');
    expect(empty).toEqual({ ok: false, error: 'enter a number', generic: true });
  });

  test('integers: the same notations, then a whole-number check', () => {
    expect(readInteger('1e3')).toEqual({ ok: true, value: 1000 });
    expect(readInteger('1_500')).toEqual({ ok: true, value: 1500 });
    expect(readInteger('12.5')).toEqual({ ok: false, error: 'must be a whole number (got 12.5)', generic: false });
  });

  test('lists: commas and/or spaces, brackets optional; the bad item is named', () => {
    expect(readNumberList('[30, 80 120]')).toEqual({ ok: true, value: [30, 80, 120] });
    expect(readNumberList('1_000, 2e3')).toEqual({ ok: true, value: [1000, 2000] });
    expect(readNumberList('30, x')).toEqual({ ok: false, error: 'item 2: "x" is not a number' });
  });
});

describe('the fields that use it', () => {
  test('schedule parameters: a number, or the text kept for the engine, with a better reason where there is one', () => {
    expect(parseNumberText('1_000')).toBe(1000);
    expect(parseNumberText('30, 80')).toBe('30, 80');
    expect(parseNumberText('1__0')).toBe('1__0');
    expect(numberTextError('30, 80')).toBe('"30, 80" is 2 numbers: this field takes one');
    // Generic: the engine's "must be a number (got "abc")" is shown instead.
    expect(numberTextError('abc')).toBeNull();
    expect(numberTextError('0.5')).toBeNull();
    expect(parseListText('30, 1__0')).toEqual([30, '1__0']);
    expect(listTextError('30, 1__0')).toBe('item 2: an underscore may only stand between two digits, as in Python (1_000_000)');
    expect(listTextError('30, 80')).toBeNull();
    expect(mapTextError('300: 0.5, 600: 1e-1')).toBeNull();
    expect(mapTextError('300: 0.5, 600: x')).toBe('at 600: "x" is not a number');
    expect(mapTextError('300 0.5')).toBe('"300 0.5" has no value: write step: value, e.g. 300: 0.5');
  });

  test('training setup fields', () => {
    expect(parseNumber('1e-7')).toEqual({ ok: true, value: 1e-7 });
    expect(parseNumber('abc')).toEqual({ ok: false, error: 'enter a number' });
    expect(parseNumber('30, 80')).toMatchObject({ ok: false, error: '"30, 80" is 2 numbers: this field takes one' });
    expect(parseNumberList('128, 64')).toEqual({ ok: true, value: [128, 64] });
    expect(parseNumberList(' ')).toEqual({ ok: false, error: 'enter numbers separated by commas' });
    expect(parseNumberList('128, 6x')).toEqual({ ok: false, error: 'item 2: "6x" is not a number' });
  });
});
