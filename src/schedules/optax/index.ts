/**
 * Optax `optax.schedules`: the float32 closed forms (./polynomial.ts, ./exponential.ts, ./cosine.ts,
 * ./join.ts, ./piecewise.ts), their shared arguments (./params.ts) and the definitions that bind
 * them (./definitions.ts).
 */
export { optaxSchedulers } from './definitions';
