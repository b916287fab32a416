/** Messages under the chart, in words: where a framework raised, stale curves, log-axis gaps, diffs. */
import type { DiffResult, SeriesModel } from './series';
import { formatShort } from './scale';
import { getDefinition, scheduleNotes, type ScheduleSpec } from '../../schedules';

/** Four float32 ulps, relative: two float32 computations of one formula, or float32 against float64, agree this closely. */
export const FLOAT32_AGREEMENT = 4 * 2 ** -24;

export interface Note {
  key: string;
  kind: 'error' | 'stale' | 'info';
  text: string;
}

/** How two schedules compare, in words: bit-identical steps, largest difference, undefined ratios. */
export function diffNotes(a: SeriesModel, b: SeriesModel, d: DiffResult): Note[] {
  const n = d.values.length;
  const fmtN = (k: number) => k.toLocaleString('en-US');
  const precisionOf = (m: SeriesModel) => getDefinition(m.entry.spec.scheduler)?.precision ?? 'float64';
  const float32 = [a, b].filter((m) => precisionOf(m) === 'float32');
  const largest = `the largest |A − B| is ${d.maxAbs} at step ${fmtN(d.maxAbsStep)}`;
  let text: string;
  if (d.identical === n) text = `${a.entry.name} and ${b.entry.name} are bit-for-bit identical at all ${fmtN(n)} steps.`;
  else if (float32.length > 0 && d.maxRel <= FLOAT32_AGREEMENT) {
    // Not alarming: the frameworks round differently, the function is the same.
    const why =
      float32.length === 2
        ? 'both compute in float32, rounding their operations differently'
        : `${float32[0].entry.name} computes in float32, ${(float32[0] === a ? b : a).entry.name} in float64`;
    text =
      `${a.entry.name} and ${b.entry.name} are equal to float32 precision at all ${fmtN(n)} steps (largest difference ` +
      `${d.maxRel.toPrecision(2)} of the peak, within 4 float32 ulps): ${why}. Bit-for-bit identical at ${fmtN(d.identical)}; ${largest}.`;
  } else text = `${a.entry.name} and ${b.entry.name} are identical at ${fmtN(d.identical)} of ${fmtN(n)} steps; ${largest}.`;
  const notes: Note[] = [{ key: 'diff-summary', kind: 'info', text }];
  if (d.undefinedSteps > 0) {
    notes.push({
      key: 'diff-undefined',
      kind: 'info',
      text: `The ratio is undefined at ${fmtN(d.undefinedSteps)} step${d.undefinedSteps === 1 ? '' : 's'} where ${b.entry.name} is 0 (left out).`,
    });
  }
  return notes;
}

/** The definition's notes (jax.jit traps) per spec object and horizon: a staircase scan is not free on every render. */
const trapMemo = new WeakMap<ScheduleSpec, { steps: number; notes: string[] }>();

function trapNotes(spec: ScheduleSpec, steps: number): string[] {
  const hit = trapMemo.get(spec);
  if (hit && hit.steps === steps) return hit.notes;
  const notes = scheduleNotes(spec, steps);
  trapMemo.set(spec, { steps, notes });
  return notes;
}

/** Messages under the chart: where a framework raised, stale curves, what the log axis leaves out. */
export function chartNotes(
  models: readonly SeriesModel[],
  yScale: string,
  stepsPerEpoch: number,
  epochs: boolean,
  runaway: ReadonlySet<string> = new Set(),
): Note[] {
  const epochNote = (step: number) => (epochs ? ` (epoch ${Math.floor(step / stepsPerEpoch).toLocaleString('en-US')})` : '');
  const notes: Note[] = [];
  for (const m of models) {
    const name = m.entry.name;
    if (m.stale) {
      notes.push({ key: `stale-${m.entry.id}`, kind: 'stale', text: `${name}: showing the last valid curve (stale) — ${m.stale}` });
    }
    if (m.error) {
      const text =
        m.errorStep !== null
          ? `${name} stops at step ${m.errorStep.toLocaleString('en-US')}${epochNote(m.errorStep)}: ${m.error.replace(/^at step \d+: /, '')}. The curve shows the ${m.length.toLocaleString('en-US')} steps before it.${runawayText(m, runaway)}`
          : `${name}: ${m.error}`;
      notes.push({ key: `error-${m.entry.id}`, kind: 'error', text });
    }
    const traps = trapNotes(m.entry.spec, m.entry.stepping === 'epoch' ? Math.ceil(m.length / stepsPerEpoch) : m.length);
    traps.forEach((text, i) => notes.push({ key: `trap-${m.entry.id}-${i}`, kind: 'info', text: `${name}: ${text}` }));
    if (yScale === 'log' && m.stats && m.stats.nonPositive > 0) {
      const all = m.stats.nonPositive === m.stats.length;
      notes.push({
        key: `log-${m.entry.id}`,
        kind: 'info',
        text: all
          ? `${name}: every value is ≤ 0, which a log axis cannot show.`
          : `${name}: ${m.stats.nonPositive.toLocaleString('en-US')} step${m.stats.nonPositive === 1 ? '' : 's'} with lr ≤ 0 ${m.stats.nonPositive === 1 ? 'is' : 'are'} left out on the log axis.`,
      });
    }
  }
  return notes;
}

/** Where a runaway curve goes, off the top of an axis fitted to the other curves. */
function runawayText(m: SeriesModel, runaway: ReadonlySet<string>): string {
  if (!runaway.has(m.entry.id) || !m.stats) return '';
  return ` It rises to ${formatShort(m.stats.peak)} (step ${m.stats.peakStep.toLocaleString('en-US')}), far above the other curves: the y axis fits them, and this one runs off its top (hide the others to see all of it).`;
}
