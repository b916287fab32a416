/** optax schedulers. */
import type { SchedulerDefinition } from './types';

export const optaxSchedulers: SchedulerDefinition[] = [];
