/**
 * Python float semantics that schedulers depend on. JS and Python differ on floor division,
 * modulo sign, rounding, division by zero and negative bases with fractional exponents.
 */
import { PythonRuntimeError, zeroDivision } from '../errors';

/** Python `a / b` on floats: raises ZeroDivisionError instead of returning Infinity/NaN. */
export function pyDiv(a: number, b: number): number {
  if (b === 0) zeroDivision('float division by zero');
  return a / b;
}

/** Python `a // b` (floor division). */
export function pyFloorDiv(a: number, b: number): number {
  if (b === 0) zeroDivision('integer division or modulo by zero');
  if (Number.isInteger(a) && Number.isInteger(b)) return Math.floor(a / b);
  // CPython float_floor_div: computed from fmod so that a == b*q + r holds exactly.
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0 * (a / b); // keep the sign of zero like CPython (copysign(0, a/b))
  const floordiv = Math.floor(div);
  return div - floordiv > 0.5 ? floordiv + 1 : floordiv;
}

/** Python `a % b`: the result takes the sign of `b`. */
export function pyMod(a: number, b: number): number {
  if (b === 0) zeroDivision('integer division or modulo by zero');
  const m = a % b;
  if (m === 0) return b < 0 ? -0 : 0;
  return m < 0 !== b < 0 ? m + b : m;
}

/**
 * Python `a ** b` on floats: `0.0 ** negative` raises ZeroDivisionError; a negative base with a
 * non-integer exponent gives a complex number in Python, which no scheduler can use.
 */
export function pyPow(a: number, b: number): number {
  if (a === 0 && b < 0) zeroDivision('0.0 cannot be raised to a negative power');
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) {
    throw new PythonRuntimeError('TypeError', `(${a}) ** ${b} is a complex number`);
  }
  // Python: 1 ** anything == 1 and anything ** 0 == 1 (JS agrees except 1 ** NaN).
  if (a === 1 || b === 0) return 1;
  return Math.pow(a, b);
}

/** Python `round(x)`: round half to even, returns an integer. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/** `bisect.bisect_right(a, x)`: number of items `<= x` in sorted `a`. */
export function bisectRight(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's `max(a, b)` for floats: the first argument wins ties (matters only for -0.0). */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** Python's `min(a, b)`: the first argument wins ties. */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}
