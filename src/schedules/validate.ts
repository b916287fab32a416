/**
 * Schema validation derived from each definition's parameter list: types, ranges, list order,
 * expressions and nested child specs; then the definition's own cross-field `check`.
 *
 * Any input gets a typed error with a message, whatever its shape (the API takes values from URLs,
 * files and callers): a value is described without JSON.stringify (which throws on a BigInt or a
 * cycle), what throws while being read (a getter, a Proxy) is an error of the parameter being read,
 * and child specs nest at most {@link MAX_SPEC_DEPTH} deep, {@link MAX_SPECS} in all (a spec that
 * contains itself is refused as such).
 */
import { ScheduleError, ScheduleParamError, UnknownSchedulerError, paramError } from './errors';
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

/**
 * Limits on child specs: at most 32 specs on one path from the root (a SequentialLR of
 * ChainedSchedulers of ... that deep is far beyond any real schedule) and 1,000 in one tree. They
 * bound the work and the recursion of validation and of the steppers built from the spec, also for
 * a spec that contains itself or shares one child object many times over.
 */
export const MAX_SPEC_DEPTH = 32;
export const MAX_SPECS = 1000;

/** The child specs of one validation: those on the path to the current one, and how many so far. */
interface SpecTree {
  path: unknown[];
  count: number;
}

const newTree = (...root: unknown[]): SpecTree => ({ path: root, count: 1 });

/** A value as an error message shows it, whatever it is. */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
    case 'bigint':
      return `${v}n, a BigInt`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object';
    default:
      return String(v);
  }
}

/** What an exception says, for a message. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : describeValue(e);
}

/** `read()`; what it throws (a getter, a Proxy trap) becomes an error of parameter `name`. */
export function readParam<T>(name: string, path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ScheduleError) throw e;
    paramError(name, `could not be read (${messageOf(e)})`, path);
  }
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
    paramError(name, `must be ${integer ? 'an integer' : 'a number'}${v === '' ? '' : ` (got ${describeValue(v)})`}`, path);
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
  tree: SpecTree,
): ResolvedSpec {
  const scheduler = v && typeof v === 'object' && !Array.isArray(v) ? (v as ScheduleSpec).scheduler : undefined;
  if (typeof scheduler !== 'string') paramError(name, 'must be a scheduler spec { scheduler, params }', path);
  const def = getDefinition(scheduler);
  if (!def) throw new UnknownSchedulerError(scheduler, cpath);
  if (!t.frameworks.includes(def.framework) || t.exclude?.includes(def.id)) {
    paramError(name, `${def.id} cannot be used here`, path);
  }
  if (tree.path.includes(v)) paramError(name, 'contains itself: a scheduler spec cannot be its own child', path);
  if (tree.path.length + 1 > MAX_SPEC_DEPTH) paramError(name, `nests scheduler specs more than ${MAX_SPEC_DEPTH} deep`, path);
  if (++tree.count > MAX_SPECS) paramError(name, `holds more than ${MAX_SPECS.toLocaleString('en-US')} scheduler specs in all`, path);
  tree.path.push(v);
  const child = resolveWith(def, (v as ScheduleSpec).params, cpath, t.omitBaseLr ?? false, tree);
  tree.path.pop();
  return child;
}

function checkValue(p: ParamDef, t: ParamType, v: unknown, path: string, tree: SpecTree): unknown {
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
    case 'string':
      if (typeof v !== 'string') paramError(name, 'must be a string', path);
      return v;
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
      return checkChild(name, v, t, path, childPath(path, name), tree);
    case 'scheduleList': {
      if (!Array.isArray(v)) paramError(name, 'must be a list of scheduler specs', path);
      if (t.minLength !== undefined && v.length < t.minLength) {
        paramError(name, `needs at least ${t.minLength} scheduler${t.minLength === 1 ? '' : 's'}`, path);
      }
      return v.map((c, i) => checkChild(name, c, t, path, childPath(path, name, i), tree));
    }
    case 'numberOrSchedule': {
      if (typeof v === 'number') {
        const n = checkNumber(name, v, false, path);
        checkRange(name, n, t, path);
        return n;
      }
      return checkChild(name, v, t, path, childPath(path, name), tree);
    }
    case 'recordList': {
      if (!Array.isArray(v)) paramError(name, 'must be a list of records', path);
      if (t.minLength !== undefined && v.length < t.minLength) {
        paramError(name, `needs at least ${t.minLength} item${t.minLength === 1 ? '' : 's'}`, path);
      }
      return v.map((rec, i) => {
        if (!rec || typeof rec !== 'object' || Array.isArray(rec)) paramError(name, `item ${i + 1} must be a record`, path);
        return resolveFields(t.fields, rec as Record<string, unknown>, childPath(path, name, i), `${name}[${i}]`, false, tree);
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
  tree = newTree(),
): Record<string, unknown> {
  const known = new Set(fields.map((f) => f.name));
  for (const k of readParam('params', path, () => Object.keys(raw))) {
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
    let v = readParam(p.name, path, () => raw[p.name]);
    if (v === undefined) {
      if (p.default === undefined) paramError(p.name, 'is required', path);
      v = p.default;
    }
    if (v === null) {
      if (!p.nullable) paramError(p.name, 'is required (None is not allowed)', path);
      out[p.name] = null;
      continue;
    }
    const value = v;
    out[p.name] = readParam(p.name, path, () => checkValue(p, p.type, value, path, tree));
  }
  return out;
}

/** `params` of a spec of `def`; missing or null params are `{}`. */
function resolveWith(def: SchedulerDefinition, params: unknown, path: string, omitBaseLr: boolean, tree: SpecTree): ResolvedSpec {
  const raw = (params ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) paramError('params', 'must be an object', path);
  const resolved = resolveFields(def.params, raw, path, def.id, omitBaseLr, tree);
  def.check?.(resolved, path);
  return { scheduler: def.id, params: resolved };
}

/**
 * Validates a spec against its definition and returns it with defaults filled in.
 * Throws {@link ScheduleParamError} naming the parameter and the reason, or
 * {@link UnknownSchedulerError}. Never mutates `spec`.
 */
export function resolveSpec(spec: ScheduleSpec, options: { omitBaseLr?: boolean } = {}): ResolvedSpec {
  const isObject = spec !== null && typeof spec === 'object';
  const scheduler = isObject ? readParam('scheduler', '', () => spec.scheduler) : undefined;
  if (typeof scheduler !== 'string') throw new ScheduleParamError('scheduler', 'a spec needs a scheduler id such as "torch.StepLR"');
  const def = getDefinition(scheduler);
  if (!def) throw new UnknownSchedulerError(scheduler, '');
  const params = readParam('params', '', () => spec.params);
  return resolveWith(def, params, '', options?.omitBaseLr ?? false, newTree(spec));
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
