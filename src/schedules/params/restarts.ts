/**
 * The cycle lengths of CosineAnnealingWarmRestarts (SGDR), which torch and Paddle share: each
 * kind's type, example and default declared once; each framework keeps its docs.
 */
import type { ParamDef } from '../types';
import { param } from './param';

/** T_0 (the first cycle's length) and T_mult (each cycle's growth), both integers >= 1. */
export function warmRestartsParams(docs: { T_0: string; T_mult: string }): ParamDef[] {
  return [
    { ...param('T_0', { kind: 'integer', min: 1, slider: { min: 1, max: 1000 } }, docs.T_0, { example: 10, key: true, fit: 'cycle' }), unit: 'steps' },
    param('T_mult', { kind: 'integer', min: 1, slider: { min: 1, max: 4 } }, docs.T_mult, { default: 1, key: true }),
  ];
}
