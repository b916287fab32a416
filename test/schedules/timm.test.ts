import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, resolveSpec, ScheduleStepError, type ScheduleSpec } from '../../src/schedules';
import { expectClose, paramErrorOf } from './hf-timm-asserts';

const timm = (name: string, params: Record<string, unknown>): ScheduleSpec => ({ scheduler: `timm.${name}`, params });

/**
 * [scheduler, params, [[t, lr], ...]]: the lr step_update(t) sets, computed with /usr/bin/python3 by
 * the line-by-line transcription of timm/scheduler/*.py in tools/gen_rng_fixtures.py (timm is not
 * installed; the transcription follows timm's source, torch 1.13 for the RNG and ReduceLROnPlateau).
 */
const REFERENCE: [string, Record<string, unknown>, [number, number][]][] = [
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 10}, [[0, 0.1], [1, 0.09755282581475769], [2, 0.09045084971874738], [3, 0.07938926261462366], [4, 0.06545084971874737], [5, 0.05], [6, 0.03454915028125263], [7, 0.02061073738537635], [8, 0.009549150281252633], [9, 0.0024471741852423235], [10, 0.0], [11, 0.0], [12, 0.0]]],
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 20, "warmup_t": 5, "warmup_lr_init": 0.0001, "lr_min": 0.001}, [[0, 0.0001], [1, 0.02008], [2, 0.040060000000000005], [3, 0.06004000000000001], [4, 0.08002000000000001], [5, 0.0855017856687341], [6, 0.07959536998847742], [7, 0.07297252973710756], [19, 0.001609427140540686], [20, 0.001], [21, 0.001]]],
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 20, "warmup_t": 5, "warmup_lr_init": 0.0001, "lr_min": 0.001, "warmup_prefix": true}, [[0, 0.0001], [1, 0.02008], [2, 0.040060000000000005], [3, 0.06004000000000001], [4, 0.08002000000000001], [5, 0.1], [6, 0.09939057285945932], [7, 0.09757729755661011], [24, 0.001609427140540686], [25, 0.001], [26, 0.001]]],
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 5, "cycle_mul": 2.0, "cycle_decay": 0.5, "cycle_limit": 3, "lr_min": 0.001}, [[0, 0.1], [1, 0.0905463412215599], [2, 0.0657963412215599], [3, 0.03520365877844011], [4, 0.010453658778440109], [5, 0.05], [6, 0.04880088464923127], [7, 0.045320916362186214], [8, 0.039900738681165594], [9, 0.03307091636218622], [10, 0.025500000000000002], [11, 0.017929083637813793], [12, 0.011099261318834413], [13, 0.00567908363781379], [14, 0.0021991153507687385], [15, 0.025], [16, 0.024852260087141656], [17, 0.024412678195541847], [18, 0.023692078290260415], [19, 0.02270820393249937], [20, 0.02148528137423857], [21, 0.02005342302750968], [22, 0.018447885996874563], [23, 0.01670820393249937], [24, 0.014877213580482773], [25, 0.013000000000000001], [26, 0.011122786419517233], [27, 0.009291796067500632], [28, 0.0075521140031254395], [29, 0.005946576972490324], [30, 0.0045147186257614305], [31, 0.003291796067500632], [32, 0.0023079217097395867], [33, 0.0015873218044581577], [34, 0.001147739912858348], [35, 0.001], [36, 0.001], [37, 0.001], [38, 0.001], [39, 0.001]]],
  ["timm.CosineLRScheduler", {"lr": 1.0, "t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 10}, [[0, 1.0], [1, 1.0], [2, 0.75], [3, 0.2500000000000001], [4, 1.0], [5, 0.9698463103929542], [12, 0.03015368960704584], [13, 1.0], [14, 0.9966191788709715], [39, 0.0033808211290284884], [40, 1.0], [41, 0.9996239762521151], [120, 0.0003760237478849793], [121, 0.0], [122, 0.9999582149277186], [364, 1.0], [365, 0.9999953571567085]]],
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 10, "k_decay": 2.0, "cycle_limit": 2}, [[0, 0.1], [1, 0.09997532801828658], [2, 0.0996057350657239], [3, 0.09801468428384716], [4, 0.09381533400219318], [5, 0.08535533905932738], [6, 0.07128896457825364], [7, 0.05157053795390642], [8, 0.02871103542174637], [9, 0.008645971286271915], [10, 0.1], [11, 0.09997532801828658], [12, 0.0996057350657239], [13, 0.09801468428384716], [14, 0.09381533400219318], [15, 0.08535533905932738], [16, 0.07128896457825364], [17, 0.05157053795390642], [18, 0.02871103542174637], [19, 0.008645971286271915], [20, 0.0], [21, 0.0]]],
  ["timm.CosineLRScheduler", {"lr": 0.1, "t_initial": 10, "cycle_limit": 0, "lr_min": 0.003}, [[0, 0.003], [5, 0.003], [10, 0.003]]],
  ["timm.TanhLRScheduler", {"lr": 0.1, "t_initial": 20}, [[0, 0.09999991684719724], [1, 0.0999997739675702], [10, 0.09820137900379085], [19, 0.0006692850924284844], [20, 0.0], [21, 0.0]]],
  ["timm.TanhLRScheduler", {"lr": 0.1, "t_initial": 20, "warmup_t": 5, "lr_min": 0.01}, [[0, 0.0], [1, 0.019997778897632247], [2, 0.039995557795264494], [3, 0.05999333669289674], [4, 0.07999111559052899], [5, 0.09998889448816124], [6, 0.09996981848825802], [7, 0.09991800539250395], [19, 0.010602356583185635], [20, 0.01]]],
  ["timm.TanhLRScheduler", {"lr": 0.1, "t_initial": 20, "warmup_t": 5, "warmup_prefix": true, "warmup_lr_init": 0.001}, [[0, 0.001], [1, 0.020800000000000003], [2, 0.040600000000000004], [3, 0.06040000000000001], [4, 0.08020000000000001], [5, 0.09999991684719724], [6, 0.0999997739675702], [7, 0.09999938558253979], [24, 0.0006692850924284844], [25, 0.0]]],
  ["timm.TanhLRScheduler", {"lr": 0.1, "t_initial": 4, "lb": -5.0, "ub": 5.0, "cycle_mul": 1.5, "cycle_decay": 0.9, "cycle_limit": 4, "lr_min": 0.001}, [[0, 0.09999550561099846], [1, 0.09933740775849581], [2, 0.0505], [3, 0.0016625922415041995], [4, 0.08999595958968548], [5, 0.08988687955258577], [6, 0.08693437758570723], [7, 0.045500000000000006], [8, 0.0040656224142928], [9, 0.00111312044741424], [10, 0.08099636817050382], [11, 0.08096649866524447], [12, 0.0806919174115256], [13, 0.07824438434670312], [14, 0.06118689590887427], [15, 0.02081310409112574], [16, 0.0037556156532968996], [17, 0.001308082588474421], [18, 0.001033501334755548], [19, 0.07289673589324029], [20, 0.07288564191339415], [21, 0.07283687504553911], [22, 0.07262311077360863], [23, 0.07169757872737449], [24, 0.06789456123480618], [25, 0.05509297269810075], [26, 0.03036766501136177], [27, 0.0107536387163502], [28, 0.003476609568400588], [29, 0.0015783277239203842], [30, 0.0011322764201868005], [31, 0.0010301093246115488]]],
  ["timm.StepLRScheduler", {"lr": 0.1, "decay_t": 3, "decay_rate": 0.5, "warmup_t": 2, "warmup_lr_init": 0.01}, [[0, 0.01], [1, 0.05500000000000001], [2, 0.1], [3, 0.1], [4, 0.1], [5, 0.05], [6, 0.05], [7, 0.05], [8, 0.025], [9, 0.025], [10, 0.025], [11, 0.0125], [12, 0.0125]]],
  ["timm.StepLRScheduler", {"lr": 0.1, "decay_t": 2.5, "decay_rate": 0.1, "warmup_t": 3, "warmup_prefix": false}, [[0, 0.0], [1, 0.03333333333333333], [2, 0.06666666666666667], [3, 0.010000000000000002], [4, 0.010000000000000002], [5, 0.0010000000000000002], [6, 0.0010000000000000002], [7, 0.0010000000000000002], [8, 0.00010000000000000003], [9, 0.00010000000000000003], [10, 1.0000000000000003e-05]]],
  ["timm.MultiStepLRScheduler", {"lr": 0.1, "decay_t": [3, 6, 6, 9], "decay_rate": 0.5}, [[0, 0.1], [1, 0.1], [2, 0.05], [3, 0.05], [4, 0.05], [5, 0.0125], [6, 0.0125], [7, 0.0125], [8, 0.00625], [9, 0.00625], [10, 0.00625], [11, 0.00625]]],
  ["timm.MultiStepLRScheduler", {"lr": 0.1, "decay_t": [3, 6], "decay_rate": 0.1, "warmup_t": 2, "warmup_lr_init": 0.0}, [[0, 0.0], [1, 0.05], [2, 0.1], [3, 0.1], [4, 0.010000000000000002], [5, 0.010000000000000002], [6, 0.010000000000000002], [7, 0.0010000000000000002], [8, 0.0010000000000000002], [9, 0.0010000000000000002]]],
  ["timm.PolyLRScheduler", {"lr": 0.1, "t_initial": 10, "power": 2.0, "lr_min": 0.01}, [[0, 0.1], [1, 0.0829], [2, 0.06760000000000002], [3, 0.0541], [4, 0.04240000000000001], [5, 0.0325], [6, 0.024400000000000005], [7, 0.018100000000000005], [8, 0.0136], [9, 0.0109], [10, 0.01], [11, 0.01], [12, 0.01]]],
  ["timm.PolyLRScheduler", {"lr": 0.1, "t_initial": 4, "cycle_mul": 1.5, "cycle_limit": 3, "k_decay": 0.5, "cycle_decay": 0.8}, [[0, 0.1], [1, 0.07071067811865477], [2, 0.05411961001461969], [3, 0.03660254037844387], [4, 0.08000000000000002], [5, 0.06154031963705808], [6, 0.05200921338749891], [7, 0.04329568801169576], [8, 0.03426983924769057], [9, 0.023614107081959025], [10, 0.06400000000000002], [11, 0.05225578117937448], [12, 0.04653092609050388], [13, 0.041607370709999134], [14, 0.036950417228136065], [15, 0.032295848877530495], [16, 0.027415871398152474], [17, 0.02199244286779315], [18, 0.015305363951238406], [19, 0.0], [20, 0.0], [21, 0.0]]],
  ["timm.PolyLRScheduler", {"lr": 0.1, "t_initial": 8, "warmup_t": 3, "warmup_lr_init": 0.02}, [[0, 0.02], [1, 0.04666666666666667], [2, 0.07333333333333333], [3, 0.0790569415042095], [4, 0.07071067811865477], [5, 0.06123724356957945], [6, 0.05], [7, 0.03535533905932738], [8, 0.0], [9, 0.0]]],
];

/** [params, metrics, lrs]: PlateauLRScheduler driven like train.py (construction, then step(i + 1, metrics[i])). */
const PLATEAU: [Record<string, unknown>, number[], number[]][] = [
  [{"lr": 0.1, "patience_t": 2}, [0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.31, 0.32, 0.32, 0.32, 0.32, 0.32, 0.32, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003]],
  [{"lr": 0.1, "patience_t": 2, "mode": "min"}, [0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.31, 0.32, 0.32, 0.32, 0.32, 0.32, 0.32, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003, 0.00010000000000000003, 0.00010000000000000003, 1.0000000000000004e-05, 1.0000000000000004e-05, 1.0000000000000004e-05, 1.0000000000000004e-06, 1.0000000000000004e-06, 1.0000000000000004e-06, 1.0000000000000005e-07]],
  [{"lr": 0.1, "patience_t": 1, "mode": "min", "warmup_t": 3, "warmup_lr_init": 0.01, "decay_rate": 0.5, "cooldown_t": 1, "lr_min": 0.02}, [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], [0.01, 0.04, 0.07, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]],
];

interface NoiseFixture {
  schedules: { spec: ScheduleSpec; steps: number; metrics: number[] | null; lrs: number[] }[];
}
const noiseFixture = JSON.parse(
  readFileSync(new URL('../fixtures/rng/timm_noise.json', import.meta.url), 'utf8'),
) as NoiseFixture;

describe('timm schedulers against the timm transcription', () => {
  it.each(REFERENCE.map((r, i) => [`${i}: ${r[0]} ${JSON.stringify(r[1])}`, ...r] as const))('%s', (_label, id, params, points) => {
    const n = points[points.length - 1][0] + 1;
    const lrs = evaluate({ scheduler: id, params }, n);
    for (const [t, want] of points) expectClose(lrs[t], want, 1e-13, `t=${t}`);
  });

  it.each(PLATEAU.map((r, i) => [`${i}: ${JSON.stringify(r[0])}`, ...r] as const))('PlateauLRScheduler %s', (_l, params, metrics, want) => {
    const lrs = evaluate(timm('PlateauLRScheduler', params), metrics.length, { metrics });
    expect([...lrs]).toEqual(want);
  });

  it('noisy schedules match timm + real torch RNG (fixture) step for step', () => {
    expect(noiseFixture.schedules.length).toBeGreaterThanOrEqual(8);
    for (const s of noiseFixture.schedules) {
      const lrs = evaluate(s.spec, s.steps, s.metrics ? { metrics: s.metrics } : {});
      let noisy = 0;
      s.lrs.forEach((want, t) => expectClose(lrs[t], want, 1e-13, `${s.spec.scheduler} t=${t}`));
      // The noise really is on: the values differ from the same schedule without noise.
      const clean = evaluate({ ...s.spec, params: { ...s.spec.params, noise_range_t: null } }, s.steps, s.metrics ? { metrics: s.metrics } : {});
      for (let t = 0; t < s.steps; t++) if (clean[t] !== lrs[t]) noisy++;
      expect(noisy, s.spec.scheduler).toBeGreaterThan(5);
    }
  });
});

describe('timm behaviour', () => {
  it("cycle_mul 3 at the exact restart t = 121: CPython's math.log(243, 3) = 4.999999999999999 keeps it in cycle 4", () => {
    const lrs = evaluate(timm('CosineLRScheduler', { lr: 1, t_initial: 1, cycle_mul: 3, cycle_limit: 10 }), 400);
    expect(lrs[121]).toBe(0); // t_curr = t_i: the end of cycle 4, not the start of cycle 5
    expect(lrs[122]).toBeGreaterThan(0.9999);
    // Boundaries where log is exact restart at lr.
    expect(lrs[4]).toBe(1);
    expect(lrs[13]).toBe(1);
    expect(lrs[40]).toBe(1);
    expect(lrs[364]).toBe(1);
  });

  it('warmup: overlay (default) replaces the first warmup_t steps; prefix shifts the schedule', () => {
    const base = { lr: 0.1, t_initial: 20, warmup_t: 5, warmup_lr_init: 0.01 };
    const overlay = evaluate(timm('CosineLRScheduler', base), 30);
    const prefix = evaluate(timm('CosineLRScheduler', { ...base, warmup_prefix: true }), 30);
    const plain = evaluate(timm('CosineLRScheduler', { lr: 0.1, t_initial: 20 }), 30);
    for (let t = 0; t < 5; t++) {
      expect(overlay[t]).toBe(0.01 + t * ((0.1 - 0.01) / 5));
      expect(prefix[t]).toBe(overlay[t]);
    }
    for (let t = 5; t < 30; t++) {
      expect(overlay[t]).toBe(plain[t]);
      expect(prefix[t]).toBe(plain[t - 5]);
    }
    expect(prefix[5]).toBe(0.1);
    expect(overlay[5]).toBeLessThan(0.1);
  });

  it('cycle_limit: lr_min once the cycles are used up, also with cycle_mul', () => {
    const a = evaluate(timm('CosineLRScheduler', { lr: 0.1, t_initial: 5, cycle_limit: 2, lr_min: 0.004 }), 30);
    expect(a[5]).toBe(0.1);
    expect([...a.slice(10)]).toEqual(new Array(20).fill(0.004));
    const b = evaluate(timm('PolyLRScheduler', { lr: 0.1, t_initial: 2, cycle_mul: 2, cycle_limit: 3, lr_min: 0.004 }), 30);
    expect(b[13]).toBeGreaterThan(0.004); // cycles of 2, 4, 8: the last ends at t = 14
    expect([...b.slice(14)]).toEqual(new Array(16).fill(0.004));
  });

  it('k_decay changes the shape but not the end points', () => {
    const k1 = evaluate(timm('CosineLRScheduler', { lr: 1, t_initial: 10 }), 11);
    const k2 = evaluate(timm('CosineLRScheduler', { lr: 1, t_initial: 10, k_decay: 2 }), 11);
    expect(k2[0]).toBe(1);
    expect(k2[10]).toBe(0);
    for (let t = 1; t < 10; t++) expect(k2[t]).toBeGreaterThan(k1[t]); // t^2/T^2 < t/T: decays later
    expectClose(k2[5], 0.5 * (1 + Math.cos((Math.PI * 25) / 100)), 1e-15, 'k=2 t=5');
  });

  it('MultiStepLRScheduler decays one step before each milestone (bisect_right(decay_t, t + 1))', () => {
    const lrs = evaluate(timm('MultiStepLRScheduler', { lr: 1, decay_t: [5, 8], decay_rate: 0.5 }), 10);
    expect([...lrs]).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it('StepLRScheduler is lr·rate^(t // decay_t), fractional decay_t floor-divides', () => {
    const lrs = evaluate(timm('StepLRScheduler', { lr: 1, decay_t: 2.5, decay_rate: 0.5 }), 8);
    expect([...lrs]).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it("PlateauLRScheduler: mode defaults to 'max' and warmup epochs (inclusive) ignore the metric", () => {
    const metrics = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.04, 0.03, 0.02];
    const lrs = evaluate(timm('PlateauLRScheduler', { lr: 1, patience_t: 1 }), metrics.length, { metrics });
    // A falling metric is bad under 'max': reductions after every patience + 1 bad epochs.
    expect([...lrs.slice(0, 6)]).toEqual([1, 1, 1, 0.1, 0.1, 0.010000000000000002]);
    const warm = evaluate(timm('PlateauLRScheduler', { lr: 1, patience_t: 0, mode: 'min', warmup_t: 2, warmup_lr_init: 0.5 }), 5, {
      metrics: [9, 9, 9, 9, 9],
    });
    // Constructed at 0.5; step(1) and step(2) are warmup (2 inclusive); step(3) is the first plateau step:
    // best = 9 (improves on inf), step(4) is bad and patience 0 reduces.
    expect([...warm]).toEqual([0.5, 0.75, 1, 1, 0.1]);
  });

  it('cycle_mul < 1 runs out of cycles: Python raises ValueError (math domain error) there', () => {
    // t_initial 10, cycle_mul 0.5: the cycles sum to 20; at t = 20 log(0) is a domain error.
    const spec = timm('CosineLRScheduler', { lr: 0.1, t_initial: 10, cycle_mul: 0.5, cycle_limit: 100 });
    expect(evaluate(spec, 20).length).toBe(20);
    try {
      evaluate(spec, 25);
      throw new Error('expected a ScheduleStepError');
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleStepError);
      expect((e as ScheduleStepError).step).toBe(20);
      expect((e as ScheduleStepError).message).toMatch(/ValueError/);
      expect((e as ScheduleStepError).partial.length).toBe(20);
    }
  });

  it('noise_range_t takes a number (t >= n) or [lo, hi] (lo <= t < hi)', () => {
    const base = { lr: 0.1, t_initial: 50, noise_pct: 0.5 };
    const clean = evaluate(timm('CosineLRScheduler', base), 50);
    const num = evaluate(timm('CosineLRScheduler', { ...base, noise_range_t: 30 }), 50);
    const range = evaluate(timm('CosineLRScheduler', { ...base, noise_range_t: [10, 20] }), 50);
    for (let t = 0; t < 50; t++) {
      expect(num[t] !== clean[t], `number form t=${t}`).toBe(t >= 30);
      expect(range[t] !== clean[t], `range form t=${t}`).toBe(t >= 10 && t < 20);
      if (t >= 30) expect(Math.abs(num[t] / clean[t] - 1)).toBeLessThan(0.5);
    }
  });
});

/** A spec with the required lr filled in. */
const withLr = (name: string, params: Record<string, unknown>): ScheduleSpec => timm(name, { lr: 0.1, ...params });

describe('timm validation', () => {
  it('asserts of the classes', () => {
    expect(paramErrorOf(withLr('CosineLRScheduler', { t_initial: 0 })).param).toBe('t_initial');
    expect(paramErrorOf(withLr('CosineLRScheduler', { t_initial: 10, lr_min: -1 })).param).toBe('lr_min');
    const e = paramErrorOf(withLr('TanhLRScheduler', { t_initial: 10, lb: 3, ub: 3 }));
    expect(e.param).toBe('lb');
    expect(e.reason).toMatch(/less than ub/);
    expect(paramErrorOf(withLr('PlateauLRScheduler', { decay_rate: 1 })).param).toBe('decay_rate');
    expect(paramErrorOf(withLr('CosineLRScheduler', { t_initial: 10, cycle_mul: 0 })).param).toBe('cycle_mul');
    expect(paramErrorOf(withLr('StepLRScheduler', { decay_t: 0 })).param).toBe('decay_t');
    expect(paramErrorOf(withLr('MultiStepLRScheduler', { decay_t: [5, 3] })).param).toBe('decay_t');
    expect(paramErrorOf(withLr('PlateauLRScheduler', { mode: 'up' })).param).toBe('mode');
  });

  it('noise arguments', () => {
    expect(paramErrorOf(withLr('CosineLRScheduler', { t_initial: 10, noise_range_t: [5] })).param).toBe('noise_range_t');
    expect(paramErrorOf(withLr('CosineLRScheduler', { t_initial: 10, noise_range_t: 'x' })).reason).toMatch(/number or a list/);
    const e = paramErrorOf(withLr('CosineLRScheduler', { t_initial: 10, noise_range_t: 0, noise_pct: 0 }));
    expect(e.param).toBe('noise_pct');
    // Uniform noise has no rejection loop: noise_pct 0 is fine there.
    expect(() => resolveSpec(withLr('PlateauLRScheduler', { noise_range_t: 0, noise_type: 'uniform', noise_pct: 0 }))).not.toThrow();
    expect(() => resolveSpec(withLr('CosineLRScheduler', { t_initial: 10, noise_pct: 0 }))).not.toThrow(); // no noise
    expect(paramErrorOf(withLr('PlateauLRScheduler', { noise_type: 'gauss' })).param).toBe('noise_type');
  });
});

describe('timm equivalences (catalog H)', () => {
  it('H4: MultiStepLRScheduler(decay_t = [m + 1 ...]) equals torch MultiStepLR(milestones = [m ...])', () => {
    const a = evaluate(timm('MultiStepLRScheduler', { lr: 0.1, decay_t: [31, 61, 91], decay_rate: 0.1 }), 120);
    const b = evaluate({ scheduler: 'torch.MultiStepLR', params: { lr: 0.1, milestones: [30, 60, 90], gamma: 0.1 } }, 120);
    for (let t = 0; t < 120; t++) expectClose(a[t], b[t], 1e-12, `t=${t}`);
  });

  it('H10: CosineLRScheduler(t_initial = T, lr_min = η) equals torch CosineAnnealingLR(T, η) for t < T', () => {
    for (const [T, eta] of [[10, 0], [100, 0.001], [997, 1e-5]] as const) {
      const a = evaluate(timm('CosineLRScheduler', { lr: 0.1, t_initial: T, lr_min: eta }), T);
      const b = evaluate({ scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: T, eta_min: eta } }, T);
      for (let t = 0; t < T; t++) expect(Math.abs(a[t] - b[t]) <= 1e-12 * 0.1, `T=${T} t=${t}: ${a[t]} vs ${b[t]}`).toBe(true);
    }
  });

  it('H18: PlateauLRScheduler without warmup or noise equals torch ReduceLROnPlateau value for value', () => {
    // train.py calls step(epoch + 1, metric): metric i is the (i + 1)-th ReduceLROnPlateau step, and
    // value 0 is the lr after construction in both, so result[i] is identical for every i (no shift).
    const metrics = Array.from({ length: 60 }, (_, i) => Math.round(100 * (1 - 1 / (2 + Math.min(i, 25))) + (i % 5)) / 100);
    for (const mode of ['min', 'max']) {
      const a = evaluate(
        timm('PlateauLRScheduler', { lr: 0.1, decay_rate: 0.5, patience_t: 2, cooldown_t: 1, threshold: 1e-3, lr_min: 1e-3, mode }),
        60,
        { metrics },
      );
      const b = evaluate(
        {
          scheduler: 'torch.ReduceLROnPlateau',
          params: { lr: 0.1, factor: 0.5, patience: 2, cooldown: 1, threshold: 1e-3, min_lr: 1e-3, mode, threshold_mode: 'rel', eps: 1e-8 },
        },
        60,
        { metrics },
      );
      expect([...a], mode).toEqual([...b]);
      expect(a[59], mode).toBeLessThan(0.1);
    }
  });
});
