/**
 * The torch `define`: every definition binds the object-model scheduler it builds on the optimizer's
 * param group (`build`); the stepper runs it on a fresh SGD group under {@link TorchRoot}, and the
 * closed form is read off the freshly built tree, so the quirks of construction (a shared
 * initial_lr, SequentialLR's reset, OneCycleLR's group keys) shape both alike. SequentialLR and
 * ChainedScheduler build their children through the children's own definitions.
 */
import { defineFramework } from '../define';
import { PythonRuntimeError } from '../errors';
import { compileLambda } from '../numerics/expr';
import { optimizerLrParam } from '../params';
import type { ParamDef, SchedulerDefinition } from '../types';
import { RaisingForm } from './closedForms';
import { newGroup, TorchRoot, type ParamGroup, type TorchScheduler } from './core';

type Params = Record<string, unknown>;

/** Builds child specs (validated, in order) on the parent's group, as Python constructs them first. */
export type BuildChildren = (specs: unknown) => TorchScheduler[];

/** Constructs the scheduler on `group` from validated params, as its Python constructor does. */
export type Build = (params: Params, group: ParamGroup, children: BuildChildren) => TorchScheduler;

type Described = Omit<SchedulerDefinition, 'id' | 'framework' | 'module' | 'precision' | 'create' | 'closedForm'> & {
  /** Import path where it is not `torch.optim.lr_scheduler.<name>` (SWALR). */
  module?: string;
};

/**
 * A torch definition: `build` (every `_LRScheduler`, and the composites), with `closedForm: false`
 * where its values have none; or a plain `create` (ReduceLROnPlateau, which is not one).
 */
export type TorchDefinitionInput = Described &
  ({ build: Build; closedForm?: false; create?: undefined } | { create: SchedulerDefinition['create']; build?: undefined });

const define = defineFramework('torch', { module: 'torch.optim.lr_scheduler', precision: 'float64' });

/** Every `build` by definition id, for the children of SequentialLR and ChainedScheduler. */
const builds = new Map<string, Build>();

function childrenOn(group: ParamGroup): BuildChildren {
  const children: BuildChildren = (specs) =>
    (specs as { scheduler: string; params: Params }[]).map((c) => {
      const build = builds.get(c.scheduler);
      if (!build) throw new Error(`${c.scheduler} cannot share a torch optimizer`);
      return build(c.params, group, children);
    });
  return children;
}

/** CyclicLR and OneCycleLR take no lr: they overwrite the group's lr, so its value never shows. */
function optimizerLr(params: Params): number {
  return typeof params.lr === 'number' ? params.lr : 0;
}

export function torch(d: TorchDefinitionInput): SchedulerDefinition {
  if (d.build === undefined) return define(d);
  const { build, closedForm: hasClosedForm, ...described } = d;
  const create = (params: Params) => {
    const group = newGroup(optimizerLr(params));
    return new TorchRoot(group, build(params, group, childrenOn(group)));
  };
  const closedForm = (params: Params) => {
    const group = newGroup(optimizerLr(params));
    let scheduler: TorchScheduler;
    try {
      scheduler = build(params, group, childrenOn(group));
    } catch (e) {
      if (e instanceof PythonRuntimeError) return new RaisingForm(e); // its construction step raises
      throw e;
    }
    return scheduler.closedForm(optimizerLr(params));
  };
  const def = define(hasClosedForm === false ? { ...described, create } : { ...described, create, closedForm });
  builds.set(def.id, build);
  return def;
}

/** A lambda argument's compiled function. */
export function lambda(source: unknown): (x: number) => number {
  return compileLambda(source as string).fn;
}

/** `torch.optim.SGD(params, lr)`: lr is required there and must be >= 0. */
export const LR: ParamDef = optimizerLrParam(
  "The optimizer's learning rate (torch.optim.SGD(lr=...)); it becomes the scheduler's base lr (initial_lr).",
  { example: 0.1 },
);

export const LAMBDA: ParamDef = {
  name: 'lr_lambda',
  type: { kind: 'expression', argNames: ['epoch'] },
  doc: 'Python lambda of the epoch counter, e.g. lambda epoch: 0.95 ** epoch.',
  key: true,
};

export const GAMMA_01: ParamDef = {
  name: 'gamma',
  type: { kind: 'number', slider: { min: 0.001, max: 1, scale: 'log' } },
  default: 0.1,
  doc: 'Multiplicative factor of learning-rate decay.',
  key: true,
};

export const ETA_MIN: ParamDef = {
  name: 'eta_min',
  type: { kind: 'number', slider: { min: 0, max: 0.1 } },
  default: 0,
  doc: 'Minimum learning rate (the bottom of the cosine).',
};

/** Children of SequentialLR / ChainedScheduler: torch schedulers sharing the parent's optimizer. */
export function childList(exclude: string[], example: unknown): ParamDef {
  return {
    name: 'schedulers',
    type: { kind: 'scheduleList', frameworks: ['torch'], exclude, omitBaseLr: true, minLength: 1 },
    example,
    doc: 'The schedulers, built in this order on the same optimizer (they take no lr of their own).',
    key: true,
  };
}
