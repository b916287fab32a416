/** The registry: every scheduler definition, by id. */
import { hfSchedulers } from './hf';
import { kerasSchedulers } from './keras';
import { optaxSchedulers } from './optax';
import { paddleSchedulers } from './paddle';
import { paddleocrSchedulers } from './paddleocr';
import { timmSchedulers } from './timm';
import { torchSchedulers } from './torch';
import type { SchedulerDefinition } from './types';

/** All definitions, grouped by framework in this order. */
export const schedulers: readonly SchedulerDefinition[] = [
  ...torchSchedulers,
  ...paddleSchedulers,
  ...paddleocrSchedulers,
  ...kerasSchedulers,
  ...optaxSchedulers,
  ...hfSchedulers,
  ...timmSchedulers,
];

const byId = new Map<string, SchedulerDefinition>();
for (const d of schedulers) {
  if (byId.has(d.id)) throw new Error(`duplicate scheduler id ${d.id}`);
  if (d.id !== `${d.framework}.${d.name}`) throw new Error(`id ${d.id} must be <framework>.<name>`);
  byId.set(d.id, d);
}

export function getDefinition(id: string): SchedulerDefinition | undefined {
  return byId.get(id);
}
