/**
 * PaddlePaddle `paddle.optimizer.lr` (catalog section B): the 17 dygraph `LRScheduler`s.
 *
 * Conventions reproduced from `python/paddle/optimizer/lr.py`:
 * - the constructor calls `step()` once, so the first optimizer update sees `get_lr()` at
 *   `last_epoch = 0`; every later `scheduler.step()` increments `last_epoch` and recomputes;
 * - all arithmetic is Python float64, operation by operation (same order as the source);
 * - `CosineAnnealingDecay` and `LinearLR` are recursive on `last_lr`, `MultiplicativeDecay` a
 *   product loop (kept as a running product: same bits, O(1) per step), `ReduceOnPlateau`
 *   metric-driven; everything else is a closed form of `last_epoch`;
 * - `LinearWarmup(scheduler)` calls `inner.step(t - W)` with an explicit epoch, which makes the
 *   inner use its closed form where it has one (`_get_closed_form_lr`) or its own explicit-epoch
 *   path (CosineAnnealingWarmRestarts): a definition's `explicitEpochForm`.
 *
 * Layout: core.ts (the closed-form interface, its stepper, the recursive base, float powers), the
 * computations by kind (decay.ts, cyclic.ts, cosine.ts, recursive.ts, plateau.ts, warmup.ts),
 * define.ts (Paddle's `define`, shared parameters) and the definitions (decayDefinitions.ts,
 * cycleDefinitions.ts).
 */
import type { SchedulerDefinition } from '../types';
import {
  cosineAnnealingDecay,
  cosineAnnealingWarmRestarts,
  cyclicLR,
  linearLR,
  linearWarmup,
  oneCycleLR,
  reduceOnPlateau,
} from './cycleDefinitions';
import {
  exponentialDecay,
  inverseTimeDecay,
  lambdaDecay,
  multiplicativeDecay,
  multiStepDecay,
  naturalExpDecay,
  noamDecay,
  piecewiseDecay,
  polynomialDecay,
  stepDecay,
} from './decayDefinitions';

/** In the catalog's order (section B1-B17). */
export const paddleSchedulers: SchedulerDefinition[] = [
  noamDecay,
  piecewiseDecay,
  naturalExpDecay,
  inverseTimeDecay,
  polynomialDecay,
  linearWarmup,
  exponentialDecay,
  multiStepDecay,
  stepDecay,
  lambdaDecay,
  reduceOnPlateau,
  cosineAnnealingDecay,
  multiplicativeDecay,
  oneCycleLR,
  cyclicLR,
  linearLR,
  cosineAnnealingWarmRestarts,
];
