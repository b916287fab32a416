/**
 * What the config readers share: a parsed config (plain values, each key with its place in the
 * text for messages) and the result a reader gives back.
 */
import { importErrorAt } from '../errors';
import type { ImportedSchedule, RunContext } from '../types';

export interface ConfigSource {
  text: string;
  /** Offset of a key (a dotted path for nested ones) in `text`; 0 where unknown. */
  offsetOf(path: string): number;
}

export interface Reading {
  schedules: ImportedSchedule[];
  context: RunContext;
  notes: string[];
}

/** A number, or a string Python's `float()` / `int()` would read (flags arrive as strings). */
export function numberOf(v: unknown, key: string, src: ConfigSource): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.replace(/_/g, '')))) return Number(v.replace(/_/g, ''));
  importErrorAt(src.text, src.offsetOf(key), 'a number', `${key} must be a number (found ${JSON.stringify(v)})`);
}

export function boolOf(v: unknown, key: string, src: ConfigSource): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return true; // a bare store_true flag
  if (typeof v === 'string' && /^(true|1|yes)$/i.test(v)) return true;
  if (typeof v === 'string' && /^(false|0|no)$/i.test(v)) return false;
  if (typeof v === 'number') return v !== 0;
  importErrorAt(src.text, src.offsetOf(key), 'true or false', `${key} must be true or false (found ${JSON.stringify(v)})`);
}

/** Optimizer updates per epoch from the dataset size: `round(dataset / (batch * devices))` batches, then accumulation. */
export function stepsPerEpochOf(
  ctx: RunContext,
  batchRounding: 'ceil' | 'floor',
  accumulationRounding: 'ceil' | 'floor',
): number | undefined {
  if (ctx.stepsPerEpoch !== undefined) return ctx.stepsPerEpoch;
  if (ctx.datasetSize === undefined || ctx.batchSize === undefined) return undefined;
  const perBatch = ctx.batchSize * (ctx.devices ?? 1);
  const batches = batchRounding === 'ceil' ? Math.ceil(ctx.datasetSize / perBatch) : Math.floor(ctx.datasetSize / perBatch);
  const accum = ctx.gradientAccumulation ?? 1;
  return Math.max(1, accumulationRounding === 'ceil' ? Math.ceil(batches / accum) : Math.floor(batches / accum));
}

/** Fields of `b` fill the gaps of `a` (the caller's context wins over what the input says). */
export function fillContext(a: RunContext, b: RunContext): RunContext {
  const out: RunContext = { ...b };
  for (const [k, v] of Object.entries(a) as [keyof RunContext, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}

export const NEEDS_STEPS = 'set the steps per epoch (or the dataset size and batch size) in the run context';
