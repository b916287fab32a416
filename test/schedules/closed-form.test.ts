/**
 * Closed forms against the steppers, for every scheduler that has one: `at(t)` and `fill` give the
 * values `evaluate` gives (bit for bit where the closed form is the framework's own computation,
 * within 1e-12 of the curve's scale where a recursive PyTorch scheduler is drawn from its
 * documented closed form), and the breakpoints cut the range into monotone pieces, so that
 * `extremaOver` finds the exact minimum and maximum over any step range.
 */
import { describe, expect, test } from 'vitest';
import { closedFormOf, extremaOver, schedulers, validateSpec, type ClosedForm, type ScheduleSpec } from '../../src/schedules';
import { randomSpecs, rng } from './random-specs';
import { benchSpec, evaluateOrPartial, sampleSpec, scaleOf } from './samples';

const N = 1500;

/** Schedulers that must have a closed form: every closed-form scheduler of the frameworks. */
const WITHOUT_CLOSED_FORM = new Set([
  // metric-driven
  'torch.ReduceLROnPlateau',
  'paddle.ReduceOnPlateau',
  'hf.reduce_lr_on_plateau',
  'timm.PlateauLRScheduler',
  'hf.greedy',
  // recursive through the group's lr, which it recovers each step ((lr - α·swa_lr)/(1 - α)): the documented
  // closed form swa_lr·α + lr·(1 - α) is not within 1e-12 of it near α = 1
  'torch.SWALR',
  // recursive over a user lambda: lr·λ(1)·…·λ(t) has no closed form
  'torch.MultiplicativeLR',
  'paddle.MultiplicativeDecay',
]);

function specsOf(id: string): ScheduleSpec[] {
  // A horizon of 97 can be shorter than a warmup example (optax.warmup_cosine_decay_schedule then
  // rejects its decay_steps): only the configurations the engine accepts have values to compare.
  return [sampleSpec(id), benchSpec(id, N), benchSpec(id, 97), ...randomSpecs(id, 12, 0x5eed ^ id.length * 7919, N)].filter(
    (spec) => validateSpec(spec) === null,
  );
}

function values(spec: ScheduleSpec): { values: Float64Array; error?: number } {
  const r = evaluateOrPartial(spec, N);
  return r.error === null ? { values: r.values } : { values: r.values, error: r.error };
}

function expectClose(actual: number, expected: number, form: ClosedForm, scale: number, what: string): void {
  if (form.exact) {
    if (!Object.is(actual, expected)) expect.fail(`${what}: ${actual} !== ${expected}`);
  } else if (!(Math.abs(actual - expected) <= 1e-12 * scale)) {
    expect.fail(`${what}: ${actual} vs ${expected} (scale ${scale})`);
  }
}

const withClosedForm = schedulers.filter((d) => !WITHOUT_CLOSED_FORM.has(d.id));

describe('closed forms', () => {
  test('every closed-form scheduler declares one', () => {
    const missing = withClosedForm.filter((d) => !d.closedForm).map((d) => d.id);
    expect(missing).toEqual([]);
  });

  test('schedulers without a closed form declare none', () => {
    for (const d of schedulers) if (WITHOUT_CLOSED_FORM.has(d.id)) expect(d.closedForm, d.id).toBeUndefined();
  });

  describe.each(withClosedForm.filter((d) => d.closedForm).map((d) => d.id))('%s', (id) => {
    test('at and fill give the stepper values; extrema over random ranges are exact', () => {
      const r = rng(id.length * 104729);
      let checked = 0;
      for (const spec of specsOf(id)) {
        const form = closedFormOf(spec);
        if (form === null) continue;
        const { values: v, error } = values(spec);
        const n = v.length;
        const scale = scaleOf(v);
        const what = (t: number) => `${JSON.stringify(spec)} at step ${t}`;
        for (let t = 0; t < n; t++) expectClose(form.at(t), v[t], form, scale, what(t));
        if (error !== undefined) {
          // Where the framework raises (or a value is not finite), the closed form does too.
          let bad: boolean;
          try {
            bad = !Number.isFinite(form.at(error));
          } catch {
            bad = true;
          }
          expect(bad, what(error)).toBe(true);
        }
        if (n < 2) continue;
        // Batch fill from an offset into an offset.
        const from = Math.floor(r() * n);
        const len = Math.floor(r() * (n - from));
        const out = new Float64Array(len + 3);
        form.fill(out, 3, 3 + len, from);
        for (let j = 0; j < len; j++) expectClose(out[3 + j], v[from + j], form, scale, what(from + j));
        // Extrema and breakpoints over random ranges.
        for (let k = 0; k < 6; k++) {
          const a = Math.floor(r() * (n - 1));
          const b = k === 0 ? n : a + 1 + Math.floor(r() * (n - a));
          let min = Infinity;
          let max = -Infinity;
          for (let t = a; t < b; t++) {
            min = Math.min(min, v[t]);
            max = Math.max(max, v[t]);
          }
          const ex = extremaOver(form, a, b);
          expectClose(ex.min, min, form, scale, `${what(a)}: min over [${a}, ${b})`);
          expectClose(ex.max, max, form, scale, `${what(a)}: max over [${a}, ${b})`);
          const bps = form.breakpoints(a, b, 1e9);
          if (bps === null) continue;
          let prev = a;
          for (const p of [...bps, b]) {
            expect(Number.isInteger(p) && p > prev && p <= b, `${what(a)}: breakpoint ${p}`).toBe(true);
            // monotone on [prev, p)
            let up = true;
            let down = true;
            for (let t = prev + 1; t < p; t++) {
              if (form.at(t) < form.at(t - 1)) up = false;
              if (form.at(t) > form.at(t - 1)) down = false;
            }
            expect(up || down, `${what(prev)}: not monotone on [${prev}, ${p})`).toBe(true);
            prev = p;
          }
          const limited = form.breakpoints(a, b, 2);
          expect(limited === null || limited.length <= 2).toBe(true);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
