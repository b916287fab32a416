/// <reference lib="webworker" />
/**
 * Curve worker: evaluates long horizons off the main thread with the same pure engine, and
 * transfers the full-resolution values back (no copy).
 */
import { computeResult } from './curves';
import type { CurveWorkerRequest, CurveWorkerResponse } from './curveWorker';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<CurveWorkerRequest>) => {
  const { job, spec, settings } = ev.data;
  let msg: CurveWorkerResponse;
  try {
    const r = computeResult(spec, settings);
    msg = { type: 'curve', job, settingsKey: r.settingsKey, curve: r.curve, stats: r.stats, ms: r.ms };
    scope.postMessage(msg, [r.curve.values.buffer]);
  } catch (e) {
    msg = { type: 'failed', job, message: e instanceof Error ? e.message : String(e) };
    scope.postMessage(msg);
  }
};
