/**
 * The amplitude parameters of CyclicLR (Smith 2017), which torch and Paddle share: the policy
 * (`mode`), exp_range's base, a custom scale function and what it receives, each kind's type and
 * default declared once. Each framework keeps its own docs, and Paddle its name `exp_gamma`.
 */
import type { ParamDef } from '../types';
import { param } from './param';

export interface CyclicScaleDocs {
  mode: string;
  gamma: string;
  scale_fn: string;
  scale_mode: string;
}

/** mode, gamma (named `gammaName`), scale_fn and scale_mode, in that order. */
export function cyclicScaleParams(docs: CyclicScaleDocs, gammaName = 'gamma'): ParamDef[] {
  return [
    param('mode', { kind: 'enum', options: ['triangular', 'triangular2', 'exp_range'] }, docs.mode, { default: 'triangular' }),
    param(gammaName, { kind: 'number', slider: { min: 0.99, max: 1 } }, docs.gamma, { default: 1.0 }),
    param('scale_fn', { kind: 'expression', argNames: ['x'] }, docs.scale_fn, { default: null, nullable: true }),
    param('scale_mode', { kind: 'enum', options: ['cycle', 'iterations'] }, docs.scale_mode, { default: 'cycle' }),
  ];
}
