/**
 * Definitions of Paddle's decays (`paddle.optimizer.lr`): parameters, docs and validation as in
 * Paddle, each bound to its computation.
 */
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { boundariesParam, valuesParam } from '../params';
import {
  ExponentialForm,
  InverseTimeForm,
  LambdaForm,
  multiStepForm,
  NaturalExpForm,
  NoamForm,
  piecewiseForm,
  PolynomialForm,
  StepDecayForm,
} from './decay';
import { define, FACTOR_SLIDER, lambdaOf, learningRate, LR_SLIDER, lrLambda, num, rate } from './define';
import { MultiplicativeStepper } from './recursive';

export const noamDecay = define({
  name: 'NoamDecay',
  family: 'inverse-sqrt',
  params: [
    {
      name: 'd_model',
      type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 16, max: 8192, scale: 'log' } },
      example: 512,
      doc: 'Model dimension; the rate scales with d_model ** -0.5.',
      key: true,
    },
    {
      name: 'warmup_steps',
      unit: 'steps', fit: 'warmup',
      type: { kind: 'integer', slider: { min: 1, max: 20000 } },
      example: 4000,
      doc: 'Steps of linear warmup; the peak is at t = warmup_steps.',
      key: true,
    },
    rate('learning_rate', 'Multiplier of the whole curve (1.0 in the paper).', { default: 1.0 }),
  ],
  check: (p, path) => {
    const w = p.warmup_steps as number;
    if (w === 0) paramError('warmup_steps', 'must not be 0: Paddle computes 0 ** -1.5 and raises ZeroDivisionError', path);
    if (w < 0) paramError('warmup_steps', `must be positive: Paddle computes (${w}) ** -1.5, a complex number, and raises TypeError`, path);
  },
  formula: String.raw`\begin{gathered} \eta_t = \eta_0 \cdot d_{model}^{-0.5} \cdot \min\!\left(t^{-0.5},\ t \cdot W^{-1.5}\right), \\ \eta_0\text{ at }t=0\text{ uses }\min(1, 0) = 0 \end{gathered}`,
  description:
    'The Transformer schedule ("Attention Is All You Need"): a linear warmup to the peak learning_rate·(d_model·W)^-0.5 at t = W, then decay as 1/sqrt(t). Counter starts at 0 and the first update gets exactly 0 (Paddle special-cases t = 0 as min(1, 0)). learning_rate is a multiplier, not the peak: the peak is much smaller than learning_rate for realistic d_model and W. The legacy static-graph noam_decay counts from 1 instead.',
  paper: PAPERS.transformer,
  closedForm: (p) => new NoamForm(num(p, 'learning_rate'), num(p, 'd_model'), num(p, 'warmup_steps')),
});

export const piecewiseDecay = define({
  name: 'PiecewiseDecay',
  family: 'piecewise',
  params: [
    boundariesParam('Steps at which the next value takes over (not checked for order).', [30, 60]),
    valuesParam('Learning rates: values[i] before boundaries[i]; the last item after the last boundary.', [0.1, 0.01, 0.001]),
  ],
  check: (p, path) => {
    const b = p.boundaries as number[];
    const v = p.values as number[];
    if (v.length <= b.length) {
      paramError('values', `needs at least ${b.length + 1} items, one more than boundaries (got ${v.length})`, path);
    }
  },
  formula: String.raw`\eta_t = v_i\ \text{for the first } i \text{ with } t < b_i,\quad \text{else } v_{\text{last}}`,
  description:
    'Piecewise-constant learning rate given as absolute values; the switch happens at t = boundary. The boundaries are scanned in the given order (Paddle does not sort or check them), and after the last boundary the LAST item of values is used, so extra values beyond len(boundaries)+1 are skipped except the final one. There is no learning_rate argument.',
  closedForm: (p) => piecewiseForm(p.boundaries as number[], p.values as number[]),
});

export const naturalExpDecay = define({
  name: 'NaturalExpDecay',
  family: 'exponential',
  params: [
    learningRate(),
    {
      name: 'gamma',
      type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1e-4, max: 1, scale: 'log' } },
      example: 0.1,
      doc: 'Decay rate per step: lr = learning_rate * exp(-gamma * t).',
      key: true,
    },
  ],
  formula: String.raw`\eta_t = \eta_0\, e^{-\gamma t}`,
  description:
    'Continuous exponential decay written with the natural exponent: learning_rate·exp(−gamma·t), closed form. It equals ExponentialDecay with gamma\' = e^(−gamma) mathematically, with different rounding. gamma must be positive. Stepped per epoch in the docs; a per-iteration gamma must be much smaller.',
  closedForm: (p) => new NaturalExpForm(num(p, 'learning_rate'), num(p, 'gamma')),
});

export const inverseTimeDecay = define({
  name: 'InverseTimeDecay',
  family: 'inverse-time',
  params: [
    learningRate(),
    {
      name: 'gamma',
      type: { kind: 'number', slider: { min: 1e-4, max: 10, scale: 'log' } },
      example: 0.1,
      doc: 'Rate of the inverse decay: lr = learning_rate / (1 + gamma * t).',
      key: true,
    },
  ],
  formula: String.raw`\eta_t = \frac{\eta_0}{1 + \gamma t}`,
  description:
    'Inverse-time decay learning_rate/(1 + gamma·t), closed form, no staircase and no decay_steps (the dygraph class divides by 1 per step; the legacy static function had decay_steps). Paddle does not validate gamma: a negative gamma grows the rate and raises ZeroDivisionError where 1 + gamma·t = 0.',
  closedForm: (p) => new InverseTimeForm(num(p, 'learning_rate'), num(p, 'gamma')),
});

export const polynomialDecay = define({
  name: 'PolynomialDecay',
  family: 'polynomial',
  params: [
    learningRate(),
    {
      name: 'decay_steps',
      unit: 'steps', fit: 'horizon',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
      example: 1000,
      doc: 'Steps over which the rate decays to end_lr.',
      key: true,
    },
    {
      name: 'end_lr',
      type: { kind: 'number', slider: LR_SLIDER },
      default: 0.0001,
      doc: 'Final learning rate.',
    },
    {
      name: 'power',
      type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 0.1, max: 5 } },
      default: 1.0,
      doc: 'Exponent of the polynomial (1 = linear).',
      key: true,
    },
    { name: 'cycle', type: { kind: 'boolean' }, default: false, doc: 'Stretch the horizon to the next multiple of decay_steps instead of holding end_lr.' },
  ],
  formula: String.raw`\begin{gathered} \eta_t = (\eta_0 - \eta_{end})\left(1 - \frac{\min(t, D)}{D}\right)^{p} + \eta_{end}; \\ \text{cycle: } \left(1 - \frac{t}{D\lceil t/D\rceil}\right)^{p},\ \lceil 0/D \rceil := 1 \end{gathered}`,
  description:
    'Polynomial decay from learning_rate to end_lr over decay_steps, then held at end_lr. With cycle=True the horizon becomes decay_steps·ceil(t/decay_steps): the rate hits end_lr at every multiple of decay_steps and then jumps to a LOWER peak each time (about (lr−end)/(k+1)^power + end), not back to learning_rate. Closed form, identical to Keras PolynomialDecay including the t = 0 special case.',
  closedForm: (p) =>
    new PolynomialForm(num(p, 'learning_rate'), num(p, 'decay_steps'), num(p, 'end_lr'), num(p, 'power'), p.cycle === true),
});

export const exponentialDecay = define({
  name: 'ExponentialDecay',
  family: 'exponential',
  params: [
    learningRate(),
    {
      name: 'gamma',
      type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, slider: FACTOR_SLIDER },
      example: 0.9,
      doc: 'Factor per step, in (0, 1).',
      key: true,
    },
  ],
  formula: String.raw`\eta_t = \eta_0\, \gamma^{t}`,
  description:
    'Exponential decay learning_rate·gamma**t, computed in closed form at every step (PyTorch ExponentialLR multiplies recursively, which differs in the last bits). gamma must lie strictly between 0 and 1. Per-step use needs gamma very close to 1.',
  closedForm: (p) => new ExponentialForm(num(p, 'learning_rate'), num(p, 'gamma')),
});

export const multiStepDecay = define({
  name: 'MultiStepDecay',
  family: 'multistep',
  params: [
    learningRate(),
    {
      name: 'milestones',
      unit: 'steps', fit: 'spread',
      type: { kind: 'numberList', integer: true, order: 'increasing' },
      example: [30, 60, 80],
      doc: 'Steps at which the rate is multiplied by gamma (strictly increasing).',
      key: true,
    },
    {
      name: 'gamma',
      type: { kind: 'number', max: 1, maxExclusive: true, slider: FACTOR_SLIDER },
      default: 0.1,
      doc: 'Factor applied at each milestone (< 1).',
      key: true,
    },
  ],
  formula: String.raw`\eta_t = \eta_0\, \gamma^{\,\#\{i\,:\,m_i \le t\}}`,
  description:
    'Multiplies the rate by gamma when t reaches each milestone (the decay applies AT t = milestone), closed form learning_rate·gamma**i. Milestones must be strictly increasing and gamma < 1.',
  closedForm: (p) => multiStepForm(num(p, 'learning_rate'), p.milestones as number[], num(p, 'gamma')),
});

export const stepDecay = define({
  name: 'StepDecay',
  family: 'step',
  params: [
    learningRate(),
    {
      name: 'step_size',
      unit: 'steps', fit: 'interval',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000 } },
      example: 30,
      doc: 'Steps between two decays.',
      key: true,
    },
    {
      name: 'gamma',
      type: { kind: 'number', max: 1, maxExclusive: true, slider: FACTOR_SLIDER },
      default: 0.1,
      doc: 'Factor applied every step_size steps (< 1).',
      key: true,
    },
  ],
  formula: String.raw`\eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}`,
  description:
    'Staircase decay learning_rate·gamma**(t // step_size), closed form (PyTorch StepLR multiplies recursively: same curve, last-bit differences). step_size must be a positive integer and gamma < 1.',
  closedForm: (p) => new StepDecayForm(num(p, 'learning_rate'), num(p, 'step_size'), num(p, 'gamma')),
});

export const lambdaDecay = define({
  name: 'LambdaDecay',
  family: 'lambda',
  params: [learningRate(), lrLambda('lambda epoch: 0.95 ** epoch', 'Factor as a function of the epoch counter t.')],
  formula: String.raw`\eta_t = \eta_0\, \lambda(t)`,
  description:
    'learning_rate times a user function of the counter, lambda(0) included (the first update gets learning_rate·lambda(0)). Closed form; the lambda receives the integer step/epoch count.',
  closedForm: (p) => new LambdaForm(num(p, 'learning_rate'), lambdaOf(p.lr_lambda)),
});

export const multiplicativeDecay = define({
  name: 'MultiplicativeDecay',
  family: 'lambda',
  params: [learningRate(), lrLambda('lambda epoch: 0.95', 'Factor applied at each step t >= 1.')],
  formula: String.raw`\eta_t = \eta_0 \prod_{e=1}^{t} \lambda(e)`,
  description:
    'Multiplies the rate by lambda(t) at every step: learning_rate·lambda(1)·lambda(2)···lambda(t); lambda(0) is never called. Paddle recomputes the product from scratch at each step; the running product here has the same multiplication order, hence the same bits.',
  create: (p) => new MultiplicativeStepper(num(p, 'learning_rate'), lambdaOf(p.lr_lambda)),
});
