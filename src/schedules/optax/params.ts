/** The arguments that several `optax.schedules` functions share, with Optax's names, docs and defaults. */
import { decayRateParam, endValueParam, fractionParam, positiveStepsParam, powerParam, rateParam, stepsParam, staircaseParam } from '../params';
import type { ParamDef, StepFit } from '../types';

export const initValue = (doc = 'Value at count 0.', example = 0.1): ParamDef =>
  // A warmup that starts from 0 gets a linear slider (a log one cannot show 0).
  (example === 0 ? fractionParam : rateParam)('init_value', doc, { example, key: true });

export const peakValue = (doc = 'Value reached at the end of the warmup.'): ParamDef => rateParam('peak_value', doc, { example: 0.1, key: true });

/**
 * A count of steps: `positive` where Optax requires it to be > 0; `float` where a float runs as
 * well (the lengths that Optax only compares and divides by: transition_steps, decay_steps).
 */
export function steps(
  name: string,
  doc: string,
  example: number,
  opts: { positive?: boolean; key?: boolean; float?: boolean; fit?: StepFit } = {},
): ParamDef {
  const own = { example, ...(opts.key ? { key: true } : {}), ...(opts.fit ? { fit: opts.fit } : {}) };
  const kind = opts.float ? 'number' : 'integer';
  return opts.positive ? positiveStepsParam(name, doc, own, kind) : stepsParam(name, doc, own, kind);
}

export const transitionBegin = stepsParam('transition_begin', 'Steps to hold init_value before the transition starts (negative is treated as 0).', {
  default: 0,
});

export const staircase = staircaseParam('If true, the exponent is floored: the value drops at multiples of transition_steps.');

export const optionalEndValue = endValueParam('end_value', 'Bound where the decay stops: a lower bound when decay_rate < 1, an upper bound otherwise.', {
  default: null,
  nullable: true,
});

export const decayRate = decayRateParam('The decay rate (0 gives a constant: Optax skips the decay).', 0.9);

export const exponent = powerParam('exponent', 'Power applied to the cosine factor 0.5·(1 + cos(π·t/T)).', { default: 1.0 });

export const boundariesAndScales = (doc: string): ParamDef => ({
  name: 'boundaries_and_scales',
  type: { kind: 'numberMap', min: 0 },
  default: null,
  nullable: true,
  doc,
  key: true,
  unit: 'steps',
});

export const warmupSteps = steps('warmup_steps', 'Length of the linear warmup from init_value to peak_value (<= 0: no warmup).', 100, { key: true, fit: 'warmup' });

/** warmup_constant_schedule's warmup_steps, linear_schedule's transition_steps: a float runs too. */
export const warmupStepsFloat = steps('warmup_steps', 'Length of the linear warmup from init_value to peak_value (<= 0: no warmup; may be a float).', 100, {
  key: true,
  float: true,
  fit: 'warmup',
});

/** transition_steps, peak_value, pct_start, div_factor, final_div_factor of the onecycle schedules. */
export const onecycleParams: readonly ParamDef[] = [
  steps('transition_steps', 'Length of the cycle; must be > 0.', 1000, { positive: true, key: true, fit: 'horizon' }),
  peakValue('Maximum value, reached at int(pct_start·transition_steps).'),
  fractionParam('pct_start', 'Fraction of the cycle spent rising to peak_value.', { default: 0.3 }),
  { name: 'div_factor', type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 1000, scale: 'log' } }, default: 25.0, doc: 'Start value is peak_value/div_factor.' },
  { name: 'final_div_factor', type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 1e6, scale: 'log' } }, default: 1e4, doc: 'Final value is peak_value/(div_factor·final_div_factor).' },
];

/** The fields of one sgdr_schedule cycle: warmup_cosine_decay_schedule's arguments. */
export const sgdrFields: readonly ParamDef[] = [
  initValue('Value at the start of the cycle\'s warmup.'),
  peakValue('Peak of the cycle (end of its warmup).'),
  steps('warmup_steps', 'Warmup length inside the cycle.', 0),
  steps('decay_steps', 'Cycle length, warmup included (the cosine lasts decay_steps - warmup_steps).', 1000, { float: true }),
  { name: 'end_value', type: { kind: 'number' }, default: 0.0, doc: 'Value at the end of the cycle.' },
  exponent,
];
