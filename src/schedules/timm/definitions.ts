/**
 * timm schedulers (`timm.scheduler`): stateless functions of the counter the training loop passes
 * (`step(epoch)` when t_in_epochs, else `step_update(num_updates)`), with timm's warmup (prefix or
 * overlay), cycles (`cycle_mul` via CPython's `math.log(x, m)`, reproduced with a correctly rounded
 * log), k-decay and noise (torch's MT19937 seeded `noise_seed + t`, as timm draws it): closed forms
 * (form.ts, cycles.ts, decay.ts, noise.ts). PlateauLRScheduler wraps torch's ReduceLROnPlateau
 * (plateau.ts).
 *
 * `result[i]` is the lr `step(i)` / `step_update(i)` sets; for PlateauLRScheduler, the lr after
 * construction and then after `step(i + 1, metrics[i])` as timm's train.py calls it.
 */
import { defineFramework } from '../define';
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { ClosedFormStepper } from '../closedForm';
import { formOrRaise } from '../pythonClosedForm';
import type { SchedulerDefinition } from '../types';
import { CosineForm, PolyForm, TanhForm } from './cycles';
import { MultiStepForm, StepForm } from './decay';
import { plateauParams } from '../params';
import { checkNoise, CYCLE_PARAMS, decayRate, K_DECAY, LR, LR_MIN, noiseParams, num, T_INITIAL, warmupAndNoiseParams, warmupLrInit, warmupT } from './params';
import { PlateauStepper } from './plateau';

// The cycle curves raise where Python does (math domain error once cycle_mul < 1 has no cycle left):
// the shared ClosedFormStepper finds that step.
const timm = defineFramework('timm', { module: 'timm.scheduler', precision: 'float64' });

const WARMUP_NOTE =
  'Warmup: for t < warmup_t the lr is warmup_lr_init + t·(lr − warmup_lr_init)/warmup_t; with warmup_prefix the ' +
  'schedule then starts at t − warmup_t, otherwise the warmup replaces its first warmup_t steps (a jump from ≈lr ' +
  'to the curve at warmup_t). Noise (noise_range_t): lr·(1 + n), n a float32 standard normal from ' +
  'torch.Generator().manual_seed(noise_seed + t), redrawn until |n| < noise_pct — reproduced draw for draw.';

const CYCLE_NOTE =
  'Cycles: with cycle_mul = m ≠ 1 cycle i spans t_initial·m^i steps and i = floor(math.log(1 − t/t_initial·(1 − m), m)) ' +
  "as CPython computes it (its log is one ulp below an integer at some exact restarts, e.g. math.log(243, 3) " +
  '= 4.999999999999999, putting that step at the end of the previous cycle: reproduced). After cycle_limit cycles ' +
  'the lr stays at lr_min — no periodic rise.';

/** PlateauLRScheduler's share of torch's ReduceLROnPlateau group, under timm's names. */
const plateau = plateauParams({
  docs: {
    factor: 'The lr is multiplied by decay_rate at each reduction (torch requires < 1).',
    patience: 'Epochs without improvement tolerated; the lr drops on the next one.',
    threshold: 'Relative improvement needed over the best metric (threshold_mode rel).',
    cooldown: 'Epochs after a reduction during which bad epochs are not counted.',
    mode: "Default 'max' (an accuracy should rise); use 'min' for a loss.",
  },
  names: { factor: 'decay_rate', patience: 'patience_t', cooldown: 'cooldown_t' },
  own: { mode: { default: 'max', key: true } },
});

export const timmSchedulers: SchedulerDefinition[] = [
  timm({
    name: 'CosineLRScheduler',
    family: 'cosine',
    params: [
      LR,
      T_INITIAL,
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupAndNoiseParams(false),
      K_DECAY,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} \eta_{min} + \tfrac12\left(\eta\,\gamma^{i} - \eta_{min}\right)(1 + c) & i < L \\ \eta_{min} & i \ge L \end{cases} \\ c = \cos\frac{\pi\, t_{cur}^{\,k}}{t_i^{\,k}} \end{gathered}`,
    description:
      'Cosine annealing from lr to lr_min over t_initial steps (SGDR), optionally restarted: cycle_limit cycles, ' +
      'each cycle_mul times longer with its peak multiplied by cycle_decay. With the defaults one cosine runs over ' +
      '[0, t_initial) and the lr is lr_min from t_initial on. ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    paper: PAPERS.sgdr,
    check: checkNoise,
    closedForm: (p) => new CosineForm(p),
  }),
  timm({
    name: 'TanhLRScheduler',
    family: 'tanh',
    params: [
      LR,
      T_INITIAL,
      { name: 'lb', type: { kind: 'number', slider: { min: -10, max: 0 } }, default: -7.0, doc: 'tanh argument at the start of a cycle (must be below ub).' },
      { name: 'ub', type: { kind: 'number', slider: { min: 0, max: 10 } }, default: 3.0, doc: 'tanh argument at the end of a cycle.' },
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupAndNoiseParams(false),
    ],
    formula: String.raw`\begin{gathered} \begin{aligned} \eta_t = \eta_{min} &+ \tfrac12\left(\eta\,\gamma^{i} - \eta_{min}\right) \\ &\cdot \left(1 - \tanh\!\left(lb\,(1 - r) + ub\, r\right)\right), \end{aligned} \\ r = \frac{t_{cur}}{t_i} \end{gathered}`,
    description:
      'Hyperbolic-tangent decay: within a cycle the lr follows ½(1 − tanh(lb·(1 − r) + ub·r)) from ≈lr (0.99999917·lr ' +
      'with lb = −7) towards lr_min (≈0.00247 of the range above it at r → 1), with cycles like CosineLRScheduler. ' +
      'Without warmup_prefix the warmup ramps to the tanh curve’s value at warmup_t (continuous). ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    paper: PAPERS.tanhDecay,
    check(p, path) {
      if (!(num(p.lb) < num(p.ub))) paramError('lb', `must be less than ub (${num(p.ub)}) (got ${num(p.lb)})`, path);
      checkNoise(p, path);
    },
    closedForm: (p) => formOrRaise(() => new TanhForm(p)),
    // Built directly, the stepper raises at construction where timm's does (its warmup target).
    create: (p) => new ClosedFormStepper(new TanhForm(p)),
  }),
  timm({
    name: 'StepLRScheduler',
    family: 'step',
    params: [
      LR,
      {
        name: 'decay_t',
        unit: 'steps', fit: 'interval',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 100 } },
        example: 30,
        doc: 'The lr is multiplied by decay_rate every decay_t steps (t // decay_t; may be fractional).',
        key: true,
      },
      decayRate('Multiplicative factor per decay (the class default 1.0 means no decay).'),
      ...warmupAndNoiseParams(true),
    ],
    formula: String.raw`\eta_t = \eta \cdot r^{\lfloor t / d \rfloor}`,
    description:
      'Step decay: lr·decay_rate^(t // decay_t), the drop taking effect at t = decay_t, 2·decay_t, … (like torch ' +
      'StepLR, but computed as a power, not a running product). warmup_prefix defaults to True here. ' +
      WARMUP_NOTE,
    check: checkNoise,
    closedForm: (p) => new StepForm(p),
  }),
  timm({
    name: 'MultiStepLRScheduler',
    family: 'multistep',
    params: [
      LR,
      {
        name: 'decay_t',
        unit: 'steps', fit: 'spread',
        type: { kind: 'numberList', integer: true, order: 'nondecreasing' },
        example: [30, 60, 90],
        doc: 'Milestones (sorted). Trap: the decay takes effect at t = m − 1, one step before the milestone.',
        key: true,
      },
      decayRate('Multiplicative factor per milestone passed (the class default 1.0 means no decay).'),
      ...warmupAndNoiseParams(true),
    ],
    formula: String.raw`\eta_t = \eta \cdot r^{\#\{m \in M\,:\, m \le t + 1\}}`,
    description:
      'Multi-step decay: lr·decay_rate^k with k = bisect_right(decay_t, t + 1) — the + 1 makes each decay happen ' +
      'at t = m − 1, one step earlier than torch MultiStepLR (use decay_t = [m + 1, …] to match it). ' +
      WARMUP_NOTE,
    check: checkNoise,
    closedForm: (p) => new MultiStepForm(p),
  }),
  timm({
    name: 'PlateauLRScheduler',
    family: 'plateau',
    metricDriven: true,
    params: [
      { ...LR, key: false },
      plateau.factor,
      plateau.patience,
      plateau.threshold,
      plateau.cooldown,
      warmupT('Warmup epochs: step(epoch) with epoch <= warmup_t sets the warmup lr and ignores the metric.'),
      warmupLrInit('The lr before the first step when warmup_t > 0.'),
      LR_MIN,
      plateau.mode,
      ...noiseParams(true),
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(r\,\eta,\ \eta_{min}) \\ \text{after } \text{patience\_t}+1 \text{ epochs without improvement} \end{gathered}`,
    description:
      "torch's ReduceLROnPlateau (patience=patience_t, factor=decay_rate, cooldown=cooldown_t, min_lr=lr_min, " +
      "threshold_mode 'rel', eps 1e-8) with warmup and noise. Trap: mode defaults to 'max'. Driven as in timm's " +
      'train.py: step(epoch + 1, metric) after each epoch, so the first value is the lr after construction ' +
      '(warmup_lr_init with warmup, else lr) and metrics[i] produces value i + 1. Epochs up to warmup_t ' +
      '(inclusive) set warmup_lr_init + epoch·(lr − warmup_lr_init)/warmup_t and ignore the metric; afterwards the ' +
      'plateau logic acts on the un-noised lr and noise is added on top (seeded noise_seed + epoch, None → 42). ' +
      'Without warmup and noise it equals torch ReduceLROnPlateau fed the same metrics, value for value.',
    check: checkNoise,
    create: (p, ctx) => new PlateauStepper(p, ctx),
  }),
  timm({
    name: 'PolyLRScheduler',
    family: 'polynomial',
    params: [
      LR,
      T_INITIAL,
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5, scale: 'log' } },
        default: 0.5,
        doc: 'Exponent of the decay (class default 0.5; create_scheduler_v2 passes decay_rate, 0.1 by default).',
        key: true,
      },
      LR_MIN,
      ...CYCLE_PARAMS,
      ...warmupAndNoiseParams(false),
      K_DECAY,
    ],
    formula: String.raw`\eta_t = \begin{cases} \eta_{min} + \left(\eta\,\gamma^{i} - \eta_{min}\right)\left(1 - \frac{t_{cur}^{\,k}}{t_i^{\,k}}\right)^{p} & i < L \\ \eta_{min} & i \ge L \end{cases}`,
    description:
      'Polynomial decay from lr to lr_min over t_initial steps: (lr − lr_min)(1 − t/t_initial)^power + lr_min, with ' +
      'the cycles of CosineLRScheduler (defaults: one cycle, then lr_min). ' +
      CYCLE_NOTE +
      ' ' +
      WARMUP_NOTE,
    check: checkNoise,
    closedForm: (p) => new PolyForm(p),
  }),
];
