/**
 * The engine's jax.jit trap detection (src/schedules/jitTraps.ts, the definitions' notes) against real jax.jit:
 * test/fixtures/jit/traps.json, written by tools/check_jit_traps.py (JAX, Optax and Keras on CPU, float32). For every
 * staircase the engine must find exactly the counts whose drop moves under jit, and for every polynomial decay
 * exactly whether its end value changes under jit, and to what (bit for bit, NaN included).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDefinition, resolveSpec, scheduleNotes, type ScheduleSpec } from '../../src/schedules';
import { polynomialEnd, staircaseShifts } from '../../src/schedules/jitTraps';

interface At {
  count: number;
  eager: string;
  jit: string;
}
interface StaircaseCase {
  spec: ScheduleSpec;
  horizon: number;
  after: number;
  differ: At[];
}
interface PolynomialCase {
  spec: ScheduleSpec;
  horizon: number;
  end: At;
  last: At;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/jit/traps.json', import.meta.url), 'utf8')) as {
  jax: string;
  staircase: StaircaseCase[];
  polynomial: PolynomialCase[];
};

const label = (spec: ScheduleSpec) => `${spec.scheduler} ${JSON.stringify(spec.params)}`;
const f32 = Math.fround;
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The staircase's parameters as the definitions read them: divisor, decayed count, first count of the decay. */
function staircaseOf(spec: ScheduleSpec): { c: number; start: number } {
  const p = resolveSpec(spec).params;
  if (spec.scheduler.startsWith('keras.')) return { c: p.decay_steps as number, start: 0 };
  const begin = Math.max(p.transition_begin as number, 0);
  return { c: p.transition_steps as number, start: begin + ((p.warmup_steps as number | undefined) ?? 0) };
}

describe(`staircases under jax.jit ${fixture.jax}: the drops that move`, () => {
  it('the fixture has the issue’s case (transition_steps 122 after a 300-step warmup: 545, not 544) and moved drops of every kind', () => {
    const issue = fixture.staircase.find((c) => c.spec.params.warmup_steps === 300)!;
    expect(issue.differ).toContainEqual({ count: 544, eager: '0.25', jit: '0.5' });
    for (const id of ['optax.exponential_decay', 'keras.ExponentialDecay', 'keras.InverseTimeDecay']) {
      expect(fixture.staircase.some((c) => c.spec.scheduler === id && c.differ.length > 0)).toBe(true);
    }
    expect(fixture.staircase.filter((c) => c.differ.length === 0).length).toBeGreaterThan(100);
  });
  for (const c of fixture.staircase) {
    it(label(c.spec), () => {
      const { c: divisor, start } = staircaseOf(c.spec);
      const found = staircaseShifts(divisor, (count) => f32(count - start), start, c.horizon, Infinity);
      // Each moved drop differs from its first count to the one before the other side's.
      const predicted = found.shifts.flatMap((s) => Array.from({ length: Math.abs(s.jit - s.eager) }, (_, i) => Math.min(s.eager, s.jit) + i));
      expect(predicted).toEqual(c.differ.map((d) => d.count));
      expect(scheduleNotes(c.spec, c.horizon).length).toBe(c.differ.length > 0 ? 1 : 0);
    });
  }
});

describe(`polynomial decays under jax.jit ${fixture.jax}: the value from the end on`, () => {
  it('the fixture has the issue’s NaN cases', () => {
    const keras = fixture.polynomial.find(
      (c) => c.spec.scheduler === 'keras.PolynomialDecay' && c.spec.params.decay_steps === 500 && c.spec.params.power === 0.5 && c.spec.params.end_learning_rate === 0.01,
    )!;
    expect(keras.last.jit).toBe('nan');
    expect(fixture.polynomial.some((c) => c.spec.scheduler === 'optax.polynomial_schedule' && c.end.jit === 'nan')).toBe(true);
  });
  for (const c of fixture.polynomial) {
    it(label(c.spec), () => {
      const def = getDefinition(c.spec.scheduler)!;
      const p = resolveSpec(c.spec).params;
      const keras = c.spec.scheduler.startsWith('keras.');
      const divisor = (keras ? p.decay_steps : p.transition_steps) as number;
      const [init, end] = keras ? [f32(p.initial_learning_rate as number), f32(p.end_learning_rate as number)] : [p.init_value as number, p.end_value as number];
      const power = keras ? f32(p.power as number) : ((p.power as number | undefined) ?? 1);
      const predicted = polynomialEnd(f32(init - end), f32(end), power, divisor);
      const measured = { eager: Number(c.end.eager), jit: Number(c.end.jit) };
      expect(same(Number(c.last.jit), measured.jit)).toBe(true);
      if (same(measured.eager, measured.jit)) expect(predicted, 'predicted a change').toBeNull();
      else {
        expect(predicted, 'predicted no change').not.toBeNull();
        expect(same(predicted!.eager, measured.eager), 'eager').toBe(true);
        expect(same(predicted!.jit, measured.jit), `jit: predicted ${predicted!.jit}, measured ${measured.jit}`).toBe(true);
      }
      const notes = def.notes!(p, c.horizon);
      expect(notes.length).toBe(predicted ? 1 : 0);
      if (Number.isNaN(measured.jit)) expect(notes[0]).toMatch(/NaN under jit/);
    });
  }
});

describe('the notes, in words', () => {
  it('the issue’s staircase (545 instead of 544 is its second drop): only when the horizon reaches a moved drop', () => {
    const spec: ScheduleSpec = {
      scheduler: 'optax.warmup_exponential_decay_schedule',
      params: { init_value: 0, peak_value: 1, warmup_steps: 300, transition_steps: 122, decay_rate: 0.5, staircase: true },
    };
    expect(scheduleNotes(spec, 1000)[0]).toMatch(/drop 1 lands one count late, at count 423 instead of 422 .* 5 of the drops in this horizon move so/);
    expect(scheduleNotes(spec, 422)).toEqual([]);
    expect(scheduleNotes({ ...spec, params: { ...spec.params, staircase: false } }, 1000)).toEqual([]);
  });
  it('keras.PolynomialDecay(0.001, 500, end 0.01, power 0.5): NaN from step 500 under jit; cycle=True and a short horizon have no note', () => {
    const spec: ScheduleSpec = { scheduler: 'keras.PolynomialDecay', params: { initial_learning_rate: 0.001, decay_steps: 500, end_learning_rate: 0.01, power: 0.5 } };
    expect(scheduleNotes(spec, 1000)[0]).toMatch(/from count 500 on the learning rate is NaN under jit/);
    expect(scheduleNotes(spec, 500)).toEqual([]);
    expect(scheduleNotes({ ...spec, params: { ...spec.params, cycle: true } }, 1000)).toEqual([]);
  });
  it('an invalid spec or a scheduler without notes has none', () => {
    expect(scheduleNotes({ scheduler: 'optax.exponential_decay', params: {} }, 100)).toEqual([]);
    expect(scheduleNotes({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } }, 100)).toEqual([]);
  });
});
