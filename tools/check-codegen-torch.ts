/**
 * Runs the PyTorch snippets of "Copy code" for real: for every torch scheduler (its defaults plus the
 * examples of required arguments, and a few edited specs), under iteration and epoch stepping, it
 * generates the snippet, runs it with Debian's /usr/bin/python3 (PyTorch 1.13, `apt-get install -y
 * python3-torch`), and compares the printed `lrs` with the engine's curve.
 *
 *   npx tsx tools/check-codegen-torch.ts          # exits 1 on any mismatch
 *
 * A tool, not a CI test: CI machines need not have PyTorch.
 */
import { spawnSync } from 'node:child_process';
import { generateCode, type CodegenOptions } from '../src/schedules/codegen';
import { schedulers, type ScheduleSpec } from '../src/schedules';
import { computeCurve, DEFAULT_METRIC, metricValues } from '../src/curves';
import { initialSpec } from '../src/state/studio';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

const extra: ScheduleSpec[] = [
  { scheduler: 'torch.StepLR', params: { lr: 0.05, step_size: 7, gamma: 0.5 } },
  { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (epoch + 1)' } },
  { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 40, eta_min: 0.001 } },
  { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 20, mode: 'triangular2' } },
  { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 400, three_phase: true, anneal_strategy: 'linear' } },
  {
    scheduler: 'torch.SequentialLR',
    params: {
      lr: 0.1,
      schedulers: [
        { scheduler: 'torch.LinearLR', params: { start_factor: 0.01, total_iters: 30 } },
        { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 170 } },
      ],
      milestones: [30],
    },
  },
  {
    scheduler: 'torch.ChainedScheduler',
    params: {
      lr: 0.1,
      schedulers: [
        { scheduler: 'torch.ConstantLR', params: { factor: 0.5, total_iters: 20 } },
        { scheduler: 'torch.ExponentialLR', params: { gamma: 0.99 } },
      ],
    },
  },
  { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 10, T_mult: 2, eta_min: 0.001 } },
  { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 3, factor: 0.5 } },
];

const settingsList: CodegenOptions[] = [
  { totalSteps: 400, stepsPerEpoch: 10, stepping: 'iteration' },
  { totalSteps: 400, stepsPerEpoch: 10, stepping: 'epoch' },
];

let failures = 0;
let checked = 0;
const specs = [...schedulers.filter((d) => d.framework === 'torch').map((d) => initialSpec(d.id)), ...extra];
for (const spec of specs) {
  const def = schedulers.find((d) => d.id === spec.scheduler)!;
  for (const opts of settingsList) {
    const curve = computeCurve(spec, opts, def.metricDriven);
    if (curve.error) {
      console.log(`skip ${spec.scheduler} (${opts.stepping}): the engine raises: ${curve.error}`);
      continue;
    }
    const evaluated = opts.stepping === 'epoch' ? Math.ceil(opts.totalSteps / opts.stepsPerEpoch) : opts.totalSteps;
    // The snippet's placeholder list holds the metrics the studio fed the curve.
    const code = generateCode(spec, { ...opts, metrics: def.metricDriven ? metricValues(DEFAULT_METRIC, evaluated) : undefined });
    const program = `import json\n${code}\nprint(json.dumps(lrs[:${opts.totalSteps}]))\n`;
    const run = spawnSync(PYTHON, ['-W', 'ignore', '-c', program], { encoding: 'utf8', maxBuffer: 64 << 20 });
    checked++;
    if (run.status !== 0) {
      failures++;
      console.log(`FAIL ${spec.scheduler} (${opts.stepping}): python exited ${run.status}\n${run.stderr}\n${code}`);
      continue;
    }
    const lrs = JSON.parse(run.stdout.trim().split('\n').pop()!) as number[];
    let worst = 0;
    let at = -1;
    for (let i = 0; i < curve.values.length; i++) {
      const a = curve.values[i];
      const b = lrs[i];
      const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
      if (!(rel <= worst)) {
        worst = rel;
        at = i;
      }
    }
    const ok = lrs.length === curve.values.length && worst <= 1e-12;
    if (!ok) failures++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${spec.scheduler.padEnd(34)} ${opts.stepping.padEnd(9)} ${lrs.length} values, max rel diff ${worst.toExponential(2)}${at >= 0 && !ok ? ` at step ${at}` : ''}`,
    );
    if (!ok) console.log(code);
  }
}
console.log(`\n${checked - failures} of ${checked} snippets reproduce the engine's curve.`);
process.exit(failures ? 1 : 0);
