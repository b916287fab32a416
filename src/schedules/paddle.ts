/** paddle schedulers. */
import type { SchedulerDefinition } from './types';

export const paddleSchedulers: SchedulerDefinition[] = [];
