/** Evaluation: build a stepper from a spec and run the framework's canonical loop. */
import { PythonRuntimeError, ScheduleError, ScheduleParamError, ScheduleStepError } from './errors';
import { getDefinition } from './registry';
import type { ClosedForm, CreateContext, EvaluateOptions, ScheduleSpec, Stepper } from './types';
import { MAX_STEPS } from './types';
import { readParam, resolveSpec, type ResolvedSpec } from './validate';

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
 *
 * The stepper is the framework's loop itself, unchecked: where the framework raises, `lr()` or
 * `step()` throws {@link PythonRuntimeError}, and `lr()` returns a NaN or an infinity where the
 * framework computes one. A caller reading `lr()` per step checks it (as the training loop does);
 * {@link evaluate} turns both into a {@link ScheduleStepError} at that step.
 */
export function createStepper(spec: ScheduleSpec): Stepper {
  return createAt0(resolveSpec(spec));
}

function createAt0(resolved: ResolvedSpec): Stepper {
  try {
    return createResolved(resolved, '');
  } catch (e) {
    throw asStepError(e, 0, new Float64Array(0));
  }
}

/** A {@link ScheduleStepError} at `step` for what a stepper threw (other errors unchanged). */
function asStepError(e: unknown, step: number, partial: Float64Array): unknown {
  if (e instanceof ScheduleStepError) return new ScheduleStepError(step, e.reason, partial);
  if (e instanceof PythonRuntimeError) return new ScheduleStepError(step, e.message, partial);
  return e;
}

function nonFinite(out: Float64Array, step: number): ScheduleStepError {
  return new ScheduleStepError(step, `the learning rate is not a finite number (${out[step]})`, out.slice(0, step));
}

/**
 * `result[i]` is the learning rate in force for the i-th optimizer update when the scheduler is
 * stepped once per update in its framework's canonical loop (PyTorch: `param_groups[0]['lr']` read
 * before the i-th `scheduler.step()`). Metric-driven schedulers get `opts.metrics[i]` after update i.
 *
 * Throws {@link ScheduleParamError} for invalid params, {@link ScheduleStepError} (with the values
 * computed so far in `partial`) at the first step where the framework would raise or a value is
 * not finite. Never mutates `spec`. `steps` is capped at {@link MAX_STEPS}.
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
 * errors are those of `evaluate`, bit for bit, whatever the slice size: each slice is checked for
 * non-finite values as it is computed, so the error is the first problem in step order.
 */
export function* evaluateInSlices(
  spec: ScheduleSpec,
  steps: number,
  opts: EvaluateOptions,
  slice: number,
): Generator<number, Float64Array, void> {
  if (!Number.isInteger(steps) || steps < 0) throw new ScheduleParamError('steps', 'must be a non-negative integer');
  if (steps > MAX_STEPS) throw new ScheduleParamError('steps', `must be at most ${MAX_STEPS.toLocaleString('en-US')}`);
  if (typeof slice !== 'number' || Number.isNaN(slice)) throw new ScheduleParamError('slice', 'must be a number');
  const def = getDefinition(readField(spec, 'scheduler', 'scheduler') as string);
  const metrics = metricsOf(opts, steps, def?.metricDriven === true ? def.id : null);
  const run = new Run(resolveSpec(spec), metrics);
  const out = new Float64Array(steps);
  const size = Math.max(1, Math.floor(slice));
  let i = 0;
  while (i < steps) {
    i = run.slice(out, i, Math.min(steps, i + size));
    if (i < steps) yield i;
  }
  return out;
}

/**
 * The values of {@link evaluate} in chunks of `chunk` steps, one reused buffer (each chunk is valid
 * until the next is asked for): for a caller that reduces the values (the chart's columns) and must
 * not hold `steps` of them. Errors are those of `evaluate`, except that a {@link ScheduleStepError}'s
 * `partial` holds only the failing chunk's values before its step.
 */
export function* valuesInChunks(spec: ScheduleSpec, steps: number, opts: EvaluateOptions, chunk: number): Generator<Float64Array, void, void> {
  if (!Number.isInteger(steps) || steps < 0) throw new ScheduleParamError('steps', 'must be a non-negative integer');
  if (steps > MAX_STEPS) throw new ScheduleParamError('steps', `must be at most ${MAX_STEPS.toLocaleString('en-US')}`);
  const def = getDefinition(readField(spec, 'scheduler', 'scheduler') as string);
  const metrics = metricsOf(opts, steps, def?.metricDriven === true ? def.id : null);
  const resolved = resolveSpec(spec);
  let stepper = createAt0(resolved);
  let useFill = true;
  const size = Math.max(1, Math.floor(chunk));
  const buf = new Float64Array(Math.min(size, steps));
  /** Steps [from, from + n) into `buf`; a step error with its step counted from 0. */
  const run = (from: number, n: number): void => {
    try {
      fillSlice(stepper, buf, 0, n, metrics && chunkOf(metrics, from, from + n), useFill);
    } catch (e) {
      if (e instanceof ScheduleStepError) throw new ScheduleStepError(from + e.step, e.reason, e.partial);
      throw e;
    }
  };
  for (let from = 0; from < steps; from += size) {
    const n = Math.min(size, steps - from);
    try {
      run(from, n);
    } catch (e) {
      if (!(e instanceof FillThrew)) throw e;
      // As in Run: a fresh stepper replays the canonical loop (the chunks before are discarded).
      stepper = createAt0(resolved);
      useFill = false;
      for (let s = 0; s < from; s += size) run(s, Math.min(size, from - s));
      run(from, n);
    }
    yield n === buf.length ? buf : buf.subarray(0, n);
  }
}

/** `metrics[from..to)`, indexed from 0. */
function chunkOf(metrics: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  if (ArrayBuffer.isView(metrics)) return (metrics as unknown as Float64Array).subarray(from, to);
  return Array.prototype.slice.call(metrics, from, to) as number[];
}

/** `obj[key]` through {@link readParam} (a getter or a Proxy may throw); `undefined` for a primitive. */
function readField(obj: unknown, key: string, param: string): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  return readParam(param, '', () => (obj as Record<string, unknown>)[key]);
}

/**
 * `opts.metrics`, checked: metric-driven schedulers (`needs`: their id) need one per step. An array
 * other than a typed one is copied first, so that what the steppers read cannot throw (getters,
 * Proxies) or change; its items are kept as they are (a missing one raises at its step, as in
 * Python).
 */
function metricsOf(opts: EvaluateOptions | null | undefined, steps: number, needs: string | null): ArrayLike<number> | undefined {
  const m = readField(opts, 'metrics', 'metrics');
  if (m === undefined || m === null) {
    if (needs) throw new ScheduleParamError('metrics', `${needs} needs a metric after every step (${steps} values)`);
    return undefined;
  }
  const length = readField(m, 'length', 'metrics');
  if (typeof m !== 'object' || typeof length !== 'number') throw new ScheduleParamError('metrics', 'must be a list of numbers');
  if (needs && !(length >= steps)) throw new ScheduleParamError('metrics', `${needs} needs a metric after every step (${steps} values)`);
  if (ArrayBuffer.isView(m) && !(m instanceof DataView)) return m as unknown as ArrayLike<number>;
  const items = m as ArrayLike<unknown>;
  return readParam('metrics', '', () => Array.from({ length: Math.min(length, steps) }, (_, i) => items[i])) as ArrayLike<number>;
}

/** Thrown out of {@link fillSlice} when a stepper's `fill` throws instead of stopping at the step. */
class FillThrew {}

/**
 * The stepper of one evaluation. `fill` is trusted to stop at the step where the loop raises; where
 * one throws instead, the step is unknown, so a fresh stepper replays the canonical loop from step
 * 0 (deterministic: the same values) and finds it.
 */
class Run {
  private stepper: Stepper;
  private useFill = true;
  constructor(
    private readonly spec: ResolvedSpec,
    private readonly metrics: ArrayLike<number> | undefined,
  ) {
    this.stepper = createAt0(spec);
  }

  slice(out: Float64Array, from: number, end: number): number {
    try {
      return fillSlice(this.stepper, out, from, end, this.metrics, this.useFill);
    } catch (e) {
      if (!(e instanceof FillThrew)) throw e;
      this.stepper = createAt0(this.spec);
      this.useFill = false;
      return fillSlice(this.stepper, out, 0, end, this.metrics, false);
    }
  }
}

/**
 * Steps `from .. end-1` of the canonical loop into `out`; returns `end`, or throws the
 * {@link ScheduleStepError} of the first step in the range that raises or is not finite. Outside
 * the generator, so that the per-step loop is an ordinary optimized function.
 */
function fillSlice(
  stepper: Stepper,
  out: Float64Array,
  from: number,
  end: number,
  metrics: ArrayLike<number> | undefined,
  useFill: boolean,
): number {
  let i = from;
  let inFill = false;
  // Look the methods up once: across many stepper classes, `stepper.lr()` inside the loop would be a
  // megamorphic property load per step (measured at 2-4x the cost of the schedules themselves).
  const lr = stepper.lr;
  const step = stepper.step;
  try {
    // The batch form runs each scheduler's loop inside its own class (one receiver type per call
    // site); where it stops early, the canonical loop below resumes (and raises at that step).
    if (useFill && stepper.fill) {
      inFill = true;
      i = stepper.fill(out, i, end, metrics);
      inFill = false;
    }
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
    if (inFill && e instanceof ScheduleError) throw new FillThrew();
    const j = firstNonFinite(out, from, i);
    throw j >= 0 ? nonFinite(out, j) : asStepError(e, i, out.slice(0, i));
  }
  const j = firstNonFinite(out, from, i);
  if (j >= 0) throw nonFinite(out, j);
  return i;
}

/**
 * Index of the first NaN or infinity in `a[from..to)`, or -1. Four values per test (`x * 0` is ±0
 * for a finite x, NaN otherwise): about twice as fast as testing each value, which matters next to
 * the cheapest schedules.
 */
function firstNonFinite(a: Float64Array, from: number, to: number): number {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    if (a[i] * 0 + a[i + 1] * 0 + a[i + 2] * 0 + a[i + 3] * 0 !== 0) break;
  }
  for (; i < to; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}
