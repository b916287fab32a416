/**
 * lr-schedule engine: exact learning-rate schedules of PyTorch, PaddlePaddle, Keras, Optax,
 * Hugging Face transformers and timm. Pure TypeScript: no DOM, no React, no tfjs.
 *
 * ```ts
 * import { evaluate } from './schedules';
 * const lrs = evaluate({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30 } }, 100);
 * ```
 */
export { evaluate, evaluateInSlices, valuesInChunks, runToEnd, createStepper, closedFormOf } from './evaluate';
export { extremaOver } from './closedForm';
export { evaluateMomentum, momentumOf, cyclesMomentum } from './momentum';
export { scheduleNotes } from './notes';
export {
  evaluateColumns,
  evaluateColumnsInSlices,
  closedFormColumnsOf,
  ScheduleColumnsError,
  MAX_COLUMN_STEPS,
  type Columns,
  type ColumnsOptions,
  type ColumnsBudget,
} from './columns';
export { schedulers, getDefinition } from './registry';
export { resolveSpec, validateSpec, describeRange, type ResolvedSpec } from './validate';
export { fitToHorizon, fittedValue, FIT_FRACTIONS, type FitHorizon } from './fit';
export {
  ScheduleError,
  ScheduleParamError,
  ScheduleStepError,
  UnknownSchedulerError,
  PythonRuntimeError,
} from './errors';
export { compileLambda, ExpressionSyntaxError, type CompiledLambda } from './numerics/expr';
export * from './types';
// The equivalence classes have their own entry, src/schedules/equivalences (the studio loads them
// as a chunk of their own when the docs panel's section is opened): import them from there.

