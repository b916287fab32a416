/**
 * Engine speed: 1,000,000 steps per scheduler against a bare closed-form cosine loop timed in the
 * same run (the baseline the engine issue sets: ratio <= 2.5).
 */
import { evaluate, schedulers, type ScheduleSpec } from '../src/schedules';
import { benchSpec } from '../test/schedules/samples';
import type { BenchSection } from './types';

const N = 1_000_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The baseline: the closed-form cosine every engine issue compares against. */
function bareCosine(n: number): Float64Array {
  const out = new Float64Array(n);
  const base = 0.1;
  const T = n;
  for (let t = 0; t < n; t++) out[t] = 0.5 * base * (1 + Math.cos((Math.PI * t) / T));
  return out;
}

function time(fn: () => unknown, reps: number): number {
  fn(); // warm up
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export async function run(): Promise<BenchSection[]> {
  const metrics = new Float64Array(N);
  for (let i = 0; i < N; i++) metrics[i] = 1 + Math.sin(i / 1000) * 0.1 + 1000 / (i + 10);
  const base = time(() => bareCosine(N), 7);
  const rows: (string | number)[][] = [];
  let worst = 0;
  for (const def of schedulers) {
    const spec: ScheduleSpec = benchSpec(def.id, N);
    const opts = def.metricDriven ? { metrics } : {};
    let ms: number;
    try {
      ms = time(() => evaluate(spec, N, opts), 5);
    } catch (e) {
      rows.push([def.id, 'error', String((e as Error).message).slice(0, 60)]);
      continue;
    }
    const ratio = ms / base;
    worst = Math.max(worst, ratio);
    rows.push([`\`${def.id}\``, ms.toFixed(1), ratio.toFixed(2)]);
  }
  return [
    {
      title: `Engine: ${N.toLocaleString('en-US')} steps per scheduler (median of 5)`,
      columns: ['scheduler', 'ms / 1M steps', 'ratio to bare cosine loop'],
      rows: [['bare closed-form cosine loop (baseline)', base.toFixed(1), '1.00'], ...rows],
      notes: [`Worst ratio: ${worst.toFixed(2)} (target <= 2.5).`],
    },
  ];
}
