/**
 * From a schedule entry and the global settings to the full-resolution curve the chart draws:
 * evaluate per optimizer update, or per epoch held across the epoch's iterations.
 */
import { evaluate, ScheduleError, ScheduleStepError, type ScheduleSpec } from '../schedules';
import type { StudioSettings } from './studio';

export interface Curve {
  /** lr per optimizer update, full resolution (length = totalSteps, or shorter if the framework raised). */
  values: Float64Array;
  /** Message when the spec is invalid or the framework raises at some step. */
  error: string | null;
  /** Step at which the framework raised, if it did. */
  errorStep: number | null;
}

/** Expands per-epoch values to per-iteration values (each epoch's value held for its iterations). */
export function expandEpochs(perEpoch: Float64Array, stepsPerEpoch: number, totalSteps: number): Float64Array {
  const out = new Float64Array(Math.min(totalSteps, perEpoch.length * stepsPerEpoch));
  for (let i = 0; i < out.length; i++) out[i] = perEpoch[Math.floor(i / stepsPerEpoch)];
  return out;
}

/**
 * Synthetic validation loss fed to metric-driven schedulers in the preview: falls, then plateaus,
 * so the reductions are visible. The training lab feeds real losses instead.
 */
export function previewMetrics(n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = 0.2 + 2 * Math.exp(-i / Math.max(1, n / 20));
  return m;
}

export function computeCurve(spec: ScheduleSpec, settings: StudioSettings, metricDriven = false): Curve {
  const { totalSteps, stepsPerEpoch, stepping } = settings;
  const n = stepping === 'epoch' ? Math.ceil(totalSteps / stepsPerEpoch) : totalSteps;
  try {
    const values = evaluate(spec, n, metricDriven ? { metrics: previewMetrics(n) } : {});
    return {
      values: stepping === 'epoch' ? expandEpochs(values, stepsPerEpoch, totalSteps) : values,
      error: null,
      errorStep: null,
    };
  } catch (e) {
    if (e instanceof ScheduleStepError) {
      const step = stepping === 'epoch' ? e.step * stepsPerEpoch : e.step;
      const values = stepping === 'epoch' ? expandEpochs(e.partial, stepsPerEpoch, totalSteps) : e.partial;
      return { values, error: e.message, errorStep: step };
    }
    if (e instanceof ScheduleError) return { values: new Float64Array(0), error: e.message, errorStep: null };
    throw e;
  }
}
