/**
 * Saved stepper states survive JSON (the training lab's checkpoints, links): the one encoding every
 * stepper with non-finite numbers in its state uses.
 */
import type { StepperState } from './types';

/** Kinds of the numbers JSON cannot carry (it writes NaN and ±Infinity as null, -0 as 0). */
const UNJSONABLE = [NaN, Infinity, -Infinity, -0];

/**
 * A state that survives JSON: each NaN, ±Infinity or -0 (an lr that overflowed, plateau's initial
 * best) is written as 0 and listed after the values as an (index, kind) pair; the count of pairs
 * comes last.
 */
export function encodeState(values: readonly number[]): number[] {
  const pairs: number[] = [];
  const out = values.map((v, i) => {
    if (Number.isFinite(v) && !Object.is(v, -0)) return v;
    pairs.push(i, UNJSONABLE.findIndex((u) => Object.is(u, v)));
    return 0;
  });
  return [...out, ...pairs, pairs.length / 2];
}

/** The values {@link encodeState} wrote. */
export function decodeState(state: StepperState): number[] {
  const count = state[state.length - 1];
  const end = state.length - 1 - 2 * count;
  const values = state.slice(0, end);
  for (let k = end; k < state.length - 1; k += 2) values[state[k]] = UNJSONABLE[state[k + 1]];
  return values;
}
