/** The parameters the timm schedulers share (cycles, warmup, noise, k-decay), declared once, and their checks. */
import { paramError } from '../errors';
import { optimizerLrParam } from '../params';
import type { ParamDef } from '../types';

export const LR: ParamDef = optimizerLrParam(
  "The optimizer's learning rate; timm stores it as the base value (initial_lr) the schedule scales.",
  { example: 0.1 },
);

export const T_INITIAL: ParamDef = {
  name: 't_initial',
  unit: 'steps', fit: 'horizon',
  type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000, scale: 'log' } },
  example: 100,
  doc: 'Length of the first cycle, in epochs (t_in_epochs) or updates.',
  key: true,
};

/** A count of epochs or updates (>= 0) on a slider from 0 to `sliderMax`. */
function count(name: string, sliderMax: number, value: number, doc: string): ParamDef {
  return { name, type: { kind: 'integer', min: 0, slider: { min: 0, max: sliderMax } }, default: value, doc };
}

/** A small learning rate (>= 0, default 0): the floor, or where a warmup starts. */
function smallLr(name: string, doc: string): ParamDef {
  return { name, type: { kind: 'number', min: 0, slider: { min: 0, max: 0.01 } }, default: 0, doc };
}

export const LR_MIN: ParamDef = smallLr('lr_min', 'Floor of the curve, and the lr once cycle_limit cycles are done.');

export const CYCLE_PARAMS: ParamDef[] = [
  {
    name: 'cycle_mul',
    type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 0.5, max: 4 } },
    default: 1.0,
    doc: 'Each cycle is cycle_mul times longer than the previous one (1: equal cycles).',
  },
  {
    name: 'cycle_decay',
    type: { kind: 'number', min: 0, slider: { min: 0.1, max: 1 } },
    default: 1.0,
    doc: 'The peak of cycle i is lr·cycle_decay^i.',
  },
  count('cycle_limit', 20, 1, 'Number of cycles; afterwards the lr stays at lr_min.'),
];

/** warmup_t, in the words of a stateless scheduler unless `doc` is given (PlateauLRScheduler's). */
export const warmupT = (doc = 'Length of the linear warmup, in the same unit as t.'): ParamDef => ({ ...count('warmup_t', 100, 0, doc), unit: 'steps' });

export const warmupLrInit = (doc = 'The lr at t = 0 of the warmup.'): ParamDef => smallLr('warmup_lr_init', doc);

function warmupParams(prefixDefault: boolean): ParamDef[] {
  return [
    warmupT(),
    warmupLrInit(),
    {
      name: 'warmup_prefix',
      type: { kind: 'boolean' },
      default: prefixDefault,
      doc: 'True: the schedule starts after the warmup (t − warmup_t); False: the warmup overlays its first steps.',
    },
  ];
}

const T_IN_EPOCHS: ParamDef = {
  name: 't_in_epochs',
  type: { kind: 'boolean' },
  default: true,
  doc: 'True: step(epoch) drives it; False: step_update(num_updates). Same curve of its counter.',
};

export function noiseParams(plateau: boolean): ParamDef[] {
  const out: ParamDef[] = [
    {
      name: 'noise_range_t',
      unit: 'steps',
      type: { kind: 'numberList', orNumber: true, minLength: 2, maxLength: 2, order: 'none' },
      default: null,
      nullable: true,
      doc: 'Where noise is added: a number n (every t >= n) or [lo, hi] (lo <= t < hi). None: no noise.',
    },
  ];
  if (plateau) {
    out.push({
      name: 'noise_type',
      type: { kind: 'enum', options: ['normal', 'uniform'] },
      default: 'normal',
      doc: "'normal': a standard normal redrawn until |noise| < noise_pct; otherwise uniform in ±noise_pct.",
    });
  }
  out.push(
    {
      name: 'noise_pct',
      type: { kind: 'number', min: 0, slider: { min: 0.01, max: 1 } },
      default: 0.67,
      doc: 'Noise bound: lr becomes lr·(1 + noise) with |noise| < noise_pct.',
    },
    {
      name: 'noise_std',
      type: { kind: 'number', min: 0, slider: { min: 0.1, max: 2 } },
      default: 1.0,
      doc: 'Stored by timm but unused: the normal noise is always a standard normal.',
    },
    plateau
      ? {
          name: 'noise_seed',
          type: { kind: 'integer', slider: { min: 0, max: 1000 } },
          default: null,
          nullable: true,
          doc: 'The noise at t comes from torch.Generator().manual_seed(noise_seed + t); None means 42.',
        }
      : {
          name: 'noise_seed',
          type: { kind: 'integer', slider: { min: 0, max: 1000 } },
          default: 42,
          doc: 'The noise at t comes from torch.Generator().manual_seed(noise_seed + t).',
        },
  );
  return out;
}

/** The arguments every stateless scheduler has after its own: warmup, t_in_epochs, noise. */
export function warmupAndNoiseParams(prefixDefault: boolean): ParamDef[] {
  return [...warmupParams(prefixDefault), T_IN_EPOCHS, ...noiseParams(false)];
}

/** decay_rate of StepLRScheduler and MultiStepLRScheduler. */
export function decayRate(doc: string): ParamDef {
  return {
    name: 'decay_rate',
    type: { kind: 'number', min: 0, slider: { min: 0.01, max: 1, scale: 'log' } },
    default: 1.0,
    doc,
    key: true,
  };
}

/** A validated numeric argument. */
export const num = (v: unknown): number => v as number;

/** Rejects a noise bound for which timm's `while abs(noise) >= noise_pct` loop would (nearly) never end. */
export function checkNoise(p: Record<string, unknown>, path: string): void {
  if (p.noise_range_t === null || (p.noise_type ?? 'normal') !== 'normal') return;
  if (num(p.noise_pct) < 0.001) {
    paramError(
      'noise_pct',
      `must be at least 0.001 with normal noise: timm redraws until |noise| < noise_pct, over a thousand draws per step below that (got ${num(p.noise_pct)})`,
      path,
    );
  }
}

/** k-decay of CosineLRScheduler and PolyLRScheduler. */
export const K_DECAY: ParamDef = {
  name: 'k_decay',
  type: { kind: 'number', min: 0, slider: { min: 0.1, max: 5, scale: 'log' } },
  default: 1.0,
  doc: 'k-decay exponent (arXiv:2004.05909): the curve uses t_curr^k / t_i^k; 1 gives the plain curve.',
};
