/**
 * Golden test: every case of test/fixtures/keras/*.json and test/fixtures/optax/*.json (written by
 * tools/gen_keras_optax_fixtures.py from real Keras 3 and Optax on JAX, CPU, float32) must be reproduced within
 * 4 float32 ulps at every recorded step; where the framework raised in the constructor the engine must reject the
 * parameters, and where its first value that is not finite comes at step k the engine must raise at step k.
 * Needs no Python: it only reads the JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, ScheduleParamError, ScheduleStepError, schedulers, type ScheduleSpec } from '../../src/schedules';
import { stepError } from './golden-float64';

interface FixtureCase {
  name: string;
  spec: ScheduleSpec;
  steps: number;
  stride?: number;
  at?: number[];
  lrs: number[];
  error?: { step: number; type: string; message: string };
}

interface FixtureFile {
  keras: string;
  optax: string;
  jax: string;
  scheduler: string;
  cases: FixtureCase[];
}

const MAX_ULPS = 4;

/**
 * Where the framework's float32 differs from IEEE arithmetic beyond the tolerance, by case, with the reason.
 * XLA on CPU computes with subnormals flushed to zero (FTZ/DAZ): a result below the smallest normal float32
 * (1.18e-38) is 0 in JAX, and the engine, computing IEEE float32, keeps the subnormal. Only values that small
 * differ; these cases are checked with the engine's subnormals read as 0.
 */
const FLUSHED_TO_ZERO = new Set(['keras.ExponentialDecay/random 13']);
const SMALLEST_NORMAL_F32 = 2 ** -126;

const XLA_COS =
  "XLA's float32 cos is not correctly rounded (1 ulp off in about 1% of arguments, measured); near the end of a " +
  'cosine (cos close to -1) 1 + cos cancels and a power or the floor scaling multiplies that ulp';
const CONSTANT_FOLDED_COND =
  'eager Keras computes the restart index and cycle fraction inside ops.cond, whose branches XLA compiles with the ' +
  'step as a constant: it folds them and turns the division by power(t_mul, i) into a product with the reciprocal ' +
  "(measured: 77 of 300 random divisions by a constant differ); under jit in model.fit the step is not a constant " +
  "and the engine keeps Keras's division; near a cycle's end 1 + cos amplifies the difference";

/**
 * Cases beyond 4 ulps, each with the most ulps it reaches and why; every other case must stay within 4 ulps, and
 * each listed case must really exceed them (the list cannot grow stale).
 */
const KNOWN_ULPS = new Map<string, { ulps: number; why: string }>([
  ['keras.CosineDecayRestarts/random 2', { ulps: 16, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 3', { ulps: 49, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 5', { ulps: 8, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 8', { ulps: 7, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 9', { ulps: 42, why: CONSTANT_FOLDED_COND }],
  ['keras.CosineDecayRestarts/random 10', { ulps: 10, why: CONSTANT_FOLDED_COND }],
  ['optax.cosine_decay_schedule/random 1', { ulps: 5, why: XLA_COS }],
  ['optax.sgdr_schedule/random 1', { ulps: 5, why: XLA_COS }],
  ['optax.warmup_cosine_decay_schedule/issue example', { ulps: 8, why: XLA_COS }],
]);

function load(framework: string): FixtureFile[] {
  const dir = new URL(`../fixtures/${framework}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as FixtureFile);
}

const files = [...load('keras'), ...load('optax')];

/** The float32 bit pattern of x as a signed integer ordered like the floats (for ulp distances). */
const view = new DataView(new ArrayBuffer(4));
function orderedBits(x: number): number {
  view.setFloat32(0, x);
  const b = view.getInt32(0);
  return b < 0 ? -0x80000000 - b : b;
}

/** Distance in float32 ulps between two float32 values. */
function ulps(a: number, b: number): number {
  return Math.abs(orderedBits(a) - orderedBits(b));
}

/** Worst distance per scheduler, and how many values were bit-identical. */
const stats = new Map<string, { worst: number; where: string; values: number; exact: number }>();

function stepsOf(c: FixtureCase): number[] {
  if (c.at) return c.at;
  const stride = c.stride ?? 1;
  return c.lrs.map((_, j) => j * stride);
}

function compare(scheduler: string, c: FixtureCase, ours: Float64Array): void {
  const s = stats.get(scheduler) ?? { worst: 0, where: '', values: 0, exact: 0 };
  stats.set(scheduler, s);
  const known = KNOWN_ULPS.get(`${scheduler}/${c.name}`);
  const allowed = known?.ulps ?? MAX_ULPS;
  let caseWorst = 0;
  const steps = stepsOf(c);
  for (let j = 0; j < c.lrs.length; j++) {
    const i = steps[j];
    const want = Math.fround(c.lrs[j]);
    const flush = FLUSHED_TO_ZERO.has(`${scheduler}/${c.name}`) && Math.abs(ours[i]) < SMALLEST_NORMAL_F32;
    const got = flush ? 0 : ours[i];
    expect(Math.fround(got), `${c.name}: step ${i} is not a float32`).toBe(got);
    const d = ulps(got, want);
    if (d > allowed) expect.fail(`${c.name}: step ${i}: got ${got}, framework ${want} (${d} ulps)`);
    caseWorst = Math.max(caseWorst, d);
    if (d > s.worst) {
      s.worst = d;
      s.where = `${c.name} @ ${i}`;
    }
    s.values++;
    if (d === 0) s.exact++;
  }
  if (known) expect(caseWorst, `${c.name} is listed as beyond ${MAX_ULPS} ulps: ${known.why}`).toBeGreaterThan(MAX_ULPS);
}

it('fixtures were generated by Keras 3 and Optax and cover every keras and optax scheduler', () => {
  const ids = files.map((f) => f.scheduler).sort();
  const registry = schedulers
    .filter((d) => (d.framework === 'keras' || d.framework === 'optax') && !d.metricDriven)
    .map((d) => d.id)
    .sort();
  expect(ids).toEqual(registry);
  for (const f of files) {
    expect(f.keras).toMatch(/^3\./);
    expect(f.optax).toMatch(/^0\.2\./);
    expect(f.cases.length).toBeGreaterThanOrEqual(f.scheduler === 'optax.constant_schedule' ? 5 : 10);
  }
});

for (const file of files) {
  describe(file.scheduler, () => {
    for (const c of file.cases) {
      it(c.name, () => {
        if (!c.error) {
          compare(file.scheduler, c, evaluate(c.spec, c.steps));
          return;
        }
        if (c.error.step === 0 && c.error.type !== 'NonFinite') {
          // The framework raised in the constructor: the engine rejects the parameters.
          expect(stepError(() => evaluate(c.spec, 3))).toBeInstanceOf(ScheduleParamError);
          return;
        }
        // The first value that is not finite: the engine raises there, with the values before it.
        const e = stepError(() => evaluate(c.spec, c.error!.step + 1));
        expect(e).toBeInstanceOf(ScheduleStepError);
        const se = e as ScheduleStepError;
        expect(se.step).toBe(c.error.step);
        compare(file.scheduler, c, se.partial);
      });
    }
  });
}

afterAll(() => {
  const rows = [...stats].map(
    ([id, s]) =>
      `${id.padEnd(42)} worst ${String(s.worst).padStart(2)} ulps  bit-exact ${((100 * s.exact) / s.values).toFixed(1).padStart(5)}% of ${s.values}  (${s.where})`,
  );
  console.log(`Keras / Optax golden fixtures (tolerance ${MAX_ULPS} float32 ulps):\n${rows.join('\n')}`);
});
