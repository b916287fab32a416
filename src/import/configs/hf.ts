/**
 * Hugging Face `TrainingArguments` (YAML, JSON, command-line flags, or the Python call) to the
 * scheduler the Trainer builds, with the Trainer's own arithmetic (transformers 5.17, trainer.py
 * `set_initial_training_values`, training_args.py `get_warmup_steps`, optimization.py
 * `get_scheduler`):
 *
 * - updates per epoch = max(ceil(len(dataloader) / gradient_accumulation_steps), 1), len(dataloader) =
 *   ceil(dataset / (per_device_train_batch_size * devices)) (floor with dataloader_drop_last);
 * - max_steps > 0 wins, else ceil(num_train_epochs * updates per epoch);
 * - warmup = int(warmup_steps) when >= 1, else ceil(max_steps * warmup_steps) (a float below 1 is a
 *   ratio); the older `warmup_ratio` (removed in 5.x) as 4.x read it: ceil(max_steps * ratio) when
 *   warmup_steps is 0;
 * - `get_scheduler` passes what each type takes: nothing to `constant`, only the warmup to
 *   `constant_with_warmup` (lr_scheduler_kwargs dropped), only the kwargs to `reduce_lr_on_plateau`.
 */
import { importErrorAt } from '../errors';
import { HF_TYPES, hfDefinition } from '../frameworks';
import type { RunContext } from '../types';
import { NEEDS_STEPS, boolOf, fillContext, numberOf, stepsPerEpochOf, type ConfigSource, type Reading } from './common';

/** TrainingArguments' defaults for the fields the schedule depends on. */
const DEFAULTS = {
  lr_scheduler_type: 'linear',
  learning_rate: 5e-5,
  num_train_epochs: 3,
  max_steps: -1,
  warmup_steps: 0,
  per_device_train_batch_size: 8,
  gradient_accumulation_steps: 1,
};

/** The keys that mark a set of arguments as TrainingArguments. */
export const HF_KEYS = ['lr_scheduler_type', 'num_train_epochs', 'per_device_train_batch_size', 'warmup_ratio', 'lr_scheduler_kwargs', 'learning_rate'];

export function readTrainingArguments(args: Record<string, unknown>, src: ConfigSource, context: RunContext): Reading {
  const notes: string[] = [];
  const get = <K extends keyof typeof DEFAULTS>(k: K) => (args[k] ?? DEFAULTS[k]) as (typeof DEFAULTS)[K];
  const type = String(get('lr_scheduler_type'));
  const def = hfDefinition(type);
  if (!def) {
    importErrorAt(src.text, src.offsetOf('lr_scheduler_type'), `one of ${HF_TYPES.join(', ')}`, `lr_scheduler_type "${type}" is not one the studio computes (supported: ${HF_TYPES.join(', ')})`);
  }
  const lr = numberOf(get('learning_rate'), 'learning_rate', src);
  const epochs = numberOf(get('num_train_epochs'), 'num_train_epochs', src);
  const maxSteps = numberOf(get('max_steps'), 'max_steps', src);
  const batch = numberOf(get('per_device_train_batch_size'), 'per_device_train_batch_size', src);
  const accum = numberOf(get('gradient_accumulation_steps'), 'gradient_accumulation_steps', src);
  const dropLast = args.dataloader_drop_last !== undefined && boolOf(args.dataloader_drop_last, 'dataloader_drop_last', src);
  const ctx = fillContext(context, { batchSize: batch, gradientAccumulation: accum });
  const perEpoch = stepsPerEpochOf(ctx, dropLast ? 'floor' : 'ceil', 'ceil');
  let total = context.totalSteps ?? (maxSteps > 0 ? maxSteps : perEpoch !== undefined ? Math.ceil(epochs * perEpoch) : undefined);
  const out: RunContext = { ...ctx, stepsPerEpoch: perEpoch };
  if (total !== undefined) {
    out.totalSteps = total;
    out.epochs = context.epochs ?? (maxSteps > 0 && perEpoch ? Math.ceil(maxSteps / perEpoch) : Math.ceil(epochs));
  } else out.epochs = context.epochs ?? Math.ceil(epochs);
  if (total === undefined) {
    notes.push(`The run length is num_train_epochs (${epochs}) times the updates per epoch: ${NEEDS_STEPS}, or max_steps.`);
    return { schedules: [], context: out, notes };
  }
  total = Math.trunc(total);

  const ws = numberOf(get('warmup_steps'), 'warmup_steps', src);
  let warmup: number;
  if (ws >= 1) warmup = Math.trunc(ws);
  else if (ws > 0) {
    warmup = Math.ceil(total * ws);
    notes.push(`warmup_steps ${ws} is below 1: read as a ratio of ${total} updates, rounded up: ${warmup} warmup steps.`);
  } else if (args.warmup_ratio !== undefined && numberOf(args.warmup_ratio, 'warmup_ratio', src) > 0) {
    const ratio = numberOf(args.warmup_ratio, 'warmup_ratio', src);
    warmup = Math.ceil(total * ratio);
    notes.push(`warmup_ratio ${ratio} of ${total} updates, rounded up: ${warmup} warmup steps (transformers 4.x; 5.x reads a warmup_steps below 1 as the ratio).`);
  } else warmup = 0;

  let kwargs: Record<string, unknown> = {};
  const raw = args.lr_scheduler_kwargs;
  if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      kwargs = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      importErrorAt(src.text, src.offsetOf('lr_scheduler_kwargs'), 'a JSON object', 'lr_scheduler_kwargs is a string that is not JSON (transformers parses it with json.loads)');
    }
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) kwargs = raw as Record<string, unknown>;
  const params: Record<string, unknown> = { lr };
  const has = (n: string) => def.params.some((p) => p.name === n);
  if (type !== 'constant' && type !== 'reduce_lr_on_plateau') params.num_warmup_steps = warmup;
  if (has('num_training_steps') && type !== 'constant_with_warmup') params.num_training_steps = total;
  if (type === 'constant_with_warmup' || type === 'constant') {
    if (Object.keys(kwargs).length) notes.push(`get_scheduler("${type}") ignores lr_scheduler_kwargs (${Object.keys(kwargs).join(', ')}).`);
  } else {
    for (const [k, v] of Object.entries(kwargs)) {
      if (has(k) && k !== 'lr') params[k] = v;
      else notes.push(`lr_scheduler_kwargs.${k} is not an argument of ${def.module}: left out (transformers would raise a TypeError).`);
    }
  }
  return { schedules: [{ name: `Hugging Face ${type}`, spec: { scheduler: def.id, params }, stepping: 'iteration' }], context: out, notes };
}
