/**
 * Optax constant_schedule, polynomial_schedule and linear_schedule as closed forms of the count, in
 * float32 as jax.numpy computes them without `jax_enable_x64` (the count is int32, Python floats
 * are weakly typed and become float32).
 */
import { pointsIn } from '../closedForm';
import * as F32 from '../numerics/f32';
import { PowByConst, exactCounts } from '../numerics/f32';
import type { ClosedForm } from '../types';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { stepF32 } = F32;

export class ConstantSchedule implements ClosedForm {
  readonly exact = true;
  constructor(private readonly value: number) {}
  at(): number {
    return this.value;
  }
  fill(out: Float64Array, from: number, to: number): void {
    out.fill(this.value, from, to);
  }
  breakpoints(): number[] {
    return [];
  }
}

/** polynomial_schedule with transition_steps > 0: (I - E)·(1 - clip(c - B, 0, T)/T)^P + E. */
export class PolynomialSchedule implements ClosedForm {
  readonly exact = true;
  private readonly diff: number;
  private readonly end: number;
  private readonly t32: number;
  private readonly power: PowByConst;
  constructor(
    init: number,
    end: number,
    power: number,
    private readonly t: number,
    private readonly begin: number,
  ) {
    this.power = new PowByConst(power, true);
    this.end = f32(end);
    // `init_value - end_value` of two Python floats: subtracted in double, rounded to float32 once.
    this.diff = f32(init - end);
    this.t32 = f32(t);
  }
  at(count: number): number {
    // jnp.clip of the count to a float transition_steps gives float32(transition_steps) at the top.
    const c = Math.max(count - this.begin, 0);
    const frac = f32(1 - f32((c >= this.t ? this.t32 : stepF32(c)) / this.t32));
    return f32(f32(this.diff * this.power.pow(frac)) + this.end);
  }
  /** From transition_begin + transition_steps on the clipped count no longer moves: one fill. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count - this.begin, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    // The counts below transition_begin + transition_steps (which may be a float).
    const tail = Math.max(0, Math.min(to - from, Math.ceil(this.begin + this.t - count))) + from;
    const t32 = this.t32;
    const c0 = count - from - this.begin;
    for (let i = from; i < tail; i++) out[i] = f32(1 - f32(Math.max(c0 + i, 0) / t32));
    const diff = this.diff;
    const power = this.power;
    const end = this.end;
    for (let i = from; i < tail; i++) out[i] = f32(f32(diff * power.pow(out[i])) + end);
    if (tail < to) out.fill(this.at(count + (tail - from)), tail, to);
  }
  /** The transition's begin and end: init_value is held before, end_value after, monotone between. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.begin, this.begin + this.t], from, to, limit);
  }
}

/** `optax.polynomial_schedule`, with its early return: transition_steps <= 0 gives init_value. */
export function polynomialSchedule(init: number, end: number, power: number, t: number, begin: number): ClosedForm {
  if (t <= 0) return new ConstantSchedule(f32(init));
  return new PolynomialSchedule(init, end, power, t, Math.max(begin, 0));
}

/** `optax.linear_schedule`: polynomial_schedule with power 1. */
export function linearSchedule(init: number, end: number, t: number, begin = 0): ClosedForm {
  return polynomialSchedule(init, end, 1, t, begin);
}
