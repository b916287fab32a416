/**
 * PaddleOCR's `Optimizer: lr:` block as `build_lr_scheduler` (ppocr/optimizer/__init__.py) builds
 * it: the class named by `name` (default `Const`) from ppocr/optimizer/learning_rate.py, given
 * `epochs` = Global.epoch_num and `step_each_epoch` = len(train_dataloader). Every class counts in
 * iterations (`step_each_epoch * epochs`), `warmup_epoch` becomes `round(warmup_epoch *
 * step_each_epoch)` (half to even) iterations of paddle's LinearWarmup from 0, which steps the inner
 * scheduler from the warmup's end: the inner decay is not shortened, so it never finishes.
 */
import type { ScheduleSpec } from '../../schedules';
import { pyRound } from '../../schedules/numerics/pymath';
import { importErrorAt } from '../errors';
import type { RunContext } from '../types';
import { NEEDS_STEPS, boolOf, fillContext, numberOf, stepsPerEpochOf, type ConfigSource, type Reading } from './common';

export const PADDLEOCR_CLASSES = [
  'Cosine', 'Linear', 'Step', 'Piecewise', 'Const', 'MultiStepDecay', 'DecayLearningRate', 'CyclicalCosine', 'OneCycle', 'TwoStepCosine',
];

export function readPaddleOcr(cfg: Record<string, unknown>, src: ConfigSource, context: RunContext): Reading {
  const notes: string[] = [];
  const optimizer = cfg.Optimizer as Record<string, unknown>;
  const lrCfg = (optimizer.lr ?? {}) as Record<string, unknown>;
  const at = (k: string) => `Optimizer.lr.${k}`;
  const name = String(lrCfg.name ?? 'Const');
  if (!PADDLEOCR_CLASSES.includes(name)) {
    importErrorAt(src.text, src.offsetOf(at('name')), `one of ${PADDLEOCR_CLASSES.join(', ')}`, `unknown PaddleOCR learning rate "${name}" (supported: ${PADDLEOCR_CLASSES.join(', ')})`);
  }
  const global = (cfg.Global ?? {}) as Record<string, unknown>;
  const epochs = context.epochs ?? (global.epoch_num !== undefined ? numberOf(global.epoch_num, 'Global.epoch_num', src) : undefined);
  const batch = ((cfg.Train as Record<string, Record<string, unknown>> | undefined)?.loader?.batch_size_per_card as number | undefined) ?? undefined;
  const ctx = fillContext(context, { epochs, batchSize: batch });
  // PaddleOCR's train loader drops the last batch (Train.loader.drop_last: True in its configs).
  const spe = stepsPerEpochOf(ctx, 'floor', 'floor');
  if (spe === undefined || epochs === undefined) {
    notes.push(`PaddleOCR's ${name} counts in iterations (step_each_epoch = len(train_dataloader)): ${epochs === undefined ? 'set the epochs (Global.epoch_num) and ' : ''}${NEEDS_STEPS}.`);
    return { schedules: [], context: ctx, notes };
  }
  const n = (k: string, dflt?: number): number => {
    if (lrCfg[k] === undefined) {
      if (dflt === undefined) importErrorAt(src.text, src.offsetOf('Optimizer.lr'), k, `PaddleOCR's ${name} needs ${k}`);
      return dflt;
    }
    return numberOf(lrCfg[k], at(k), src);
  };
  const list = (k: string): number[] => {
    const v = lrCfg[k];
    if (!Array.isArray(v)) importErrorAt(src.text, src.offsetOf(at(k)), 'a list of numbers', `${k} must be a list`);
    return v.map((x, i) => numberOf(x, `${at(k)}[${i}]`, src));
  };
  const warmupSteps = pyRound(n('warmup_epoch', 0) * spe);
  const total = spe * epochs;
  let inner: ScheduleSpec | number;
  let peak: number;
  switch (name) {
    case 'Cosine':
      return done({ scheduler: 'paddleocr.Cosine', params: { learning_rate: n('learning_rate'), step_each_epoch: spe, epochs, warmup_epoch: n('warmup_epoch', 0) } });
    case 'CyclicalCosine':
      return done({ scheduler: 'paddleocr.CyclicalCosine', params: { learning_rate: n('learning_rate'), step_each_epoch: spe, epochs, cycle: n('cycle'), warmup_epoch: n('warmup_epoch', 0) } });
    case 'TwoStepCosine':
      if (epochs !== 200) {
        notes.push(`TwoStepCosine's first cosine lasts 200 epochs (T_max1 = 200 x step_each_epoch, fixed by the class) whatever Global.epoch_num says: ${epochs < 200 ? `with ${epochs} epochs training ends inside it, above 0` : `it reaches 0 at epoch 200 and stays there to the end of the ${epochs} epochs`}.`);
      }
      return done({ scheduler: 'paddleocr.TwoStepCosine', params: { learning_rate: n('learning_rate'), step_each_epoch: spe, epochs, warmup_epoch: n('warmup_epoch', 0) } });
    case 'OneCycle': {
      const strategy = String(lrCfg.anneal_strategy ?? 'cos');
      if (strategy !== 'cos' && strategy !== 'linear') importErrorAt(src.text, src.offsetOf(at('anneal_strategy')), "'cos' or 'linear'", `anneal_strategy must be 'cos' or 'linear' (found ${JSON.stringify(lrCfg.anneal_strategy)})`);
      const threePhase = lrCfg.three_phase === undefined ? false : boolOf(lrCfg.three_phase, at('three_phase'), src);
      return done({ scheduler: 'paddleocr.OneCycle', params: { max_lr: n('max_lr'), epochs, step_each_epoch: spe, anneal_strategy: strategy, three_phase: threePhase, warmup_epoch: n('warmup_epoch', 0) } });
    }
    case 'Linear':
      peak = n('learning_rate');
      inner = { scheduler: 'paddle.PolynomialDecay', params: { learning_rate: peak, decay_steps: total, end_lr: n('end_lr', 0), power: n('power', 1) } };
      break;
    case 'Step':
      peak = n('learning_rate');
      inner = { scheduler: 'paddle.StepDecay', params: { learning_rate: peak, step_size: spe * n('step_size'), gamma: n('gamma') } };
      break;
    case 'MultiStepDecay':
      peak = n('learning_rate');
      inner = { scheduler: 'paddle.MultiStepDecay', params: { learning_rate: peak, milestones: list('milestones').map((m) => spe * m), gamma: n('gamma') } };
      break;
    case 'Piecewise': {
      const values = list('values');
      peak = values[0];
      inner = { scheduler: 'paddle.PiecewiseDecay', params: { boundaries: list('decay_epochs').map((e) => spe * e), values } };
      break;
    }
    case 'DecayLearningRate':
      // end_lr is read but set to 0 by the class (self.end_lr = 0); no warmup.
      return done({ scheduler: 'paddle.PolynomialDecay', params: { learning_rate: n('learning_rate'), decay_steps: total, power: n('factor', 0.9), end_lr: 0 } });
    default: {
      peak = n('learning_rate');
      if (warmupSteps <= 0) {
        return done({ scheduler: 'paddle.LambdaDecay', params: { learning_rate: peak, lr_lambda: 'lambda epoch: 1' } }, "PaddleOCR's Const without warmup is the constant learning_rate, drawn as LambdaDecay(lambda epoch: 1).");
      }
      inner = peak;
    }
  }
  if (warmupSteps <= 0) return done(inner as ScheduleSpec);
  return done({ scheduler: 'paddle.LinearWarmup', params: { learning_rate: inner, warmup_steps: warmupSteps, start_lr: 0, end_lr: peak } });

  function done(spec: ScheduleSpec, note?: string): Reading {
    if (note) notes.push(note);
    if (warmupSteps > 0) notes.push(`warmup_epoch ${n('warmup_epoch', 0)} x ${spe} iterations = ${warmupSteps} warmup iterations; the decay after it is not shortened (PaddleOCR's LinearWarmup), so it does not finish by the end of training.`);
    return { schedules: [{ name: `PaddleOCR ${name}`, spec, stepping: 'iteration' }], context: { ...ctx, stepsPerEpoch: spe, epochs, totalSteps: total }, notes };
  }
}
