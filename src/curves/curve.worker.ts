/// <reference lib="webworker" />
/**
 * Curve worker: evaluates long horizons off the main thread with the same pure engine, in slices
 * (jobs.ts), and transfers the full-resolution values back (no copy), or during a drag only the
 * curve decimated for the chart's view.
 */
import { CurveJobRunner } from './jobs';
import type { CurveWorkerMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new CurveJobRunner({ post: (msg, transfer) => scope.postMessage(msg, transfer) });

scope.onmessage = (ev: MessageEvent<CurveWorkerMessage>) => runner.receive(ev.data);
