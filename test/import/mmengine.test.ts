/**
 * OpenMMLab `param_scheduler` configs (src/import/configs/mmengine.ts). mmengine is not installable
 * here (it is not among the image's wheels and there is no network), so the expected curves are
 * hand-checked: a few values derived by hand from mmengine's source, and whole curves against
 * `mmengineRun` below, a transcription of what the runner does (mmengine/runner/runner.py builds the
 * list with the default end and convert_to_iter_based; each _ParamScheduler.step() counts its own
 * global step and changes the lr only in [begin, end); ParamSchedulerHook steps the by_epoch=False
 * ones after every iteration, the by_epoch=True ones after every epoch's last iteration) with each
 * class's chainable _get_value from mmengine/optim/scheduler/param_scheduler.py (and mmdet's
 * QuadraticWarmupLR). The studio computes PyTorch's own recursions, mmengine the same ones, except
 * at a SequentialLR switch (PyTorch restarts from the base lr, mmengine continues from the lr left:
 * the base lr up to rounding) and where a closed form stands for a recursion: 1e-12 relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ImportError, importSchedules, type RunContext } from '../../src/import';
import { evaluate } from '../../src/schedules';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

interface SimScheduler {
  type: 'LinearLR' | 'MultiStepLR' | 'CosineAnnealingLR' | 'PolyLR' | 'QuadraticWarmupLR' | 'ConstantLR' | 'StepLR' | 'ExponentialLR';
  byEpoch: boolean;
  begin: number;
  end: number;
  p?: Record<string, number | number[]>;
}

/** The lr of every iteration of an mmengine run (units already converted, as the runner builds them). */
function mmengineRun(list: SimScheduler[], base: number, stepsPerEpoch: number, iterations: number): Float64Array {
  let lr = base;
  const state = list.map(() => ({ g: -1, last: -1 }));
  const value = (s: SimScheduler, last: number): number => {
    const p = s.p ?? {};
    const num = (k: string, d: number) => (p[k] as number | undefined) ?? d;
    switch (s.type) {
      case 'LinearLR': {
        const t = s.end - s.begin - 1;
        const a = num('start_factor', 1 / 3);
        const b = num('end_factor', 1);
        return last === 0 ? lr * a : lr * (1 + (b - a) / (t * a + (last - 1) * (b - a)));
      }
      case 'MultiStepLR': {
        const count = (p.milestones as number[]).filter((m) => m === last).length;
        return count === 0 ? lr : lr * num('gamma', 0.1) ** count;
      }
      case 'CosineAnnealingLR': {
        const t = num('T_max', 0) || s.end - s.begin;
        const eta = num('eta_min', 0);
        if (last === 0) return lr;
        if ((((last - 1 - t) % (2 * t)) + 2 * t) % (2 * t) === 0) return lr + ((base - eta) * (1 - Math.cos(Math.PI / t))) / 2;
        return ((1 + Math.cos((Math.PI * last) / t)) / (1 + Math.cos((Math.PI * (last - 1)) / t))) * (lr - eta) + eta;
      }
      case 'PolyLR': {
        const t = s.end - s.begin - 1;
        const eta = num('eta_min', 0);
        return last === 0 ? lr : (lr - eta) * (1 - 1 / (t - last + 1)) ** num('power', 1) + eta;
      }
      case 'QuadraticWarmupLR': {
        const t = s.end - s.begin;
        return last === 0 ? (base * 1) / t ** 2 : lr + (base * (2 * last + 1)) / t ** 2;
      }
      case 'ConstantLR': {
        const t = s.end - s.begin - 1;
        const f = num('factor', 1 / 3);
        if (last === 0) return lr * f;
        return last === t ? lr * (1 / f) : lr;
      }
      case 'StepLR':
        return last === 0 || last % num('step_size', 1) !== 0 ? lr : lr * num('gamma', 0.1);
      case 'ExponentialLR':
        return last === 0 ? lr : lr * num('gamma', 1);
    }
  };
  const step = (i: number) => {
    const s = list[i];
    const st = state[i];
    st.g += 1;
    if (s.begin <= st.g && st.g < s.end) {
      st.last += 1;
      lr = value(s, st.last);
    }
  };
  list.forEach((_, i) => step(i));
  const out = new Float64Array(iterations);
  for (let it = 0; it < iterations; it++) {
    out[it] = lr;
    list.forEach((s, i) => !s.byEpoch && step(i));
    if ((it + 1) % stepsPerEpoch === 0) list.forEach((s, i) => s.byEpoch && step(i));
  }
  return out;
}

function expectClose(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-12 * Math.abs(want[i]))) expect.fail(`at ${i}: got ${got[i]}, mmengine ${want[i]}`);
  }
}

const one = (text: string, ctx?: RunContext) => {
  const r = importSchedules(text, ctx);
  expect(r.schedules).toHaveLength(1);
  const s = r.schedules[0];
  return { ...s, context: r.context, notes: r.notes, lrs: evaluate(s.spec, s.stepping === 'epoch' ? r.context.epochs! : r.context.totalSteps!) };
};

describe('mmengine param_scheduler configs', () => {
  test('mmdet RetinaNet 1x: LinearLR warmup over 500 iterations chained with MultiStepLR by epoch at [8, 11]', () => {
    const s = one(fixture('mmdet-retinanet-1x.py'), { stepsPerEpoch: 1000 });
    expect(s.stepping).toBe('iteration');
    expect(s.spec).toEqual({
      scheduler: 'torch.ChainedScheduler',
      params: {
        lr: 0.01,
        schedulers: [
          // total_iters = end - begin - 1: the warmup reaches lr at iteration 499
          { scheduler: 'torch.LinearLR', params: { start_factor: 0.001, end_factor: 1, total_iters: 499 } },
          // the epoch steps land on iterations 8 * 1000 and 11 * 1000
          { scheduler: 'torch.MultiStepLR', params: { milestones: [8000, 11000], gamma: 0.1 } },
        ],
      },
    });
    expect(s.context).toMatchObject({ epochs: 12, stepsPerEpoch: 1000, totalSteps: 12000 });
    const v = s.lrs;
    expect(v[0]).toBe(0.01 * 0.001);
    expect(v[499]).toBeCloseTo(0.01, 15);
    expect(v[7999]).toBeCloseTo(0.01, 15);
    expect(v[8000]).toBeCloseTo(0.001, 15);
    expect(v[11000]).toBeCloseTo(0.0001, 15);
    expectClose(v, mmengineRun([
      { type: 'LinearLR', byEpoch: false, begin: 0, end: 500, p: { start_factor: 0.001 } },
      { type: 'MultiStepLR', byEpoch: true, begin: 0, end: 12, p: { milestones: [8, 11] } },
    ], 0.01, 1000, 12000));
  });

  test('mmseg PolyLR with eta_min over 160k iterations: the closed form mmengine\'s steps multiply out to', () => {
    const s = one(fixture('mmseg-poly-160k.py'));
    expect(s.spec).toEqual({ scheduler: 'paddle.PolynomialDecay', params: { learning_rate: 0.01, decay_steps: 159999, end_lr: 1e-4, power: 0.9, cycle: false } });
    expect(s.context.totalSteps).toBe(160000);
    expect(s.lrs[0]).toBe(0.01);
    expect(s.lrs[159999]).toBe(1e-4); // (lr - eta_min) * (1 - 1/1) ** 0.9 + eta_min at the last step
    expectClose(s.lrs, mmengineRun([{ type: 'PolyLR', byEpoch: false, begin: 0, end: 160000, p: { eta_min: 1e-4, power: 0.9 } }], 0.01, 1, 160000));
  });

  test('mmpretrain Swin: LinearLR converted to iterations, then the cosine stepped every epoch (a staircase)', () => {
    const s = one(fixture('mmpretrain-swin-cosine.py'), { stepsPerEpoch: 100 });
    expect(s.spec.scheduler).toBe('torch.SequentialLR');
    expect(s.spec.params.milestones).toEqual([2000]);
    const v = s.lrs;
    expect(v[0]).toBe(0.001 * 0.001); // lr = 5e-4 * 1024 / 512
    expect(v[1999]).toBeCloseTo(0.001, 15);
    expect(v[2000]).toBeCloseTo(0.001, 15);
    expect(v[2099]).toBe(v[2000]); // by epoch: one value for the whole epoch 20
    expect(v[2100]).toBeCloseTo(1e-5 + ((0.001 - 1e-5) * (1 + Math.cos(Math.PI / 280))) / 2, 15);
    expectClose(v, mmengineRun([
      { type: 'LinearLR', byEpoch: false, begin: 0, end: 2000, p: { start_factor: 1e-3 } },
      { type: 'CosineAnnealingLR', byEpoch: true, begin: 20, end: 300, p: { eta_min: 1e-5 } },
    ], 0.001, 100, 30000));
  });

  test('YOLOX as a Config.dump() YAML: QuadraticWarmupLR, a cosine that ends above eta_min, ConstantLR(1) holding it', () => {
    // len(train_dataloader) = ceil(800 / 8) = 100
    const s = one(fixture('mmyolo-yolox-dump.yaml'), { datasetSize: 800 });
    expect(s.context).toMatchObject({ stepsPerEpoch: 100, totalSteps: 30000, epochs: 300 });
    expect(s.spec.params.milestones).toEqual([500, 28500]);
    const v = s.lrs;
    expect(v[0]).toBe(0.01 / 500 ** 2);
    expect(v[499]).toBeCloseTo(0.01, 15);
    expect(v[29999]).toBe(v[28500]); // held for the last 15 epochs
    expect(v[28499]).toBeGreaterThan(0.0005); // T_max 285 epochs from begin 5: the cosine stops short of eta_min
    expectClose(v, mmengineRun([
      { type: 'QuadraticWarmupLR', byEpoch: false, begin: 0, end: 500 },
      { type: 'CosineAnnealingLR', byEpoch: false, begin: 500, end: 28500, p: { T_max: 28500, eta_min: 0.0005 } },
      { type: 'ConstantLR', byEpoch: true, begin: 285, end: 300, p: { factor: 1 } },
    ], 0.01, 100, 30000));
  });

  test('all by epoch: stepped every epoch; a scheduler that ends early is held there', () => {
    const text = `optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9))
param_scheduler = dict(type='CosineAnnealingLR', T_max=50, by_epoch=True, begin=0, end=50)
train_cfg = dict(by_epoch=True, max_epochs=80)
`;
    const s = one(text);
    expect(s.stepping).toBe('epoch');
    expect(s.spec).toEqual({
      scheduler: 'torch.SequentialLR',
      params: { lr: 0.1, schedulers: [{ scheduler: 'torch.CosineAnnealingLR', params: { T_max: 50, eta_min: 0 } }, { scheduler: 'torch.MultiplicativeLR', params: { lr_lambda: 'lambda epoch: 1.0' } }], milestones: [50] },
    });
    const v = evaluate(s.spec, 80);
    expect(v[79]).toBe(v[49]);
    expectClose(v, mmengineRun([{ type: 'CosineAnnealingLR', byEpoch: true, begin: 0, end: 50, p: { T_max: 50 } }], 0.1, 1, 80));
  });

  test('JSON, with a scheduler that begins late (held at the base lr before it) and a momentum scheduler left out', () => {
    const json = JSON.stringify({
      optim_wrapper: { optimizer: { type: 'AdamW', lr: 0.0002 } },
      param_scheduler: [
        { type: 'ExponentialLR', gamma: 0.99, by_epoch: false, begin: 100, end: 1000 },
        { type: 'CosineAnnealingMomentum', T_max: 1000, by_epoch: false },
      ],
      train_cfg: { type: 'IterBasedTrainLoop', max_iters: 1000 },
    });
    const r = importSchedules(json);
    expect(r.notes.join(' ')).toMatch(/CosineAnnealingMomentum .* not the lr: left out/);
    const s = r.schedules[0];
    expect(s.spec.params.milestones).toEqual([100]);
    const v = evaluate(s.spec, 1000);
    expect(v[99]).toBe(0.0002);
    expectClose(v, mmengineRun([{ type: 'ExponentialLR', byEpoch: false, begin: 100, end: 1000, p: { gamma: 0.99 } }], 0.0002, 1, 1000));
  });

  test('StepLR and ConstantLR by epoch in an iteration run are staircases of whole epochs', () => {
    const text = `optimizer = dict(type='SGD', lr=0.05)
param_scheduler = [
    dict(type='ConstantLR', factor=0.5, by_epoch=True, begin=0, end=3),
    dict(type='StepLR', step_size=4, gamma=0.5, by_epoch=True),
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=20),
]
train_cfg = dict(by_epoch=True, max_epochs=10)
`;
    const s = one(text, { stepsPerEpoch: 30 });
    expectClose(s.lrs, mmengineRun([
      { type: 'ConstantLR', byEpoch: true, begin: 0, end: 3, p: { factor: 0.5 } },
      { type: 'StepLR', byEpoch: true, begin: 0, end: 10, p: { step_size: 4, gamma: 0.5 } },
      { type: 'LinearLR', byEpoch: false, begin: 0, end: 20, p: { start_factor: 0.1 } },
    ], 0.05, 30, 300));
  });

  test('an iteration scheduler without end in an epoch loop ends at max_epochs x len(train_dataloader)', () => {
    const s = one(`optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01))
param_scheduler = [dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=50), dict(type='PolyLR', power=1.0, by_epoch=False, begin=50)]
train_cfg = dict(by_epoch=True, max_epochs=4)
`, { stepsPerEpoch: 100 });
    expect(s.spec.params.schedulers).toContainEqual({ scheduler: 'torch.PolynomialLR', params: { total_iters: 349, power: 1 } });
    expect(s.lrs[399]).toBe(0);
    expectClose(s.lrs, mmengineRun([
      { type: 'LinearLR', byEpoch: false, begin: 0, end: 50, p: { start_factor: 0.1 } },
      { type: 'PolyLR', byEpoch: false, begin: 50, end: 400, p: { power: 1 } },
    ], 0.01, 100, 400));
  });

  test('what no registry composition computes exactly is refused with the reason, at its line', () => {
    const err = (text: string, ctx?: RunContext) => {
      try {
        importSchedules(text, ctx);
      } catch (e) {
        expect(e).toBeInstanceOf(ImportError);
        return e as ImportError;
      }
      return expect.fail('no error');
    };
    const overlap = err(`param_scheduler = [dict(type='LinearLR', by_epoch=False, begin=0, end=1000),
  dict(type='CosineAnnealingLR', by_epoch=False, begin=500, end=5000)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=5000)
`);
    expect(overlap.line).toBe(2);
    expect(overlap.message).toMatch(/overlapping windows/);
    const restart = err(`param_scheduler = dict(type='CosineRestartLR', periods=[100, 200], restart_weights=[1, 0.5], eta_min=0, by_epoch=False)`);
    expect(restart.message).toMatch(/CosineRestartLR .* no exact registry equivalent/);
    const fromLeft = err(`param_scheduler = [dict(type='LinearLR', start_factor=0.1, end_factor=0.5, by_epoch=False, begin=0, end=100),
  dict(type='CosineAnnealingLR', by_epoch=False, begin=100, end=1000)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=1000)`);
    expect(fromLeft.message).toMatch(/starts from the lr LinearLR left/);
    const onecycle = err(`param_scheduler = [dict(type='LinearLR', by_epoch=False, end=100), dict(type='OneCycleLR', eta_max=0.1, by_epoch=True)]
train_cfg = dict(by_epoch=True, max_epochs=10)`, { stepsPerEpoch: 10 });
    expect(onecycle.message).toMatch(/convert_to_iter_based=True/);
    expect(err(`param_scheduler = [dict(type='WarmupLR')]`).message).toMatch(/not one the studio computes/);
    expect(err(`param_scheduler = dict(type='LinearLR', begin=10, end=10)`).message).toMatch(/end should be larger than begin/);
  });

  test('epochs to iterations without the steps per epoch: a note, nothing drawn yet', () => {
    const r = importSchedules(fixture('mmpretrain-swin-cosine.py'));
    expect(r.schedules).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/steps per epoch/);
  });
});
