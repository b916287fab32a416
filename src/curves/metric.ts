/**
 * The metric a plateau scheduler watches in the studio's preview (ReduceLROnPlateau and kin): what
 * the user chose for that schedule, one value per scheduler step (the value reported after step i
 * is `values[i]`). Independent of the horizon: a longer chart shows more of the same metric, never
 * a stretched one. The training lab feeds the real validation loss instead.
 */
import { TorchGenerator } from '../schedules/numerics/mt19937';

/** Where a plateau schedule's metric comes from. */
export type MetricSource =
  /** The same value after every step (the PyTorch docs' table). */
  | { kind: 'constant'; value: number }
  /**
   * A falling loss: floor + (start - floor)·exp(-speed·i), plus Gaussian noise of sd `noise` drawn as
   * `torch.manual_seed(seed)` then one `torch.randn(1)` per step.
   */
  | { kind: 'synthetic'; start: number; floor: number; speed: number; noise: number; seed: number }
  /** Values pasted by the user; past their end the last one is held. */
  | { kind: 'values'; values: number[] };

export const METRIC_KINDS = ['synthetic', 'constant', 'values'] as const;

export const DEFAULT_SYNTHETIC: Extract<MetricSource, { kind: 'synthetic' }> = { kind: 'synthetic', start: 2.2, floor: 0.2, speed: 0.05, noise: 0, seed: 0 };

/** What a plateau schedule watches when it says nothing else. */
export const DEFAULT_METRIC: MetricSource = DEFAULT_SYNTHETIC;

/** Most values a pasted metric keeps (a link stays a link). */
export const MAX_METRIC_VALUES = 100_000;

/** The metric reported after each of the first `n` scheduler steps. */
export function metricValues(source: MetricSource, n: number): Float64Array {
  const m = new Float64Array(n);
  switch (source.kind) {
    case 'constant':
      m.fill(source.value);
      break;
    case 'values': {
      const v = source.values;
      for (let i = 0; i < n; i++) m[i] = v[Math.min(i, v.length - 1)];
      break;
    }
    case 'synthetic': {
      const { start, floor, speed, noise, seed } = source;
      const g = noise > 0 ? new TorchGenerator(seed) : null;
      for (let i = 0; i < n; i++) m[i] = floor + (start - floor) * Math.exp(-speed * i) + (g ? noise * g.randn() : 0);
      break;
    }
  }
  return m;
}

/** A short key of a metric source (the curve memo key): equal sources, equal keys. */
export function metricKey(source: MetricSource | undefined): string {
  return source ? JSON.stringify(source) : '';
}

/**
 * The scheduler steps after which the lr went down: `lrPerStep[i + 1] < lrPerStep[i]` means the
 * metric reported after step i made the scheduler reduce. Per scheduler step (not per update).
 */
export function reductionSteps(lrPerStep: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < lrPerStep.length; i++) if (lrPerStep[i] < lrPerStep[i - 1]) out.push(i - 1);
  return out;
}
