/**
 * Engine: `evaluateColumns` (the chart's per-pixel-column envelopes) at 10M and 100M steps per
 * scheduler, against a bare closed-form cosine loop over 1M steps timed in the same rounds. Runs with
 * `npm run bench engine` (its name starts with `engine`).
 */
import { closedFormOf, evaluateColumns, schedulers, type Columns, type ScheduleSpec } from '../src/schedules';
import { benchSpec } from '../test/schedules/samples';
import { bareCosine, benchMetrics, pairedTimes } from './engine-common';
import type { BenchSection } from './types';

const COLUMNS = 1000;
const BASE_STEPS = 1_000_000;
const HORIZONS = [10_000_000, 100_000_000];
const REPS = 5;

interface Cell {
  ms: number;
  ratio: number;
  evaluations: number;
  method: Columns['method'];
}

function measure(id: string, steps: number, metrics: Float64Array | null): Cell | string {
  const spec = benchSpec(id, steps);
  const opts = metrics ? { metrics } : {};
  let last: Columns;
  try {
    last = evaluateColumns(spec, steps, COLUMNS, opts);
  } catch (e) {
    return e instanceof Error ? e.message.slice(0, 50) : String(e);
  }
  // Stepping 10M steps takes seconds: fewer rounds for it.
  const reps = last.method === 'stepping' ? 1 : REPS;
  const p = pairedTimes(() => bareCosine(BASE_STEPS), () => (last = evaluateColumns(spec, steps, COLUMNS, opts)), reps);
  return { ms: p.ms, ratio: p.ratio, evaluations: last.evaluations, method: last.method };
}

/** Cycles of 10 to 20 steps, far shorter than a column (10,000 to 100,000 steps at these horizons). */
const SHORT_CYCLES: ScheduleSpec[] = [
  { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 10 } },
  { scheduler: 'paddle.CosineAnnealingWarmRestarts', params: { learning_rate: 0.1, T_0: 10 } },
  { scheduler: 'timm.CosineLRScheduler', params: { lr: 0.1, t_initial: 10, cycle_limit: 1e9, warmup_t: 100, warmup_lr_init: 1e-4 } },
  // No exact period (its float arithmetic rounds differently in each cycle): every turn is visited.
  { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.1, step_size_up: 10 } },
];

function shortCycles(): BenchSection {
  const rows = SHORT_CYCLES.map((spec) => {
    const period = closedFormOf(spec)?.period;
    const row: (string | number)[] = [`\`${spec.scheduler}\` ${JSON.stringify(spec.params)}`, period ? `${period.length} steps` : 'none'];
    for (const steps of HORIZONS) {
      let last = evaluateColumns(spec, steps, COLUMNS);
      const p = pairedTimes(() => bareCosine(BASE_STEPS), () => (last = evaluateColumns(spec, steps, COLUMNS)), period ? REPS : 1);
      row.push(p.ms.toFixed(p.ms < 10 ? 2 : 1), last.evaluations.toLocaleString('en-US'));
    }
    return row;
  });
  return {
    title: `Engine: evaluateColumns with cycles much shorter than a column, ${COLUMNS} columns`,
    columns: ['schedule', 'exact period', '10M: ms', '10M: evaluations', '100M: ms', '100M: evaluations'],
    rows,
    notes: [
      'A form with an exact period (ClosedForm.period: the position in the period found with integer arithmetic) gives a column spanning a whole period the extremes of one period: the cost is the same at 10M and 100M steps. Without one, every turn in range is evaluated (cost grows with the steps).',
    ],
  };
}

/**
 * The replayed recursions (exact only step by step) against their drafts (ColumnsOptions.draft: the
 * documented closed form a drag draws, the exact replay following when it stops).
 */
function drafts(): BenchSection {
  const rows: (string | number)[][] = [];
  for (const def of schedulers) {
    const probe = benchSpec(def.id, HORIZONS[0]);
    if (!closedFormOf(probe)?.draft) continue;
    const row: (string | number)[] = [`\`${def.id}\``];
    for (const steps of HORIZONS) {
      const spec = benchSpec(def.id, steps);
      for (const draft of [false, true]) {
        let last = evaluateColumns(spec, steps, COLUMNS, { draft });
        const p = pairedTimes(() => bareCosine(BASE_STEPS), () => (last = evaluateColumns(spec, steps, COLUMNS, { draft })), draft ? REPS : 1);
        row.push(`${p.ms.toFixed(p.ms < 10 ? 2 : 1)} (${last.evaluations.toLocaleString('en-US')})`);
      }
    }
    rows.push(row);
  }
  return {
    title: `Engine: replayed recursions, exact and drafted, ${COLUMNS} columns (ms, evaluations)`,
    columns: ['scheduler', '10M: exact', '10M: draft', '100M: exact', '100M: draft'],
    rows,
    notes: [
      "Paddle's recursive forms are exact only by replaying their recursion from step 0 (\"evaluations\" counts closed-form values; the replayed steps are the cost). The draft is the documented closed form (within 1e-8 of the scale): what a slider drag draws in each input's frame, the exact replay replacing it when the slider stops.",
    ],
  };
}

export async function run(): Promise<BenchSection[]> {
  const metrics = benchMetrics(HORIZONS[0]);
  const rows: (string | number)[][] = [];
  const closedRatios: number[][] = HORIZONS.map(() => []);
  for (const def of schedulers) {
    const row: (string | number)[] = [`\`${def.id}\``];
    HORIZONS.forEach((steps, h) => {
      const c = measure(def.id, steps, def.metricDriven ? (steps === HORIZONS[0] ? metrics : null) : null);
      if (typeof c === 'string') {
        row.push(c.startsWith('steps: must be at most') ? 'n/a (stepping: at most 10M)' : `error: ${c}`, '', '');
        return;
      }
      if (c.method === 'closedForm') closedRatios[h].push(c.ratio);
      row.push(c.ms.toFixed(c.ms < 10 ? 2 : 1), c.ratio.toFixed(3), `${c.evaluations.toLocaleString('en-US')}${c.method === 'stepping' ? ' (stepped)' : ''}`);
    });
    rows.push(row);
  }
  const worst = closedRatios.map((r) => Math.max(...r));
  return [
    {
      title: `Engine: evaluateColumns, ${COLUMNS} columns at 10M and 100M steps (CPU time, median of ${REPS} rounds)`,
      columns: ['scheduler', '10M: ms', '10M: ratio', '10M: evaluations', '100M: ms', '100M: ratio', '100M: evaluations'],
      rows,
      notes: [
        `Ratio: CPU time of \`evaluateColumns(spec, steps, ${COLUMNS})\` over that of a bare closed-form cosine loop over ${BASE_STEPS.toLocaleString('en-US')} steps, timed back to back in each round (median of the rounds' ratios). Each spec is the benchmark's configuration scaled to the horizon (T_max, total_steps, ... = steps). "Evaluations": closed-form values computed (two per monotone piece: the cost does not depend on the steps), or steps stepped where there is no closed form (metric-driven schedulers, user lambdas: 1 round).`,
        `Worst ratio with a closed form: ${worst.map((w, h) => `${HORIZONS[h] / 1e6}M ${w.toFixed(3)}`).join(', ')} (a ratio of 1 is the time a bare loop takes to compute 1M values).`,
      ],
    },
    shortCycles(),
    drafts(),
  ];
}
