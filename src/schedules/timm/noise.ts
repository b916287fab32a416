/** timm's noise: `_is_apply_noise` / `_calculate_noise` with torch's MT19937 seeded `noise_seed + t`. */
import { TimmNoise } from '../numerics/mt19937';
import { num } from './params';

/** A noise source for one scheduler; stateless (the draw at t depends on t alone). */
export class Noise {
  /** Noise applies for lo <= t < hi (a number n is [n, ∞)). */
  readonly lo: number;
  readonly hi: number;
  readonly seed: number;
  readonly gen: TimmNoise | null;
  constructor(p: Record<string, unknown>) {
    const range = p.noise_range_t as number | number[] | null;
    this.seed = p.noise_seed === null ? 42 : num(p.noise_seed);
    if (range === null) {
      this.lo = Infinity;
      this.hi = -Infinity;
      this.gen = null;
      return;
    }
    this.lo = typeof range === 'number' ? range : range[0];
    this.hi = typeof range === 'number' ? Infinity : range[1];
    this.gen = new TimmNoise(num(p.noise_pct), (p.noise_type ?? 'normal') === 'normal');
  }
  /** `_add_noise(v, t)`: `v + v * noise` inside the range. */
  apply(v: number, t: number): number {
    if (this.gen !== null && this.lo <= t && t < this.hi) return v + v * this.gen.noise(this.seed + t);
    return v;
  }
  /** {@link apply} to `out[from..to)`, the values at t = t0, t0 + 1, .... */
  applyAll(out: Float64Array, from: number, to: number, t0: number): void {
    const gen = this.gen;
    if (gen === null) return;
    const start = Math.max(from, Math.ceil(this.lo - t0 + from));
    const end = Math.min(to, Math.ceil(this.hi - t0 + from));
    for (let i = start; i < end; i++) out[i] = out[i] + out[i] * gen.noise(this.seed + t0 + (i - from));
  }
  /** Whether a step of [from, to) is noisy. */
  touches(from: number, to: number): boolean {
    return this.gen !== null && Math.max(from, Math.ceil(this.lo)) < Math.min(to, Math.ceil(this.hi));
  }
}
