/**
 * Keras 3 `keras.optimizers.schedules` (catalog section C): parameters, docs and validation, each
 * scheduler bound to its float32 closed form (./decays.ts, ./cosine.ts).
 *
 * Every schedule is a pure function of `optimizer.iterations` (0 for the first update, +1 per
 * `apply_gradients`).
 */
import {
  boundariesParam,
  decayRateParam,
  endValueParam,
  fractionParam,
  positiveStepsParam,
  powerParam,
  rateParam,
  stepsParam,
  staircaseParam,
  valuesParam,
} from '../params';
import { defineFramework } from '../define';
import { paramError } from '../errors';
import { PAPERS } from '../papers';
import type { ParamDef, SchedulerDefinition, StepFit } from '../types';
import { CosineDecayRestartsSchedule, CosineDecaySchedule } from './cosine';
import { ExponentialDecaySchedule, InverseTimeDecaySchedule, PolynomialDecaySchedule, piecewiseConstantDecay } from './decays';
import { polynomialEnd, polynomialNote, staircaseNote, staircaseShifts } from '../jitTraps';

/** The jax.jit note of a staircase (ExponentialDecay, InverseTimeDecay): floor(step / decay_steps). */
function staircaseJitNotes(p: Record<string, unknown>, steps: number): string[] {
  if (p.staircase !== true) return [];
  const c = p.decay_steps as number;
  return staircaseNote('decay_steps', c, staircaseShifts(c, Math.fround, 0, steps));
}

const f32 = Math.fround;

const define = defineFramework('keras', { module: 'keras.optimizers.schedules', precision: 'float32' });

const F32_NOTE =
  'Computed in float32 as Keras does (floatx); matches Keras to float32 precision (the backend\'s float32 cos/pow/log may differ by one ulp).';

const SOURCE_NOTE = 'The step is `optimizer.iterations`: 0 for the first update.';

const initialLr = rateParam('initial_learning_rate', 'Learning rate at step 0 (a Python float, so the schedule computes in float32).', {
  example: 0.1,
  key: true,
});

/** decay_steps: Keras casts it to float32, so a float runs too. */
const decaySteps = (doc: string, fit: StepFit) => positiveStepsParam('decay_steps', doc, { example: 1000, key: true, fit }, 'number');

/** `name`, the name scope of the schedule's ops: accepted, no effect on the curve. */
const nameParam = (defaultName: string): ParamDef => ({
  name: 'name',
  type: { kind: 'string' },
  default: defaultName,
  doc: 'Name scope of the schedule\'s operations (no effect on the values).',
});

const staircase = staircaseParam('If true, step / decay_steps is floored: the rate drops at multiples of decay_steps.');

const alpha = (doc: string) => fractionParam('alpha', doc, { default: 0.0 });

/** The named numeric arguments cast to float32, as Keras casts its constants. */
function f32Args<const Names extends readonly string[]>(p: Record<string, unknown>, ...names: Names): { readonly [K in keyof Names]: number } {
  return names.map((n) => f32(p[n] as number)) as { readonly [K in keyof Names]: number };
}

/** ExponentialDecay / InverseTimeDecay arguments cast to float32 as Keras casts them. */
function rateDecayArgs(p: Record<string, unknown>): [number, number, number, boolean] {
  return [...f32Args(p, 'initial_learning_rate', 'decay_steps', 'decay_rate'), p.staircase as boolean];
}

export const kerasSchedulers: SchedulerDefinition[] = [
  define({
    name: 'ExponentialDecay',
    family: 'exponential',
    params: [
      initialLr,
      decaySteps('Steps per factor of decay_rate; must be > 0.', 'scale'),
      decayRateParam('The decay rate (not validated by Keras; a negative rate gives NaN for fractional exponents).', 0.96),
      staircase,
      nameParam('ExponentialDecay'),
    ],
    formula: String.raw`\eta_t = \eta_0 \cdot r^{\,p},\quad p = \begin{cases} \lfloor t / s \rfloor & \text{staircase} \\ t / s & \text{otherwise} \end{cases}`,
    description:
      'Multiplies initial_learning_rate by decay_rate every decay_steps steps, continuously or (staircase) in jumps at multiples of decay_steps. No lower bound and no begin offset: the rate keeps shrinking forever (or grows if decay_rate > 1). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    closedForm: (p) => new ExponentialDecaySchedule(...rateDecayArgs(p)),
    notes: staircaseJitNotes,
  }),
  define({
    name: 'PiecewiseConstantDecay',
    family: 'piecewise',
    params: [
      boundariesParam('Steps after which the next value starts (values[i+1] from step boundaries[i] + 1).', [1000, 2000]),
      valuesParam('Absolute learning rates, one more than boundaries.', [0.1, 0.01, 0.001], 2),
      nameParam('PiecewiseConstant'),
    ],
    formula: String.raw`\eta_t = v_0[t \le b_0] + \sum_{i=1}^{n-1} v_i[b_{i-1} < t \le b_i] + v_n[t > b_{n-1}]`,
    description:
      'Holds values[0] up to and including step boundaries[0], then values[1] up to boundaries[1], and so on; values[-1] after the last boundary. Trap: the switch happens at step = boundary + 1 (Keras compares step > boundary), one step later than PyTorch MultiStepLR, Paddle and Optax (use boundaries = milestones - 1 to match them). Keras does not require increasing boundaries: overlapping ranges add their values up, and that sum is reproduced. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    check(p, path) {
      const b = p.boundaries as number[];
      const v = p.values as number[];
      if (v.length !== b.length + 1) {
        paramError('values', `must have one more item than boundaries (got ${v.length} values for ${b.length} boundaries)`, path);
      }
    },
    closedForm: (p) => piecewiseConstantDecay(p.boundaries as number[], p.values as number[]),
  }),
  define({
    name: 'PolynomialDecay',
    family: 'polynomial',
    params: [
      initialLr,
      decaySteps('Steps to go from initial_learning_rate to end_learning_rate; must be > 0.', 'horizon'),
      endValueParam('end_learning_rate', 'Learning rate reached at decay_steps.', { default: 0.0001 }),
      powerParam('power', 'Power of the polynomial (1 = linear).', { default: 1.0, key: true }),
      {
        name: 'cycle',
        type: { kind: 'boolean' },
        default: false,
        doc: 'If true, decay_steps grows to the next multiple of decay_steps instead of holding the end value.',
      },
      nameParam('PolynomialDecay'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = (\eta_0 - \eta_{end})\left(1 - \frac{\min(t, D)}{D}\right)^{p} + \eta_{end}; \\ \text{cycle: } D \to D\cdot\max(1, \lceil t/D \rceil) \end{gathered}`,
    description:
      'Polynomial decay from initial_learning_rate to end_learning_rate (default 1e-4, not 0) over decay_steps, then held at end_learning_rate. With cycle=True the horizon is stretched to the next multiple of decay_steps: the rate reaches end_learning_rate at every multiple and restarts from a lower peak each time (not a restart to the initial rate). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    closedForm: (p) => new PolynomialDecaySchedule(...f32Args(p, 'initial_learning_rate', 'end_learning_rate', 'power', 'decay_steps'), p.cycle as boolean),
    notes(p, steps) {
      // With cycle=True the divisor is decay_steps × a computed multiplier, not a constant.
      if (p.cycle === true) return [];
      const [lr0, end, power, c] = f32Args(p, 'initial_learning_rate', 'end_learning_rate', 'power', 'decay_steps');
      return polynomialNote('decay_steps', c, Math.ceil(c), steps, polynomialEnd(Math.fround(lr0 - end), end, power, c));
    },
  }),
  define({
    name: 'InverseTimeDecay',
    family: 'inverse-time',
    params: [
      initialLr,
      decaySteps('How often to apply decay (may be a float); must be > 0.', 'scale'),
      decayRateParam('Decay rate: the rate is divided by 1 + decay_rate per decay_steps.', 0.5),
      staircase,
      nameParam('InverseTimeDecay'),
    ],
    formula: String.raw`\eta_t = \frac{\eta_0}{1 + r \cdot p},\quad p = \begin{cases} \lfloor t / s \rfloor & \text{staircase} \\ t / s & \text{otherwise} \end{cases}`,
    description:
      'Inverse-time (1/t) decay: initial_learning_rate / (1 + decay_rate * step / decay_steps), continuously or, with staircase, in steps at multiples of decay_steps. Never reaches zero. A negative decay_rate makes the denominator cross zero (infinite rate). ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    closedForm: (p) => new InverseTimeDecaySchedule(...rateDecayArgs(p)),
    notes: staircaseJitNotes,
  }),
  define({
    name: 'CosineDecay',
    family: 'cosine',
    positional: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
    params: [
      initialLr,
      decaySteps('Length of the cosine decay (after the warmup); must be > 0.', 'horizon'),
      alpha('Final learning rate as a fraction of the decay start (warmup_target, or initial_learning_rate without warmup).'),
      nameParam('CosineDecay'),
      rateParam('warmup_target', 'Peak reached by a linear warmup from initial_learning_rate; None skips the warmup.', {
        default: null,
        nullable: true,
      }),
      stepsParam('warmup_steps', 'Length of the linear warmup (ignored when warmup_target is None; may be a float).', { default: 0 }, 'number'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (\eta_{w} - \eta_0)\,\frac{t}{W} + \eta_0 & t < W \\ \eta_{w}\left((1-\alpha)\,c + \alpha\right) & t \ge W \end{cases} \\ c = \tfrac12\left(1 + \cos\left(\pi \cdot \frac{\min(t - W, D)}{D}\right)\right) \end{gathered}`,
    description:
      'Cosine decay over decay_steps from initial_learning_rate (or, with warmup_target set, from warmup_target after a linear warmup of warmup_steps from initial_learning_rate) down to alpha times that peak, then held there forever (no restart, no rise). The decay lasts decay_steps steps after the warmup, so the schedule ends at step warmup_steps + decay_steps. warmup_steps is ignored when warmup_target is None. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    closedForm(p) {
      const a = p.alpha as number;
      const target = p.warmup_target as number | null;
      return new CosineDecaySchedule(
        f32(p.initial_learning_rate as number),
        f32(p.decay_steps as number),
        f32(1 - a),
        f32(a),
        target === null ? NaN : f32(target),
        f32(p.warmup_steps as number),
      );
    },
  }),
  define({
    name: 'CosineDecayRestarts',
    family: 'restarts',
    params: [
      initialLr,
      positiveStepsParam('first_decay_steps', 'Length of the first cosine cycle; must be > 0 (may be a float).', { example: 1000, key: true, fit: 'cycle' }, 'number'),
      {
        name: 't_mul',
        type: { kind: 'number', slider: { min: 1, max: 4 } },
        default: 2.0,
        doc: 'Each cycle is t_mul times longer than the previous one.',
        key: true,
      },
      {
        name: 'm_mul',
        type: { kind: 'number', slider: { min: 0.1, max: 1 } },
        default: 1.0,
        doc: 'Each cycle starts at m_mul times the previous cycle\'s peak (the alpha floor is not scaled).',
      },
      alpha('Floor of every cycle as a fraction of initial_learning_rate.'),
      nameParam('SGDRDecay'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \eta_0\left((1-\alpha)\,\tfrac12\, m^{i}\left(1 + \cos(\pi f_i)\right) + \alpha\right), \\ i = \left\lfloor \frac{\log(1 - \frac{t}{T_0}(1 - t_{mul}))}{\log t_{mul}} \right\rfloor,\quad f_i = \frac{t/T_0 - \frac{1 - t_{mul}^{i}}{1 - t_{mul}}}{t_{mul}^{i}} \end{gathered}`,
    description:
      'SGDR: cosine cycles that restart forever, cycle i lasting first_decay_steps * t_mul^i steps and peaking at m_mul^i * initial_learning_rate; the floor alpha * initial_learning_rate is fixed (only the part above it decays with m_mul, unlike timm\'s cycle_decay). Trap: the cycle index is computed with a float32 log ratio (t_mul != 1), so at an exact restart step the floor can fall one cycle short and give the floor value instead of the restart peak: with first_decay_steps=5, t_mul=1.2 the first step of cycle 2 (step 11) gives alpha·initial_learning_rate, not initial_learning_rate; whether it happens can depend on the backend\'s float32 log (with t_mul=2 the start of cycle 13, step 8191·first_decay_steps, lands one cycle low with a correctly rounded log, as reproduced here, but not with numpy\'s). A t_mul below 1 makes the total length finite: past it the log argument turns negative and the rate is NaN. ' +
      `${SOURCE_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    closedForm: (p) => new CosineDecayRestartsSchedule(...f32Args(p, 'initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha')),
  }),
];
