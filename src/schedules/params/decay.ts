/**
 * Parameter kinds that the Keras, Optax and Paddle decay schedules share (learning-rate values,
 * decay rate, staircase, step counts, fractions, powers, end values, piecewise boundaries and
 * values): each kind's type and slider range, declared once. Each framework keeps its own argument
 * names, docs and defaults.
 */
import type { ParamDef } from '../types';
import { param, type Own } from './param';

/** A learning rate (initial, peak, warmup target): a log slider over six decades. */
export function rateParam(name: string, doc: string, own: Own): ParamDef {
  return param(name, { kind: 'number', slider: { min: 1e-6, max: 1, scale: 'log' } }, doc, own);
}

/** A value usually between 0 and 1 (alpha, pct_start, a warmup's start value). */
export function fractionParam(name: string, doc: string, own: Own): ParamDef {
  return param(name, { kind: 'number', slider: { min: 0, max: 1 } }, doc, own);
}

/** A final learning rate, small next to the initial one. */
export function endValueParam(name: string, doc: string, own: Own): ParamDef {
  return param(name, { kind: 'number', slider: { min: 0, max: 0.1 } }, doc, own);
}

/** The power of a polynomial or of a cosine factor: an integral one is a Python int (Optax's exact products). */
export function powerParam(name: string, doc: string, own: Own): ParamDef {
  return param(name, { kind: 'number', slider: { min: 0.1, max: 5 }, integralAsInt: true }, doc, own);
}

export function decayRateParam(doc: string, example: number): ParamDef {
  return param('decay_rate', { kind: 'number', slider: { min: 0.01, max: 1, scale: 'log' } }, doc, { example, key: true });
}

export function staircaseParam(doc: string): ParamDef {
  return param('staircase', { kind: 'boolean' }, doc, { default: false });
}

/** A schedule's length, which the framework requires to be > 0 (`number` where it takes a float too). */
export function positiveStepsParam(name: string, doc: string, own: Own, kind: 'integer' | 'number' = 'integer'): ParamDef {
  const type = { kind, min: 0, minExclusive: true, slider: { min: 1, max: 100_000, scale: 'log' } } as const;
  return { ...param(name, kind === 'number' ? { ...type, kind, integralAsInt: true } : type, doc, own), unit: 'steps' };
}

/**
 * A count of steps that may be 0 (a warmup, a delay before the transition); `number` where the
 * framework computes with a float one as well (Keras's warmup_steps, Optax's transition_steps).
 */
export function stepsParam(name: string, doc: string, own: Own, kind: 'integer' | 'number' = 'integer'): ParamDef {
  const slider = { min: 0, max: 10_000 };
  return { ...param(name, kind === 'number' ? { kind, slider, integralAsInt: true } : { kind, slider }, doc, own), unit: 'steps' };
}

/** The integer steps of a piecewise-constant schedule (Keras PiecewiseConstantDecay, Paddle PiecewiseDecay). */
export function boundariesParam(doc: string, example: number[]): ParamDef {
  return { ...param('boundaries', { kind: 'numberList', integer: true, minLength: 1 }, doc, { example, key: true, fit: 'spread' }), unit: 'steps' };
}

/** The absolute rates of a piecewise-constant schedule; `minLength` where the type itself requires it. */
export function valuesParam(doc: string, example: number[], minLength?: number): ParamDef {
  const type = minLength === undefined ? ({ kind: 'numberList' } as const) : ({ kind: 'numberList', minLength } as const);
  return param('values', type, doc, { example, key: true });
}
