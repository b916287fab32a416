/**
 * One engine measurement in a fresh V8 isolate (a worker thread): the scheduler's own speed, without
 * the megamorphic call sites that evaluating many scheduler types in one process creates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, getDefinition } from '../src/schedules';
import { benchSpec } from '../test/schedules/samples';
import { bareCosine, benchMetrics, timeMedian } from './engine-common';

const { id, n } = workerData as { id: string; n: number };
const metrics = benchMetrics(n);
const def = getDefinition(id)!;
const base = timeMedian(() => bareCosine(n), 7);
let ms = NaN;
let error: string | null = null;
try {
  const spec = benchSpec(id, n);
  ms = timeMedian(() => evaluate(spec, n, def.metricDriven ? { metrics } : {}), 5);
} catch (e) {
  error = (e as Error).message;
}
parentPort!.postMessage({ id, base, ms, error });
