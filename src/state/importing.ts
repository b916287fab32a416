/**
 * What adding an import does to the studio's settings. The studio has one run length for every
 * schedule, so the import's run (total updates, steps per epoch) becomes the horizon; each schedule
 * keeps its own stepping. Pure: the import dialog shows this plan, in words, before anything is
 * added, and the store's `addImported` applies the same plan.
 */
import type { ImportResult } from '../import';
import { MAX_STEPS } from '../schedules';

/** The settings an import sets (the studio's settings have these and more). */
export interface RunSettings {
  totalSteps: number;
  stepsPerEpoch: number;
}

export interface ImportPlan<S extends RunSettings> {
  settings: S;
  /** One sentence per setting the import changes, or keeps for want of a value. */
  changes: string[];
}

const count = (n: number) => n.toLocaleString('en-US');

/** A whole number of steps in the studio's range, or undefined. */
function steps(v: number | undefined): number | undefined {
  if (v === undefined || !Number.isFinite(v) || v <= 0) return undefined;
  return Math.min(MAX_STEPS, Math.max(1, Math.ceil(v)));
}

export function planImport<S extends RunSettings>(current: S, result: Pick<ImportResult, 'schedules' | 'context'>): ImportPlan<S> {
  const changes: string[] = [];
  const ctx = result.context;
  const perEpochStepping = result.schedules.some((s) => s.stepping === 'epoch');

  const perEpoch = steps(ctx.stepsPerEpoch);
  const stepsPerEpoch = perEpoch ?? current.stepsPerEpoch;
  const fromEpochs = ctx.epochs !== undefined && ctx.epochs > 0 ? ctx.epochs * stepsPerEpoch : undefined;
  const wanted = ctx.totalSteps ?? fromEpochs;
  const totalSteps = steps(wanted) ?? current.totalSteps;

  if (totalSteps !== current.totalSteps) changes.push(`Total steps: ${count(current.totalSteps)} → ${count(totalSteps)}.`);
  else if (wanted === undefined) changes.push(`Total steps: kept at ${count(totalSteps)} (the input does not say how long the run is).`);
  if (wanted !== undefined && wanted > MAX_STEPS) changes.push(`The run has ${count(Math.ceil(wanted))} updates: the studio shows the first ${count(MAX_STEPS)}.`);
  if (stepsPerEpoch !== current.stepsPerEpoch) changes.push(`Steps per epoch: ${count(current.stepsPerEpoch)} → ${count(stepsPerEpoch)}.`);
  else if (perEpoch === undefined && (perEpochStepping || fromEpochs !== undefined)) {
    changes.push(`Steps per epoch: kept at ${count(stepsPerEpoch)} (the input does not say; set it in the run context).`);
  }
  return { settings: { ...current, totalSteps, stepsPerEpoch }, changes };
}
