/** paddleocr schedulers. */
import type { SchedulerDefinition } from './types';

export const paddleocrSchedulers: SchedulerDefinition[] = [];
