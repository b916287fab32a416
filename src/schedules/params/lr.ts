/** The optimizer's learning rate that torch, Hugging Face and timm schedules scale, declared once. */
import type { ParamDef } from '../types';

/**
 * `lr`: the optimizer's learning rate (>= 0), the schedule's base lr (`role: 'baseLr'`), on a log
 * slider up to 1 from `sliderMin`. Each framework keeps its doc and its default or example.
 */
export function optimizerLrParam(doc: string, value: { example: number } | { default: number }, sliderMin = 1e-5): ParamDef {
  return {
    name: 'lr',
    type: { kind: 'number', min: 0, slider: { min: sliderMin, max: 1, scale: 'log' } },
    ...value,
    doc,
    role: 'baseLr',
    key: true,
  };
}
