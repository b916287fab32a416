/**
 * PaddleOCR's learning-rate wrappers (`ppocr/optimizer/learning_rate.py`, catalog section B'):
 * they convert epochs to iterations (`step_each_epoch = len(train_dataloader)`) and build Paddle
 * schedulers that are stepped once per iteration.
 */
import { defineFramework } from '../define';
import { paramError } from '../errors';
import { pyRound } from '../numerics/pymath';
import { PaddleFormStepper, type PaddleForm } from '../paddle/core';
import { cosineAnnealingRecursion, CosineAnnealingForm, CosineAnnealingStepper } from '../paddle/cosine';
import { ANNEAL_COS, ANNEAL_LINEAR, OneCycleForm } from '../paddle/cyclic';
import { LinearWarmupForm } from '../paddle/warmup';
import type { ParamDef } from '../types';
import { CyclicalCosineForm, TwoStepCosineDraft, TwoStepCosineForm, TwoStepCosineStepper, twoStepTurns } from './decays';
import { RecursionForm } from '../paddle/recursive';

type Params = Record<string, unknown>;

const define = defineFramework('paddleocr', { module: 'ppocr.optimizer.learning_rate', precision: 'float64' });

/** `round(warmup_epoch * step_each_epoch)`: Python's round half to even (round(2.5) == 2). */
function warmupSteps(p: Params): number {
  return pyRound((p.warmup_epoch as number) * (p.step_each_epoch as number));
}

/**
 * With a warmup, LinearWarmup from 0 over the explicit-epoch (closed-form) cosine of the full
 * period; `null` without: then it is the recursive CosineAnnealingDecay.
 */
function warmupCosineForm(p: Params): LinearWarmupForm | null {
  const w = warmupSteps(p);
  if (w <= 0) return null;
  const lr = p.learning_rate as number;
  return new LinearWarmupForm(0, new CosineAnnealingForm(lr, cosinePeriod(p), 0), w, 0.0, lr);
}

/** T_max = step_each_epoch * epochs iterations, not reduced by the warmup. */
function cosinePeriod(p: Params): number {
  return (p.step_each_epoch as number) * (p.epochs as number);
}

/** learning_rate: the base (peak) rate of the classes that take one. */
function learningRate(doc: string): ParamDef {
  return { name: 'learning_rate', type: { kind: 'number', min: 0, slider: { min: 1e-5, max: 1, scale: 'log' } }, example: 0.001, doc, key: true };
}

/** step_each_epoch: what build_lr_scheduler injects, len(train_dataloader). */
const stepEachEpoch: ParamDef = {
  name: 'step_each_epoch',
  unit: 'steps', fit: 'perEpoch',
  type: { kind: 'integer', min: 1, slider: { min: 1, max: 5000, scale: 'log' } },
  example: 100,
  doc: 'Iterations per epoch (len(train_dataloader)).',
};

/** epochs: what build_lr_scheduler injects, Global.epoch_num. */
function epochsParam(doc: string, key = true): ParamDef {
  return {
    name: 'epochs',
    unit: 'epochs', fit: 'epochs',
    type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000, scale: 'log' } },
    example: 20,
    doc,
    key,
  };
}

const warmupEpoch: ParamDef = {
  name: 'warmup_epoch',
  unit: 'epochs',
  type: { kind: 'number', slider: { min: 0, max: 20 } },
  default: 0,
  doc: 'Epochs of linear warmup from 0 (may be fractional; rounded half to even in iterations).',
  key: true,
};

/** Paddle's LinearWarmup requires end_lr (the class's peak rate) > start_lr (0.0). */
function warmupNeedsPositive(p: Params, rateName: string, path: string): void {
  if (warmupSteps(p) > 0 && !((p[rateName] as number) > 0)) {
    paramError(
      rateName,
      `must be greater than 0 with a warmup: LinearWarmup requires end_lr (= ${rateName}) > start_lr (= 0.0) (got ${p[rateName]})`,
      path,
    );
  }
}

/** LinearWarmup from 0 to `peak` over W iterations around an inner form, or the form itself without warmup. */
function withWarmup(p: Params, inner: PaddleForm, peak: number): PaddleForm {
  const w = warmupSteps(p);
  return w > 0 ? new LinearWarmupForm(0, inner, w, 0.0, peak) : inner;
}

export const cosine = define({
  name: 'Cosine',
  family: 'cosine',
  params: [learningRate('Peak learning rate (start of the cosine, end of the warmup).'), stepEachEpoch, epochsParam('Training epochs; the cosine period is step_each_epoch * epochs iterations.'), warmupEpoch],
  check: (p, path) => warmupNeedsPositive(p, 'learning_rate', path),
  formula: String.raw`\begin{gathered} W = \mathrm{round}(w \cdot s),\quad T = s \cdot E: \\ \eta_t = \begin{cases} \dfrac{\eta_0\, t}{W} & t < W \\ \dfrac{\eta_0 \left(1 + \cos(\pi (t - W)/T)\right)}{2} & t \ge W \end{cases} \end{gathered}`,
  description:
    "PaddleOCR's Cosine (configs: Optimizer.lr.name: Cosine), stepped once per iteration. Without warmup it is Paddle's CosineAnnealingDecay(learning_rate, T_max = step_each_epoch·epochs), computed recursively. With warmup_epoch > 0 it is LinearWarmup from 0 over W = round(warmup_epoch·step_each_epoch) iterations (Python rounds half to even: 0.5 epoch of 5 iterations gives 2) wrapping the closed-form cosine, which keeps the FULL period T: the cosine is shifted by W and the last iteration's rate is still above 0. A warmup_epoch that rounds to 0 or below means no warmup.",
  create: (p) => {
    const form = warmupCosineForm(p);
    return form === null ? new CosineAnnealingStepper(p.learning_rate as number, cosinePeriod(p), 0) : new PaddleFormStepper(form);
  },
  closedForm: (p) => warmupCosineForm(p) ?? cosineAnnealingRecursion(p.learning_rate as number, cosinePeriod(p), 0),
});

/** CyclicalCosine's cycle in iterations: `round(cycle * step_each_epoch)`, half to even. */
function cycleSteps(p: Params): number {
  return pyRound((p.cycle as number) * (p.step_each_epoch as number));
}

export const cyclicalCosine = define({
  name: 'CyclicalCosine',
  family: 'cosine',
  params: [
    learningRate('Rate at the start of every cycle (and the end of the warmup).'),
    stepEachEpoch,
    epochsParam('Training epochs. Passed on as T_max, which CyclicalCosineDecay does not use: it does not change the curve.', false),
    {
      name: 'cycle',
      unit: 'epochs',
      type: { kind: 'number', min: 0, slider: { min: 0.1, max: 200, scale: 'log' } },
      example: 5,
      doc: 'Epochs per cosine cycle (round(cycle * step_each_epoch) iterations, half to even).',
      key: true,
    },
    warmupEpoch,
  ],
  check: (p, path) => {
    if (!(cycleSteps(p) >= 1)) {
      paramError('cycle', `must be at least one iteration: round(cycle * step_each_epoch) = ${cycleSteps(p)}, and last_epoch % 0 raises ZeroDivisionError`, path);
    }
    warmupNeedsPositive(p, 'learning_rate', path);
  },
  formula: String.raw`\begin{gathered} C = \mathrm{round}(c \cdot s),\ W = \mathrm{round}(w \cdot s),\ u = t - W: \\ \eta_t = \begin{cases} \dfrac{\eta_0\, t}{W} & t < W \\ \eta_0 & u = 0 \\ \tfrac12 \eta_0 \left(1 + \cos(\pi\,(u \bmod C)/C)\right) & u > 0 \end{cases} \end{gathered}`,
  description:
    "PaddleOCR's CyclicalCosine (Optimizer.lr.name: CyclicalCosine, from ppocr/optimizer/lr_scheduler.py's CyclicalCosineDecay), stepped once per iteration: a cosine from learning_rate towards 0 over C = round(cycle·step_each_epoch) iterations that restarts at learning_rate every C iterations (it never reaches 0: the last iteration of a cycle is at cos(π(C−1)/C)). epochs is passed on as T_max and not used. With warmup_epoch > 0, LinearWarmup from 0 over round(warmup_epoch·step_each_epoch) iterations comes first and the cycles start after it.",
  create: (p) => new PaddleFormStepper(cyclicalForm(p)),
  closedForm: (p) => cyclicalForm(p),
});

function cyclicalForm(p: Params): PaddleForm {
  const lr = p.learning_rate as number;
  return withWarmup(p, new CyclicalCosineForm(lr, cycleSteps(p), 0.0), lr);
}

export const oneCycle = define({
  name: 'OneCycle',
  family: 'onecycle',
  params: [
    {
      name: 'max_lr',
      type: { kind: 'number', min: 0, slider: { min: 1e-5, max: 1, scale: 'log' } },
      example: 0.001,
      doc: 'Peak rate; the cycle starts at max_lr / 25 and ends at max_lr / 25 / 1e4 (pct_start 0.3, div_factor 25 and final_div_factor 1e4 are fixed by the class).',
      key: true,
    },
    epochsParam('Training epochs; the cycle lasts epochs * step_each_epoch iterations.'),
    stepEachEpoch,
    { name: 'anneal_strategy', type: { kind: 'enum', options: ['cos', 'linear'] }, default: 'cos', doc: 'Shape of each phase.' },
    { name: 'three_phase', type: { kind: 'boolean' }, default: false, doc: 'Up, down to max_lr / 25, then down to the final rate.' },
    warmupEpoch,
  ],
  check: (p, path) => warmupNeedsPositive(p, 'max_lr', path),
  formula: String.raw`\begin{gathered} T = s \cdot E,\ \eta_{\mathrm{init}} = \eta_{\max}/25, \\ \eta_{\mathrm{end}} = \eta_{\mathrm{init}}/10^4: \\ \eta_t = \eta_{e} + \frac{\eta_{s} - \eta_{e}}{2}\left(1 + \cos\!\left(\pi\,\frac{t - a_i}{b_i - a_i}\right)\right), \\ \text{phases } [0, 0.3T-1],\ [0.3T-1, T-1] \end{gathered}`,
  description:
    "PaddleOCR's OneCycle (Optimizer.lr.name: OneCycle, ppocr/optimizer/lr_scheduler.py's OneCycleDecay, a copy of PyTorch's 1cycle), stepped once per iteration over T = epochs·step_each_epoch: from max_lr/25 up to max_lr over the first 0.3·T − 1 iterations, then down to max_lr/25/1e4 at iteration T − 1 (cosine or linear; three_phase goes back to max_lr/25 first). pct_start, div_factor and final_div_factor keep the class's defaults: the wrapper does not pass them on. One step past T raises ValueError. With warmup_epoch > 0, LinearWarmup from 0 to max_lr over round(warmup_epoch·step_each_epoch) iterations comes first, and the cycle after it keeps its full length: it does not finish by the end of training.",
  create: (p) => new PaddleFormStepper(oneCycleForm(p)),
  closedForm: (p) => oneCycleForm(p),
});

function oneCycleForm(p: Params): PaddleForm {
  const max = p.max_lr as number;
  const initial = max / 25.0;
  const inner = new OneCycleForm(
    max,
    (p.epochs as number) * (p.step_each_epoch as number),
    25.0,
    initial / 1e4,
    0.3,
    p.anneal_strategy === 'linear' ? ANNEAL_LINEAR : ANNEAL_COS,
    p.three_phase === true,
    (t, total) => `Tried to step ${t + 1} times. The specified number of total steps is ${total}`,
  );
  return withWarmup(p, inner, max);
}

/** TwoStepCosine's two periods: 200 epochs (fixed by the class), and the whole run. */
function twoStepPeriods(p: Params): [number, number] {
  const s = p.step_each_epoch as number;
  return [s * 200, s * (p.epochs as number)];
}

export const twoStepCosine = define({
  name: 'TwoStepCosine',
  family: 'cosine',
  params: [
    learningRate('Rate at the start of the cosine (and the end of the warmup).'),
    stepEachEpoch,
    epochsParam('Training epochs; the second cosine has the period step_each_epoch * epochs.'),
    warmupEpoch,
  ],
  check: (p, path) => warmupNeedsPositive(p, 'learning_rate', path),
  formula: String.raw`\begin{gathered} T_1 = 200\,s,\ T_2 = s \cdot E: \\ \eta_t = \tfrac12 \eta_0 \left(1 + \cos(\pi t / T_1)\right)\ (t \le T_1), \\ \text{then the recursion on } \eta_{t-1} \text{ with } T_2 \end{gathered}`,
  description:
    "PaddleOCR's TwoStepCosine (Optimizer.lr.name: TwoStepCosine, ppocr/optimizer/lr_scheduler.py's TwoStepCosineDecay), stepped once per iteration. The first period is fixed at T1 = 200·step_each_epoch iterations whatever epochs says; T2 = epochs·step_each_epoch. Without warmup, step() runs Paddle's recursive cosine: T1 while t ≤ T1, T2 after. Under 200 epochs the run ends inside the first cosine, which does not reach 0 (at 100 epochs it is at half the rate); past 200 epochs it reaches 0 at T1 and stays there to the end of training (the recursion multiplies last_lr − 0; its restart term comes only at t = T2 + 1, past the run). With warmup_epoch > 0, LinearWarmup from 0 over round(warmup_epoch·step_each_epoch) iterations drives the class's closed form instead: the T1 cosine until T1, then the T2 cosine at the same t, which jumps back up when epochs > 200.",
  create: (p) => {
    const [t1, t2] = twoStepPeriods(p);
    const lr = p.learning_rate as number;
    return warmupSteps(p) > 0 ? new PaddleFormStepper(withWarmup(p, new TwoStepCosineForm(lr, t1, t2, 0.0), lr)) : new TwoStepCosineStepper(lr, t1, t2, 0.0);
  },
  closedForm: (p) => {
    const [t1, t2] = twoStepPeriods(p);
    const lr = p.learning_rate as number;
    if (warmupSteps(p) > 0) return withWarmup(p, new TwoStepCosineForm(lr, t1, t2, 0.0), lr);
    const turns = (from: number, to: number, limit: number) => twoStepTurns(t1, t2, from, to, limit);
    return new RecursionForm(new TwoStepCosineStepper(lr, t1, t2, 0.0), Infinity, turns, new TwoStepCosineDraft(lr, t1, t2));
  },
});
