/**
 * Schema validation derived from each definition's parameter list: types, ranges, list order,
 * expressions and nested child specs; then the definition's own cross-field `check`.
 */
import { ScheduleParamError, UnknownSchedulerError, paramError } from './errors';
import { compileLambda, ExpressionSyntaxError } from './numerics/expr';
import { getDefinition } from './registry';
import type { ParamDef, ParamType, RangeRule, ScheduleSpec, SchedulerDefinition } from './types';

/** A spec whose params are complete (defaults filled) and valid, children included. */
export interface ResolvedSpec {
  scheduler: string;
  params: Record<string, unknown>;
}

function fmt(n: number): string {
  return String(n);
}

/** Describes a range in words: "> 0", "between 0 and 1", ... */
export function describeRange(r: RangeRule): string {
  const lo = r.min !== undefined ? (r.minExclusive ? `> ${fmt(r.min)}` : `>= ${fmt(r.min)}`) : '';
  const hi = r.max !== undefined ? (r.maxExclusive ? `< ${fmt(r.max)}` : `<= ${fmt(r.max)}`) : '';
  if (lo && hi) return `${lo} and ${hi}`;
  return lo || hi;
}

function checkRange(name: string, v: number, r: RangeRule, path: string, what = 'must be'): void {
  const lowBad = r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min));
  const highBad = r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max));
  if (lowBad || highBad) paramError(name, `${what} ${describeRange(r)} (got ${fmt(v)})`, path);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkNumber(name: string, v: unknown, integer: boolean, path: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    paramError(name, `must be ${integer ? 'an integer' : 'a number'}${v === '' ? '' : ` (got ${JSON.stringify(v)})`}`, path);
  }
  if (!Number.isFinite(v)) paramError(name, `must be a finite number (got ${v})`, path);
  if (integer && !Number.isInteger(v)) paramError(name, `must be an integer (got ${v})`, path);
  return v;
}

function childPath(path: string, name: string, index?: number): string {
  const base = path ? `${path}.${name}` : name;
  return index === undefined ? base : `${base}[${index}]`;
}

function checkChild(
  name: string,
  v: unknown,
  t: { frameworks: readonly string[]; exclude?: readonly string[]; omitBaseLr?: boolean },
  path: string,
  cpath: string,
): ResolvedSpec {
  if (!v || typeof v !== 'object' || Array.isArray(v) || typeof (v as ScheduleSpec).scheduler !== 'string') {
    paramError(name, 'must be a scheduler spec { scheduler, params }', path);
  }
  const spec = v as ScheduleSpec;
  const def = getDefinition(spec.scheduler);
  if (!def) throw new UnknownSchedulerError(spec.scheduler, cpath);
  if (!t.frameworks.includes(def.framework) || t.exclude?.includes(def.id)) {
    paramError(name, `${def.id} cannot be used here`, path);
  }
  return resolveWith(def, spec.params ?? {}, cpath, t.omitBaseLr ?? false);
}

function checkValue(p: ParamDef, t: ParamType, v: unknown, path: string): unknown {
  const name = p.name;
  switch (t.kind) {
    case 'number':
    case 'integer': {
      const n = checkNumber(name, v, t.kind === 'integer', path);
      checkRange(name, n, t, path);
      return n;
    }
    case 'boolean':
      if (typeof v !== 'boolean') paramError(name, 'must be true or false', path);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !t.options.includes(v)) {
        paramError(name, `must be one of ${t.options.map((o) => `'${o}'`).join(', ')}`, path);
      }
      return v;
    case 'numberList': {
      if (t.orNumber && typeof v === 'number') {
        const n = checkNumber(name, v, t.integer ?? false, path);
        checkRange(name, n, t, path);
        return n;
      }
      if (!Array.isArray(v)) paramError(name, t.orNumber ? 'must be a number or a list of numbers' : 'must be a list of numbers', path);
      const out: number[] = [];
      v.forEach((x, i) => {
        if (!isFiniteNumber(x)) paramError(name, `item ${i + 1} must be a finite number`, path);
        if (t.integer && !Number.isInteger(x)) paramError(name, `item ${i + 1} must be an integer (got ${x})`, path);
        checkRange(name, x, t, path, `every item must be`);
        out.push(x);
      });
      if (t.minLength !== undefined && out.length < t.minLength) {
        paramError(name, `needs at least ${t.minLength} item${t.minLength === 1 ? '' : 's'}`, path);
      }
      if (t.maxLength !== undefined && out.length > t.maxLength) {
        paramError(name, `takes at most ${t.maxLength} items`, path);
      }
      for (let i = 1; i < out.length; i++) {
        if (t.order === 'increasing' && !(out[i] > out[i - 1])) {
          paramError(name, `must be strictly increasing (${out[i - 1]} is followed by ${out[i]})`, path);
        }
        if (t.order === 'nondecreasing' && out[i] < out[i - 1]) {
          paramError(name, `must be sorted in increasing order (${out[i - 1]} is followed by ${out[i]})`, path);
        }
      }
      return out;
    }
    case 'numberMap': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) paramError(name, 'must be a mapping {step: value}', path);
      const out: Record<string, number> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (!/^-?\d+$/.test(k)) paramError(name, `key "${k}" must be an integer step`, path);
        if (!isFiniteNumber(x)) paramError(name, `value at ${k} must be a finite number`, path);
        checkRange(name, x, t, path, `every value must be`);
        out[String(Number(k))] = x;
      }
      return out;
    }
    case 'expression': {
      if (typeof v !== 'string') paramError(name, 'must be a Python lambda, e.g. lambda epoch: 0.95 ** epoch', path);
      try {
        compileLambda(v);
      } catch (e) {
        if (e instanceof ExpressionSyntaxError) paramError(name, e.message, path);
        throw e;
      }
      return v;
    }
    case 'schedule':
      return checkChild(name, v, t, path, childPath(path, name));
    case 'scheduleList': {
      if (!Array.isArray(v)) paramError(name, 'must be a list of scheduler specs', path);
      if (t.minLength !== undefined && v.length < t.minLength) {
        paramError(name, `needs at least ${t.minLength} scheduler${t.minLength === 1 ? '' : 's'}`, path);
      }
      return v.map((c, i) => checkChild(name, c, t, path, childPath(path, name, i)));
    }
    case 'numberOrSchedule': {
      if (typeof v === 'number') {
        const n = checkNumber(name, v, false, path);
        checkRange(name, n, t, path);
        return n;
      }
      return checkChild(name, v, t, path, childPath(path, name));
    }
    case 'recordList': {
      if (!Array.isArray(v)) paramError(name, 'must be a list of records', path);
      if (t.minLength !== undefined && v.length < t.minLength) {
        paramError(name, `needs at least ${t.minLength} item${t.minLength === 1 ? '' : 's'}`, path);
      }
      return v.map((rec, i) => {
        if (!rec || typeof rec !== 'object' || Array.isArray(rec)) paramError(name, `item ${i + 1} must be a record`, path);
        return resolveFields(t.fields, rec as Record<string, unknown>, childPath(path, name, i), `${name}[${i}]`);
      });
    }
  }
}

/** Fills defaults and checks each field of `fields` against `raw`. */
export function resolveFields(
  fields: readonly ParamDef[],
  raw: Record<string, unknown>,
  path: string,
  owner: string,
  omitBaseLr = false,
): Record<string, unknown> {
  const known = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) paramError(k, `is not an argument of ${owner}`, path);
  }
  const out: Record<string, unknown> = {};
  for (const p of fields) {
    if (omitBaseLr && p.role === 'baseLr') {
      if (raw[p.name] !== undefined) {
        paramError(p.name, 'a child scheduler shares the parent optimizer: set the learning rate on the parent', path);
      }
      continue;
    }
    let v = raw[p.name];
    if (v === undefined) {
      if (p.default === undefined) paramError(p.name, 'is required', path);
      v = p.default;
    }
    if (v === null) {
      if (!p.nullable) paramError(p.name, 'is required (None is not allowed)', path);
      out[p.name] = null;
      continue;
    }
    out[p.name] = checkValue(p, p.type, v, path);
  }
  return out;
}

function resolveWith(
  def: SchedulerDefinition,
  raw: Record<string, unknown>,
  path: string,
  omitBaseLr: boolean,
): ResolvedSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) paramError('params', 'must be an object', path);
  const params = resolveFields(def.params, raw, path, def.id, omitBaseLr);
  def.check?.(params, path);
  return { scheduler: def.id, params };
}

/**
 * Validates a spec against its definition and returns it with defaults filled in.
 * Throws {@link ScheduleParamError} naming the parameter and the reason, or
 * {@link UnknownSchedulerError}. Never mutates `spec`.
 */
export function resolveSpec(spec: ScheduleSpec, options: { omitBaseLr?: boolean } = {}): ResolvedSpec {
  if (!spec || typeof spec !== 'object' || typeof spec.scheduler !== 'string') {
    throw new ScheduleParamError('scheduler', 'a spec needs a scheduler id such as "torch.StepLR"');
  }
  const def = getDefinition(spec.scheduler);
  if (!def) throw new UnknownSchedulerError(spec.scheduler, '');
  return resolveWith(def, spec.params ?? {}, '', options.omitBaseLr ?? false);
}

/** Validation result without throwing: `null` when valid. */
export function validateSpec(spec: ScheduleSpec): ScheduleParamError | UnknownSchedulerError | null {
  try {
    resolveSpec(spec);
    return null;
  } catch (e) {
    if (e instanceof ScheduleParamError || e instanceof UnknownSchedulerError) return e;
    throw e;
  }
}
