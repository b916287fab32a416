/**
 * A new schedule fitted to the experiment's horizon, derived from the definitions' step marks
 * (ParamDef `unit` and `fit`, see {@link StepFit}): a decay ends at the horizon, a warmup takes 5% of
 * it, a staircase has three levels, milestones are spread evenly. Nothing here is per scheduler.
 */
import { getDefinition } from './registry';
import type { ParamDef, ScheduleSpec, StepFit } from './types';
import { validateSpec } from './validate';

/** The horizon a schedule is fitted to, counted in its own scheduler steps. */
export interface FitHorizon {
  /** Scheduler steps shown: optimizer updates, or epochs for a schedule stepped every epoch. */
  steps: number;
  /** Epochs of the experiment (the horizon of an `epochs`-unit parameter). */
  epochs: number;
}

/** The share of the horizon each length-like fit takes. */
export const FIT_FRACTIONS: Readonly<Record<Exclude<StepFit, 'spread' | 'perEpoch' | 'epochs'>, number>> = {
  horizon: 1,
  warmup: 0.05,
  cooldown: 0.2,
  interval: 1 / 3,
  cycle: 0.25,
  scale: 0.1,
};

/** `v` to two significant digits, a whole number of at least 1 (a length a person would type). */
function roundLength(v: number): number {
  if (!(v >= 1)) return 1;
  const p = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 1);
  return Math.max(1, Math.round(v / p) * p);
}

/** `n` increasing whole steps spread evenly over H: H·k/(n+1), rounded as a length. */
function spread(n: number, steps: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) out.push(Math.max(out.length ? out[out.length - 1] + 1 : 1, roundLength((steps * k) / (n + 1))));
  return out;
}

/** The value a marked parameter takes in a schedule fitted to `h`, or undefined where it keeps its own. */
export function fittedValue(p: ParamDef, h: FitHorizon): unknown {
  const steps = Math.max(1, Math.floor(h.steps));
  switch (p.fit) {
    case undefined:
      return undefined;
    case 'spread': {
      const like = Array.isArray(p.example) ? p.example : Array.isArray(p.default) ? p.default : [];
      return spread(Math.max(1, like.length), steps);
    }
    case 'epochs':
      return Math.max(1, Math.floor(h.epochs));
    case 'perEpoch':
      return Math.max(1, Math.round(steps / Math.max(1, h.epochs)));
    case 'horizon':
      return steps;
    default:
      return roundLength(steps * FIT_FRACTIONS[p.fit]);
  }
}

/**
 * `spec` with every parameter that has a `fit` set from the horizon (presets and translated specs
 * are not passed here: they keep their own values). Where the fitted values do not validate (a
 * horizon of a step or two leaves no room for a warmup) the spec is returned as it was.
 */
export function fitToHorizon(spec: ScheduleSpec, h: FitHorizon): ScheduleSpec {
  const def = getDefinition(spec.scheduler);
  if (!def) return spec;
  const params = { ...spec.params };
  let changed = false;
  for (const p of def.params) {
    if (!(p.name in params) && p.default === undefined) continue;
    const v = fittedValue(p, h);
    if (v === undefined) continue;
    params[p.name] = v;
    changed = true;
  }
  if (!changed) return spec;
  const fitted = { scheduler: spec.scheduler, params };
  return validateSpec(fitted) ? spec : fitted;
}
