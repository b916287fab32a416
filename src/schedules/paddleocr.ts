/**
 * PaddleOCR's learning-rate wrappers (`ppocr/optimizer/learning_rate.py`, catalog section B'):
 * they convert epochs to iterations (`step_each_epoch = len(train_dataloader)`) and build Paddle
 * schedulers that are stepped once per iteration.
 */
import { paramError } from './errors';
import { CosineAnnealingClosedStepper, CosineAnnealingStepper, LinearWarmupStepper } from './paddle';
import { pyRound } from './numerics/pymath';
import type { SchedulerDefinition } from './types';

/** `round(warmup_epoch * step_each_epoch)`: Python's round half to even (round(2.5) == 2). */
function warmupSteps(p: Record<string, unknown>): number {
  return pyRound((p.warmup_epoch as number) * (p.step_each_epoch as number));
}

export const paddleocrSchedulers: SchedulerDefinition[] = [
  {
    id: 'paddleocr.Cosine',
    framework: 'paddleocr',
    name: 'Cosine',
    family: 'cosine',
    module: 'ppocr.optimizer.learning_rate.Cosine',
    precision: 'float64',
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
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 5000, scale: 'log' } },
        example: 100,
        doc: 'Iterations per epoch (len(train_dataloader)).',
      },
      {
        name: 'epochs',
        type: { kind: 'integer', min: 1, slider: { min: 1, max: 1000, scale: 'log' } },
        example: 20,
        doc: 'Training epochs; the cosine period is step_each_epoch * epochs iterations.',
        key: true,
      },
      {
        name: 'warmup_epoch',
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
    equivalents: ['torch.CosineAnnealingLR', 'keras.CosineDecay', 'optax.warmup_cosine_decay_schedule', 'hf.cosine'],
    create: (p) => {
      const lr = p.learning_rate as number;
      const tMax = (p.step_each_epoch as number) * (p.epochs as number);
      const w = warmupSteps(p);
      if (w <= 0) return new CosineAnnealingStepper(lr, tMax, 0);
      return new LinearWarmupStepper(0, new CosineAnnealingClosedStepper(lr, tMax, 0), w, 0.0, lr);
    },
  },
];
