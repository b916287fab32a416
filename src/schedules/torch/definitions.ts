/**
 * The first twelve of the 15 schedulers of `torch.optim.lr_scheduler` as they behave in PyTorch 1.13
 * with the default `last_epoch=-1`, stepped once per optimizer update (`optimizer.step();
 * scheduler.step()`): the lambda and chainable decays, the composites and ReduceLROnPlateau.
 */
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { plateauGroup } from '../params';
import type { SchedulerDefinition } from '../types';
import { ConstantLR, ExponentialLR, LinearLR, MultiStepLR, PolynomialLR, StepLR } from './chainable';
import { ChainedScheduler, SequentialLR } from './composite';
import { CosineAnnealingLR } from './cosine';
import { childList, ETA_MIN, GAMMA_01, LAMBDA, lambda, LR, torch } from './define';
import { LambdaLR, MultiplicativeLR } from './lambda';
import { ReduceLROnPlateau, type PlateauParams } from './plateau';
import { SWALR, type SwaParams } from './swa';

export const decayAndCompositeSchedulers: SchedulerDefinition[] = [
  torch({
    name: 'LambdaLR',
    family: 'lambda',
    params: [LR, { ...LAMBDA, example: 'lambda epoch: 0.95 ** epoch' }],
    formula: String.raw`\eta_t = \eta \cdot \lambda(t)`,
    description:
      "Sets the lr to the optimizer's initial lr times a function of the step counter: lr(t) = lr·λ(t), " +
      'where t counts scheduler.step() calls (epochs or batches, as you step it) and λ(0) already applies to the ' +
      'first update. Closed form: it overwrites whatever another scheduler did to the lr. The lambda is Python text, ' +
      'parsed (never run as code); where Python would raise (1/epoch at 0, a complex power) the curve stops there.',
    build: (p, group) => new LambdaLR(group, lambda(p.lr_lambda)),
  }),
  torch({
    name: 'MultiplicativeLR',
    family: 'lambda',
    params: [LR, { ...LAMBDA, example: 'lambda epoch: 0.95' }],
    formula: String.raw`\eta_0 = \eta, \qquad \eta_t = \eta_{t-1} \cdot \lambda(t)\ \ (t \ge 1)`,
    description:
      'Multiplies the current lr by λ(t) at every step after the first (λ(0) is never used), so lr(t) = ' +
      'lr·λ(1)·…·λ(t), multiplied in that order like PyTorch. It is chainable: inside ChainedScheduler it compounds ' +
      'with the others, and at a SequentialLR milestone PyTorch 1.13 (which has no closed form for it) keeps the lr ' +
      'the previous scheduler left.',
    build: (p, group) => new MultiplicativeLR(group, lambda(p.lr_lambda)),
    // lr·λ(1)·…·λ(t) of a user lambda has no closed form
    closedForm: false,
  }),
  torch({
    name: 'StepLR',
    family: 'step',
    params: [
      LR,
      {
        name: 'step_size',
        unit: 'steps', fit: 'interval',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 100 } },
        example: 30,
        doc: 'Period of learning-rate decay, in steps.',
        key: true,
      },
      GAMMA_01,
    ],
    formula: String.raw`\eta_t = \eta \cdot \gamma^{\lfloor t / s \rfloor}`,
    description:
      'Multiplies the lr by gamma every step_size steps: lr(t) = lr·γ^⌊t/step_size⌋, the decay taking effect at ' +
      't = step_size, 2·step_size, … . PyTorch multiplies the current lr (recursive form), so values differ from ' +
      'lr·γ**k in the last bits and other schedulers’ changes compound. step_size 0 would divide by zero at the ' +
      'first step and is rejected.',
    build: (p, group) => new StepLR(group, p.step_size as number, p.gamma as number),
  }),
  torch({
    name: 'MultiStepLR',
    family: 'multistep',
    params: [
      LR,
      {
        name: 'milestones',
        unit: 'steps', fit: 'spread',
        type: { kind: 'numberList', integer: true, order: 'none' },
        example: [30, 80],
        doc: 'Steps at which the lr is multiplied by gamma (a multiset: order is irrelevant, repeats compound).',
        key: true,
      },
      GAMMA_01,
    ],
    formula: String.raw`\eta_t = \eta \cdot \gamma^{\,|\{m \in M \,:\, m \le t\}|}`,
    description:
      'Multiplies the lr by gamma when the step counter reaches each milestone (at t = m, not after). PyTorch keeps ' +
      'the milestones in a Counter: their order does not matter and a milestone listed twice applies gamma². ' +
      'Recursive form (multiplies the current lr), so it compounds with other schedulers.',
    build: (p, group) => new MultiStepLR(group, p.milestones as number[], p.gamma as number),
  }),
  torch({
    name: 'ConstantLR',
    family: 'warmup',
    params: [
      LR,
      {
        name: 'factor',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 1 / 3,
        doc: 'The lr is multiplied by this until total_iters (0 <= factor <= 1).',
        key: true,
      },
      {
        name: 'total_iters',
        unit: 'steps', fit: 'warmup',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 100 } },
        default: 5,
        doc: 'Number of steps during which the factor applies.',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \begin{cases} \eta\, f & t < T \\ \eta & t \ge T \end{cases}`,
    description:
      'Runs at lr·factor for the first total_iters steps, then restores the lr. PyTorch restores by multiplying ' +
      'by 1/factor, which is not always bit-exactly the original lr (0.1 with factor 0.1 gives ' +
      '0.10000000000000002). factor = 0 passes PyTorch’s validation but divides by zero at t = total_iters; ' +
      'total_iters = 0 keeps lr·factor forever.',
    build: (p, group) => new ConstantLR(group, p.factor as number, p.total_iters as number),
  }),
  torch({
    name: 'LinearLR',
    family: 'warmup',
    params: [
      LR,
      {
        name: 'start_factor',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 1 / 3,
        doc: 'Factor applied at the first step (0 <= start_factor <= 1).',
        key: true,
      },
      {
        name: 'end_factor',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 1.0,
        doc: 'Factor reached at total_iters and kept afterwards (0 <= end_factor <= 1).',
      },
      {
        name: 'total_iters',
        unit: 'steps', fit: 'warmup',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 1000 } },
        default: 5,
        doc: 'Number of steps over which the factor moves linearly.',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta \left(s + (e - s)\,\frac{\min(t, T)}{T}\right)`,
    description:
      'Moves the factor on the lr linearly from start_factor (t = 0) to end_factor (t = total_iters), then holds ' +
      'it: the usual linear warmup when end_factor is 1. PyTorch applies the ratio of consecutive factors to the ' +
      'current lr (recursive form). PyTorch 1.13 accepts start_factor = 0 but then divides by zero at the first ' +
      'step (unless total_iters is 0).',
    build: (p, group) => new LinearLR(group, p.start_factor as number, p.end_factor as number, p.total_iters as number),
  }),
  torch({
    name: 'ExponentialLR',
    family: 'exponential',
    params: [
      LR,
      {
        name: 'gamma',
        type: { kind: 'number', slider: { min: 0.5, max: 1 } },
        example: 0.95,
        doc: 'Multiplicative factor applied at every step.',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta \cdot \gamma^{t}`,
    description:
      'Multiplies the lr by gamma at every step: lr(t) = lr·γ^t, computed as a running product like PyTorch (not ' +
      'lr·γ**t, which differs in the last bits). gamma is not validated: above 1 the lr grows.',
    build: (p, group) => new ExponentialLR(group, p.gamma as number),
  }),
  torch({
    name: 'PolynomialLR',
    family: 'polynomial',
    params: [
      LR,
      {
        name: 'total_iters',
        unit: 'steps', fit: 'horizon',
        type: { kind: 'integer', min: 0, slider: { min: 1, max: 1000 } },
        default: 5,
        doc: 'Number of steps over which the lr decays to 0.',
        key: true,
      },
      {
        name: 'power',
        type: { kind: 'number', slider: { min: 0.1, max: 5 } },
        default: 1.0,
        doc: 'Power of the polynomial.',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = \eta \left(1 - \frac{\min(t, T)}{T}\right)^{p}`,
    description:
      'Decays the lr polynomially to exactly 0 at t = total_iters and keeps it there (no end value). PyTorch ' +
      'multiplies the current lr by ((1 − t/T)/(1 − (t−1)/T))^p at each step. A negative power raises ' +
      'ZeroDivisionError at t = total_iters (0.0 to a negative power).',
    build: (p, group) => new PolynomialLR(group, p.total_iters as number, p.power as number),
  }),
  torch({
    name: 'CosineAnnealingLR',
    family: 'cosine',
    params: [
      LR,
      {
        name: 'T_max',
        unit: 'steps', fit: 'horizon',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 1000 }, integralAsInt: true },
        example: 100,
        doc: 'Half period: steps from the lr down to eta_min.',
        key: true,
      },
      ETA_MIN,
    ],
    formula: String.raw`\eta_t = \eta_{min} + \tfrac{1}{2}(\eta - \eta_{min})\left(1 + \cos\frac{\pi t}{T_{max}}\right)`,
    description:
      'Cosine annealing from the lr down to eta_min at t = T_max — and back up: past T_max the curve is periodic ' +
      'with period 2·T_max (it does not stay at eta_min). PyTorch computes it recursively (a ratio of cosines ' +
      'applied to lr − eta_min, plus an additive step right after each minimum), which this reproduces step by ' +
      'step, so inside ChainedScheduler or after a SequentialLR switch it transforms whatever lr it receives.',
    paper: PAPERS.sgdr,
    build: (p, group) => new CosineAnnealingLR(group, p.T_max as number, p.eta_min as number),
  }),
  torch({
    name: 'SequentialLR',
    family: 'composite',
    params: [
      LR,
      childList(
        // SWALR is stepped alone here (it is not in the object model the composites share)
        ['torch.ReduceLROnPlateau', 'torch.ChainedScheduler', 'torch.SWALR'],
        [
          { scheduler: 'torch.LinearLR', params: { start_factor: 0.1, total_iters: 5 } },
          { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 95 } },
        ],
      ),
      {
        name: 'milestones',
        unit: 'steps',
        type: { kind: 'numberList', integer: true, order: 'none' },
        example: [5],
        doc: 'Steps at which the next scheduler takes over (one fewer than schedulers).',
        key: true,
      },
    ],
    formula: String.raw`\eta_t = S_k(t - m_k) \quad \text{for } m_k \le t < m_{k+1},\ m_0 = 0`,
    description:
      'Runs schedulers[0] until milestones[0], then schedulers[1], and so on, on one optimizer. As in PyTorch ' +
      '1.13: every child is constructed first (each construction step acts on the shared lr), then the lr is reset ' +
      'to the initial lr and schedulers[0] re-runs its first step; at a milestone the next child is stepped with ' +
      'step(0) — its closed form at 0 where it has one (StepLR, CosineAnnealingLR, … restart from the initial lr), ' +
      'otherwise its own rule at 0 (MultiplicativeLR keeps the current lr). Reproduced quirks: a nested ' +
      'SequentialLR as the first child skips one step of its own first child; a nested SequentialLR after a ' +
      'milestone raises TypeError at the switch; ChainedScheduler children raise AttributeError (not offered). ' +
      'Milestones are used as given (bisect), not sorted.',
    check(params, path) {
      const n = (params.schedulers as unknown[]).length;
      const m = (params.milestones as number[]).length;
      if (m !== n - 1) {
        paramError('milestones', `needs exactly ${n - 1} value${n - 1 === 1 ? '' : 's'}, one fewer than schedulers (got ${m})`, path);
      }
    },
    build: (p, group, children) => new SequentialLR(group, children(p.schedulers), Float64Array.from(p.milestones as number[])),
  }),
  torch({
    name: 'ChainedScheduler',
    family: 'composite',
    params: [
      LR,
      childList(
        ['torch.ReduceLROnPlateau', 'torch.SWALR'],
        [
          { scheduler: 'torch.ConstantLR', params: { factor: 0.1, total_iters: 2 } },
          { scheduler: 'torch.ExponentialLR', params: { gamma: 0.9 } },
        ],
      ),
    ],
    formula: String.raw`\eta_t = S_n \circ \cdots \circ S_1\,(\eta_{t-1})`,
    description:
      'Steps every scheduler in order at each step, each acting on the lr the previous one left. Chainable ' +
      'schedulers (StepLR, ExponentialLR, ConstantLR, LinearLR, …) therefore multiply: ConstantLR(f, T) with ' +
      'ExponentialLR(γ) gives lr·f·γ^t before T and lr·γ^t after; closed-form ones (LambdaLR, CyclicLR, ' +
      'OneCycleLR, CosineAnnealingWarmRestarts) overwrite what came before them, and CosineAnnealingLR with ' +
      'eta_min > 0 is affine, so order matters. It has no construction step of its own: the first value is what ' +
      'the children’s construction steps left.',
    build: (p, group, children) => new ChainedScheduler(group, children(p.schedulers)),
  }),
  torch({
    name: 'ReduceLROnPlateau',
    family: 'plateau',
    metricDriven: true,
    params: [
      LR,
      ...plateauGroup({
        docs: {
          mode: "'min': the metric should decrease (a loss); 'max': increase.",
          factor: 'new_lr = lr * factor (must be < 1).',
          patience: 'Steps without improvement tolerated; the lr drops on the next one.',
          threshold: 'Minimum change that counts as an improvement.',
          threshold_mode: "'rel': best·(1 ∓ threshold); 'abs': best ∓ threshold.",
          cooldown: 'Steps after a reduction during which bad steps are not counted.',
          min_lr: 'Lower bound on the learning rate.',
          eps: 'Reductions smaller than this are ignored.',
        },
      }),
    ],
    formula: String.raw`\begin{gathered} \eta \leftarrow \max(f\,\eta,\ \eta_{min}) \\ \text{after } \text{patience}+1 \text{ steps without improvement} \end{gathered}`,
    description:
      'Metric-driven: after each step it reads the monitored metric (scheduler.step(metric)) and multiplies the lr ' +
      'by factor once the metric has failed to improve on its best for patience + 1 consecutive steps; cooldown ' +
      'steps after a reduction do not count as bad (the best value is still tracked). An improvement must beat ' +
      'best·(1 − threshold) in rel mode (best − threshold in abs mode; mirrored for max). NaN never improves; the ' +
      'first finite metric always does. A reduction smaller than eps is skipped (e.g. once min_lr is reached).',
    create: (params) => new ReduceLROnPlateau(params as unknown as PlateauParams),
  }),
  torch({
    name: 'SWALR',
    module: 'torch.optim.swa_utils.SWALR',
    family: 'warmup',
    params: [
      LR,
      {
        name: 'swa_lr',
        type: { kind: 'number', min: 0, slider: { min: 1e-5, max: 1, scale: 'log' } },
        example: 0.05,
        doc: 'The learning rate of the averaging phase, reached after anneal_epochs steps and held.',
        key: true,
      },
      {
        name: 'anneal_epochs',
        unit: 'steps',
        type: { kind: 'integer', min: 0, slider: { min: 0, max: 100 } },
        default: 10,
        doc: 'Steps (epochs, as you step it) of the annealing from the lr to swa_lr; 0 switches at once.',
        key: true,
      },
      {
        name: 'anneal_strategy',
        type: { kind: 'enum', options: ['cos', 'linear'] },
        default: 'cos',
        doc: "Annealing shape: 'cos' (half cosine) or 'linear'.",
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_{swa}\,\alpha_t + \eta\,(1 - \alpha_t), \\ \alpha_t = a\!\left(\min\!\left(1, \tfrac{t}{\max(1, A)}\right)\right),\quad a(x) = \tfrac{1 - \cos \pi x}{2} \text{ or } x \end{gathered}`,
    description:
      'torch.optim.swa_utils.SWALR, the schedule of stochastic weight averaging (PyTorch 2; also in 1.13): anneals ' +
      'the lr from the optimizer\'s lr to swa_lr over anneal_epochs steps along a half cosine (or linearly), then ' +
      'holds swa_lr. Usually started after the regular schedule, stepped once per epoch, with an AveragedModel ' +
      'averaging the weights. Recursive like torch: each step recovers the starting lr from the current one ' +
      '((lr − α·swa_lr)/(1 − α)) before mixing, so the values are torch\'s to the last bits. With anneal_epochs = 0 ' +
      'the first update already runs at swa_lr. anneal_epochs must be a non-negative int (torch rejects 10.0).',
    paper: PAPERS.swa,
    create: (params) => new SWALR(params as unknown as SwaParams),
  }),
];
