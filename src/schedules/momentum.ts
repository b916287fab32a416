/**
 * The momentum curve some schedulers set alongside the lr (torch's CyclicLR and OneCycleLR with cycle_momentum):
 * computed from the definition's `momentum`, on the step index of {@link evaluate}.
 */
import { PythonRuntimeError, ScheduleParamError } from './errors';
import { getDefinition } from './registry';
import { MAX_STEPS, type MomentumAt, type ScheduleSpec } from './types';
import { resolveSpec } from './validate';

/** The validated spec's momentum function, or `null` where its scheduler does not cycle the momentum. */
export function momentumOf(spec: ScheduleSpec): MomentumAt | null {
  const resolved = resolveSpec(spec);
  return getDefinition(resolved.scheduler)?.momentum?.(resolved.params) ?? null;
}

/** Whether the spec's scheduler sets the optimizer's momentum (cycle_momentum on); false for an invalid spec. */
export function cyclesMomentum(spec: ScheduleSpec): boolean {
  try {
    return momentumOf(spec) !== null;
  } catch {
    return false;
  }
}

/**
 * `result[i]` is the optimizer momentum (SGD's `momentum`, Adam's `betas[0]`) in force for the i-th update, as
 * `param_groups[0]['momentum']` reads before the i-th `scheduler.step()`; `null` where the scheduler leaves the
 * momentum alone. Shorter than `steps` where the framework raises at a step (OneCycleLR past total_steps), as the lr
 * is. Throws {@link ScheduleParamError} for invalid params.
 */
export function evaluateMomentum(spec: ScheduleSpec, steps: number): Float64Array | null {
  if (!Number.isInteger(steps) || steps < 0) throw new ScheduleParamError('steps', 'must be a non-negative integer');
  if (steps > MAX_STEPS) throw new ScheduleParamError('steps', `must be at most ${MAX_STEPS.toLocaleString('en-US')}`);
  const at = momentumOf(spec);
  if (!at) return null;
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    try {
      out[t] = at(t);
    } catch (e) {
      if (e instanceof PythonRuntimeError) return out.slice(0, t);
      throw e;
    }
  }
  return out;
}
