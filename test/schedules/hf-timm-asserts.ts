/** Assertions shared by the hf and timm tests. */
import { expect } from 'vitest';
import { resolveSpec, ScheduleParamError, type ScheduleSpec } from '../../src/schedules';

/** |got − want| within `rel` of the larger magnitude (values from different libms differ by an ulp or so). */
export function expectClose(got: number, want: number, rel: number, what: string): void {
  const tol = rel * Math.max(Math.abs(got), Math.abs(want));
  expect(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want}`).toBe(true);
}

/** The ScheduleParamError `spec` is rejected with (fails when it validates). */
export function paramErrorOf(spec: ScheduleSpec): ScheduleParamError {
  try {
    resolveSpec(spec);
  } catch (e) {
    if (e instanceof ScheduleParamError) return e;
    throw e;
  }
  throw new Error(`expected ${spec.scheduler} ${JSON.stringify(spec.params)} to be rejected`);
}
