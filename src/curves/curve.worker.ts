/// <reference lib="webworker" />
/**
 * Curve worker: evaluates long horizons off the main thread with the same pure engine, in slices
 * (jobs.ts), and transfers the full-resolution values back (no copy), or during a drag only the
 * curve decimated for the chart's view.
 */
import { CurveJobRunner } from './jobs';
import type { CurveWorkerMessage, CurveWorkerPing, CurveWorkerPong } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new CurveJobRunner({ post: (msg, transfer) => scope.postMessage(msg, transfer) });

scope.onmessage = (ev: MessageEvent<CurveWorkerMessage | CurveWorkerPing>) => {
  // The pool's liveness check (pool.ts); the runner gives its thread back between slices to answer it.
  if (ev.data.type === 'ping') scope.postMessage({ type: 'pong' } satisfies CurveWorkerPong);
  else runner.receive(ev.data);
};
