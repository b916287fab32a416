/** torch schedulers. */
import type { SchedulerDefinition } from './types';

export const torchSchedulers: SchedulerDefinition[] = [];
