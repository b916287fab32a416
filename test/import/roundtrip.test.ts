/**
 * Round trip over the registry: for every scheduler and random valid configurations, the code the
 * studio exports (codegen.ts) imports back as the same spec (defaults filled on both sides) and the
 * same stepping. A new scheduler is covered by construction.
 */
import { describe, expect, test } from 'vitest';
import { importSchedules } from '../../src/import';
import { resolveSpec, schedulers, STEPPINGS, type ScheduleSpec, type Stepping } from '../../src/schedules';
import { generateCode } from '../../src/schedules/codegen';
import { randomSpecs } from '../schedules/random-specs';

/** timm's counter is the stepping: the export writes t_in_epochs from it. */
function forStepping(spec: ScheduleSpec, stepping: Stepping): ScheduleSpec {
  const def = schedulers.find((d) => d.id === spec.scheduler)!;
  if (def.framework !== 'timm' || !def.params.some((p) => p.name === 't_in_epochs')) return spec;
  return { ...spec, params: { ...spec.params, t_in_epochs: stepping === 'epoch' } };
}

describe('importSchedules(generateCode(spec)) gives back the spec and its stepping', () => {
  for (const def of schedulers) {
    test(def.id, () => {
      const specs = randomSpecs(def.id, 6, 1234 + def.id.length);
      expect(specs.length).toBeGreaterThan(0);
      for (const [i, raw] of specs.entries()) {
        const stepping = STEPPINGS[i % 2];
        // Paddle's and Keras's metric-driven schedulers are exported as callbacks; they still step per epoch or update as written.
        const spec = forStepping(raw, stepping);
        const code = generateCode(spec, { totalSteps: 1000, stepsPerEpoch: 10, stepping });
        const result = importSchedules(code);
        expect(result.schedules, code).toHaveLength(1);
        const [got] = result.schedules;
        expect(resolveSpec(got.spec), code).toEqual(resolveSpec(spec));
        expect(got.stepping, code).toBe(stepping);
      }
    });
  }
});
