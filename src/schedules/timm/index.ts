/**
 * timm (`timm.scheduler`): form.ts (warmup and noise around a curve, the shared closed form),
 * cycles.ts (Cosine, Tanh, Poly), decay.ts (Step, MultiStep), noise.ts, plateau.ts
 * (PlateauLRScheduler), params.ts (shared parameters), definitions.ts (parameters, docs, validation).
 */
export { timmSchedulers } from './definitions';
