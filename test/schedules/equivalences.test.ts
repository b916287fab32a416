/**
 * Equivalence classes (src/schedules/equivalences): for every class, seeded random configurations of
 * every member are translated to every other member and both curves compared over the steps the
 * translation says they coincide on (capped), within the lower precision of the pair.
 *
 * Tolerances, relative to the largest |value| of the compared range:
 * - float64 pairs: 1e-9 (the members differ only in operation order, recursion vs closed form).
 * - with a float32 member the peak is taken over up to 30 000 steps: float32 rounds relative to the
 *   schedule's own scale (a long warmup's first steps come from (I − P)·(1 − t/W) + P).
 * - a float32 member (Keras, Optax) casts every argument to float32 first, so it computes the class's
 *   function at its arguments rounded to float32: the test rounds them (`f32Spec`, which leaves the
 *   float32 curve unchanged) and compares with the float64 member translated from the rounded
 *   arguments, within 4e-7 (about 3 float32 ulps of the peak: argument, cos/pow and product roundings).
 *   Two float32 members: 8e-7 (both round). The round trip checks the float64 mapping itself at 1e-9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, getDefinition, resolveSpec, validateSpec, type ScheduleSpec } from '../../src/schedules';
import { droppedLinks, equivalenceClasses, equivalentsOf, translateSpec, type EquivalenceClass } from '../../src/schedules/equivalences';
import { randomSpecs, rng } from './random-specs';

/** Steps compared at most (past every drawn horizon, so the tails are compared too). */
const CAP = 3000;
/** Steps over which the peak of a curve with a float32 side is taken. */
const PEAK_STEPS = 30_000;
const SPECS_PER_MEMBER = 24;
/** Translations cover (and check restarts up to) the compared steps. */
const tr = (s: ScheduleSpec, id: string) => translateSpec(s, id, { horizon: CAP });

type Draw = () => ScheduleSpec;
type R = () => number;

const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const logU = (r: R, lo: number, hi: number) => Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
const lr = (r: R) => logU(r, 1e-4, 1);
const spec = (scheduler: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler, params });
const increasingSteps = (r: R, n: number, hi: number) => [...new Set(Array.from({ length: n }, () => int(r, 1, hi)))].sort((a, b) => a - b);

/** Class-specific draws that land inside the class (the generic draws seldom do for some members). */
const SEEDS: Record<string, (r: R) => Draw[]> = {
  constant: (r) => [() => spec('optax.constant_schedule', { value: lr(r) })],
  'exponential / step decay': (r) => [
    () => spec('torch.StepLR', { lr: lr(r), step_size: int(r, 1, 300), gamma: 0.5 + 0.49 * r() }),
    () => spec('keras.ExponentialDecay', { initial_learning_rate: lr(r), decay_steps: pick(r, [1, int(r, 2, 200)]), decay_rate: 0.5 + 0.49 * r(), staircase: r() < 0.5 }),
    () => spec('torch.ExponentialLR', { lr: lr(r), gamma: 0.99 + 0.0099 * r() }),
  ],
  'piecewise constant': (r) => [
    () => spec('torch.MultiStepLR', { lr: lr(r), milestones: increasingSteps(r, int(r, 1, 4), 1500), gamma: pick(r, [0.1, 0.5, logU(r, 0.01, 0.99)]) }),
    () => {
      const b = increasingSteps(r, int(r, 1, 4), 1500);
      return spec('keras.PiecewiseConstantDecay', { boundaries: b, values: [...b, 0].map(() => lr(r)) });
    },
    () => spec('torch.ConstantLR', { lr: lr(r), factor: r() * 0.99 + 0.01, total_iters: int(r, 0, 500) }),
  ],
  'inverse time': (r) => [
    () => spec('keras.InverseTimeDecay', { initial_learning_rate: lr(r), decay_steps: pick(r, [1, int(r, 1, 100)]), decay_rate: logU(r, 0.01, 2), staircase: r() < 0.3 }),
  ],
  'polynomial / linear decay': (r) => [
    () => {
      const I = lr(r);
      return spec('keras.PolynomialDecay', {
        initial_learning_rate: I,
        decay_steps: int(r, 1, 1500),
        end_learning_rate: pick(r, [0, I * r()]),
        power: pick(r, [1, logU(r, 0.2, 5)]),
        cycle: r() < 0.2,
      });
    },
    () => spec('optax.linear_schedule', { init_value: pick(r, [0, lr(r)]), end_value: pick(r, [0, lr(r)]), transition_steps: int(r, 1, 1500) }),
  ],
  'cosine decay (with optional linear warmup)': (r) => [
    () => {
      const W = pick(r, [0, int(r, 1, 500)]);
      const peak = lr(r);
      return spec('optax.warmup_cosine_decay_schedule', {
        init_value: pick(r, [0, peak * r()]),
        peak_value: peak,
        warmup_steps: W,
        decay_steps: W + int(r, 1, 1500),
        end_value: pick(r, [0, peak * 0.2 * r()]),
      });
    },
    () => {
      const b = lr(r);
      return spec('torch.CosineAnnealingLR', { lr: b, T_max: pick(r, [int(r, 1, 1500), 1 + 500 * r()]), eta_min: pick(r, [0, b * 0.3 * r()]) });
    },
    () => {
      const W = pick(r, [0, int(r, 1, 300)]);
      return spec('hf.cosine', { lr: lr(r), num_warmup_steps: W, num_training_steps: W + int(r, 1, 1500), num_cycles: pick(r, [0.5, 0.5, 0.1 + 2 * r()]) });
    },
  ],
  'cosine with warm restarts (SGDR)': (r) => [
    () => {
      const b = lr(r);
      return spec('torch.CosineAnnealingWarmRestarts', { lr: b, T_0: int(r, 1, 200), T_mult: pick(r, [1, 1, 2, 3]), eta_min: pick(r, [0, b * 0.3 * r()]) });
    },
    () =>
      spec('keras.CosineDecayRestarts', {
        initial_learning_rate: lr(r),
        first_decay_steps: int(r, 1, 200),
        t_mul: pick(r, [1, 1.5, 2, 3]),
        m_mul: pick(r, [1, 0.5 + 0.5 * r()]),
        alpha: pick(r, [0, 0.3 * r()]),
      }),
    () => spec('hf.cosine_with_restarts', { lr: lr(r), num_warmup_steps: 0, num_training_steps: int(r, 1, 100) * int(r, 1, 30), num_cycles: int(r, 1, 30) }),
  ],
  'one-cycle': (r) => [
    () =>
      spec('torch.OneCycleLR', {
        max_lr: lr(r),
        total_steps: int(r, 10, 2000),
        pct_start: pick(r, [0.3, 0.25, 0.1 + 0.35 * r()]),
        anneal_strategy: pick(r, ['cos', 'linear']),
        div_factor: logU(r, 2, 100),
        final_div_factor: logU(r, 10, 1e5),
        three_phase: r() < 0.4,
      }),
    () => spec('optax.cosine_onecycle_schedule', { transition_steps: int(r, 10, 2000), peak_value: lr(r), pct_start: 0.1 + 0.5 * r() }),
    () => {
      const T = int(r, 10, 2000);
      const k = int(r, 2, Math.floor(T / 2) - 1);
      return spec('optax.linear_onecycle_schedule', { transition_steps: T, peak_value: lr(r), pct_start: k / T, pct_final: (2 * k + 0.5) / T });
    },
  ],
  'cyclical (CLR)': (r) => [
    () => {
      const base = lr(r);
      return spec('torch.CyclicLR', {
        base_lr: base,
        max_lr: base * (1 + 9 * r()),
        step_size_up: int(r, 1, 500),
        step_size_down: pick(r, [null, int(r, 1, 500)]),
        mode: pick(r, ['triangular', 'triangular2', 'exp_range']),
        gamma: 0.99 + 0.01 * r(),
        scale_fn: pick(r, [null, null, 'lambda x: 0.5 ** x']),
        scale_mode: pick(r, ['cycle', 'iterations']),
      });
    },
  ],
  'reduce on plateau': (r) => [
    () =>
      spec('torch.ReduceLROnPlateau', {
        lr: lr(r),
        mode: pick(r, ['min', 'max']),
        factor: pick(r, [0.1, 0.5, r() * 0.9]),
        patience: int(r, 0, 20),
        threshold: pick(r, [0, 1e-4, 0.01 * r()]),
        threshold_mode: pick(r, ['rel', 'abs']),
        cooldown: pick(r, [0, 0, int(r, 1, 10)]),
        min_lr: pick(r, [0, 1e-5]),
      }),
  ],
  lambda: (r) => [() => spec('torch.LambdaLR', { lr: lr(r), lr_lambda: pick(r, ['lambda epoch: 0.95 ** epoch', 'lambda e: 1 / (1 + e)', 'lambda epoch: 2']) })],
  'multiplicative lambda': (r) => [() => spec('torch.MultiplicativeLR', { lr: lr(r), lr_lambda: pick(r, ['lambda epoch: 0.99', 'lambda e: 1 - 1 / (e + 10)']) })],
  'inverse square root (Noam)': (r) => [() => spec('hf.inverse_sqrt', { lr: lr(r), num_warmup_steps: int(r, 1, 2000) })],
  sequence: (r) => {
    const torchTail = (b: number) =>
      pick(r, [
        { scheduler: 'torch.CosineAnnealingLR', params: { T_max: int(r, 1, 1000), eta_min: pick(r, [0, b * 0.1 * r()]) } },
        { scheduler: 'torch.StepLR', params: { step_size: int(r, 1, 200), gamma: 0.5 + 0.5 * r() } },
        { scheduler: 'torch.ExponentialLR', params: { gamma: 0.99 + 0.01 * r() } },
      ]);
    return [
      () => {
        const [b, W] = [lr(r), int(r, 1, 300)];
        return spec('torch.SequentialLR', {
          lr: b,
          schedulers: [{ scheduler: 'torch.LinearLR', params: { start_factor: 0.01 + 0.99 * r(), end_factor: 1, total_iters: W } }, torchTail(b)],
          milestones: [W],
        });
      },
      () => {
        const [b, W, S] = [lr(r), int(r, 1, 300), int(r, 1, 300)];
        return spec('optax.join_schedules', {
          schedules: [
            { scheduler: 'optax.linear_schedule', params: { init_value: pick(r, [0, b * r()]), end_value: b, transition_steps: W } },
            { scheduler: 'optax.constant_schedule', params: { value: b } },
            { scheduler: 'optax.cosine_decay_schedule', params: { init_value: b, decay_steps: int(r, 1, 1000), alpha: pick(r, [0, 0.2 * r()]) } },
          ],
          boundaries: [W, W + S],
        });
      },
      () =>
        spec('hf.warmup_stable_decay', {
          lr: lr(r),
          num_warmup_steps: pick(r, [0, int(r, 1, 300)]),
          num_decay_steps: int(r, 1, 800),
          num_training_steps: null,
          num_stable_steps: pick(r, [0, int(r, 1, 800)]),
          decay_type: pick(r, ['linear', 'cosine']),
          min_lr_ratio: pick(r, [0, 0.3 * r()]),
        }),
      () => {
        const [b, W] = [lr(r), int(r, 1, 300)];
        return spec('paddle.LinearWarmup', {
          learning_rate: pick(r, [b, { scheduler: 'paddle.StepDecay', params: { learning_rate: b, step_size: int(r, 1, 200), gamma: 0.5 * r() + 0.3 } }]),
          warmup_steps: W,
          start_lr: b * r() * 0.9,
          end_lr: b,
        });
      },
    ];
  },
};

/** A falling loss with plateaus and noise: the metric plateau schedulers are fed. */
function metrics(seed: number, n: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  let level = 1;
  for (let i = 0; i < n; i++) {
    if (r() < 0.05) level *= 0.7 + 0.3 * r();
    out[i] = level * (1 + 0.02 * (r() - 0.5));
  }
  return out;
}
const METRICS = metrics(7, CAP + 1);

const curve = (s: ScheduleSpec, n: number) => evaluate(s, n, getDefinition(s.scheduler)!.metricDriven ? { metrics: METRICS } : {});

/** Every number of the params rounded to float32 (what a float32 framework computes with). */
function f32(v: unknown): unknown {
  if (typeof v === 'number') return Math.fround(v);
  if (Array.isArray(v)) return v.map(f32);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f32(x)]));
  return v;
}
const f32Spec = (s: ScheduleSpec): ScheduleSpec => ({ scheduler: s.scheduler, params: f32(s.params) as Record<string, unknown> });

/**
 * First step in [0, to] (capped) where the curves differ by more than `rel` of their peak, or null.
 * With a float32 member, `timeRel` more: it counts and divides the step in float32, so it evaluates
 * the function at a step off by a few float32 ulps of t: the error is that shift times the slope
 * (the larger neighbouring difference), which matters where the slope is steep (powers below 1 at
 * the end of a polynomial, long cosines at large t). A jump one step off still fails: t·timeRel < 1e-3.
 */
function mismatch(a: ScheduleSpec, b: ScheduleSpec, to: number, rel: number, timeRel = 0): { step: number; detail: string } | null {
  const n = Math.min(to, CAP) + 1;
  // The float32 side's error is relative to its own largest values, which may come after CAP (a long warmup).
  const x = curve(a, timeRel ? Math.min(to, PEAK_STEPS) + 1 : n);
  const y = curve(b, n);
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]));
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(y[i]));
  for (let i = 0; i < n; i++) {
    const slope = Math.max(i > 0 ? Math.abs(x[i] - x[i - 1]) : 0, i + 1 < x.length ? Math.abs(x[i + 1] - x[i]) : 0);
    if (!(Math.abs(x[i] - y[i]) <= rel * peak + timeRel * i * slope)) {
      return { step: i, detail: `${x[i]} vs ${y[i]} (peak ${peak}) ${JSON.stringify(a)} -> ${JSON.stringify(b)}` };
    }
  }
  return null;
}

const isF32 = (id: string) => getDefinition(id)!.precision === 'float32';
/** Value tolerance and step-shift tolerance of a pair (see the top of the file). */
function tolerance(a: string, b: string): [number, number] {
  const n = Number(isF32(a)) + Number(isF32(b));
  return [[1e-9, 4e-7, 8e-7][n], n ? 2 ** -22 : 0];
}

function inside(cls: EquivalenceClass, s: ScheduleSpec): boolean {
  const m = cls.members.find((x) => x.id === s.scheduler);
  return !!m && validateSpec(s) === null && m.toCanonical(resolveSpec(s).params) !== null;
}

/** Configurations of every member: generic random ones inside the class, the seeds, and the seeds translated. */
function pools(cls: EquivalenceClass, seed: number): Map<string, ScheduleSpec[]> {
  const out = new Map(cls.members.map((m) => [m.id, [] as ScheduleSpec[]]));
  const add = (s: ScheduleSpec) => {
    const list = out.get(s.scheduler)!;
    if (list.length < SPECS_PER_MEMBER * 2 && inside(cls, s)) list.push(s);
  };
  cls.members.forEach((m, i) => randomSpecs(m.id, 60, seed + i).slice(0, 40).forEach(add));
  const r = rng(seed);
  const draws = SEEDS[cls.name]?.(r) ?? [];
  for (let k = 0; k < 40; k++) {
    const s = draws[k % draws.length]();
    if (validateSpec(s) !== null) continue;
    add(s);
    for (const m of cls.members) {
      const t = tr(s, m.id);
      if (t) add(t.spec);
    }
  }
  // Interleave the sources so both kinds of configuration are kept.
  for (const [id, list] of out) out.set(id, list.filter((_, i) => i % 2 === 0 || list.length <= SPECS_PER_MEMBER).slice(0, SPECS_PER_MEMBER));
  return out;
}

/**
 * Compares `a` with its translation to `target` as described at the top. `verified`: the curves
 * were compared (a float32 target whose rounded arguments no float64 member takes back is not).
 */
function check(cls: EquivalenceClass, a: ScheduleSpec, target: string): { verified: boolean; failure: string | null } {
  const src = isF32(a.scheduler) ? f32Spec(a) : a;
  const t = tr(src, target);
  if (!t) return { verified: false, failure: null };
  if (validateSpec(t.spec) !== null) return { verified: false, failure: `invalid translation ${JSON.stringify(t.spec)}` };
  let [x, y, to] = [src, t.spec, t.coincide.to];
  if (!isF32(a.scheduler) && isF32(target)) {
    // The float32 target's own arguments, rounded, back to a float64 member (the source first).
    y = f32Spec(t.spec);
    const others = cls.members.map((m) => m.id).filter((id) => id !== a.scheduler && !isF32(id));
    const back = [a.scheduler, ...others].map((id) => tr(y, id)).find((b) => b !== null);
    if (!back) return { verified: false, failure: null };
    [x, to] = [back.spec, Math.min(to, back.coincide.to)];
  }
  const m = mismatch(x, y, to, ...tolerance(a.scheduler, target));
  return { verified: true, failure: m && `step ${m.step} (coincide to ${t.coincide.to}): ${m.detail}` };
}

describe('equivalence classes', () => {
  it('name registered schedulers, at least two per class, each once per class', () => {
    for (const cls of equivalenceClasses) {
      const ids = cls.members.map((m) => m.id);
      expect(ids.length, cls.name).toBeGreaterThanOrEqual(2);
      expect(new Set(ids).size, cls.name).toBe(ids.length);
      for (const id of ids) expect(getDefinition(id), id).toBeDefined();
      expect(SEEDS[cls.name], `draws for ${cls.name}`).toBeDefined();
    }
  });

  equivalenceClasses.forEach((cls, ci) => {
    it(`${cls.name}: every member translates to every other and the curves coincide`, () => {
      const failures: string[] = [];
      const asSource = new Set<string>();
      const asTarget = new Set<string>();
      for (const [id, list] of pools(cls, 1000 + 97 * ci)) {
        for (const a of list) {
          for (const m of cls.members) {
            if (m.id === id) continue;
            const { verified, failure } = check(cls, a, m.id);
            if (failure) failures.push(failure);
            if (verified) {
              asSource.add(id);
              asTarget.add(m.id);
            }
          }
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
      const ids = cls.members.map((m) => m.id);
      expect(ids.filter((id) => !asSource.has(id)), 'members never translated from').toEqual([]);
      expect(ids.filter((id) => !asTarget.has(id)), 'members never translated to').toEqual([]);
    });

    it(`${cls.name}: translations round-trip (A -> B -> A gives A's curve)`, () => {
      const failures: string[] = [];
      for (const [id, list] of pools(cls, 5000 + 31 * ci)) {
        for (const a of list) {
          for (const m of cls.members) {
            const there = m.id !== id ? tr(a, m.id) : null;
            if (!there) continue;
            const back = tr(there.spec, id);
            if (!back) {
              failures.push(`${JSON.stringify(a)} -> ${JSON.stringify(there.spec)} has no way back`);
              continue;
            }
            const bad = mismatch(a, back.spec, Math.min(there.coincide.to, back.coincide.to), ...tolerance(id, id));
            if (bad) failures.push(`step ${bad.step}: ${bad.detail} (via ${m.id})`);
          }
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  });
});

describe('equivalentsOf', () => {
  const ids = [...new Set(equivalenceClasses.flatMap((c) => c.members.map((m) => m.id)))];

  it('is symmetric and lists other frameworks only', () => {
    for (const id of ids) {
      for (const e of equivalentsOf(id)) {
        expect(equivalentsOf(e), `${e} -> ${id}`).toContain(id);
        expect(e.split('.')[0]).not.toBe(id.split('.')[0]);
      }
    }
  });

  it('covers every hand-written equivalents link, or the link is documented as dropped', () => {
    // The links the definitions listed by hand before the classes replaced them (254, kept as a fixture).
    const handWritten = JSON.parse(readFileSync(join(__dirname, '../fixtures/equivalents-before-classes.json'), 'utf8')) as Record<string, string[]>;
    const dropped = (a: string, b: string) => droppedLinks.some((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a));
    const lost: string[] = [];
    for (const [id, links] of Object.entries(handWritten)) {
      for (const e of links) {
        if (!equivalentsOf(id).includes(e) && !dropped(id, e)) lost.push(`${id} -> ${e}`);
      }
    }
    expect(Object.values(handWritten).flat().length).toBe(254);
    expect(lost).toEqual([]);
    for (const l of droppedLinks) expect(l.reason.length, `${l.from} -> ${l.to}`).toBeGreaterThan(10);
  });
});

describe('translateSpec', () => {
  it('returns null outside the class, for invalid specs and for schedulers that share no class', () => {
    // A warmup cosine has no PyTorch CosineAnnealingLR form.
    expect(translateSpec(spec('hf.cosine', { lr: 0.1, num_warmup_steps: 10, num_training_steps: 100 }), 'torch.CosineAnnealingLR')).toBeNull();
    expect(translateSpec(spec('torch.StepLR', { lr: 0.1 }), 'keras.ExponentialDecay')).toBeNull();
    expect(translateSpec(spec('torch.StepLR', { lr: 0.1, step_size: 3 }), 'hf.cosine')).toBeNull();
  });

  it('translates the catalog example: CosineAnnealingLR ≡ Keras CosineDecay with alpha = eta_min/lr on [0, T_max]', () => {
    const t = translateSpec(spec('torch.CosineAnnealingLR', { lr: 0.1, T_max: 50, eta_min: 0.01 }), 'keras.CosineDecay')!;
    expect(t.spec).toEqual(spec('keras.CosineDecay', { initial_learning_rate: 0.1, decay_steps: 50, alpha: 0.01 / 0.1, warmup_target: null, warmup_steps: 0 }));
    expect(t.coincide).toEqual({ from: 0, to: 50 });
    // PyTorch and Paddle are both periodic past T_max: the same curve at every step.
    expect(translateSpec(spec('torch.CosineAnnealingLR', { lr: 0.1, T_max: 50 }), 'paddle.CosineAnnealingDecay')!.coincide.to).toBe(Infinity);
  });
});
