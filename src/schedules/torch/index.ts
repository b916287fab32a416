/**
 * PyTorch `torch.optim.lr_scheduler` (1.13 behaviour, default `last_epoch=-1`), as an object model:
 * - core.ts: the optimizer's param group, the scheduler contract and base class, the root stepper;
 * - lambda.ts, chainable.ts, cosine.ts, cyclic.ts, composite.ts, plateau.ts: the scheduler classes;
 * - ratioForms.ts, closedForms.ts: their closed forms;
 * - define.ts, definitions.ts, cyclicDefinitions.ts: parameters, docs, validation, and the class
 *   each definition builds.
 */
import type { SchedulerDefinition } from '../types';
import { cyclicSchedulers } from './cyclicDefinitions';
import { decayAndCompositeSchedulers } from './definitions';

export const torchSchedulers: readonly SchedulerDefinition[] = [...decayAndCompositeSchedulers, ...cyclicSchedulers];
