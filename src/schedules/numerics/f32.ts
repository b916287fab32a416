/**
 * Float32 arithmetic shared by the Keras and Optax schedules.
 *
 * Keras 3 (`floatx` float32) and Optax (jax.numpy without x64) compute their schedules in float32.
 * We emulate that by rounding with `Math.fround` right after every operation, in the framework's
 * operation order, after casting constants and the step to float32 as the framework does.
 *
 * - `+ - * /` of two float32 values: rounding the double result to float32 gives exactly the
 *   IEEE float32 result (double has more than 2·24 + 2 bits, so double rounding is harmless).
 * - `cos`, `log`, `pow`: computed in double and rounded, which is almost always the correctly
 *   rounded float32 value. The backends' float32 libm (TF, XLA, numpy, torch) may differ from it
 *   by one ulp, so results match the frameworks to float32 precision, not bit for bit.
 */

/** Rounds to the nearest float32. */
export const f32 = Math.fround;

/** Integers up to this magnitude are exact in float32 (casting a step count is then a no-op). */
export const EXACT_INT_F32 = 16777216;

/**
 * Whether the counts `count .. count + n - 1` are all exact in float32 (|c| <= 2^24), so that
 * casting them is the identity. The batch loops then leave the cast out and find where a clamp
 * starts by arithmetic: a per-step cast and test cost as much as the schedule's own arithmetic.
 */
export function exactCounts(count: number, n: number): boolean {
  return count >= -EXACT_INT_F32 && count + n - 1 <= EXACT_INT_F32;
}

/**
 * An integer step cast to float32 (Keras `cast(optimizer.iterations, float32)`, Optax's int32
 * count in float32 arithmetic): exact up to 2^24, rounded beyond.
 */
export function stepF32(step: number): number {
  return step <= EXACT_INT_F32 && step >= -EXACT_INT_F32 ? step : Math.fround(step);
}

/**
 * The first step in (from, to) where `changed` turns true (`to` where it does not): `changed` is
 * false at `from` and, as the step grows, stays true once true. It is searched from `guess`, the
 * real-number position of the change, outwards: a float32 quantity of the step (a restart index, a
 * denominator) crosses its threshold within a step or two of it.
 */
export function firstChangeIn(changed: (t: number) => boolean, guess: number, from: number, to: number): number {
  const g = Math.ceil(guess);
  let t = g === g ? Math.min(to, Math.max(from + 1, g)) : from + 1;
  while (t > from + 1 && changed(t - 1)) t--;
  while (t < to && !changed(t)) t++;
  return t;
}

/** `math.pi` cast to float32 (Keras `array(math.pi, dtype)`, jax weak-typed `jnp.pi`). */
export const PI_F32 = Math.fround(Math.PI);

/** float32 natural `log`. */
export function logF32(x: number): number {
  return Math.fround(Math.log(x));
}

/**
 * JAX `lax.integer_pow(x, n)`: what `x ** n` does when `n` is a Python int (binary
 * exponentiation, each product rounded to float32; a negative `n` takes the reciprocal).
 */
export function intPowF32(x: number, n: number): number {
  if (n === 0) return 1;
  let y = Math.abs(n);
  let base = x;
  let acc = NaN;
  let first = true;
  while (y > 0) {
    if (y % 2 === 1) {
      acc = first ? base : Math.fround(acc * base);
      first = false;
    }
    y = Math.floor(y / 2);
    if (y > 0) base = Math.fround(base * base);
  }
  return n < 0 ? Math.fround(1 / acc) : acc;
}

/**
 * float32 `pow` with a float exponent (`lax.pow`, `tf.pow`, `keras.ops.power`): the double power
 * rounded to float32. For a positive finite base it is taken as exp(y·log x), within 1e-13
 * relative of the double power and about twice as fast as V8's Math.pow; after rounding to float32
 * it differs from the rounded Math.pow by one ulp in about one case per million (measured), well
 * inside the backends' own float32 pow spread. Other bases go through Math.pow (NaN for a negative
 * base and a fractional exponent, as in XLA).
 */
export function powF32(x: number, y: number): number {
  if (x > 0 && x < Infinity) return Math.fround(Math.exp(y * Math.log(x)));
  return Math.fround(Math.pow(x, y));
}

/** `base ** p` in float32 for a fixed base and a varying exponent (exponential decays). */
export class ConstBasePow {
  private readonly logBase: number;
  private lastP = NaN;
  private lastV = NaN;
  constructor(private readonly base: number) {
    this.logBase = base > 0 && base < Infinity ? Math.log(base) : NaN;
  }
  /** Repeated exponents (staircase, held phases) reuse the last value. */
  pow(p: number): number {
    if (p === this.lastP) return this.lastV;
    const lb = this.logBase;
    const v = lb === lb ? Math.fround(Math.exp(p * lb)) : Math.fround(Math.pow(this.base, p));
    this.lastP = p;
    this.lastV = v;
    return v;
  }
}

/**
 * `x ** power` in float32 for a fixed exponent. `pythonInt`: jax.numpy with an integer-valued
 * Python exponent uses `lax.integer_pow` (float32 products); otherwise it is the float `pow`
 * (exponents 1, 2 and 0.5 are computed exactly).
 */
export class PowByConst {
  private readonly mode: 0 | 1 | 2 | 3 | 4 | 5;
  private readonly power: number;
  constructor(power: number, pythonInt: boolean) {
    const intLike = Number.isInteger(power) && Math.abs(power) <= 64;
    // A float exponent is weakly typed: the float pow takes it as float32.
    this.power = pythonInt && intLike ? power : Math.fround(power);
    // integer_pow(x, 2) is the one product x·x rounded: mode 2 either way.
    if (power === 1) this.mode = 0;
    else if (power === 2) this.mode = 2;
    else if (pythonInt && intLike) this.mode = 1;
    else if (power === 0.5) this.mode = 3;
    else if (power === 0) this.mode = 4;
    else this.mode = 5;
  }
  pow(x: number): number {
    switch (this.mode) {
      case 0:
        return x;
      case 1:
        return intPowF32(x, this.power);
      case 2:
        return Math.fround(x * x);
      case 3:
        return Math.fround(Math.sqrt(x));
      case 4:
        return 1;
      default:
        return powF32(x, this.power);
    }
  }
}
