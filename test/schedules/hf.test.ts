import { describe, expect, it } from 'vitest';
import { evaluate, resolveSpec, type ScheduleSpec } from '../../src/schedules';
import { expectClose, paramErrorOf } from './hf-timm-asserts';

const hf = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `hf.${name}`, params });

/**
 * [get_scheduler name, params, [[t, lr(t)], ...]]: lr read from optimizer.param_groups[0] before
 * the t-th scheduler.step(), computed with /usr/bin/python3 by a line-by-line transcription of
 * transformers/optimization.py (the lambdas) run through PyTorch 1.13's real LambdaLR.
 */
const REFERENCE: [string, Record<string, unknown>, [number, number][]][] = [
  ["constant", {"lr": 0.001}, [[0, 0.001], [1, 0.001], [500, 0.001]]],
  ["constant_with_warmup", {"lr": 0.0003, "num_warmup_steps": 7}, [[0, 0.0], [1, 4.285714285714285e-05], [2, 8.57142857142857e-05], [3, 0.00012857142857142855], [4, 0.0001714285714285714], [5, 0.00021428571428571427], [6, 0.0002571428571428571], [7, 0.0003], [8, 0.0003], [100, 0.0003]]],
  ["linear", {"lr": 5e-05, "num_warmup_steps": 10, "num_training_steps": 100}, [[0, 0.0], [1, 5e-06], [5, 2.5e-05], [9, 4.5e-05], [10, 5e-05], [11, 4.9444444444444446e-05], [50, 2.777777777777778e-05], [99, 5.555555555555556e-07], [100, 0.0], [101, 0.0], [150, 0.0]]],
  ["linear", {"lr": 0.1, "num_warmup_steps": 0, "num_training_steps": 3}, [[0, 0.1], [1, 0.06666666666666667], [2, 0.03333333333333333], [3, 0.0], [4, 0.0]]],
  ["cosine", {"lr": 0.001, "num_warmup_steps": 10, "num_training_steps": 110}, [[0, 0.0], [3, 0.0003], [10, 0.001], [11, 0.0009997532801828658], [35, 0.0008535533905932737], [60, 0.0005], [85, 0.00014644660940672628], [109, 2.467198171342e-07], [110, 0.0], [111, 2.467198171342e-07], [150, 0.0003454915028125262], [209, 0.0009997532801828658], [210, 0.001], [211, 0.0009997532801828658]]],
  ["cosine", {"lr": 0.3, "num_warmup_steps": 0, "num_training_steps": 100, "num_cycles": 1.5}, [[0, 0.3], [1, 0.29933429469046197], [33, 7.401594514025999e-05], [50, 0.14999999999999997], [66, 0.29970400926424073], [67, 0.2999259840548597], [99, 0.0006657053095380005], [100, 0.0], [133, 0.2999259840548597]]],
  ["cosine_with_restarts", {"lr": 0.01, "num_warmup_steps": 5, "num_training_steps": 105, "num_cycles": 3}, [[0, 0.0], [4, 0.008], [5, 0.01], [6, 0.0099778098230154], [38, 2.467198171342e-06], [39, 0.009990133642141357], [40, 0.009938441702975689], [71, 9.866357858642205e-06], [72, 0.009997532801828657], [104, 2.2190176984600575e-05], [105, 0.0], [106, 0.0], [300, 0.0]]],
  ["polynomial", {"lr": 0.01, "num_warmup_steps": 10, "num_training_steps": 60, "lr_end": 0.0001, "power": 2.0}, [[0, 0.0], [5, 0.005], [9, 0.009000000000000001], [10, 0.01], [11, 0.009607959999999999], [30, 0.003664], [59, 0.00010396000000000001], [60, 0.0001], [61, 0.0001], [100, 0.0001]]],
  ["polynomial", {"lr": 0.5, "num_warmup_steps": 20, "num_training_steps": 10}, [[0, 0.0], [19, 0.475], [20, 1e-07], [21, 1e-07]]],
  ["polynomial", {"lr": 2e-05, "num_warmup_steps": 0, "num_training_steps": 1000, "power": 0.5}, [[0, 2e-05], [1, 1.9990047511255475e-05], [500, 1.4171424945612297e-05], [999, 7.292932543735078e-07], [1000, 1e-07], [1001, 1e-07]]],
  ["inverse_sqrt", {"lr": 0.002, "num_warmup_steps": 4000}, [[0, 0.0], [1, 5e-07], [3999, 0.0019995], [4000, 0.002], [4001, 0.0019997500468652363], [9000, 0.0013333333333333333], [16000, 0.001], [20000, 0.0008944271909999159]]],
  ["inverse_sqrt", {"lr": 0.1, "num_warmup_steps": 0}, [[0, 0.1], [1, 0.09999500037496878], [9999, 0.07071244595190174], [10000, 0.07071067811865475], [30000, 0.05]]],
  ["inverse_sqrt", {"lr": 0.1, "num_warmup_steps": 100, "timescale": 50}, [[0, 0.0], [99, 0.099], [100, 0.1], [101, 0.09901475429766743], [1000, 0.022941573387056175]]],
  ["cosine_with_min_lr", {"lr": 0.001, "num_warmup_steps": 10, "num_training_steps": 110, "min_lr": 1e-05, "min_lr_rate": null}, [[0, 0.0], [9, 0.0009000000000000001], [10, 0.001], [11, 0.0009997557473810372], [60, 0.000505], [109, 1.024425261896286e-05], [110, 1e-05], [111, 1.024425261896286e-05], [200, 0.0009757729755661011], [210, 0.001]]],
  ["cosine_with_min_lr", {"lr": 0.05, "num_warmup_steps": 0, "num_training_steps": 50, "min_lr_rate": 0.1, "num_cycles": 0.25}, [[0, 0.05], [1, 0.049988897608228965], [25, 0.04340990257669732], [49, 0.028206742079257885], [50, 0.027500000000000004], [51, 0.026793257920742115], [100, 0.005000000000000001]]],
  ["warmup_stable_decay", {"lr": 0.001, "num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 100}, [[0, 0.0], [5, 0.0005], [9, 0.0009000000000000001], [10, 0.001], [69, 0.001], [70, 0.001], [71, 0.001], [80, 0.001], [89, 0.0005782172325201155], [90, 0.0005], [91, 0.0004217827674798845], [150, 0.0]]],
  ["warmup_stable_decay", {"lr": 0.02, "num_warmup_steps": 8, "num_decay_steps": 16, "num_training_steps": null, "num_stable_steps": 30, "warmup_type": "cosine", "decay_type": "1-sqrt", "min_lr_ratio": 0.1}, [[0, 0.002], [1, 0.0026850842073984195], [4, 0.011], [7, 0.01931491579260158], [8, 0.02], [37, 0.02], [38, 0.02], [39, 0.015500000000000002], [46, 0.007272077938642143], [53, 0.0025715749420666236], [54, 0.002], [55, 0.002], [80, 0.002]]],
  ["warmup_stable_decay", {"lr": 0.02, "num_warmup_steps": 8, "num_decay_steps": 16, "num_training_steps": 40, "num_stable_steps": 2, "warmup_type": "1-sqrt", "decay_type": "linear", "min_lr_ratio": 0.05, "num_cycles": 3.0}, [[0, 0.001], [3, 0.004979181114200197], [7, 0.013282485578727798], [8, 0.02], [9, 0.02], [10, 0.02], [11, 0.018812500000000003], [17, 0.0116875], [25, 0.0021875], [26, 0.001], [27, 0.001]]],
  ["warmup_stable_decay", {"lr": 0.02, "num_warmup_steps": 4, "num_decay_steps": 10, "num_training_steps": 30, "num_cycles": 1.0}, [[0, 0.0], [4, 0.02], [15, 0.02], [16, 0.02], [20, 0.02], [21, 0.018090169943749474], [25, 0.0], [26, 0.0019098300562505244], [40, 0.0]]],
];

describe('hf schedules against transformers (transcribed) + torch LambdaLR', () => {
  it.each(REFERENCE.map((r, i) => [`${i}: ${r[0]} ${JSON.stringify(r[1])}`, ...r] as const))('%s', (_label, name, params, points) => {
    const n = points[points.length - 1][0] + 1;
    const lrs = evaluate(hf(name, params), n);
    let exact = 0;
    for (const [t, want] of points) {
      expectClose(lrs[t], want, 1e-13, `t=${t}`);
      if (Object.is(lrs[t], want)) exact++;
    }
    // Most points are bit-identical; the rest differ by the last bit of a libm cosine at most.
    expect(exact).toBeGreaterThanOrEqual(Math.ceil(points.length / 2));
  });

  it('linear, constant_with_warmup, inverse_sqrt and polynomial with power 1 are bit-exact at every step', () => {
    // No transcendental function involved (sqrt is correctly rounded in both).
    const lin = evaluate(hf('linear', { lr: 5e-5, num_warmup_steps: 10, num_training_steps: 100 }), 150);
    for (let t = 0; t < 150; t++) {
      const lam = t < 10 ? t / 10 : Math.max(0, (100 - t) / 90);
      expect(lin[t]).toBe(5e-5 * lam);
    }
    const inv = evaluate(hf('inverse_sqrt', { lr: 0.002, num_warmup_steps: 4000 }), 20001);
    expect(inv[16000]).toBe(0.001);
    expect(inv[4000]).toBe(0.002);
  });
});

describe('hf edge behaviour', () => {
  it('warmups start at lr 0 and reach lr at t = W; W = 0 is safe', () => {
    for (const name of ['constant_with_warmup', 'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'inverse_sqrt']) {
      const T = name === 'constant_with_warmup' || name === 'inverse_sqrt' ? {} : { num_training_steps: 20 };
      const lrs = evaluate(hf(name, { lr: 0.01, num_warmup_steps: 4, ...T }), 6);
      expect(lrs[0], name).toBe(0);
      expect(lrs[2], name).toBe(0.01 * 0.5);
      expect(lrs[4], name).toBe(0.01);
      const noWarmup = evaluate(hf(name, { lr: 0.01, num_warmup_steps: 0, ...T }), 1);
      expect(noWarmup[0], name).toBe(0.01);
    }
  });

  it('cosine rises again after T (not clamped); cosine_with_restarts stays at 0; linear clamps at 0', () => {
    const p = { lr: 1, num_warmup_steps: 0, num_training_steps: 10 };
    const cos = evaluate(hf('cosine', p), 21);
    expect(cos[10]).toBe(0);
    expect(cos[15]).toBeCloseTo(0.5, 15);
    expect(cos[20]).toBe(1);
    const hard = evaluate(hf('cosine_with_restarts', p), 30);
    expect([...hard.slice(10)]).toEqual(new Array(20).fill(0));
    const lin = evaluate(hf('linear', p), 30);
    expect([...lin.slice(10)]).toEqual(new Array(20).fill(0));
  });

  it('polynomial holds lr_end after T', () => {
    const lrs = evaluate(hf('polynomial', { lr: 0.01, num_warmup_steps: 0, num_training_steps: 5, lr_end: 0.001 }), 10);
    for (let t = 6; t < 10; t++) expect(lrs[t]).toBe(0.01 * (0.001 / 0.01));
    // A negative power raises ZeroDivisionError at t = T (0.0 ** -1), as in Python.
    expect(() => evaluate(hf('polynomial', { lr: 0.01, num_warmup_steps: 0, num_training_steps: 5, power: -1 }), 10)).toThrow(
      /at step 5: ZeroDivisionError/,
    );
  });

  it('warmup_stable_decay: min_lr_ratio start and floor, stable phase from num_stable_steps over num_training_steps', () => {
    const base = { lr: 0.1, num_warmup_steps: 5, num_decay_steps: 5, min_lr_ratio: 0.2 };
    const a = evaluate(hf('warmup_stable_decay', { ...base, num_training_steps: 20 }), 30);
    expect(a[0]).toBe(0.1 * 0.2);
    // S = T - W - D = 10: stable for 5 <= t < 15, decay for 15 <= t < 20, the floor from 20 on.
    expect([...a.slice(5, 16)]).toEqual(new Array(11).fill(0.1));
    expect(a[16]).toBeLessThan(0.1);
    expect([...a.slice(20)]).toEqual(new Array(10).fill(0.1 * 0.2));
    // Both given: num_stable_steps wins.
    const b = evaluate(hf('warmup_stable_decay', { ...base, num_training_steps: 20, num_stable_steps: 2 }), 30);
    expect(b[6]).toBe(0.1);
    expect(b[7]).toBe(0.1);
    expect(b[8]).toBeLessThan(0.1);
    expect(b[11]).toBeGreaterThan(0.1 * 0.2);
    expect(b[12]).toBe(0.1 * 0.2);
    const c = evaluate(hf('warmup_stable_decay', { ...base, num_training_steps: null, num_stable_steps: 2 }), 30);
    expect([...c]).toEqual([...b]);
  });

  it('cosine_with_min_lr: min_lr is converted to min_lr / lr', () => {
    const p = { lr: 0.02, num_warmup_steps: 0, num_training_steps: 10 };
    const a = evaluate(hf('cosine_with_min_lr', { ...p, min_lr: 0.002, min_lr_rate: null }), 12);
    const b = evaluate(hf('cosine_with_min_lr', { ...p, min_lr_rate: 0.002 / 0.02 }), 12);
    expect([...a]).toEqual([...b]);
    expect(a[10]).toBeCloseTo(0.002, 17);
  });
});

describe('hf validation (transformers rules)', () => {
  it('requires num_warmup_steps and num_training_steps where get_scheduler does', () => {
    expect(paramErrorOf(hf('linear', { num_training_steps: 10 })).param).toBe('num_warmup_steps');
    expect(paramErrorOf(hf('cosine', { num_warmup_steps: 0 })).param).toBe('num_training_steps');
    expect(() => resolveSpec(hf('constant', {}))).not.toThrow();
    expect(() => resolveSpec(hf('inverse_sqrt', { num_warmup_steps: 10 }))).not.toThrow();
    expect(paramErrorOf(hf('constant', { num_warmup_steps: 10 })).message).toMatch(/not an argument/);
  });

  it('polynomial: lr must exceed lr_end; T == W is rejected', () => {
    const e = paramErrorOf(hf('polynomial', { lr: 1e-7, num_warmup_steps: 0, num_training_steps: 10 }));
    expect(e.param).toBe('lr_end');
    expect(e.reason).toMatch(/smaller than the initial lr/);
    const z = paramErrorOf(hf('polynomial', { lr: 0.1, num_warmup_steps: 10, num_training_steps: 10 }));
    expect(z.param).toBe('num_training_steps');
    expect(z.reason).toMatch(/ZeroDivisionError/);
    expect(() => resolveSpec(hf('polynomial', { lr: 0.1, num_warmup_steps: 20, num_training_steps: 10 }))).not.toThrow();
  });

  it('cosine_with_min_lr: exactly one of min_lr and min_lr_rate', () => {
    const p = { lr: 0.1, num_warmup_steps: 0, num_training_steps: 10 };
    expect(paramErrorOf(hf('cosine_with_min_lr', { ...p, min_lr: 0.01, min_lr_rate: 0.1 })).reason).toMatch(/only one/);
    expect(paramErrorOf(hf('cosine_with_min_lr', { ...p, min_lr_rate: null })).reason).toMatch(/set one of/);
    expect(paramErrorOf(hf('cosine_with_min_lr', { ...p, lr: 0, min_lr: 0.01, min_lr_rate: null })).param).toBe('lr');
  });

  it('warmup_stable_decay: one of num_training_steps / num_stable_steps; shapes are an enum', () => {
    const p = { num_warmup_steps: 1, num_decay_steps: 1 };
    expect(paramErrorOf(hf('warmup_stable_decay', { ...p, num_training_steps: null })).param).toBe('num_training_steps');
    const e = paramErrorOf(hf('warmup_stable_decay', { ...p, num_training_steps: 10, decay_type: 'exp' }));
    expect(e.param).toBe('decay_type');
    expect(e.reason).toMatch(/'linear', 'cosine', '1-sqrt'/);
  });

  it('reduce_lr_on_plateau: torch rules (factor < 1, enums)', () => {
    expect(paramErrorOf(hf('reduce_lr_on_plateau', { factor: 1 })).param).toBe('factor');
    expect(paramErrorOf(hf('reduce_lr_on_plateau', { mode: 'up' })).param).toBe('mode');
    expect(() => evaluate(hf('reduce_lr_on_plateau', {}), 3)).toThrow(/metric/);
  });
});

describe('hf equivalences (catalog H)', () => {
  it('H10: cosine with W = 0 equals torch CosineAnnealingLR for t <= T (1e-12)', () => {
    for (const T of [1, 7, 100, 1000]) {
      const a = evaluate(hf('cosine', { lr: 0.05, num_warmup_steps: 0, num_training_steps: T }), T + 1);
      const b = evaluate({ scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.05, T_max: T } }, T + 1);
      for (let t = 0; t <= T; t++) {
        expect(Math.abs(a[t] - b[t]) <= 1e-12 * 0.05, `T=${T} t=${t}: ${a[t]} vs ${b[t]}`).toBe(true);
      }
    }
  });

  it('H16: inverse_sqrt(W) equals paddle NoamDecay(d_model, W, learning_rate=β) with lr = β (d·W)^-1/2', () => {
    const d = 512;
    const W = 4000;
    const beta = 2;
    const lr = beta * Math.pow(d * W, -0.5);
    const a = evaluate(hf('inverse_sqrt', { lr, num_warmup_steps: W }), 3 * W);
    const b = evaluate({ scheduler: 'paddle.NoamDecay', params: { d_model: d, warmup_steps: W, learning_rate: beta } }, 3 * W);
    expect(a[0]).toBe(0);
    expect(b[0]).toBe(0);
    for (let t = 1; t < 3 * W; t++) expectClose(a[t], b[t], 1e-12, `t=${t}`);
  });

  it('H18: reduce_lr_on_plateau is torch ReduceLROnPlateau, value for value', () => {
    const metrics = Array.from({ length: 80 }, (_, i) => 1 / (1 + Math.min(i, 20)) + (i % 7) * 1e-3);
    const params = { lr: 0.1, factor: 0.5, patience: 2, cooldown: 1, threshold: 1e-3, min_lr: 1e-3 };
    const a = evaluate(hf('reduce_lr_on_plateau', params), 80, { metrics });
    const b = evaluate({ scheduler: 'torch.ReduceLROnPlateau', params }, 80, { metrics });
    expect([...a]).toEqual([...b]);
    expect(a[79]).toBeLessThan(0.1); // it did reduce
  });

  it('H18: reduce_lr_on_plateau against PyTorch 1.13 (transcribed run)', () => {
    // torch.optim.lr_scheduler.ReduceLROnPlateau(AdamW(lr=0.1), mode='max', factor=0.5, patience=1,
    // threshold_mode='abs', threshold=0.01, cooldown=2, min_lr=0.02), stepped with these metrics.
    const metrics = [0.1, 0.2, 0.205, 0.21, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3];
    const params = { lr: 0.1, mode: 'max', factor: 0.5, patience: 1, threshold_mode: 'abs', threshold: 0.01, cooldown: 2, min_lr: 0.02 };
    const lrs = evaluate(hf('reduce_lr_on_plateau', params), metrics.length, { metrics });
    expect([...lrs]).toEqual(PLATEAU_TORCH);
  });
});

const PLATEAU_TORCH = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02];
