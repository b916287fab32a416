/** timm schedulers. */
import type { SchedulerDefinition } from './types';

export const timmSchedulers: SchedulerDefinition[] = [];
