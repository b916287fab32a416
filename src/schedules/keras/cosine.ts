/**
 * Keras CosineDecay and CosineDecayRestarts as closed forms of the step (`optimizer.iterations`),
 * in float32 as Keras computes them (see ./decays.ts for the casts).
 */
import { pointsIn } from '../closedForm';
import * as F32 from '../numerics/f32';
import { exactCounts, firstChangeIn } from '../numerics/f32';
import type { ClosedForm } from '../types';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { PI_F32, logF32, powF32, stepF32 } = F32;

/**
 * Keras `_decay_function` of CosineDecay (alpha a Python float, weakly cast), and of
 * CosineDecayRestarts, in two halves: the cosine's argument `pi * completed` ...
 */
function cosineAngleF32(completed: number): number {
  return f32(PI_F32 * completed);
}

/**
 * ... and the value from it: `from * ((1 - alpha) * half * (1 + cos) + alpha)`; `half` is 0.5
 * for CosineDecay (exact in float32), `0.5 * m_mul ** i` for the restarts. The batch loops compute
 * all the arguments first, then all the cosines: float32 arithmetic pipelines well when no call
 * interrupts it.
 */
function cosineValueF32(angle: number, half: number, oneMinusAlpha: number, alpha32: number, from: number): number {
  const cosineDecayed = f32(half * f32(1 + f32(Math.cos(angle))));
  // alpha = 0: (1 - 0) * x + 0 is exactly x.
  const decayed = alpha32 === 0 ? cosineDecayed : f32(f32(oneMinusAlpha * cosineDecayed) + alpha32);
  return f32(from * decayed);
}

/**
 * The same value where Keras computes it inside `ops.cond` (CosineDecay with a warmup_target): JAX
 * compiles both branches into one XLA computation, whose CPU backend contracts `a * b + c` into a
 * fused multiply-add (one rounding). The product of two float32 is exact in double, so
 * `f32(a * b + c)` is the float32 fma (but where the double sum lands on a float32 tie).
 */
function cosineValueFusedF32(angle: number, oneMinusAlpha: number, alpha32: number, from: number): number {
  const cosineDecayed = f32(0.5 * f32(1 + f32(Math.cos(angle))));
  return f32(from * f32(oneMinusAlpha * cosineDecayed + alpha32));
}

/** CosineDecay: an optional linear warmup, then a half cosine over decay_steps, then held. */
export class CosineDecaySchedule implements ClosedForm {
  readonly exact = true;
  constructor(
    private readonly lr0: number,
    private readonly steps: number,
    private readonly oneMinusAlpha: number,
    private readonly alpha: number,
    /** NaN when warmup_target is None. */
    private readonly target: number,
    private readonly warmup: number,
  ) {}
  at(step: number): number {
    const s = stepF32(step);
    const warm = this.target === this.target;
    const t = Math.min(s, this.end());
    // Under ops.cond (see cosineValueFusedF32): delta * fraction + initial_learning_rate is one fma.
    if (warm && t < this.warmup) return f32(f32(this.target - this.lr0) * f32(t / this.warmup) + this.lr0);
    return this.value(this.angle(t));
  }
  /** The step where the decay ends and the step is clamped: decay_steps (+ warmup_steps). */
  private end(): number {
    return this.target === this.target ? f32(this.steps + this.warmup) : this.steps;
  }
  /** The cosine's argument at the clamped step `t` (past the warmup, if any). */
  private angle(t: number): number {
    const decayStep = this.target === this.target ? f32(t - this.warmup) : t;
    return cosineAngleF32(f32(decayStep / this.steps));
  }
  private value(angle: number): number {
    if (this.target === this.target) return cosineValueFusedF32(angle, this.oneMinusAlpha, this.alpha, this.target);
    return cosineValueF32(angle, 0.5, this.oneMinusAlpha, this.alpha, this.lr0);
  }
  /**
   * The warmup; the cosine in two passes (arguments, then cosines); from decay_steps (+
   * warmup_steps) on the step is clamped: one value.
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const warm = this.target === this.target;
    const w = warm ? this.warmup : 0;
    // Exact steps: the warmup is the steps below warmup_steps, the clamp starts at ceil(end).
    const start = Math.max(from, Math.min(to, from + Math.ceil(w) - count));
    const stop = Math.max(start, Math.min(to, from + Math.ceil(this.end()) - count));
    for (let i = from; i < start; i++) out[i] = this.at(count + (i - from));
    const steps = this.steps;
    const off = count - from - w; // off + i = step - warmup_steps: an exact integer
    for (let i = start; i < stop; i++) out[i] = cosineAngleF32(f32((off + i) / steps));
    const lr = warm ? this.target : this.lr0;
    const oneMinusAlpha = this.oneMinusAlpha;
    const alpha = this.alpha;
    if (warm) for (let i = start; i < stop; i++) out[i] = cosineValueFusedF32(out[i], oneMinusAlpha, alpha, lr);
    else for (let i = start; i < stop; i++) out[i] = cosineValueF32(out[i], 0.5, oneMinusAlpha, alpha, lr);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
  /** The warmup's end (the linear ramp turns into the cosine) and the decay's end (then held). */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    return pointsIn(this.target === this.target ? [this.warmup, this.end()] : [this.end()], from, to, limit);
  }
}

/** CosineDecayRestarts (SGDR): cosine cycles of growing length (t_mul) and shrinking peak (m_mul). */
export class CosineDecayRestartsSchedule implements ClosedForm {
  readonly exact = true;
  private readonly oneMinusT: number;
  private readonly logT: number;
  private readonly oneMinusAlpha: number;
  /** Quantities that only depend on the restart index, for index `cachedI`. */
  private cachedI = NaN;
  private tPowI = 1;
  private sumR = 0;
  private halfM = 0.5;
  /**
   * From `sameIndexFrom` (a step where the index was found to be `cachedI`: it never decreases) to
   * below `sameIndexBelow` the restart index is certainly still `cachedI`: no log needed.
   */
  private sameIndexFrom = Infinity;
  private sameIndexBelow = -Infinity;
  constructor(
    private readonly lr0: number,
    private readonly first: number,
    private readonly tMul: number,
    private readonly mMul: number,
    private readonly alpha: number,
  ) {
    this.oneMinusT = f32(1 - tMul);
    this.logT = logF32(tMul);
    this.oneMinusAlpha = f32(1 - alpha);
  }
  private restart(i: number): void {
    this.cachedI = i;
    this.tPowI = powF32(this.tMul, i);
    this.sumR = this.cycleStart(this.tPowI);
    this.halfM = f32(0.5 * powF32(this.mMul, i));
    this.sameIndexBelow = this.tMul === 1 ? -Infinity : this.indexBound(i);
  }
  /** `sum_r`, the start of the cycle of length `t_mul ** i` in units of first_decay_steps (t_mul != 1). */
  private cycleStart(tPowI: number): number {
    return f32(f32(1 - tPowI) / this.oneMinusT);
  }
  /**
   * The float32 index is floor(r) of a float32 approximation of the real ratio
   * r(t) = log(1 + (t/T0)(t_mul - 1)) / log(t_mul), nondecreasing in t, with an error far below
   * eps. Where the real r < i + 1 - eps, the float32 index cannot have reached i + 1 yet; that
   * holds for t < T0·(t_mul^(i+1-eps) - 1)/(t_mul - 1). Near each restart the log is computed.
   */
  private indexBound(i: number): number {
    const t = this.tMul;
    if (!(t > 0) || !Number.isFinite(i) || !Number.isFinite(t)) return -Infinity;
    const eps = 0.01 + 1e-5 / Math.abs(Math.log(t));
    if (eps >= 0.5) return -Infinity;
    const bound = (this.first * (Math.pow(t, i + 1 - eps) - 1)) / (t - 1);
    return bound > 0 ? bound : -Infinity;
  }
  /**
   * The restart index (t_mul != 1) from `completed` = step / first_decay_steps, a float32 log
   * ratio: at an exact restart step the floor can land one cycle low when the rounded logs do not
   * divide exactly (backend-dependent).
   */
  private logIndex(completed: number): number {
    return Math.floor(f32(f32(Math.log(f32(1 - f32(completed * this.oneMinusT)))) / this.logT));
  }
  at(step: number): number {
    let completed = f32(stepF32(step) / this.first);
    if (this.tMul === 1) {
      const i = Math.floor(completed);
      completed = f32(completed - i);
      if (i !== this.cachedI) this.restart(i);
    } else {
      if (!(step < this.sameIndexBelow && step >= this.sameIndexFrom)) {
        const i = this.logIndex(completed);
        if (i !== this.cachedI) {
          this.restart(i);
          this.sameIndexFrom = step;
        } else if (step < this.sameIndexFrom) {
          this.sameIndexFrom = step;
        }
      }
      completed = f32(f32(completed - this.sumR) / this.tPowI);
    }
    return cosineValueF32(cosineAngleF32(completed), this.halfM, this.oneMinusAlpha, this.alpha, this.lr0);
  }
  /**
   * With t_mul != 1, the steps below `sameIndexBelow` certainly keep the restart index `at` found
   * last: they run as a loop over the cycle's constants (no log, no cursor).
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    const exact = exactCounts(count, to - from);
    for (let i = from; i < to; ) {
      out[i] = this.at(count + (i - from));
      i++;
      if (this.tMul === 1 || !exact) continue;
      const end = Math.min(to, i + Math.max(0, Math.ceil(this.sameIndexBelow - (count + (i - from)))));
      const first = this.first;
      const sumR = this.sumR;
      const tPowI = this.tPowI;
      const halfM = this.halfM;
      const oneMinusAlpha = this.oneMinusAlpha;
      const alpha = this.alpha;
      const lr0 = this.lr0;
      for (let j = i; j < end; j++) {
        out[j] = cosineAngleF32(f32(f32(f32((count - from + j) / first) - sumR) / tPowI));
      }
      for (; i < end; i++) out[i] = cosineValueF32(out[i], halfM, oneMinusAlpha, alpha, lr0);
    }
  }
  /** The restart index at `step`, as `at` finds it. */
  private restartIndex(step: number): number {
    const completed = f32(stepF32(step) / this.first);
    return this.tMul === 1 ? Math.floor(completed) : this.logIndex(completed);
  }
  /**
   * The restarts: the steps where the float32 restart index moves on, searched near the real
   * restart of the next cycle (the float32 index can reach it a step late); past the finite length
   * of a t_mul < 1 schedule the index is NaN (and so the rate). Inside a cycle the cosine turns
   * where its angle crosses 0 or π (see {@link turnsInCycle}).
   */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const out: number[] = [];
    let start = from;
    let i = this.restartIndex(from);
    while (i === i) {
      const cycle = i;
      const next = cycle + 1;
      const realStart = this.tMul === 1 ? next * this.first : (this.first * (Math.pow(this.tMul, next) - 1)) / (this.tMul - 1);
      const end = firstChangeIn((s) => !(this.restartIndex(s) <= cycle), realStart, start, to);
      const points = this.tMul === 1 ? [] : this.turnsInCycle(cycle, start, end);
      if (end < to) points.push(end);
      if (out.length + points.length > limit) return null;
      out.push(...points);
      if (end >= to) break;
      start = end;
      i = this.restartIndex(end);
    }
    return out;
  }
  /**
   * With t_mul != 1 the float32 index and the float32 cycle start `sum_r` are rounded apart, so
   * that a cycle's angle can start a little below 0 or end a little past π, where the cosine turns:
   * the steps in (lo, hi) of cycle i where the angle reaches 0 and passes π.
   */
  private turnsInCycle(i: number, lo: number, hi: number): number[] {
    const tPowI = powF32(this.tMul, i);
    const sumR = this.cycleStart(tPowI);
    const angle = (s: number): number => cosineAngleF32(f32(f32(f32(stepF32(s) / this.first) - sumR) / tPowI));
    const out: number[] = [];
    const rising = (s: number): boolean => angle(s) >= 0;
    if (!rising(lo)) out.push(firstChangeIn(rising, lo + 1, lo, hi));
    const pastPi = (s: number): boolean => angle(s) > Math.PI;
    if (!pastPi(lo)) out.push(firstChangeIn(pastPi, hi - 1, lo, hi));
    return out.filter((t) => t < hi);
  }
}
