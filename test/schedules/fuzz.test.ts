/**
 * Engine fuzz: seeded inputs over every scheduler, from valid configurations (random-specs.ts) with
 * one thing broken: a parameter of the wrong type or out of range (NaN, infinities, huge, tiny and
 * negative numbers, BigInt, symbols, functions, cyclic objects, throwing getters, huge lists), a
 * required one missing, an unknown one added, a hostile lambda (deep nesting, long chains, overflow,
 * division by zero, unsupported syntax), nested or self-containing child specs, or the whole spec
 * replaced (null, Proxies, ...). For each input:
 *
 * - `evaluate` returns a finite Float64Array of the requested length, or throws a typed error
 *   (ScheduleParamError, UnknownSchedulerError, ScheduleStepError) with a message;
 * - a ScheduleParamError for one broken parameter names it (a high share: cross-field checks may name
 *   the other field), a ScheduleStepError's partial is finite and `step` long;
 * - the spec is not mutated;
 * - `evaluateInSlices` (odd slice sizes) and the `createStepper` loop agree with it bit for bit, or
 *   fail the same way at the same step.
 *
 * FUZZ_N sets the number of inputs (default 10,000), FUZZ_SEED the seed.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from 'vitest';
import {
  createStepper,
  evaluate,
  evaluateInSlices,
  getDefinition,
  PythonRuntimeError,
  runToEnd,
  ScheduleParamError,
  schedulers,
  ScheduleStepError,
  UnknownSchedulerError,
  type ParamDef,
  type ScheduleSpec,
} from '../../src/schedules';
import { randomSpecs, rng } from './random-specs';
import { sampleSpec } from './samples';

const N = Number(process.env.FUZZ_N) || 10_000;
const SEED = Number(process.env.FUZZ_SEED) || 0x5eed;
const MAX_HORIZON = 300;

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

// ---- values -------------------------------------------------------------------------------------

function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function throwingGetter(): unknown {
  return Object.defineProperty({}, 'scheduler', { enumerable: true, get: () => { throw new Error('getter'); } });
}

/** Values of every shape, for a parameter of any kind. */
const HOSTILE: readonly [string, (r: Rand) => unknown][] = [
  ['string', () => 'abc'],
  ['empty string', () => ''],
  ['numeric string', () => '0.1'],
  ['boolean', (r) => r() < 0.5],
  ['null', () => null],
  ['NaN', () => NaN],
  ['+Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['huge', (r) => pick(r, [1e308, Number.MAX_VALUE, 2 ** 53 + 2, 1e20])],
  ['tiny', (r) => pick(r, [5e-324, 1e-300, 2.2e-308])],
  ['negative', (r) => pick(r, [-1, -0.5, -1e300, -5e-324])],
  ['zero', (r) => pick(r, [0, -0])],
  ['random magnitude', (r) => (r() < 0.5 ? -1 : 1) * 10 ** (r() * 40 - 20)],
  ['fraction', () => 0.5],
  ['large integer', (r) => pick(r, [1e9, 2 ** 31, 12345678])],
  ['BigInt', () => 10n],
  ['symbol', () => Symbol('s')],
  ['function', () => () => 1],
  ['object', () => ({ a: 1 })],
  ['list', () => [1, 2, 3]],
  ['empty list', () => []],
  ['list with NaN', () => [1, NaN, 3]],
  ['unsorted list', () => [9, 3, 5]],
  ['negative list', () => [-3, -1]],
  ['nested list', () => [[1], [2]]],
  ['huge list', () => Array.from({ length: 20_000 }, (_, i) => i + 1)],
  ['cyclic object', cyclic],
  ['cyclic list', () => { const a: unknown[] = [1]; a.push(a); return a; }],
  ['Date', () => new Date(0)],
  ['Map', () => new Map([[1, 2]])],
  ['typed array', () => new Float64Array([1, 2])],
  ['boxed number', () => Object(1)],
  ['throwing getter', throwingGetter],
  ['unknown spec', () => ({ scheduler: 'nope.Nothing', params: {} })],
  ['spec string', () => 'torch.StepLR'],
];

const big = (n: number, unit: string, join = '') => Array(n).fill(unit).join(join);

/** Lambdas that stress the parser, the compiler and the arithmetic (a fixed set: compiled once, cached). */
const HOSTILE_LAMBDAS: readonly string[] = [
  `lambda epoch: ${'('.repeat(200)}epoch${')'.repeat(200)}`,
  `lambda epoch: ${'('.repeat(201)}epoch${')'.repeat(201)}`,
  `lambda epoch: ${'('.repeat(1000)}epoch${')'.repeat(1000)}`,
  `lambda epoch: ${'min(1, '.repeat(199)}epoch${')'.repeat(199)}`,
  `lambda epoch: 1 + ${big(4000, 'epoch', ' - ')} * 0`,
  `lambda epoch: ${big(2000, 'epoch', ' + ')}`,
  `lambda epoch: ${'-'.repeat(3100)}epoch`,
  `lambda epoch: ${'-'.repeat(2998)}epoch`,
  `lambda epoch: ${'not '.repeat(3000)}epoch`,
  `lambda epoch: ${'not '.repeat(2998)}epoch`,
  `lambda epoch: ${'epoch*'.repeat(16_000)}1`,
  `lambda epoch: ${'1 ** '.repeat(3100)}epoch`,
  `lambda epoch: ${'1 if 0 else '.repeat(3001)}epoch`,
  `lambda epoch: ${big(5000, '1.0', ' and ')} and 0.9`,
  'lambda epoch: math.exp(epoch)',
  'lambda epoch: 2 ** (epoch * 100)',
  'lambda epoch: 10.0 ** epoch',
  'lambda epoch: 1.5 ** epoch * 1e300',
  'lambda epoch: 1e308 * 10 * epoch',
  'lambda epoch: 1 / (epoch - 5)',
  'lambda epoch: epoch // 0',
  'lambda epoch: 0.0 ** -1 if epoch > 3 else 1',
  'lambda epoch: math.log(epoch)',
  'lambda epoch: math.sqrt(3 - epoch)',
  'lambda epoch: (epoch - 4) ** 0.5',
  'lambda epoch: int(math.inf * epoch)',
  'lambda epoch: round(epoch, 1.5)',
  'lambda epoch: math.nan',
  'lambda epoch: -math.inf if epoch > 7 else 1',
  'lambda epoch: 1 if epoch < 20 else math.inf',
  'lambda epoch: [epoch]',
  'lambda epoch: epoch.real',
  'lambda a, b: a',
  'import os',
  "__import__('os').system('true')",
  'lambda epoch: (lambda: 1)()',
  'lambda epoch: "0.1"',
  'lambda epoch: epoch ^ 2',
  'lambda epoch: 1_000_000_000_000 ** 400',
  'lambda epoch:',
  '',
  '   ',
  'lambda epoch: 0.95 ** epoch # fine',
  'lambda épоch: épоch',
  'lambda epoch: \u0000',
  `lambda epoch: ${'1' + '0'.repeat(400)} * epoch`,
];

// ---- specs --------------------------------------------------------------------------------------

const IDS = schedulers.map((d) => d.id);

/** Valid configurations of every scheduler (the default/example spec and random draws). */
const POOL: ReadonlyMap<string, ScheduleSpec[]> = new Map(
  IDS.map((id, k) => [id, [sampleSpec(id), ...randomSpecs(id, 6, SEED + k * 7919, MAX_HORIZON)]]),
);

function childTypes(p: ParamDef) {
  const t = p.type;
  return t.kind === 'schedule' || t.kind === 'scheduleList' || t.kind === 'numberOrSchedule' ? t : null;
}

/** A valid spec that may stand as a child of `p` (allowed framework, no lr where the parent owns it). */
function validChild(r: Rand, p: ParamDef): ScheduleSpec {
  const t = childTypes(p)!;
  const ids = IDS.filter((id) => t.frameworks.includes(getDefinition(id)!.framework) && !t.exclude?.includes(id));
  const spec = structuredClone(pick(r, POOL.get(pick(r, ids))!));
  if ('omitBaseLr' in t && t.omitBaseLr) {
    for (const q of getDefinition(spec.scheduler)!.params) if (q.role === 'baseLr') delete spec.params[q.name];
  }
  return spec;
}

/** `child` wrapped `depth` times in copies of `base` (its child parameter `p` replaced). */
function nest(base: ScheduleSpec, p: ParamDef, child: unknown, depth: number, asChild: boolean): unknown {
  let out = child;
  for (let d = 0; d < depth; d++) {
    const wrapper = structuredClone(base);
    wrapper.params[p.name] = p.type.kind === 'scheduleList' ? [out] : out;
    if (p.type.kind === 'scheduleList' && 'milestones' in wrapper.params) wrapper.params.milestones = [];
    if (asChild || d < depth - 1) {
      for (const q of getDefinition(base.scheduler)!.params) if (q.role === 'baseLr') delete wrapper.params[q.name];
    }
    out = wrapper;
  }
  return out;
}

/** What was broken, for the naming check and the counts. */
interface Mutation {
  kind: string;
  /** The one parameter the mutation touched, where the error should name it. */
  param?: string;
}

interface Case {
  spec: unknown;
  steps: number;
  opts: unknown;
  mutation: Mutation;
}

function mutateChildren(r: Rand, base: ScheduleSpec, p: ParamDef): Mutation {
  const params = base.params;
  const list = p.type.kind === 'scheduleList';
  const k = r();
  if (k < 0.3) {
    const n = list ? int(r, 1, 4) : 1;
    const children = Array.from({ length: n }, () => validChild(r, p));
    params[p.name] = list ? children : children[0];
    if ('milestones' in params) params.milestones = Array.from({ length: n - 1 }, (_, i) => (i + 1) * int(r, 1, 40));
    if ('boundaries' in params) params.boundaries = Array.from({ length: n - 1 }, (_, i) => (i + 1) * int(r, 1, 40));
    return { kind: 'children: valid' };
  }
  if (k < 0.55) {
    params[p.name] = nest(base, p, validChild(r, p), int(r, 2, 40), true);
    if (list) params[p.name] = [params[p.name]];
    if ('milestones' in params) params.milestones = [];
    if ('boundaries' in params) params.boundaries = [];
    return { kind: 'children: deep nesting' };
  }
  if (k < 0.7) {
    params[p.name] = list ? [base] : base;
    return { kind: 'children: the spec itself', param: p.name };
  }
  if (k < 0.74 && list) {
    const child = validChild(r, p);
    params[p.name] = Array.from({ length: 1001 }, () => child);
    return { kind: 'children: too many', param: p.name };
  }
  if (k < 0.87) {
    const other = structuredClone(pick(r, POOL.get(pick(r, IDS))!));
    params[p.name] = list ? [other] : other;
    return { kind: 'children: any scheduler' };
  }
  params[p.name] = list ? [pick(r, HOSTILE)[1](r)] : pick(r, HOSTILE)[1](r);
  return { kind: 'children: hostile item', param: p.name };
}

/** Replaces the whole spec (shapes only the API can receive). */
function hostileSpec(r: Rand, base: ScheduleSpec): unknown {
  const revocable = Proxy.revocable(structuredClone(base), {});
  revocable.revoke();
  const shapes: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => 42,
    () => 'torch.StepLR',
    () => [],
    () => ({}),
    () => ({ scheduler: 5, params: {} }),
    () => ({ scheduler: 'nope.X', params: {} }),
    () => ({ scheduler: 'x'.repeat(100_000) }),
    () => ({ scheduler: base.scheduler, params: 'abc' }),
    () => ({ scheduler: base.scheduler, params: [1, 2] }),
    () => ({ scheduler: base.scheduler, params: () => 1 }),
    () => ({ scheduler: base.scheduler, params: null }),
    () => new Proxy(structuredClone(base), { get: () => { throw new Error('proxy get'); } }),
    () => ({ scheduler: base.scheduler, params: new Proxy({}, { ownKeys: () => { throw new Error('proxy keys'); } }) }),
    () => ({ scheduler: base.scheduler, params: new Proxy(structuredClone(base.params), { get: () => { throw new Error('proxy get'); } }) }),
    () => revocable.proxy,
    () => Object.defineProperty({ scheduler: base.scheduler }, 'params', { enumerable: true, get: () => { throw new Error('getter'); } }),
    () => Object.freeze(structuredClone(base)),
    () => Object.assign(Object.create({ params: base.params }), { scheduler: base.scheduler }),
    () => Object.assign(new (class Spec {})(), structuredClone(base)),
  ];
  return pick(r, shapes)();
}

function drawCase(r: Rand, i: number): Case {
  const id = IDS[i % IDS.length];
  const def = getDefinition(id)!;
  const base = structuredClone(pick(r, POOL.get(id)!));
  const steps = r() < 0.1 ? int(r, 0, 3) : int(r, 1, MAX_HORIZON);
  const metrics = () => Float64Array.from({ length: steps }, (_, k) => (r() < 0.03 ? NaN : 1 + Math.sin(k / 5) + 20 / (k + 2)));
  let opts: unknown = def.metricDriven ? { metrics: metrics() } : {};
  const roll = r();
  if (roll < 0.02) opts = pick(r, [null, undefined, 5, { metrics: 5 }, { metrics: 'abc' }, { metrics: metrics().slice(0, steps >> 1) }, {}]);
  const params = base.params;
  const fields = def.params;
  const k = r();
  let mutation: Mutation;
  if (k < 0.12) mutation = { kind: 'none' };
  else if (k < 0.17) return { spec: hostileSpec(r, base), steps, opts, mutation: { kind: 'hostile spec' } };
  else if (k < 0.22) {
    const required = fields.filter((p) => p.default === undefined && p.name in params);
    if (!required.length) mutation = { kind: 'none' };
    else {
      const p = pick(r, required);
      delete params[p.name];
      mutation = { kind: 'missing', param: p.name };
    }
  } else if (k < 0.27) {
    const name = pick(r, ['extra', 'gama', 'last_epoch', 'verbose', '__proto__', 'constructor', 'x'.repeat(300)]);
    Object.defineProperty(params, name, { value: 1, enumerable: true, writable: true, configurable: true });
    mutation = { kind: 'unknown', param: name };
  } else {
    const expr = fields.filter((p) => p.type.kind === 'expression');
    const kids = fields.filter((p) => childTypes(p) !== null);
    if (expr.length && r() < 0.5) {
      const p = pick(r, expr);
      params[p.name] = pick(r, HOSTILE_LAMBDAS);
      mutation = { kind: 'lambda', param: p.name };
    } else if (kids.length && r() < 0.6) {
      mutation = mutateChildren(r, base, pick(r, kids));
    } else {
      const p = pick(r, fields);
      const [kind, value] = pick(r, HOSTILE);
      if (kind === 'throwing getter') {
        Object.defineProperty(params, p.name, { enumerable: true, configurable: true, get: () => { throw new Error('getter'); } });
      } else params[p.name] = value(r);
      mutation = { kind: `value: ${kind}`, param: p.name };
    }
  }
  return { spec: base, steps, opts, mutation };
}

// ---- outcomes -----------------------------------------------------------------------------------

type Outcome =
  | { kind: 'values'; values: Float64Array }
  | { kind: 'error'; error: unknown; name: string; message: string; step?: number; partial?: Float64Array };

function errorOutcome(e: unknown): Outcome {
  const step = e instanceof ScheduleStepError ? { step: e.step, partial: e.partial } : {};
  return { kind: 'error', error: e, name: e instanceof Error ? e.constructor.name : typeof e, message: e instanceof Error ? e.message : String(e), ...step };
}

function attempt(f: () => Float64Array): Outcome {
  try {
    return { kind: 'values', values: f() };
  } catch (e) {
    return errorOutcome(e);
  }
}

/** The createStepper loop, read as the training worker reads it, with evaluate's error rules. */
function viaStepper(c: Case): Outcome {
  let s;
  try {
    s = createStepper(c.spec as ScheduleSpec);
  } catch (e) {
    return errorOutcome(e);
  }
  const metrics = (c.opts as { metrics?: ArrayLike<number> } | null)?.metrics;
  const out = new Float64Array(c.steps);
  for (let i = 0; i < c.steps; i++) {
    try {
      out[i] = s.lr();
      s.step(metrics?.[i]);
    } catch (e) {
      if (!(e instanceof PythonRuntimeError)) return errorOutcome(e);
      return errorOutcome(new ScheduleStepError(i, e.message, out.slice(0, i)));
    }
    // After step(): where step() raises too, that is the error evaluate reports at this step.
    if (!Number.isFinite(out[i])) {
      return errorOutcome(new ScheduleStepError(i, `the learning rate is not a finite number (${out[i]})`, out.slice(0, i)));
    }
  }
  return { kind: 'values', values: out };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** `null` when they agree, else what differs. */
function disagreement(a: Outcome, b: Outcome): string | null {
  if (a.kind === 'values' && b.kind === 'values') {
    const j = a.values.findIndex((v, i) => !Object.is(v, b.values[i]));
    return a.values.length !== b.values.length ? 'different lengths' : j < 0 ? null : `different values from step ${j}: ${a.values[j]} vs ${b.values[j]}`;
  }
  if (a.kind === 'values' || b.kind === 'values') {
    return `${a.kind === 'values' ? 'values' : a.message} vs ${b.kind === 'values' ? 'values' : b.message}`;
  }
  if (a.name !== b.name || a.message !== b.message) return `${a.name}: ${a.message} vs ${b.name}: ${b.message}`;
  if (a.partial && !sameValues(a.partial, b.partial!)) return 'different partial values';
  return null;
}

const TYPED = [ScheduleParamError, UnknownSchedulerError, ScheduleStepError];

/** What is wrong with `evaluate`'s outcome on its own, or `null`. */
function invalid(c: Case, o: Outcome): string | null {
  if (o.kind === 'values') {
    if (o.values.length !== c.steps) return `length ${o.values.length}`;
    const j = o.values.findIndex((v) => !Number.isFinite(v));
    return j >= 0 ? `value ${o.values[j]} at ${j}` : null;
  }
  if (!TYPED.some((T) => o.error instanceof T)) return `untyped ${o.name}: ${o.message}`;
  if (!o.message) return 'empty message';
  if (o.error instanceof ScheduleStepError) {
    const { step, partial } = o.error;
    if (partial.length !== step || step >= Math.max(1, c.steps)) return `step ${step}, partial ${partial.length}`;
    if (partial.some((v) => !Number.isFinite(v))) return 'non-finite partial';
  }
  return null;
}

/** The parameter error names the broken parameter (or a field inside it). */
function names(e: ScheduleParamError, param: string): boolean {
  return e.param === param || e.path === param || e.path.startsWith(`${param}.`) || e.path.startsWith(`${param}[`);
}

/** The spec as JSON where it can be (BigInts as `10n`; cycles, Proxies: not). */
function specText(c: Case): string {
  try {
    return JSON.stringify(c.spec, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}...` : v)) ?? String(c.spec);
  } catch {
    return '(not JSON)';
  }
}

function describeCase(c: Case): string {
  return `${c.mutation.kind}${c.mutation.param ? ` (${c.mutation.param})` : ''}, ${c.steps} steps: ${specText(c).slice(0, 300)}`;
}

test(`engine fuzz: ${N.toLocaleString('en-US')} seeded inputs over every scheduler`, () => {
  const r = rng(SEED);
  const failures: string[] = [];
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const valuesById = new Set<string>();
  const errorsById = new Set<string>();
  let named = 0;
  const misnamed: string[] = [];
  let pureChecked = 0;
  const t0 = performance.now();

  for (let i = 0; i < N; i++) {
    const c = drawCase(r, i);
    const id = IDS[i % IDS.length];
    const fail = (what: string) => {
      if (failures.length < 40) failures.push(`#${i} ${what} -- ${describeCase(c)}`);
    };
    // The data of the spec (structuredClone drops prototypes and getters: both sides alike).
    let before: unknown;
    let cloned = false;
    try {
      before = structuredClone(c.spec);
      cloned = true;
    } catch {
      // Functions, symbols, Proxies, throwing getters: not cloneable, checked by the rest only.
    }

    const o = attempt(() => evaluate(c.spec as ScheduleSpec, c.steps, c.opts as object));
    bump(o.kind === 'values' ? 'values' : o.name);
    bump(`mutation ${c.mutation.kind.split(':')[0]}`);
    const bad = invalid(c, o);
    if (bad) fail(bad);
    if (o.kind === 'values') valuesById.add(id);
    else errorsById.add(id);

    if (cloned) {
      pureChecked++;
      if (!isDeepStrictEqual(structuredClone(c.spec), before)) fail('the spec was mutated');
    }

    // (An error about the options comes first: not one about the broken parameter.)
    if (c.mutation.param !== undefined && o.kind === 'error' && o.error instanceof ScheduleParamError && o.error.param !== 'metrics') {
      if (names(o.error, c.mutation.param)) named++;
      else misnamed.push(`${c.mutation.kind} ${c.mutation.param} -> ${o.message.slice(0, 160)} [${id}]`);
    }

    const slice = pick(r, [1, 3, 7, 13, 37, 97, 299]);
    const d1 = disagreement(o, attempt(() => runToEnd(evaluateInSlices(c.spec as ScheduleSpec, c.steps, c.opts as object, slice))));
    if (d1) fail(`evaluateInSlices (${slice}) disagrees: ${d1}`);
    // The stepper takes no options: compare where evaluate got past them.
    const optsError = o.kind === 'error' && o.error instanceof ScheduleParamError && o.error.param === 'metrics';
    if (!optsError) {
      const d2 = disagreement(o, viaStepper(c));
      if (d2) fail(`createStepper loop disagrees: ${d2}`);
    }
  }

  const seconds = (performance.now() - t0) / 1000;
  const share = named / (named + misnamed.length);
  console.log(
    [
      `engine fuzz: ${N} inputs (seed ${SEED}) in ${seconds.toFixed(1)} s`,
      ...[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k}: ${v}`),
      `  spec purity checked on ${pureChecked} inputs (the others hold functions, symbols, Proxies or throwing getters)`,
      `  parameter errors naming the broken parameter: ${named} of ${named + misnamed.length} (${(100 * share).toFixed(1)}%)`,
      ...misnamed.slice(0, 12).map((m) => `    elsewhere: ${m}`),
    ].join('\n'),
  );
  expect(failures).toEqual([]);
  expect(share).toBeGreaterThanOrEqual(0.95);
  if (N >= IDS.length * 20) {
    expect(IDS.filter((id) => !valuesById.has(id))).toEqual([]);
    expect(IDS.filter((id) => !errorsById.has(id))).toEqual([]);
  }
}, 600_000);
