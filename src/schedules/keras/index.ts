/**
 * Keras 3 `keras.optimizers.schedules`: the float32 closed forms (./decays.ts, ./cosine.ts) and the
 * definitions that bind them (./definitions.ts).
 */
export { kerasSchedulers } from './definitions';
