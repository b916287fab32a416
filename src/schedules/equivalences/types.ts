/**
 * Equivalence classes of schedulers: members of (usually) different frameworks that compute the
 * same function of the step counter under a translation of their parameters.
 *
 * Hub and spoke: a class has its own canonical parameterisation `C`; each member maps its params to
 * it (`toCanonical`, `null` for configurations outside the class) and back (`fromCanonical`, `null`
 * where the member cannot express that canonical configuration). Every pair's translation goes
 * through `C`, so it exists in both directions and is symmetric by construction.
 *
 * Steps are the engine's: `evaluate(spec, n)[t]`, the rate in force for update t (t = 0 first).
 */

export type Params = Record<string, unknown>;

/** The steps `from <= t <= to` (both inclusive; `to` may be Infinity) on which two curves are the same. */
export interface Coincide {
  from: number;
  to: number;
}

/**
 * How far a member follows its class's canonical function: at every step `t <= to` (inclusive).
 * `after` names what the member does past `to`: two members with the same label and the same `to`
 * agree there too (e.g. 'periodic': PyTorch's cosine rises again, and so does Paddle's).
 */
export interface Span {
  to: number;
  after?: string;
}

export interface TranslateOptions {
  /**
   * Steps that a member able to express only finitely many cycles (Optax sgdr_schedule's list,
   * HF's num_cycles) covers when the canonical configuration restarts forever, and the steps up to
   * which a member without a closed form is checked where rounding may misplace its restarts. Default 10 000.
   */
  horizon?: number;
}

export interface EquivalenceMember<C> {
  /** Scheduler id, e.g. `torch.CosineAnnealingLR`. */
  readonly id: string;
  /** Canonical params from the member's resolved params (defaults filled), or null outside the class. */
  toCanonical(params: Params): C | null;
  /**
   * The member's params for a canonical configuration (everything that shapes the curve set
   * explicitly), or null where it cannot express it. Ranges the schema checks need no test here:
   * a translation that does not validate is dropped.
   */
  fromCanonical(c: C, options: Required<TranslateOptions>): Params | null;
  /** Where the member follows the canonical function (default: every step). `params` are its own, resolved. */
  span?(c: C, params: Params, options: Required<TranslateOptions>): Span;
}

export interface EquivalenceClass<C = unknown> {
  readonly name: string;
  /** When the members coincide, in a sentence or two (shown in the docs panel). */
  readonly note: string;
  readonly members: readonly EquivalenceMember<C>[];
}

/** Erases the canonical type so that classes of different `C` share one list. */
export function defineClass<C>(cls: EquivalenceClass<C>): EquivalenceClass {
  return cls as unknown as EquivalenceClass;
}

/** A numeric param (resolved params hold numbers where the schema says so). */
export const num = (p: Params, name: string): number => p[name] as number;

/** `a` and `b` equal within `rel` of the larger (used to recognise geometric sequences and the like). */
export function near(a: number, b: number, rel = 1e-12): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The ratio k of a geometric sequence `values[i] = values[0]·k^i` (1 for a single value), or null.
 * Compared within 1e-12 of values[0]: a decaying sequence's tail is not held to more (a difference
 * from a floor loses relative accuracy as it shrinks).
 */
export function ratioOf(values: readonly number[]): number | null {
  if (values.length === 1) return 1;
  const [v0, v1] = values;
  const k = v1 / v0;
  return Number.isFinite(k) && values.every((v, i) => Math.abs(v - v0 * k ** i) <= 1e-12 * Math.abs(v0)) ? k : null;
}

/** timm's noise is off (no `noise_range_t`). */
export const noNoise = (p: Params): boolean => p.noise_range_t === null;

/** Span of a member that follows the canonical function to step `to` and is periodic afterwards. */
export const periodicAfter = (to: number): Span => ({ to: Math.floor(to), after: 'periodic' });

/**
 * The constant value of a lambda whose body is a number literal (`lambda epoch: 1`), else null.
 * Anything else is a user function the engine does not try to recognise.
 */
export function constantLambda(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*lambda\s+[A-Za-z_]\w*\s*:\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}
