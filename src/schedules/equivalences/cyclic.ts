/** One-cycle and cyclical (CLR) classes. */
import { defineClass, near, num, type EquivalenceMember, type Params } from './types';

// ---------------------------------------------------------------------------------------------
// One-cycle: interpolation (cosine or linear) between knots

interface OneCycle {
  cos: boolean;
  /** Increasing steps, the first 0 (may be fractional: PyTorch's pct_start·total_steps − 1). */
  knots: number[];
  /** The value at each knot; held after the last one. */
  values: number[];
}

/** The knots of PyTorch's and Paddle's phases, or null for degenerate ones (first phase empty or past the end). */
function phases(T: number, pct: number, threePhase: boolean, init: number, max: number, min: number, cos: boolean): OneCycle | null {
  const e1 = pct * T - 1;
  const e2 = 2 * pct * T - 2;
  if (!(e1 > 0)) return null;
  const knots = threePhase ? [0, e1, e2, T - 1] : [0, e1, T - 1];
  if (!knots.every((k, i) => i === 0 || k > knots[i - 1])) return null;
  return { cos, knots, values: threePhase ? [init, max, init, min] : [init, max, min] };
}

/** The inverse of {@link phases}: total steps, pct (reproducing the knots bit for bit) and phase count. */
function phasesOf(c: OneCycle): { T: number; pct: number; three: boolean } | null {
  const n = c.knots.length;
  const T = c.knots[n - 1] + 1;
  const three = n === 4;
  if ((n !== 3 && !three) || !Number.isInteger(T) || (three && !near(c.values[2], c.values[0]))) return null;
  // The nearest doubles to (k1 + 1)/T: the framework recomputes pct·T − 1 and 2·pct·T − 2.
  const guess = (c.knots[1] + 1) / T;
  for (let j = -4; j <= 4; j++) {
    const pct = guess * (1 + j * Number.EPSILON);
    if (pct * T - 1 === c.knots[1] && (!three || 2 * pct * T - 2 === c.knots[2])) return { T, pct, three };
  }
  return null;
}

type Phases = NonNullable<ReturnType<typeof phasesOf>>;

/** PyTorch's or Paddle's OneCycleLR: `read` gives the arguments of {@link phases}, `write` the params of a phase table. */
function phased(
  id: string,
  read: (p: Params) => Parameters<typeof phases>,
  write: (ph: Phases, values: number[], anneal: string) => Params,
): EquivalenceMember<OneCycle> {
  return {
    id,
    toCanonical: (p) => phases(...read(p)),
    fromCanonical: (c) => {
      const ph = phasesOf(c);
      return ph && write(ph, c.values, c.cos ? 'cos' : 'linear');
    },
    // Both extrapolate one step past their last knot, then raise.
    span: (c) => ({ to: c.knots[c.knots.length - 1] }),
  };
}

/**
 * piecewise_interpolate_schedule's knots: bounds [0, ...keys] (keys as in Optax's dict, sorted),
 * values cumulative products; intervals of length 0 are never used.
 */
function interpolated(cos: boolean, init: number, pairs: readonly [number, number][]): OneCycle | null {
  const m = new Map<number, number>();
  for (const [k, s] of pairs) m.set(k, s);
  const keys = [...m.keys()].sort((a, b) => a - b);
  if (keys[0] < 0) return null;
  const knots = [0];
  const values = [init];
  for (const k of keys) {
    const v = values[values.length - 1] * m.get(k)!;
    if (k === knots[knots.length - 1]) values[values.length - 1] = v;
    else {
      knots.push(k);
      values.push(v);
    }
  }
  return { cos, knots, values };
}

/** Optax's pct for a knot at integer step k of T: int(pct·T) must give k back. */
function pctFor(k: number, T: number): number {
  const p = k / T;
  return Math.trunc(p * T) === k ? p : (k + 0.5) / T;
}

const integerKnots = (c: OneCycle) => c.knots.every((k) => Number.isInteger(k));

export const oneCycleClass = defineClass<OneCycle>({
  name: 'one-cycle',
  note:
    'Cosine or linear interpolation through the one-cycle knots: PyTorch and Paddle peak at pct·total_steps − 1 and ' +
    'end at total_steps − 1, Optax at int(pct_start·T) and T (so T = total_steps − 1), then holds; PyTorch and ' +
    'Paddle coincide with it up to total_steps − 1 (they extrapolate one step, then raise). Optax ' +
    'linear_onecycle_schedule matches three_phase with linear annealing when its phases are symmetric; Paddle’s ' +
    'end value is absolute. Degenerate first phases (pct·total_steps <= 1) are outside the class.',
  members: [
    phased(
      'torch.OneCycleLR',
      (p) => {
        const T = p.total_steps !== null ? num(p, 'total_steps') : num(p, 'epochs') * num(p, 'steps_per_epoch');
        const init = num(p, 'max_lr') / num(p, 'div_factor');
        return [T, num(p, 'pct_start'), p.three_phase === true, init, num(p, 'max_lr'), init / num(p, 'final_div_factor'), p.anneal_strategy === 'cos'];
      },
      (ph, v, anneal) => ({
        max_lr: v[1],
        total_steps: ph.T,
        epochs: null,
        steps_per_epoch: null,
        pct_start: ph.pct,
        anneal_strategy: anneal,
        div_factor: v[1] / v[0],
        final_div_factor: v[0] / v[v.length - 1],
        three_phase: ph.three,
      }),
    ),
    phased(
      'paddle.OneCycleLR',
      (p) => {
        const max = num(p, 'max_learning_rate');
        const init = max / num(p, 'divide_factor');
        return [num(p, 'total_steps'), num(p, 'phase_pct'), p.three_phase === true, init, max, num(p, 'end_learning_rate'), p.anneal_strategy === 'cos'];
      },
      (ph, v, anneal) => ({
        max_learning_rate: v[1],
        total_steps: ph.T,
        divide_factor: v[1] / v[0],
        end_learning_rate: v[v.length - 1],
        phase_pct: ph.pct,
        anneal_strategy: anneal,
        three_phase: ph.three,
      }),
    ),
    {
      id: 'optax.cosine_onecycle_schedule',
      toCanonical: (p) => {
        const [T, div] = [num(p, 'transition_steps'), num(p, 'div_factor')];
        return interpolated(true, num(p, 'peak_value') / div, [
          [Math.trunc(num(p, 'pct_start') * T), div],
          [T, 1 / (div * num(p, 'final_div_factor'))],
        ]);
      },
      fromCanonical: (c) => {
        if (!c.cos || c.knots.length !== 3 || !integerKnots(c)) return null;
        const [k, T] = [c.knots[1], c.knots[2]];
        const [v0, v1, v2] = c.values;
        return { transition_steps: T, peak_value: v1, pct_start: pctFor(k, T), div_factor: v1 / v0, final_div_factor: v0 / v2 };
      },
    },
    {
      id: 'optax.linear_onecycle_schedule',
      toCanonical: (p) => {
        const [T, div] = [num(p, 'transition_steps'), num(p, 'div_factor')];
        return interpolated(false, num(p, 'peak_value') / div, [
          [Math.trunc(num(p, 'pct_start') * T), div],
          [Math.trunc(num(p, 'pct_final') * T), 1 / div],
          [T, 1 / num(p, 'final_div_factor')],
        ]);
      },
      fromCanonical: (c) => {
        const v = c.values;
        if (c.cos || !integerKnots(c)) return null;
        if (c.knots.length === 3) {
          // pct_final·T below 1: its key 0 merges with the start, which is then peak/div².
          const [, k, T] = c.knots;
          const div = v[1] / v[0];
          return { transition_steps: T, peak_value: v[1] * div, pct_start: pctFor(k, T), pct_final: 0, div_factor: div, final_div_factor: v[1] / v[2] };
        }
        if (c.knots.length !== 4 || !near(v[2], v[0])) return null;
        const [, k1, k2, T] = c.knots;
        return {
          transition_steps: T,
          peak_value: v[1],
          pct_start: pctFor(k1, T),
          pct_final: pctFor(k2, T),
          div_factor: v[1] / v[0],
          final_div_factor: v[2] / v[3],
        };
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Cyclical learning rates (CLR)

interface Cyclic {
  base: number;
  max: number;
  up: number;
  down: number;
  mode: string;
  gamma: number;
  scaleFn: string | null;
  scaleMode: string;
}

function cyclic(p: Params, base: string, max: string, gamma: string): Cyclic {
  const up = num(p, 'step_size_up');
  return {
    base: num(p, base),
    max: num(p, max),
    up,
    down: p.step_size_down === null ? up : num(p, 'step_size_down'),
    mode: p.mode as string,
    gamma: num(p, gamma),
    scaleFn: p.scale_fn as string | null,
    scaleMode: p.scale_mode as string,
  };
}

const cyclicParams = (c: Cyclic, base: string, max: string, gamma: string): Params => ({
  [base]: c.base,
  [max]: c.max,
  step_size_up: c.up,
  step_size_down: c.down,
  mode: c.mode,
  [gamma]: c.gamma,
  scale_fn: c.scaleFn,
  scale_mode: c.scaleMode,
});

const clr = (base: string, max: string, gamma: string) => ({
  toCanonical: (p: Params) => cyclic(p, base, max, gamma),
  fromCanonical: (c: Cyclic) => cyclicParams(c, base, max, gamma),
});

export const cyclicClass = defineClass<Cyclic>({
  name: 'cyclical (CLR)',
  note: 'The same triangular cycles, scale modes and user scale_fn (Paddle: integer step sizes, exp_gamma for gamma).',
  members: [
    { id: 'torch.CyclicLR', ...clr('base_lr', 'max_lr', 'gamma') },
    { id: 'paddle.CyclicLR', ...clr('base_learning_rate', 'max_learning_rate', 'exp_gamma') },
  ],
});
