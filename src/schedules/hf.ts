/** hf schedulers. */
import type { SchedulerDefinition } from './types';

export const hfSchedulers: SchedulerDefinition[] = [];
