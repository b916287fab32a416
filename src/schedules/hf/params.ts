/** The parameters the Hugging Face schedules share, declared once. */
import { optimizerLrParam } from '../params';
import type { ParamDef } from '../types';

export const LR: ParamDef = optimizerLrParam(
  "The optimizer's learning rate (TrainingArguments.learning_rate, default 5e-5): the peak the schedule scales.",
  { default: 5e-5 },
  1e-6,
);

export const WARMUP: ParamDef = {
  name: 'num_warmup_steps',
  unit: 'steps', fit: 'warmup',
  type: { kind: 'integer', min: 0, slider: { min: 0, max: 2000 } },
  example: 100,
  doc: 'Optimizer updates of linear warmup from 0 (the Trainer passes warmup_steps or ceil(warmup_ratio·T)).',
};

export const TRAINING: ParamDef = {
  name: 'num_training_steps',
  unit: 'steps', fit: 'horizon',
  type: { kind: 'integer', min: 0, slider: { min: 1, max: 100000, scale: 'log' } },
  example: 1000,
  doc: 'Total optimizer updates (the Trainer passes max_steps); the schedule ends here.',
};

/** The parameter marked as worth showing in a chart legend. */
export const key = (p: ParamDef): ParamDef => ({ ...p, key: true });

export const HALF_CYCLES: ParamDef = {
  name: 'num_cycles',
  type: { kind: 'number', min: 0, slider: { min: 0, max: 4 } },
  default: 0.5,
  doc: 'Number of cosine waves over the decay (0.5: one half-cosine from the peak to the floor).',
};
