/**
 * Hugging Face transformers (`transformers.optimization`): lambdas.ts (the closed forms), plateau.ts
 * (reduce_lr_on_plateau), params.ts (shared parameters), definitions.ts (parameters, docs, validation).
 */
export { hfSchedulers } from './definitions';
