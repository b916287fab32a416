/**
 * Hugging Face transformers schedules (`transformers.optimization`, the `get_scheduler` names).
 *
 * Every one but `reduce_lr_on_plateau` is a `torch.optim.lr_scheduler.LambdaLR`: lr(t) = b·λ(t)
 * with t = 0 at construction and the Trainer stepping once per optimizer update; λ is computed in
 * Python floats with HF's operation order (./lambdas.ts, the closed forms). `reduce_lr_on_plateau`
 * is torch's `ReduceLROnPlateau`, built as a torch child (./plateau.ts).
 */
import { defineFramework } from '../define';
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { plateauGroup, type PlateauKind, type PlateauOptions } from '../params';
import type { ParamDef, SchedulerDefinition } from '../types';
import {
  Constant,
  ConstantWithWarmup,
  CosineWarmupWithMinLr,
  CosineWithMinLr,
  CosineWithRestarts,
  InverseSqrt,
  Linear,
  Polynomial,
  SHAPES,
  WarmupStableDecay,
  type Shape,
} from './lambdas';
import { HALF_CYCLES, key, LR, TRAINING, WARMUP } from './params';
import { GreedyLR, type GreedyParams } from './greedy';
import { reduceLrOnPlateau } from './plateau';

const MODULE = 'transformers.optimization';
const hf = defineFramework('hf', { module: MODULE, precision: 'float64' });
/** The import path of a transformers schedule function (the definitions are named by get_scheduler). */
const fn = (name: string): string => `${MODULE}.${name}`;

const num = (v: unknown): number => v as number;

/** polynomial's closed form, also run by its own stepper. */
const polynomial = (p: Record<string, unknown>): Polynomial =>
  new Polynomial(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.lr_end), num(p.power));

/** min_lr and min_lr_rate of the two cosine_with_min_lr schedules: exactly one of them is set. */
const MIN_LR_PARAMS: ParamDef[] = [
  {
    name: 'min_lr',
    type: { kind: 'number', min: 0, slider: { min: 1e-8, max: 0.01, scale: 'log' } },
    default: null,
    nullable: true,
    doc: 'Floor of the cosine as an absolute lr (converted to min_lr / lr); set min_lr_rate to None to use it.',
    key: true,
  },
  {
    name: 'min_lr_rate',
    type: { kind: 'number', min: 0, slider: { min: 0, max: 1 } },
    default: null,
    example: 0.1,
    nullable: true,
    doc: 'Floor of the cosine as a fraction of lr. Exactly one of min_lr and min_lr_rate must be set.',
    key: true,
  },
];

/** transformers' rule: exactly one of min_lr and min_lr_rate (ValueError otherwise). */
function checkMinLr(p: Record<string, unknown>, path: string): void {
  const a = p.min_lr !== null;
  const b = p.min_lr_rate !== null;
  if (a && b) paramError('min_lr', 'set only one of min_lr and min_lr_rate (the other must be None)', path);
  if (!a && !b) paramError('min_lr_rate', 'set one of min_lr_rate and min_lr (both are None)', path);
  if (a && num(p.lr) === 0) paramError('lr', 'must not be 0 with min_lr: transformers divides min_lr by it', path);
}

/** `min_lr / optimizer.defaults["lr"]`, or min_lr_rate. */
const minLrRate = (p: Record<string, unknown>): number => (p.min_lr !== null ? num(p.min_lr) / num(p.lr) : num(p.min_lr_rate));

const WARMUP_LATEX = String.raw`\lambda(t) = \frac{t}{\max(1, W)} \ \ (t < W)`;

/** torch's ReduceLROnPlateau group, which get_reduce_on_plateau_schedule passes on, in the Trainer's words. */
const TRAINER_PLATEAU: PlateauOptions<PlateauKind> = {
  docs: {
    mode: "'min' for a loss (the metric should fall), 'max' for an accuracy.",
    factor: 'The lr is multiplied by factor at each reduction (torch requires factor < 1).',
    patience: 'Evaluations without improvement tolerated; the lr drops on the next one.',
    threshold: 'How much better than the best a metric must be to count as an improvement.',
    threshold_mode: "'rel': compare with best·(1 ∓ threshold); 'abs': with best ∓ threshold.",
    cooldown: 'Evaluations after a reduction during which bad evaluations are not counted.',
    min_lr: 'The lr never goes below this.',
    eps: 'A reduction smaller than eps is skipped.',
  },
  ranges: { min_lr: { min: 0, slider: { min: 0, max: 0.001 } }, eps: { min: 0 } },
};

export const hfSchedulers: SchedulerDefinition[] = [
  hf({
    name: 'constant',
    module: fn('get_constant_schedule'),
    family: 'constant',
    params: [LR],
    formula: String.raw`\eta_t = \eta`,
    description:
      "Keeps the optimizer's learning rate for every update (a LambdaLR whose lambda returns 1). get_scheduler " +
      'ignores num_warmup_steps and num_training_steps for it.',
    closedForm: (p) => new Constant(num(p.lr)),
  }),
  hf({
    name: 'constant_with_warmup',
    module: fn('get_constant_schedule_with_warmup'),
    family: 'warmup',
    params: [LR, key(WARMUP)],
    formula: String.raw`\eta_t = \eta \cdot \min\!\left(\frac{t}{\max(1, W)},\ 1\right)`,
    description:
      'Linear warmup from 0 over num_warmup_steps updates, then the constant learning rate. The first update ' +
      'runs at lr 0 (λ(0) = 0) and the full lr is reached at t = W. get_scheduler passes only num_warmup_steps.',
    closedForm: (p) => new ConstantWithWarmup(num(p.lr), num(p.num_warmup_steps)),
  }),
  hf({
    name: 'linear',
    module: fn('get_linear_schedule_with_warmup'),
    family: 'linear',
    params: [LR, key(WARMUP), key(TRAINING)],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \frac{T - t}{\max(1, T - W)}\right) \ \ (t \ge W) \end{gathered}`,
    description:
      'The Trainer default: linear warmup from 0 over W updates, then a linear decay to 0 at t = T ' +
      '(num_training_steps), clamped at 0 afterwards. The first update runs at lr 0. lr = lr·λ(t) with λ in ' +
      'Python floats.',
    closedForm: (p) => new Linear(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps)),
  }),
  hf({
    name: 'cosine',
    module: fn('get_cosine_schedule_with_warmup'),
    family: 'cosine',
    params: [LR, key(WARMUP), key(TRAINING), HALF_CYCLES],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \tfrac12\left(1 + \cos(2\pi c\, p)\right)\right), \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then num_cycles cosine waves over the remaining T − W updates ' +
      '(0.5: a half-cosine from lr to 0, reached at t = T). Trap: nothing clamps it after T: with the default ' +
      '0.5 cycles the curve rises again (back to lr at t = 2T − W).',
    paper: PAPERS.sgdr,
    closedForm: (p) =>
      new CosineWithMinLr(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles), 0.0),
  }),
  hf({
    name: 'cosine_with_restarts',
    module: fn('get_cosine_with_hard_restarts_schedule_with_warmup'),
    family: 'restarts',
    params: [
      LR,
      WARMUP,
      key(TRAINING),
      {
        name: 'num_cycles',
        type: { kind: 'integer', min: 0, slider: { min: 1, max: 10 } },
        default: 1,
        doc: 'Number of hard restarts: half-cosines from lr to 0 that fill T − W.',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \begin{cases} \tfrac12\left(1 + \cos(\pi\,((c\,p) \bmod 1))\right) & p < 1 \\ 0 & p \ge 1 \end{cases}, \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then num_cycles half-cosines from lr to 0, each restarting at lr ' +
      '(hard restarts), filling the T − W remaining updates; from t = T on the lr is exactly 0.',
    paper: PAPERS.sgdr,
    closedForm: (p) =>
      new CosineWithRestarts(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles)),
  }),
  hf({
    name: 'polynomial',
    module: fn('get_polynomial_decay_schedule_with_warmup'),
    family: 'polynomial',
    params: [
      LR,
      WARMUP,
      TRAINING,
      {
        name: 'lr_end',
        type: { kind: 'number', min: 0, slider: { min: 1e-9, max: 0.01, scale: 'log' } },
        default: 1e-7,
        doc: 'The learning rate reached at t = T and kept afterwards (must be below lr).',
        key: true,
      },
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5, scale: 'log' } },
        default: 1.0,
        doc: 'Exponent of the decay (1: linear).',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \eta_t = \begin{cases} (\eta - \eta_{end})\left(1 - \frac{t - W}{T - W}\right)^{p} + \eta_{end} & W \le t \le T \\ \eta_{end} & t > T \end{cases} \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then a polynomial decay from lr to lr_end at t = T, lr_end ' +
      'afterwards. HF computes λ = decay / lr_init with lr_init = optimizer.defaults["lr"] (= lr here) and ' +
      'LambdaLR multiplies back, so values are lr·(decay/lr), not decay, in the last bit. lr must exceed lr_end ' +
      '(ValueError); num_training_steps equal to num_warmup_steps divides 0 by 0 at t = W and is rejected.',
    check(p, path) {
      if (!(num(p.lr) > num(p.lr_end))) {
        paramError('lr_end', `must be smaller than the initial lr ${num(p.lr)} (got ${num(p.lr_end)})`, path);
      }
      if (num(p.num_training_steps) === num(p.num_warmup_steps)) {
        paramError(
          'num_training_steps',
          `must differ from num_warmup_steps (${num(p.num_warmup_steps)}): transformers divides by their difference at the end of warmup (ZeroDivisionError)`,
          path,
        );
      }
    },
    // 0.0 ** power raises for a negative power at t = T: the shared stepper finds that step.
    closedForm: polynomial,
  }),
  hf({
    name: 'inverse_sqrt',
    module: fn('get_inverse_sqrt_schedule'),
    family: 'inverse-sqrt',
    params: [
      LR,
      key(WARMUP),
      {
        name: 'timescale',
        unit: 'steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 100000, scale: 'log' } },
        default: null,
        nullable: true,
        doc: 'Decay time scale; None means num_warmup_steps, or 10000 if that is 0. get_scheduler cannot set it.',
      },
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \frac{1}{\sqrt{(t + \tau - W)/\tau}}\ \ (t \ge W) \end{gathered}`,
    description:
      'Linear warmup from 0 over W updates, then decay proportional to 1/√t: with the default timescale = W, ' +
      'λ(t) = √(W/t), continuous at t = W — the Noam / Transformer schedule. It never ends. With W = 0 the ' +
      'timescale becomes 10000 and there is no warmup. timescale is an argument of get_inverse_sqrt_schedule ' +
      'only: get_scheduler passes num_warmup_steps alone.',
    paper: PAPERS.transformer,
    closedForm: (p) => {
      const W = num(p.num_warmup_steps);
      const timescale = p.timescale === null ? W || 10_000 : num(p.timescale);
      return new InverseSqrt(num(p.lr), W, timescale);
    },
  }),
  hf({
    name: 'reduce_lr_on_plateau',
    module: fn('get_reduce_on_plateau_schedule'),
    family: 'plateau',
    metricDriven: true,
    params: [
      LR,
      ...plateauGroup(TRAINER_PLATEAU),
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(f\,\eta,\ \eta_{min}) \\ \text{after } \text{patience}+1 \text{ evaluations} \\ \text{without improvement} \end{gathered}`,
    description:
      "transformers' get_reduce_on_plateau_schedule is torch.optim.lr_scheduler.ReduceLROnPlateau with the " +
      'scheduler_specific_kwargs: the lr starts at the optimizer lr and is multiplied by factor once the ' +
      'monitored metric has not improved for patience + 1 consecutive evaluations. The Trainer steps it with ' +
      'the eval metric after each evaluation (not after every update); here metrics[i] is reported after update i.',
    create: reduceLrOnPlateau,
  }),
  hf({
    name: 'cosine_with_min_lr',
    module: fn('get_cosine_with_min_lr_schedule_with_warmup'),
    family: 'cosine',
    positional: ['num_warmup_steps', 'num_training_steps', 'num_cycles', 'last_epoch', 'min_lr', 'min_lr_rate'],
    params: [
      LR,
      WARMUP,
      TRAINING,
      HALF_CYCLES,
      ...MIN_LR_PARAMS,
    ],
    formula: String.raw`\begin{gathered} ${WARMUP_LATEX}, \\ \lambda(t) = \max\!\left(0, \tfrac12\left(1 + \cos(2\pi c\, p)\right)(1 - r) + r\right), \\ p = \frac{t - W}{\max(1, T - W)} \end{gathered}`,
    description:
      'Like cosine, but the cosine runs from lr down to a floor r·lr instead of 0, with r = min_lr_rate or ' +
      'min_lr / lr. Linear warmup from 0 over W updates; the floor is reached at t = T and, as with cosine, the ' +
      'curve rises again afterwards. transformers raises unless exactly one of min_lr and min_lr_rate is given.',
    paper: PAPERS.sgdr,
    check: checkMinLr,
    closedForm: (p) =>
      new CosineWithMinLr(num(p.lr), num(p.num_warmup_steps), num(p.num_training_steps), num(p.num_cycles), minLrRate(p)),
  }),
  hf({
    name: 'cosine_warmup_with_min_lr',
    module: fn('get_cosine_with_min_lr_schedule_with_warmup_lr_rate'),
    family: 'cosine',
    params: [
      LR,
      key(WARMUP),
      TRAINING,
      HALF_CYCLES,
      ...MIN_LR_PARAMS,
      {
        name: 'warmup_lr_rate',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 1 } },
        default: null,
        nullable: true,
        doc: 'Start of the warmup as a fraction of lr (None: the warmup starts at 1/W).',
      },
    ],
    formula: String.raw`\begin{gathered} \lambda(t) = \begin{cases} \frac{t + 1}{\max(1, W)} & t < W,\ \text{no } w \\ w + \frac{(1 - w)\,t}{\max(1, W - 1)} & t < W \end{cases}, \\ \lambda(t) = \max\!\left(0, \tfrac12\left(1 + \cos(2\pi c\, p)\right)(1 - r) + r\right), \\ p = \frac{t - W + 1}{\max(1, T - W)} \end{gathered}`,
    description:
      'cosine_with_min_lr shifted by one step (transformers 5): the warmup never starts at 0 — it runs from ' +
      '1/W·lr to lr, or, with warmup_lr_rate = w, from w·lr reaching lr at t = W − 1 — and the cosine progress ' +
      'counts t − W + 1, so the floor r·lr (r = min_lr_rate or min_lr / lr) is reached at t = T − 1. As with ' +
      'cosine, nothing clamps it afterwards: the curve rises again. transformers raises unless exactly one of ' +
      'min_lr and min_lr_rate is given.',
    paper: PAPERS.sgdr,
    check: checkMinLr,
    closedForm: (p) =>
      new CosineWarmupWithMinLr(
        num(p.lr),
        num(p.num_warmup_steps),
        num(p.num_training_steps),
        num(p.num_cycles),
        minLrRate(p),
        p.warmup_lr_rate as number | null,
      ),
  }),
  hf({
    name: 'warmup_stable_decay',
    module: fn('get_wsd_schedule'),
    family: 'wsd',
    params: [
      LR,
      WARMUP,
      {
        name: 'num_decay_steps',
        unit: 'steps', fit: 'cooldown',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 10000 } },
        example: 200,
        doc: 'Updates of the final decay phase.',
        key: true,
      },
      {
        ...TRAINING,
        default: null,
        nullable: true,
        doc: 'Total updates; the stable phase is num_training_steps − W − num_decay_steps unless num_stable_steps is set (one of the two is required).',
      },
      {
        name: 'num_stable_steps',
        unit: 'steps',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 100000 } },
        default: null,
        nullable: true,
        doc: 'Updates at the full lr; overrides num_training_steps when both are set.',
      },
      {
        name: 'warmup_type',
        type: { kind: 'enum', options: SHAPES },
        default: 'linear',
        doc: "Warmup shape: 'linear', 'cosine' or '1-sqrt'.",
      },
      {
        name: 'decay_type',
        type: { kind: 'enum', options: SHAPES },
        default: 'cosine',
        doc: "Decay shape: 'linear', 'cosine' or '1-sqrt'.",
        key: true,
      },
      {
        name: 'min_lr_ratio',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 1 } },
        default: 0,
        doc: 'Start of the warmup and end of the decay, as a fraction of lr.',
      },
      { ...HALF_CYCLES, doc: 'Cosine waves of the cosine decay (0.5: one half-cosine).' },
    ],
    formula: String.raw`\lambda(t) = \begin{cases} r + (1 - r) f_w\!\left(\frac{t}{\max(1,W)}\right) & t < W \\ 1 & t < W + S \\ r + (1 - r) f_d\!\left(\frac{t - W - S}{\max(1, D)}\right) & t < W + S + D \\ r & \text{otherwise} \end{cases}`,
    description:
      'Warmup–stable–decay (trapezoidal): warmup from r·lr to lr over W updates (linear, cosine or 1-sqrt; ' +
      'r = min_lr_ratio, so the first update runs at r·lr), the full lr for S updates, a decay to r·lr over D ' +
      'updates, then r·lr for good. S = num_stable_steps, or num_training_steps − W − D when that is None; ' +
      'transformers raises when both are None. As in recent transformers (warmup_type/decay_type arguments); ' +
      'the first WSD release had a fixed linear warmup from 0 and cosine decay.',
    paper: PAPERS.minicpm,
    check(p, path) {
      if (p.num_training_steps === null && p.num_stable_steps === null) {
        paramError('num_training_steps', 'set num_training_steps or num_stable_steps (both are None)', path);
      }
    },
    closedForm: (p) => {
      const W = num(p.num_warmup_steps);
      const D = num(p.num_decay_steps);
      const S = p.num_stable_steps !== null ? num(p.num_stable_steps) : num(p.num_training_steps) - W - D;
      const shape = (v: unknown) => SHAPES.indexOf(v as (typeof SHAPES)[number]) as Shape;
      return new WarmupStableDecay(
        num(p.lr),
        W,
        S,
        D,
        shape(p.warmup_type),
        shape(p.decay_type),
        num(p.min_lr_ratio),
        num(p.num_cycles),
      );
    },
  }),
  hf({
    name: 'greedy',
    module: fn('get_greedy_schedule'),
    family: 'plateau',
    metricDriven: true,
    params: [
      LR,
      { name: 'mode', type: { kind: 'enum', options: ['min', 'max'] }, default: 'min', doc: "'min' for a loss (the metric should fall), 'max' for an accuracy." },
      {
        name: 'factor',
        type: { kind: 'number', max: 1, maxExclusive: true, slider: { min: 0.5, max: 0.99 } },
        default: 0.95,
        doc: 'The lr is multiplied by factor on a plateau and divided by it on a run of improvements (must be < 1).',
        key: true,
      },
      {
        name: 'patience',
        type: { kind: 'integer', slider: { min: 0, max: 50 } },
        default: 10,
        doc: 'Improving (or non-improving) evaluations in a row tolerated; the lr changes on the next one.',
        key: true,
      },
      { name: 'threshold', type: { kind: 'number', slider: { min: 0, max: 0.01 } }, default: 1e-6, doc: 'How much better than the best a metric must be to count as an improvement.' },
      { name: 'threshold_mode', type: { kind: 'enum', options: ['rel', 'abs'] }, default: 'abs', doc: "'abs': compare with best ∓ threshold; 'rel': with best·(1 ∓ threshold)." },
      { name: 'cooldown', type: { kind: 'integer', slider: { min: 0, max: 20 } }, default: 0, doc: 'Evaluations ignored after a reduction.' },
      { name: 'warmup', type: { kind: 'integer', slider: { min: 0, max: 20 } }, default: 0, doc: 'Evaluations ignored after an increase.' },
      { name: 'min_lr', type: { kind: 'number', slider: { min: 0, max: 0.01 } }, default: 1e-3, doc: 'Lower bound of the reductions (default 1e-3: above a typical fine-tuning lr).' },
      { name: 'max_lr', type: { kind: 'number', slider: { min: 0, max: 10 } }, default: 1.0, doc: 'Upper bound of the increases.' },
      { name: 'eps', type: { kind: 'number', slider: { min: 0, max: 1e-6 } }, default: 1e-8, doc: 'A change of the lr smaller than eps is skipped.' },
      { name: 'smooth', type: { kind: 'boolean' }, default: false, doc: 'Compare a rolling mean of the last window_size metrics instead of the metric.' },
      { name: 'window_size', type: { kind: 'integer', min: 1, slider: { min: 1, max: 200 } }, default: 50, doc: 'Length of the rolling mean (smooth=True).' },
      {
        name: 'reset_start',
        type: { kind: 'integer', slider: { min: 1, max: 1000 } },
        default: 500,
        doc: 'Reductions at min_lr after which the scheduler starts over from the initial lr.',
      },
    ],
    formula: String.raw`\eta \leftarrow \begin{cases} \min(\eta / f,\ \eta_{max}) & \text{patience}+1 \text{ improvements in a row} \\ \max(f\,\eta,\ \eta_{min}) & \text{patience}+1 \text{ evaluations without} \end{cases}`,
    description:
      "GreedyLR (transformers 5's get_scheduler('greedy')): a plateau scheduler that also raises the lr. It " +
      'compares each metric (or its rolling mean, smooth=True) with the best so far: after more than patience ' +
      'improvements in a row it divides the lr by factor (up to max_lr, then warmup evaluations are ignored), after ' +
      'more than patience evaluations without improvement it multiplies it by factor (down to min_lr, then cooldown ' +
      'evaluations are ignored). Once it has tried to reduce below min_lr reset_start times it starts over from the ' +
      'initial lr. Trap: min_lr defaults to 1e-3, above a typical fine-tuning lr: an lr below it is never reduced ' +
      '(only raised), and every plateau then counts towards the reset. The Trainer steps it with the eval metric after each evaluation; here metrics[i] is reported ' +
      'after update i. get_scheduler passes only scheduler_specific_kwargs.',
    create: (p) => new GreedyLR(p as unknown as GreedyParams),
  }),
];
