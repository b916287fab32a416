/** Definition-level notes on a configuration (traps of the real framework the curve does not show). */
import { getDefinition } from './registry';
import type { ScheduleSpec } from './types';
import { resolveSpec } from './validate';

/** The notes of the spec's definition over `steps` scheduler steps; none for an invalid spec. */
export function scheduleNotes(spec: ScheduleSpec, steps: number): string[] {
  let resolved;
  try {
    resolved = resolveSpec(spec);
  } catch {
    return [];
  }
  return getDefinition(resolved.scheduler)?.notes?.(resolved.params, steps) ?? [];
}
