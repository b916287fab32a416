/**
 * timm: `create_scheduler_v2` (timm 1.0.29, scheduler/scheduler_factory.py) and train.py's arguments
 * (flags or an args YAML) on top of it, with train.py's defaults and arithmetic:
 *
 * - lr: `--lr`, else `--lr-base * (batch * devices * grad_accum / --lr-base-size)`, square-rooted for
 *   Ada-family and LAMB optimizers (or as `--lr-base-scale` says);
 * - updates per epoch = ceil(len(loader) / grad_accum), the training loader dropping its last batch;
 * - `--sched-on-updates` turns every epoch count into updates (t_in_epochs=False);
 * - the scheduled epochs are the cycle length (warmup included with `--warmup-prefix`) plus
 *   `--cooldown-epochs`: a 300-epoch cosine with 10 cooldown epochs trains 310.
 */
import { schedulers, type ScheduleSpec, type Stepping } from '../../schedules';
import { importErrorAt } from '../errors';
import type { RunContext } from '../types';
import { NEEDS_STEPS, boolOf, fillContext, numberOf, stepsPerEpochOf, type ConfigSource, type Reading } from './common';

/** create_scheduler_v2's defaults. */
export const FACTORY_DEFAULTS = {
  sched: 'cosine',
  num_epochs: 300,
  decay_epochs: 90,
  decay_milestones: [90, 180, 270] as number[],
  cooldown_epochs: 0,
  patience_epochs: 10,
  decay_rate: 0.1,
  min_lr: 0,
  warmup_lr: 1e-5,
  warmup_epochs: 0,
  warmup_prefix: false,
  noise: null as number | number[] | null,
  noise_pct: 0.67,
  noise_std: 1,
  noise_seed: 42,
  cycle_mul: 1,
  cycle_decay: 0.1,
  cycle_limit: 1,
  k_decay: 1,
  plateau_mode: 'max',
  step_on_epochs: true,
  updates_per_epoch: 0,
};
export type FactoryArgs = typeof FACTORY_DEFAULTS;

const CLASSES: Record<string, string> = {
  cosine: 'timm.CosineLRScheduler',
  tanh: 'timm.TanhLRScheduler',
  step: 'timm.StepLRScheduler',
  multistep: 'timm.MultiStepLRScheduler',
  plateau: 'timm.PlateauLRScheduler',
  poly: 'timm.PolyLRScheduler',
};
export const TIMM_SCHEDS = Object.keys(CLASSES);

export interface FactoryResult {
  spec: ScheduleSpec;
  stepping: Stepping;
  /** What create_scheduler_v2 returns beside the scheduler: the epochs to train. */
  numEpochs: number;
}

/**
 * create_scheduler_v2(optimizer, **a) with the optimizer's lr `lr`. Returns null for a `sched`
 * timm does not know (it returns None then).
 */
export function createSchedulerV2(a: FactoryArgs, lr: number): FactoryResult | null {
  const id = CLASSES[a.sched];
  if (!id) return null;
  const perUpdate = !a.step_on_epochs;
  const u = perUpdate ? a.updates_per_epoch : 1;
  const tInitial = a.num_epochs * u;
  const warmupT = a.warmup_epochs * u;
  const cooldownT = a.cooldown_epochs * u;
  let noiseRange: number | number[] | null = null;
  if (a.noise !== null) {
    if (Array.isArray(a.noise)) {
      const r = a.noise.map((n) => n * tInitial);
      noiseRange = r.length === 1 ? r[0] : r;
    } else noiseRange = a.noise * tInitial;
  }
  const warmup = { warmup_lr_init: a.warmup_lr, warmup_t: warmupT, warmup_prefix: a.warmup_prefix };
  const noise = { noise_range_t: noiseRange, noise_pct: a.noise_pct, noise_std: a.noise_std, noise_seed: a.noise_seed };
  const cycles = { cycle_mul: a.cycle_mul, cycle_decay: a.cycle_decay, cycle_limit: a.cycle_limit };
  let params: Record<string, unknown>;
  switch (a.sched) {
    case 'cosine':
      params = { t_initial: tInitial, lr_min: a.min_lr, t_in_epochs: !perUpdate, ...cycles, ...warmup, ...noise, k_decay: a.k_decay };
      break;
    case 'tanh':
      params = { t_initial: tInitial, lr_min: a.min_lr, t_in_epochs: !perUpdate, ...cycles, ...warmup, ...noise };
      break;
    case 'step':
      params = { decay_t: a.decay_epochs * u, decay_rate: a.decay_rate, t_in_epochs: !perUpdate, ...warmup, ...noise };
      break;
    case 'multistep':
      params = { decay_t: a.decay_milestones.map((d) => d * u), decay_rate: a.decay_rate, t_in_epochs: !perUpdate, ...warmup, ...noise };
      break;
    case 'plateau': {
      const { warmup_prefix: _drop, ...rest } = warmup;
      void _drop;
      params = { decay_rate: a.decay_rate, patience_t: a.patience_epochs, cooldown_t: 0, ...rest, lr_min: a.min_lr, mode: a.plateau_mode, ...noise };
      break;
    }
    default:
      params = { power: a.decay_rate, t_initial: tInitial, lr_min: a.min_lr, t_in_epochs: !perUpdate, k_decay: a.k_decay, ...cycles, ...warmup, ...noise };
  }
  const def = schedulers.find((d) => d.id === id)!;
  const known = new Set(def.params.map((p) => p.name));
  const spec: ScheduleSpec = { scheduler: id, params: { lr, ...Object.fromEntries(Object.entries(params).filter(([k]) => known.has(k))) } };
  let numEpochs = a.num_epochs;
  if (a.sched === 'cosine' || a.sched === 'tanh' || a.sched === 'poly') {
    const cyclesN = Math.max(1, a.cycle_limit);
    const t = a.cycle_mul === 1 ? tInitial * cyclesN : Math.floor((-tInitial * (a.cycle_mul ** cyclesN - 1)) / (1 - a.cycle_mul));
    const withCooldown = (a.warmup_prefix ? t + warmupT : t) + cooldownT;
    numEpochs = perUpdate ? Math.floor(withCooldown / a.updates_per_epoch) : withCooldown;
  } else if (a.warmup_prefix) numEpochs += a.warmup_epochs;
  return { spec, stepping: perUpdate ? 'iteration' : 'epoch', numEpochs };
}

/** train.py's argparse defaults (timm 1.0) for what the schedule reads, by dest name. */
const TRAIN_DEFAULTS: Record<string, unknown> = {
  sched: 'cosine',
  sched_on_updates: false,
  lr: null,
  lr_base: 0.1,
  lr_base_size: 256,
  lr_base_scale: '',
  lr_noise: null,
  lr_noise_pct: 0.67,
  lr_noise_std: 1.0,
  lr_cycle_mul: 1.0,
  lr_cycle_decay: 0.5,
  lr_cycle_limit: 1,
  lr_k_decay: 1.0,
  warmup_lr: 1e-5,
  min_lr: 0,
  epochs: 300,
  decay_milestones: [90, 180, 270],
  decay_epochs: 90,
  warmup_epochs: 5,
  warmup_prefix: false,
  cooldown_epochs: 0,
  patience_epochs: 10,
  decay_rate: 0.1,
  batch_size: 128,
  grad_accum_steps: 1,
  opt: 'sgd',
  seed: 42,
  eval_metric: 'top1',
};

/** The dest names train.py's scheduler reads: what marks an args set as timm's. */
export const TIMM_KEYS = ['sched', 'sched_on_updates', 'lr_base', 'warmup_lr', 'lr_cycle_mul', 'lr_cycle_decay', 'lr_cycle_limit', 'cooldown_epochs', 'decay_milestones', 'lr_k_decay', 'lr_noise'];

export function readTimmArgs(raw: Record<string, unknown>, src: ConfigSource, context: RunContext): Reading {
  const notes: string[] = [];
  const args = { ...TRAIN_DEFAULTS, ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replace(/-/g, '_'), v])) };
  const num = (k: string) => numberOf(args[k], k, src);
  const list = (k: string): number[] => {
    const v = args[k];
    if (Array.isArray(v)) return v.map((x, i) => numberOf(x, `${k}[${i}]`, src));
    if (typeof v === 'string') return v.trim().split(/[\s,]+/).map((x) => numberOf(x, k, src));
    return [num(k)];
  };
  const sched = String(args.sched);
  if (!CLASSES[sched]) {
    importErrorAt(src.text, src.offsetOf('sched'), `one of ${TIMM_SCHEDS.join(', ')}`, `--sched ${sched} is not one the studio computes (supported: ${TIMM_SCHEDS.join(', ')})`);
  }
  const batch = num('batch_size');
  const accum = num('grad_accum_steps');
  const ctx = fillContext(context, { batchSize: batch, gradientAccumulation: accum });
  const devices = ctx.devices ?? 1;
  let lr: number;
  if (args.lr === null || args.lr === undefined) {
    let ratio = (batch * devices * accum) / num('lr_base_size');
    const opt = String(args.opt).toLowerCase();
    const scale = String(args.lr_base_scale || (opt.includes('ada') || opt.includes('lamb') ? 'sqrt' : 'linear'));
    if (scale === 'sqrt') ratio = ratio ** 0.5;
    lr = num('lr_base') * ratio;
    notes.push(`lr = lr_base ${num('lr_base')} x (global batch ${batch * devices * accum} / ${num('lr_base_size')})${scale === 'sqrt' ? ' ** 0.5' : ''} = ${lr} (train.py's scaling; --lr sets it directly).`);
  } else lr = num('lr');
  const onUpdates = boolOf(args.sched_on_updates, 'sched_on_updates', src);
  // train.py: updates_per_epoch = (len(loader_train) + grad_accum_steps - 1) // grad_accum_steps; the loader drops its last batch.
  const perEpoch = stepsPerEpochOf(ctx, 'floor', 'ceil');
  if (onUpdates && perEpoch === undefined) {
    notes.push(`--sched-on-updates counts in updates: ${NEEDS_STEPS}.`);
    return { schedules: [], context: ctx, notes };
  }
  const noise = args.lr_noise === null || args.lr_noise === undefined ? null : list('lr_noise');
  const factory: FactoryArgs = {
    ...FACTORY_DEFAULTS,
    sched,
    num_epochs: num('epochs'),
    decay_epochs: num('decay_epochs'),
    decay_milestones: list('decay_milestones'),
    warmup_epochs: num('warmup_epochs'),
    cooldown_epochs: num('cooldown_epochs'),
    patience_epochs: num('patience_epochs'),
    decay_rate: num('decay_rate'),
    min_lr: num('min_lr'),
    warmup_lr: num('warmup_lr'),
    warmup_prefix: boolOf(args.warmup_prefix, 'warmup_prefix', src),
    noise: noise && noise.length === 1 && !Array.isArray(args.lr_noise) && typeof args.lr_noise !== 'string' ? noise[0] : noise,
    noise_pct: num('lr_noise_pct'),
    noise_std: num('lr_noise_std'),
    noise_seed: num('seed'),
    cycle_mul: num('lr_cycle_mul'),
    cycle_decay: num('lr_cycle_decay'),
    cycle_limit: num('lr_cycle_limit'),
    k_decay: num('lr_k_decay'),
    plateau_mode: String(args.eval_metric).includes('loss') ? 'min' : 'max',
    step_on_epochs: !onUpdates,
    updates_per_epoch: perEpoch ?? 0,
  };
  const made = createSchedulerV2(factory, lr)!;
  const out: RunContext = { ...ctx, epochs: made.numEpochs, stepsPerEpoch: perEpoch };
  if (made.numEpochs !== factory.num_epochs) {
    notes.push(`timm trains ${made.numEpochs} epochs: ${factory.num_epochs} scheduled${factory.warmup_prefix ? ` plus ${factory.warmup_epochs} warmup (--warmup-prefix)` : ''}${factory.cooldown_epochs ? ` plus ${factory.cooldown_epochs} cooldown` : ''}${factory.cycle_limit > 1 ? ` over ${factory.cycle_limit} cycles` : ''}.`);
  }
  if (perEpoch !== undefined) out.totalSteps = made.numEpochs * perEpoch;
  else notes.push(`The curve is per epoch (${made.numEpochs} epochs); ${NEEDS_STEPS} to see it in updates.`);
  return { schedules: [{ name: `timm ${sched}`, spec: made.spec, stepping: made.stepping }], context: out, notes };
}
