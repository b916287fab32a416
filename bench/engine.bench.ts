/**
 * Engine speed: 1,000,000 steps per scheduler against a bare closed-form cosine loop timed in the
 * same run (the engine issue's target: ratio <= 2.5).
 *
 * Two figures per scheduler: in a fresh isolate (the scheduler alone, as when one schedule is
 * evaluated), and in one process that has already evaluated every scheduler type (as in the app,
 * where the evaluate loop's call sites see many stepper classes).
 */
import { Worker } from 'node:worker_threads';
import { evaluate, schedulers } from '../src/schedules';
import { benchSpec } from '../test/schedules/samples';
import { bareCosine, benchMetrics, pairedTimes, type Paired } from './engine-common';
import type { BenchSection } from './types';

const N = 1_000_000;
/** Rounds per measurement (each: the baseline, then the scheduler). */
const REPS = 11;

interface Isolated extends Paired {
  id: string;
  error: string | null;
}

function isolated(id: string): Promise<Isolated> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./engine-worker-boot.mjs', import.meta.url), {
      workerData: { id, n: N, reps: REPS },
    });
    w.once('message', (m: Isolated) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

export async function run(): Promise<BenchSection[]> {
  // Mixed first, while this process is fresh (after 71 worker isolates its large allocations measured
  // up to 2x slower for the metric-driven schedulers, whose own loops were unchanged): warm every
  // type so the shared call sites are as the app sees them, then time each.
  const metrics = benchMetrics(N);
  for (const def of schedulers) {
    try {
      evaluate(benchSpec(def.id, N), 50_000, def.metricDriven ? { metrics } : {});
    } catch {
      // reported below
    }
  }
  const mixed = new Map<string, Paired | Error>();
  for (const def of schedulers) {
    const spec = benchSpec(def.id, N);
    try {
      mixed.set(def.id, pairedTimes(() => bareCosine(N), () => evaluate(spec, N, def.metricDriven ? { metrics } : {}), REPS));
    } catch (e) {
      mixed.set(def.id, e as Error);
    }
  }
  const alone = new Map<string, Isolated>();
  for (const def of schedulers) alone.set(def.id, await isolated(def.id));

  const rows: (string | number)[][] = [];
  const bases: number[] = [];
  let worstAlone = 0;
  let worstMixed = 0;
  for (const def of schedulers) {
    const a = alone.get(def.id)!;
    const m = mixed.get(def.id)!;
    if (a.error || m instanceof Error) {
      rows.push([`\`${def.id}\``, 'error', (a.error ?? (m as Error).message).slice(0, 60), '', '']);
      continue;
    }
    bases.push(m.base);
    worstAlone = Math.max(worstAlone, a.ratio);
    worstMixed = Math.max(worstMixed, m.ratio);
    rows.push([`\`${def.id}\``, a.ms.toFixed(1), a.ratio.toFixed(2), m.ms.toFixed(1), m.ratio.toFixed(2)]);
  }
  const base = bases.sort((x, y) => x - y)[bases.length >> 1];
  return [
    {
      title: `Engine: ${N.toLocaleString('en-US')} steps per scheduler (CPU time, median of ${REPS} rounds)`,
      columns: ['scheduler', 'alone: ms', 'alone: ratio', 'mixed: ms', 'mixed: ratio'],
      rows,
      notes: [
        'Ratio: CPU time over that of a bare closed-form cosine loop of the same length, both timed back to back ' +
          `in each round, median over ${REPS} rounds (mixed baseline ${base.toFixed(1)} ms). "alone": a fresh isolate ` +
          'per scheduler; "mixed": one process that has evaluated every scheduler type, as the app does.',
        `Worst ratio: alone ${worstAlone.toFixed(2)}, mixed ${worstMixed.toFixed(2)} (target <= 2.5).`,
      ],
    },
  ];
}
