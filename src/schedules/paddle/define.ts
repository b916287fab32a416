/**
 * How a Paddle scheduler is defined: Paddle's `define` (id prefix, module path, float64, the stepper
 * of a closed form), what `LinearWarmup` needs of a wrapped scheduler, and the parameters several
 * definitions share.
 */
import { compileLambda } from '../numerics/expr';
import { defineFramework, type DefinitionInput } from '../define';
import type { CreateContext, ParamDef, SchedulerDefinition, SliderHint, Stepper } from '../types';
import { PaddleFormStepper, type PaddleForm } from './core';

export type Params = Record<string, unknown>;

const definePaddle = defineFramework('paddle', {
  module: 'paddle.optimizer.lr',
  precision: 'float64',
  // Every Paddle closed form is a PaddleForm (the `closedForm` type below).
  stepperOf: (form) => new PaddleFormStepper(form as PaddleForm),
});

/** A Paddle definition's computation: its closed forms are {@link PaddleForm}s. */
type PaddleComputation =
  | { closedForm(params: Params, ctx: CreateContext): PaddleForm; create?: undefined }
  | { create(params: Params, ctx: CreateContext): Stepper; closedForm?(params: Params, ctx: CreateContext): PaddleForm | null };

type PaddleDefinitionInput = Omit<DefinitionInput, 'create' | 'closedForm'> &
  PaddleComputation & {
    /**
     * What `step(epoch)` computes, where it differs from `step()` (CosineAnnealingDecay's
     * `_get_closed_form_lr`, CosineAnnealingWarmRestarts' logarithm): LinearWarmup steps the
     * scheduler it wraps with explicit epochs.
     */
    explicitEpochForm?(params: Params): PaddleForm;
  };

const explicitEpochForms = new Map<string, (params: Params) => PaddleForm>();

/** Defines a `paddle.optimizer.lr` scheduler. */
export function define(d: PaddleDefinitionInput): SchedulerDefinition {
  const { explicitEpochForm, ...rest } = d;
  const def = definePaddle(rest as DefinitionInput);
  if (explicitEpochForm) explicitEpochForms.set(def.id, explicitEpochForm);
  return def;
}

/**
 * The closed form of a validated Paddle spec as LinearWarmup drives it (`step(t - W)`): its
 * explicit-epoch form where it has one, else its closed form (`step(epoch)` and `step()` agree),
 * or `null` where it has none.
 */
export function explicitEpochFormOf(spec: { scheduler: string; params: Params }, ctx: CreateContext, path: string): PaddleForm | null {
  const explicit = explicitEpochForms.get(spec.scheduler);
  if (explicit) return explicit(spec.params);
  // LinearWarmup wraps Paddle schedulers only, whose closed forms are PaddleForms.
  return ctx.closedFormOfChild(spec, path) as PaddleForm | null;
}

export const num = (p: Params, name: string): number => p[name] as number;

export function lambdaOf(text: unknown): (x: number) => number {
  return compileLambda(text as string).fn;
}

// ---------------------------------------------------------------------------------------------
// Shared parameters

export const LR_SLIDER: SliderHint = { min: 1e-5, max: 1, scale: 'log' };
export const FACTOR_SLIDER: SliderHint = { min: 0.01, max: 0.999, scale: 'log' };

/** A rate as Paddle checks it (float >= 0): required with an example unless a default is given. */
export function rate(name: string, doc: string, value: { example: number } | { default: number } = { example: 0.1 }): ParamDef {
  return { name, type: { kind: 'number', min: 0, slider: LR_SLIDER }, ...value, doc, key: true };
}

/** `learning_rate` of the LRScheduler base class. */
export function learningRate(doc = 'Initial learning rate (base_lr).'): ParamDef {
  return rate('learning_rate', doc);
}

/** `eta_min` (float or int, not range-checked by Paddle). */
export const ETA_MIN: ParamDef = { name: 'eta_min', type: { kind: 'number', slider: LR_SLIDER }, default: 0, doc: 'Minimum learning rate.' };

export function lrLambda(example: string, doc: string): ParamDef {
  return { name: 'lr_lambda', type: { kind: 'expression', argNames: ['epoch'] }, example, doc, key: true };
}
