/**
 * The messages between the page's curve-worker pool (pool.ts) and a curve worker (curve.worker.ts,
 * running jobs.ts).
 */
import type { ScheduleSpec } from '../schedules';
import type { Curve, CurvePreview, CurveSettings, CurveStats, PreviewView } from './compute';

export interface CurveWorkerRequest {
  type: 'curve';
  job: number;
  /** The schedule entry: a newer request with the same key makes this one useless. */
  key: string;
  spec: ScheduleSpec;
  settings: CurveSettings;
  /** Send back only the curve decimated for this view (during a drag), not the full values. */
  preview: PreviewView | null;
}

/** Drops whatever the worker holds for `key` (the entry was removed or hidden). */
export interface CurveWorkerCancel {
  type: 'cancel';
  key: string;
}

/** Are you alive? (Answered `pong` between two slices: a worker that closed or was killed never answers.) */
export interface CurveWorkerPing {
  type: 'ping';
}

export type CurveWorkerMessage = CurveWorkerRequest | CurveWorkerCancel;

export type CurveWorkerResponse =
  | {
      type: 'curve';
      job: number;
      settingsKey: string;
      curve: Curve;
      stats: CurveStats | null;
      ms: number;
      preview?: CurvePreview;
    }
  | { type: 'failed'; job: number; message: string }
  /** A newer request for the same key (or a cancel) arrived first: no result for this job. */
  | { type: 'superseded'; job: number };

export interface CurveWorkerPong {
  type: 'pong';
}
