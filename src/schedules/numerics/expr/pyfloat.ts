/**
 * CPython semantics of the operators and functions a schedule lambda may use, on doubles:
 * `float_pow` (floatobject.c), `math_1` / `math_pow` (mathmodule.c), `round(x, n)` (double_round),
 * int conversion of floats. Everything raises {@link PythonRuntimeError} where CPython raises.
 */
import { PythonRuntimeError, zeroDivision } from '../../errors';
import { crLog } from '../crlog';
import { pyRound } from '../pymath';

export const valueError = (detail: string): never => {
  throw new PythonRuntimeError('ValueError', detail);
};
export const overflowError = (detail: string): never => {
  throw new PythonRuntimeError('OverflowError', detail);
};
const domainError = () => valueError('math domain error');

const isOddInteger = (y: number) => Math.abs(y) % 2 === 1;

/**
 * Python `x ** y` on floats (float_pow): `0.0 ** negative` raises ZeroDivisionError; a negative base
 * with a non-integer exponent is a complex number in Python (raised here as a TypeError, since a
 * learning rate cannot be complex); a finite result that overflows raises OverflowError.
 */
export function floatPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x !== x) return x;
  if (y !== y) return x === 1 ? 1 : y;
  if (y === Infinity || y === -Infinity) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    return y > 0 === ax > 1 ? Infinity : 0;
  }
  if (x === Infinity || x === -Infinity) {
    const odd = isOddInteger(y);
    if (y > 0) return odd ? x : Infinity;
    return odd ? 0 * Math.sign(x) : 0;
  }
  if (x === 0) {
    if (y < 0) zeroDivision('0.0 cannot be raised to a negative power');
    return isOddInteger(y) ? x : 0;
  }
  let negate = false;
  if (x < 0) {
    if (y !== Math.floor(y)) {
      throw new PythonRuntimeError('TypeError', `(${x}) ** ${y} is a complex number, not a real learning rate`);
    }
    x = -x;
    negate = isOddInteger(y);
  }
  if (x === 1) return negate ? -1 : 1;
  const r = Math.pow(x, y);
  if (r === Infinity) overflowError("(34, 'Numerical result out of range')");
  return negate ? -r : r;
}

/**
 * Python `x ** y` with int operands. A non-negative exponent gives an exact (unbounded) int in
 * Python; here it is the double nearest to it, and a result beyond the float range raises the
 * OverflowError Python raises as soon as that int is used as a float (e.g. multiplied by the base lr).
 */
export function intPow(x: number, y: number): number {
  if (y < 0 || !Number.isInteger(x) || !Number.isInteger(y)) return floatPow(x, y);
  // Integer powers of integers: Math.pow is exact wherever the result is representable.
  const r = x === 1 ? 1 : Math.pow(x, y);
  if (r - r !== 0) overflowError('int too large to convert to float');
  return r;
}

/** Python `int(x)` / `math.trunc` / the int conversion in `math.floor`, `round`: inf and nan raise. */
export function checkIntegral(x: number): number {
  if (x !== x) valueError('cannot convert float NaN to integer');
  if (x === Infinity || x === -Infinity) overflowError('cannot convert float infinity to integer');
  return x;
}

export const pyInt = (x: number): number => Math.trunc(checkIntegral(x)) + 0;
export const pyFloor = (x: number): number => Math.floor(checkIntegral(x)) + 0;
export const pyCeil = (x: number): number => Math.ceil(checkIntegral(x)) + 0;
/** Python `round(x)` (one argument): half to even, returns an int. */
export const pyRound1 = (x: number): number => pyRound(checkIntegral(x)) + 0;

/**
 * `math_1` of mathmodule.c: a NaN result from a non-NaN argument is a domain error; an infinite
 * result from a finite argument is an overflow (`canOverflow`) or a domain error (a pole).
 * Each math function below calls its Math.* directly so that V8 can inline it.
 */
function math1(r: number, x: number, canOverflow: boolean): number {
  if (r - r !== 0) {
    if (r !== r && x === x) domainError();
    if (r === r && x - x === 0) {
      if (canOverflow) overflowError('math range error');
      domainError();
    }
  }
  return r;
}

export const mathCos = (x: number): number => math1(Math.cos(x), x, false);
export const mathSin = (x: number): number => math1(Math.sin(x), x, false);
export const mathTan = (x: number): number => math1(Math.tan(x), x, false);
export const mathTanh = (x: number): number => Math.tanh(x);
export const mathExp = (x: number): number => math1(Math.exp(x), x, true);
export const mathSqrt = (x: number): number => math1(Math.sqrt(x), x, false);
/**
 * `math.log`/`log2`/`log10`: 0 and negatives (and -inf) are domain errors. `log` is correctly rounded
 * like glibc's, so that `math.floor(math.log(243, 3))` is 4 as in CPython (Math.log would give 5).
 */
export const mathLog = (x: number): number => math1(crLog(x), x, false);
export const mathLog2 = (x: number): number => math1(Math.log2(x), x, false);
export const mathLog10 = (x: number): number => math1(Math.log10(x), x, false);
export const mathFabs = Math.abs;

/** `math.log(x, base)`: `log(x) / log(base)`, a base of 1 divides by zero. */
export function mathLogBase(x: number, base: number): number {
  const num = mathLog(x);
  const den = mathLog(base);
  if (den === 0) zeroDivision('float division by zero');
  return num / den;
}

/** `math.pow(x, y)` (math_pow): unlike `**`, `0 ** -1` and complex results are ValueErrors. */
export function mathPow(x: number, y: number): number {
  if (x - x !== 0 || y - y !== 0) {
    if (x !== x) return y === 0 ? 1 : x;
    if (y !== y) return x === 1 ? 1 : y;
    if (x === Infinity || x === -Infinity) {
      const odd = y - y === 0 && isOddInteger(y);
      if (y > 0) return odd ? x : Infinity;
      if (y === 0) return 1;
      return odd ? 0 * Math.sign(x) : 0;
    }
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    if (y > 0 && ax > 1) return Infinity;
    if (y < 0 && ax < 1) return Infinity;
    return 0;
  }
  const r = Math.pow(x, y);
  if (r !== r) domainError();
  if (r === Infinity || r === -Infinity) {
    if (x === 0) domainError();
    overflowError('math range error');
  }
  return r;
}

const NDIGITS_MAX = 323;
const NDIGITS_MIN = -308;
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Python `round(x, ndigits)` on a float: the double nearest to the decimal obtained by rounding the
 * exact value of `x` to `ndigits` places, ties to even (CPython's double_round via dtoa). Also right
 * for int `x` (for which Python rounds exactly the same way).
 */
export function pyRoundN(x: number, ndigits: number): number {
  if (x - x !== 0 || x === 0) return x;
  if (ndigits > NDIGITS_MAX) return x;
  if (ndigits < NDIGITS_MIN) return 0 * x;
  const fast = roundNFast(x, ndigits);
  return fast === undefined ? roundNExact(x, ndigits) : fast;
}

/** Scaled by an exact power of ten; valid when the scaled value is clearly away from a tie. */
function roundNFast(x: number, n: number): number | undefined {
  if (n > 22 || n < -22) return undefined;
  const p = POW10[Math.abs(n)];
  const y = n >= 0 ? x * p : x / p;
  const ay = Math.abs(y);
  if (!(ay < 2 ** 52)) return undefined;
  const fl = Math.floor(ay);
  const frac = ay - fl;
  // y is within half an ulp of the exact scaled value; decide only when that cannot flip the rounding.
  if (Math.abs(frac - 0.5) <= ay * 2 ** -50 + 2 ** -1070) return undefined;
  const q = frac > 0.5 ? fl + 1 : fl;
  // q and p are exact integers: one correctly rounded operation gives the nearest double to q·10^-n.
  const r = n >= 0 ? q / p : q * p;
  return x < 0 ? -r : r;
}

function roundNExact(x: number, n: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mant |= 1n << 52n;
  // |x| = mant · 2^exp exactly; q = round-half-even(|x| · 10^n).
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (n >= 0) num *= 10n ** BigInt(n);
  else den *= 10n ** BigInt(-n);
  let q = num / den;
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  const r = Number(`${q}e${-n}`);
  if (r === Infinity) overflowError('rounded value too large to represent');
  return x < 0 ? -r : r;
}
