/**
 * Torch closed forms and saved states over every golden PyTorch case (test/fixtures/torch/): the
 * composites' quirks (shared initial_lr, SequentialLR's reset and switch, nested composites,
 * OneCycleLR's group keys) that the registry-wide tests, which draw only the example children,
 * never reach. Closed forms follow the rules of closed-form.test.ts; states survive JSON and
 * continue bit for bit, errors included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  closedFormOf,
  createStepper,
  evaluate,
  extremaOver,
  getDefinition,
  ScheduleParamError,
  ScheduleStepError,
  type ClosedForm,
  type ScheduleSpec,
  type Stepper,
} from '../../src/schedules';

interface FixtureCase {
  name: string;
  spec: ScheduleSpec;
  steps: number;
  metrics?: (number | string)[];
}

const DIR = new URL('../fixtures/torch/', import.meta.url);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as { scheduler: string; cases: FixtureCase[] });

/** Long cases are cut here: the quirks show in the first steps. */
const MAX_STEPS = 3000;

function outcome(spec: ScheduleSpec, n: number, metrics?: Float64Array): { values: Float64Array; error?: number } {
  try {
    return { values: evaluate(spec, n, metrics ? { metrics } : {}) };
  } catch (e) {
    if (e instanceof ScheduleStepError) return { values: e.partial, error: e.step };
    throw e;
  }
}

function closedFormOrNull(spec: ScheduleSpec): ClosedForm | null | 'invalid' {
  try {
    return closedFormOf(spec);
  } catch (e) {
    if (e instanceof ScheduleParamError) return 'invalid';
    throw e;
  }
}

function expectAgreement(form: ClosedForm, spec: ScheduleSpec, n: number): void {
  const { values, error } = outcome(spec, n);
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  const agrees = (a: number, b: number) => (form.exact ? Object.is(a, b) : Math.abs(a - b) <= 1e-12 * scale);
  for (let t = 0; t < values.length; t++) {
    const a = form.at(t);
    if (!agrees(a, values[t])) expect.fail(`step ${t}: closed form ${a}, stepper ${values[t]} (exact: ${form.exact})`);
  }
  if (error !== undefined) {
    let raises: boolean;
    try {
      raises = !Number.isFinite(form.at(error));
    } catch {
      raises = true;
    }
    expect(raises, `raises at step ${error}`).toBe(true);
  }
  if (values.length < 2) return;
  const filled = new Float64Array(values.length);
  form.fill(filled, 0, values.length, 0);
  for (let t = 0; t < values.length; t++) if (!agrees(filled[t], values[t])) expect.fail(`fill at step ${t}`);
  const breakpoints = form.breakpoints(0, values.length, 1e9);
  if (breakpoints !== null) {
    let from = 0;
    for (const to of [...breakpoints, values.length]) {
      let up = true;
      let down = true;
      for (let t = from + 1; t < to; t++) {
        if (values[t] < values[t - 1]) up = false;
        if (values[t] > values[t - 1]) down = false;
      }
      expect(up || down, `monotone on [${from}, ${to})`).toBe(true);
      from = to;
    }
  }
  const { min, max } = extremaOver(form, 0, values.length);
  expect(agrees(min, Math.min(...values)) && agrees(max, Math.max(...values)), 'extrema').toBe(true);
}

/** Steps `s` from `from` to `to`, reading each lr (an error ends the run). */
function lrs(s: Stepper, from: number, to: number, metrics?: Float64Array): (number | string)[] {
  const out: (number | string)[] = [];
  try {
    for (let i = from; i < to; i++) {
      out.push(s.lr());
      s.step(metrics?.[i]);
    }
  } catch (e) {
    out.push((e as Error).message);
  }
  return out;
}

/** Golden cases of schedulers with closed forms: all of them, and those whose configuration has none. */
let withClosedFormCases = 0;
const withoutClosedForm: string[] = [];

for (const file of files) {
  describe(file.scheduler, () => {
    file.cases.forEach((c, k) => {
      const n = Math.min(c.steps, MAX_STEPS);
      const metrics = c.metrics ? Float64Array.from(c.metrics, Number) : undefined;

      it(`${c.name}: closed form`, () => {
        const form = closedFormOrNull(c.spec);
        if (form === 'invalid' || !getDefinition(file.scheduler)!.closedForm) return;
        withClosedFormCases++;
        if (form === null) {
          withoutClosedForm.push(`${file.scheduler}/${c.name}`);
          return;
        }
        expectAgreement(form, c.spec, n);
      });

      it(`${c.name}: save and restore`, () => {
        let a: Stepper;
        try {
          a = createStepper(c.spec);
        } catch {
          return; // rejected, or raises in its constructor
        }
        const at = Math.min(n - 1, 1 + ((k * 37) % 150));
        const before = lrs(a, 0, at, metrics);
        if (typeof before[before.length - 1] === 'string') return; // raised before the save point
        const b = createStepper(c.spec);
        b.restore!(JSON.parse(JSON.stringify(a.save!())) as number[]);
        expect(lrs(b, at, n, metrics)).toEqual(lrs(a, at, n, metrics));
      });
    });
  });
}

describe('torch closed forms', () => {
  it('are absent exactly where the recursion or the composition has none', () => {
    const spec = (scheduler: string, params: Record<string, unknown>) => ({ scheduler: `torch.${scheduler}`, params });
    const none = [
      spec('SequentialLR', {
        lr: 0.1,
        schedulers: [
          { scheduler: 'torch.StepLR', params: { step_size: 2 } },
          { scheduler: 'torch.MultiplicativeLR', params: { lr_lambda: 'lambda e: 0.9' } },
        ],
        milestones: [3],
      }),
      spec('SequentialLR', {
        lr: 0.1,
        schedulers: [{ scheduler: 'torch.ConstantLR', params: {} }, { scheduler: 'torch.ExponentialLR', params: { gamma: 0.9 } }],
        milestones: [0],
      }),
      spec('ChainedScheduler', {
        lr: 0.1,
        schedulers: [
          { scheduler: 'torch.StepLR', params: { step_size: 2 } },
          { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 10 } },
        ],
      }),
      spec('CosineAnnealingLR', { lr: 0.1, T_max: 7.5, eta_min: 0.001 }),
      spec('CosineAnnealingLR', { lr: 0.1, T_max: 1000, eta_min: 0.01 }),
    ];
    for (const s of none) expect(closedFormOf(s), JSON.stringify(s)).toBeNull();
    expect(closedFormOf(spec('CosineAnnealingLR', { lr: 0.1, T_max: 1000, eta_min: 1e-5 }))).not.toBeNull();
    expect(closedFormOf(spec('CosineAnnealingLR', { lr: 0.1, T_max: 7.5 }))).not.toBeNull();
    // the golden cases without one (37 of 485) all have such children or arguments
    expect(withoutClosedForm.length).toBeLessThan(withClosedFormCases / 10);
  });

  it('CosineAnnealingLR after a restart follows the recursion, not only the documented form', () => {
    // T_max 230: the recursion divides by 1 + cos(pi * 691 / 230), whose last bit moves the period by 1e-12
    const s = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 230 } };
    expectAgreement(closedFormOf(s)!, s, 1500);
  });

  it('a non-integer T_max raises where the recursion divides by zero', () => {
    const s = { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 5 / 3 } };
    expect(outcome(s, 20).error).toBe(6);
    expect(() => closedFormOf(s)!.at(6)).toThrow(/ZeroDivisionError/);
  });
});

describe('torch saved state', () => {
  it('survives JSON with an infinite best metric and an overflowed lr', () => {
    const plateau = { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 0 } };
    const a = createStepper(plateau);
    const b = createStepper(plateau);
    b.restore!(JSON.parse(JSON.stringify(a.save!())) as number[]); // best is still +Infinity
    const metrics = Float64Array.from([3, 2, 2, 2, 1, 1, 5]);
    expect(lrs(b, 0, 7, metrics)).toEqual(lrs(a, 0, 7, metrics));

    const growing = { scheduler: 'torch.ExponentialLR', params: { lr: 1e300, gamma: 10 } };
    const c = createStepper(growing);
    lrs(c, 0, 12);
    const d = createStepper(growing);
    d.restore!(JSON.parse(JSON.stringify(c.save!())) as number[]);
    expect(d.lr()).toBe(Infinity);
    expect(lrs(d, 12, 15)).toEqual(lrs(c, 12, 15));
  });

  it('a stepper that has raised throws its error again instead of saving', () => {
    const s = createStepper({ scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 3 } });
    lrs(s, 0, 10);
    expect(() => s.save!()).toThrow(/Tried to step 5 times/);
  });
});
