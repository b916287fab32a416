/** keras schedulers. */
import type { SchedulerDefinition } from './types';

export const kerasSchedulers: SchedulerDefinition[] = [];
