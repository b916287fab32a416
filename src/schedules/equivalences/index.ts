/**
 * Cross-framework equivalences (catalog section H), declared once as classes with parameter
 * translations (see ./types). `equivalentsOf` and `translateSpec` derive from them.
 */
import type { ScheduleSpec } from '../types';
import { resolveSpec, validateSpec } from '../validate';
import { cosineClass, restartsClass } from './cosine';
import { cyclicClass, oneCycleClass } from './cyclic';
import { constantClass, exponentialClass, inverseTimeClass, piecewiseClass, polynomialClass } from './decay';
import { inverseSqrtClass, lambdaClass, multiplicativeClass, plateauClass } from './direct';
import { sequenceClass } from './sequence';
import type { Coincide, EquivalenceClass, EquivalenceMember, Params, Span, TranslateOptions } from './types';

export type { Coincide, EquivalenceClass, EquivalenceMember, Span, TranslateOptions } from './types';

export const equivalenceClasses: readonly EquivalenceClass[] = [
  constantClass,
  exponentialClass,
  piecewiseClass,
  inverseTimeClass,
  polynomialClass,
  cosineClass,
  restartsClass,
  oneCycleClass,
  cyclicClass,
  plateauClass,
  lambdaClass,
  multiplicativeClass,
  inverseSqrtClass,
  // Pieces translate through the other classes (a piece that is itself a sequence stays as it is).
  sequenceClass({ translate: (s, id, o) => translate(s, id, o, (c) => c.name !== 'sequence'), candidates }),
];

/**
 * Links of the former hand-written `equivalents` fields that no class covers, with the reason: they
 * are not the same function under any translation of the parameters. None at present: each of the
 * 254 links holds for some configurations, under the class's conditions (the narrowest: PyTorch
 * OneCycleLR ≡ Optax linear_onecycle_schedule only for three symmetric linear phases, Paddle
 * ReduceOnPlateau ≡ PyTorch's only without cooldown).
 */
export const droppedLinks: readonly { from: string; to: string; reason: string }[] = [];

const classesOf = new Map<string, EquivalenceClass[]>();
for (const cls of equivalenceClasses) {
  for (const m of cls.members) classesOf.set(m.id, [...(classesOf.get(m.id) ?? []), cls]);
}

function frameworkOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/** Schedulers of `framework` that share a class with `id` (used to translate the pieces of a sequence). */
function candidates(id: string, framework: string): string[] {
  const out = new Set<string>();
  for (const cls of classesOf.get(id) ?? []) for (const m of cls.members) if (m.id !== id && frameworkOf(m.id) === framework) out.add(m.id);
  return [...out];
}

/**
 * Schedulers of other frameworks that share a class with `id`: for some configurations they compute
 * the same function. Symmetric: `b` is in `equivalentsOf(a)` exactly when `a` is in `equivalentsOf(b)`.
 */
export function equivalentsOf(id: string): string[] {
  const out = new Set<string>();
  for (const cls of classesOf.get(id) ?? []) {
    for (const m of cls.members) if (frameworkOf(m.id) !== frameworkOf(id)) out.add(m.id);
  }
  return [...out];
}

/** The notes of the classes that hold both `a` and `b` (why and when they coincide). */
export function equivalenceNotes(a: string, b: string): string[] {
  return (classesOf.get(a) ?? []).filter((c) => c.members.some((m) => m.id === b)).map((c) => `${c.name}: ${c.note}`);
}

export interface Translation {
  spec: ScheduleSpec;
  /** Steps on which `evaluate` of both specs gives the same curve (within the precision of the pair). */
  coincide: Coincide;
  /** The class and its conditions. */
  note: string;
}

const DEFAULTS: Required<TranslateOptions> = { horizon: 10_000 };

const spanOf = <C>(m: EquivalenceMember<C>, c: C, params: Params, o: Required<TranslateOptions>): Span =>
  m.span?.(c, params, o) ?? { to: Infinity };

/** Where two members with these spans coincide: up to the shorter span, or further where both continue alike. */
function overlap(a: Span, b: Span): number {
  if (a.after !== undefined && a.after === b.after && a.to === b.to) return Infinity;
  return Math.min(a.to, b.to);
}

const memberOf = (cls: EquivalenceClass, id: string) => cls.members.find((m) => m.id === id);

/**
 * `spec` translated to scheduler `targetId` so that both compute the same curve on `coincide`, or
 * null where `spec` is invalid or outside every class holding both, or the target cannot express
 * it. Where several classes translate, the one that coincides longest wins. The same scheduler
 * translates to itself.
 */
export function translateSpec(spec: ScheduleSpec, targetId: string, options: TranslateOptions = {}): Translation | null {
  return translate(spec, targetId, options, () => true);
}

function translate(spec: ScheduleSpec, targetId: string, options: TranslateOptions, through: (cls: EquivalenceClass) => boolean): Translation | null {
  let params: Params;
  try {
    params = resolveSpec(spec).params;
  } catch {
    return null;
  }
  if (spec.scheduler === targetId) {
    return { spec: structuredClone(spec), coincide: { from: 0, to: Infinity }, note: 'the same scheduler' };
  }
  const opts = { ...DEFAULTS, ...options };
  let best: Translation | null = null;
  for (const cls of classesOf.get(spec.scheduler) ?? []) {
    const src = memberOf(cls, spec.scheduler)!;
    const dst = memberOf(cls, targetId);
    const c = dst && through(cls) ? src.toCanonical(params) : null;
    const out = dst && c !== null ? dst.fromCanonical(c, opts) : null;
    if (!dst || !out) continue;
    const translated: ScheduleSpec = { scheduler: targetId, params: out };
    if (validateSpec(translated)) continue;
    const to = overlap(spanOf(src, c, params, opts), spanOf(dst, c, resolveSpec(translated).params, opts));
    if (to >= 0 && (!best || to > best.coincide.to)) best = { spec: translated, coincide: { from: 0, to }, note: `${cls.name}: ${cls.note}` };
  }
  return best;
}
