/**
 * The float64 golden check that the PyTorch, Hugging Face and SWALR fixtures share: every case must be reproduced to
 * `REL_TOL` relative at every recorded step, and where the library raised, the engine must raise at the same step
 * (or reject the parameters where it raised in the constructor). Fixture files are written by tools/gen_*_fixtures.py.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, ScheduleParamError, ScheduleStepError, type ScheduleSpec } from '../../src/schedules';

export interface FixtureCase {
  name: string;
  spec: ScheduleSpec;
  steps: number;
  stride?: number;
  metrics?: (number | string)[];
  lrs: number[];
  error?: { step: number; type: string; message: string };
}

export interface FixtureFile {
  torch: string;
  transformers?: string;
  python: string;
  scheduler: string;
  cases: FixtureCase[];
}

export const REL_TOL = 1e-9;

export function loadFixtures(folder: string): FixtureFile[] {
  const dir = new URL(`../fixtures/${folder}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as FixtureFile);
}

function metricsOf(c: FixtureCase): Float64Array | undefined {
  if (!c.metrics) return undefined;
  return Float64Array.from(c.metrics, (m) => (typeof m === 'number' ? m : Number(m)));
}

/** What `run` throws (the test fails where it throws nothing). */
export function stepError(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return expect.fail('expected an error, got none');
}

export interface GoldenOptions {
  /** Who computed the fixtures, for messages ("PyTorch"). */
  source: string;
  /**
   * `scheduler/case` of configurations the library accepts and raises on only once stepped, where the failure is
   * certain: the engine rejects them up front with a parameter error.
   */
  rejectedUpFront?: ReadonlySet<string>;
}

/** One `describe` per file, one `it` per case, and a summary of the worst errors after all. */
export function describeGolden(files: readonly FixtureFile[], opts: GoldenOptions): void {
  const rejected = opts.rejectedUpFront ?? new Set<string>();
  /** Worst relative error per scheduler, and how many values were bit-identical. */
  const stats = new Map<string, { worst: number; where: string; values: number; exact: number }>();

  function compare(scheduler: string, c: FixtureCase, ours: Float64Array, count: number): void {
    const stride = c.stride ?? 1;
    const s = stats.get(scheduler) ?? { worst: 0, where: '', values: 0, exact: 0 };
    stats.set(scheduler, s);
    for (let j = 0; j < count; j++) {
      const i = j * stride;
      const want = c.lrs[j];
      const got = ours[i];
      const diff = Math.abs(got - want);
      if (!(diff <= REL_TOL * Math.abs(want) + 1e-300)) {
        expect.fail(`${c.name}: step ${i}: got ${got}, ${opts.source} ${want} (relative error ${diff / Math.abs(want)})`);
      }
      const rel = want === 0 ? diff : diff / Math.abs(want);
      if (rel > s.worst) {
        s.worst = rel;
        s.where = `${c.name} @ ${i}`;
      }
      s.values++;
      if (got === want) s.exact++;
    }
  }

  for (const file of files) {
    describe(file.scheduler, () => {
      for (const c of file.cases) {
        it(c.name, () => {
          const metrics = metricsOf(c);
          const key = `${file.scheduler}/${c.name}`;
          if (!c.error) {
            expect(rejected.has(key)).toBe(false);
            const ours = evaluate(c.spec, c.steps, { metrics });
            compare(file.scheduler, c, ours, c.lrs.length);
            return;
          }
          const { step, type, message } = c.error;
          if (step === 0 || rejected.has(key)) {
            // The library raised in the constructor: the engine rejects the parameters (or fails at step 0).
            const e = stepError(() => evaluate(c.spec, 3, { metrics }));
            if (e instanceof ScheduleStepError) {
              expect(e.step).toBe(0);
              expect(e.message).toContain(`${type}: `);
            } else {
              expect(e).toBeInstanceOf(ScheduleParamError);
            }
            return;
          }
          // The library raised in the step-th scheduler.step(): lrs[step] does not exist.
          const e = stepError(() => evaluate(c.spec, step + 1, { metrics }));
          expect(e).toBeInstanceOf(ScheduleStepError);
          const se = e as ScheduleStepError;
          expect(se.step).toBe(step);
          expect(se.message).toContain(`${type}: `);
          // Division messages depend on Python's int/float types inside lambdas; the others must match.
          if (type !== 'ZeroDivisionError') expect(se.message).toContain(message);
          expect(se.partial.length).toBe(step);
          compare(file.scheduler, c, se.partial, c.lrs.length);
        });
      }
    });
  }

  afterAll(() => {
    const rows = [...stats].map(
      ([id, s]) =>
        `${id.padEnd(36)} worst rel ${s.worst.toExponential(2).padStart(9)}  bit-exact ${((100 * s.exact) / s.values).toFixed(1).padStart(5)}% of ${s.values}  (${s.where})`,
    );
    console.log(`${opts.source} golden fixtures (tolerance ${REL_TOL} relative):\n${rows.join('\n')}`);
  });
}
