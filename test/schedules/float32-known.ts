/**
 * What the Keras / Optax golden test and the code-export check share: float32 ulp distances, and the cases where
 * JAX's float32 differs from correctly rounded arithmetic beyond the tolerance, each with the reason.
 */
export const MAX_ULPS = 4;

/**
 * Where the framework's float32 differs from IEEE arithmetic beyond the tolerance, by case, with the reason.
 * XLA on CPU computes with subnormals flushed to zero (FTZ/DAZ): a result below the smallest normal float32
 * (1.18e-38) is 0 in JAX, and the engine, computing IEEE float32, keeps the subnormal. Only values that small
 * differ; these cases are checked with the engine's subnormals read as 0.
 */
export const FLUSHED_TO_ZERO = new Set(['keras.ExponentialDecay/random 13']);
export const SMALLEST_NORMAL_F32 = 2 ** -126;

const XLA_COS =
  "XLA's float32 cos is not correctly rounded (1 ulp off for 15 of 1,500 random arguments in [0, 3.2], measured); near the end of a " +
  'cosine (cos close to -1) 1 + cos cancels and a power or the floor scaling multiplies that ulp';
const CONSTANT_FOLDED_COND =
  'eager Keras computes the restart index and cycle fraction inside ops.cond, whose branches XLA compiles with the ' +
  'step as a constant: it folds them and turns the division by power(t_mul, i) into a product with the reciprocal ' +
  "(measured: 77 of 300 random divisions by a constant differ); under jit in model.fit the step is not a constant " +
  "and the engine keeps Keras's division; near a cycle's end 1 + cos amplifies the difference";

/**
 * Cases beyond 4 ulps, each with the most ulps it reaches and why; every other case must stay within 4 ulps, and
 * each listed case must really exceed them (the list cannot grow stale).
 */
export const KNOWN_ULPS = new Map<string, { ulps: number; why: string }>([
  ['keras.CosineDecayRestarts/random 2', { ulps: 16, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 3', { ulps: 49, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 5', { ulps: 8, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 8', { ulps: 7, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 9', { ulps: 42, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 10', { ulps: 10, why: CONSTANT_FOLDED_COND }],
  ['optax.cosine_decay_schedule/random 1', { ulps: 5, why: XLA_COS }],
  ['optax.sgdr_schedule/random 1', { ulps: 5, why: XLA_COS }],
  ['optax.warmup_cosine_decay_schedule/issue example', { ulps: 8, why: XLA_COS }],
]);

/** The float32 bit pattern of x as a signed integer ordered like the floats (for ulp distances). */
const view = new DataView(new ArrayBuffer(4));
function orderedBits(x: number): number {
  view.setFloat32(0, x);
  const b = view.getInt32(0);
  return b < 0 ? -0x80000000 - b : b;
}

/** Distance in float32 ulps between two float32 values. */
export function ulps(a: number, b: number): number {
  return Math.abs(orderedBits(a) - orderedBits(b));
}
