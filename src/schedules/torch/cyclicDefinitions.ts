/**
 * CyclicLR, OneCycleLR and CosineAnnealingWarmRestarts (PyTorch 1.13): the cycling schedulers,
 * closed form by construction, meant to be stepped every batch (or per epoch for the restarts).
 */
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import { cyclicScaleParams, warmRestartsParams } from '../params';
import type { MomentumAt, ParamDef, SchedulerDefinition } from '../types';
import { CosineAnnealingWarmRestarts } from './cosine';
import { CyclicLRForm, OneCycleLRForm } from './closedForms';
import { newGroup } from './core';
import { CyclicLR, OneCycleLR, oneCycleTotalSteps } from './cyclic';
import { ETA_MIN, lambda, LR, torch } from './define';

/**
 * cycle_momentum, base_momentum, max_momentum: torch cycles the optimizer's momentum (or Adam's beta1) inversely to
 * the lr. They do not change the lr; the definition's `momentum` computes the momentum curve.
 */
function momentumParams(base: number, max: number): ParamDef[] {
  return [
    {
      name: 'cycle_momentum',
      type: { kind: 'boolean' },
      default: true,
      doc: "Cycle the optimizer's momentum (or beta1) inversely to the lr, between base_momentum and max_momentum (the lr is the same either way).",
    },
    {
      name: 'base_momentum',
      type: { kind: 'number', slider: { min: 0, max: 1 } },
      default: base,
      doc: 'Momentum where the lr is highest (cycle_momentum=True).',
    },
    {
      name: 'max_momentum',
      type: { kind: 'number', slider: { min: 0, max: 1 } },
      default: max,
      doc: 'Momentum where the lr is lowest (cycle_momentum=True).',
    },
  ];
}

/** `[base_momentum, max_momentum]`, or null where cycle_momentum is off. */
function momentumBounds(p: Record<string, unknown>): [number, number] | null {
  return p.cycle_momentum === true ? [p.base_momentum as number, p.max_momentum as number] : null;
}

/** CyclicLR's arguments after the optimizer, as its scheduler and its closed form take them. */
function cyclicArgs(p: Record<string, unknown>): ConstructorParameters<typeof CyclicLRForm> {
  return [
    p.base_lr as number,
    p.max_lr as number,
    p.step_size_up as number,
    p.step_size_down as number | null,
    p.mode as string,
    p.gamma as number,
    p.scale_fn === null ? null : lambda(p.scale_fn),
    p.scale_mode as string,
  ];
}

export const cyclicSchedulers: SchedulerDefinition[] = [
  torch({
    name: 'CyclicLR',
    family: 'cyclic',
    params: [
      {
        name: 'base_lr',
        type: { kind: 'number', slider: { min: 1e-5, max: 1, scale: 'log' } },
        example: 0.001,
        doc: 'Lower boundary of the cycle; also replaces the optimizer’s lr.',
        key: true,
      },
      {
        name: 'max_lr',
        type: { kind: 'number', slider: { min: 1e-5, max: 1, scale: 'log' } },
        example: 0.01,
        doc: 'Upper boundary of the cycle (reached only where the scale is 1).',
        key: true,
      },
      {
        name: 'step_size_up',
        unit: 'steps', fit: 'cycle',
        type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 5000 } },
        default: 2000,
        doc: 'Steps in the increasing half of a cycle.',
        key: true,
      },
      {
        name: 'step_size_down',
        unit: 'steps',
        type: { kind: 'number', min: 0, slider: { min: 0, max: 5000 } },
        default: null,
        nullable: true,
        doc: 'Steps in the decreasing half (None: same as step_size_up).',
      },
      ...cyclicScaleParams({
        mode: 'triangular: constant amplitude; triangular2: halved every cycle; exp_range: scaled by gamma**t.',
        gamma: "Base of exp_range's amplitude scale gamma**t (t counts all steps).",
        scale_fn: 'Custom amplitude scale, a Python lambda (replaces mode), e.g. lambda x: 0.5 ** x.',
        scale_mode: "What scale_fn receives: the cycle number ('cycle') or the step counter ('iterations').",
      }),
      ...momentumParams(0.8, 0.9),
    ],
    formula: String.raw`\begin{gathered} c = \left\lfloor 1 + \tfrac{t}{u+d} \right\rfloor,\quad x = 1 + \tfrac{t}{u+d} - c, \\ \eta_t = b + (M - b)\,\mathrm{sf}(x)\, s(c \text{ or } t), \\ \mathrm{sf}(x) = \begin{cases} \tfrac{x}{r} & x \le r \\ \tfrac{x-1}{r-1} & x > r \end{cases},\quad r = \tfrac{u}{u+d} \end{gathered}`,
    description:
      'Cycles the lr between base_lr and max_lr: up over step_size_up steps, down over step_size_down, with the ' +
      "amplitude scaled per mode (triangular2 halves it each cycle; exp_range multiplies it by gamma**t, t counting " +
      'all steps) or by a custom scale_fn. Meant to be stepped every batch. It has no lr parameter: PyTorch sets the ' +
      'optimizer’s lr to base_lr. With cycle_momentum (the default) it also sets the optimizer’s momentum (Adam: ' +
      'beta1) at every step, max_momentum - (max_momentum - base_momentum) × sf(x) × s: base_momentum where the lr ' +
      'peaks; the optimizer must have one (SGD(momentum=...), Adam), or the constructor raises. Reproduced quirk: the construction step uses the optimizer’s initial_lr, so ' +
      'as a later child of ChainedScheduler/SequentialLR its first value is that initial lr, not base_lr.',
    paper: PAPERS.clr,
    build: (p, group) => new CyclicLR(group, ...cyclicArgs(p)),
    momentum(p): MomentumAt | null {
      const bounds = momentumBounds(p);
      if (!bounds) return null;
      const shape = new CyclicLRForm(...cyclicArgs(p));
      return (t) => shape.momentumAt(t, bounds[0], bounds[1]);
    },
  }),
  torch({
    name: 'OneCycleLR',
    family: 'onecycle',
    positional: ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase'],
    params: [
      {
        name: 'max_lr',
        type: { kind: 'number', slider: { min: 1e-4, max: 1, scale: 'log' } },
        example: 0.1,
        doc: 'Peak learning rate.',
        key: true,
      },
      {
        name: 'total_steps',
        unit: 'steps', fit: 'horizon',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 10000 } },
        default: null,
        nullable: true,
        example: 1000,
        doc: 'Steps in the cycle (None: epochs × steps_per_epoch).',
        key: true,
      },
      {
        name: 'epochs',
        unit: 'epochs',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 100 } },
        default: null,
        nullable: true,
        doc: 'With steps_per_epoch, gives total_steps when it is None.',
      },
      {
        name: 'steps_per_epoch',
        unit: 'steps',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000 } },
        default: null,
        nullable: true,
        doc: 'With epochs, gives total_steps when it is None.',
      },
      {
        name: 'pct_start',
        type: { kind: 'number', min: 0, max: 1, slider: { min: 0, max: 1 } },
        default: 0.3,
        doc: 'Fraction of the cycle spent increasing the lr.',
        key: true,
      },
      { name: 'anneal_strategy', type: { kind: 'enum', options: ['cos', 'linear'] }, default: 'cos', doc: 'Annealing shape.' },
      {
        name: 'div_factor',
        type: { kind: 'number', slider: { min: 1, max: 1000, scale: 'log' } },
        default: 25.0,
        doc: 'initial_lr = max_lr / div_factor.',
      },
      {
        name: 'final_div_factor',
        type: { kind: 'number', slider: { min: 1, max: 1e6, scale: 'log' } },
        default: 1e4,
        doc: 'min_lr = initial_lr / final_div_factor.',
      },
      {
        name: 'three_phase',
        type: { kind: 'boolean' },
        default: false,
        doc: 'Up, symmetric down to initial_lr, then down to min_lr (the paper’s version).',
      },
      ...momentumParams(0.85, 0.95),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_{end} + \tfrac{\eta_{start} - \eta_{end}}{2}\left(\cos(\pi p) + 1\right), \\ p = \frac{t - s_i}{e_i - s_i}\ \text{in phase } i \end{gathered}`,
    description:
      'The 1cycle policy: from max_lr/div_factor up to max_lr over the first pct_start of total_steps (peak at ' +
      'step pct_start·total_steps − 1), then down to initial_lr/final_div_factor at step total_steps − 1 (three_phase: ' +
      'back to the initial lr at 2·pct_start·total_steps − 2 first). Cosine or linear interpolation; meant to be stepped ' +
      'every batch. It has no lr parameter: PyTorch replaces the optimizer’s lr. Trap: step total_steps is still ' +
      'computed by extrapolation (cos rises again, linear overshoots and can go negative) and the next step raises ' +
      'ValueError. With cycle_momentum (the default) it also anneals the optimizer’s momentum (Adam: beta1) inversely, ' +
      'with the same phases and shape: max_momentum to base_momentum while the lr rises, back to max_momentum after ' +
      '(three_phase: held at max_momentum in the third phase); the optimizer must have one, or the constructor raises.',
    paper: PAPERS.superConvergence,
    check(params, path) {
      if (params.total_steps === null && (params.epochs === null || params.steps_per_epoch === null)) {
        paramError('total_steps', 'is required unless both epochs and steps_per_epoch are given', path);
      }
      for (const name of ['div_factor', 'final_div_factor']) {
        if (params[name] === 0) paramError(name, 'must not be 0 (PyTorch divides by it)', path);
      }
      const total = oneCycleTotalSteps(
        params.total_steps as number | null,
        params.epochs as number | null,
        params.steps_per_epoch as number | null,
      );
      if ((params.pct_start as number) * total - 1 === 0) {
        paramError(
          'pct_start',
          `times total_steps must not be exactly 1 (got ${params.pct_start} × ${total}): the warm-up phase would be empty and PyTorch divides by zero at the first step`,
          path,
        );
      }
    },
    build: (p, group) =>
      new OneCycleLR(
        group,
        p.max_lr as number,
        p.total_steps as number | null,
        p.epochs as number | null,
        p.steps_per_epoch as number | null,
        p.pct_start as number,
        p.anneal_strategy as string,
        p.div_factor as number,
        p.final_div_factor as number,
        p.three_phase as boolean,
      ),
    momentum(p): MomentumAt | null {
      const bounds = momentumBounds(p);
      if (!bounds) return null;
      const total = oneCycleTotalSteps(p.total_steps as number | null, p.epochs as number | null, p.steps_per_epoch as number | null);
      // The momentum reads no lr key of the group: a bare one will do.
      const shape = new OneCycleLRForm(newGroup(0), total, p.pct_start as number, p.anneal_strategy as string, p.three_phase as boolean);
      return (t) => shape.momentumAt(t, bounds[0], bounds[1]);
    },
  }),
  torch({
    name: 'CosineAnnealingWarmRestarts',
    family: 'restarts',
    params: [
      LR,
      ...warmRestartsParams({
        T_0: 'Steps until the first restart (a positive integer).',
        T_mult: 'Each period is T_mult times the previous one (an integer >= 1).',
      }),
      ETA_MIN,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_{min} + \tfrac{1}{2}(\eta - \eta_{min})\left(1 + \cos\frac{\pi\, T_{cur}}{T_i}\right), \\ T_i = T_0\, T_{mult}^{\,i} \end{gathered}`,
    description:
      'SGDR: cosine annealing from the lr towards eta_min over T_0 steps, then a restart at the full lr, with each ' +
      'period T_mult times longer than the previous. The minimum eta_min itself is never reached (T_cur < T_i). ' +
      'Stepped without an epoch argument, PyTorch counts T_cur and T_i exactly with integers (no log), as here. ' +
      'Closed form from the initial lr: it overwrites changes made by other schedulers.',
    paper: PAPERS.sgdr,
    build: (p, group) => new CosineAnnealingWarmRestarts(group, p.T_0 as number, p.T_mult as number, p.eta_min as number),
  }),
];
