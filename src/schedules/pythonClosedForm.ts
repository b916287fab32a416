/**
 * Pieces of the closed forms computed in Python floats (Hugging Face, timm): the form of a schedule
 * whose construction raises, and the exact
 * steps at which an index computed in floats (a cycle, a floor division) changes, for breakpoints.
 */
import { PythonRuntimeError } from './errors';
import type { ClosedForm } from './types';

/** Every step raises the error the construction raised. */
class RaisingForm implements ClosedForm {
  readonly exact = true;
  constructor(private readonly error: PythonRuntimeError) {}
  at(): number {
    throw this.error;
  }
  fill(): void {
    throw this.error;
  }
  breakpoints(): number[] {
    return [];
  }
}

/**
 * `build()`, or where Python raises while constructing the schedule (timm TanhLRScheduler's warmup
 * target past the last cycle), a form that raises that error at every step, as evaluating the
 * schedule does at step 0.
 */
export function formOrRaise(build: () => ClosedForm): ClosedForm {
  try {
    return build();
  } catch (e) {
    if (e instanceof PythonRuntimeError) return new RaisingForm(e);
    throw e;
  }
}

/**
 * The first integer step `t >= lo` at which `reached(t)` holds, for a predicate that turns from false
 * to true once (a float-computed index that has reached k), found from an estimate in real arithmetic:
 * the float computation may put the change a step either side of the estimate, so the predicate
 * itself decides. `reached(lo - 1)` must be false.
 */
function firstStepReaching(estimate: number, lo: number, reached: (t: number) => boolean): number {
  let t = Math.max(lo, Math.ceil(estimate));
  while (t > lo && reached(t - 1)) t--;
  while (!reached(t)) t++;
  return t;
}

/**
 * The steps in the open range (from, to) at which `index(t)`, a non-decreasing integer computed as
 * the framework computes it (a cycle index, `t // d`), takes a new value, up to the value `last`.
 * `startOf(k)` estimates, in real arithmetic, the first step of value k. An index of Infinity (the
 * framework raises from there on) is the last change. `null` if there are more than `limit`.
 */
export function indexChanges(
  index: (t: number) => number,
  startOf: (k: number) => number,
  last: number,
  from: number,
  to: number,
  limit: number,
): number[] | null {
  const out: number[] = [];
  let k = index(from) + 1;
  let lo = from + 1;
  while (k <= last && k < Infinity) {
    const estimate = startOf(k);
    if (!(estimate < to + 1)) break;
    const target = k;
    const p = firstStepReaching(estimate, lo, (t) => index(t) >= target);
    if (p >= to) break;
    if (out.length >= limit) return null;
    out.push(p);
    k = index(p) + 1;
    lo = p + 1;
  }
  return out;
}
