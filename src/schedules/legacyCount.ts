/** Transitional: the Keras/Optax count schedules until they become closed forms in their folders. */
import type { CreateContext, SchedulerDefinition, Stepper } from './types';

/** A schedule as Keras and Optax define it: a pure function of the integer count. */
export interface CountSchedule {
  at(count: number): number;
  /**
   * `out[from + j] = at(count + j)` for `from + j < to`. Every class has its own copy of this loop,
   * so that `this.at` in it sees one receiver type (V8 inlines it) however many schedule classes
   * the process has used; a shared loop would make that call megamorphic (measured 2-5x slower).
   */
  fill(out: Float64Array, from: number, to: number, count: number): void;
}

/**
 * The stepper of a {@link CountSchedule}: the count is Keras' `optimizer.iterations` or Optax's
 * `count`, 0 for the first update and +1 per update. One class for every Keras/Optax schedule,
 * so its fields stay monomorphic; the schedule objects hold only constants and caches.
 */
export class CountStepper implements Stepper {
  c = 0;
  constructor(readonly schedule: CountSchedule) {}
  lr(): number {
    return this.schedule.at(this.c);
  }
  step(): void {
    this.c++;
  }
  /** Count schedules never raise: the whole range is filled by the schedule's own loop. */
  fill(out: Float64Array, from: number, to: number): number {
    this.schedule.fill(out, from, to, this.c);
    this.c += to - from;
    return to;
  }
}

/**
 * A schedule that is constant between change points: `values[k]` holds for
 * `starts[k] <= count < starts[k + 1]` (`starts[0]` is 0). Built once by evaluating the
 * framework's literal formula at each change point, then walked with a cursor: O(1) per step.
 */
export class StepFunction implements CountSchedule {
  private k = 0;
  constructor(
    private readonly starts: Float64Array,
    private readonly values: Float64Array,
  ) {}
  at(count: number): number {
    const s = this.starts;
    while (this.k + 1 < s.length && count >= s[this.k + 1]) this.k++;
    while (this.k > 0 && count < s[this.k]) this.k--;
    return this.values[this.k];
  }
  /** One `Float64Array.fill` per constant piece. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    const s = this.starts;
    for (let i = from; i < to; ) {
      const c = count + (i - from);
      const v = this.at(c);
      const end = this.k + 1 < s.length ? Math.min(to, i + Math.ceil(s[this.k + 1] - c)) : to;
      out.fill(v, i, end);
      i = end;
    }
  }
}

/**
 * Builds a {@link StepFunction} for counts >= 0 from the points where the value may change and
 * the literal formula `valueAt(count)`.
 */
export function stepFunction(changePoints: readonly number[], valueAt: (count: number) => number): StepFunction {
  const pts = [0, ...new Set(changePoints.filter((p) => p > 0))].sort((a, b) => a - b);
  return new StepFunction(Float64Array.from(pts), Float64Array.from(pts, valueAt));
}

/** A Keras/Optax definition given by the schedule it builds; `create` wraps it in a CountStepper. */
export type CountDefinition = Omit<SchedulerDefinition, 'create'> & {
  schedule(params: Record<string, unknown>, ctx: CreateContext): CountSchedule;
};

export function countDefinitions(defs: readonly CountDefinition[]): SchedulerDefinition[] {
  return defs.map(({ schedule, ...d }) => ({ ...d, create: (params, ctx) => new CountStepper(schedule(params, ctx)) }));
}
