/**
 * One engine measurement in a fresh V8 isolate (a worker thread): the scheduler's own speed, without
 * the megamorphic call sites that evaluating many scheduler types in one process creates. CPU time
 * is the process's (the main thread only waits for this worker meanwhile).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, getDefinition } from '../src/schedules';
import { benchSpec } from '../test/schedules/samples';
import { bareCosine, benchMetrics, pairedTimes, type Paired } from './engine-common';

const { id, n, reps } = workerData as { id: string; n: number; reps: number };
const metrics = benchMetrics(n);
const def = getDefinition(id)!;
let result: Paired = { base: NaN, ms: NaN, ratio: NaN };
let error: string | null = null;
try {
  const spec = benchSpec(id, n);
  result = pairedTimes(() => bareCosine(n), () => evaluate(spec, n, def.metricDriven ? { metrics } : {}), reps);
} catch (e) {
  error = (e as Error).message;
}
parentPort!.postMessage({ id, ...result, error });
