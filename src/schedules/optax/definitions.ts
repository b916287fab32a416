/**
 * Optax `optax.schedules` (catalog section D): parameters, docs and validation, each function bound
 * to its float32 closed form (./polynomial.ts, ./exponential.ts, ./cosine.ts, ./join.ts,
 * ./piecewise.ts).
 *
 * Every schedule is a pure function of `count`, the number of updates already applied (0 for the
 * first update), like the Optax function; `join_schedules` evaluates its children, through their
 * own closed forms, at `count - boundary`.
 */
import { endValueParam, fractionParam, powerParam, rateParam } from '../params';
import { defineFramework } from '../define';
import { ScheduleError, paramError } from '../errors';
import { PAPERS } from '../papers';
import type { ScheduleSpec, SchedulerDefinition } from '../types';
import { CosineSchedule } from './cosine';
import { exponentialDecay } from './exponential';
import { JoinSchedule, sgdrSchedule, warmupCosineDecay, warmupExponentialDecay } from './join';
import {
  boundariesAndScales,
  decayRate,
  exponent,
  initValue,
  onecycleParams,
  optionalEndValue,
  peakValue,
  sgdrFields,
  staircase,
  steps,
  transitionBegin,
  warmupSteps,
  warmupStepsFloat,
} from './params';
import { onecycleSchedule, piecewiseConstantSchedule, piecewiseInterpolateSchedule } from './piecewise';
import { ConstantSchedule, linearSchedule, polynomialSchedule } from './polynomial';
import { polynomialEnd, polynomialNote, staircaseNote, staircaseShifts } from '../jitTraps';

const f32 = Math.fround;
const pyInt = Math.trunc;

const define = defineFramework('optax', { module: 'optax.schedules', precision: 'float32' });

const F32_NOTE =
  'Computed in float32 as Optax does without jax_enable_x64 (int32 count, float32 values); matches Optax to float32 precision (XLA\'s float32 cos/pow may differ by one ulp). A value the Python function returns unconverted (a constant) is shown as the float32 the optimizer applies.';

const COUNT_NOTE = 'The count is the number of updates already applied: 0 for the first update.';

/** The jax.jit notes of exponential_decay's staircase, its decay starting at count `start` (the count minus `start`). */
function staircaseJitNotes(p: Record<string, unknown>, start: number, steps: number): string[] {
  const c = p.transition_steps as number;
  if (p.staircase !== true || !(c > 0) || p.decay_rate === 0) return [];
  return staircaseNote('transition_steps', c, staircaseShifts(c, (count) => f32(count - start), start, steps));
}

/** The jax.jit note of polynomial_schedule's end (Optax subtracts the Python floats before rounding to float32). */
function polynomialJitNotes(init: number, end: number, power: number, p: Record<string, unknown>, steps: number): string[] {
  const c = p.transition_steps as number;
  if (!(c > 0)) return [];
  const from = Math.max(p.transition_begin as number, 0) + Math.ceil(c);
  return polynomialNote('transition_steps', c, from, steps, polynomialEnd(f32(init - end), f32(end), power, c));
}

function checkWarmupCosine(p: Record<string, unknown>, path: string): void {
  const d = p.decay_steps as number;
  const w = p.warmup_steps as number;
  if (!(d - w > 0)) {
    paramError('decay_steps', `must be greater than warmup_steps: it includes the warmup (got decay_steps=${d}, warmup_steps=${w})`, path);
  }
}

export const optaxSchedulers: SchedulerDefinition[] = [
  define({
    name: 'constant_schedule',
    family: 'constant',
    params: [rateParam('value', 'The constant value.', { example: 0.001, key: true })],
    formula: String.raw`\eta_t = v`,
    description: `Returns value for every count. ${F32_NOTE}`,
    closedForm: (p) => new ConstantSchedule(f32(p.value as number)),
  }),
  define({
    name: 'polynomial_schedule',
    family: 'polynomial',
    params: [
      initValue(),
      endValueParam('end_value', 'Value reached at transition_begin + transition_steps.', { example: 0.001 }),
      powerParam('power', 'Power of the polynomial (an integer is applied as a Python int: exact repeated products).', { example: 2, key: true }),
      steps('transition_steps', 'Length of the transition (<= 0: constant init_value; may be a float).', 1000, { key: true, float: true, fit: 'horizon' }),
      transitionBegin,
    ],
    formula: String.raw`\eta_t = (I - E)\left(1 - \frac{\operatorname{clip}(t - B,\, 0,\, T)}{T}\right)^{P} + E`,
    description:
      'Holds init_value for transition_begin counts, then moves polynomially to end_value over transition_steps and holds end_value afterwards. Quirks reproduced: transition_steps <= 0 gives a constant init_value (Optax only logs it), a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) =>
      polynomialSchedule(
        p.init_value as number,
        p.end_value as number,
        p.power as number,
        p.transition_steps as number,
        p.transition_begin as number,
      ),
    notes: (p, steps) => polynomialJitNotes(p.init_value as number, p.end_value as number, p.power as number, p, steps),
  }),
  define({
    name: 'linear_schedule',
    family: 'linear',
    params: [
      initValue(),
      fractionParam('end_value', 'Value reached at transition_begin + transition_steps.', { example: 0, key: true }),
      steps('transition_steps', 'Length of the transition (<= 0: constant init_value; may be a float).', 1000, { key: true, float: true, fit: 'horizon' }),
      transitionBegin,
    ],
    formula: String.raw`\eta_t = (I - E)\left(1 - \frac{\operatorname{clip}(t - B,\, 0,\, T)}{T}\right) + E`,
    description:
      'Linear ramp from init_value to end_value over transition_steps, after holding init_value for transition_begin counts; end_value is held afterwards. It is polynomial_schedule with power 1, computed as (I - E)·(1 - t/T) + E (not I + (E - I)·t/T, which rounds differently). transition_steps <= 0 gives a constant init_value; a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) => linearSchedule(p.init_value as number, p.end_value as number, p.transition_steps as number, p.transition_begin as number),
    notes: (p, steps) => polynomialJitNotes(p.init_value as number, p.end_value as number, 1, p, steps),
  }),
  define({
    name: 'piecewise_constant_schedule',
    family: 'multistep',
    params: [
      initValue(),
      boundariesAndScales('{step: scale}: from count = step on, the value is multiplied by scale (scales are cumulative and must be >= 0).'),
    ],
    formula: String.raw`\eta_t = I \prod_{b_i \le t} s_i`,
    description:
      'Starts at init_value and multiplies it by each scale from its boundary on (at count = boundary, like PyTorch MultiStepLR; Keras switches one step later). Scales are cumulative multipliers, not absolute values, and must be non-negative. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) => piecewiseConstantSchedule(p.init_value as number, p.boundaries_and_scales),
  }),
  define({
    name: 'exponential_decay',
    family: 'exponential',
    params: [
      initValue(),
      steps('transition_steps', 'Counts per factor of decay_rate (<= 0: constant init_value; may be a float).', 100, { key: true, float: true, fit: 'scale' }),
      decayRate,
      transitionBegin,
      staircase,
      optionalEndValue,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} I & t \le B \\ \operatorname{clip}_E\!\left(I \cdot r^{\,p}\right) & t > B \end{cases} \\ p = \frac{t - B}{T}\ (\lfloor\cdot\rfloor \text{ if staircase}) \end{gathered}`,
    description:
      'Holds init_value up to transition_begin, then decays it by decay_rate per transition_steps, continuously or (staircase) in jumps; end_value, when set, stops the decay (a floor when decay_rate < 1, a ceiling otherwise). Quirks reproduced: transition_steps <= 0 or decay_rate == 0 give a constant init_value (not an error), a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) => exponentialDecay(p.init_value as number, p),
    notes: (p, steps) => staircaseJitNotes(p, Math.max(p.transition_begin as number, 0), steps),
  }),
  define({
    name: 'cosine_decay_schedule',
    family: 'cosine',
    params: [
      initValue(),
      steps('decay_steps', 'Length of the decay; must be > 0 (may be a float).', 1000, { positive: true, key: true, float: true, fit: 'horizon' }),
      fractionParam('alpha', 'Final value as a fraction of init_value.', { default: 0.0 }),
      exponent,
    ],
    formula: String.raw`\eta_t = I\left((1 - \alpha)\left(\tfrac12\left(1 + \cos\frac{\pi \min(t, D)}{D}\right)\right)^{e} + \alpha\right)`,
    description:
      'Cosine decay from init_value to alpha·init_value over decay_steps, then held there (no restart, no rise). exponent sharpens (> 1) or flattens (< 1) the cosine factor. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    closedForm: (p) => new CosineSchedule(p.init_value as number, p.decay_steps as number, p.alpha as number, p.exponent as number),
  }),
  define({
    name: 'join_schedules',
    family: 'composite',
    params: [
      {
        name: 'schedules',
        type: { kind: 'scheduleList', frameworks: ['optax'], minLength: 1 },
        example: [
          { scheduler: 'optax.linear_schedule', params: { init_value: 0.0, end_value: 0.1, transition_steps: 100 } },
          { scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 900 } },
        ],
        doc: 'The schedules to apply one after the other.',
      },
      {
        name: 'boundaries',
        type: { kind: 'numberList', integer: true },
        example: [100],
        doc: 'Counts at which the next schedule takes over (one fewer than schedules).',
        key: true,
        unit: 'steps',
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = s_k(t - b_k)\ \text{ for the last } k \text{ with } b_k \le t \\ (s_0(t) \text{ before } b_1) \end{gathered}`,
    description:
      'Runs schedules[0] until boundaries[0], then schedules[1] on a count restarted at 0 (count - boundary), and so on. Implemented as successive where(count < b, previous, next(count - b)), so a later boundary wins when boundaries are not increasing; Optax pairs them with zip, so extra boundaries or extra schedules are silently ignored (reproduced). Each child is evaluated here only where it is selected, at counts >= 0; Optax also evaluates the unselected children at negative counts, which never reaches the output. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm(p, ctx) {
      const base = ctx.path ? `${ctx.path}.schedules` : 'schedules';
      const children = (p.schedules as ScheduleSpec[]).map((s, i) => {
        const form = ctx.closedFormOfChild(s, `${base}[${i}]`);
        if (!form) throw new ScheduleError('join_schedules: every child must be an Optax schedule');
        return form;
      });
      return new JoinSchedule(children, p.boundaries as number[]);
    },
  }),
  define({
    name: 'warmup_constant_schedule',
    family: 'warmup',
    params: [initValue('Value at count 0.', 0), peakValue(), warmupStepsFloat],
    formula: String.raw`\eta_t = (I - P)\left(1 - \frac{\min(t, W)}{W}\right) + P`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then constant peak_value (it is linear_schedule(init_value, peak_value, warmup_steps)). Quirk reproduced: warmup_steps <= 0 gives a constant init_value, not peak_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) => linearSchedule(p.init_value as number, p.peak_value as number, p.warmup_steps as number),
  }),
  define({
    name: 'warmup_cosine_decay_schedule',
    family: 'cosine',
    params: [
      initValue('Value at count 0 (start of the warmup).', 0),
      peakValue(),
      warmupSteps,
      steps('decay_steps', 'Total length, warmup included; must exceed warmup_steps (may be a float).', 1000, { key: true, float: true, fit: 'horizon' }),
      endValueParam('end_value', 'Value at count decay_steps, held afterwards.', { default: 0.0 }),
      exponent,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (I - P)\left(1 - \frac{t}{W}\right) + P & t < W \\ P\left((1 - \alpha)\,c^{e} + \alpha\right) & t \ge W \end{cases} \\ c = \tfrac12\left(1 + \cos\frac{\pi \min(t - W,\, D - W)}{D - W}\right), \\ \alpha = E/P \end{gathered}`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then cosine decay to end_value, reached at count decay_steps and held. Trap: decay_steps is the total length including the warmup (the cosine lasts decay_steps - warmup_steps, which must be positive). end_value is reproduced as peak_value·(end_value/peak_value), not bit-identical to end_value; warmup_steps <= 0 starts directly with the cosine at peak_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    check: checkWarmupCosine,
    closedForm: warmupCosineDecay,
  }),
  define({
    name: 'warmup_exponential_decay_schedule',
    family: 'exponential',
    params: [
      initValue('Value at count 0 (start of the warmup).', 0),
      peakValue(),
      warmupSteps,
      steps('transition_steps', 'Counts per factor of decay_rate (<= 0: constant peak_value after the warmup; may be a float).', 100, { key: true, float: true, fit: 'scale' }),
      decayRate,
      { ...transitionBegin, doc: 'Counts after the warmup to hold peak_value before decaying (negative is treated as 0).' },
      staircase,
      optionalEndValue,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (I - P)\left(1 - \frac{t}{W}\right) + P & t < W \\ d(t - W) & t \ge W \end{cases} \\ d = \text{exponential\_decay}(P, T, r, B, \ldots) \end{gathered}`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then exponential_decay of peak_value on a count restarted at the end of the warmup (transition_begin counts from there). Same quirks as exponential_decay: transition_steps <= 0 or decay_rate == 0 hold peak_value forever. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: warmupExponentialDecay,
    // join_schedules restarts the count at warmup_steps.
    notes: (p, steps) => staircaseJitNotes(p, (p.warmup_steps as number) + Math.max(p.transition_begin as number, 0), steps),
  }),
  define({
    name: 'sgdr_schedule',
    family: 'restarts',
    params: [
      {
        name: 'cosine_kwargs',
        type: { kind: 'recordList', fields: sgdrFields, minLength: 1 },
        example: [
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 100 },
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 200 },
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 400 },
        ],
        doc: 'One warmup_cosine_decay_schedule per cycle; each cycle lasts its decay_steps.',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = \text{warmup\_cosine}_k(t - D_0 - \dots - D_{k-1}) \\ \text{for } D_0 + \dots + D_{k-1} \le t < D_0 + \dots + D_k \end{gathered}`,
    description:
      'SGDR with an explicit list of cycles: cycle k is a warmup_cosine_decay_schedule with its own init/peak/end values and lengths, starting at the sum of the previous decay_steps. Finite: after the last cycle its end_value is held (no further restarts). ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    check(p, path) {
      (p.cosine_kwargs as Record<string, unknown>[]).forEach((rec, i) =>
        checkWarmupCosine(rec, `${path ? `${path}.` : ''}cosine_kwargs[${i}]`),
      );
    },
    closedForm: (p) => sgdrSchedule(p.cosine_kwargs as Record<string, unknown>[]),
  }),
  define({
    name: 'piecewise_interpolate_schedule',
    family: 'piecewise',
    params: [
      {
        name: 'interpolate_type',
        type: { kind: 'enum', options: ['linear', 'cosine'] },
        example: 'linear',
        doc: 'How to move between knots.',
        key: true,
      },
      initValue(),
      boundariesAndScales('{step: scale}: knot values are the cumulative products init_value·scale₁·…; scales must be >= 0.'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \operatorname{interp}\!\left(v_i, v_{i+1}, \frac{t - b_i}{\max(b_{i+1} - b_i, 1)}\right) \\ (b_i \le t < b_{i+1}),\quad v_i = I\prod_{j \le i} s_j,\quad b_0 = 0 \end{gathered}`,
    description:
      'Interpolates (linearly, or along a half cosine) between knot values at the boundaries, starting from init_value at count 0; the knot values are cumulative products of the scales, not the scales themselves. After the last boundary its value is held. Optax gives 0 for a negative count (no interval matches), which a training loop never reaches. Empty or None boundaries_and_scales give a constant init_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    closedForm: (p) => piecewiseInterpolateSchedule(p.interpolate_type === 'cosine', p.init_value as number, p.boundaries_and_scales),
  }),
  define({
    name: 'linear_onecycle_schedule',
    family: 'onecycle',
    params: [
      ...onecycleParams.slice(0, 3),
      fractionParam('pct_final', 'Fraction of the cycle at which the value is back at peak_value/div_factor.', { default: 0.85 }),
      ...onecycleParams.slice(3),
    ],
    formula: String.raw`\begin{gathered} \text{piecewise\_interpolate}\left(\text{linear},\ \tfrac{P}{d},\ B\right), \\ B = \{\lfloor p_s T \rfloor: d,\ \lfloor p_f T \rfloor: \tfrac1d,\ T: \tfrac1{f}\} \end{gathered}`,
    description:
      'Three linear phases: from peak_value/div_factor up to peak_value at int(pct_start·T), back down to peak_value/div_factor at int(pct_final·T), then down to peak_value/(div_factor·final_div_factor) at T, held afterwards. Trap reproduced: for small T the dict keys collide (e.g. T = 1 gives keys 0, 0, 1) and a later key overwrites an earlier one, so the schedule can lose its peak. div_factor and final_div_factor must be > 0 (Optax raises ZeroDivisionError or rejects negative scales). ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.superConvergence,
    closedForm: (p) =>
      onecycleSchedule(false, p, (t, div) => [
        [pyInt((p.pct_final as number) * t), 1.0 / div],
        [t, 1.0 / (p.final_div_factor as number)],
      ]),
  }),
  define({
    name: 'cosine_onecycle_schedule',
    family: 'onecycle',
    params: [
      ...onecycleParams,
    ],
    formula: String.raw`\begin{gathered} \text{piecewise\_interpolate}\left(\text{cosine},\ \tfrac{P}{d},\ B\right), \\ B = \{\lfloor p_s T \rfloor: d,\ T: \tfrac1{d f}\} \end{gathered}`,
    description:
      'One-cycle with cosine phases: from peak_value/div_factor up to peak_value at k = int(pct_start·T), then down to peak_value/(div_factor·final_div_factor) at T, held afterwards. If k == 0 the warmup is empty and the first value is peak_value; pct_start = 1 makes the two keys collide (the peak is lost). It equals PyTorch OneCycleLR(total_steps = T + 1) when pct_start·(T + 1) - 1 == int(pct_start·T): torch peaks at pct_start·total_steps - 1 and ends at total_steps - 1. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.superConvergence,
    closedForm: (p) => onecycleSchedule(true, p, (t, div) => [[t, 1.0 / (div * (p.final_div_factor as number))]]),
  }),
];
