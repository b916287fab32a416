/**
 * What Optax and Keras schedules compute differently under `jax.jit`, as every training step runs them. The engine
 * computes the eager values (one Python call per count); under jit XLA rewrites a float32 division by a constant,
 * x / C, as x * f32(1 / C), which rounds differently. Two consequences are worth a note, and the engine can tell
 * exactly when a configuration has them (checked against real jax.jit: tools/check_jit_traps.py):
 * - a staircase's floor(x / C) turns at another count where x * f32(1/C) rounds to the other side of an integer;
 * - a polynomial decay's C / C at its end is not exactly 1: 1 - p is a tiny number, negative where the product
 *   rounds above 1, and a fractional power of it is NaN; otherwise the end value is off by that tiny amount.
 * Differences of an ulp or two elsewhere in the curve (the same rounding inside a continuous formula) are not noted.
 */

const f32 = Math.fround;

/** The reciprocal XLA folds `x / c` into: f32(1 / c) for the float32 constant c. */
function reciprocal(c: number): number {
  return f32(1 / f32(c));
}

/** A staircase count that turns at another count under jit than eagerly. */
export interface StaircaseShift {
  /** Which drop (k-th integer of the floor). */
  drop: number;
  /** The count where the drop happens eagerly, and under jit. */
  eager: number;
  jit: number;
}

/**
 * The drops of `floor(d(count) / c)` (d the decayed count in float32, 0 before `start`) that land on another count
 * under jit, for counts in [0, steps): at most `limit` of them, and how many there are in all.
 */
export function staircaseShifts(
  c: number,
  decayed: (count: number) => number,
  start: number,
  steps: number,
  limit = 3,
): { shifts: StaircaseShift[]; total: number } {
  const cf = f32(c);
  const r = reciprocal(c);
  const shifts: StaircaseShift[] = [];
  let total = 0;
  if (!(cf > 0) || !Number.isFinite(cf)) return { shifts, total };
  const eagerFloor = (x: number) => Math.floor(f32(decayed(x) / cf));
  const jitFloor = (x: number) => Math.floor(f32(decayed(x) * r));
  // Either side turns within a count of the exact boundary start + k·c (the rounding moves p by far less than 1/c).
  for (let k = 1; ; k++) {
    const exact = Math.ceil(start + k * cf);
    if (exact - 1 >= steps) break;
    let eager = -1;
    let jit = -1;
    for (let x = Math.max(0, exact - 2); x <= exact + 1; x++) {
      if (eager < 0 && eagerFloor(x) >= k) eager = x;
      if (jit < 0 && jitFloor(x) >= k) jit = x;
    }
    const first = Math.min(eager, jit);
    if (eager !== jit && first < steps) {
      total++;
      if (shifts.length < limit) shifts.push({ drop: k, eager, jit });
    }
  }
  return { shifts, total };
}

/** `1 - c / c` under jit: 1 - c·f32(1/c) in one FMA. */
function jitFrac(c: number): number {
  return f32(1 - f32(c) * reciprocal(c));
}

/** A polynomial decay's value from the count where it ends, eagerly and under jit (float32). */
export interface PolynomialEnd {
  eager: number;
  jit: number;
}

/**
 * `(diff * (1 - x / c) ** power + end)` at x = c (the clipped count at and after the end), eagerly and under jit;
 * `diff` and `end` as the framework has them in float32. Null where both are the same.
 */
export function polynomialEnd(diff: number, end: number, power: number, c: number): PolynomialEnd | null {
  const cf = f32(c);
  if (!(cf > 0) || !Number.isFinite(cf)) return null;
  const eager = f32(f32(diff * f32(Math.pow(f32(1 - f32(cf / cf)), power))) + end);
  // XLA on CPU also fuses 1 - x·r and diff·pow + end into FMAs: one rounding each (the float32 products are exact
  // in float64, so float64 arithmetic rounded once is the FMA).
  const jit = f32(diff * f32(Math.pow(jitFrac(c), power)) + end);
  return Object.is(eager, jit) || (Number.isNaN(eager) && Number.isNaN(jit)) ? null : { eager, jit };
}

const JIT = 'Under jax.jit (as a training step runs it), XLA computes';

function fmt(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

/** The note for a staircase whose drops move under jit, or none. */
export function staircaseNote(name: string, c: number, found: { shifts: StaircaseShift[]; total: number }): string[] {
  if (found.total === 0) return [];
  const [s] = found.shifts;
  const which = s.jit > s.eager ? 'late' : 'early';
  const more = found.total > 1 ? ` ${found.total} of the drops in this horizon move so.` : '';
  return [
    `${JIT} count / ${name} as count × f32(1/${f32(c)}) = ${reciprocal(c)}: the staircase's drop ${s.drop} lands one count ${which}, at count ${s.jit} instead of ${s.eager} (the curve shows the eager values).${more}`,
  ];
}

/** The note for a polynomial decay whose end differs under jit, or none. */
export function polynomialNote(name: string, c: number, from: number, steps: number, end: PolynomialEnd | null): string[] {
  if (!end || from >= steps) return [];
  const frac = jitFrac(c);
  const what = Number.isNaN(end.jit)
    ? `${frac} < 0, and its fractional power is NaN: from count ${from} on the learning rate is NaN under jit (eager: ${fmt(end.eager)})`
    : `${frac}, not 0: from count ${from} on the value is ${fmt(end.jit)} under jit, not ${fmt(end.eager)}`;
  return [`${JIT} the end's 1 - ${name} / ${name} as 1 - ${f32(c)} × f32(1/${f32(c)}) = ${what}.`];
}
