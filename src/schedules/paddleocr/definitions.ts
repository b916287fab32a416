/**
 * PaddleOCR's learning-rate wrappers (`ppocr/optimizer/learning_rate.py`, catalog section B'):
 * they convert epochs to iterations (`step_each_epoch = len(train_dataloader)`) and build Paddle
 * schedulers that are stepped once per iteration.
 */
import { defineFramework } from '../define';
import { paramError } from '../errors';
import { pyRound } from '../numerics/pymath';
import { PaddleFormStepper } from '../paddle/core';
import { cosineAnnealingRecursion, CosineAnnealingForm, CosineAnnealingStepper } from '../paddle/cosine';
import { LinearWarmupForm } from '../paddle/warmup';

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

export const cosine = define({
  name: 'Cosine',
  family: 'cosine',
  params: [
    {
      name: 'learning_rate',
      type: { kind: 'number', min: 0, slider: { min: 1e-5, max: 1, scale: 'log' } },
      example: 0.001,
      doc: 'Peak learning rate (start of the cosine, end of the warmup).',
      key: true,
    },
    {
      name: 'step_each_epoch',
      unit: 'steps', fit: 'perEpoch',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 5000, scale: 'log' } },
      example: 100,
      doc: 'Iterations per epoch (len(train_dataloader)).',
    },
    {
      name: 'epochs',
      unit: 'epochs', fit: 'epochs',
      type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000, scale: 'log' } },
      example: 20,
      doc: 'Training epochs; the cosine period is step_each_epoch * epochs iterations.',
      key: true,
    },
    {
      name: 'warmup_epoch',
      unit: 'epochs',
      type: { kind: 'number', slider: { min: 0, max: 20 } },
      default: 0,
      doc: 'Epochs of linear warmup from 0 (may be fractional; rounded half to even in iterations).',
      key: true,
    },
  ],
  check: (p, path) => {
    if (warmupSteps(p) > 0 && !((p.learning_rate as number) > 0)) {
      paramError(
        'learning_rate',
        `must be greater than 0 with a warmup: LinearWarmup requires end_lr (= learning_rate) > start_lr (= 0.0) (got ${p.learning_rate})`,
        path,
      );
    }
  },
  formula: String.raw`\begin{gathered} W = \mathrm{round}(w \cdot s),\quad T = s \cdot E: \\ \eta_t = \begin{cases} \dfrac{\eta_0\, t}{W} & t < W \\ \dfrac{\eta_0 \left(1 + \cos(\pi (t - W)/T)\right)}{2} & t \ge W \end{cases} \end{gathered}`,
  description:
    "PaddleOCR's Cosine (configs: Optimizer.lr.name: Cosine), stepped once per iteration. Without warmup it is Paddle's CosineAnnealingDecay(learning_rate, T_max = step_each_epoch·epochs), computed recursively. With warmup_epoch > 0 it is LinearWarmup from 0 over W = round(warmup_epoch·step_each_epoch) iterations (Python rounds half to even: 0.5 epoch of 5 iterations gives 2) wrapping the closed-form cosine, which keeps the FULL period T: the cosine is shifted by W and the last iteration's rate is still above 0. A warmup_epoch that rounds to 0 or below means no warmup.",
  create: (p) => {
    const form = warmupCosineForm(p);
    return form === null ? new CosineAnnealingStepper(p.learning_rate as number, cosinePeriod(p), 0) : new PaddleFormStepper(form);
  },
  closedForm: (p) => warmupCosineForm(p) ?? cosineAnnealingRecursion(p.learning_rate as number, cosinePeriod(p), 0),
});
