/**
 * Golden test of the momentum curve (cycle_momentum) of torch CyclicLR and OneCycleLR: every case of
 * test/fixtures/torch-momentum/*.json (tools/gen_torch_momentum_fixtures.py, real PyTorch 1.13 and 2) must be
 * reproduced to 1e-9 relative at every step, for SGD's momentum and Adam's beta1 alike, and end where PyTorch raised.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateMomentum, ScheduleStepError, type ScheduleSpec } from '../../src/schedules';
import { stepError } from './golden-float64';

interface Raised {
  step: number;
  type: string;
  message: string;
  in_constructor?: boolean;
}
interface MomentumCase {
  name: string;
  spec: ScheduleSpec;
  steps: number;
  sgd: string[];
  adam: string[];
  sgd_raised?: Raised;
  adam_raised?: Raised;
}
interface MomentumFile {
  torch: string;
  cases: MomentumCase[];
}

const REL_TOL = 1e-9;

function load(name: string): MomentumFile {
  return JSON.parse(readFileSync(new URL(`../fixtures/torch-momentum/${name}.json`, import.meta.url), 'utf8')) as MomentumFile;
}

function expectClose(ours: Float64Array, want: readonly string[], name: string): void {
  expect(ours.length, name).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = Number(want[i]);
    if (!(Math.abs(ours[i] - w) <= REL_TOL * Math.abs(w))) expect.fail(`${name}: step ${i}: got ${ours[i]}, PyTorch ${w}`);
  }
}

for (const file of ['torch1', 'torch2']) {
  const f = load(file);
  describe(`momentum of CyclicLR and OneCycleLR against PyTorch ${f.torch}`, () => {
    it('covers both schedulers, every mode, three_phase and both anneal strategies', () => {
      const names = f.cases.map((c) => c.name).join('\n');
      for (const s of ['CyclicLR/', 'OneCycleLR/', 'triangular2', 'exp_range', 'scale_fn', 'three_phase', 'linear', 'raises']) {
        expect(names).toContain(s);
      }
      expect(f.cases.length).toBeGreaterThanOrEqual(60);
    });
    for (const c of f.cases) {
      it(c.name, () => {
        const ours = evaluateMomentum(c.spec, c.steps);
        if (c.spec.params.cycle_momentum === false) {
          // PyTorch leaves the optimizer's momentum alone: the engine has no momentum curve.
          expect(ours).toBeNull();
          expect(new Set(c.sgd)).toEqual(new Set(['0.9']));
          return;
        }
        expect(ours).not.toBeNull();
        expectClose(ours!, c.sgd, `${c.name} (SGD momentum)`);
        // Where a step raised, the lr curve ends at the same step as the momentum does.
        if (c.sgd_raised) {
          const e = stepError(() => evaluate(c.spec, c.steps));
          expect(e).toBeInstanceOf(ScheduleStepError);
          expect((e as ScheduleStepError).step).toBe(c.sgd_raised.step);
        }
        if (c.adam_raised?.in_constructor) {
          // torch 1.13's CyclicLR supports only SGD's momentum.
          expect(f.torch).toMatch(/^1\./);
          expect(c.adam_raised.message).toBe('optimizer must support momentum with `cycle_momentum` option enabled');
        } else {
          expectClose(ours!, c.adam, `${c.name} (Adam beta1)`);
        }
      });
    }
  });
}
