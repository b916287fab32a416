/**
 * Runs the Keras and Optax snippets of "Copy code" for real: for every case of the Keras / Optax golden fixtures
 * (test/fixtures/keras, test/fixtures/optax) that does not raise, up to 400 steps, it generates the snippet
 * (iteration stepping, the case's steps), runs them all in one Python process with Keras 3 on JAX and Optax (each
 * snippet in a fresh namespace, as pasted), and writes what they printed with the snippets themselves to
 * test/fixtures/codegen/keras-optax.json. test/schedules/codegen-keras-optax.test.ts then checks, with no Python,
 * that the export still writes those snippets and that the engine's curve is theirs (4 float32 ulps, the same known
 * cases as the golden test).
 *
 *   KERAS_BACKEND=jax PYTHON=<venv>/bin/python npx tsx tools/check-codegen-keras-optax.ts
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { generateCode } from '../src/schedules/codegen';
import type { ScheduleSpec } from '../src/schedules';

const PYTHON = process.env.PYTHON ?? 'python3';
const MAX_STEPS = 400;
/** Keras schedules under ops.cond compile at every eager call: fewer steps. */
const COND_STEPS = 60;

interface Case {
  name: string;
  spec: ScheduleSpec;
  steps: number;
  error?: unknown;
}

const root = new URL('../test/fixtures/', import.meta.url);
const jobs: { id: string; spec: ScheduleSpec; steps: number; code: string }[] = [];
for (const framework of ['keras', 'optax']) {
  for (const f of readdirSync(new URL(`${framework}/`, root)).sort()) {
    const file = JSON.parse(readFileSync(new URL(`${framework}/${f}`, root), 'utf8')) as { scheduler: string; cases: Case[] };
    for (const c of file.cases) {
      if (c.error || c.steps > MAX_STEPS) continue;
      const cond =
        c.spec.scheduler === 'keras.CosineDecayRestarts' ||
        (c.spec.scheduler === 'keras.CosineDecay' && c.spec.params.warmup_target !== undefined && c.spec.params.warmup_target !== null);
      const steps = cond ? Math.min(c.steps, COND_STEPS) : c.steps;
      const code = generateCode(c.spec, { totalSteps: steps, stepsPerEpoch: 1, stepping: 'iteration' });
      jobs.push({ id: `${file.scheduler}/${c.name}`, spec: c.spec, steps, code });
    }
  }
}

const program = `
import json, os, sys, warnings
os.environ.setdefault('KERAS_BACKEND', 'jax')
warnings.filterwarnings('ignore')
import numpy as np
def compact(v):
    # the shortest digits that read back (double, then float32) as the float32 value
    x = np.float32(v)
    short = float(str(x))
    return short if np.float32(short) == x else float(x)
jobs = json.load(sys.stdin)
out = []
for job in jobs:
    ns = {}
    exec(compile(job['code'], job['id'], 'exec'), ns)
    out.append([compact(v) for v in ns['lrs']])
print(json.dumps(out))
`;
const run = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 256 << 20 });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const results = JSON.parse(run.stdout.trim().split('\n').pop()!) as number[][];
const version = spawnSync(PYTHON, ['-c', 'import keras, optax, jax; print(keras.__version__, optax.__version__, jax.__version__)'], {
  encoding: 'utf8',
  env: { ...process.env, KERAS_BACKEND: 'jax' },
}).stdout.trim().split(/\s+/);
mkdirSync(new URL('codegen/', root), { recursive: true });
const doc = {
  keras: version[0],
  optax: version[1],
  jax: version[2],
  generator: 'tools/check-codegen-keras-optax.ts',
  snippets: jobs.map((j, i) => ({ id: j.id, spec: j.spec, steps: j.steps, code: j.code, lrs: results[i] })),
};
writeFileSync(new URL('codegen/keras-optax.json', root), JSON.stringify(doc) + '\n');
console.log(`${jobs.length} snippets run; wrote test/fixtures/codegen/keras-optax.json`);
