/**
 * The closed form every stateless timm scheduler shares: `_get_lr(t)` (warmup, then the scheduler's
 * curve) and `_add_noise`, t the counter the training loop passes (`step(epoch)` or
 * `step_update(num_updates)`).
 */
import { mergePoints, pointsIn } from '../closedForm';
import type { ClosedForm, Periodicity } from '../types';
import { Noise } from './noise';
import { num } from './params';

/** Every step of (from, to) as a breakpoint, or `null` if more than `limit`: the noise has no shape. */
function everyStep(from: number, to: number, limit: number): number[] | null {
  const n = to - from - 1;
  if (n > limit) return null;
  return Array.from({ length: Math.max(0, n) }, (_, j) => from + 1 + j);
}

/** `_get_lr(t)` then `_add_noise`; warmup `warmup_lr_init + t * s` for t < warmup_t. */
export abstract class TimmForm implements ClosedForm {
  readonly exact = true;
  protected readonly b: number;
  private readonly warmupT: number;
  private readonly warmupInit: number;
  private readonly prefix: boolean;
  /** `warmup_steps[0]`: (target − warmup_lr_init) / warmup_t. */
  private warmupStep = 1;
  private readonly noise: Noise;

  constructor(p: Record<string, unknown>) {
    this.b = num(p.lr);
    this.warmupT = num(p.warmup_t);
    this.warmupInit = num(p.warmup_lr_init);
    this.prefix = p.warmup_prefix as boolean;
    this.noise = new Noise(p);
  }

  /** Call at the end of the subclass constructor: warmup towards `target` (timm: the base lr). */
  protected initWarmup(target: number): void {
    if (this.warmupT) this.warmupStep = (target - this.warmupInit) / this.warmupT;
  }

  /** The schedule after warmup at its own time `t` (already shifted when warmup_prefix). */
  protected abstract curve(t: number): number;

  /**
   * `out[from + j] = curve(tc + j)`. Its per-step calls must see few receiver types (V8 inlines up to
   * four) however many classes the process has used: one copy per class, or per cycle family.
   */
  protected abstract curveFill(out: Float64Array, from: number, to: number, tc: number): void;

  /** The curve's breakpoints in (from, to), in its own time. */
  protected abstract curveBreakpoints(from: number, to: number, limit: number): number[] | null;

  /** Where the curve repeats exactly, in its own time (see ClosedForm.period); none by default. */
  protected curvePeriod(): Periodicity | null {
    return null;
  }

  /** The curve's period in step time: after the warmup, where no noise is added. */
  get period(): Periodicity | undefined {
    const p = this.curvePeriod();
    if (!p) return undefined;
    const shift = this.prefix ? this.warmupT : 0;
    const start = Math.max(Math.ceil(this.warmupT), p.start + shift);
    const end = p.end + shift;
    if (end - start <= p.length || this.noise.touches(start, end)) return undefined;
    return { start, length: p.length, end };
  }

  /** `_get_lr(t)` without noise. */
  protected getLr(t: number): number {
    if (t < this.warmupT) return this.warmupInit + t * this.warmupStep;
    return this.curve(this.prefix ? t - this.warmupT : t);
  }

  at(t: number): number {
    return this.noise.apply(this.getLr(t), t);
  }

  /**
   * The warmup, then the curve by the class's own loop, then the noise over both. Where Python raises
   * in the curve this raises too, and the stepper (ClosedFormStepper) finds the step.
   */
  fill(out: Float64Array, from: number, to: number, t0: number): void {
    const w = this.warmupT;
    const init = this.warmupInit;
    const slope = this.warmupStep;
    let i = from;
    for (; i < to && t0 + (i - from) < w; i++) out[i] = init + (t0 + (i - from)) * slope;
    if (i < to) {
      const t = t0 + (i - from);
      this.curveFill(out, i, to, this.prefix ? t - w : t);
    }
    this.noise.applyAll(out, from, to, t0);
  }

  /** The warmup end and the curve's own, shifted by the prefix; every step where noise is added. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    if (this.noise.touches(from, to)) return everyStep(from, to, limit);
    const w = this.warmupT;
    const shift = this.prefix ? w : 0;
    const start = Math.max(from, w);
    const curve = start < to ? this.curveBreakpoints(start - shift, to - shift, limit) : [];
    if (curve === null) return null;
    return mergePoints([pointsIn([w], from, to, limit), curve.map((p) => p + shift)], limit);
  }
}
