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
import { bareCosine, benchMetrics, timeMedian } from './engine-common';
import type { BenchSection } from './types';

const N = 1_000_000;

interface Isolated {
  id: string;
  base: number;
  ms: number;
  error: string | null;
}

function isolated(id: string): Promise<Isolated> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./engine-worker-boot.mjs', import.meta.url), {
      workerData: { id, n: N },
    });
    w.once('message', (m: Isolated) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

export async function run(): Promise<BenchSection[]> {
  const metrics = benchMetrics(N);
  const alone = new Map<string, Isolated>();
  for (const def of schedulers) alone.set(def.id, await isolated(def.id));

  // Mixed: warm every type first so the shared call sites are as the app sees them.
  for (const def of schedulers) {
    try {
      evaluate(benchSpec(def.id, N), 50_000, def.metricDriven ? { metrics } : {});
    } catch {
      // reported below
    }
  }
  const base = timeMedian(() => bareCosine(N), 7);
  const rows: (string | number)[][] = [];
  let worstAlone = 0;
  let worstMixed = 0;
  for (const def of schedulers) {
    const a = alone.get(def.id)!;
    if (a.error) {
      rows.push([`\`${def.id}\``, 'error', a.error.slice(0, 60), '', '']);
      continue;
    }
    const spec = benchSpec(def.id, N);
    const mixed = timeMedian(() => evaluate(spec, N, def.metricDriven ? { metrics } : {}), 5);
    const ra = a.ms / a.base;
    const rm = mixed / base;
    worstAlone = Math.max(worstAlone, ra);
    worstMixed = Math.max(worstMixed, rm);
    rows.push([`\`${def.id}\``, a.ms.toFixed(1), ra.toFixed(2), mixed.toFixed(1), rm.toFixed(2)]);
  }
  return [
    {
      title: `Engine: ${N.toLocaleString('en-US')} steps per scheduler (median of 5)`,
      columns: ['scheduler', 'alone: ms', 'alone: ratio', 'mixed: ms', 'mixed: ratio'],
      rows,
      notes: [
        'Ratio: time over a bare closed-form cosine loop of the same length timed in the same isolate ' +
          `(mixed baseline ${base.toFixed(1)} ms). "alone": a fresh isolate per scheduler; "mixed": one process ` +
          'that has evaluated every scheduler type, as the app does.',
        `Worst ratio: alone ${worstAlone.toFixed(2)}, mixed ${worstMixed.toFixed(2)} (target <= 2.5).`,
      ],
    },
  ];
}
