/**
 * Random valid configurations of any scheduler, derived from its definition: each argument is
 * kept at its default or example, or drawn from its range (slider hint, range rule, options), and
 * only configurations that the engine accepts are returned. Seeded, so failures reproduce.
 */
import { getDefinition, validateSpec, type ParamDef, type ScheduleSpec } from '../../src/schedules';

/** mulberry32: a small seeded generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drawNumber(p: ParamDef, r: () => number, horizon: number): number | undefined {
  const t = p.type;
  if (t.kind !== 'number' && t.kind !== 'integer') return undefined;
  const s = t.slider;
  let lo = t.min ?? s?.min ?? 0;
  let hi = t.max ?? s?.max ?? 1;
  if (s) {
    lo = Math.max(lo, s.min);
    hi = Math.min(hi, s.max);
  }
  if (t.kind === 'integer') {
    // Step counts: span short cycles up to the horizon.
    const top = Math.max(lo + 1, Math.min(Math.max(hi, horizon), horizon));
    const u = r();
    const v = u < 0.3 ? lo + Math.floor(r() * Math.min(20, top - lo + 1)) : lo + Math.floor(r() * (top - lo + 1));
    return Math.max(t.min ?? -Infinity, v);
  }
  if (s?.scale === 'log' && lo > 0) return Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
  const v = lo + r() * (hi - lo);
  return r() < 0.1 ? Number(v.toPrecision(2)) : v;
}

function drawList(p: ParamDef, r: () => number, horizon: number): number[] | undefined {
  const t = p.type;
  if (t.kind !== 'numberList' || !t.integer) return undefined;
  const n = 1 + Math.floor(r() * 4);
  const out = Array.from({ length: n }, () => 1 + Math.floor(r() * horizon));
  return t.order === 'none' ? out : [...new Set(out)].sort((a, b) => a - b);
}

/** One random draw of `id`'s arguments (may be invalid). */
export function drawSpec(id: string, r: () => number, horizon: number): ScheduleSpec {
  const def = getDefinition(id);
  if (!def) throw new Error(`unknown scheduler ${id}`);
  const params: Record<string, unknown> = {};
  for (const p of def.params) {
    if (p.example !== undefined) params[p.name] = structuredClone(p.example);
    if (r() < 0.4) continue;
    const t = p.type;
    let v: unknown;
    if (t.kind === 'number' || t.kind === 'integer') v = drawNumber(p, r, horizon);
    else if (t.kind === 'boolean') v = r() < 0.5;
    else if (t.kind === 'enum') v = t.options[Math.floor(r() * t.options.length)];
    else if (t.kind === 'numberList') v = drawList(p, r, horizon);
    if (v !== undefined) params[p.name] = v;
  }
  return { scheduler: id, params };
}

/** Up to `count` valid random configurations of `id` (fewer where most draws are invalid). */
export function randomSpecs(id: string, count: number, seed: number, horizon = 1000): ScheduleSpec[] {
  const r = rng(seed);
  const out: ScheduleSpec[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const spec = drawSpec(id, r, horizon);
    if (validateSpec(spec) === null) out.push(spec);
  }
  return out;
}
