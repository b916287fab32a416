/**
 * Keras's serialized schedules: `keras.optimizers.schedules.serialize(s)` gives
 * `{"class_name": "CosineDecay", "config": {...}}` (also found inside a serialized optimizer's
 * `learning_rate`). The config holds the constructor's arguments by name.
 */
import { schedulers } from '../../schedules';
import { importErrorAt } from '../errors';
import type { ConfigSource, Reading } from './common';

const KERAS = schedulers.filter((d) => d.framework === 'keras');

export function readKerasSerialized(values: Record<string, unknown>, src: ConfigSource): Reading {
  const notes: string[] = [];
  // An optimizer's config holds the schedule as its learning_rate.
  const cfg = values.config as Record<string, unknown> | undefined;
  const lr = cfg?.learning_rate as Record<string, unknown> | undefined;
  const sched = lr && typeof lr === 'object' && 'class_name' in lr ? lr : values;
  const className = String(sched.class_name);
  const def = KERAS.find((d) => d.name === className);
  if (!def) {
    importErrorAt(src.text, src.offsetOf('class_name'), `one of ${KERAS.map((d) => d.name).join(', ')}`, `Keras schedule "${className}" is not one the studio computes (supported: ${KERAS.map((d) => d.name).join(', ')})`);
  }
  const config = (sched.config ?? {}) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (def.params.some((p) => p.name === k)) params[k] = v;
    else if (k !== 'name') notes.push(`${className}: ${k} is not modelled by the studio: left out.`);
  }
  return { schedules: [{ name: `Keras ${className}`, spec: { scheduler: def.id, params }, stepping: 'iteration' }], context: {}, notes };
}
