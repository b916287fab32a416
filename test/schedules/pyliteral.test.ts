/** Python literals of the code export and the forms' defaults, as Python's `repr` writes them. */
import { describe, expect, test } from 'vitest';
import { pyBool, pyDict, pyFloat, pyInt, pyList, pyNumber, pyStr } from '../../src/schedules/pyliteral';

describe('Python literals', () => {
  test('floats are written as Python repr writes them', () => {
    expect([0.1, 1e-5, 100, 1e16, 1.5e-7, 0.0001, 123.456, 1 / 3, -2.5, 0, -0].map(pyFloat)).toEqual([
      '0.1', '1e-05', '100.0', '1e+16', '1.5e-07', '0.0001', '123.456', '0.3333333333333333', '-2.5', '0.0', '-0.0',
    ]);
    // Every literal reads back as the same double.
    for (const v of [0.1, 1e-5, 2.5e-300, 1.7976931348623157e308, 5e-324, 123456789.123]) expect(Number(pyFloat(v))).toBe(v);
  });
  test('ints, strings, booleans, lists and dicts', () => {
    expect(pyInt(30)).toBe('30');
    expect(pyInt(2 ** 60)).toBe('1152921504606846976');
    expect([pyNumber(3, true), pyNumber(3, false)]).toEqual(['3', '3.0']);
    expect([pyBool(true), pyBool(false)]).toEqual(['True', 'False']);
    expect(pyList(['1', '2.5'])).toBe('[1, 2.5]');
    expect(pyDict([['100', '0.5'], ['200', '0.1']])).toBe('{100: 0.5, 200: 0.1}');
    expect(pyStr("it's")).toBe("'it\\'s'");
    expect(pyStr('a\\b\n')).toBe("'a\\\\b\\n'");
  });
});
