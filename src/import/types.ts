/** What an import gives back, and the run it assumes. */
import type { ScheduleSpec, Stepping } from '../schedules';

/**
 * What turns epochs and ratios into optimizer updates. Every field is optional: the input itself
 * (a config's `num_train_epochs`, a loop's `range(...)`) fills what it states, and what neither the
 * input nor the caller gives is left out (the schedules that need it say so in `notes`).
 */
export interface RunContext {
  /** Optimizer updates in the whole run (HF `max_steps`, the studio's total steps). */
  totalSteps?: number;
  epochs?: number;
  /** Optimizer updates per epoch. Derived from the dataset size and batch when not given. */
  stepsPerEpoch?: number;
  datasetSize?: number;
  /** Per-device batch size. */
  batchSize?: number;
  gradientAccumulation?: number;
  devices?: number;
}

export interface ImportedSchedule {
  name: string;
  spec: ScheduleSpec;
  stepping: Stepping;
}

export interface ImportResult {
  schedules: ImportedSchedule[];
  /** The context the schedules were computed with (the caller's, completed by the input). */
  context: RunContext;
  /** What was assumed or left out, one sentence each. */
  notes: string[];
}
