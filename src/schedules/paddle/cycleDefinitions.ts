/**
 * Definitions of Paddle's warmup, plateau, cosine, cyclic and linear schedulers
 * (`paddle.optimizer.lr`): parameters, docs and validation as in Paddle, each bound to its
 * computation.
 */
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { cyclicScaleParams, plateauGroup, warmRestartsParams } from '../params';
import type { CreateContext } from '../types';
import { PaddleFormStepper, type PaddleForm } from './core';
import { cosineAnnealingRecursion, CosineAnnealingForm, CosineAnnealingStepper, WarmRestartsForm } from './cosine';
import {
  ANNEAL_COS,
  ANNEAL_LINEAR,
  CyclicForm,
  OneCycleForm,
  SCALE_CUSTOM,
  SCALE_EXP_RANGE,
  SCALE_TRIANGULAR,
  SCALE_TRIANGULAR2,
} from './cyclic';
import { define, ETA_MIN, explicitEpochFormOf, FACTOR_SLIDER, lambdaOf, learningRate, LR_SLIDER, num, rate, type Params } from './define';
import { PlateauStepper } from './plateau';
import { LinearFactorForm, LinearLRStepper, RecursionForm } from './recursive';
import { LinearWarmupForm, LinearWarmupStepper } from './warmup';

type ChildSpec = { scheduler: string; params: Params };

const wrappedPath = (ctx: CreateContext): string => (ctx.path ? `${ctx.path}.learning_rate` : 'learning_rate');

/** LinearWarmup over a number, or over a wrapped scheduler with a closed form; `null` over one without. */
function linearWarmupForm(p: Params, ctx: CreateContext): PaddleForm | null {
  const lr = p.learning_rate;
  const inner = typeof lr === 'number' ? null : explicitEpochFormOf(lr as ChildSpec, ctx, wrappedPath(ctx));
  if (typeof lr !== 'number' && inner === null) return null;
  return new LinearWarmupForm(typeof lr === 'number' ? lr : 0, inner, num(p, 'warmup_steps'), num(p, 'start_lr'), num(p, 'end_lr'));
}

// Constructors take plain arguments, never a spread (`new C(...args)`): objects built by a spread
// call measured 7-9 % slower steppers.
const linearLr = (p: Params) =>
  new LinearLRStepper(num(p, 'learning_rate'), num(p, 'total_steps'), num(p, 'start_factor'), num(p, 'end_factor'));
const warmRestartsForm = (p: Params, explicitEpochs: boolean) =>
  new WarmRestartsForm(num(p, 'learning_rate'), num(p, 'T_0'), num(p, 'T_mult'), num(p, 'eta_min'), explicitEpochs);


export const linearWarmup = define({
  name: 'LinearWarmup',
  family: 'warmup',
  params: [
    {
      name: 'learning_rate',
      type: {
        kind: 'numberOrSchedule',
        frameworks: ['paddle'],
        exclude: ['paddle.ReduceOnPlateau'],
        slider: LR_SLIDER,
      },
      example: 0.1,
      doc: 'Rate after warmup: a number, or a Paddle scheduler evaluated at t - warmup_steps.',
      key: true,
    },
    {
      name: 'warmup_steps',
      unit: 'steps', fit: 'warmup',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
      example: 100,
      doc: 'Steps of linear warmup.',
      key: true,
    },
    {
      name: 'start_lr',
      type: { kind: 'number', min: 0, slider: LR_SLIDER },
      example: 0,
      doc: 'Rate at t = 0.',
    },
    {
      name: 'end_lr',
      type: { kind: 'number', slider: LR_SLIDER },
      example: 0.1,
      doc: 'Rate the ramp heads for (reached only in the limit: at t = warmup_steps the wrapped rate takes over).',
    },
  ],
  check: (p, path) => {
    const s = p.start_lr as number;
    const e = p.end_lr as number;
    if (!(e > s)) paramError('end_lr', `must be greater than start_lr (${e} <= ${s})`, path);
  },
  formula: String.raw`\eta_t = \begin{cases} \dfrac{(\eta_{end} - \eta_{start})\,t}{W} + \eta_{start} & t < W \\ \text{lr}(t - W) & t \ge W \end{cases}`,
  description:
    'Linear warmup from start_lr towards end_lr over warmup_steps, then learning_rate: a constant, or a wrapped Paddle scheduler shifted by W (it sees epoch t − W). The ramp stops one step short of end_lr, and if end_lr differs from what the wrapped rate gives at W the curve JUMPS there. The wrapped scheduler is driven with explicit epochs, so it uses its closed form where it has one: CosineAnnealingDecay is evaluated in closed form (not by its recursion), CosineAnnealingWarmRestarts takes its log-based explicit-epoch path (one cycle too low at some exact restart boundaries, as in CPython). end_lr must exceed start_lr (no decreasing warmup).',
  paper: PAPERS.bagOfTricks,
  closedForm: linearWarmupForm,
  create: (p, ctx) => {
    const form = linearWarmupForm(p, ctx);
    if (form !== null) return new PaddleFormStepper(form);
    const inner = ctx.createChild(p.learning_rate as ChildSpec, wrappedPath(ctx));
    return new LinearWarmupStepper(inner, num(p, 'warmup_steps'), num(p, 'start_lr'), num(p, 'end_lr'));
  },
});

export const reduceOnPlateau = define({
  name: 'ReduceOnPlateau',
  family: 'plateau',
  metricDriven: true,
  params: [
    {
      name: 'learning_rate',
      type: { kind: 'number', slider: LR_SLIDER },
      example: 0.1,
      doc: 'Initial learning rate.',
      key: true,
    },
    ...plateauGroup({
      docs: {
        mode: "'min': reduce when the metric stops falling; 'max': when it stops rising.",
        factor: 'Multiplier applied at a reduction (< 1).',
        patience: 'Non-improving steps tolerated; the reduction comes on the (patience+1)-th.',
        threshold: 'Minimum change that counts as an improvement.',
        threshold_mode: "'rel': best·threshold; 'abs': threshold.",
        cooldown: 'Steps after a reduction during which metrics are ignored.',
        min_lr: 'Lower bound of the learning rate.',
        eps: 'Reductions smaller than this are skipped.',
      },
      names: { eps: 'epsilon' },
      // Paddle checks neither patience nor cooldown for >= 0.
      ranges: {
        factor: { slider: FACTOR_SLIDER },
        patience: { min: null },
        threshold: { slider: { min: 1e-6, max: 0.1, scale: 'log' } },
        cooldown: { min: null, slider: { min: 0, max: 50 } },
        min_lr: { slider: LR_SLIDER },
        eps: { slider: { min: 1e-12, max: 1e-4, scale: 'log' } },
      },
    }),
  ],
  formula: String.raw`\begin{gathered} \eta \leftarrow \max(\eta \cdot f,\ \eta_{min})\ \text{ if } \eta - \max(\eta f, \eta_{min}) > \epsilon, \\ \text{after patience}+1 \text{ non-improving metrics} \end{gathered}`,
  description:
    'Metric-driven: step(metric) after each evaluation; the rate is multiplied by factor on the (patience+1)-th consecutive non-improving metric. Differences from PyTorch: during cooldown the metric is ignored entirely (best is not updated); the first metric always becomes best (best starts as None, so a NaN first metric blocks every later improvement); rel threshold is best − best·threshold. The learning rate is tracked internally and only one scalar min_lr exists.',
  create: (p) =>
    new PlateauStepper(
      num(p, 'learning_rate'),
      p.mode as string,
      p.threshold_mode as string,
      num(p, 'factor'),
      num(p, 'patience'),
      num(p, 'threshold'),
      num(p, 'cooldown'),
      num(p, 'min_lr'),
      num(p, 'epsilon'),
    ),
});

export const cosineAnnealingDecay = define({
  name: 'CosineAnnealingDecay',
  family: 'cosine',
  params: [
    learningRate(),
    {
      name: 'T_max',
      unit: 'steps', fit: 'horizon',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
      example: 100,
      doc: 'Half period: steps from learning_rate down to eta_min.',
      key: true,
    },
    ETA_MIN,
  ],
  formula: String.raw`\begin{aligned} \eta_t &= \frac{1 + \cos(\pi t / T)}{1 + \cos(\pi (t-1) / T)}(\eta_{t-1} - \eta_{min}) + \eta_{min} \\ &= \eta_{min} + \frac{(\eta_0 - \eta_{min})(1 + \cos(\pi t/T))}{2} \end{aligned}`,
  description:
    'Cosine annealing from learning_rate to eta_min over T_max steps, computed by step() RECURSIVELY from the previous rate (with an additive correction right after each minimum), exactly like PyTorch CosineAnnealingLR. It does not stop at T_max: the curve is periodic with period 2·T_max and climbs back to learning_rate at 2·T_max. Inside LinearWarmup it is evaluated in closed form instead (last-bit differences).',
  paper: PAPERS.sgdr,
  create: (p) => new CosineAnnealingStepper(num(p, 'learning_rate'), num(p, 'T_max'), num(p, 'eta_min')),
  closedForm: (p) => cosineAnnealingRecursion(num(p, 'learning_rate'), num(p, 'T_max'), num(p, 'eta_min')),
  explicitEpochForm: (p) => new CosineAnnealingForm(num(p, 'learning_rate'), num(p, 'T_max'), num(p, 'eta_min')),
});

export const oneCycleLR = define({
  name: 'OneCycleLR',
  family: 'onecycle',
  params: [
    rate('max_learning_rate', 'Peak learning rate.'),
    {
      name: 'total_steps',
      unit: 'steps', fit: 'horizon',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 100000, scale: 'log' } },
      example: 1000,
      doc: 'Number of steps in the cycle.',
      key: true,
    },
    {
      name: 'divide_factor',
      type: { kind: 'number', slider: { min: 1, max: 1000, scale: 'log' } },
      default: 25.0,
      doc: 'Initial rate = max_learning_rate / divide_factor.',
    },
    {
      name: 'end_learning_rate',
      type: { kind: 'number', min: 0, slider: { min: 1e-8, max: 0.1, scale: 'log' } },
      default: 0.0001,
      doc: 'Final learning rate (absolute).',
    },
    {
      name: 'phase_pct',
      type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
      default: 0.3,
      doc: 'Fraction of the steps spent increasing.',
    },
    { name: 'anneal_strategy', type: { kind: 'enum', options: ['cos', 'linear'] }, default: 'cos', doc: 'Shape of each phase.' },
    { name: 'three_phase', type: { kind: 'boolean' }, default: false, doc: 'Up, down to the initial rate, then down to end_learning_rate.' },
  ],
  check: (p, path) => {
    const div = p.divide_factor as number;
    const max = p.max_learning_rate as number;
    if (div === 0) paramError('divide_factor', 'must not be 0: max_learning_rate / divide_factor raises ZeroDivisionError', path);
    if (max / div < 0) {
      paramError('divide_factor', `must be positive: the initial rate max_learning_rate / divide_factor = ${max / div} is negative`, path);
    }
    if (p.three_phase === true && !((p.phase_pct as number) < 0.5)) {
      paramError('phase_pct', `must be less than 0.5 when three_phase is true (got ${p.phase_pct})`, path);
    }
  },
  formula: String.raw`\begin{gathered} \eta_t = \eta_{e} + \frac{\eta_{s} - \eta_{e}}{2}\left(1 + \cos\!\left(\pi\,\frac{t - a_i}{b_i - a_i}\right)\right), \\ \text{phases } [0, pT-1],\ [pT-1, T-1] \end{gathered}`,
  description:
    '1cycle: from max_learning_rate/divide_factor up to max_learning_rate over the first phase_pct·total_steps − 1 steps, then down to end_learning_rate at step total_steps − 1 (cosine or linear). Unlike PyTorch, the final rate is ABSOLUTE (end_learning_rate), not max/(div·final_div). Step total_steps is still allowed (it extrapolates: cos rises again, linear may go below end_learning_rate or negative); one more step raises ValueError. three_phase requires phase_pct < 0.5. Degenerate phase lengths (phase_pct·total_steps = 1) raise ZeroDivisionError at step 0.',
  paper: PAPERS.superConvergence,
  closedForm: (p) =>
    new OneCycleForm(
      num(p, 'max_learning_rate'),
      num(p, 'total_steps'),
      num(p, 'divide_factor'),
      num(p, 'end_learning_rate'),
      num(p, 'phase_pct'),
      p.anneal_strategy === 'cos' ? ANNEAL_COS : ANNEAL_LINEAR,
      p.three_phase === true,
    ),
});

export const cyclicLR = define({
  name: 'CyclicLR',
  family: 'cyclic',
  params: [
    rate('base_learning_rate', 'Lower bound of the cycle (and the rate at t = 0).', { example: 0.001 }),
    rate('max_learning_rate', 'Upper bound of the cycle (amplitude = max - base).', { example: 0.006 }),
    {
      name: 'step_size_up',
      unit: 'steps', fit: 'cycle',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000, scale: 'log' } },
      example: 2000,
      doc: 'Steps of the increasing half.',
      key: true,
    },
    {
      name: 'step_size_down',
      unit: 'steps',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000, scale: 'log' } },
      default: null,
      nullable: true,
      doc: 'Steps of the decreasing half (None: same as step_size_up).',
    },
    ...cyclicScaleParams(
      {
        mode: 'Amplitude policy (ignored when scale_fn is given).',
        gamma: 'exp_range scale: exp_gamma ** t (t = iterations).',
        scale_fn: 'Custom amplitude scale (replaces mode), e.g. lambda x: 0.5 ** x.',
        scale_mode: 'Argument of scale_fn: the cycle number (from 1) or the iteration count.',
      },
      'exp_gamma',
    ),
  ],
  formula: String.raw`\begin{gathered} c = 1 + \left\lfloor \frac{t}{u + d} \right\rfloor,\quad x = 1 + \frac{t}{u+d} - c, \\ \eta_t = \eta_{b} + (\eta_{m} - \eta_{b}) \cdot f(x) \cdot s(\cdot), \\ f(x) = \begin{cases} x / r & x \le r \\ (1 - x)/(1 - r) & x > r \end{cases},\quad r = \frac{u}{u+d} \end{gathered}`,
  description:
    'Cyclical learning rate (Smith 2017), stepped per iteration: a triangle between base_learning_rate and max_learning_rate with step_size_up steps up and step_size_down down. triangular2 halves the amplitude every cycle; exp_range scales it by exp_gamma**t with t the ABSOLUTE iteration, not the position in the cycle. No momentum cycling (PyTorch cycles momentum by default). triangular2 raises OverflowError after 1024 cycles (2.0 ** 1024), as in Python.',
  paper: PAPERS.clr,
  closedForm: (p) => {
    const up = num(p, 'step_size_up');
    const down = p.step_size_down === null ? up : num(p, 'step_size_down');
    const custom = p.scale_fn !== null;
    const kind = custom
      ? SCALE_CUSTOM
      : p.mode === 'triangular'
        ? SCALE_TRIANGULAR
        : p.mode === 'triangular2'
          ? SCALE_TRIANGULAR2
          : SCALE_EXP_RANGE;
    return new CyclicForm(
      num(p, 'base_learning_rate'),
      num(p, 'max_learning_rate'),
      up,
      down,
      kind,
      num(p, 'exp_gamma'),
      custom ? lambdaOf(p.scale_fn) : null,
      custom ? p.scale_mode === 'cycle' : true,
    );
  },
});

export const linearLR = define({
  name: 'LinearLR',
  family: 'linear',
  params: [
    learningRate(),
    {
      name: 'total_steps',
      unit: 'steps', fit: 'warmup',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
      example: 100,
      doc: 'Steps from start_factor to end_factor.',
      key: true,
    },
    {
      name: 'start_factor',
      type: { kind: 'number', min: 0, max: 1, minExclusive: true, slider: { min: 0.001, max: 1, scale: 'log' } },
      default: 1 / 3,
      doc: 'Factor of learning_rate at t = 0, in (0, 1].',
      key: true,
    },
    {
      name: 'end_factor',
      type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
      default: 1.0,
      doc: 'Factor reached at t = total_steps, in [0, 1].',
    },
  ],
  formula: String.raw`\begin{aligned} \eta_t &= \eta_{t-1}\left(1 + \frac{e - s}{T s + (t-1)(e - s)}\right),\quad \eta_0 = s\,\eta_0' \\ &= \eta_0'\left(s + (e-s)\frac{\min(t, T)}{T}\right) \end{aligned}`,
  description:
    'Linear change of the factor from start_factor to end_factor over total_steps, then constant; computed recursively from the previous rate (same recursion as PyTorch LinearLR, last-bit differences from the closed form). Both factors are fractions of learning_rate, so it cannot ramp above learning_rate.',
  create: linearLr,
  // The recursion replayed; it multiplies by factors on one side of 1, then holds: monotone.
  closedForm: (p) =>
    new RecursionForm(
      linearLr(p),
      num(p, 'total_steps'),
      () => [],
      new LinearFactorForm(num(p, 'learning_rate'), num(p, 'total_steps'), num(p, 'start_factor'), num(p, 'end_factor')),
    ),
});

export const cosineAnnealingWarmRestarts = define({
  name: 'CosineAnnealingWarmRestarts',
  family: 'restarts',
  params: [
    learningRate(),
    ...warmRestartsParams({ T_0: 'Length of the first cycle.', T_mult: 'Factor by which each cycle is longer than the previous one.' }),
    ETA_MIN,
  ],
  formula: String.raw`\begin{gathered} \eta_t = \eta_{min} + \frac{(\eta_0 - \eta_{min})\left(1 + \cos(\pi T_{cur} / T_i)\right)}{2}, \\ T_i = T_0 \cdot T_{mult}^{\,i} \end{gathered}`,
  description:
    'SGDR warm restarts: cosine from learning_rate towards eta_min over T_0 steps, then a restart at learning_rate with a cycle T_mult times longer, forever. step() keeps T_cur and T_i as integers (T_cur = T_cur − T_i at a restart), so eta_min itself is never reached. With explicit epochs (inside LinearWarmup) the cycle index comes from a logarithm, as in PyTorch.',
  paper: PAPERS.sgdr,
  closedForm: (p) => warmRestartsForm(p, false),
  explicitEpochForm: (p) => warmRestartsForm(p, true),
});
