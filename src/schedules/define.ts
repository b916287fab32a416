/**
 * The one way to define a scheduler. Each framework makes its `define` once (its id prefix, module
 * path and arithmetic), and every definition binds its computation inline: a `closedForm` (the
 * stepper is then derived from it) or a `create` (a recursive or metric-driven stepper, optionally
 * with a closed form beside it). The compiler checks that no definition lacks its computation.
 */
import { ClosedFormStepper } from './closedForm';
import type { ClosedForm, CreateContext, Framework, Precision, SchedulerDefinition, Stepper } from './types';

type Params = Record<string, unknown>;

/** A definition's computation: a closed form, a stepper, or both. */
export type Computation =
  | { closedForm(params: Params, ctx: CreateContext): ClosedForm; create?: undefined }
  | { create(params: Params, ctx: CreateContext): Stepper; closedForm?(params: Params, ctx: CreateContext): ClosedForm | null };

/** What a framework file writes for one scheduler; the framework fills in id, module and precision. */
export type DefinitionInput = Omit<SchedulerDefinition, 'id' | 'framework' | 'module' | 'precision' | 'create' | 'closedForm'> & {
  /** Python import path where it is not the framework's `<module>.<name>` (Hugging Face's functions). */
  module?: string;
  precision?: Precision;
} & Computation;

export interface FrameworkDefaults {
  /** Import path of the framework's schedulers, e.g. `torch.optim.lr_scheduler`. */
  module: string;
  precision: Precision;
  /**
   * The stepper derived from a closed form, where the framework's differs from the shared
   * {@link ClosedFormStepper} (Paddle raises in `step()`, after the update, not when the lr is read).
   */
  stepperOf?: (form: ClosedForm) => Stepper;
}

/** Returns the `define` of one framework. */
export function defineFramework(framework: Framework, defaults: FrameworkDefaults): (d: DefinitionInput) => SchedulerDefinition {
  const stepperOf = defaults.stepperOf ?? ((form: ClosedForm) => new ClosedFormStepper(form));
  return (d) => {
    const { module, precision, create, closedForm, ...rest } = d;
    const def: SchedulerDefinition = {
      ...rest,
      id: `${framework}.${d.name}`,
      framework,
      module: module ?? `${defaults.module}.${d.name}`,
      precision: precision ?? defaults.precision,
      create: create ?? ((p, ctx) => stepperOf(closedForm!(p, ctx))),
    };
    if (closedForm) def.closedForm = closedForm;
    return def;
  };
}
