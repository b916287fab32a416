/**
 * Optax exponential_decay as a closed form of the count, in float32 as jax.numpy computes it
 * without `jax_enable_x64`.
 */
import { periodicPoints, pointsIn } from '../closedForm';
import * as F32 from '../numerics/f32';
import { ConstBasePow, exactCounts } from '../numerics/f32';
import type { ClosedForm } from '../types';
import { ConstantSchedule } from './polynomial';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { stepF32 } = F32;

/** exponential_decay with transition_steps > 0 and decay_rate != 0. */
export class ExponentialSchedule implements ClosedForm {
  readonly exact = true;
  private readonly init: number;
  private readonly rate: ConstBasePow;
  private readonly t32: number;
  /** NaN when end_value is None. */
  private readonly end: number;
  private readonly lowerBound: boolean;
  /** Where the value is not monotone in the exponent (a negative decay_rate): every multiple of transition_steps is a breakpoint. */
  private readonly atMultiples: boolean;
  constructor(
    init: number,
    t: number,
    rate: number,
    private readonly begin: number,
    private readonly stair: boolean,
    end: number | null,
  ) {
    this.init = f32(init);
    this.rate = new ConstBasePow(f32(rate));
    this.t32 = f32(t);
    this.end = end === null ? NaN : f32(end);
    this.lowerBound = rate < 1.0;
    this.atMultiples = rate < 0;
  }
  at(count: number): number {
    const d = count - this.begin;
    let p = f32(stepF32(d) / this.t32);
    if (this.stair) p = Math.floor(p);
    const v = d <= 0 ? this.init : f32(this.init * this.rate.pow(p));
    const e = this.end;
    if (e !== e) return v;
    return this.lowerBound ? Math.max(v, e) : Math.min(v, e);
  }
  /** Up to transition_begin, init_value; then the exponents (float32 arithmetic), then the powers. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count - this.begin, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const head = from + Math.max(0, Math.min(to - from, this.begin - count + 1));
    if (head > from) out.fill(this.at(count), from, head);
    const t32 = this.t32;
    const d0 = count - from - this.begin;
    for (let i = head; i < to; i++) out[i] = f32((d0 + i) / t32);
    if (this.stair) for (let i = head; i < to; i++) out[i] = Math.floor(out[i]);
    const rate = this.rate;
    const init = this.init;
    for (let i = head; i < to; i++) out[i] = f32(init * rate.pow(out[i]));
    const e = this.end;
    if (e !== e) return;
    if (this.lowerBound) for (let i = head; i < to; i++) out[i] = Math.max(out[i], e);
    else for (let i = head; i < to; i++) out[i] = Math.min(out[i], e);
  }
  /**
   * transition_begin, where the decay starts; the power is monotone in the exponent (and the
   * end_value clip keeps it so), the exponent in the step (floored too: the staircase is one
   * monotone piece); a negative decay_rate alternates the sign at the multiples of
   * transition_steps past the begin (NaN in between).
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    // The multiples start with transition_begin itself.
    return this.atMultiples ? periodicPoints(this.begin, this.t32, [0], from, to, limit) : pointsIn([this.begin], from, to, limit);
  }
}

/**
 * `optax.exponential_decay` of `init` with the other arguments from `p` by Optax's names, with its
 * early returns: transition_steps <= 0 or decay_rate == 0 give `init`.
 */
export function exponentialDecay(init: number, p: Record<string, unknown>): ClosedForm {
  const t = p.transition_steps as number;
  const rate = p.decay_rate as number;
  if (t <= 0 || rate === 0) return new ConstantSchedule(f32(init));
  return new ExponentialSchedule(init, t, rate, Math.max(p.transition_begin as number, 0), p.staircase as boolean, p.end_value as number | null);
}
