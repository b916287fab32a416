/**
 * Which registry definition a Python callee names, and how its arguments line up: everything read
 * from the definitions (module paths, parameter names, positional order), nothing restated here.
 */
import { schedulers, type Framework, type SchedulerDefinition } from '../schedules';

/** The top-level package a framework's dotted paths start with (`tf.keras...` is Keras too). */
const ROOTS: Record<string, Framework> = {
  torch: 'torch',
  paddle: 'paddle',
  keras: 'keras',
  tf: 'keras',
  tensorflow: 'keras',
  optax: 'optax',
  transformers: 'hf',
  timm: 'timm',
  ppocr: 'paddleocr',
};

/** Frameworks whose scheduler objects take the optimizer as their first argument. */
export const TAKES_OPTIMIZER: ReadonlySet<Framework> = new Set(['torch', 'hf', 'timm']);

/** The callable name of a definition: the last segment of its module (`StepLR`, `get_cosine_schedule_with_warmup`). */
const callableName = (d: SchedulerDefinition) => d.module.slice(d.module.lastIndexOf('.') + 1);

const byCallable = new Map<string, SchedulerDefinition[]>();
for (const d of schedulers) {
  const name = callableName(d);
  byCallable.set(name, [...(byCallable.get(name) ?? []), d]);
}

export type CalleeMatch = { def: SchedulerDefinition } | { ambiguous: SchedulerDefinition[] } | null;

/**
 * The definition a dotted callee path names (`torch.optim.lr_scheduler.StepLR`, `optax.schedules.
 * cosine_decay_schedule`, `transformers.get_linear_schedule_with_warmup`). A bare name (no import
 * seen) matches where one framework has it.
 */
export function definitionForCallee(path: string): CalleeMatch {
  const last = path.slice(path.lastIndexOf('.') + 1);
  const candidates = byCallable.get(last);
  if (!candidates) return null;
  if (!path.includes('.')) return candidates.length === 1 ? { def: candidates[0] } : { ambiguous: candidates };
  const fw = ROOTS[path.slice(0, path.indexOf('.'))];
  const hit = candidates.find((d) => d.framework === fw);
  return hit ? { def: hit } : null;
}

/** The framework a dotted path belongs to, from its root package. */
export function frameworkOfPath(path: string): Framework | null {
  return ROOTS[path.split('.')[0]] ?? null;
}

/**
 * The positional argument names of a definition's constructor, after the optimizer where it takes
 * one: the definition's own `positional` where it declares one, else its parameters in order less
 * the base lr (which comes from the optimizer).
 */
export function positionalNames(def: SchedulerDefinition): readonly string[] {
  if (def.positional) return def.positional;
  // ChainedScheduler(schedulers, optimizer=None): the list comes first, the optimizer is optional.
  if (def.id === 'torch.ChainedScheduler') return ['schedulers', 'optimizer'];
  return def.params.filter((p) => p.role !== 'baseLr').map((p) => p.name);
}

/** The definition of a Hugging Face `get_scheduler` name (`"cosine"`), or undefined. */
export function hfDefinition(type: string): SchedulerDefinition | undefined {
  return schedulers.find((d) => d.framework === 'hf' && d.name === type);
}

/** The Hugging Face scheduler names the registry has, for messages. */
export const HF_TYPES: readonly string[] = schedulers.filter((d) => d.framework === 'hf').map((d) => d.name);
