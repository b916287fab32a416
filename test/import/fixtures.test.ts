/**
 * Real-world snippets and configs (test/import/fixtures/, written for these tests in the shapes
 * users post): each imports to the scheduler, the units and the stepping its framework would use,
 * including the traps users ask about (HF's warmup_ratio rounding up, a warmup_steps below 1 as a
 * ratio, timm's cooldown and warmup-prefix epochs and batch-size lr scaling, PaddleOCR's warmup that
 * leaves the cosine unfinished, SequentialLR's milestones, OneCycleLR's total from len(loader)).
 *
 * Where the framework is installed here (PyTorch, transformers, timm, Keras, Optax), the fixture's curve was
 * recorded from the real framework running the fixture's own code or config (tools/gen_import_fixtures.py writes
 * fixtures/<name>.curve.json), and the imported schedule must give it: 1e-9 relative for float64 frameworks, 4
 * float32 ulps for Keras and Optax; timm's train.py flags and args YAML through train.py's own argument parser and
 * timm's scheduler_kwargs / create_scheduler_v2; Lightning's through its Trainer. Paddle, PaddleOCR and mmengine
 * are not installable here: those fixtures stay hand-checked (mmengine's against a transcription of its runner
 * loop in mmengine.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ImportError, importSchedules, type RunContext } from '../../src/import';
import { evaluate } from '../../src/schedules';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const one = (name: string, ctx?: RunContext) => {
  const r = importSchedules(fixture(name), ctx);
  expect(r.schedules).toHaveLength(1);
  return { ...r.schedules[0], context: r.context, notes: r.notes };
};

describe('Hugging Face TrainingArguments', () => {
  test('YAML (LLaMA-Factory): warmup_ratio of the total, rounded up; updates per epoch with accumulation', () => {
    const s = one('hf-llama-factory.yaml', { datasetSize: 10_000 });
    // 10000 / 2 = 5000 batches, ceil(5000 / 8) = 625 updates per epoch, 3 epochs; ceil(0.1 * 1875) = 188, not 187.
    expect(s.spec).toEqual({ scheduler: 'hf.cosine', params: { lr: 1e-4, num_warmup_steps: 188, num_training_steps: 1875 } });
    expect(s.stepping).toBe('iteration');
    expect(s.context).toMatchObject({ stepsPerEpoch: 625, totalSteps: 1875, epochs: 3 });
    expect(s.notes.join(' ')).toMatch(/rounded up: 188/);
  });

  test('JSON: max_steps wins, warmup_steps below 1 is a ratio, lr_scheduler_kwargs as a JSON string', () => {
    const s = one('hf-trainer-args.json');
    expect(s.spec).toEqual({ scheduler: 'hf.cosine_with_min_lr', params: { lr: 2e-5, num_warmup_steps: 50, num_training_steps: 1000, min_lr_rate: 0.1 } });
    const lrs = evaluate(s.spec, 1000);
    expect(lrs[50]).toBeCloseTo(2e-5, 15);
    expect(lrs[999]).toBeGreaterThanOrEqual(2e-6);
  });

  test('command line under torchrun: the devices divide the batches', () => {
    const s = one('hf-run-glue.sh', { datasetSize: 3668 });
    // ceil(3668 / (32 * 4)) = 29 updates per epoch, 3 epochs.
    expect(s.context).toMatchObject({ devices: 4, stepsPerEpoch: 29, totalSteps: 87 });
    expect(s.spec).toEqual({ scheduler: 'hf.linear', params: { lr: 2e-5, num_warmup_steps: 100, num_training_steps: 87 } });
  });

  test('without a dataset size the run length is asked for, not guessed', () => {
    const r = importSchedules(fixture('hf-llama-factory.yaml'));
    expect(r.schedules).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/steps per epoch/);
  });
});

describe('timm train.py', () => {
  test('flags: lr from --lr-base scaled by the global batch (sqrt for lamb), cooldown and warmup-prefix epochs added', () => {
    const s = one('timm-resnet50.sh', { datasetSize: 1_281_167 });
    expect(s.spec.scheduler).toBe('timm.CosineLRScheduler');
    // 8 GPUs x 128 = 1024; (1024 / 256) ** 0.5 * 0.4 = 0.8
    expect(s.spec.params).toMatchObject({ lr: 0.8, t_initial: 200, warmup_t: 3, warmup_prefix: true, warmup_lr_init: 1e-6, cycle_decay: 0.5, t_in_epochs: true });
    expect(s.stepping).toBe('epoch');
    expect(s.context.epochs).toBe(213);
    // The train loader drops its last batch: floor(1281167 / 1024) = 1251 updates per epoch.
    expect(s.context.stepsPerEpoch).toBe(1251);
    const lrs = evaluate(s.spec, 213);
    expect(lrs[0]).toBeCloseTo(1e-6, 15);
    expect(lrs[3]).toBeCloseTo(0.8, 12); // the cosine starts after the prefix
  });

  test('args YAML with --sched-on-updates: every epoch count becomes updates', () => {
    const s = one('timm-args.yaml', { stepsPerEpoch: 2502 });
    expect(s.stepping).toBe('iteration');
    expect(s.spec.params).toMatchObject({ lr: 0.016, decay_t: 2.4 * 2502, warmup_t: 3 * 2502, t_in_epochs: false, decay_rate: 0.97 });
  });

  test('create_scheduler_v2 in code: the optimizer lr, timm factory defaults, the epochs it returns', () => {
    const r = importSchedules(fixture('timm-factory.py'));
    expect(r.schedules[0].spec.params).toMatchObject({ lr: 1e-3, t_initial: 100, warmup_t: 5, warmup_lr_init: 1e-6, lr_min: 1e-5, cycle_decay: 0.1 });
    expect(r.context.epochs).toBe(110);
  });
});

describe('PaddleOCR YAML', () => {
  test('Cosine with warmup_epoch: step_each_epoch injected, the cosine not shortened by the warmup', () => {
    const s = one('paddleocr-det.yml', { stepsPerEpoch: 50 });
    expect(s.spec).toEqual({ scheduler: 'paddleocr.Cosine', params: { learning_rate: 0.001, step_each_epoch: 50, epochs: 500, warmup_epoch: 2 } });
    const lrs = evaluate(s.spec, s.context.totalSteps!);
    expect(lrs[100]).toBeCloseTo(0.001, 12);
    expect(lrs[lrs.length - 1]).toBeGreaterThan(0); // it never reaches 0 by the end of training
    expect(s.notes.join(' ')).toMatch(/does not finish/);
  });

  test('Piecewise: epochs to iterations, LinearWarmup up to values[0]', () => {
    const s = one('paddleocr-rec-piecewise.yml', { stepsPerEpoch: 10 });
    expect(s.spec).toEqual({
      scheduler: 'paddle.LinearWarmup',
      params: { learning_rate: { scheduler: 'paddle.PiecewiseDecay', params: { boundaries: [400, 600], values: [0.001, 0.0001, 0.00001] } }, warmup_steps: 10, start_lr: 0, end_lr: 0.001 },
    });
  });
});

describe('PaddleOCR YAML: the classes of ppocr/optimizer/lr_scheduler.py', () => {
  test('CyclicalCosine: cycle epochs to iterations, the cycles start after the warmup', () => {
    const s = one('paddleocr-rec-cyclical.yml', { stepsPerEpoch: 100 });
    expect(s.spec).toEqual({ scheduler: 'paddleocr.CyclicalCosine', params: { learning_rate: 0.0001, step_each_epoch: 100, epochs: 72, cycle: 12, warmup_epoch: 1 } });
    expect(s.context).toMatchObject({ totalSteps: 7200 });
    const lrs = evaluate(s.spec, s.context.totalSteps!);
    expect(lrs[50]).toBe(0.00005); // warmup: 1e-4 * 50 / 100
    expect(lrs[100]).toBe(0.0001); // the first cycle starts at the warmup's end
    expect(lrs[1300]).toBe(0.0001); // and restarts every 12 * 100 iterations
    expect(lrs[1299]).toBeLessThan(1e-9);
  });

  test('OneCycle: steps per epoch from the dataset and Train.loader.batch_size_per_card, three linear phases after the warmup', () => {
    const s = one('paddleocr-rec-onecycle.yml', { datasetSize: 12_900 });
    // floor(12900 / 128) = 100 iterations per epoch (drop_last); round(1.5 * 100) = 150 warmup iterations.
    expect(s.spec).toEqual({
      scheduler: 'paddleocr.OneCycle',
      params: { max_lr: 0.0005, epochs: 20, step_each_epoch: 100, anneal_strategy: 'linear', three_phase: true, warmup_epoch: 1.5 },
    });
    const lrs = evaluate(s.spec, s.context.totalSteps!);
    expect(lrs[149]).toBe((0.0005 * 149) / 150);
    expect(lrs[150]).toBe(0.0005 / 25); // the cycle's own start, after the warmup's max_lr
    expect(lrs[150 + 599]).toBe(0.0005); // its peak at 0.3 * 2000 - 1
    expect(s.notes.join(' ')).toMatch(/150 warmup iterations/);
  });

  test("TwoStepCosine: the fixed 200-epoch first period, said in a note (100 epochs end near half the rate)", () => {
    const s = one('paddleocr-rec-twostep.yml', { stepsPerEpoch: 10 });
    expect(s.spec).toEqual({ scheduler: 'paddleocr.TwoStepCosine', params: { learning_rate: 0.001, step_each_epoch: 10, epochs: 100, warmup_epoch: 0 } });
    const lrs = evaluate(s.spec, s.context.totalSteps!);
    expect(lrs[999]).toBeCloseTo((0.001 * (1 + Math.cos((Math.PI * 999) / 2000))) / 2, 15);
    expect(s.notes.join(' ')).toMatch(/200 epochs .* with 100 epochs training ends inside it/);
  });
});

describe('Keras', () => {
  test('serialized schedule JSON', () => {
    const s = one('keras-cosine.json');
    expect(s.spec).toEqual({ scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 1000, alpha: 0, name: 'CosineDecay', warmup_target: 0.5, warmup_steps: 100 } });
  });
  test('tf.keras code with positional arguments, passed to the optimizer', () => {
    const s = one('keras-code.py');
    expect(s.spec).toEqual({ scheduler: 'keras.ExponentialDecay', params: { initial_learning_rate: 1e-2, decay_steps: 10000, decay_rate: 0.9, staircase: true } });
    expect(s.stepping).toBe('iteration');
  });
});

describe('Python code', () => {
  test('PyTorch SequentialLR stepped in the epoch loop, with constants from the script', () => {
    const s = one('torch-sequential.py');
    expect(s.stepping).toBe('epoch');
    expect(s.spec).toEqual({
      scheduler: 'torch.SequentialLR',
      params: {
        lr: 0.1,
        schedulers: [
          { scheduler: 'torch.LinearLR', params: { start_factor: 0.01, end_factor: 1, total_iters: 5 } },
          { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 95, eta_min: 1e-5 } },
        ],
        milestones: [5],
      },
    });
    expect(s.context.epochs).toBe(100);
  });

  test('OneCycleLR with steps_per_epoch=len(train_loader) from the run context, stepped per batch', () => {
    const s = one('torch-onecycle.py', { stepsPerEpoch: 391 });
    expect(s.spec).toEqual({ scheduler: 'torch.OneCycleLR', params: { max_lr: 0.01, epochs: 10, steps_per_epoch: 391 } });
    expect(s.stepping).toBe('iteration');
    expect(s.notes.join(' ')).toMatch(/len\(train_loader\) read as the run context's steps per epoch, 391/);
    // 3910 updates, the last one allowed (the 3911th step would raise "Tried to step").
    expect(evaluate(s.spec, 3910)).toHaveLength(3910);
  });

  test('a def lr_lambda with if/return and outer constants becomes one lambda the engine parses', () => {
    const s = one('lambda-def.py');
    const lrs = evaluate(s.spec, 10_000);
    expect(lrs[250]).toBeCloseTo(1e-3 * 0.5, 15);
    expect(lrs[500]).toBeCloseTo(1e-3, 15);
    expect(lrs[5250]).toBeCloseTo(1e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), 15);
    expect(s.stepping).toBe('iteration');
  });

  test('transformers get_scheduler with scheduler_specific_kwargs and len(dataloader)', () => {
    const s = one('hf-get-scheduler.py', { stepsPerEpoch: 200 });
    expect(s.spec).toEqual({ scheduler: 'hf.cosine_with_restarts', params: { lr: 5e-5, num_warmup_steps: 100, num_training_steps: 600, num_cycles: 3 } });
    expect(s.stepping).toBe('iteration');
  });

  test('Lightning configure_optimizers: interval "step", the trainer total from the run context', () => {
    const s = one('lightning.py', { totalSteps: 5000 });
    expect(s.spec).toEqual({ scheduler: 'hf.cosine', params: { lr: 5e-4, num_warmup_steps: 300, num_training_steps: 5000 } });
    expect(s.stepping).toBe('iteration');
    const without = importSchedules(fixture('lightning.py'));
    expect(without.schedules).toEqual([]);
    expect(without.notes.join(' ')).toMatch(/set total steps in the run context/);
  });

  test('optax join_schedules passed to an optimizer', () => {
    const s = one('optax-join.py');
    expect(s.spec.scheduler).toBe('optax.join_schedules');
    expect(s.spec.params.boundaries).toEqual([1000]);
    expect(s.stepping).toBe('iteration');
  });

  test('Paddle scheduler stepped per epoch', () => {
    const s = one('paddle-code.py');
    expect(s.spec).toEqual({ scheduler: 'paddle.PiecewiseDecay', params: { boundaries: [3, 6, 9], values: [0.1, 0.2, 0.3, 0.4] } });
    expect(s.stepping).toBe('epoch');
    expect(s.context).toMatchObject({ epochs: 20, stepsPerEpoch: 5 });
  });

  test('positional arguments line up with the signature (OneCycleLR has momentum arguments in between)', () => {
    const r = importSchedules('import torch\nopt = torch.optim.SGD(m.parameters(), lr=0.1)\ns = torch.optim.lr_scheduler.OneCycleLR(opt, 0.5, 100, None, None, 0.25, "linear", True, 0.85, 0.95, 10.0)\n');
    // The momentum arguments are real arguments now (they schedule momentum, not the lr): kept as written.
    expect(r.schedules[0].spec.params).toEqual({
      max_lr: 0.5, total_steps: 100, epochs: null, steps_per_epoch: null, pct_start: 0.25, anneal_strategy: 'linear',
      cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95, div_factor: 10,
    });
  });
});

describe('bad input: an ImportError with line, column and what was expected', () => {
  const err = (text: string): ImportError => {
    try {
      importSchedules(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      return e as ImportError;
    }
    throw new Error('no error');
  };

  test('a Python syntax error', () => {
    const e = err('import torch\nscheduler = StepLR(optimizer, step_size=30,, gamma=0.1)\n');
    expect([e.line, e.column]).toEqual([2, 44]);
    expect(e.message).toMatch(/^line 2, column 44: expected an expression but found ","/);
  });

  test('an unclosed bracket names where it opened', () => {
    const e = err('x = StepLR(opt,\n   step_size=3\n');
    expect([e.line, e.column]).toEqual([1, 11]);
    expect(e.message).toMatch(/never closed/);
  });

  test('a lambda the engine cannot parse names the function', () => {
    const e = err('import torch\nopt = torch.optim.SGD(p, lr=0.1)\ns = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: e.real)\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/lr_lambda/);
  });

  test('an unknown Hugging Face scheduler type lists the supported ones', () => {
    const e = err('learning_rate: 1.0e-4\nnum_train_epochs: 1\nlr_scheduler_type: cosine_warmup_lr\n');
    expect([e.line, e.column]).toEqual([3, 1]);
    expect(e.message).toMatch(/supported: constant, .*linear/);
  });

  test('invalid YAML', () => {
    const e = err('Optimizer:\n  lr:\n    name: Cosine\n   learning_rate: [0.1\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
  });

  test('code with no scheduler, and empty input', () => {
    expect(err('import torch\nx = 1\n').message).toMatch(/no scheduler found/);
    expect(err('   \n').message).toMatch(/nothing to import/);
  });

  test('deeply nested brackets stop at Python\'s limit, not the stack', () => {
    const e = err(`x = ${'('.repeat(250)}1${')'.repeat(250)}\n`);
    expect(e.message).toMatch(/too many nested parentheses/);
  });
});

interface RecordedCurve {
  fixture: string;
  context: RunContext;
  stepping: 'iteration' | 'epoch';
  framework: string;
  precision: 'float64' | 'float32';
  steps: number;
  stride: number;
  lrs: number[];
}

/** Spacing of float32 numbers at |x| (normal range). */
function ulp32(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
}

describe('curves recorded from the real frameworks', () => {
  const curves = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.endsWith('.curve.json'));
  test('every fixture of an installed framework has one', () => {
    expect(curves.map((f) => f.replace(/\.curve\.json$/, '')).sort()).toEqual([
      'hf-get-scheduler.py', 'hf-llama-factory.yaml', 'hf-run-glue.sh', 'hf-trainer-args.json', 'keras-code.py', 'keras-cosine.json',
      'lambda-def.py', 'lightning.py', 'optax-join.py', 'timm-args.yaml', 'timm-factory.py', 'timm-resnet50.sh', 'torch-onecycle.py', 'torch-sequential.py',
    ]);
  });
  for (const file of curves) {
    test(`${file.replace(/\.curve\.json$/, '')}: the imported schedule gives the recorded curve`, () => {
      const c = JSON.parse(fixture(file)) as RecordedCurve;
      const s = one(c.fixture, c.context);
      expect(s.stepping).toBe(c.stepping);
      expect(c.lrs).toHaveLength(Math.ceil(c.steps / c.stride));
      const got = evaluate(s.spec, c.steps);
      for (let j = 0; j < c.lrs.length; j++) {
        const want = c.lrs[j];
        const v = got[j * c.stride];
        const ok = c.precision === 'float64' ? Math.abs(v - want) <= 1e-9 * Math.abs(want) : want === 0 ? v === 0 : Math.abs(v - want) <= 4 * ulp32(want);
        if (!ok) expect.fail(`${c.fixture} (${c.framework}) at step ${j * c.stride}: studio ${v}, recorded ${want}`);
      }
    });
  }
});
