/// <reference lib="webworker" />
/**
 * Curve worker: evaluates long horizons off the main thread with the same pure engine, and
 * transfers the full-resolution values back (no copy), or during a drag only the curve decimated
 * for the chart's view.
 */
import { computeResult, toPreview } from './curves';
import type { CurveWorkerRequest, CurveWorkerResponse } from './curveWorker';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<CurveWorkerRequest>) => {
  const { job, spec, settings, preview } = ev.data;
  let msg: CurveWorkerResponse;
  try {
    const full = computeResult(spec, settings, !preview);
    // While a slider is dragged, only what the chart draws travels (no 8 MB per input to collect).
    const r = preview ? toPreview(full, preview) : full;
    msg = { type: 'curve', job, settingsKey: r.settingsKey, curve: r.curve, stats: r.stats, ms: r.ms, preview: r.preview };
    const transfer: Transferable[] = [r.curve.values.buffer];
    if (r.preview) transfer.push(r.preview.dec.x.buffer, r.preview.dec.y.buffer);
    scope.postMessage(msg, transfer);
  } catch (e) {
    msg = { type: 'failed', job, message: e instanceof Error ? e.message : String(e) };
    scope.postMessage(msg);
  }
};
