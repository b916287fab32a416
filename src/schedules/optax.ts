/**
 * Optax `optax.schedules` (catalog section D), in float32 as jax.numpy computes them without
 * `jax_enable_x64` (the count is int32, Python floats are weakly typed and become float32).
 *
 * Every schedule is a pure function of `count`, the number of updates already applied (0 for the
 * first update). Each schedule is a {@link CountSchedule} (`at(count)`, like the Optax function)
 * driven by a {@link CountStepper}; `join_schedules` evaluates its children at `count - boundary`.
 */
import { ScheduleError, paramError } from './errors';
import * as F32 from './numerics/f32';
import { ConstBasePow, PowByConst, exactCounts } from './numerics/f32';
import { CountStepper, countDefinitions, stepFunction, type CountSchedule } from './legacyCount';
import type { ParamDef, SchedulerDefinition, Stepper } from './types';
import { PAPERS } from './papers';

// Module-local bindings for the per-step code: module transforms (tsx, vitest) can turn each use
// of an imported binding into a getter call.
const f32 = Math.fround;
const { EXACT_INT_F32, PI_F32 } = F32;

/** An int32 count converted to float32: exact up to 2^24. */
function countF32(count: number): number {
  return count <= EXACT_INT_F32 && count >= -EXACT_INT_F32 ? count : f32(count);
}

const MODULE = 'optax.schedules';

const F32_NOTE =
  'Computed in float32 as Optax does without jax_enable_x64 (int32 count, float32 values); matches Optax to float32 precision (XLA\'s float32 cos/pow may differ by one ulp). A value the Python function returns unconverted (a constant) is shown as the float32 the optimizer applies.';

const COUNT_NOTE = 'The count is the number of updates already applied: 0 for the first update.';

function num(name: string, doc: string, example?: number, key = false): ParamDef {
  return {
    name,
    type: { kind: 'number', slider: example === 0 ? { min: 0, max: 1 } : { min: 1e-6, max: 1, scale: 'log' } },
    ...(example === undefined ? {} : { example }),
    doc,
    ...(key ? { key } : {}),
  };
}

const initValue = (doc = 'Value at count 0.', example = 0.1): ParamDef => num('init_value', doc, example, true);
const peakValue = (doc = 'Value reached at the end of the warmup.'): ParamDef => num('peak_value', doc, 0.1, true);

function steps(name: string, doc: string, example: number, opts: { positive?: boolean; key?: boolean } = {}): ParamDef {
  return {
    name,
    type: {
      kind: 'integer',
      ...(opts.positive ? { min: 0, minExclusive: true } : {}),
      slider: opts.positive ? { min: 1, max: 100_000, scale: 'log' } : { min: 0, max: 10_000 },
    },
    example,
    doc,
    ...(opts.key ? { key: true } : {}),
  };
}

const transitionBegin: ParamDef = {
  name: 'transition_begin',
  type: { kind: 'integer', slider: { min: 0, max: 10_000 } },
  default: 0,
  doc: 'Steps to hold init_value before the transition starts (negative is treated as 0).',
};

const staircase: ParamDef = {
  name: 'staircase',
  type: { kind: 'boolean' },
  default: false,
  doc: 'If true, the exponent is floored: the value drops at multiples of transition_steps.',
};

const optionalEndValue: ParamDef = {
  name: 'end_value',
  type: { kind: 'number', slider: { min: 0, max: 0.1 } },
  default: null,
  nullable: true,
  doc: 'Bound where the decay stops: a lower bound when decay_rate < 1, an upper bound otherwise.',
};

const decayRate: ParamDef = {
  name: 'decay_rate',
  type: { kind: 'number', slider: { min: 0.01, max: 1, scale: 'log' } },
  example: 0.9,
  doc: 'The decay rate (0 gives a constant: Optax skips the decay).',
  key: true,
};

const exponent: ParamDef = {
  name: 'exponent',
  type: { kind: 'number', slider: { min: 0.1, max: 5 } },
  default: 1.0,
  doc: 'Power applied to the cosine factor 0.5·(1 + cos(π·t/T)).',
};

const boundariesAndScales = (doc: string): ParamDef => ({
  name: 'boundaries_and_scales',
  type: { kind: 'numberMap', min: 0 },
  default: null,
  nullable: true,
  doc,
  key: true,
});



// ---------------------------------------------------------------------------------------------
// Schedules (pure functions of the count, with constants precomputed)

class ConstantSchedule implements CountSchedule {
  constructor(private readonly value: number) {}
  at(): number {
    return this.value;
  }
  fill(out: Float64Array, from: number, to: number): void {
    out.fill(this.value, from, to);
  }
}

/** polynomial_schedule with transition_steps > 0: (I - E)·(1 - clip(c - B, 0, T)/T)^P + E. */
class PolynomialSchedule implements CountSchedule {
  private readonly diff: number;
  private readonly end: number;
  private readonly t32: number;
  private readonly power: PowByConst;
  constructor(
    init: number,
    end: number,
    power: number,
    private readonly t: number,
    private readonly begin: number,
  ) {
    this.power = new PowByConst(power, true);
    this.end = f32(end);
    this.diff = f32(f32(init) - this.end);
    this.t32 = f32(t);
  }
  at(count: number): number {
    const c = Math.min(Math.max(count - this.begin, 0), this.t);
    const frac = f32(1 - f32(countF32(c) / this.t32));
    return f32(f32(this.diff * this.power.pow(frac)) + this.end);
  }
  /** From transition_begin + transition_steps on the clipped count no longer moves: one fill. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count - this.begin, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const tail = Math.max(0, Math.min(to - from, this.begin + this.t - count)) + from;
    const t32 = this.t32;
    const c0 = count - from - this.begin;
    for (let i = from; i < tail; i++) out[i] = f32(1 - f32(Math.max(c0 + i, 0) / t32));
    const diff = this.diff;
    const power = this.power;
    const end = this.end;
    for (let i = from; i < tail; i++) out[i] = f32(f32(diff * power.pow(out[i])) + end);
    if (tail < to) out.fill(this.at(count + (tail - from)), tail, to);
  }
}

/** exponential_decay with transition_steps > 0 and decay_rate != 0. */
class ExponentialSchedule implements CountSchedule {
  private readonly init: number;
  private readonly rate: ConstBasePow;
  private readonly t32: number;
  /** NaN when end_value is None. */
  private readonly end: number;
  private readonly lowerBound: boolean;
  constructor(
    init: number,
    t: number,
    rate: number,
    private readonly begin: number,
    private readonly stair: boolean,
    end: number | null,
  ) {
    this.init = f32(init);
    this.rate = new ConstBasePow(f32(rate));
    this.t32 = f32(t);
    this.end = end === null ? NaN : f32(end);
    this.lowerBound = rate < 1.0;
  }
  at(count: number): number {
    const d = count - this.begin;
    let p = f32(countF32(d) / this.t32);
    if (this.stair) p = Math.floor(p);
    const v = d <= 0 ? this.init : f32(this.init * this.rate.pow(p));
    const e = this.end;
    if (e !== e) return v;
    return this.lowerBound ? Math.max(v, e) : Math.min(v, e);
  }
  /** Up to transition_begin, init_value; then the exponents (float32 arithmetic), then the powers. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count - this.begin, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const head = from + Math.max(0, Math.min(to - from, this.begin - count + 1));
    if (head > from) out.fill(this.at(count), from, head);
    const t32 = this.t32;
    const d0 = count - from - this.begin;
    for (let i = head; i < to; i++) out[i] = f32((d0 + i) / t32);
    if (this.stair) for (let i = head; i < to; i++) out[i] = Math.floor(out[i]);
    const rate = this.rate;
    const init = this.init;
    for (let i = head; i < to; i++) out[i] = f32(init * rate.pow(out[i]));
    const e = this.end;
    if (e !== e) return;
    if (this.lowerBound) for (let i = head; i < to; i++) out[i] = Math.max(out[i], e);
    else for (let i = head; i < to; i++) out[i] = Math.min(out[i], e);
  }
}

/** cosine_decay_schedule: I·((1 - α)·(0.5·(1 + cos(π·min(c, D)/D)))^e + α). */
class CosineSchedule implements CountSchedule {
  private readonly init: number;
  private readonly d32: number;
  private readonly oneMinusAlpha: number;
  private readonly alpha: number;
  private readonly exponent: PowByConst;
  constructor(init: number, decaySteps: number, alpha: number, exponent: number) {
    this.exponent = new PowByConst(exponent, true);
    this.init = f32(init);
    this.d32 = f32(decaySteps);
    this.oneMinusAlpha = f32(1 - alpha);
    this.alpha = f32(alpha);
  }
  at(count: number): number {
    return this.value(this.angle(count));
  }
  /** The cosine's argument at `count`. */
  private angle(count: number): number {
    return f32(f32(PI_F32 * Math.min(countF32(count), this.d32)) / this.d32);
  }
  /** The schedule's value from the cosine's argument. */
  private value(angle: number): number {
    // 0.5 * x is exact in float32: no rounding needed.
    const p = this.exponent.pow(0.5 * f32(1 + f32(Math.cos(angle))));
    // alpha = 0: (1 - 0) * x + 0 is exactly x.
    return f32(this.init * (this.alpha === 0 ? p : f32(f32(this.oneMinusAlpha * p) + this.alpha)));
  }
  /**
   * Two passes: the arguments first (float32 arithmetic that pipelines when no call interrupts
   * it), then the cosines. Once the count reaches decay_steps it is clamped: one value for the rest.
   */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    const d32 = this.d32;
    const stop = from + Math.max(0, Math.min(to - from, Math.ceil(d32) - count));
    const c0 = count - from;
    for (let i = from; i < stop; i++) out[i] = f32(f32(PI_F32 * (c0 + i)) / d32);
    for (let i = from; i < stop; i++) out[i] = this.value(out[i]);
    if (stop < to) out.fill(this.at(count + (stop - from)), stop, to);
  }
}

/**
 * join_schedules: `where(count < b, prev, next(count - b))` for each (b, next) in
 * zip(boundaries, schedules[1:]), so the last boundary reached wins. As the count grows the
 * selected child never goes back, and a child is first selected at its own boundary (or at count 0
 * for a negative boundary), so each child is evaluated at counts count - b >= 0 only. jnp.where
 * also evaluates the unselected children (at negative counts), which never reaches the output.
 *
 * Nested joins (warmup_cosine_decay_schedule inside sgdr_schedule, joins of joins) are flattened
 * into one list of pieces "from count `from[i]` on, `leaves[i].at(count - shifts[i])`", so a step
 * costs one dispatch whatever the nesting.
 */
class JoinSchedule implements CountSchedule {
  /** Start of each piece, ascending; `from[0]` is -Infinity. */
  readonly from: Float64Array;
  private readonly leaves: CountSchedule[];
  private readonly shifts: Float64Array;
  private e = 0;
  constructor(children: readonly CountSchedule[], boundaries: readonly number[]) {
    const n = Math.min(boundaries.length, children.length - 1);
    const b = boundaries.slice(0, n);
    const shiftOf = (k: number): number => (k === 0 ? 0 : b[k - 1]);
    const pieceAt = (count: number): [CountSchedule, number] => {
      let k = 0;
      for (let j = 0; j < n; j++) if (count >= b[j]) k = j + 1;
      const child = children[k];
      if (!(child instanceof JoinSchedule)) return [child, shiftOf(k)];
      const [leaf, shift] = child.pieceAt(count - shiftOf(k));
      return [leaf, shift + shiftOf(k)];
    };
    const points = new Set<number>(b);
    for (let k = 0; k <= n; k++) {
      const child = children[k];
      if (child instanceof JoinSchedule) for (const p of child.from) if (p > -Infinity) points.add(p + shiftOf(k));
    }
    const from = [-Infinity];
    const [leaf0, shift0] = pieceAt(-Infinity);
    const leaves = [leaf0];
    const shifts = [shift0];
    for (const p of [...points].sort((x, y) => x - y)) {
      const [leaf, shift] = pieceAt(p);
      if (leaf !== leaves[leaves.length - 1] || shift !== shifts[shifts.length - 1]) {
        from.push(p);
        leaves.push(leaf);
        shifts.push(shift);
      }
    }
    this.from = Float64Array.from(from);
    this.leaves = leaves;
    this.shifts = Float64Array.from(shifts);
  }
  /** The piece in force at `count` (construction time only). */
  pieceAt(count: number): [CountSchedule, number] {
    let i = 0;
    while (i + 1 < this.from.length && count >= this.from[i + 1]) i++;
    return [this.leaves[i], this.shifts[i]];
  }
  at(count: number): number {
    return this.leaves[this.piece(count)].at(count - this.shifts[this.e]);
  }
  /** Moves the cursor to the piece in force at `count`. */
  private piece(count: number): number {
    const from = this.from;
    while (this.e + 1 < from.length && count >= from[this.e + 1]) this.e++;
    while (count < from[this.e]) this.e--;
    return this.e;
  }
  /** Each piece fills its own range with its own loop. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    for (let i = from; i < to; ) {
      const c = count + (i - from);
      const e = this.piece(c);
      const end = e + 1 < this.from.length ? Math.min(to, i + Math.ceil(this.from[e + 1] - c)) : to;
      this.leaves[e].fill(out, i, end, c - this.shifts[e]);
      i = end;
    }
  }
}

/**
 * piecewise_interpolate_schedule: between the knots bounds = [0, b₁, …, bₙ] (sorted keys) the value
 * moves from values[i] to values[i+1] (values = cumprod([I, s₁, …, sₙ]) in float32) by linear or
 * cosine interpolation of pct = (count - bᵢ)/max(bᵢ₊₁ - bᵢ, 1); from bₙ on it is values[n].
 */
class InterpolateSchedule implements CountSchedule {
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly size: Float64Array;
  /** Linear: values[i]; cosine: values[i+1]. */
  private readonly base: Float64Array;
  /** Linear: values[i+1] - values[i]; cosine: (values[i] - values[i+1]) / 2. */
  private readonly coef: Float64Array;
  private readonly last: number;
  /** Below this count no interval matches and Optax returns 0 (only negative counts). */
  private readonly first: number;
  private k = 0;
  constructor(
    private readonly cosine: boolean,
    init: number,
    keys: readonly number[],
    scales: readonly number[],
  ) {
    const bounds = [0, ...keys];
    const values = [f32(init)];
    for (const s of scales) values.push(f32(values[values.length - 1] * f32(s)));
    const start: number[] = [];
    const end: number[] = [];
    const size: number[] = [];
    const base: number[] = [];
    const coef: number[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (!(bounds[i] < bounds[i + 1])) continue; // empty interval (a first key <= 0)
      start.push(bounds[i]);
      end.push(bounds[i + 1]);
      size.push(f32(Math.max(bounds[i + 1] - bounds[i], 1)));
      base.push(cosine ? values[i + 1] : values[i]);
      coef.push(cosine ? f32(f32(values[i] - values[i + 1]) / 2) : f32(values[i + 1] - values[i]));
    }
    this.start = Float64Array.from(start);
    this.end = Float64Array.from(end);
    this.size = Float64Array.from(size);
    this.base = Float64Array.from(base);
    this.coef = Float64Array.from(coef);
    this.last = values[values.length - 1];
    this.first = start.length > 0 ? start[0] : bounds[bounds.length - 1];
  }
  at(c: number): number {
    if (c < this.first) return 0;
    const k = this.interval(c);
    if (k === this.end.length) return this.last;
    return this.cosine
      ? cosineFromAngle(cosineAngle(countF32(c - this.start[k]), this.size[k]), this.base[k], this.coef[k])
      : linearStep(countF32(c - this.start[k]), this.size[k], this.base[k], this.coef[k]);
  }
  /** Moves the cursor to the interval holding count `c` (`end.length`: past the last knot). */
  private interval(c: number): number {
    while (this.k < this.end.length && c >= this.end[this.k]) this.k++;
    while (this.k > 0 && c < this.end[this.k - 1]) this.k--;
    return this.k;
  }
  /** Interval by interval, its constants hoisted out of the loop; cosines in a second pass. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    if (!exactCounts(count, to - from)) {
      for (let i = from; i < to; i++) out[i] = this.at(count + (i - from));
      return;
    }
    for (let i = from; i < to; ) {
      const c = count + (i - from);
      if (c < this.first) {
        const end = Math.min(to, i + Math.ceil(this.first - c));
        out.fill(0, i, end);
        i = end;
        continue;
      }
      const k = this.interval(c);
      if (k === this.end.length) {
        out.fill(this.last, i, to);
        return;
      }
      const end = Math.min(to, i + Math.ceil(this.end[k] - c));
      const at0 = c - this.start[k] - i;
      const size = this.size[k];
      const base = this.base[k];
      const coef = this.coef[k];
      if (!this.cosine) {
        for (; i < end; i++) out[i] = linearStep(at0 + i, size, base, coef);
        continue;
      }
      for (let j = i; j < end; j++) out[j] = cosineAngle(at0 + j, size);
      for (; i < end; i++) out[i] = cosineFromAngle(out[i], base, coef);
    }
  }
}

/** piecewise_interpolate_schedule's linear step, `d` (cast to float32) counts into an interval of `size`. */
function linearStep(d: number, size: number, base: number, coef: number): number {
  const pct = f32(d / size);
  return f32(f32(coef * pct) + base);
}

/** piecewise_interpolate_schedule's cosine step: the cosine's argument ... */
function cosineAngle(d: number, size: number): number {
  return f32(PI_F32 * f32(d / size));
}

/** ... and the value from it. */
function cosineFromAngle(angle: number, base: number, coef: number): number {
  return f32(base + f32(coef * f32(f32(Math.cos(angle)) + 1)));
}

// ---------------------------------------------------------------------------------------------
// Constructors mirroring the Optax functions (same argument handling, same early returns)

function polynomialSchedule(init: number, end: number, power: number, t: number, begin: number): CountSchedule {
  if (t <= 0) return new ConstantSchedule(f32(init));
  return new PolynomialSchedule(init, end, power, t, Math.max(begin, 0));
}

function linearSchedule(init: number, end: number, t: number, begin = 0): CountSchedule {
  return polynomialSchedule(init, end, 1, t, begin);
}

function exponentialDecay(
  init: number,
  t: number,
  rate: number,
  begin: number,
  stair: boolean,
  end: number | null,
): CountSchedule {
  if (t <= 0 || rate === 0) return new ConstantSchedule(f32(init));
  return new ExponentialSchedule(init, t, rate, Math.max(begin, 0), stair, end);
}

function warmupCosineDecay(p: Record<string, unknown>): CountSchedule {
  const peak = p.peak_value as number;
  const end = p.end_value as number;
  const w = p.warmup_steps as number;
  const alpha = peak === 0 ? 0 : end / peak;
  return new JoinSchedule(
    [
      linearSchedule(p.init_value as number, peak, w),
      new CosineSchedule(peak, (p.decay_steps as number) - w, alpha, p.exponent as number),
    ],
    [w],
  );
}

function checkWarmupCosine(p: Record<string, unknown>, path: string): void {
  const d = p.decay_steps as number;
  const w = p.warmup_steps as number;
  if (!(d - w > 0)) {
    paramError('decay_steps', `must be greater than warmup_steps: it includes the warmup (got decay_steps=${d}, warmup_steps=${w})`, path);
  }
}

/** The schedule of a child built by ctx.createChild (every Optax stepper is a CountStepper). */
function scheduleOf(s: Stepper): CountSchedule {
  if (!(s instanceof CountStepper)) throw new ScheduleError('join_schedules: every child must be an Optax schedule');
  return s.schedule;
}

/** Sorted (key, value) pairs of a numberMap param (`None` gives none). */
function sortedEntries(map: unknown): [number, number][] {
  if (map === null || map === undefined) return [];
  return Object.entries(map as Record<string, number>)
    .map(([k, v]): [number, number] => [Number(k), v])
    .sort((a, b) => a[0] - b[0]);
}

/** piecewise_constant_schedule's literal loop at one count, in float32. */
function piecewiseConstantValue(count: number, init: number, entries: readonly [number, number][]): number {
  let v = f32(init);
  for (const [threshold, scale] of entries) {
    const indicator = Math.max(0, Math.sign(threshold - count));
    v = f32(f32(v * indicator) + f32(f32(f32(1 - indicator) * f32(scale)) * v));
  }
  return v;
}

/** The dict literal of the onecycle schedules: later equal keys overwrite earlier values. */
function onecycleKnots(pairs: readonly [number, number][]): { keys: number[]; scales: number[] } {
  const m = new Map<number, number>();
  for (const [k, v] of pairs) m.set(k === 0 ? 0 : k, v);
  const sorted = [...m].sort((a, b) => a[0] - b[0]);
  return { keys: sorted.map((e) => e[0]), scales: sorted.map((e) => e[1]) };
}

const pyInt = Math.trunc;

// ---------------------------------------------------------------------------------------------
// Definitions

const warmupSteps: ParamDef = {
  ...steps('warmup_steps', 'Length of the linear warmup from init_value to peak_value (<= 0: no warmup).', 100),
  key: true,
};

/** transition_steps, peak_value, pct_start, div_factor, final_div_factor of the onecycle schedules. */
const onecycleParams: readonly ParamDef[] = [
  steps('transition_steps', 'Length of the cycle; must be > 0.', 1000, { positive: true, key: true }),
  peakValue('Maximum value, reached at int(pct_start·transition_steps).'),
  { name: 'pct_start', type: { kind: 'number', slider: { min: 0, max: 1 } }, default: 0.3, doc: 'Fraction of the cycle spent rising to peak_value.' },
  { name: 'div_factor', type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 1000, scale: 'log' } }, default: 25.0, doc: 'Start value is peak_value/div_factor.' },
  { name: 'final_div_factor', type: { kind: 'number', min: 0, minExclusive: true, slider: { min: 1, max: 1e6, scale: 'log' } }, default: 1e4, doc: 'Final value is peak_value/(div_factor·final_div_factor).' },
];

const sgdrFields: readonly ParamDef[] = [
  initValue('Value at the start of the cycle\'s warmup.'),
  peakValue('Peak of the cycle (end of its warmup).'),
  steps('warmup_steps', 'Warmup length inside the cycle.', 0),
  steps('decay_steps', 'Cycle length, warmup included (the cosine lasts decay_steps - warmup_steps).', 1000),
  { ...num('end_value', 'Value at the end of the cycle.'), type: { kind: 'number' }, default: 0.0 },
  exponent,
];

export const optaxSchedulers: SchedulerDefinition[] = countDefinitions([
  {
    id: 'optax.constant_schedule',
    framework: 'optax',
    name: 'constant_schedule',
    family: 'constant',
    module: `${MODULE}.constant_schedule`,
    params: [num('value', 'The constant value.', 0.001, true)],
    formula: String.raw`\eta_t = v`,
    description: `Returns value for every count. ${F32_NOTE}`,
    equivalents: ['hf.constant', 'torch.ConstantLR', 'torch.LambdaLR', 'paddle.LambdaDecay'],
    precision: 'float32',
    schedule(p) {
      return new ConstantSchedule(f32(p.value as number));
    },
  },
  {
    id: 'optax.polynomial_schedule',
    framework: 'optax',
    name: 'polynomial_schedule',
    family: 'polynomial',
    module: `${MODULE}.polynomial_schedule`,
    params: [
      initValue(),
      { ...num('end_value', 'Value reached at transition_begin + transition_steps.', 0.001), type: { kind: 'number', slider: { min: 0, max: 0.1 } } },
      { name: 'power', type: { kind: 'number', slider: { min: 0.1, max: 5 } }, example: 2, doc: 'Power of the polynomial (an integer is applied as a Python int: exact repeated products).', key: true },
      steps('transition_steps', 'Length of the transition (<= 0: constant init_value).', 1000, { key: true }),
      transitionBegin,
    ],
    formula: String.raw`\eta_t = (I - E)\left(1 - \frac{\operatorname{clip}(t - B,\, 0,\, T)}{T}\right)^{P} + E`,
    description:
      'Holds init_value for transition_begin counts, then moves polynomially to end_value over transition_steps and holds end_value afterwards. Quirks reproduced: transition_steps <= 0 gives a constant init_value (Optax only logs it), a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['keras.PolynomialDecay', 'paddle.PolynomialDecay', 'torch.PolynomialLR', 'hf.polynomial', 'timm.PolyLRScheduler'],
    precision: 'float32',
    schedule(p) {
      return polynomialSchedule(
        p.init_value as number,
        p.end_value as number,
        p.power as number,
        p.transition_steps as number,
        p.transition_begin as number,
      );
    },
  },
  {
    id: 'optax.linear_schedule',
    framework: 'optax',
    name: 'linear_schedule',
    family: 'linear',
    module: `${MODULE}.linear_schedule`,
    params: [
      initValue(),
      { ...num('end_value', 'Value reached at transition_begin + transition_steps.', 0), type: { kind: 'number', slider: { min: 0, max: 1 } }, key: true },
      steps('transition_steps', 'Length of the transition (<= 0: constant init_value).', 1000, { key: true }),
      transitionBegin,
    ],
    formula: String.raw`\eta_t = (I - E)\left(1 - \frac{\operatorname{clip}(t - B,\, 0,\, T)}{T}\right) + E`,
    description:
      'Linear ramp from init_value to end_value over transition_steps, after holding init_value for transition_begin counts; end_value is held afterwards. It is polynomial_schedule with power 1, computed as (I - E)·(1 - t/T) + E (not I + (E - I)·t/T, which rounds differently). transition_steps <= 0 gives a constant init_value; a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['torch.LinearLR', 'paddle.LinearLR', 'keras.PolynomialDecay', 'paddle.PolynomialDecay', 'torch.PolynomialLR', 'hf.linear'],
    precision: 'float32',
    schedule(p) {
      return linearSchedule(p.init_value as number, p.end_value as number, p.transition_steps as number, p.transition_begin as number);
    },
  },
  {
    id: 'optax.piecewise_constant_schedule',
    framework: 'optax',
    name: 'piecewise_constant_schedule',
    family: 'multistep',
    module: `${MODULE}.piecewise_constant_schedule`,
    params: [
      initValue(),
      boundariesAndScales('{step: scale}: from count = step on, the value is multiplied by scale (scales are cumulative and must be >= 0).'),
    ],
    formula: String.raw`\eta_t = I \prod_{b_i \le t} s_i`,
    description:
      'Starts at init_value and multiplies it by each scale from its boundary on (at count = boundary, like PyTorch MultiStepLR; Keras switches one step later). Scales are cumulative multipliers, not absolute values, and must be non-negative. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['torch.MultiStepLR', 'paddle.MultiStepDecay', 'paddle.PiecewiseDecay', 'keras.PiecewiseConstantDecay', 'timm.MultiStepLRScheduler', 'torch.ConstantLR'],
    precision: 'float32',
    schedule(p) {
      const init = p.init_value as number;
      const entries = sortedEntries(p.boundaries_and_scales);
      return stepFunction(
        entries.map((e) => e[0]),
        (c) => piecewiseConstantValue(c, init, entries),
      );
    },
  },
  {
    id: 'optax.exponential_decay',
    framework: 'optax',
    name: 'exponential_decay',
    family: 'exponential',
    module: `${MODULE}.exponential_decay`,
    params: [
      initValue(),
      steps('transition_steps', 'Counts per factor of decay_rate (<= 0: constant init_value).', 100, { key: true }),
      decayRate,
      transitionBegin,
      staircase,
      optionalEndValue,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} I & t \le B \\ \operatorname{clip}_E\!\left(I \cdot r^{\,p}\right) & t > B \end{cases} \\ p = \frac{t - B}{T}\ (\lfloor\cdot\rfloor \text{ if staircase}) \end{gathered}`,
    description:
      'Holds init_value up to transition_begin, then decays it by decay_rate per transition_steps, continuously or (staircase) in jumps; end_value, when set, stops the decay (a floor when decay_rate < 1, a ceiling otherwise). Quirks reproduced: transition_steps <= 0 or decay_rate == 0 give a constant init_value (not an error), a negative transition_begin is treated as 0. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['torch.StepLR', 'paddle.StepDecay', 'keras.ExponentialDecay', 'timm.StepLRScheduler', 'torch.ExponentialLR', 'paddle.ExponentialDecay', 'paddle.NaturalExpDecay'],
    precision: 'float32',
    schedule(p) {
      return exponentialDecay(
        p.init_value as number,
        p.transition_steps as number,
        p.decay_rate as number,
        p.transition_begin as number,
        p.staircase as boolean,
        p.end_value as number | null,
      );
    },
  },
  {
    id: 'optax.cosine_decay_schedule',
    framework: 'optax',
    name: 'cosine_decay_schedule',
    family: 'cosine',
    module: `${MODULE}.cosine_decay_schedule`,
    params: [
      initValue(),
      steps('decay_steps', 'Length of the decay; must be > 0.', 1000, { positive: true, key: true }),
      { name: 'alpha', type: { kind: 'number', slider: { min: 0, max: 1 } }, default: 0.0, doc: 'Final value as a fraction of init_value.' },
      exponent,
    ],
    formula: String.raw`\eta_t = I\left((1 - \alpha)\left(\tfrac12\left(1 + \cos\frac{\pi \min(t, D)}{D}\right)\right)^{e} + \alpha\right)`,
    description:
      'Cosine decay from init_value to alpha·init_value over decay_steps, then held there (no restart, no rise). exponent sharpens (> 1) or flattens (< 1) the cosine factor. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    equivalents: ['torch.CosineAnnealingLR', 'paddle.CosineAnnealingDecay', 'keras.CosineDecay', 'hf.cosine', 'hf.cosine_with_min_lr', 'timm.CosineLRScheduler'],
    precision: 'float32',
    schedule(p) {
      return new CosineSchedule(p.init_value as number, p.decay_steps as number, p.alpha as number, p.exponent as number);
    },
  },
  {
    id: 'optax.join_schedules',
    framework: 'optax',
    name: 'join_schedules',
    family: 'composite',
    module: `${MODULE}.join_schedules`,
    params: [
      {
        name: 'schedules',
        type: { kind: 'scheduleList', frameworks: ['optax'], minLength: 1 },
        example: [
          { scheduler: 'optax.linear_schedule', params: { init_value: 0.0, end_value: 0.1, transition_steps: 100 } },
          { scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 900 } },
        ],
        doc: 'The schedules to apply one after the other.',
      },
      {
        name: 'boundaries',
        type: { kind: 'numberList', integer: true },
        example: [100],
        doc: 'Counts at which the next schedule takes over (one fewer than schedules).',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = s_k(t - b_k)\ \text{ for the last } k \text{ with } b_k \le t \\ (s_0(t) \text{ before } b_1) \end{gathered}`,
    description:
      'Runs schedules[0] until boundaries[0], then schedules[1] on a count restarted at 0 (count - boundary), and so on. Implemented as successive where(count < b, previous, next(count - b)), so a later boundary wins when boundaries are not increasing; Optax pairs them with zip, so extra boundaries or extra schedules are silently ignored (reproduced). Each child is evaluated here only where it is selected, at counts >= 0; Optax also evaluates the unselected children at negative counts, which never reaches the output. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['torch.SequentialLR', 'paddle.LinearWarmup', 'hf.warmup_stable_decay'],
    precision: 'float32',
    schedule(p, ctx) {
      const base = ctx.path ? `${ctx.path}.schedules` : 'schedules';
      const children = (p.schedules as { scheduler: string; params: Record<string, unknown> }[]).map((s, i) =>
        scheduleOf(ctx.createChild(s, `${base}[${i}]`)),
      );
      return new JoinSchedule(children, p.boundaries as number[]);
    },
  },
  {
    id: 'optax.warmup_constant_schedule',
    framework: 'optax',
    name: 'warmup_constant_schedule',
    family: 'warmup',
    module: `${MODULE}.warmup_constant_schedule`,
    params: [initValue('Value at count 0.', 0), peakValue(), warmupSteps],
    formula: String.raw`\eta_t = (I - P)\left(1 - \frac{\min(t, W)}{W}\right) + P`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then constant peak_value (it is linear_schedule(init_value, peak_value, warmup_steps)). Quirk reproduced: warmup_steps <= 0 gives a constant init_value, not peak_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    equivalents: ['hf.constant_with_warmup', 'paddle.LinearWarmup'],
    precision: 'float32',
    schedule(p) {
      return linearSchedule(p.init_value as number, p.peak_value as number, p.warmup_steps as number);
    },
  },
  {
    id: 'optax.warmup_cosine_decay_schedule',
    framework: 'optax',
    name: 'warmup_cosine_decay_schedule',
    family: 'cosine',
    module: `${MODULE}.warmup_cosine_decay_schedule`,
    params: [
      initValue('Value at count 0 (start of the warmup).', 0),
      peakValue(),
      warmupSteps,
      steps('decay_steps', 'Total length, warmup included; must exceed warmup_steps.', 1000, { key: true }),
      { ...num('end_value', 'Value at count decay_steps, held afterwards.'), type: { kind: 'number', slider: { min: 0, max: 0.1 } }, default: 0.0 },
      exponent,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (I - P)\left(1 - \frac{t}{W}\right) + P & t < W \\ P\left((1 - \alpha)\,c^{e} + \alpha\right) & t \ge W \end{cases} \\ c = \tfrac12\left(1 + \cos\frac{\pi \min(t - W,\, D - W)}{D - W}\right), \\ \alpha = E/P \end{gathered}`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then cosine decay to end_value, reached at count decay_steps and held. Trap: decay_steps is the total length including the warmup (the cosine lasts decay_steps - warmup_steps, which must be positive). end_value is reproduced as peak_value·(end_value/peak_value), not bit-identical to end_value; warmup_steps <= 0 starts directly with the cosine at peak_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    equivalents: ['hf.cosine', 'hf.cosine_with_min_lr', 'keras.CosineDecay', 'timm.CosineLRScheduler', 'paddleocr.Cosine'],
    precision: 'float32',
    check: checkWarmupCosine,
    schedule: warmupCosineDecay,
  },
  {
    id: 'optax.warmup_exponential_decay_schedule',
    framework: 'optax',
    name: 'warmup_exponential_decay_schedule',
    family: 'exponential',
    module: `${MODULE}.warmup_exponential_decay_schedule`,
    params: [
      initValue('Value at count 0 (start of the warmup).', 0),
      peakValue(),
      warmupSteps,
      steps('transition_steps', 'Counts per factor of decay_rate (<= 0: constant peak_value after the warmup).', 100, { key: true }),
      decayRate,
      { ...transitionBegin, doc: 'Counts after the warmup to hold peak_value before decaying (negative is treated as 0).' },
      staircase,
      optionalEndValue,
    ],
    formula: String.raw`\begin{gathered} \eta_t = \begin{cases} (I - P)\left(1 - \frac{t}{W}\right) + P & t < W \\ d(t - W) & t \ge W \end{cases} \\ d = \text{exponential\_decay}(P, T, r, B, \ldots) \end{gathered}`,
    description:
      'Linear warmup from init_value to peak_value over warmup_steps, then exponential_decay of peak_value on a count restarted at the end of the warmup (transition_begin counts from there). Same quirks as exponential_decay: transition_steps <= 0 or decay_rate == 0 hold peak_value forever. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    precision: 'float32',
    schedule(p) {
      const w = p.warmup_steps as number;
      return new JoinSchedule(
        [
          linearSchedule(p.init_value as number, p.peak_value as number, w),
          exponentialDecay(
            p.peak_value as number,
            p.transition_steps as number,
            p.decay_rate as number,
            p.transition_begin as number,
            p.staircase as boolean,
            p.end_value as number | null,
          ),
        ],
        [w],
      );
    },
  },
  {
    id: 'optax.sgdr_schedule',
    framework: 'optax',
    name: 'sgdr_schedule',
    family: 'restarts',
    module: `${MODULE}.sgdr_schedule`,
    params: [
      {
        name: 'cosine_kwargs',
        type: { kind: 'recordList', fields: sgdrFields, minLength: 1 },
        example: [
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 100 },
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 200 },
          { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 400 },
        ],
        doc: 'One warmup_cosine_decay_schedule per cycle; each cycle lasts its decay_steps.',
        key: true,
      },
    ],
    formula: String.raw`\begin{gathered} \eta_t = \text{warmup\_cosine}_k(t - D_0 - \dots - D_{k-1}) \\ \text{for } D_0 + \dots + D_{k-1} \le t < D_0 + \dots + D_k \end{gathered}`,
    description:
      'SGDR with an explicit list of cycles: cycle k is a warmup_cosine_decay_schedule with its own init/peak/end values and lengths, starting at the sum of the previous decay_steps. Finite: after the last cycle its end_value is held (no further restarts). ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.sgdr,
    equivalents: ['torch.CosineAnnealingWarmRestarts', 'paddle.CosineAnnealingWarmRestarts', 'keras.CosineDecayRestarts', 'timm.CosineLRScheduler', 'hf.cosine_with_restarts'],
    precision: 'float32',
    check(p, path) {
      (p.cosine_kwargs as Record<string, unknown>[]).forEach((rec, i) =>
        checkWarmupCosine(rec, `${path ? `${path}.` : ''}cosine_kwargs[${i}]`),
      );
    },
    schedule(p) {
      const recs = p.cosine_kwargs as Record<string, unknown>[];
      const boundaries: number[] = [];
      let at = 0;
      for (const r of recs) {
        at += r.decay_steps as number;
        boundaries.push(at);
      }
      return new JoinSchedule(recs.map(warmupCosineDecay), boundaries.slice(0, -1));
    },
  },
  {
    id: 'optax.piecewise_interpolate_schedule',
    framework: 'optax',
    name: 'piecewise_interpolate_schedule',
    family: 'piecewise',
    module: `${MODULE}.piecewise_interpolate_schedule`,
    params: [
      {
        name: 'interpolate_type',
        type: { kind: 'enum', options: ['linear', 'cosine'] },
        example: 'linear',
        doc: 'How to move between knots.',
        key: true,
      },
      initValue(),
      boundariesAndScales('{step: scale}: knot values are the cumulative products init_value·scale₁·…; scales must be >= 0.'),
    ],
    formula: String.raw`\begin{gathered} \eta_t = \operatorname{interp}\!\left(v_i, v_{i+1}, \frac{t - b_i}{\max(b_{i+1} - b_i, 1)}\right) \\ (b_i \le t < b_{i+1}),\quad v_i = I\prod_{j \le i} s_j,\quad b_0 = 0 \end{gathered}`,
    description:
      'Interpolates (linearly, or along a half cosine) between knot values at the boundaries, starting from init_value at count 0; the knot values are cumulative products of the scales, not the scales themselves. After the last boundary its value is held. Optax gives 0 for a negative count (no interval matches), which a training loop never reaches. Empty or None boundaries_and_scales give a constant init_value. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    precision: 'float32',
    schedule(p) {
      const entries = sortedEntries(p.boundaries_and_scales);
      return new InterpolateSchedule(
        p.interpolate_type === 'cosine',
        p.init_value as number,
        entries.map((e) => e[0]),
        entries.map((e) => e[1]),
      );
    },
  },
  {
    id: 'optax.linear_onecycle_schedule',
    framework: 'optax',
    name: 'linear_onecycle_schedule',
    family: 'onecycle',
    module: `${MODULE}.linear_onecycle_schedule`,
    params: [
      ...onecycleParams.slice(0, 3),
      { name: 'pct_final', type: { kind: 'number', slider: { min: 0, max: 1 } }, default: 0.85, doc: 'Fraction of the cycle at which the value is back at peak_value/div_factor.' },
      ...onecycleParams.slice(3),
    ],
    formula: String.raw`\begin{gathered} \text{piecewise\_interpolate}\left(\text{linear},\ \tfrac{P}{d},\ B\right), \\ B = \{\lfloor p_s T \rfloor: d,\ \lfloor p_f T \rfloor: \tfrac1d,\ T: \tfrac1{f}\} \end{gathered}`,
    description:
      'Three linear phases: from peak_value/div_factor up to peak_value at int(pct_start·T), back down to peak_value/div_factor at int(pct_final·T), then down to peak_value/(div_factor·final_div_factor) at T, held afterwards. Trap reproduced: for small T the dict keys collide (e.g. T = 1 gives keys 0, 0, 1) and a later key overwrites an earlier one, so the schedule can lose its peak. div_factor and final_div_factor must be > 0 (Optax raises ZeroDivisionError or rejects negative scales). ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.superConvergence,
    equivalents: ['torch.OneCycleLR', 'paddle.OneCycleLR'],
    precision: 'float32',
    schedule(p) {
      const t = p.transition_steps as number;
      const div = p.div_factor as number;
      const { keys, scales } = onecycleKnots([
        [pyInt((p.pct_start as number) * t), div],
        [pyInt((p.pct_final as number) * t), 1.0 / div],
        [t, 1.0 / (p.final_div_factor as number)],
      ]);
      return new InterpolateSchedule(false, (p.peak_value as number) / div, keys, scales);
    },
  },
  {
    id: 'optax.cosine_onecycle_schedule',
    framework: 'optax',
    name: 'cosine_onecycle_schedule',
    family: 'onecycle',
    module: `${MODULE}.cosine_onecycle_schedule`,
    params: [
      ...onecycleParams,
    ],
    formula: String.raw`\begin{gathered} \text{piecewise\_interpolate}\left(\text{cosine},\ \tfrac{P}{d},\ B\right), \\ B = \{\lfloor p_s T \rfloor: d,\ T: \tfrac1{d f}\} \end{gathered}`,
    description:
      'One-cycle with cosine phases: from peak_value/div_factor up to peak_value at k = int(pct_start·T), then down to peak_value/(div_factor·final_div_factor) at T, held afterwards. If k == 0 the warmup is empty and the first value is peak_value; pct_start = 1 makes the two keys collide (the peak is lost). It equals PyTorch OneCycleLR(total_steps = T + 1) when pct_start·(T + 1) - 1 == int(pct_start·T): torch peaks at pct_start·total_steps - 1 and ends at total_steps - 1. ' +
      `${COUNT_NOTE} ${F32_NOTE}`,
    paper: PAPERS.superConvergence,
    equivalents: ['torch.OneCycleLR', 'paddle.OneCycleLR'],
    precision: 'float32',
    schedule(p) {
      const t = p.transition_steps as number;
      const div = p.div_factor as number;
      const { keys, scales } = onecycleKnots([
        [pyInt((p.pct_start as number) * t), div],
        [t, 1.0 / (div * (p.final_div_factor as number))],
      ]);
      return new InterpolateSchedule(true, (p.peak_value as number) / div, keys, scales);
    },
  },
]);
