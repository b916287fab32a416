/**
 * Cosine classes: one cosine decay (optionally after a linear warmup), and warm restarts (SGDR).
 */
import { closedFormOf, evaluate } from '../evaluate';
import { pyRound } from '../numerics/pymath';
import { MAX_STEPS } from '../types';
import { defineClass, near, noNoise, num, periodicAfter, ratioOf, type Params, type Span } from './types';

// ---------------------------------------------------------------------------------------------
// Cosine decay after an optional linear warmup

interface Cosine {
  /** Value at t = 0 (the peak when there is no warmup). */
  init: number;
  peak: number;
  /** Warmup steps: init + (peak − init)·t/W for t < W. */
  W: number;
  /** Cosine length: floor + (peak − floor)·(1 + cos(π(t − W)/D))/2 for W <= t <= W + D; floor after. */
  D: number;
  floor: number;
}

function cosine(init: number, peak: number, W: number, D: number, floor: number): Cosine | null {
  return D > 0 ? { init: W > 0 ? init : peak, peak, W, D, floor } : null;
}

const noWarmup = (c: Cosine) => c.W === 0;
/** HF, PaddleOCR: warmup from 0 to the peak, cosine to 0. */
const fromZero = (c: Cosine) => c.W === 0 || c.init === 0;
/** A floor as a fraction of the peak (Keras, Optax, HF), or null where the peak is 0 and the floor not. */
function fraction(floor: number, peak: number): number | null {
  if (peak !== 0) return floor / peak;
  return floor === 0 ? 0 : null;
}
/** HF: the cosine over num_training_steps − W steps with num_cycles waves. */
function hfCycles(c: Cosine): { T: number; cycles: number } {
  const n = Math.max(1, Math.ceil(c.D));
  return { T: c.W + n, cycles: Number.isInteger(c.D) ? 0.5 : n / (2 * c.D) };
}
const hfD = (p: Params) => Math.max(1, num(p, 'num_training_steps') - num(p, 'num_warmup_steps')) / (2 * num(p, 'num_cycles'));
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

const PERIODIC = (c: Cosine): Span => periodicAfter(c.W + c.D);
const INNER = 'paddle.CosineAnnealingDecay';

export const cosineClass = defineClass<Cosine>({
  name: 'cosine decay (with optional linear warmup)',
  note:
    'A linear warmup over W steps (none for PyTorch, Paddle CosineAnnealingDecay, Optax cosine_decay_schedule), then ' +
    'a cosine from the peak to the floor over D steps. Past W + D Keras, Optax and timm hold the floor while ' +
    'PyTorch, Paddle, PaddleOCR and HF continue the cosine periodically (back up at W + 2D). Floors are absolute ' +
    '(eta_min, lr_min) or fractions of the peak (alpha, min_lr_rate); HF and PaddleOCR warm up from 0 and (HF cosine, ' +
    'PaddleOCR) decay to 0. PyTorch with a fractional T_max, Optax with exponent ≠ 1, timm with cycles, k_decay, ' +
    'noise or a warmup without warmup_prefix are outside the class.',
  members: [
    {
      // A fractional T_max never takes PyTorch's exact step after a minimum: its recursion drifts.
      id: 'torch.CosineAnnealingLR',
      toCanonical: (p) =>
        Number.isInteger(num(p, 'T_max')) ? cosine(num(p, 'lr'), num(p, 'lr'), 0, num(p, 'T_max'), num(p, 'eta_min')) : null,
      fromCanonical: (c) => (noWarmup(c) && Number.isInteger(c.D) ? { lr: c.peak, T_max: c.D, eta_min: c.floor } : null),
      span: PERIODIC,
    },
    {
      id: 'paddle.CosineAnnealingDecay',
      toCanonical: (p) => cosine(num(p, 'learning_rate'), num(p, 'learning_rate'), 0, num(p, 'T_max'), num(p, 'eta_min')),
      fromCanonical: (c) => (noWarmup(c) ? { learning_rate: c.peak, T_max: c.D, eta_min: c.floor } : null),
      span: PERIODIC,
    },
    {
      // Paddle's closed-form cosine inside LinearWarmup: the ramp must end at the cosine's peak.
      id: 'paddle.LinearWarmup',
      toCanonical: (p) => {
        const inner = p.learning_rate as { scheduler?: string; params: Params };
        if (inner?.scheduler !== INNER || inner.params.learning_rate !== p.end_lr) return null;
        const q = inner.params;
        return cosine(num(p, 'start_lr'), num(q, 'learning_rate'), num(p, 'warmup_steps'), num(q, 'T_max'), num(q, 'eta_min'));
      },
      fromCanonical: (c) =>
        noWarmup(c)
          ? null
          : {
              learning_rate: { scheduler: INNER, params: { learning_rate: c.peak, T_max: c.D, eta_min: c.floor } },
              warmup_steps: c.W,
              start_lr: c.init,
              end_lr: c.peak,
            },
      span: PERIODIC,
    },
    {
      id: 'paddleocr.Cosine',
      toCanonical: (p) => {
        const s = num(p, 'step_each_epoch');
        const W = Math.max(0, pyRound(num(p, 'warmup_epoch') * s));
        return cosine(0, num(p, 'learning_rate'), W, s * num(p, 'epochs'), 0);
      },
      fromCanonical: (c) => {
        if (c.floor !== 0 || !fromZero(c) || !Number.isInteger(c.D) || !Number.isInteger(c.W)) return null;
        // Iterations per epoch dividing both lengths: whole epochs, no rounding.
        const s = gcd(c.D, c.W);
        return { learning_rate: c.peak, step_each_epoch: s, epochs: c.D / s, warmup_epoch: c.W / s };
      },
      span: PERIODIC,
    },
    {
      id: 'keras.CosineDecay',
      toCanonical: (p) => {
        const target = p.warmup_target as number | null;
        const [I, D, a] = [num(p, 'initial_learning_rate'), num(p, 'decay_steps'), num(p, 'alpha')];
        // Without warmup_target Keras ignores warmup_steps; with it, alpha is a fraction of the target.
        if (target === null) return cosine(I, I, 0, D, a * I);
        return cosine(I, target, num(p, 'warmup_steps'), D, a * target);
      },
      fromCanonical: (c) => {
        const alpha = fraction(c.floor, c.peak);
        if (alpha === null) return null;
        if (noWarmup(c)) return { initial_learning_rate: c.peak, decay_steps: c.D, alpha, warmup_target: null, warmup_steps: 0 };
        return { initial_learning_rate: c.init, decay_steps: c.D, alpha, warmup_target: c.peak, warmup_steps: c.W };
      },
    },
    {
      id: 'optax.cosine_decay_schedule',
      toCanonical: (p) =>
        num(p, 'exponent') === 1
          ? cosine(num(p, 'init_value'), num(p, 'init_value'), 0, num(p, 'decay_steps'), num(p, 'alpha') * num(p, 'init_value'))
          : null,
      fromCanonical: (c) => {
        const alpha = fraction(c.floor, c.peak);
        return noWarmup(c) && alpha !== null ? { init_value: c.peak, decay_steps: c.D, alpha, exponent: 1 } : null;
      },
    },
    {
      id: 'optax.warmup_cosine_decay_schedule',
      toCanonical: (p) => {
        const [P, W] = [num(p, 'peak_value'), num(p, 'warmup_steps')];
        if (num(p, 'exponent') !== 1) return null;
        // Optax uses alpha = end_value / peak_value, 0 when the peak is 0; decay_steps includes the warmup.
        return cosine(num(p, 'init_value'), P, W, num(p, 'decay_steps') - W, P === 0 ? 0 : num(p, 'end_value'));
      },
      fromCanonical: (c) =>
        fraction(c.floor, c.peak) === null
          ? null
          : { init_value: c.init, peak_value: c.peak, warmup_steps: c.W, decay_steps: c.W + c.D, end_value: c.floor, exponent: 1 },
    },
    {
      id: 'hf.cosine',
      toCanonical: (p) => (num(p, 'num_cycles') > 0 ? cosine(0, num(p, 'lr'), num(p, 'num_warmup_steps'), hfD(p), 0) : null),
      fromCanonical: (c) => {
        if (c.floor !== 0 || !fromZero(c)) return null;
        const h = hfCycles(c);
        return { lr: c.peak, num_warmup_steps: c.W, num_training_steps: h.T, num_cycles: h.cycles };
      },
      span: PERIODIC,
    },
    {
      id: 'hf.cosine_with_min_lr',
      toCanonical: (p) => {
        const b = num(p, 'lr');
        const r = p.min_lr !== null ? num(p, 'min_lr') / b : num(p, 'min_lr_rate');
        return num(p, 'num_cycles') > 0 ? cosine(0, b, num(p, 'num_warmup_steps'), hfD(p), r * b) : null;
      },
      fromCanonical: (c) => {
        const r = fraction(c.floor, c.peak);
        if (r === null || !fromZero(c)) return null;
        const h = hfCycles(c);
        return { lr: c.peak, num_warmup_steps: c.W, num_training_steps: h.T, num_cycles: h.cycles, min_lr: null, min_lr_rate: r };
      },
      span: PERIODIC,
    },
    {
      id: 'timm.CosineLRScheduler',
      toCanonical: (p) => {
        const W = num(p, 'warmup_t');
        // cycle_mul < 1 runs out of cycles (timm raises); the multiplier of later cycles does not matter otherwise.
        if (num(p, 'cycle_limit') !== 1 || num(p, 'cycle_mul') < 1 || num(p, 'k_decay') !== 1 || !noNoise(p)) return null;
        if (W > 0 && p.warmup_prefix !== true) return null;
        return cosine(num(p, 'warmup_lr_init'), num(p, 'lr'), W, num(p, 't_initial'), num(p, 'lr_min'));
      },
      fromCanonical: (c) => ({
        lr: c.peak,
        t_initial: c.D,
        lr_min: c.floor,
        warmup_t: c.W,
        warmup_lr_init: c.W > 0 ? c.init : 0,
        warmup_prefix: true,
        cycle_limit: 1,
        cycle_mul: 1,
        cycle_decay: 1,
        k_decay: 1,
        noise_range_t: null,
      }),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Warm restarts (SGDR)

interface Restarts {
  peak: number;
  /** First cycle length; cycle i lasts T0·mult^i. */
  T0: number;
  mult: number;
  /** Per-cycle decay of the peak (`peak` mode: peak·decay^i) or of the amplitude above the floor. */
  decay: number;
  /** null where both conventions agree (decay 1 or floor 0). */
  decayOf: 'peak' | 'amplitude' | null;
  floor: number;
  /** Number of cycles, then the floor for good; Infinity restarts forever. */
  cycles: number;
}

function restarts(peak: number, T0: number, mult: number, decay: number, floor: number, cycles: number, decayOf: 'peak' | 'amplitude'): Restarts | null {
  if (!(T0 > 0) || !(mult >= 1) || !(cycles >= 1)) return null;
  return { peak, T0, mult, decay, floor, cycles, decayOf: decay === 1 || floor === 0 ? null : decayOf };
}

interface Cycle {
  start: number;
  length: number;
  peak: number;
}

/** The cycles that start at or before `last` (at most `limit` of them). */
function cyclesUpTo(c: Restarts, last: number, limit = Infinity): Cycle[] {
  const out: Cycle[] = [];
  let start = 0;
  for (let i = 0; i < c.cycles && start <= last && out.length < limit; i++) {
    const length = c.T0 * c.mult ** i;
    const k = c.decay ** i;
    out.push({ start, length, peak: c.decayOf === 'amplitude' ? c.floor + (c.peak - c.floor) * k : c.peak * k });
    start += length;
  }
  return out;
}

/** Steps covered by `n` cycles. */
function cycleSteps(c: Restarts, n: number): number {
  if (c.mult === 1) return c.T0 * n;
  return cyclesUpTo(c, Infinity, n).reduce((s, x) => s + x.length, 0);
}

/** Cycles a member with finitely many lists: the configuration's, at most those covering `steps`, at most `cap`. */
function cyclesCovering(c: Restarts, steps: number, cap = Infinity): number {
  const covering = c.mult === 1 ? Math.max(1, Math.ceil(steps / c.T0)) : cyclesUpTo(c, steps).length;
  return Math.min(c.cycles, covering, cap);
}

/** Span of a member with `n` cycles and the floor after them, where the canonical configuration may have more. */
const finiteSpan = (c: Restarts, n: number): Span => ({ to: n >= c.cycles ? Infinity : cycleSteps(c, n) - 1 });

/** A member that restarts forever follows a configuration with a cycle limit up to that limit. */
const foreverSpan = (c: Restarts): Span => ({ to: Number.isFinite(c.cycles) ? cycleSteps(c, c.cycles) - 1 : Infinity });

/** Restarts checked for their position (the check evaluates the member at each). */
const RESTARTS_CHECKED = 10_000;

/**
 * Keras and timm find the cycle with a logarithm, HF with `(n·t/T) % 1`: at some restarts the
 * rounding puts the step next to the boundary in the wrong cycle (e.g. timm with cycle_mul 3 at
 * t = 121·T0, Keras with t_mul 2 in float32 at cycle 13, HF with 49 cycles, Keras with t_mul
 * fround(1.7) one step before its fractional boundary). Their span ends before the first step the
 * member itself misplaces (off by a quarter of the amplitude or more). Without a closed form the
 * member is run up to `horizon` steps, and the span is not claimed beyond.
 */
function restartsKept(id: string, params: Params, c: Restarts, span: Span, horizon: number): Span {
  const spec = { scheduler: id, params };
  const form = closedFormOf(spec);
  const last = Math.min(span.to, form ? MAX_STEPS : horizon);
  const values = form ? null : evaluate(spec, last + 1);
  const at = (t: number) => (values ? values[t] : form!.at(t));
  const valueIn = (x: Cycle, t: number) => c.floor + ((x.peak - c.floor) * (1 + Math.cos((Math.PI * (t - x.start)) / x.length))) / 2;
  const cycles = cyclesUpTo(c, last, RESTARTS_CHECKED + 1);
  for (let i = 1; i < cycles.length; i++) {
    const { start, peak } = cycles[i];
    if (i === RESTARTS_CHECKED) return { to: Math.floor(start) - 1 };
    for (const t of [Math.floor(start), Math.ceil(start)]) {
      if (t > last) break;
      const want = valueIn(t >= start ? cycles[i] : cycles[i - 1], t);
      if (Math.abs(at(t) - want) > 0.25 * Math.abs(peak - c.floor)) return { to: t - 1 };
    }
  }
  return last < span.to ? { to: last } : span;
}

const cawr = (lr: string) => ({
  toCanonical: (p: Params) => restarts(num(p, lr), num(p, 'T_0'), num(p, 'T_mult'), 1, num(p, 'eta_min'), Infinity, 'peak'),
  fromCanonical: (c: Restarts) => (c.decay === 1 ? { [lr]: c.peak, T_0: c.T0, T_mult: c.mult, eta_min: c.floor } : null),
  span: foreverSpan,
});

const timmRestarts = (p: Params) => num(p, 'warmup_t') === 0 && num(p, 'k_decay') === 1 && noNoise(p);

interface CosineKwargs {
  init_value: number;
  peak_value: number;
  warmup_steps: number;
  decay_steps: number;
  end_value: number;
  exponent: number;
}

function optaxCycles(kw: readonly CosineKwargs[]): Restarts | null {
  const floor = kw[0].end_value;
  if (kw.some((k) => k.warmup_steps !== 0 || k.exponent !== 1 || k.end_value !== floor || (k.peak_value === 0 && floor !== 0))) {
    return null;
  }
  const lengths = kw.map((k) => k.decay_steps);
  const mult = lengths.length > 1 ? lengths[1] / lengths[0] : 1;
  if (!lengths.every((T, i) => near(T, lengths[0] * mult ** i))) return null;
  const peaks = kw.map((k) => k.peak_value);
  const byPeak = ratioOf(peaks);
  if (byPeak !== null) return restarts(peaks[0], lengths[0], mult, byPeak, floor, kw.length, 'peak');
  const byAmplitude = ratioOf(peaks.map((p) => p - floor));
  return byAmplitude === null ? null : restarts(peaks[0], lengths[0], mult, byAmplitude, floor, kw.length, 'amplitude');
}

/** Optax lists at most this many cycles (the list is the spec). */
const OPTAX_CYCLES = 100;

export const restartsClass = defineClass<Restarts>({
  name: 'cosine with warm restarts (SGDR)',
  note:
    'Cosine cycles from the peak to the floor, cycle i lasting T0·mult^i steps, restarting at the peak. PyTorch and ' +
    'Paddle restart forever with integer multipliers and a fixed peak; Keras decays the amplitude above the floor ' +
    '(m_mul), timm the peak itself (cycle_decay): the same only with floor 0 or no decay. timm (cycle_limit), Optax ' +
    '(its list) and HF (num_cycles, floor 0, mult 1) stop after finitely many cycles and then hold the floor. Keras ' +
    'and timm with mult ≠ 1 and HF misplace some exact restarts by rounding: the curves coincide up to the first one.',
  members: [
    { id: 'torch.CosineAnnealingWarmRestarts', ...cawr('lr') },
    { id: 'paddle.CosineAnnealingWarmRestarts', ...cawr('learning_rate') },
    {
      id: 'keras.CosineDecayRestarts',
      toCanonical: (p) => {
        const I = num(p, 'initial_learning_rate');
        // A float first_decay_steps (Keras takes one) restarts between steps: the others restart on steps.
        if (!Number.isInteger(num(p, 'first_decay_steps'))) return null;
        return restarts(I, num(p, 'first_decay_steps'), num(p, 't_mul'), num(p, 'm_mul'), num(p, 'alpha') * I, Infinity, 'amplitude');
      },
      fromCanonical: (c) => {
        const alpha = fraction(c.floor, c.peak);
        if (c.decayOf === 'peak' || alpha === null || !Number.isInteger(c.T0)) return null;
        return { initial_learning_rate: c.peak, first_decay_steps: c.T0, t_mul: c.mult, m_mul: c.decay, alpha };
      },
      span: (c, p, o) => {
        const s = foreverSpan(c);
        return c.mult === 1 ? s : restartsKept('keras.CosineDecayRestarts', p, c, s, o.horizon);
      },
    },
    {
      id: 'timm.CosineLRScheduler',
      toCanonical: (p) =>
        timmRestarts(p)
          ? restarts(num(p, 'lr'), num(p, 't_initial'), num(p, 'cycle_mul'), num(p, 'cycle_decay'), num(p, 'lr_min'), num(p, 'cycle_limit'), 'peak')
          : null,
      fromCanonical: (c) =>
        c.decayOf === 'amplitude'
          ? null
          : {
              lr: c.peak,
              t_initial: c.T0,
              lr_min: c.floor,
              cycle_mul: c.mult,
              cycle_decay: c.decay,
              // A cycle limit is a number to timm: cover every step the engine evaluates.
              cycle_limit: cyclesCovering(c, MAX_STEPS),
              warmup_t: 0,
              k_decay: 1,
              noise_range_t: null,
            },
      span: (c, p, o) => {
        const s = finiteSpan(c, num(p, 'cycle_limit'));
        return c.mult === 1 ? s : restartsKept('timm.CosineLRScheduler', p, c, s, o.horizon);
      },
    },
    {
      id: 'optax.sgdr_schedule',
      toCanonical: (p) => optaxCycles(p.cosine_kwargs as CosineKwargs[]),
      fromCanonical: (c, o) => {
        if (fraction(c.floor, c.peak) === null) return null;
        const cycles = cyclesUpTo(c, Infinity, cyclesCovering(c, o.horizon, OPTAX_CYCLES));
        // Optax takes float lengths too, but they restart between steps, where the others restart on steps.
        if (cycles.some((x) => (x.peak === 0 && c.floor !== 0) || !Number.isInteger(x.length))) return null;
        return {
          cosine_kwargs: cycles.map((x) => ({
            init_value: x.peak,
            peak_value: x.peak,
            warmup_steps: 0,
            decay_steps: x.length,
            end_value: c.floor,
            exponent: 1,
          })),
        };
      },
      span: (c, p) => finiteSpan(c, (p.cosine_kwargs as unknown[]).length),
    },
    {
      id: 'hf.cosine_with_restarts',
      toCanonical: (p) => {
        const n = num(p, 'num_cycles');
        if (num(p, 'num_warmup_steps') !== 0 || n < 1) return null;
        return restarts(num(p, 'lr'), num(p, 'num_training_steps') / n, 1, 1, 0, n, 'peak');
      },
      fromCanonical: (c, o) => {
        if (c.mult !== 1 || c.decay !== 1 || c.floor !== 0) return null;
        const n = cyclesCovering(c, o.horizon);
        return { lr: c.peak, num_warmup_steps: 0, num_training_steps: n * c.T0, num_cycles: n };
      },
      span: (c, p, o) => restartsKept('hf.cosine_with_restarts', p, c, finiteSpan(c, num(p, 'num_cycles')), o.horizon),
    },
  ],
});
