/**
 * Saveable stepper state: a stepper stepped k times, saved, and restored on a fresh stepper of the
 * same spec continues exactly as the uninterrupted one (bit for bit, metrics included), so a resumed
 * training run restores its schedule instead of replaying every step. The state survives JSON.
 */
import { describe, expect, test } from 'vitest';
import { createStepper, getDefinition, schedulers, type ScheduleSpec, type Stepper } from '../../src/schedules';
import { randomSpecs } from './random-specs';
import { sampleSpec } from './samples';

function metricAt(i: number): number {
  return 1 + Math.sin(i / 5) * 0.2 + 20 / (i + 2);
}

/** A spec whose scheduler (or a child's) takes a user lambda: replay is the allowed fallback there. */
function hasExpression(spec: ScheduleSpec): boolean {
  const def = getDefinition(spec.scheduler);
  if (!def) return false;
  return def.params.some((p) => {
    const v = spec.params[p.name];
    if (p.type.kind === 'expression') return true;
    if (p.type.kind === 'schedule' || p.type.kind === 'numberOrSchedule') return typeof v === 'object' && v !== null && hasExpression(v as ScheduleSpec);
    if (p.type.kind === 'scheduleList') return Array.isArray(v) && v.some((c) => hasExpression(c as ScheduleSpec));
    return false;
  });
}

function run(s: Stepper, from: number, to: number, metric: boolean): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    out.push(s.lr());
    s.step(metric ? metricAt(i) : undefined);
  }
  return out;
}

describe.each(schedulers.map((d) => d.id))('%s', (id) => {
  test('save and restore continue the schedule exactly', () => {
    const metric = getDefinition(id)!.metricDriven === true;
    let saved = 0;
    for (const spec of [sampleSpec(id), ...randomSpecs(id, 6, id.length * 31, 300)]) {
      const a = createStepper(spec);
      if (!a.save) {
        expect(hasExpression(spec), `${id}: no save() for ${JSON.stringify(spec)}`).toBe(true);
        continue;
      }
      const k = 1 + (saved * 37) % 150;
      try {
        run(a, 0, k, metric);
        const state = JSON.parse(JSON.stringify(a.save())) as number[];
        const b = createStepper(spec);
        expect(b.restore, id).toBeTypeOf('function');
        b.restore!(state);
        const rest = run(a, k, k + 150, metric);
        expect(run(b, k, k + 150, metric)).toEqual(rest);
        saved++;
      } catch (e) {
        // A schedule that raises (OneCycleLR past total_steps) raises for both; compare no further.
        if (!(e instanceof Error) || e.name === 'AssertionError') throw e;
      }
    }
    expect(saved, id).toBeGreaterThan(0);
  });
});
