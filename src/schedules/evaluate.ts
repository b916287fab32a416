/** Evaluation: build a stepper from a spec and run the framework's canonical loop. */
import { PythonRuntimeError, ScheduleError, ScheduleParamError, ScheduleStepError } from './errors';
import { getDefinition } from './registry';
import type { ClosedForm, CreateContext, EvaluateOptions, ScheduleSpec, Stepper } from './types';
import { MAX_STEPS } from './types';
import { resolveSpec, type ResolvedSpec } from './validate';

function contextAt(path: string): CreateContext {
  return { path, createChild: createResolved, closedFormOfChild: closedFormResolved };
}

function definitionOf(spec: ResolvedSpec) {
  const def = getDefinition(spec.scheduler);
  if (!def) throw new ScheduleError(`unknown scheduler ${spec.scheduler}`);
  return def;
}

function createResolved(spec: ResolvedSpec, path: string): Stepper {
  return definitionOf(spec).create(spec.params, contextAt(path));
}

function closedFormResolved(spec: ResolvedSpec, path: string): ClosedForm | null {
  const def = definitionOf(spec);
  return def.closedForm?.(spec.params, contextAt(path)) ?? null;
}

/**
 * Validates `spec` and returns its closed form (value at any step, batch fill, breakpoints), or
 * `null` where the scheduler has none (metric-driven ones, recursive ones over a user lambda).
 */
export function closedFormOf(spec: ScheduleSpec): ClosedForm | null {
  return closedFormResolved(resolveSpec(spec), '');
}

/**
 * Validates `spec` and returns a stepper positioned before the first optimizer update:
 * `lr()` is the rate for update 0; `step(metric)` advances once. Used by the training worker so
 * that preview and training share one function.
 */
export function createStepper(spec: ScheduleSpec): Stepper {
  const resolved = resolveSpec(spec);
  try {
    return createResolved(resolved, '');
  } catch (e) {
    throw asStepError(e, 0, new Float64Array(0));
  }
}

function asStepError(e: unknown, step: number, partial: Float64Array): unknown {
  if (e instanceof ScheduleStepError) {
    e.partial = partial;
    return e;
  }
  if (e instanceof PythonRuntimeError) return new ScheduleStepError(step, e.message, partial);
  if (e instanceof ScheduleParamError) return e;
  return e;
}

/**
 * `result[i]` is the learning rate in force for the i-th optimizer update when the scheduler is
 * stepped once per update in its framework's canonical loop (PyTorch: `param_groups[0]['lr']` read
 * before the i-th `scheduler.step()`). Metric-driven schedulers get `opts.metrics[i]` after update i.
 *
 * Throws {@link ScheduleParamError} for invalid params, {@link ScheduleStepError} (with the values
 * computed so far in `partial`) where the framework would raise or a value is not finite.
 * Never mutates `spec`. `steps` is capped at {@link MAX_STEPS}.
 */
export function evaluate(spec: ScheduleSpec, steps: number, opts: EvaluateOptions = {}): Float64Array {
  return runToEnd(evaluateInSlices(spec, steps, opts, steps));
}

/** Runs a sliced computation to its end, without giving the thread back. */
export function runToEnd<T>(slices: Generator<number, T, void>): T {
  for (;;) {
    const r = slices.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link evaluate} in slices of `slice` steps: the generator yields the number of steps computed
 * after each slice but the last, and returns the values. A caller (the curve worker) can give its
 * thread back between slices and drop a computation that a newer request made useless. Values and
 * errors are those of `evaluate`, bit for bit, whatever the slice size.
 */
export function* evaluateInSlices(
  spec: ScheduleSpec,
  steps: number,
  opts: EvaluateOptions,
  slice: number,
): Generator<number, Float64Array, void> {
  if (!Number.isInteger(steps) || steps < 0) throw new ScheduleParamError('steps', 'must be a non-negative integer');
  if (steps > MAX_STEPS) throw new ScheduleParamError('steps', `must be at most ${MAX_STEPS.toLocaleString('en-US')}`);
  const def = getDefinition(spec?.scheduler);
  const metrics = opts.metrics;
  if (def?.metricDriven && (!metrics || metrics.length < steps)) {
    throw new ScheduleParamError('metrics', `${def.id} needs a metric after every step (${steps} values)`);
  }
  const stepper = createStepper(spec);
  const out = new Float64Array(steps);
  const size = Math.max(1, Math.floor(slice));
  let i = 0;
  while (i < steps) {
    i = fillSlice(stepper, out, i, Math.min(steps, i + size), metrics);
    if (i < steps) yield i;
  }
  const j = firstNonFinite(out);
  if (j >= 0) throw new ScheduleStepError(j, `the learning rate is not a finite number (${out[j]})`, out.slice(0, j));
  return out;
}

/**
 * Steps `from .. end-1` of the canonical loop into `out`; returns `end`. Outside the generator, so
 * that the per-step loop is an ordinary optimized function.
 */
function fillSlice(stepper: Stepper, out: Float64Array, from: number, end: number, metrics: ArrayLike<number> | undefined): number {
  let i = from;
  // Look the methods up once: across many stepper classes, `stepper.lr()` inside the loop would be a
  // megamorphic property load per step (measured at 2-4x the cost of the schedules themselves).
  const lr = stepper.lr;
  const step = stepper.step;
  try {
    // The batch form runs each scheduler's loop inside its own class (one receiver type per call
    // site); where it stops early, the canonical loop below resumes (and raises at that step).
    if (stepper.fill) i = stepper.fill(out, i, end, metrics);
    if (metrics) {
      for (; i < end; i++) {
        out[i] = lr.call(stepper);
        step.call(stepper, metrics[i]);
      }
    } else {
      for (; i < end; i++) {
        out[i] = lr.call(stepper);
        step.call(stepper);
      }
    }
  } catch (e) {
    throw asStepError(e, i, out.slice(0, i));
  }
  return i;
}

/**
 * Index of the first NaN or infinity in `a`, or -1. Four values per test (`x * 0` is ±0 for a
 * finite x, NaN otherwise): about twice as fast as testing each value, which matters next to the
 * cheapest schedules.
 */
function firstNonFinite(a: Float64Array): number {
  const n = a.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if (a[i] * 0 + a[i + 1] * 0 + a[i + 2] * 0 + a[i + 3] * 0 !== 0) break;
  }
  for (; i < n; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}
