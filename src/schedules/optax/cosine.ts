/**
 * Optax cosine_decay_schedule as a closed form of the count, in float32 as jax.numpy computes it
 * without `jax_enable_x64`.
 */
import { pointsIn } from '../closedForm';
import * as F32 from '../numerics/f32';
import { PowByConst, exactCounts } from '../numerics/f32';
import type { ClosedForm } from '../types';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { PI_F32, stepF32 } = F32;

/** cosine_decay_schedule: I·((1 - α)·(0.5·(1 + cos(π·min(c, D)/D)))^e + α). */
export class CosineSchedule implements ClosedForm {
  readonly exact = true;
  private readonly init: number;
  private readonly d32: number;
  private readonly oneMinusAlpha: number;
  private readonly alpha: number;
  private readonly exponent: PowByConst;
  constructor(init: number, decaySteps: number, alpha: number, exponent: number) {
    this.exponent = new PowByConst(exponent, true);
    this.init = f32(init);
    this.d32 = f32(decaySteps);
    this.oneMinusAlpha = f32(1 - alpha);
    this.alpha = f32(alpha);
  }
  at(count: number): number {
    return this.value(this.angle(count));
  }
  /** The cosine's argument at `count`. */
  private angle(count: number): number {
    return f32(f32(PI_F32 * Math.min(stepF32(count), this.d32)) / this.d32);
  }
  /** The schedule's value from the cosine's argument. */
  private value(angle: number): number {
    // 0.5 * x is exact in float32: no rounding needed.
    const p = this.exponent.pow(0.5 * f32(1 + f32(Math.cos(angle))));
    // alpha = 0: (1 - 0) * x + 0 is exactly x.
    return f32(this.init * (this.alpha === 0 ? p : f32(f32(this.oneMinusAlpha * p) + this.alpha)));
  }
  /**
   * Two passes: the arguments first (float32 arithmetic that pipelines when no call interrupts
   * it), then the cosines. Once the count reaches decay_steps it is clamped: one value for the rest.
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const d32 = this.d32;
    const stop = from + Math.max(0, Math.min(to - from, Math.ceil(d32) - count));
    const c0 = count - from;
    for (let i = from; i < stop; i++) out[i] = f32(f32(PI_F32 * (c0 + i)) / d32);
    for (let i = from; i < stop; i++) out[i] = this.value(out[i]);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
  /** The decay's end: the half cosine (and any power of it) is monotone before, the value held after. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn([this.d32], from, to, limit);
  }
}
